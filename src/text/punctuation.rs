//! Chinese sentences use full-width punctuation (`，；：（）`): a test reads every
//! Chinese half of a [`Text`](super::Text) written in `src/` (the first argument of
//! `t!`, `Text::of` and `Text::new`, or of the `format!` inside it) and names each ASCII
//! `,;:()` that touches a Chinese character.
//!
//! Only punctuation next to a Chinese character counts, so codes, cell references
//! (`D7`), format specs (`{x:.2}`), times (`12:00`), numbers (`1,234`) and paths are
//! left alone; so is a placeholder (`{}`), whose value the source cannot show.

use std::path::Path;

/// A Chinese character or full-width mark: ideographs, CJK punctuation, full-width forms.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// The ASCII marks in `zh` that should be full-width: `(index, mark)`.
fn half_width_marks(zh: &str) -> Vec<(usize, char)> {
    let chars: Vec<char> = zh.chars().collect();
    let mut found = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if !matches!(c, ',' | ';' | ':' | '(' | ')') {
            continue;
        }
        let before = i.checked_sub(1).map(|j| chars[j]).is_some_and(is_cjk);
        let after = chars.get(i + 1).copied().is_some_and(is_cjk);
        if before || after {
            found.push((i, c));
        }
    }
    found
}

/// The string literal `src` starts with (after blanks and one `format!(`), unescaped
/// enough to be checked: `\"` and `\\` are kept as one character, line continuations dropped.
fn first_literal(src: &str) -> Option<String> {
    let mut rest = src.trim_start();
    if let Some(r) = rest.strip_prefix("format!(") {
        rest = r.trim_start();
    }
    let body = rest.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                '\n' => {
                    while chars.clone().next().is_some_and(char::is_whitespace) {
                        chars.next();
                    }
                }
                'n' => out.push('\n'),
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// Every Chinese half written in the Rust files under `dir`: `(file, line, text)`.
fn chinese_halves(dir: &Path) -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&d).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let src = std::fs::read_to_string(&path).unwrap();
            for opener in ["t!(", "Text::of(", "Text::new("] {
                for (at, _) in src.match_indices(opener) {
                    if let Some(zh) = first_literal(&src[at + opener.len()..]) {
                        let line = src[..at].matches('\n').count() + 1;
                        out.push((path.display().to_string(), line, zh));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn the_rule_finds_half_width_marks_only_beside_chinese() {
    let marks = |s: &str| half_width_marks(s).into_iter().map(|(_, c)| c).collect::<String>();
    assert_eq!(marks("文件是空的(0 字节)"), "()");
    assert_eq!(marks("考评人(签字)："), "()");
    assert_eq!(marks("错误,警告;提示:"), ",;:");
    assert_eq!(marks("(未识别)"), "()");
    // Not punctuation of a sentence: format specs, times, cells, numbers, codes, paths.
    for fine in [
        "{x:.2} 分",
        "12:00 之前",
        "单元格 D7",
        "1,234.5 元",
        "代码 (bad-value)",
        "C:\\数据\\11月.xlsx",
        "{name}({unit})",
        "完成率（{c}）：{v}",
        "https://example.com/a,b",
    ] {
        assert_eq!(marks(fine), "", "{fine}");
    }
}

#[test]
fn chinese_sentences_use_full_width_punctuation() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let halves = chinese_halves(&src);
    assert!(halves.len() > 500, "the scan found only {} Chinese texts", halves.len());
    let bad: Vec<String> = halves
        .iter()
        .filter(|(file, ..)| !file.ends_with("punctuation.rs"))
        .filter(|(.., zh)| !half_width_marks(zh).is_empty())
        .map(|(file, line, zh)| format!("{file}:{line}: {zh}"))
        .collect();
    assert!(bad.is_empty(), "ASCII punctuation beside Chinese (use ，；：（）):\n{}", bad.join("\n"));
}
