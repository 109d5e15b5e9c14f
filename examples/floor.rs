//! The physical floor for the benchmark (docs/performance.md): what the two
//! libraries alone cost, with none of kaoping's work.
//!
//! `floor read FILE...`   opens every sheet with calamine and visits every cell.
//! `floor write N OUT`    writes a plain workbook of N cells with rust_xlsxwriter, no formats.
//! `floor count FILE`     counts the non-empty cells of a workbook (to size `write`).

use std::time::Instant;

use calamine::{Data, Reader, open_workbook_auto};
use rust_xlsxwriter::Workbook;

fn read(files: &[String]) -> usize {
    let mut cells = 0usize;
    for file in files {
        let mut wb = open_workbook_auto(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        for name in wb.sheet_names() {
            let range = wb.worksheet_range(&name).unwrap_or_else(|e| panic!("{file} {name}: {e}"));
            for row in range.rows() {
                for cell in row {
                    if !matches!(cell, Data::Empty) {
                        cells += 1;
                    }
                }
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
