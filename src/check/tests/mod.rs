//! Tests of the checks, on tables built by hand (one test per code and rule).

mod builder;
mod keys;
mod month;
mod per_pm;
mod props;
mod ranges;
mod refs;
