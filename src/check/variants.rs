//! `id-variant` (warning): an ID that differs from a known one only in case or width
//! (`x01`, `Ｘ01` for project `X01`; `p03` for PM `P03`) is read as that ID, and said
//! once per cell, instead of leaving the row out as an unknown reference (a month
//! typed by several people gets such IDs by the dozen, and they are not in doubt).
//!
//! Choices where the SPEC is silent:
//! - "Only in case or width" is: equal after NFKC and upper-casing. Only a variant
//!   that stands for exactly one known ID is matched; two known IDs that differ only
//!   in case (`x01` and `X01` both projects) make neither a variant.
//! - The rows are rewritten before the other checks, so the scorer sees one ID.

use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;

use crate::diag::{Code, Diagnostic};
use crate::model::{Origin, Tables};
use crate::schema::{Col, col};
use crate::t;

fn key(id: &str) -> String {
    id.nfkc().collect::<String>().to_uppercase()
}

/// The known IDs by their loose key: only keys that stand for one ID.
fn index<'a>(ids: impl Iterator<Item = &'a str>) -> (HashSet<String>, HashMap<String, String>) {
    let exact: HashSet<String> = ids.map(str::to_string).collect();
    let mut by_key: HashMap<String, Option<String>> = HashMap::new();
    for id in &exact {
        by_key.entry(key(id)).and_modify(|v| *v = None).or_insert_with(|| Some(id.clone()));
    }
    (exact, by_key.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))).collect())
}

/// Rewrites every variant ID of `tables` to the ID it stands for; one warning each.
pub(super) fn unify(t: &mut Tables) -> Vec<Diagnostic> {
    let (pm_exact, pms) = index(t.managers.iter().map(|m| m.pm_id.as_str()));
    let (project_exact, projects) = index(t.projects.iter().map(|p| p.project_id.as_str()));
    let layout = std::mem::take(&mut t.layout);
    let mut found = Vec::new();
    let mut fix = |id: &mut String,
                   origin: &Origin,
                   c: Col,
                   exact: &HashSet<String>,
                   loose: &HashMap<String, String>| {
        if exact.contains(id.as_str()) {
            return;
        }
        let Some(meant) = loose.get(&key(id)) else { return };
        let cell = layout
            .get(&(origin.file.clone(), origin.sheet.clone(), c.table))
            .and_then(|cols| cols.get(c.index).copied().flatten());
        let written = id.clone();
        let header = c.column();
        let (hz, he) = (header.zh, header.en);
        let d = Diagnostic::new(
            Code::IdVariant,
            t!(
                "{hz}“{written}”与已有的 {meant} 只差大小写或全角/半角，已按 {meant} 计入；请统一写成 {meant}",
                "{he} \"{written}\" differs from the known {meant} only in case or width, so it counts as {meant}; write it as {meant}"
            ),
        )
        .at_cell_of(origin, cell)
        .found(id.clone(), t!("{meant}", "{meant}"));
        found.push(d);
        *id = meant.clone();
    };
    for p in &mut t.projects {
        fix(&mut p.pm_id, &p.origin, col::projects::PM_ID, &pm_exact, &pms);
    }
    for a in &mut t.agents {
        fix(&mut a.project_id, &a.origin, col::agents::PROJECT_ID, &project_exact, &projects);
    }
    for q in &mut t.qa {
        fix(&mut q.project_id, &q.origin, col::qa::PROJECT_ID, &project_exact, &projects);
    }
    for e in &mut t.events {
        fix(&mut e.project_id, &e.origin, col::events::PROJECT_ID, &project_exact, &projects);
    }
    for r in &mut t.tasks {
        fix(&mut r.pm_id, &r.origin, col::tasks::PM_ID, &pm_exact, &pms);
    }
    for r in &mut t.reviews {
        fix(&mut r.pm_id, &r.origin, col::reviews::PM_ID, &pm_exact, &pms);
    }
    for r in &mut t.adjustments {
        fix(&mut r.pm_id, &r.origin, col::adjustments::PM_ID, &pm_exact, &pms);
    }
    t.layout = layout;
    found
}
