use proptest::prelude::*;

use super::*;

fn text(s: &str) -> Value {
    Value::Text(s.into())
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn ids() {
    assert_eq!(parse_id(&Value::Num(1001.0)).as_deref(), Some("1001"));
    assert_eq!(parse_id(&text(" 007 ")).as_deref(), Some("007"));
    assert_eq!(parse_id(&text("ＡＢ１２")).as_deref(), Some("AB12"));
    assert_eq!(parse_id(&Value::Num(12.5)).as_deref(), Some("12.5"));
    assert_eq!(parse_id(&Value::Bool(true)), None);
    assert_eq!(parse_id(&text("   ")), None);
}

#[test]
fn numbers_people_type() {
    let cases: [(&str, Option<f64>); 18] = [
        ("1234.5", Some(1234.5)),
        ("1,234.5", Some(1234.5)),
        ("1,234,567", Some(1234567.0)),
        ("１２３", Some(123.0)),
        ("¥1,000", Some(1000.0)),
        ("￥１，２００", Some(1200.0)),
        ("100元", Some(100.0)),
        ("12.5万", Some(125000.0)),
        ("1.2万元", Some(12000.0)),
        (" -3 ", Some(-3.0)),
        ("¥-5", Some(-5.0)),
        (".5", Some(0.5)),
        ("12,34", None),
        ("1e5", None),
        ("abc", None),
        ("", None),
        ("95%", None),
        ("1.2.3", None),
    ];
    for (s, want) in cases {
        assert_eq!(number_text(s), want, "{s:?}");
    }
    assert_eq!(parse_number(&Value::Num(f64::NAN)), None);
    assert_eq!(parse_number(&Value::Date(d(2026, 1, 1))), None);
}

#[test]
fn rates_only_where_asked() {
    assert_eq!(parse_rate(&text("95%")), Some(0.95));
    assert_eq!(parse_rate(&text("９５％")), Some(0.95));
    assert_eq!(parse_rate(&text("0.95")), Some(0.95));
    assert_eq!(parse_rate(&Value::Num(0.5)), Some(0.5));
    assert_eq!(parse_rate(&text("95%%")), None);
}

#[test]
fn dates() {
    for s in [
        "2026-11-03",
        "2026/11/3",
        "2026.11.3",
        "2026年11月3日",
        "20261103",
        "２０２６-１１-０３",
        "2026-11-03 08:30:00",
    ] {
        assert_eq!(date_text(s), Some(d(2026, 11, 3)), "{s}");
    }
    for s in ["2026-13-01", "2026-02-30", "11/3/2026", "2026-11", "abc", "", "1899-12-31", "2026年11月3"] {
        assert_eq!(date_text(s), None, "{s}");
    }
}

#[test]
fn dates_as_clerks_type_them() {
    use crate::model::Month;
    let nov = Month::new(2026, 11);
    assert_eq!(date_text("2026年11月3号"), Some(d(2026, 11, 3)));
    // Without the year, only when the month is known.
    for s in ["11月3日", "11月3号", "3日", "3号", "１１月３日"] {
        assert_eq!(date_text(s), None, "{s}");
        assert_eq!(date_text_in(s, nov), Some(d(2026, 11, 3)), "{s}");
    }
    assert_eq!(date_text_in("10月31日", nov), Some(d(2026, 10, 31)), "last month, same year");
    assert_eq!(date_text_in("12月31日", Month::new(2027, 1)), Some(d(2026, 12, 31)), "December before a January");
    assert_eq!(date_text_in("1月2日", Month::new(2026, 12)), Some(d(2027, 1, 2)), "January after a December");
    for s in ["13月3日", "11月31日", "32日", "月3日", "3"] {
        assert_eq!(date_text_in(s, nov), None, "{s}");
    }
    // Serials: 46329 is 2026-11-03 in the 1900 system (Excel shows the same);
    // 1 is 1900-01-01, 61 is 1900-03-01, Excel's phantom 1900-02-29 (60) is refused.
    assert_eq!(serial_date(46329.0, false), Some(d(2026, 11, 3)));
    assert_eq!(serial_date(46329.75, false), Some(d(2026, 11, 3)));
    assert_eq!(serial_date(1.0, false), Some(d(1900, 1, 1)));
    assert_eq!(serial_date(61.0, false), Some(d(1900, 3, 1)));
    assert_eq!(serial_date(60.0, false), None);
    // 1904 system: 46329 − 1462 = 44867 is the same day.
    assert_eq!(serial_date(44867.0, true), Some(d(2026, 11, 3)));
    assert_eq!(serial_date(-1.0, false), None);
    assert_eq!(serial_date(1e12, false), None);
    assert_eq!(parse_date(&Value::Num(46329.0), false, None), Some(d(2026, 11, 3)));
    assert_eq!(parse_date(&Value::Date(d(2026, 1, 5)), true, None), Some(d(2026, 1, 5)));
}

#[test]
fn yes_no_events_statuses() {
    for (s, want) in [
        ("是", true),
        ("否", false),
        ("Y", true),
        ("n", false),
        ("YES", true),
        ("False", false),
        ("1", true),
        ("0", false),
        ("√", true),
        ("×", false),
    ] {
        assert_eq!(parse_yes_no(&text(s)), Some(want), "{s}");
    }
    assert_eq!(parse_yes_no(&Value::Bool(true)), Some(true));
    assert_eq!(parse_yes_no(&Value::Num(0.0)), Some(false));
    assert_eq!(parse_yes_no(&text("maybe")), None);
    assert_eq!(parse_yes_no(&Value::Num(2.0)), None);

    assert_eq!(parse_event(&text("终止")), Some(EventKind::Terminated));
    assert_eq!(parse_event(&text(" Suspended ")), Some(EventKind::Suspended));
    assert_eq!(parse_event(&text("处罚")), Some(EventKind::Penalized));
    assert_eq!(parse_event(&text("COMPLAINT")), Some(EventKind::Complaint));
    assert_eq!(parse_event(&text("警告")), None);
    for k in EventKind::ALL {
        assert_eq!(parse_event(&text(&k.words().zh)), Some(k));
        assert_eq!(parse_event(&text(&k.words().en)), Some(k));
    }
    for s in TaskStatus::ALL {
        assert_eq!(parse_status(&text(&s.words().zh)), Some(s));
        assert_eq!(parse_status(&text(&s.words().en)), Some(s));
    }
    assert_eq!(parse_status(&text("已完成")), Some(TaskStatus::OnTime));
    assert_eq!(parse_status(&text("Not Done")), Some(TaskStatus::NotDone));
    assert_eq!(parse_status(&text("逾期完成")), Some(TaskStatus::Late));
    assert_eq!(parse_status(&text("未按时完成")), None);
}

proptest! {
    #[test]
    fn parsers_never_panic(s in "\\PC{0,40}") {
        let v = text(&s);
        let _ = (parse_id(&v), parse_text(&v), parse_number(&v), parse_rate(&v), parse_date(&v, false, None));
        let _ = (parse_yes_no(&v), parse_event(&v), parse_status(&v), word_key(&s));
    }

    #[test]
    fn numbers_round_trip(n in 0u64..1_000_000_000_000, cents in 0u32..100) {
        let plain = format!("{n}.{cents:02}");
        let x: f64 = plain.parse().unwrap();
        prop_assert_eq!(number_text(&plain), Some(x));
        // With thousands separators and a currency mark.
        let grouped = crate::text::num::count(n);
        prop_assert_eq!(number_text(&format!("¥{grouped}.{cents:02}")), Some(x));
        // Full-width digits.
        let wide: String = plain.chars().map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 - 0x30 + 0xFF10).unwrap() } else { c }).collect();
        prop_assert_eq!(number_text(&wide), Some(x));
    }

    #[test]
    fn dates_round_trip(days in 0i64..60_000) {
        let date = d(1950, 1, 1) + chrono::Duration::days(days);
        let forms = [
            date.format("%Y-%m-%d").to_string(),
            date.format("%Y/%-m/%-d").to_string(),
            date.format("%Y.%-m.%-d").to_string(),
            date.format("%Y年%-m月%-d日").to_string(),
            date.format("%Y%m%d").to_string(),
        ];
        for f in forms {
            prop_assert_eq!(date_text(&f), Some(date));
        }
        // A serial number and back: days since 1899-12-30 (1900 system), since 1904-01-01 (1904).
        let serial = (date - d(1899, 12, 30)).num_days() as f64;
        prop_assert_eq!(serial_date(serial, false), Some(date));
        prop_assert_eq!(serial_date(serial - 1462.0, true), Some(date));
    }

    #[test]
    fn ids_round_trip(n in 0u64..1_000_000_000_000u64) {
        prop_assert_eq!(parse_id(&Value::Num(n as f64)), Some(n.to_string()));
        prop_assert_eq!(parse_id(&text(&format!(" 0{n} "))), Some(format!("0{n}")));
    }
}

#[test]
fn times_of_day() {
    assert_eq!(time_text(0.396), "09:30:14");
    assert_eq!(time_text(9.5 / 24.0), "09:30");
    assert_eq!(time_text(0.0), "00:00");
    for t in ["09:30", "9:30:00", "９：３０", "上午9:30", "9:30 PM", "PT09H30M", "09:30:15.5"] {
        assert!(is_time_of_day(&text(t)), "{t}");
    }
    assert!(is_time_of_day(&Value::Num(0.5)));
    for t in ["2026-11-03 09:30", "2026-11-03", "930", "a:b", ":30", "09:30:15:00"] {
        assert!(!is_time_of_day(&text(t)), "{t}");
    }
    assert!(!is_time_of_day(&Value::Num(46000.5)));
    assert!(!is_time_of_day(&Value::Num(0.0)));
}
