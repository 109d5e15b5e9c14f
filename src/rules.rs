//! The scoring rules (SPEC §6.1): every key optional, defaults as SPEC §4–§5.
//!
//! Loaded from `rules.toml`; an unknown key or a wrong type is an error that
//! shows the line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::EventKind;
use crate::text::Text;

pub mod words;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rules {
    /// 新员工上岗N天内不考评: agents with tenure at month end below this are not eligible.
    pub new_employee_days: u32,
    pub item1: Item1,
    pub item5: Item5,
    pub item7: Item7,
    pub item8: Item8,
    pub item9: Item9,
    pub item10: Item10,
    pub premise: Premise,
    pub tiers: Tiers,
    /// A centre's own header names, each mapped to a column key (`"离岗日期" = "leave_date"`);
    /// a key that several tables have (`pm_id`, `project_id`, `date`) applies in each.
    pub headers: BTreeMap<String, ColumnKey>,
    pub report: Report,
}

/// How the report presents itself: the company's name over each scorecard, and when
/// the scorecards share one sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Report {
    /// `company = "某某呼叫中心"`: printed over the title of every scorecard.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Up to this many PMs each scorecard is a sheet of its own; above it they share one
    /// 考评表 sheet, a form per printed page (a thousand sheet tabs help no one).
    pub scorecard_sheets_max: u32,
}

impl Default for Report {
    fn default() -> Self {
        Report { company: None, scorecard_sheets_max: 60 }
    }
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            new_employee_days: 30,
            item1: Item1::default(),
            item5: Item5::default(),
            item7: Item7::default(),
            item8: Item8::default(),
            item9: Item9::default(),
            item10: Item10::default(),
            premise: Premise::default(),
            tiers: Tiers::default(),
            headers: BTreeMap::new(),
            report: Report::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Item1 {
    /// Deduction per percentage point of plan completion below 100%.
    pub per_point: f64,
}

impl Default for Item1 {
    fn default() -> Self {
        Item1 { per_point: 0.25 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Item5 {
    pub attendance_target: f64,
    pub attendance_per_point: f64,
    pub attrition_limit: f64,
    pub attrition_per_point: f64,
}

impl Default for Item5 {
    fn default() -> Self {
        Item5 { attendance_target: 0.98, attendance_per_point: 0.5, attrition_limit: 0.03, attrition_per_point: 0.5 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Item7 {
    pub terminated: f64,
    pub suspended: f64,
    pub penalized: f64,
    pub complaint: f64,
    /// Event kinds that put the PM in tier 5 (质量否决); a severe event always does.
    pub veto: Vec<EventKind>,
}

impl Item7 {
    pub fn points(&self, kind: EventKind) -> f64 {
        match kind {
            EventKind::Terminated => self.terminated,
            EventKind::Suspended => self.suspended,
            EventKind::Penalized => self.penalized,
            EventKind::Complaint => self.complaint,
        }
    }
}

impl Default for Item7 {
    fn default() -> Self {
        Item7 {
            terminated: 15.0,
            suspended: 10.0,
            penalized: 5.0,
            complaint: 2.0,
            veto: vec![EventKind::Terminated, EventKind::Suspended],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Item8 {
    pub rate_limit: f64,
    pub rate_per_point: f64,
    pub daily_limit: f64,
    pub unstable_day: f64,
    pub missing_day: f64,
}

impl Default for Item8 {
    fn default() -> Self {
        Item8 { rate_limit: 0.01, rate_per_point: 2.0, daily_limit: 0.03, unstable_day: 0.5, missing_day: 0.2 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Item9 {
    pub late: f64,
    pub not_done: f64,
}

impl Default for Item9 {
    fn default() -> Self {
        Item9 { late: 1.0, not_done: 2.0 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Item10 {
    /// With this many reviews or more, the single highest and lowest are dropped.
    pub trim_from: u32,
}

impl Default for Item10 {
    fn default() -> Self {
        Item10 { trim_from: 5 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Premise {
    pub max_error_rate: f64,
    pub min_attendance: f64,
    pub min_efficiency_ratio: f64,
    /// Where the premise fails, items 4 and 6 keep at most this share of their max.
    pub cap: f64,
}

impl Default for Premise {
    fn default() -> Self {
        Premise { max_error_rate: 0.03, min_attendance: 0.95, min_efficiency_ratio: 0.8, cap: 0.5 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TierMode {
    Score,
    Rank,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Tiers {
    pub mode: TierMode,
    /// Minimum totals for tiers 1, 2, 3 in `score` mode.
    pub thresholds: [f64; 3],
    /// Shares of the non-vetoed PMs in tiers 1, 2, 3 in `rank` mode.
    pub quotas: [f64; 3],
    /// Bonus multipliers for tiers 1–5.
    pub multipliers: [f64; 5],
}

impl Default for Tiers {
    fn default() -> Self {
        Tiers {
            mode: TierMode::Score,
            thresholds: [90.0, 80.0, 70.0],
            quotas: [0.2, 0.3, 0.3],
            multipliers: [1.0, 0.8, 0.6, 0.4, 0.0],
        }
    }
}

/// A column key of SPEC §2 (`leave_date`, `pm_id`), as `[headers]` names it; an
/// unknown key is refused when the file is read (with its line, and the keys there are).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ColumnKey(String);

impl ColumnKey {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Every column key of every table, sorted, once each.
    pub fn all() -> Vec<&'static str> {
        let mut keys: Vec<&'static str> = crate::model::TableKind::ALL
            .iter()
            .flat_map(|&k| crate::schema::columns(k).iter().map(|c| c.key))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    }
}

impl<'de> Deserialize<'de> for ColumnKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let key = String::deserialize(d)?;
        let keys = ColumnKey::all();
        if keys.contains(&key.as_str()) {
            Ok(ColumnKey(key))
        } else {
            Err(serde::de::Error::custom(format!(
                "未知的列名 / unknown column key \"{key}\"；可用的列名 / the column keys are: {}",
                keys.join(", ")
            )))
        }
    }
}

/// A rules file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error("cannot read the rules file {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}, line {line}: {}", message.en)]
    Syntax { path: PathBuf, line: usize, message: Text },
    #[error("{path}: {}", message.en)]
    Invalid { path: PathBuf, message: Text },
}

impl Rules {
    /// Reads and validates a rules file.
    ///
    /// # Errors
    /// The file cannot be read, is not valid TOML, has an unknown key or a wrong
    /// type (with its line), or a value out of its range.
    pub fn load(path: &Path) -> Result<Rules, RulesError> {
        let text = std::fs::read_to_string(path).map_err(|source| RulesError::Io { path: path.into(), source })?;
        Rules::parse(&text, path)
    }

    /// Parses rules from TOML text; `path` only names the file in errors.
    ///
    /// # Errors
    /// As [`Rules::load`], less the reading.
    pub fn parse(text: &str, path: &Path) -> Result<Rules, RulesError> {
        let rules: Rules = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1).unwrap_or(0);
            RulesError::Syntax { path: path.into(), line, message: words::explain(e.message()) }
        })?;
        rules.validate().map_err(|message| RulesError::Invalid { path: path.into(), message })?;
        Ok(rules)
    }

    /// Ranges a value must be in for the scores to make sense; the message names the
    /// rule in words and says what is accepted.
    fn validate(&self) -> Result<(), Text> {
        let said = |key: &str, value: String, zh: &str, en: &str| {
            let k = words::key(key);
            let (kz, ke) = (&k.zh, &k.en);
            crate::t!("{kz}（{key} = {value}）：{zh}", "{ke} ({key} = {value}): {en}")
        };
        let non_negative = [
            ("item1.per_point", self.item1.per_point),
            ("item5.attendance_per_point", self.item5.attendance_per_point),
            ("item5.attrition_per_point", self.item5.attrition_per_point),
            ("item7.terminated", self.item7.terminated),
            ("item7.suspended", self.item7.suspended),
            ("item7.penalized", self.item7.penalized),
            ("item7.complaint", self.item7.complaint),
            ("item8.rate_per_point", self.item8.rate_per_point),
            ("item8.unstable_day", self.item8.unstable_day),
            ("item8.missing_day", self.item8.missing_day),
            ("item9.late", self.item9.late),
            ("item9.not_done", self.item9.not_done),
        ];
        for (key, v) in non_negative {
            if !(v.is_finite() && v >= 0.0) {
                return Err(said(
                    key,
                    v.to_string(),
                    "应为不小于 0 的数字，如 0.5",
                    "a number of at least 0 is expected, such as 0.5",
                ));
            }
        }
        let shares = [
            ("item5.attendance_target", self.item5.attendance_target),
            ("item5.attrition_limit", self.item5.attrition_limit),
            ("item8.rate_limit", self.item8.rate_limit),
            ("item8.daily_limit", self.item8.daily_limit),
            ("premise.max_error_rate", self.premise.max_error_rate),
            ("premise.min_attendance", self.premise.min_attendance),
            ("premise.cap", self.premise.cap),
        ];
        for (key, v) in shares {
            if !(v.is_finite() && (0.0..=1.0).contains(&v)) {
                return Err(said(
                    key,
                    v.to_string(),
                    "应为 0 到 1 之间的比例，如 0.98 表示 98%",
                    "a share between 0 and 1 is expected, such as 0.98 for 98%",
                ));
            }
        }
        if !(self.premise.min_efficiency_ratio.is_finite() && self.premise.min_efficiency_ratio >= 0.0) {
            let v = self.premise.min_efficiency_ratio.to_string();
            return Err(said(
                "premise.min_efficiency_ratio",
                v,
                "应为不小于 0 的数字，如 0.8",
                "a number of at least 0 is expected, such as 0.8",
            ));
        }
        let t = &self.tiers.thresholds;
        if !(t[0] >= t[1] && t[1] >= t[2] && t.iter().all(|v| (0.0..=100.0).contains(v))) {
            return Err(said(
                "tiers.thresholds",
                format!("{t:?}"),
                "应为 0 到 100 之间的三个分数线，从高到低，如 [90, 80, 70]",
                "three thresholds between 0 and 100, highest first, are expected, such as [90, 80, 70]",
            ));
        }
        let q = &self.tiers.quotas;
        if !(q.iter().all(|v| (0.0..=1.0).contains(v)) && q.iter().sum::<f64>() <= 1.0 + 1e-9) {
            return Err(said(
                "tiers.quotas",
                format!("{q:?}"),
                "应为三个 0 到 1 之间的比例，合计不超过 1，如 [0.2, 0.3, 0.3]",
                "three shares between 0 and 1, together at most 1, are expected, such as [0.2, 0.3, 0.3]",
            ));
        }
        if let Some(h) = self.headers.keys().find(|h| h.trim().is_empty()) {
            return Err(crate::t!(
                "[headers] 中的 \"{h}\"：表头名称不能为空",
                "headers: \"{h}\" = …: a header name must hold some text"
            ));
        }
        if !self.tiers.multipliers.iter().all(|v| v.is_finite() && *v >= 0.0) {
            return Err(said(
                "tiers.multipliers",
                format!("{:?}", self.tiers.multipliers),
                "应为五个不小于 0 的系数，如 [1.0, 0.8, 0.6, 0.4, 0.0]",
                "five multipliers of at least 0 are expected, such as [1.0, 0.8, 0.6, 0.4, 0.0]",
            ));
        }
        Ok(())
    }

    /// The effective rules as TOML, as `kaoping rules` prints them.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("rules serialise")
    }

    /// Every rule as (`item1.per_point`, `0.25`), in the file's order.
    pub fn dotted(&self) -> Vec<(String, String)> {
        dotted_lines(&self.to_toml())
    }

    /// The rules that differ from the defaults: (key, value, default); a key the
    /// defaults lack (a `[headers]` entry) has an empty default.
    pub fn changes(&self) -> Vec<RuleChange> {
        let defaults: std::collections::HashMap<String, String> = Rules::default().dotted().into_iter().collect();
        self.dotted()
            .into_iter()
            .filter_map(|(key, value)| {
                let default = defaults.get(&key).cloned().unwrap_or_default();
                (value != default).then_some(RuleChange { key, value, default })
            })
            .collect()
    }
}

/// A rule that differs from its default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleChange {
    pub key: String,
    pub value: String,
    pub default: String,
}

/// `[item1]` + `per_point = 0.25` → (`item1.per_point`, `0.25`), in the text's order.
fn dotted_lines(toml: &str) -> Vec<(String, String)> {
    let mut section = String::new();
    let mut out = Vec::new();
    for line in toml.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.to_string();
        } else if let Some((k, v)) = line.split_once('=') {
            let key = if section.is_empty() { k.trim().to_string() } else { format!("{section}.{}", k.trim()) };
            out.push((key, v.trim().to_string()));
        }
    }
    out
}

/// The rules file in force when `--rules` is not given: a `rules.toml` in the input
/// folder (for a file named on the command line: its folder), else in that folder's
/// parent (one file for every month), looked for beside the first input that has one.
pub fn find_rules_file(inputs: &[PathBuf]) -> Option<PathBuf> {
    for input in inputs {
        let folder = if input.is_dir() { Some(input.as_path()) } else { input.parent() };
        let Some(folder) = folder else { continue };
        let folder = if folder.as_os_str().is_empty() { Path::new(".") } else { folder };
        // The parent as written (`2026-11` → `.`), so that the file is shown relative to
        // where the user is; `.` and `..` have no such parent: the real one.
        let lexical = folder
            .components()
            .next_back()
            .filter(|c| matches!(c, std::path::Component::Normal(_)))
            .and_then(|_| folder.parent())
            .map(|p| if p.as_os_str().is_empty() { Path::new(".") } else { p }.to_path_buf());
        let parent =
            lexical.or_else(|| std::fs::canonicalize(folder).ok().and_then(|f| f.parent().map(Path::to_path_buf)));
        for candidate in std::iter::once(folder.join("rules.toml")).chain(parent.map(|p| p.join("rules.toml"))) {
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_list_what_differs_from_the_defaults() {
        assert!(Rules::default().changes().is_empty());
        let r = Rules::parse("[item8]\nrate_limit = 0.02\n[tiers]\nmode = \"rank\"\n", Path::new("r.toml")).unwrap();
        let changes = r.changes();
        let got: Vec<(&str, &str, &str)> =
            changes.iter().map(|c| (c.key.as_str(), c.value.as_str(), c.default.as_str())).collect();
        assert_eq!(got, vec![("item8.rate_limit", "0.02", "0.01"), ("tiers.mode", "\"rank\"", "\"score\"")]);
    }

    #[test]
    fn the_rules_file_is_found_beside_the_month_or_above_it() {
        let dir = tempfile::tempdir().unwrap();
        let month = dir.path().join("2026-11");
        std::fs::create_dir(&month).unwrap();
        assert_eq!(find_rules_file(std::slice::from_ref(&month)), None);
        std::fs::write(dir.path().join("rules.toml"), "").unwrap();
        let found = find_rules_file(std::slice::from_ref(&month)).unwrap();
        assert_eq!(found.canonicalize().unwrap(), dir.path().join("rules.toml").canonicalize().unwrap());
        std::fs::write(month.join("rules.toml"), "").unwrap();
        assert_eq!(find_rules_file(std::slice::from_ref(&month)), Some(month.join("rules.toml")));
        let file = month.join("增值部.xlsx");
        assert_eq!(find_rules_file(&[file]), Some(month.join("rules.toml")));
    }

    #[test]
    fn veto_takes_the_chinese_event_words_too() {
        let r = Rules::parse("[item7]\nveto = [\"终止\", \"处罚\"]\n", Path::new("r.toml")).unwrap();
        assert_eq!(r.item7.veto, vec![EventKind::Terminated, EventKind::Penalized]);
        assert!(Rules::parse("[item7]\nveto = [\"中止\"]\n", Path::new("r.toml")).is_err());
    }

    #[test]
    fn empty_file_gives_defaults() {
        assert_eq!(Rules::parse("", Path::new("r.toml")).unwrap(), Rules::default());
    }

    #[test]
    fn keys_override_defaults() {
        let r = Rules::parse("new_employee_days = 15\n[tiers]\nmode = \"rank\"\n", Path::new("r.toml")).unwrap();
        assert_eq!(r.new_employee_days, 15);
        assert_eq!(r.tiers.mode, TierMode::Rank);
        assert_eq!(r.tiers.thresholds, [90.0, 80.0, 70.0]);
    }

    #[test]
    fn unknown_key_names_its_line() {
        let err = Rules::parse("new_employee_days = 30\n[item1]\nper_pont = 0.3\n", Path::new("r.toml")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("r.toml, line 3:"), "{msg}");
        assert!(msg.contains("per_pont"), "{msg}");
    }

    #[test]
    fn wrong_type_names_its_line() {
        let err = Rules::parse("\n[item9]\nlate = \"one\"\n", Path::new("r.toml")).unwrap_err();
        assert!(err.to_string().starts_with("r.toml, line 3:"), "{err}");
    }

    #[test]
    fn out_of_range_share_is_refused() {
        let err = Rules::parse("[premise]\ncap = 50\n", Path::new("r.toml")).unwrap_err();
        assert!(err.to_string().contains("premise.cap = 50"), "{err}");
    }

    #[test]
    fn printed_rules_read_back_the_same() {
        let r = Rules::default();
        assert_eq!(Rules::parse(&r.to_toml(), Path::new("x")).unwrap(), r);
        let text = "[headers]\n\"离岗日期\" = \"leave_date\"\n\"经理编码\" = \"pm_id\"\n";
        let r = Rules::parse(text, Path::new("x")).unwrap();
        assert_eq!(r.headers["离岗日期"].as_str(), "leave_date");
        assert!(r.to_toml().contains("\"离岗日期\" = \"leave_date\""), "{}", r.to_toml());
        assert_eq!(Rules::parse(&r.to_toml(), Path::new("x")).unwrap(), r);
    }

    #[test]
    fn an_empty_header_name_is_refused() {
        let err = Rules::parse("[headers]\n\" \" = \"pm_id\"\n", Path::new("r.toml")).unwrap_err();
        assert!(err.to_string().contains("a header name must hold some text"), "{err}");
    }

    #[test]
    fn an_unknown_column_key_names_its_line_and_the_keys() {
        let err = Rules::parse("[headers]\n\"工号\" = \"pm_id\"\n\"离岗日期\" = \"leave\"\n", Path::new("r.toml"))
            .unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("r.toml, line 3:"), "{msg}");
        assert!(msg.contains("\"leave\"") && msg.contains("leave_date") && msg.contains("agent_id"), "{msg}");
    }
}
