//! A small builder of `Tables` for the tests.
