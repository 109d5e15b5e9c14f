//! kaoping (考评): the monthly evaluation of telemarketing project managers.
//!
//! One pipeline, one direction:
//! discover files → read sheets ([`read`]) → typed tables ([`model`])
//! → checks ([`check`]) → scores ([`score`]) → ranking and tiers ([`rank`])
//! → report workbook ([`report`]) / JSON ([`summary`]) / terminal.

pub mod check;
pub mod cli;
pub mod config;
pub mod diag;
pub mod groups;
pub mod history;
pub mod model;
pub mod outcome;
pub mod pipeline;
pub mod rank;
pub mod read;
pub mod report;
pub mod rules;
pub mod sample;
pub mod schema;
pub mod score;
pub mod screen;
pub mod serve;
pub mod summary;
pub mod template;
pub mod terminal;
pub mod text;
pub mod write;

/// The custom document property that marks a workbook as written by kaoping,
/// so that a report dropped among the inputs is skipped (`own-output`).
pub const REPORT_MARK: &str = "kaoping-report";

/// The tool's version, as shown in reports.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// How many threads reading and scoring share their work out over: the cores this
/// process may use (a CPU mask such as `taskset -c 0 kaoping …` counts; 1 when
/// unknown), at most 4 (each reading thread holds one file's bytes and cells).
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get).min(4)
}
