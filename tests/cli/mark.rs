//! Marked copies (`--mark DIR`, SPEC §3): read back with calamine and by opening the
//! xlsx parts (notes, fills, links); and the findings told the same way everywhere
//! (terminal, JSON, problem list, the report's Checks sheet).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::support::*;

const OPS: &str = "2026-11/运营部.xlsx";
const QA: &str = "2026-11/质检.xlsx";

/// The valid month with findings of four kinds: unreadable numbers (a group of three
/// in one column), a count larger than the one it is part of, a project that does not
/// exist, and a QA row dated in October.
fn month_with_findings() -> Books {
    let mut books = valid_month();
    let agents = books.sheet("运营部.xlsx", "座席");
    let (dialed, connected, project) = (agents.col("外呼量"), agents.col("接通量"), agents.col("项目编号"));
    agents.set(3, dialed, s("一千"));
    agents.set(4, dialed, s("一千二"));
    agents.set(7, dialed, s("很多"));
    agents.set(6, connected, n(5000.0));
    agents.set(9, project, s("X09"));
    let qa = books.sheet("质检.xlsx", "日常抽检");
    qa.set(2, 0, d(2026, 10, 15));
    books
}

fn digests(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        out.insert(path.clone(), hex::encode(Sha256::digest(std::fs::read(&path).unwrap())));
    }
    out
}

/// The non-empty cells of a sheet by (absolute row, column).
fn cells(path: &Path, sheet: &str) -> BTreeMap<(u32, u32), Data> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    let (r0, c0) = range.start().unwrap_or((0, 0));
    range
        .used_cells()
        .filter(|(_, _, v)| **v != Data::Empty)
        .map(|(r, c, v)| ((r0 + r as u32, c0 + c as u32), v.clone()))
        .collect()
}

/// Numbers alike whatever the format stored them as (xls: Int, xlsx: Float).
fn plain(d: &Data) -> String {
    match d {
        Data::Int(i) => format!("{}", *i as f64),
        Data::Float(f) => format!("{f}"),
        Data::DateTime(dt) => format!("date {}", dt.as_f64()),
        other => format!("{other:?}"),
    }
}

/// The parts of an xlsx, by name.
struct Parts(BTreeMap<String, String>);

impl Parts {
    fn open(path: &Path) -> Parts {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut parts = BTreeMap::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let mut text = String::new();
            if f.read_to_string(&mut text).is_ok() {
                parts.insert(f.name().unwrap().to_string(), text);
            }
        }
        Parts(parts)
    }

    fn get(&self, name: &str) -> &str {
        self.0.get(name).unwrap_or_else(|| panic!("no part {name}"))
    }

    /// The notes of the `k`-th sheet (1-based): cell → text.
    fn notes(&self, k: usize) -> BTreeMap<String, String> {
        let Some(rels) = self.0.get(&format!("xl/worksheets/_rels/sheet{k}.xml.rels")) else { return BTreeMap::new() };
        let Some(target) = attrs(rels, "Relationship").into_iter().find_map(|a| {
            let t = a.get("Target")?;
            t.contains("comments").then(|| t.replace("../", "xl/"))
        }) else {
            return BTreeMap::new();
        };
        let xml = self.get(&target);
        xml.split("<comment ")
            .skip(1)
            .map(|c| {
                let r = c.split("ref=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
                let body = c.split("</comment>").next().unwrap();
                let text: String = body
                    .split("<t")
                    .skip(1)
                    .filter(|t| t.starts_with(['>', ' ']))
                    .filter_map(|t| t.split_once('>'))
                    .map(|(_, t)| t.split("</t>").next().unwrap())
                    .collect();
                (r, unescape(&text))
            })
            .collect()
    }

    /// The fill colour (`FFFFC7CE`) of each cell style, by its index.
    fn fills(&self) -> Vec<Option<String>> {
        let styles = self.get("xl/styles.xml");
        let fills_xml = styles.split("<fills").nth(1).unwrap().split("</fills>").next().unwrap();
        let fills: Vec<Option<String>> = fills_xml
            .split("<fill>")
            .skip(1)
            .map(|f| f.split("fgColor rgb=\"").nth(1).map(|c| c.split('"').next().unwrap().to_string()))
            .collect();
        let xfs = styles.split("<cellXfs").nth(1).unwrap().split("</cellXfs>").next().unwrap();
        attrs(xfs, "xf").into_iter().map(|a| fills[a.get("fillId").map_or(0, |f| f.parse().unwrap())].clone()).collect()
    }

    /// The fill of cell `at` of sheet `k` (None: no fill).
    fn cell_fill(&self, k: usize, at: &str) -> Option<String> {
        let sheet = self.get(&format!("xl/worksheets/sheet{k}.xml"));
        let style =
            attrs(sheet, "c").into_iter().find(|a| a.get("r").map(String::as_str) == Some(at))?.get("s")?.clone();
        self.fills()[style.parse::<usize>().unwrap()].clone()
    }

    /// The fill of row `row` (1-based) of sheet `k`, when the row has a format.
    fn row_fill(&self, k: usize, row: u32) -> Option<String> {
        let sheet = self.get(&format!("xl/worksheets/sheet{k}.xml"));
        let a = attrs(sheet, "row").into_iter().find(|a| a.get("r") == Some(&row.to_string()))?;
        self.fills()[a.get("s")?.parse::<usize>().unwrap()].clone()
    }

    /// The internal links of sheet `k`: (cell, where to).
    fn links(&self, k: usize) -> Vec<(String, String)> {
        let sheet = self.get(&format!("xl/worksheets/sheet{k}.xml"));
        attrs(sheet, "hyperlink")
            .into_iter()
            .filter_map(|a| Some((a.get("ref")?.clone(), a.get("location")?.clone())))
            .collect()
    }
}

/// The attributes of every `<tag …>` in `xml`.
fn attrs(xml: &str, tag: &str) -> Vec<BTreeMap<String, String>> {
    let open = format!("<{tag} ");
    xml.split(&open)
        .skip(1)
        .map(|rest| {
            let head = rest.split('>').next().unwrap();
            let mut out = BTreeMap::new();
            for part in head.split("\" ") {
                if let Some((k, v)) = part.trim().split_once("=\"") {
                    out.insert(k.to_string(), unescape(v.trim_end_matches(['"', '/'])));
                }
            }
            out
        })
        .collect()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

const RED: &str = "FFFFC7CE";
const AMBER: &str = "FFFFEB9C";
const GREY: &str = "FFD9D9D9";

#[test]
fn a_marked_copy_shows_each_finding_in_its_cell() {
    let t = Test::new();
    month_with_findings().write(&t.month());
    let before = digests(&t.month());
    let run = t.kaoping(&["check", "2026-11", "--format", "json", "--mark", "marked"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(digests(&t.month()), before, "the inputs are unchanged");
    assert!(run.stderr.contains("marked"), "the terminal says where the copies went: {}", run.stderr);
    assert!(run.stderr.contains("2026-11/运营部.xlsx → marked/运营部-检查.xlsx"), "{}", run.stderr);
    let checks: Vec<Value> = run.json()["checks"].as_array().unwrap().clone();
    let codes: BTreeSet<&str> = checks.iter().map(|c| c["code"].as_str().unwrap()).collect();
    for code in ["bad-value", "out-of-range", "unknown-reference", "outside-month"] {
        assert!(codes.contains(code), "{code} in {codes:?}");
    }

    let copy = t.root().join("marked/运营部-检查.xlsx");
    let wb = open_workbook_auto(&copy).unwrap();
    assert_eq!(wb.sheet_names(), vec!["检查结果", "项目经理", "座席"], "the findings first, then the input's sheets");
    drop(wb);
    // Every cell of the input, in its place with its value.
    for sheet in ["项目经理", "座席"] {
        assert_eq!(cells(&copy, sheet), cells(&t.month().join("运营部.xlsx"), sheet), "{sheet}");
    }

    let parts = Parts::open(&copy);
    let notes = parts.notes(3);
    let mine: Vec<&Value> = checks.iter().filter(|c| c["file"] == OPS && c["sheet"] == "座席").collect();
    assert_eq!(mine.len(), 5, "{mine:#?}");
    for c in &mine {
        let cell = c["cell"].as_str().unwrap();
        let note = notes.get(cell).unwrap_or_else(|| panic!("a note on {cell}: {notes:#?}"));
        assert!(note.contains(c["message"].as_str().unwrap()), "{cell}: {note}");
        let want = if c["severity"] == "error" { RED } else { AMBER };
        assert_eq!(parts.cell_fill(3, cell).as_deref(), Some(want), "{cell} filled");
    }
    // A note says what is wrong and what to do, in words a clerk reads.
    assert_eq!(
        notes["B9"],
        "错误·引用不存在：项目编号 X09 在「项目」表中不存在，本行不计入；项目编号须与「项目」表中的某一行一致。您是否指 X01 / X02 / X03？\n怎么改：改正编号，使其与被引用表中的一行一致"
    );
    // The rows left out are grey (rows 3, 4, 6, 7, 9); the others are not.
    for row in [3, 4, 6, 7, 9] {
        assert_eq!(parts.row_fill(3, row).as_deref(), Some(GREY), "row {row} grey");
        assert_eq!(parts.cell_fill(3, &format!("A{row}")).as_deref(), Some(GREY), "A{row} grey");
    }
    for row in [1, 2, 5, 8] {
        assert_eq!(parts.row_fill(3, row), None, "row {row} not grey");
        assert_eq!(parts.cell_fill(3, &format!("A{row}")), None, "A{row} not filled");
    }
    // The first sheet lists every finding, each linked to its cell.
    let links: BTreeSet<String> = parts.links(1).into_iter().map(|(_, to)| to).collect();
    for c in &mine {
        let to = format!("'座席'!{}", c["cell"].as_str().unwrap());
        assert!(links.contains(&to), "a link to {to} in {links:?}");
    }
    let mut first = open_workbook_auto(&copy).unwrap();
    let list = first.worksheet_range("检查结果").unwrap();
    let text: Vec<String> = list.rows().flatten().map(|d| d.to_string()).collect();
    assert!(text.contains(&"bad-value".to_string()) && text.contains(&"取值无法识别".to_string()), "{text:?}");
    assert!(text.iter().any(|t| t.starts_with("J3:J4")), "the group's ranges: {text:?}");

    // The QA copy: the October row's date cell, and its row grey.
    let qa = t.root().join("marked/质检-检查.xlsx");
    let parts = Parts::open(&qa);
    let c = checks.iter().find(|c| c["code"] == "outside-month").unwrap();
    assert_eq!((c["file"].as_str(), c["cell"].as_str()), (Some(QA), Some("A2")));
    assert!(parts.notes(2)["A2"].contains(c["message"].as_str().unwrap()));
    assert_eq!(parts.cell_fill(2, "A2").as_deref(), Some(AMBER));
    assert_eq!(parts.row_fill(2, 2).as_deref(), Some(GREY));
    assert_eq!(cells(&qa, "日常抽检"), cells(&t.month().join("质检.xlsx"), "日常抽检"));

    // A file without findings gets no copy; a copy among the inputs is kaoping's own.
    let marked: BTreeSet<String> = std::fs::read_dir(t.root().join("marked"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!marked.contains("市场部-检查.xlsx"), "{marked:?}");
    std::fs::copy(&copy, t.month().join("运营部-检查.xlsx")).unwrap();
    let again = t.check_json();
    let own = again.checks("own-output");
    assert_eq!(own.len(), 1, "{own:#?}");
    assert_eq!(own[0]["file"], "2026-11/运营部-检查.xlsx");
}

#[test]
fn a_legacy_xls_gets_an_xlsx_copy_in_english() {
    let t = Test::new();
    let mut books = valid_month();
    // Without project X04, the QA rows naming it are unknown references in the .xls.
    books.sheet("市场部.xlsx", "项目").rows.retain(|r| r.first() != Some(&s("X04")));
    books.files.remove("质检.xlsx");
    books.write(&t.month());
    let xls = t.month().join("质检.xls");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/screen/valid_month_qa.xls");
    std::fs::copy(fixture, &xls).unwrap();
    let before = std::fs::read(&xls).unwrap();
    let run = t.kaoping(&["check", "2026-11", "--mark", "out/marked", "--lang", "en"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(std::fs::read(&xls).unwrap(), before);
    let copy = t.root().join("out/marked/质检-check.xlsx");
    let bytes = std::fs::read(&copy).unwrap_or_else(|e| panic!("{e}: {}", run.stderr));
    assert_eq!(&bytes[..4], b"PK\x03\x04", "an .xlsx");
    let wb = open_workbook_auto(&copy).unwrap();
    assert_eq!(wb.sheet_names()[0], "Findings");
    drop(wb);
    let sheet = "日常抽检";
    let want: BTreeMap<_, _> = cells(&xls, sheet).iter().map(|(k, v)| (*k, plain(v))).collect();
    let got: BTreeMap<_, _> = cells(&copy, sheet).iter().map(|(k, v)| (*k, plain(v))).collect();
    assert_eq!(got, want);
    let notes = Parts::open(&copy).notes(2);
    assert_eq!(notes.len(), 30, "one unknown X04 a day: {notes:#?}");
    assert!(notes.values().all(|n| n.contains("X04")), "{notes:#?}");
}

/// `C2:C4, C9` → C2, C3, C4, C9; `rows 2–4, 8` → 2, 3, 4, 8; empty → one empty place.
fn expand(cells: &str) -> Vec<String> {
    if cells.is_empty() {
        return vec![String::new()];
    }
    let split_a1 = |s: &str| {
        let k = s.find(|c: char| c.is_ascii_digit()).unwrap();
        (s[..k].to_string(), s[k..].parse::<u32>().unwrap())
    };
    let mut out = Vec::new();
    let rows = cells.starts_with("row");
    for part in cells.trim_start_matches("rows ").trim_start_matches("row ").split(", ") {
        assert!(!part.contains('…'), "all the ranges shown: {cells}");
        if rows {
            let (a, b) = part.split_once('–').unwrap_or((part, part));
            out.extend((a.parse::<u32>().unwrap()..=b.parse().unwrap()).map(|r| r.to_string()));
        } else {
            let (a, b) = part.split_once(':').unwrap_or((part, part));
            let ((col, a), (_, b)) = (split_a1(a), split_a1(b));
            out.extend((a..=b).map(|r| format!("{col}{r}")));
        }
    }
    out
}

type Place = (String, String, String, String);

/// (code, file, sheet, cell) of each finding the rows of a grouped sheet show, and the
/// sum of their counts. `file_of` gives a row's file.
fn grouped(
    range: &calamine::Range<Data>,
    cols: [usize; 4],
    count_col: usize,
    file_of: &dyn Fn(&[Data]) -> String,
) -> (BTreeSet<Place>, usize) {
    let mut set = BTreeSet::new();
    let mut total = 0;
    for row in range.rows().skip(3) {
        let code = row[cols[0]].to_string();
        if code.is_empty() {
            continue;
        }
        let (sheet, cells) = (row[cols[2]].to_string(), row[cols[3]].to_string());
        for cell in expand(&cells) {
            set.insert((code.clone(), file_of(row), sheet.clone(), cell));
        }
        total += match &row[count_col] {
            Data::Float(f) => *f as usize,
            other => panic!("a count: {other:?}"),
        };
    }
    (set, total)
}

#[test]
fn terminal_json_problem_list_and_checks_sheet_tell_the_same_findings() {
    let t = Test::new();
    let mut books = month_with_findings();
    // A row-only finding too: a pasted-twice task row.
    let tasks = books.sheet("增值部.xlsx", "上级交办工作");
    let again = tasks.rows[1].clone();
    tasks.rows.push(again);
    // And one about a whole sheet.
    books.files.get_mut("运营部.xlsx").unwrap().push(Sheet::new("说明", vec![vec![s("备注"), s("本月无特殊情况")]]));
    books.write(&t.month());
    let json = t.check_json();
    let root: BTreeSet<Place> = json.json()["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["cause"].is_null())
        .map(|c| {
            let f = |k: &str| c[k].as_str().unwrap().to_string();
            (f("code"), f("file"), f("sheet"), f("cell"))
        })
        .collect();
    let n_root = json.json()["checks"].as_array().unwrap().iter().filter(|c| c["cause"].is_null()).count();
    assert!(
        root.iter().any(|p| p.0 == "duplicate-row" && !p.3.is_empty() && p.3.chars().all(|c| c.is_ascii_digit())),
        "{root:#?}"
    );
    assert!(root.iter().any(|p| p.3.is_empty()), "a finding without a cell: {root:#?}");

    // The terminal: one line per group, `severity code  file, sheet "S", cells (k findings): message`.
    let text = t.kaoping(&["check", "2026-11", "--lang", "en", "--all", "--out", "problems.xlsx", "--mark", "marked"]);
    let mut shown = BTreeSet::new();
    for line in text.stdout.lines() {
        let mut words = line.splitn(3, ' ');
        let (Some(sev), Some(code), Some(rest)) = (words.next(), words.next(), words.next()) else { continue };
        if !["error", "warning", "info"].contains(&sev) {
            continue;
        }
        let rest = rest.trim_start();
        let (file, sheet, cells) = match rest.split_once(", sheet \"") {
            Some((file, after)) => {
                let (sheet, after) = after.split_once('"').unwrap();
                let place = after.trim_start_matches(", ");
                let end = place.find(": ").unwrap_or(place.len()).min(place.find(" (").unwrap_or(place.len()));
                let cells = if after.starts_with(", ") { &place[..end] } else { "" };
                (file.to_string(), sheet.to_string(), cells.to_string())
            }
            None if rest.starts_with("2026-11/") => {
                (rest.split(": ").next().unwrap().to_string(), String::new(), String::new())
            }
            None => (String::new(), String::new(), String::new()),
        };
        for cell in expand(&cells) {
            shown.insert((code.to_string(), file.clone(), sheet.clone(), cell));
        }
    }
    assert_eq!(shown, root, "the terminal and the JSON");
    let per_code: usize = text
        .stdout
        .lines()
        .filter(|l| l.contains(" group(s), "))
        .map(|l| l.split(" group(s), ").nth(1).unwrap().split(' ').next().unwrap().parse::<usize>().unwrap())
        .sum();
    assert_eq!(per_code, n_root, "the per-code counts");

    // The problem list: the overview gives each file's sheet and its marked copy.
    let list = t.root().join("problems.xlsx");
    let mut wb = open_workbook_auto(&list).unwrap();
    let overview = wb.worksheet_range("Overview").unwrap();
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    for row in overview.rows().skip(3) {
        let file = row[0].to_string();
        let file = if file.starts_with("2026-11/") { file } else { String::new() };
        if row.len() > 4 && row[4] != Data::Empty && row[4] != "No problems found." {
            files.insert(row[4].to_string(), file);
        }
    }
    let mut in_list = BTreeSet::new();
    let mut counted = 0;
    for (sheet, file) in &files {
        let range = wb.worksheet_range(sheet).unwrap();
        let (set, total) = grouped(&range, [1, 0, 3, 4], 5, &|_| file.clone());
        in_list.extend(set);
        counted += total;
    }
    assert_eq!(in_list, root, "the problem list and the JSON");
    assert_eq!(counted, n_root);
    let parts = Parts::open(&list);
    let rels = parts.get("xl/worksheets/_rels/sheet1.xml.rels");
    for name in ["marked/运营部-check.xlsx", "marked/质检-check.xlsx", "marked/增值部-check.xlsx"] {
        assert!(rels.contains(&format!("Target=\"{name}\"")), "a link to {name}: {rels}");
        assert!(t.root().join(name).is_file());
    }

    // The report's Checks sheet.
    let run = t.kaoping(&["run", "2026-11", "--lang", "en", "--draft", "--out", "report.xlsx"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let mut wb = open_workbook_auto(t.root().join("report.xlsx")).unwrap();
    let range = wb.worksheet_range("Checks").unwrap();
    let (in_report, total) = grouped(&range, [1, 3, 4, 5], 6, &|row| row[3].to_string());
    assert_eq!(in_report, root, "the Checks sheet and the JSON");
    assert_eq!(total, n_root);
}

/// Writes the month of these tests to `$KAOPING_WRITE_MARK_MONTH`, to look at a marked
/// copy by eye (`kaoping check DIR --mark marked`, then open or render it).
#[test]
#[ignore = "writes a demo month on request"]
fn write_month_with_findings() {
    let dir = std::env::var("KAOPING_WRITE_MARK_MONTH").expect("a folder");
    month_with_findings().write(Path::new(&dir));
}

#[test]
fn whole_sheets_left_out_are_grey_and_hidden_sheets_and_merges_stay() {
    let t = Test::new();
    let mut books = valid_month();
    // October's reviews kept in the same workbook: set aside whole.
    let mut october = books.sheet("增值部.xlsx", "综合评价").clone();
    october.name = "2026年10月综合评价".into();
    books.files.get_mut("增值部.xlsx").unwrap().push(october);
    books.write(&t.month());
    // A workbook of notes: a merged title, and a hidden sheet.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("说明").unwrap();
    ws.merge_range(0, 0, 0, 2, "本月说明", &rust_xlsxwriter::Format::new()).unwrap();
    ws.write_string(1, 0, "无特殊情况").unwrap();
    let hidden = wb.add_worksheet().set_name("隐藏").unwrap();
    hidden.write_string(0, 0, "旧数据").unwrap();
    hidden.set_hidden(true);
    wb.save(t.month().join("附表.xlsx")).unwrap();

    let run = t.kaoping(&["run", "2026-11", "--mark", "marked"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("2026-11/增值部.xlsx → marked/增值部-检查.xlsx"), "{}", run.stderr);

    // The report's Checks sheet links each file to its copy.
    let report = Parts::open(&t.root().join("kaoping-2026-11.xlsx"));
    let linked = |copy: &str| {
        report.0.iter().any(|(name, xml)| name.contains("_rels/sheet") && xml.contains(&format!("Target=\"{copy}\"")))
    };
    assert!(linked("marked/增值部-检查.xlsx") && linked("marked/附表-检查.xlsx"));

    let copy = t.root().join("marked/增值部-检查.xlsx");
    let wb = open_workbook_auto(&copy).unwrap();
    assert_eq!(wb.sheet_names(), vec!["检查结果", "综合评价", "上级交办工作", "人工扣分", "2026年10月综合评价"]);
    let parts = Parts::open(&copy);
    for row in 1..=11 {
        assert_eq!(parts.row_fill(5, row).as_deref(), Some(GREY), "October's row {row} grey");
        assert_eq!(parts.row_fill(2, row), None, "November's row {row} not grey");
    }
    assert_eq!(parts.cell_fill(5, "A1").as_deref(), Some(AMBER));
    assert!(parts.notes(5)["A1"].contains("2026-10"), "{:#?}", parts.notes(5));

    let notes = t.root().join("marked/附表-检查.xlsx");
    let parts = Parts::open(&notes);
    let book = parts.get("xl/workbook.xml");
    let sheets = attrs(book, "sheet");
    let state = |name: &str| sheets.iter().find(|a| a["name"] == name).map(|a| a.get("state").cloned());
    assert_eq!(state("说明"), Some(None), "visible: {book}");
    assert_eq!(state("隐藏"), Some(Some("hidden".to_string())), "{book}");
    assert!(parts.get("xl/worksheets/sheet2.xml").contains("<mergeCell ref=\"A1:C1\""), "the merge kept");
    assert_eq!(cells(&notes, "说明"), cells(&t.month().join("附表.xlsx"), "说明"));
    assert_eq!(cells(&notes, "隐藏"), cells(&t.month().join("附表.xlsx"), "隐藏"));
    let first = Parts::open(&notes).links(1);
    assert!(first.iter().any(|(_, to)| to == "'隐藏'!A1"), "{first:?}");
}

#[test]
fn marked_copies_are_written_when_errors_block_the_report_but_never_over_a_foreign_file() {
    let t = Test::new();
    month_with_findings().write(&t.month());
    std::fs::create_dir(t.root().join("marked")).unwrap();
    let mine = t.root().join("marked/运营部-检查.xlsx");
    std::fs::write(&mine, b"my own notes").unwrap();
    let run = t.kaoping(&["check", "2026-11", "--mark", "marked"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("运营部-检查.xlsx") && run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(std::fs::read(&mine).unwrap(), b"my own notes");

    std::fs::write(t.root().join("a-file"), b"x").unwrap();
    let run = t.kaoping(&["check", "2026-11", "--mark", "a-file", "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("a-file exists and is not a folder"), "{}", run.stderr);

    std::fs::remove_file(&mine).unwrap();
    let run = t.kaoping(&["run", "2026-11", "--mark", "marked"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(mine.is_file(), "{}", run.stderr);
    assert!(!t.root().join("kaoping-2026-11.xlsx").exists(), "no report");
}
