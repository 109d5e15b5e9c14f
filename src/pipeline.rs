//! The pipeline of `check` and `run`: read → check → score → rank.
