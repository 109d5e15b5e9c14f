//! What `check` and `run` print on the terminal: diagnostics grouped by file, a
//! count per code, and the ranked table.
//!
//! Text that came from the inputs (file and sheet names, cell values quoted in
//! messages, PM names) may hold control characters: ESC, BEL and the rest are
//! written out (`\u001b`) so that a cell cannot colour, move or retitle the terminal.
//! The JSON output keeps them, as JSON escapes.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use crate::diag::{Code, Diagnostic, Severity};
use crate::outcome::Outcome;
use crate::text::{Lang, Text, escape_for_terminal, num};

/// ANSI colours, or none (not a terminal, or NO_COLOR set).
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// Colour when `is_terminal` and NO_COLOR is unset or empty (no-color.org).
    pub fn detect(is_terminal: bool) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style { color: is_terminal && !no_color }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
    }

    fn severity(&self, s: Severity, lang: Lang) -> String {
        let code = match s {
            Severity::Error => "1;31",
            Severity::Warning => "33",
            Severity::Info => "36",
        };
        self.paint(code, &s.label(lang))
    }
}

/// How many groups of one code a terminal shows without `--all`.
pub const GROUPS_PER_CODE: usize = 20;

/// The findings as groups ([`crate::groups`]): errors first, each group on a line with
/// its place, count and ranges, the follow-ons it explains; at most
/// [`GROUPS_PER_CODE`] groups of a code unless `all`; then a count per code and a
/// closing line.
pub fn diagnostics(diags: &[Diagnostic], lang: Lang, style: Style, all: bool) -> String {
    let grouping = crate::groups::group(diags);
    let mut out = String::new();
    let mut shown: BTreeMap<Code, usize> = BTreeMap::new();
    for g in &grouping.groups {
        let d = g.first();
        let n = shown.entry(d.code).or_default();
        *n += 1;
        if !all && *n > GROUPS_PER_CODE {
            continue;
        }
        let place = crate::diag::place(&d.file, &d.sheet, &g.cells(5));
        let place = escape_for_terminal(place.get(lang));
        let count = match g.items.len() {
            1 => String::new(),
            k => crate::t!("（共 {} 处）", " ({} findings)", num::count(k as u64)).get(lang).to_string(),
        };
        let sep = if place.is_empty() { "" } else { crate::text::COLON.get(lang) };
        let _ = writeln!(
            out,
            "{} {}  {place}{count}{sep}{}",
            style.severity(d.severity, lang),
            d.code,
            escape_for_terminal(d.message.get(lang))
        );
        if !g.follow_ons.is_empty() {
            let k = num::count(g.follow_ons.len() as u64);
            let more = crate::t!(
                "    └ 由此引起的另外 {k} 个问题未逐条列出（见 JSON 或检查表）",
                "    └ {k} more findings follow from it, not listed here (see the JSON or the Checks sheet)"
            );
            let _ = writeln!(out, "{}", more.get(lang));
        }
    }
    let per_code = grouping.per_code();
    let hidden: Vec<(Code, usize)> = per_code
        .iter()
        .filter(|(_, (g, _))| !all && *g > GROUPS_PER_CODE)
        .map(|(c, (g, _))| (*c, g - GROUPS_PER_CODE))
        .collect();
    for (code, k) in &hidden {
        let line = crate::t!(
            "… 另有 {k} 组 {code} 未显示（加 --all 显示全部）",
            "… {k} more groups of {code} not shown (pass --all to see every one)"
        );
        let _ = writeln!(out, "{}", line.get(lang));
    }
    if !per_code.is_empty() {
        out.push('\n');
        for (code, (groups, findings)) in &per_code {
            let (g, f) = (num::count(*groups as u64), num::count(*findings as u64));
            let counts = crate::t!("{g} 组 {f} 处", "{g} group(s), {f} finding(s)");
            let _ =
                writeln!(out, "  {:<20} {:>22}  ({})", code.as_str(), counts.get(lang), code.severity().label(lang));
        }
    }
    let (e, w, i) = (
        crate::diag::count(diags, Severity::Error),
        crate::diag::count(diags, Severity::Warning),
        crate::diag::count(diags, Severity::Info),
    );
    let errors = e;
    let [e, w, i] = [e, w, i].map(|n| num::count(n as u64));
    let line = crate::t!("{e} 个错误，{w} 个警告，{i} 条提示", "{e} error(s), {w} warning(s), {i} info").take(lang);
    let _ = writeln!(out, "{}", if errors > 0 { style.paint("1;31", &line) } else { style.paint("32", &line) });
    out
}

/// A spinner on stderr while files are read; hidden when stderr is not a terminal.
pub fn progress_bar() -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    } else {
        indicatif::ProgressBar::hidden()
    }
}

/// Pads `text` to `width` display columns (CJK characters count two).
fn pad(text: &str, width: usize, right: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(text.width()));
    if right { format!("{fill}{text}") } else { format!("{text}{fill}") }
}

/// The ranked table: rank, PM, total, tier, bonus, vetoed.
pub fn ranking(outcome: &Outcome, lang: Lang, style: Style) -> String {
    let header = [
        Text::of("名次", "Rank"),
        Text::of("工号", "PM ID"),
        Text::of("姓名", "Name"),
        Text::of("总分", "Total"),
        Text::of("档次", "Tier"),
        Text::of("奖金", "Bonus"),
        Text::of("否决", "Veto"),
    ]
    .map(|h| h.take(lang));
    let rows: Vec<[String; 7]> = outcome
        .managers
        .iter()
        .map(|r| {
            let flag = if r.score.flagged { Text::of("（草稿）", " (draft)").take(lang) } else { "".into() };
            [
                r.rank.to_string(),
                escape_for_terminal(&r.score.pm_id).into_owned(),
                format!("{}{flag}", escape_for_terminal(&r.score.name)),
                r.score.total.to_string(),
                r.tier.to_string(),
                num::group(&r.bonus.to_string()),
                if r.score.veto.is_some() { Text::of("是", "yes").take(lang).into_owned() } else { String::new() },
            ]
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let right = [true, false, false, true, true, true, false];
    let line = |cells: Vec<String>| -> String {
        cells.iter().enumerate().map(|(k, c)| pad(c, widths[k], right[k])).collect::<Vec<_>>().join("  ")
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", style.paint("1", line(header.iter().map(|s| s.to_string()).collect()).trim_end()));
    for row in rows {
        let vetoed = !row[6].is_empty();
        let text = line(row.to_vec());
        let _ =
            writeln!(out, "{}", if vetoed { style.paint("31", text.trim_end()) } else { text.trim_end().to_string() });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::t;

    #[test]
    fn control_characters_from_cells_never_reach_the_terminal() {
        let file: std::sync::Arc<str> = "a\x07.xlsx".into();
        let sheet: std::sync::Arc<str> = "座席\x1b]0;x".into();
        let d = Diagnostic::new(Code::BadValue, t!("值 \"\x1b[31m\" 不对", "\"\x1b[31m\" is wrong"))
            .in_file(&file)
            .in_sheet(&sheet)
            .at_cell(2, 0);
        let text = diagnostics(&[d], Lang::En, Style { color: false }, false);
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
        assert!(
            text.contains("error bad-value  a\\u0007.xlsx, sheet \"座席\\u001b]0;x\", A2: \"\\u001b[31m\" is wrong"),
            "{text}"
        );
    }

    #[test]
    fn diagnostics_are_grouped_and_counted() {
        let file: std::sync::Arc<str> = "a.xlsx".into();
        let sheet: std::sync::Arc<str> = "座席".into();
        let d1 = Diagnostic::new(Code::BadValue, t!("坏值", "bad value")).in_file(&file).in_sheet(&sheet).at_cell(7, 3);
        let d2 = Diagnostic::new(Code::MissingTable, t!("缺表", "missing table"));
        let text = diagnostics(&[d1, d2], Lang::En, Style { color: false }, false);
        assert_eq!(
            text,
            "error missing-table  missing table\nerror bad-value  a.xlsx, sheet \"座席\", D7: bad value\n\n  \
             missing-table        1 group(s), 1 finding(s)  (error)\n  bad-value            1 group(s), 1 finding(s)  (error)\n\
             2 error(s), 0 warning(s), 0 info\n"
        );
    }
}
