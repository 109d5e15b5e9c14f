//! `kaoping template`: blank input workbooks, one per department, and a commented rules.toml.

use std::path::Path;

use crate::text::Lang;

/// Writes the blank workbooks and `rules.toml` into `out`; returns the files written.
///
/// # Errors
/// The folder or a file cannot be written.
pub fn write_templates(out: &Path, lang: Lang) -> std::io::Result<Vec<std::path::PathBuf>> {
    let _ = (out, lang);
    todo!("template")
}
