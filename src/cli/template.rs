//! `kaoping template`: blank input workbooks and a commented rules.toml.

use std::path::Path;

use super::{exit, fail, print_written, refuse_existing};
use crate::t;
use crate::text::Lang;

/// Runs `template`; returns the exit code.
pub fn template(out: &Path, lang: Lang, force: bool) -> u8 {
    if let Err(code) = refuse_existing(&crate::template::template_files(out, lang), force, lang) {
        return code;
    }
    if let Err(e) = std::fs::create_dir_all(out) {
        let dir = out.display().to_string();
        return fail(&t!("无法建立文件夹 {dir}：{e}", "cannot create the folder {dir}: {e}"), lang);
    }
    match crate::template::write_templates(out, lang) {
        Ok(files) => {
            print_written(&files);
            exit::DONE
        }
        Err(e) => fail(&t!("无法写入模板：{e}", "cannot write the templates: {e}"), lang),
    }
}
