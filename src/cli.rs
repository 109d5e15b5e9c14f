//! The command line (SPEC §1).

use std::process::ExitCode;

pub fn main() -> ExitCode {
    ExitCode::SUCCESS
}
