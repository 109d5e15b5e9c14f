//! A small builder for end-to-end tests: a temp folder, input workbooks written
//! cell by cell, and the real binary run on them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;

/// One cell of a test sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    S(String),
    N(f64),
    /// A date cell (year, month, day).
    D(u16, u8, u8),
    Blank,
}

pub fn s(text: &str) -> Cell {
    Cell::S(text.to_string())
}

pub fn n(v: f64) -> Cell {
    Cell::N(v)
}

pub fn d(y: u16, m: u8, day: u8) -> Cell {
    Cell::D(y, m, day)
}

/// A sheet: rows of cells (row 0 is Excel row 1) and merged ranges.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
    /// (first row, first col, last row, last col), 0-based.
    pub merges: Vec<(u32, u16, u32, u16)>,
    /// Written as a hidden sheet.
    pub hidden: bool,
}

impl Sheet {
    pub fn new(name: &str, rows: Vec<Vec<Cell>>) -> Sheet {
        Sheet { name: name.to_string(), rows, merges: Vec::new(), hidden: false }
    }

    /// Sets the cell at an Excel row (1-based) and 0-based column, growing the row.
    pub fn set(&mut self, row: usize, col: usize, cell: Cell) {
        while self.rows.len() < row {
            self.rows.push(Vec::new());
        }
        let r = &mut self.rows[row - 1];
        while r.len() <= col {
            r.push(Cell::Blank);
        }
        r[col] = cell;
    }

    /// The 0-based column whose header (row 1) is `header`.
    pub fn col(&self, header: &str) -> usize {
        self.rows[0].iter().position(|c| *c == s(header)).unwrap_or_else(|| panic!("no column {header}"))
    }
}

/// Input workbooks by file name (relative to the month folder).
#[derive(Debug, Clone, Default)]
pub struct Books {
    pub files: BTreeMap<String, Vec<Sheet>>,
}

impl Books {
    pub fn sheet(&mut self, file: &str, sheet: &str) -> &mut Sheet {
        self.files
            .get_mut(file)
            .and_then(|f| f.iter_mut().find(|s| s.name == sheet))
            .unwrap_or_else(|| panic!("no sheet {file}[{sheet}]"))
    }

    pub fn write(&self, dir: &Path) {
        for (file, sheets) in &self.files {
            write_book(&dir.join(file), sheets);
        }
    }
}

pub fn write_book(path: &Path, sheets: &[Sheet]) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for sheet in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name).unwrap();
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Cell::S(t) => ws.write_string(r, c, t).map(|_| ()).unwrap(),
                    Cell::N(v) => ws.write_number(r, c, *v).map(|_| ()).unwrap(),
                    Cell::D(y, m, day) => {
                        let dt = ExcelDateTime::from_ymd(*y, *m, *day).unwrap();
                        ws.write_datetime_with_format(r, c, &dt, &date).map(|_| ()).unwrap()
                    }
                    Cell::Blank => {}
                }
            }
        }
        for &(r1, c1, r2, c2) in &sheet.merges {
            let first = sheet.rows[r1 as usize].get(c1 as usize).cloned().unwrap_or(Cell::Blank);
            let text = match first {
                Cell::S(t) => t,
                Cell::N(v) => v.to_string(),
                _ => String::new(),
            };
            ws.merge_range(r1, c1, r2, c2, &text, &Format::new()).unwrap();
        }
        ws.set_hidden(sheet.hidden);
    }
    wb.save(path).unwrap();
}

/// A temp folder holding a month folder `2026-11/`, and the binary.
pub struct Test {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", self.stdout, self.stderr))
    }

    /// The checks with a given code, from `check --format json` or `run --json`.
    pub fn checks(&self, code: &str) -> Vec<Value> {
        self.json()["checks"].as_array().unwrap().iter().filter(|c| c["code"] == code).cloned().collect()
    }
}

impl Test {
    pub fn new() -> Test {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("2026-11")).unwrap();
        Test { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The month folder.
    pub fn month(&self) -> PathBuf {
        self.dir.path().join("2026-11")
    }

    /// Runs kaoping with `args`, in the temp folder.
    pub fn kaoping(&self, args: &[&str]) -> Run {
        self.kaoping_env(args, &[])
    }

    pub fn kaoping_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kaoping"));
        cmd.args(args).current_dir(self.dir.path()).env_remove("NO_COLOR").env_remove("SOURCE_DATE_EPOCH");
        // Help and clap's errors follow the locale: the tests' own, whatever the machine's.
        cmd.env_remove("LC_ALL").env("LANG", "C.UTF-8");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let Output { status, stdout, stderr } = cmd.output().unwrap();
        Run {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8(stdout).unwrap(),
            stderr: String::from_utf8(stderr).unwrap(),
        }
    }

    /// `check 2026-11 --format json`.
    pub fn check_json(&self) -> Run {
        self.kaoping(&["check", "2026-11", "--format", "json", "--lang", "en"])
    }
}

fn header(names: &[&str]) -> Vec<Cell> {
    names.iter().map(|h| s(h)).collect()
}

/// A small month that checks with no errors: 2 PMs, 4 projects, 8 agents, QA every
/// day, 5 reviews each, one complaint, one task each, one adjustment.
pub fn valid_month() -> Books {
    let mut books = Books::default();
    let managers = Sheet::new(
        "项目经理",
        vec![
            header(&["项目经理工号", "姓名", "奖金基数"]),
            vec![s("P01"), s("张伟"), n(5000.0)],
            vec![s("P02"), s("李娜"), n(4000.0)],
        ],
    );
    let mut agents = vec![header(&[
        "座席工号",
        "项目编号",
        "入职日期",
        "离职日期",
        "应出勤天数",
        "实际出勤天数",
        "加班排班天数",
        "加班出勤天数",
        "加班时长",
        "外呼量",
        "接通量",
        "成功订制量",
        "营业收入",
        "姓名",
    ])];
    for (k, project) in ["X01", "X01", "X02", "X02", "X03", "X03", "X04", "X04"].iter().enumerate() {
        let k = k as f64;
        agents.push(vec![
            s(&format!("A{:03}", k as u32 + 1)),
            s(project),
            d(2025, 3, 1),
            Cell::Blank,
            n(22.0),
            n(21.0),
            n(2.0),
            n(2.0),
            n(10.0 + k),
            n(1000.0 + 10.0 * k),
            n(400.0),
            n(40.0 + k),
            n(1200.0 + 100.0 * k),
            s(&format!("座席{}", k as u32 + 1)),
        ]);
    }
    books.files.insert("运营部.xlsx".into(), vec![managers, Sheet::new("座席", agents)]);

    let projects = Sheet::new(
        "项目",
        vec![
            header(&["项目编号", "项目名称", "项目经理工号", "计划业务量", "座席数", "地区", "合作方"]),
            vec![s("X01"), s("宽带续约"), s("P01"), n(2500.0), n(2.0), s("北京"), s("联通")],
            vec![s("X02"), s("彩铃推广"), s("P01"), n(2800.0), n(2.0), s("北京"), s("移动")],
            vec![s("X03"), s("流量包"), s("P02"), n(3200.0), n(2.0), s("上海"), s("电信")],
            vec![s("X04"), s("会员权益"), s("P02"), n(3500.0), n(2.0), s("上海"), s("电信")],
        ],
    );
    let events = Sheet::new(
        "合作方质量事件",
        vec![
            header(&["项目编号", "事件类型", "日期", "损失业务量", "严重", "说明"]),
            vec![s("X03"), s("投诉"), d(2026, 11, 12), n(0.0), s("否"), s("客户投诉话术")],
        ],
    );
    books.files.insert("市场部.xlsx".into(), vec![projects, events]);

    let mut qa = vec![header(&["抽检日期", "项目编号", "抽检数", "分类错误数"])];
    for day in 1..=30u8 {
        for project in ["X01", "X02", "X03", "X04"] {
            qa.push(vec![d(2026, 11, day), s(project), n(50.0), n(if day % 10 == 0 { 1.0 } else { 0.0 })]);
        }
    }
    books.files.insert("质检.xlsx".into(), vec![Sheet::new("日常抽检", qa)]);

    let mut reviews = vec![header(&["项目经理工号", "评价人", "评分", "部门"])];
    for pm in ["P01", "P02"] {
        for (k, score) in [90.0, 85.0, 95.0, 80.0, 88.0].iter().enumerate() {
            reviews.push(vec![
                s(pm),
                s(&format!("评价人{k}")),
                n(*score),
                s(if k % 2 == 0 { "增值部" } else { "市场部" }),
            ]);
        }
    }
    let tasks = Sheet::new(
        "上级交办工作",
        vec![
            header(&["项目经理工号", "任务", "完成情况"]),
            vec![s("P01"), s("月度培训"), s("按时完成")],
            vec![s("P02"), s("质检整改"), s("延期完成")],
        ],
    );
    let adjustments = Sheet::new(
        "人工扣分",
        vec![header(&["项目经理工号", "项次", "扣分", "扣分理由"]), vec![s("P01"), n(2.0), n(0.5), s("报表数据不实")]],
    );
    books.files.insert("增值部.xlsx".into(), vec![Sheet::new("综合评价", reviews), tasks, adjustments]);
    books
}

/// Writes [`valid_month`] to `$KAOPING_WRITE_VALID_MONTH`: how the committed Save-As
/// fixtures of `tests/fixtures/screen/` were made (see its README).
#[test]
#[ignore = "writes fixtures' sources on request"]
fn write_valid_month_for_fixtures() {
    let dir = std::env::var("KAOPING_WRITE_VALID_MONTH").expect("a folder");
    valid_month().write(Path::new(&dir));
}
