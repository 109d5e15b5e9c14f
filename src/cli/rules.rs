//! `kaoping rules`: validate a rules file and print the rules in force; and the
//! loading of a rules file for `run` and `check`, with its errors in words.

use std::path::Path;

use super::{exit, fail};
use crate::rules::{Rules, RulesError, words};
use crate::t;
use crate::text::Lang;

/// Runs `rules`: says the file is right (or which line is not), lists in words every
/// rule that differs from the defaults, then prints the rules in force as TOML.
pub fn rules(path: Option<&Path>, lang: Lang) -> u8 {
    let r = match load(path, lang) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let head = match path {
        Some(p) => {
            let p = p.display();
            t!("规则文件正确：{p}", "the rules file is right: {p}")
        }
        None => t!("未指定规则文件：使用默认规则", "no rules file given: the default rules"),
    };
    println!("{}", head.get(lang));
    let changes = r.changes();
    if changes.is_empty() {
        println!("{}", t!("与默认规则相同。", "The same as the defaults.").get(lang));
    } else {
        println!("{}", t!("与默认规则不同的有：", "Differing from the defaults:").get(lang));
        for c in &changes {
            let (k, v, d) = (words::key(&c.key), words::value(&c.key, &c.value), words::value(&c.key, &c.default));
            let line = t!("  {}：{}（默认 {}）", "  {}: {} (default {})", k.get(lang), v.get(lang), d.get(lang));
            println!("{}", line.get(lang));
        }
    }
    println!();
    print!("{}", r.to_toml());
    exit::DONE
}

/// The rules of `path` (the defaults without one); an error is printed (exit 2).
pub(super) fn load(path: Option<&Path>, lang: Lang) -> Result<Rules, u8> {
    let Some(p) = path else { return Ok(Rules::default()) };
    Rules::load(p).map_err(|e| {
        let text = match &e {
            RulesError::Syntax { path, line, message } => {
                let (path, mz, me) = (path.display(), &message.zh, &message.en);
                t!("规则文件 {path} 第 {line} 行有误：{mz}", "the rules file is wrong: {path}, line {line}: {me}")
            }
            RulesError::Io { path, source } => {
                let path = path.display();
                t!("无法读取规则文件 {path}：{source}", "cannot read the rules file {path}: {source}")
            }
            RulesError::Invalid { path, message } => {
                let (path, mz, me) = (path.display(), &message.zh, &message.en);
                t!("规则文件 {path} 的取值有误：{mz}", "the rules file is wrong: {path}: {me}")
            }
        };
        fail(&text, lang)
    })
}
