//! The workbook's look: formats made once, tier colours, column widths that fit
//! Chinese text, and the print setup every sheet shares.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use super::words;
use crate::diag::Severity;
use crate::model::Month;
use crate::text::Lang;

/// Light fills for cells, one per tier (1–5), used on every sheet.
pub const TIER_FILL: [u32; 5] = [0xC6EFCE, 0xDDEBF7, 0xFFF2CC, 0xFCE4D6, 0xFFC7CE];
/// Strong colours for charts and sheet tabs, one per tier.
pub const TIER_STRONG: [u32; 5] = [0x2E7D32, 0x1565C0, 0xF9A825, 0xEF6C00, 0xC62828];

pub const SCORE: &str = "0.00";
pub const MONEY: &str = "#,##0.00";
pub const RATE: &str = "0.00%";

/// Font size (points) of the ranking's notes; the body text is 11.
pub const NOTES_FONT: f64 = 9.0;
const BODY_FONT: f64 = 11.0;

const HEADER_FILL: u32 = 0x1F4E78;
const BORDER_COLOR: u32 = 0xA6A6A6;

/// The font of every cell: 等线 (DengXian), the CJK font Excel and WPS ship; named
/// with the GB2312 character set, so a viewer without it substitutes a Chinese font
/// rather than falling back to odd glyphs.
pub const FONT: &str = "等线";

/// A format in the report's font.
fn base() -> Format {
    Format::new().set_font_name(FONT).set_font_charset(134).set_font_family(2)
}

/// Every format the report uses, made once (1,000 PMs build in about a second).
pub struct Formats {
    pub title: Format,
    pub title_draft: Format,
    pub subtitle: Format,
    pub header: Format,
    pub section: Format,
    pub text: Format,
    pub text_center: Format,
    pub wrap: Format,
    pub int: Format,
    pub score: Format,
    pub score_bold: Format,
    pub money: Format,
    pub money_bold: Format,
    pub rate: Format,
    pub decimal: Format,
    pub label: Format,
    pub note: Format,
    pub flag: Format,
    pub tier: [Format; 5],
    pub severity: [Format; 3],
    pub sign: Format,
    pub sign_right: Format,
    pub sign_line: Format,
    pub mono: Format,
    pub title_center: Format,
    pub title_draft_center: Format,
    pub flag_wrap: Format,
    pub size: Format,
    pub label_int: Format,
    pub plain_wrap: Format,
    /// The ranking's notes: smaller, so a PM's ten reasons take fewer, shorter lines.
    pub notes: Format,
    /// The scorecard's numbers sit in the middle of their boxes, like a paper form.
    pub score_center: Format,
    pub score_center_bold: Format,
    pub money_center: Format,
    pub money_center_bold: Format,
    pub decimal_center: Format,
    /// The band across a draft: white on red.
    pub draft_band: Format,
    /// Runs of a rich string: the plain text, and the grey of a scorecard's key figures.
    pub run: Format,
    pub run_muted: Format,
    /// A link in a bordered cell (the ranking's PM ids open their scorecards).
    pub link: Format,
}

impl Formats {
    /// Every cell format, always in this order.
    pub fn all(&self) -> impl Iterator<Item = &Format> {
        [
            &self.title,
            &self.title_draft,
            &self.subtitle,
            &self.header,
            &self.section,
            &self.text,
            &self.text_center,
            &self.wrap,
            &self.int,
            &self.score,
            &self.score_bold,
            &self.money,
            &self.money_bold,
            &self.rate,
            &self.decimal,
            &self.label,
            &self.note,
            &self.flag,
            &self.sign,
            &self.sign_right,
            &self.sign_line,
            &self.mono,
            &self.title_center,
            &self.title_draft_center,
            &self.flag_wrap,
            &self.size,
            &self.label_int,
            &self.plain_wrap,
            &self.notes,
            &self.score_center,
            &self.score_center_bold,
            &self.money_center,
            &self.money_center_bold,
            &self.decimal_center,
            &self.draft_band,
            &self.link,
            &self.run,
            &self.run_muted,
        ]
        .into_iter()
        .chain(&self.tier)
        .chain(&self.severity)
    }

    pub fn new() -> Formats {
        let cell = base()
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(BORDER_COLOR))
            .set_align(FormatAlign::VerticalCenter);
        let title = base().set_bold().set_font_size(16).set_align(FormatAlign::VerticalCenter);
        let red = Color::RGB(0xC00000);
        let flag = cell.clone().set_bold().set_font_color(red).set_background_color(Color::RGB(0xFFEB9C));
        Formats {
            title_center: title.clone().set_align(FormatAlign::Center),
            title_draft_center: title.clone().set_font_color(red).set_align(FormatAlign::Center),
            flag_wrap: flag.clone().set_text_wrap(),
            flag,
            title_draft: title.clone().set_font_color(red),
            title,
            subtitle: base().set_font_size(9).set_font_color(Color::RGB(0x595959)),
            header: cell
                .clone()
                .set_bold()
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(HEADER_FILL))
                .set_text_wrap()
                .set_align(FormatAlign::Center),
            section: base().set_bold().set_font_size(12).set_font_color(Color::RGB(HEADER_FILL)),
            text: cell.clone(),
            text_center: cell.clone().set_align(FormatAlign::Center),
            // Wrapped text stays vertically centred like its neighbours: a row whose
            // reason takes three lines keeps its id and points level with the text.
            // An indent keeps reasons off the right-aligned points and bonus beside them.
            wrap: cell.clone().set_text_wrap().set_align(FormatAlign::Left).set_indent(1),
            notes: cell.clone().set_align(FormatAlign::Left).set_indent(1).set_font_size(NOTES_FONT),
            score_center: cell.clone().set_num_format(SCORE).set_align(FormatAlign::Center),
            score_center_bold: cell.clone().set_num_format(SCORE).set_align(FormatAlign::Center).set_bold(),
            money_center: cell.clone().set_num_format(MONEY).set_align(FormatAlign::Center),
            money_center_bold: cell.clone().set_num_format(MONEY).set_align(FormatAlign::Center).set_bold(),
            decimal_center: cell.clone().set_num_format("0.00").set_align(FormatAlign::Center),
            draft_band: base()
                .set_bold()
                .set_font_size(12)
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(0xC00000))
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            run: base(),
            link: cell
                .clone()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
            run_muted: base().set_font_color(Color::RGB(0x595959)),
            int: cell.clone().set_num_format("0"),
            score: cell.clone().set_num_format(SCORE),
            score_bold: cell.clone().set_num_format(SCORE).set_bold(),
            money: cell.clone().set_num_format(MONEY),
            money_bold: cell.clone().set_num_format(MONEY).set_bold(),
            rate: cell.clone().set_num_format(RATE),
            decimal: cell.clone().set_num_format("0.00"),
            label: cell.clone().set_bold().set_background_color(Color::RGB(0xF2F2F2)),
            note: base().set_italic().set_font_color(Color::RGB(0x595959)),
            tier: TIER_FILL
                .map(|c| cell.clone().set_bold().set_align(FormatAlign::Center).set_background_color(Color::RGB(c))),
            severity: [0xFFC7CE, 0xFFEB9C, 0xDDEBF7].map(|c| cell.clone().set_background_color(Color::RGB(c))),
            sign: base().set_font_size(12).set_align(FormatAlign::Bottom),
            sign_right: base().set_font_size(12).set_align(FormatAlign::Bottom).set_align(FormatAlign::Right),
            sign_line: base().set_border_bottom(FormatBorder::Thin),
            size: cell.clone().set_num_format("#,##0"),
            label_int: cell.clone().set_bold().set_background_color(Color::RGB(0xF2F2F2)).set_num_format("0"),
            plain_wrap: base().set_font_size(11).set_text_wrap(),
            mono: cell.set_font_name("Consolas").set_font_size(9),
        }
    }

    /// The fill of tier 1–5 (anything else counts as tier 5).
    pub fn tier(&self, tier: u8) -> &Format {
        &self.tier[usize::from(tier.clamp(1, 5)) - 1]
    }

    pub fn severity(&self, s: Severity) -> &Format {
        &self.severity[match s {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        }]
    }
}

/// Display width of a text in "characters" as a spreadsheet column counts them:
/// a CJK character is two (unicode-width), with a margin for the wider CJK glyphs.
pub fn text_width(s: &str) -> f64 {
    s.lines().map(line_width).fold(0.0, f64::max)
}

fn line_width(line: &str) -> f64 {
    line.chars()
        .map(|c| match unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) {
            2 => 2.2,
            w => w as f64,
        })
        .sum()
}

/// How many lines a viewer's word wrap makes of `line` in `usable` columns: a Latin
/// word (`179,476.50`) moves whole to the next line unless it is longer than a line,
/// a CJK character may start any line, and a space at the end of a line takes none.
/// Counting only the total width (width ÷ usable) misses the room a moved word
/// leaves, and a row shows a line too few.
fn wrapped_lines(line: &str, usable: f64) -> f64 {
    let mut lines = 1.0;
    let mut at = 0.0;
    let mut place = |width: f64, at: &mut f64| {
        if width == 0.0 {
        } else if *at + width <= usable {
            *at += width;
        } else if width <= usable {
            lines += 1.0;
            *at = width;
        } else {
            let run = *at + width;
            lines += (run / usable).ceil() - 1.0;
            *at = run - ((run / usable).ceil() - 1.0) * usable;
        }
    };
    let mut word = 0.0;
    for c in line.chars() {
        let w = line_width(c.encode_utf8(&mut [0; 4]));
        if c == ' ' {
            place(word, &mut at);
            word = 0.0;
            if at + w <= usable {
                at += w;
            }
        } else if unicode_width::UnicodeWidthChar::width(c) == Some(2) {
            place(word, &mut at);
            word = 0.0;
            place(w, &mut at);
        } else {
            word += w;
        }
    }
    place(word, &mut at);
    lines
}

/// Width of the longest run of `s` a viewer cannot break: a Latin word; a CJK
/// character stands alone (where [`longest_word_width`] keeps a CJK header whole).
pub fn longest_unbreakable_width(s: &str) -> f64 {
    s.split(|c: char| c.is_whitespace() || unicode_width::UnicodeWidthChar::width(c) == Some(2))
        .map(line_width)
        .fold(line_width_of_widest_cjk(s), f64::max)
}

/// 2.2 when `s` holds a CJK character (its width), else 0.
fn line_width_of_widest_cjk(s: &str) -> f64 {
    if s.chars().any(|c| unicode_width::UnicodeWidthChar::width(c) == Some(2)) { line_width("中") } else { 0.0 }
}

/// Width of the longest word of `s`: a wrapped header column narrower than this
/// breaks a word in the middle (`subscriptio` / `n`). CJK text breaks anywhere.
pub fn longest_word_width(s: &str) -> f64 {
    s.split_whitespace().map(line_width).fold(0.0, f64::max)
}

/// A cell holds at most 32,767 characters; longer text (hundreds of deductions in
/// one note) is cut with an ellipsis instead of failing the whole workbook.
pub fn clip(s: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 32_000;
    if s.chars().count() <= MAX {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.chars().take(MAX).chain("…".chars()).collect())
    }
}

/// Column widths grown as cells are written, applied once at the end.
pub struct Widths {
    widths: Vec<f64>,
    cap: f64,
}

impl Widths {
    pub fn new(cols: usize, cap: f64) -> Widths {
        Widths { widths: vec![6.0; cols], cap }
    }

    /// Makes room for `s` in column `col`.
    pub fn fit(&mut self, col: u16, s: &str) {
        let w = text_width(s) + 2.0;
        if let Some(slot) = self.widths.get_mut(usize::from(col))
            && w > *slot
        {
            *slot = w.min(self.cap);
        }
    }

    /// Fixes a column's width (wrapped text columns).
    pub fn set(&mut self, col: u16, w: f64) {
        if let Some(slot) = self.widths.get_mut(usize::from(col)) {
            *slot = w;
        }
    }

    pub fn at_least(&mut self, col: u16, w: f64) {
        if let Some(slot) = self.widths.get_mut(usize::from(col)) {
            *slot = slot.max(w);
        }
    }

    pub fn get(&self, col: u16) -> f64 {
        self.widths.get(usize::from(col)).copied().unwrap_or(8.0)
    }

    pub fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (col, w) in self.widths.iter().enumerate() {
            ws.set_column_width(col as u16, *w)?;
        }
        Ok(())
    }
}

/// A row height (points) that shows `s` wrapped in a column `width` characters wide.
/// Lines with CJK text are taller than Latin ones in the fonts viewers fall back to.
pub fn wrapped_height(s: &str, width: f64) -> f64 {
    wrapped_height_at(s, width, BODY_FONT)
}

/// [`wrapped_height`] for text in a `font`-point font: a column's width counts
/// characters of the 11-point body font, so a smaller font fits more per line.
pub fn wrapped_height_at(s: &str, width: f64, font: f64) -> f64 {
    let scale = font / BODY_FONT;
    let usable = ((width - 1.5) / scale).max(4.0);
    let points: f64 = s
        .lines()
        .map(|l| {
            let lines = wrapped_lines(l, usable);
            let cjk = l.chars().any(|c| unicode_width::UnicodeWidthChar::width(c) == Some(2));
            lines * scale * if cjk { 16.0 } else { 13.5 }
        })
        .sum();
    (points.max(15.0) + 4.0).min(409.0)
}

/// Printed width (points at 100 %) of a column `width` characters wide, as the wider
/// of the two viewers draws it: Excel shows a character of the default font (Calibri
/// 11) as 7 px and adds 5 px of padding; LibreOffice (Carlito) 7.5 px per character
/// of the stored width, which is 0.71 more than `width` (measured on the scorecard).
pub fn column_points(width: f64) -> f64 {
    (width + 0.71) * 7.5 * 0.75
}

/// The width between A4 landscape's margins (0.3 in each side), in points, less a
/// tenth: a block that overflows by a hair prints its last column alone on a page of
/// its own, and LibreOffice overflowed the Metrics' blocks at a twentieth.
const LANDSCAPE_POINTS: f64 = (11.69 - 0.6) * 72.0 * 0.9;

/// The width and height between A4 portrait's margins (0.3 in each side, 0.6 in top
/// and bottom), in points, less a twentieth across and a thirtieth down for rounding.
pub const PORTRAIT_POINTS: (f64, f64) = ((8.27 - 0.6) * 72.0 * 0.95, (11.69 - 1.2) * 72.0 * 0.97);

/// Splits columns of these `widths` into print blocks, each one A4 landscape page
/// wide at ≥ 75 % (body text ≥ 8.25 pt): the first block from column 0, each further
/// one starting with the first `repeated` columns again. Gives the columns the blocks
/// after the first start at (for vertical page breaks) and the print scale (%).
pub fn print_blocks(widths: &[f64], repeated: usize) -> (Vec<u16>, u16) {
    const MIN_SCALE: f64 = 0.75;
    let capacity = LANDSCAPE_POINTS / MIN_SCALE;
    let pts: Vec<f64> = widths.iter().map(|w| column_points(*w)).collect();
    let fixed: f64 = pts.iter().take(repeated).sum();
    let (mut breaks, mut block, mut widest) = (Vec::new(), 0.0, 0.0_f64);
    for (col, w) in pts.iter().enumerate() {
        if block + w > capacity && col > repeated && block > fixed {
            widest = widest.max(block);
            breaks.push(col as u16);
            block = fixed;
        }
        block += w;
    }
    widest = widest.max(block);
    let scale = (100.0 * LANDSCAPE_POINTS / widest).floor().clamp(10.0, 100.0);
    (breaks, scale as u16)
}

/// The document properties of every workbook kaoping writes: its title, kaoping as the
/// author and last to modify it, the creation time (a time out of range falls back to
/// 1980, the zip epoch, so the bytes stay reproducible), and kaoping's mark — so that
/// a workbook of kaoping's dropped among the inputs is skipped (`own-output`) — with
/// `extra` custom properties (the month a report is about).
///
/// # Errors
/// rust_xlsxwriter refused the time (it should not after the clamp).
pub fn doc_properties(
    title: &str,
    created: i64,
    extra: &[(&str, &str)],
) -> Result<rust_xlsxwriter::DocProperties, XlsxError> {
    let created = rust_xlsxwriter::ExcelDateTime::from_timestamp(created.clamp(315_532_800, 253_402_300_799))
        .or_else(|_| rust_xlsxwriter::ExcelDateTime::from_ymd(1980, 1, 1))?;
    let mut props = rust_xlsxwriter::DocProperties::new()
        .set_title(title)
        .set_author("kaoping")
        .set_company("kaoping")
        .set_creation_datetime(&created)
        .set_custom_property(crate::REPORT_MARK, crate::VERSION);
    for (k, v) in extra {
        props = props.set_custom_property(*k, *v);
    }
    Ok(props)
}

/// Paper, orientation, fit, repeated rows and footer for one sheet.
pub fn print_setup(
    ws: &mut Worksheet,
    month: Month,
    lang: Lang,
    draft: bool,
    landscape: bool,
    repeat: Option<(u32, u32)>,
) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    if landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.3, 0.3, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    if let Some((first, last)) = repeat {
        ws.set_repeat_rows(first, last)?;
    }
    ws.set_footer(words::footer(month, lang));
    if draft {
        ws.set_header(format!("&C&\"-,Bold\"&KC00000{}", words::DRAFT_STATE.get(lang)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Formats::all` names every format of the struct (a large report registers them in
    /// that order before two threads fill its sheets; one left out would be numbered by
    /// whichever thread met it first, and the same month would not give the same bytes).
    #[test]
    fn all_names_every_format() {
        let source = include_str!("style.rs");
        let fields = source.split("pub struct Formats {").nth(1).unwrap().split("\n}").next().unwrap();
        let mut declared = 0;
        for line in fields.lines().map(str::trim).filter(|l| l.starts_with("pub ")) {
            declared += match line.split(": ").nth(1).unwrap().trim_end_matches(',') {
                "Format" => 1,
                array => array.trim_start_matches("[Format; ").trim_end_matches(']').parse::<usize>().unwrap(),
            };
        }
        let formats = Formats::new();
        assert_eq!(formats.all().count(), declared);
        let distinct: Vec<*const Format> = formats.all().map(|f| f as *const Format).collect();
        assert_eq!(distinct.iter().collect::<std::collections::HashSet<_>>().len(), declared, "none twice");
    }

    /// The printed width of each block `print_blocks` makes, at 100 %.
    fn blocks(widths: &[f64], repeated: usize, breaks: &[u16]) -> Vec<f64> {
        let fixed: f64 = widths.iter().take(repeated).map(|w| column_points(*w)).sum();
        let mut starts = vec![0usize];
        starts.extend(breaks.iter().map(|&b| usize::from(b)));
        let ends: Vec<usize> = starts.iter().skip(1).copied().chain([widths.len()]).collect();
        starts
            .iter()
            .zip(ends)
            .enumerate()
            .map(|(i, (&a, b))| {
                let own: f64 = widths[a..b].iter().map(|w| column_points(*w)).sum();
                if i == 0 { own } else { fixed + own }
            })
            .collect()
    }

    #[test]
    fn print_blocks_fit_a_landscape_page_each_at_three_quarters_or_more() {
        // Thirty-four columns as the Metrics sheet has them: id, name, rank, tier, 30 metrics.
        let mut widths = vec![8.0, 16.0, 6.0, 6.0];
        widths.extend((0..30).map(|i| [10.0, 14.0, 16.0][i % 3]));
        let (breaks, scale) = print_blocks(&widths, 2);
        assert!((75..=100).contains(&scale), "{scale}");
        assert!(breaks.windows(2).all(|w| w[0] < w[1]) && breaks.iter().all(|&b| b > 2), "{breaks:?}");
        for width in blocks(&widths, 2, &breaks) {
            assert!(width * f64::from(scale) / 100.0 <= LANDSCAPE_POINTS + 1e-9, "{width} at {scale}%");
        }
        // Each block is as full as it can be: the next block's first column would not
        // have fitted at 75 %.
        let widths_of = blocks(&widths, 2, &breaks);
        for (block, &next) in widths_of.iter().zip(&breaks) {
            assert!(block + column_points(widths[usize::from(next)]) > LANDSCAPE_POINTS / 0.75, "{block}");
        }
    }

    #[test]
    fn a_word_that_does_not_fit_moves_to_the_next_line() {
        // "aaaa bbbb" in 6 columns: "aaaa " (5), then "bbbb" (4) does not fit: 2 lines,
        // although 9 ÷ 6 rounds up to 2 as well; "aaa bbb ccc" in 7: "aaa bbb" (7),
        // "ccc": 2 lines; "aaaa bbbb cc" in 9: "aaaa " + "bbbb" = 9, then "cc": 2.
        assert_eq!(wrapped_lines("aaaa bbbb", 6.0), 2.0);
        assert_eq!(wrapped_lines("aaaa bbbb cc", 9.0), 2.0);
        // "12345 123456 1234" in 11: 5 + 1 + 6 > 11 → second line "123456 " (7) + 4 = 11:
        // 2 lines, where the words' total (17 ÷ 11) would also say 2 — and in 10 the
        // total says 2 (17 ÷ 10) while the wrap makes 3: "12345 ", "123456 ", "1234".
        assert_eq!(wrapped_lines("12345 123456 1234", 11.0), 2.0);
        assert_eq!(wrapped_lines("12345 123456 1234", 10.0), 3.0);
        // A word longer than a line is broken: 15 columns in 6 take 3 lines.
        assert_eq!(wrapped_lines("aaaaaaaaaaaaaaa", 6.0), 3.0);
        // CJK breaks anywhere: three characters of 2.2 in 5 columns: 2 + 1.
        assert_eq!(wrapped_lines("业务量", 5.0), 2.0);
        assert_eq!(wrapped_lines("", 5.0), 1.0);
    }

    #[test]
    fn a_cjk_text_breaks_anywhere_a_latin_word_nowhere() {
        assert_eq!(longest_unbreakable_width("人均月度成功订制量、人均营业收入"), 2.2);
        assert_eq!(longest_unbreakable_width("Partner satisfaction"), 12.0);
        assert_eq!(longest_unbreakable_width("出勤率、员工流失率 rate"), 4.0);
    }

    #[test]
    fn a_narrow_sheet_is_one_block_at_full_size() {
        let (breaks, scale) = print_blocks(&[8.0, 16.0, 10.0, 10.0], 2);
        assert!(breaks.is_empty());
        assert_eq!(scale, 100);
    }
}
