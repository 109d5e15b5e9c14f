//! The resolved configuration of one command: month, rules, language, paths.
//! Nothing below the CLI sees clap types.
