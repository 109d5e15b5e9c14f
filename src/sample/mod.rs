//! `kaoping sample`: a deterministic synthetic month in the departments' layout.

use std::path::Path;

/// Sizes and seed of the synthetic month.
#[derive(Debug, Clone, Copy)]
pub struct SampleSpec {
    pub pms: usize,
    pub agents: usize,
    pub seed: u64,
}

/// Writes the month's workbooks into `out` (created if missing).
///
/// # Errors
/// The folder or a file cannot be written.
pub fn write_sample(out: &Path, spec: SampleSpec) -> std::io::Result<Vec<std::path::PathBuf>> {
    let _ = (out, spec);
    todo!("sample")
}
