//! `kaoping sample`: a synthetic month for demos, tests and benchmarks.

use std::path::Path;

use super::{exit, fail, print_written, refuse_existing};
use crate::sample::{SampleSpec, sample_files, write_sample};
use crate::t;
use crate::text::Lang;

/// Runs `sample`; returns the exit code. Its messages are Chinese: the command has
/// no `--lang` (it is a developer's tool).
pub fn sample(out: &Path, pms: usize, agents: usize, seed: u64, force: bool) -> u8 {
    let lang = Lang::Zh;
    if let Err(code) = refuse_existing(&sample_files(out), force, lang) {
        return code;
    }
    if pms == 0 || agents < pms {
        return fail(
            &t!("--pms 至少为 1，--agents 不少于 --pms", "--pms must be at least 1 and --agents at least --pms"),
            lang,
        );
    }
    match write_sample(out, SampleSpec { pms, agents, seed }) {
        Ok(files) => {
            print_written(&files);
            exit::DONE
        }
        Err(e) => fail(&t!("无法写入模拟月份：{e}", "cannot write the sample month: {e}"), lang),
    }
}
