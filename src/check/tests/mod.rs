//! Tests of the checks, on tables built by hand.

mod builder;
