//! End-to-end tests of the `kaoping` binary: real workbooks in a temp folder.

mod support;

mod checks;
mod files;
mod hostile;
mod lost;
mod robust;
mod run;
mod sheets;
mod shipped;
mod zips;
