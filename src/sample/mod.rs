//! `kaoping sample`: a deterministic synthetic month in the departments' layout.
//!
//! Takes sizes and a seed; gives the four department workbooks of November 2026
//! (`市场部.xlsx`, `增值部.xlsx`, `运营部.xlsx`, `质检.xlsx`, Chinese headers as a
//! WPS user would make them) with values a call centre would recognise:
//! about 40–60 staff per PM over 2–4 projects (one PM outside the norm when the
//! sizes allow: a span-of-control warning), attendance mostly 95–99%, connection
//! rates 30–60%, successes 2–6% of connected at 20–60 元 each, OT 0–30 hours,
//! new hires in the month and a few leavers, QA every day for every project
//! (0.3–4% errors, a couple of days missing, a few unstable days), partner
//! events with exactly one suspension, tasks, 4–7 reviews per PM, two manual
//! deductions, plans set so that completion is mostly 85–110%.
//!
//! Every value passes the checks of SPEC §3 with no error. The files carry the
//! quirks of real ones: title rows above the header, a 合计 row with correct
//! sums under the agents, merged project cells, numbers and dates typed as text.
//!
//! The same seed gives byte-identical files (splitmix64, fixed creation date).
//! A large month (`--pms 4000 --agents 200000`) is written in plain
//! rust_xlsxwriter mode; merged cells stop after [`write::MERGED_ROWS`] rows.

mod data;
mod prng;
#[cfg(test)]
mod tests;
mod write;

use std::path::{Path, PathBuf};

pub use write::{MERGED_ROWS, money_text};

use crate::model::Month;
use crate::template::Dept;
use crate::text::Lang;

/// Sizes and seed of the synthetic month.
#[derive(Debug, Clone, Copy)]
pub struct SampleSpec {
    pub pms: usize,
    pub agents: usize,
    pub seed: u64,
}

impl Default for SampleSpec {
    /// The CLI's defaults: 14 PMs, 600 agents, seed 1.
    fn default() -> Self {
        SampleSpec { pms: 14, agents: 600, seed: 1 }
    }
}

/// The month the sample is set in (2026-11).
pub fn sample_month() -> Month {
    data::sample_month()
}

/// Writes the month's workbooks into `out` (created if missing); returns the files written.
///
/// # Errors
/// The folder or a file cannot be written.
pub fn write_sample(out: &Path, spec: SampleSpec) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out)?;
    let month = data::generate(spec);
    let files = sample_files(out);
    // One workbook at a time, so only one is held in memory.
    for (dept, path) in Dept::ALL.into_iter().zip(&files) {
        let bytes = write::workbook_bytes(&month, dept, spec.seed).map_err(std::io::Error::other)?;
        std::fs::write(path, bytes)?;
    }
    Ok(files)
}

/// The files [`write_sample`] writes, one workbook per department.
pub fn sample_files(out: &Path) -> Vec<PathBuf> {
    Dept::ALL.into_iter().map(|dept| out.join(format!("{}.xlsx", dept.file_stem(Lang::Zh)))).collect()
}
