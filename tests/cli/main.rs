//! End-to-end tests of the `kaoping` binary: real workbooks in a temp folder.

mod support;

mod catalogue;
mod cells;
mod checks;
mod files;
mod golden;
mod history;
mod hostile;
mod lost;
mod mark;
mod newcomer;
mod output;
mod robust;
mod run;
mod scorecards;
mod screen;
mod screens;
mod sheets;
mod shipped;
mod split;
mod values;
mod zips;
