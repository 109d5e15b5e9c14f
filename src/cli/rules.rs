//! `kaoping rules`: validate a rules file and print the rules in force; and the
//! loading of a rules file for `run` and `check`, with its errors in words.

use std::path::Path;

use super::{exit, fail};
use crate::rules::{Rules, RulesError};
use crate::t;
use crate::text::Lang;

/// Runs `rules`; returns the exit code.
pub fn rules(path: Option<&Path>, lang: Lang) -> u8 {
    match load(path, lang) {
        Ok(r) => {
            print!("{}", r.to_toml());
            exit::DONE
        }
        Err(code) => code,
    }
}

/// The rules of `path` (the defaults without one); an error is printed (exit 2).
pub(super) fn load(path: Option<&Path>, lang: Lang) -> Result<Rules, u8> {
    let Some(p) = path else { return Ok(Rules::default()) };
    Rules::load(p).map_err(|e| {
        let text = match &e {
            RulesError::Syntax { path, line, message } => {
                let path = path.display();
                t!(
                    "规则文件 {path} 第 {line} 行有误:{message}",
                    "the rules file is wrong: {path}, line {line}: {message}"
                )
            }
            RulesError::Io { path, source } => {
                let path = path.display();
                t!("无法读取规则文件 {path}:{source}", "cannot read the rules file {path}: {source}")
            }
            RulesError::Invalid { path, message } => {
                let path = path.display();
                t!("规则文件 {path} 的取值有误:{message}", "the rules file is wrong: {path}: {message}")
            }
        };
        fail(&text, lang)
    })
}
