//! `kaoping serve`: the month's drop box in a browser (SPEC §8); the work is `crate::serve`.

use std::path::Path;

use crate::text::Lang;

/// Runs the server until SIGTERM or Ctrl-C; returns the exit code.
pub fn serve(data: &Path, listen: &str, lang: Lang) -> u8 {
    crate::serve::serve(&crate::serve::ServeOptions { data: data.to_path_buf(), listen: listen.to_string(), lang })
}
