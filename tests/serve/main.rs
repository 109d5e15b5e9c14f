//! End-to-end tests of `kaoping serve`: the real binary on 127.0.0.1:0, a real data
//! folder, requests over HTTP (reqwest's blocking client).

#[allow(dead_code)]
#[path = "../cli/support.rs"]
mod support;

mod harness;

mod browser;
mod faults;
mod flow;
mod load;
mod rights;
