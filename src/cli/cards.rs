//! `run --cards DIR` (SPEC §7): one workbook per PM holding only that PM's scorecard,
//! `DIR/考评表-2026-11-P03-余霞.xlsx`, so each PM can be handed their own result and no
//! one else's bonus.
//!
//! Choices where the SPEC is silent:
//! - The folder is made when missing; a card follows the report's rules for its file:
//!   a foreign file in the way is refused without `--force`, a card of another month
//!   likewise, and a card a person edited since kaoping wrote it is kept beside the new
//!   one with its time in the name (as the report, [`crate::write::may_write_report`]).
//! - Characters a file name cannot hold (`/ \ : * ? " < > |`) become `_`.
//! - A draft's cards are drafts too: 草稿 on the page and the PM's flag with its errors.

use std::path::{Path, PathBuf};

use crate::outcome::Outcome;
use crate::report::{self, ReportInput};
use crate::text::{Lang, Text};
use crate::{t, write};

/// Writes the cards into `dir`; gives each card's path and, for an edited card kept
/// aside, where it went.
///
/// # Errors
/// The folder cannot be made, or a card may not or cannot be written.
pub fn write_cards(
    input: &ReportInput,
    outcome: &Outcome,
    dir: &Path,
    inputs: &[PathBuf],
    force: bool,
) -> Result<Vec<(PathBuf, Option<PathBuf>)>, write::WriteError> {
    let lang = input.lang;
    write::prepare_folder(dir, "--cards")?;
    let mut written = Vec::new();
    for r in &outcome.managers {
        let name = card_name(input.month, &r.score.pm_id, &r.score.name, lang);
        let target = write::may_write_report(&dir.join(&name), &name, inputs, force, input.month, lang)?;
        let shown = target.path.display().to_string();
        let bytes = report::build_card(input, r).map_err(|err| write::WriteError::Io {
            text: t!("无法生成考评表 {shown}", "cannot build the scorecard {shown}"),
            source: std::io::Error::other(err),
        })?;
        let kept = write::write_report(&target, &bytes)?;
        written.push((target.path, kept));
    }
    Ok(written)
}

/// `考评表-2026-11-P03-余霞.xlsx` / `Scorecard-2026-11-P03-Yu Xia.xlsx`.
pub fn card_name(month: crate::model::Month, pm_id: &str, name: &str, lang: Lang) -> String {
    let prefix = Text::of("考评表", "Scorecard").take(lang);
    let safe = |s: &str| -> String {
        s.trim().chars().map(|c| if "/\\:*?\"<>|".contains(c) || c.is_control() { '_' } else { c }).collect()
    };
    format!("{prefix}-{month}-{}-{}.xlsx", safe(pm_id), safe(name))
}

/// The terminal's word on the cards: how many, where, and any edited card kept.
pub fn say_where(written: &[(PathBuf, Option<PathBuf>)], dir: &Path, lang: Lang) {
    let (n, shown_dir) = (written.len(), dir.display().to_string());
    eprintln!(
        "kaoping: {}",
        t!("已把 {n} 份个人考评表写入 {shown_dir}", "{n} scorecards written to {shown_dir}").get(lang)
    );
    for (card, kept) in written {
        if let Some(kept) = kept {
            say_kept(card, kept, lang);
        }
    }
}

/// The terminal's word on a workbook a person edited, kept aside before it was replaced.
pub fn say_kept(was: &Path, kept: &Path, lang: Lang) {
    let (was, kept) = (was.display(), kept.display());
    let text = t!(
        "{was} 在 kaoping 生成后被修改过，修改过的版本已保留为 {kept}",
        "{was} was edited after kaoping wrote it; the edited version is kept as {kept}"
    );
    eprintln!("kaoping: {}", text.get(lang));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_is_named_by_month_id_and_name_without_characters_a_file_cannot_hold() {
        let month = crate::model::Month::new(2026, 11).unwrap();
        assert_eq!(card_name(month, "P03", "余霞", Lang::Zh), "考评表-2026-11-P03-余霞.xlsx");
        assert_eq!(card_name(month, "P/3", " A:B ", Lang::En), "Scorecard-2026-11-P_3-A_B.xlsx");
    }
}
