//! The JSON summary of `run --json` (SPEC §6.3).
