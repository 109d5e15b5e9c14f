//! The physical floor for the benchmark (docs/performance.md): what the two
//! libraries alone cost, with none of kaoping's work.
//!
//! `floor read FILE...`   opens every sheet with calamine and visits every cell (streamed, as kaoping reads).
//! `floor write N OUT`    writes a plain workbook of N cells with rust_xlsxwriter, no formats.
//! `floor count FILE`     counts the non-empty cells of a workbook (to size `write`).

use std::time::Instant;

use std::io::Cursor;

use calamine::{Data, DataRef, Reader, Xlsb, Xlsx, open_workbook_auto_from_rs};
use rust_xlsxwriter::Workbook;

/// Every cell of every sheet, with the API kaoping itself uses: xlsx and xlsb streamed
/// cell by cell (`worksheet_cells_reader`, no `Range` built), xls and ods as a `Range`
/// (calamine has no streaming reader for them). The file is read into memory first, as
/// kaoping does (it hashes the bytes), and opened from a `Cursor`.
fn read(files: &[String]) -> usize {
    let mut cells = 0usize;
    for file in files {
        let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let lower = file.to_ascii_lowercase();
        if lower.ends_with(".xlsx") || lower.ends_with(".xlsm") {
            let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(&bytes[..])).unwrap_or_else(|e| panic!("{file}: {e}"));
            for name in wb.sheet_names() {
                let mut r = wb.worksheet_cells_reader(&name).unwrap_or_else(|e| panic!("{file} {name}: {e}"));
                while let Some(c) = r.next_cell().unwrap_or_else(|e| panic!("{file} {name}: {e}")) {
                    if !matches!(c.get_value(), DataRef::Empty) {
                        cells += 1;
                    }
                }
            }
        } else if lower.ends_with(".xlsb") {
            let mut wb: Xlsb<_> = Xlsb::new(Cursor::new(&bytes[..])).unwrap_or_else(|e| panic!("{file}: {e}"));
            for name in wb.sheet_names() {
                let mut r = wb.worksheet_cells_reader(&name).unwrap_or_else(|e| panic!("{file} {name}: {e}"));
                while let Some(c) = r.next_cell().unwrap_or_else(|e| panic!("{file} {name}: {e}")) {
                    if !matches!(c.get_value(), DataRef::Empty) {
                        cells += 1;
                    }
                }
            }
        } else {
            let mut wb = open_workbook_auto_from_rs(Cursor::new(&bytes[..])).unwrap_or_else(|e| panic!("{file}: {e}"));
            for name in wb.sheet_names() {
                let range = wb.worksheet_range(&name).unwrap_or_else(|e| panic!("{file} {name}: {e}"));
                cells += range.used_cells().filter(|(_, _, d)| !matches!(d, Data::Empty)).count();
            }
        }
    }
    cells
}

fn write(cells: usize, out: &str) {
    const COLS: usize = 20;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for k in 0..cells {
        let (r, c) = ((k / COLS) as u32, (k % COLS) as u16);
        if c % 4 == 0 {
            ws.write_string(r, c, format!("P{r:05}")).expect("write");
        } else {
            ws.write_number(r, c, (k % 1000) as f64 * 0.37).expect("write");
        }
    }
    wb.save(out).expect("save");
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let start = Instant::now();
    match args.first().map(String::as_str) {
        Some("read") => {
            let n = read(&args[1..]);
            eprintln!("read {n} cells in {:.3} s", start.elapsed().as_secs_f64());
        }
        Some("write") => {
            let n: usize = args[1].parse().expect("a cell count");
            write(n, &args[2]);
            eprintln!("wrote {n} cells in {:.3} s", start.elapsed().as_secs_f64());
        }
        Some("count") => println!("{}", read(&args[1..2])),
        _ => {
            eprintln!("usage: floor read FILE... | floor write N OUT | floor count FILE");
            std::process::exit(2);
        }
    }
}
