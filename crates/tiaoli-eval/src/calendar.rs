//! Calendar arithmetic with the semantics docs/language.md documents.
//!
//! - Adding months keeps the day of the month, or takes the month's last day
//!   when it has no such day: 2021-01-31 + 1 month = 2021-02-28, and
//!   2024-02-29 + 1 year = 2025-02-28.
//! - Months are added before days.
//! - `date - date` is a number of days.
//! - A legal period ([`period_end`], the deadlines `within … after …` and
//!   `every … since …`) follows the Civil Code, arts. 200–204: it starts on
//!   the day after the event (art. 201), so "within N months/days of D"
//!   ends on `D + N`, the corresponding day of the last month or that
//!   month's last day when there is none (art. 202); and when that last day
//!   is a statutory rest day (法定休假日) the period ends on the day after
//!   the rest days (art. 203). Rest days are the State Council's holidays
//!   and the weekends that are not adjusted working days (调休上班), from
//!   the shipped holiday notices (`calendar/cn/YEAR.txt`); a year without a
//!   notice is not shifted, and [`PeriodEnd::uncovered`] says so.

use std::sync::LazyLock;

use jiff::Span;
use jiff::civil::Date;

use crate::value::Dur;

/// `date + dur`, or None when the result leaves jiff's range.
pub fn add(date: Date, dur: Dur) -> Option<Date> {
    let with_months = if dur.months == 0 {
        date
    } else {
        add_months(date, dur.months)?
    };
    if dur.days == 0 {
        Some(with_months)
    } else {
        // `try_days`: `.days()` panics past what a span holds.
        let days = Span::new().try_days(i64::from(dur.days)).ok()?;
        with_months.checked_add(days).ok()
    }
}

/// `date + months`, the day clamped to the month's last: what jiff's
/// `date.checked_add(months.months())` gives, without its general span
/// arithmetic (evaluation adds months to dates all the time).
fn add_months(date: Date, months: i32) -> Option<Date> {
    let index = i64::from(date.year()) * 12 + i64::from(date.month()) - 1 + i64::from(months);
    let year = i16::try_from(index.div_euclid(12)).ok()?;
    let month = (index.rem_euclid(12) + 1) as i8;
    let day = date.day().min(days_in_month(year, month));
    Date::new(year, month, day).ok()
}

fn days_in_month(year: i16, month: i8) -> i8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The last day of a legal period, and whether the holiday calendar
/// covered it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeriodEnd {
    /// The last day on which the act is in time.
    pub last_day: Date,
    /// A year the shipped holiday notices do not cover, met while looking
    /// for the last day: the day was not moved past rest days in it.
    pub uncovered: Option<i16>,
}

/// The last day of a period of `dur` starting after `start` (Civil Code
/// arts. 201–203): `start + dur`, moved past statutory rest days. None
/// when the date leaves the calendar's range.
pub fn period_end(start: Date, dur: Dur) -> Option<PeriodEnd> {
    let mut day = add(start, dur)?;
    let calendar = &*CALENDAR;
    loop {
        match calendar.is_rest_day(day) {
            None => {
                return Some(PeriodEnd {
                    last_day: day,
                    uncovered: Some(day.year()),
                });
            }
            Some(false) => {
                return Some(PeriodEnd {
                    last_day: day,
                    uncovered: None,
                });
            }
            Some(true) => day = day.tomorrow().ok()?,
        }
    }
}

/// Whether `day` is a statutory rest day (a holiday, or a weekend that is
/// not an adjusted working day); None for a year no shipped notice covers.
pub fn is_rest_day(day: Date) -> Option<bool> {
    CALENDAR.is_rest_day(day)
}

/// The State Council General Office's notice behind a year of the
/// calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub year: i16,
    /// 国务院办公厅关于YYYY年部分节假日安排的通知
    pub title: String,
    /// Its document number, e.g. 国办发明电〔2024〕12号.
    pub document: String,
    /// The day it was issued.
    pub issued: Date,
    /// Where its text was read.
    pub source: String,
    /// Holidays (放假) and adjusted working days (调休上班) it sets.
    pub holidays: Vec<Date>,
    pub workdays: Vec<Date>,
}

/// The shipped notices, one file per year (parsed once, validated by the
/// tests).
const FILES: &[&str] = &[
    include_str!("../calendar/cn/2021.txt"),
    include_str!("../calendar/cn/2022.txt"),
    include_str!("../calendar/cn/2023.txt"),
    include_str!("../calendar/cn/2024.txt"),
    include_str!("../calendar/cn/2025.txt"),
    include_str!("../calendar/cn/2026.txt"),
];

/// The covered years' rest days: a bitset per year, by day of the year.
#[derive(Debug, Default)]
pub struct Calendar {
    first: i16,
    years: Vec<[u64; 6]>,
    notices: Vec<Notice>,
}

static CALENDAR: LazyLock<Calendar> = LazyLock::new(|| {
    let notices: Vec<Notice> = FILES.iter().filter_map(|t| parse_notice(t).ok()).collect();
    Calendar::new(notices)
});

/// The shipped notices, by year.
pub fn notices() -> &'static [Notice] {
    &CALENDAR.notices
}

/// The years the shipped notices cover, first and last.
pub fn covered_years() -> Option<(i16, i16)> {
    let c = &*CALENDAR;
    (!c.years.is_empty()).then(|| (c.first, c.first + c.years.len() as i16 - 1))
}

impl Calendar {
    /// Covers the notices' years, which must follow one another.
    fn new(mut notices: Vec<Notice>) -> Calendar {
        notices.sort_by_key(|n| n.year);
        let first = notices.first().map_or(0, |n| n.year);
        // Only an unbroken run of years from the first is covered.
        let run = notices
            .iter()
            .enumerate()
            .take_while(|(i, n)| i64::from(n.year) == i64::from(first) + *i as i64)
            .count();
        notices.truncate(run);
        let mut years = Vec::with_capacity(run);
        for n in &notices {
            let mut rest = [0u64; 6];
            let mut day = Date::new(n.year, 1, 1).unwrap_or_default();
            while day.year() == n.year {
                if matches!(
                    day.weekday(),
                    jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
                ) {
                    set_bit(&mut rest, day, true);
                }
                match day.tomorrow() {
                    Ok(d) => day = d,
                    Err(_) => break,
                }
            }
            years.push(rest);
        }
        let mut c = Calendar {
            first,
            years,
            notices: Vec::new(),
        };
        // A notice's days may lie in the year before (2023's New Year
        // holiday starts on 2022-12-31).
        for n in &notices {
            for (days, rest) in [(&n.holidays, true), (&n.workdays, false)] {
                for d in days {
                    if let Some(bits) = c.bits_mut(*d) {
                        set_bit(bits, *d, rest);
                    }
                }
            }
        }
        c.notices = notices;
        c
    }

    fn index(&self, day: Date) -> Option<usize> {
        let i = usize::try_from(i32::from(day.year()) - i32::from(self.first)).ok()?;
        (i < self.years.len()).then_some(i)
    }

    fn bits_mut(&mut self, day: Date) -> Option<&mut [u64; 6]> {
        let i = self.index(day)?;
        self.years.get_mut(i)
    }

    fn is_rest_day(&self, day: Date) -> Option<bool> {
        let bits = self.years.get(self.index(day)?)?;
        let n = (day.day_of_year() - 1) as usize;
        Some(bits[n / 64] >> (n % 64) & 1 == 1)
    }
}

fn set_bit(bits: &mut [u64; 6], day: Date, on: bool) {
    let n = (day.day_of_year() - 1) as usize;
    if on {
        bits[n / 64] |= 1 << (n % 64);
    } else {
        bits[n / 64] &= !(1 << (n % 64));
    }
}

/// Parses one notice file: `key = value` lines, `#` comments; `holiday`
/// and `workday` take a date or a range `A..B` (both ends included).
pub fn parse_notice(text: &str) -> Result<Notice, String> {
    let mut year = None;
    let (mut title, mut document, mut issued, mut source) = (None, None, None, None);
    let (mut holidays, mut workdays) = (Vec::new(), Vec::new());
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let at = |m: &str| format!("line {}: {m}", n + 1);
        let Some((key, value)) = line.split_once('=') else {
            return Err(at("expected `key = value`"));
        };
        let (key, value) = (key.trim(), value.trim());
        let date = |s: &str| {
            s.trim()
                .parse::<Date>()
                .map_err(|e| at(&format!("`{s}` is not a date: {e}")))
        };
        match key {
            "year" => {
                year = Some(
                    value
                        .parse::<i16>()
                        .map_err(|_| at(&format!("`{value}` is not a year")))?,
                )
            }
            "title" => title = Some(value.to_owned()),
            "document" => document = Some(value.to_owned()),
            "issued" => issued = Some(date(value)?),
            "source" => source = Some(value.to_owned()),
            "holiday" | "workday" => {
                let (a, b) = match value.split_once("..") {
                    Some((a, b)) => (date(a)?, date(b)?),
                    None => (date(value)?, date(value)?),
                };
                if b < a {
                    return Err(at("a range's end is before its start"));
                }
                let list = if key == "holiday" {
                    &mut holidays
                } else {
                    &mut workdays
                };
                let mut d = a;
                while d <= b {
                    list.push(d);
                    d = d.tomorrow().map_err(|e| at(&e.to_string()))?;
                }
            }
            _ => return Err(at(&format!("unknown key `{key}`"))),
        }
    }
    let need = |v: Option<String>, k: &str| v.ok_or_else(|| format!("no `{k}`"));
    Ok(Notice {
        year: year.ok_or("no `year`")?,
        title: need(title, "title")?,
        document: need(document, "document")?,
        issued: issued.ok_or("no `issued`")?,
        source: need(source, "source")?,
        holidays,
        workdays,
    })
}

/// `a - b` in days.
pub fn days_between(a: Date, b: Date) -> Option<Dur> {
    let span: Span = a.since(b).ok()?;
    Some(Dur {
        months: 0,
        days: span.get_days(),
    })
}

/// Orders two durations when that needs no date: of equal months, by
/// their days; of no days, by their months. A month is no fixed number of
/// days, so a duration of days and one of months have no order of their
/// own (None: unknown); the checker rejects such comparisons where it can
/// see the units (T009), and rules compare dates instead
/// (`as_of <= d + 1 month`).
pub fn compare(a: Dur, b: Dur, _anchor: Date) -> Option<std::cmp::Ordering> {
    if a.months == b.months {
        return Some(a.days.cmp(&b.days));
    }
    if a.days == 0 && b.days == 0 {
        return Some(a.months.cmp(&b.months));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::ToSpan;
    use jiff::civil::date;

    fn months(n: i32) -> Dur {
        Dur { months: n, days: 0 }
    }

    #[test]
    fn month_ends_clamp() {
        assert_eq!(add(date(2021, 1, 31), months(1)), Some(date(2021, 2, 28)));
        assert_eq!(add(date(2024, 1, 31), months(1)), Some(date(2024, 2, 29)));
        assert_eq!(add(date(2024, 2, 29), months(12)), Some(date(2025, 2, 28)));
        assert_eq!(add(date(2021, 3, 31), months(-1)), Some(date(2021, 2, 28)));
    }

    #[test]
    fn civil_code_periods_end_on_the_corresponding_day() {
        // Report received 2024-01-15: three months end on 2024-04-15.
        assert_eq!(add(date(2024, 1, 15), months(3)), Some(date(2024, 4, 15)));
        // Received 2023-11-30: February 2024 has no 30th, so its last day.
        assert_eq!(add(date(2023, 11, 30), months(3)), Some(date(2024, 2, 29)));
        // Thirty days: the day of receipt is not counted.
        assert_eq!(
            add(
                date(2024, 1, 31),
                Dur {
                    months: 0,
                    days: 30
                }
            ),
            Some(date(2024, 3, 1))
        );
    }

    /// The month arithmetic is jiff's, for every day of a few leap and
    /// common years, forwards and backwards, and at the ends of the range.
    #[test]
    fn months_are_added_as_jiff_adds_them() {
        let mut d = date(1999, 12, 1);
        while d < date(2005, 3, 1) {
            for m in [
                -239_976, -25, -13, -12, -11, -3, -1, 1, 2, 3, 11, 12, 13, 24, 48, 239_976,
            ] {
                let jiff = d.checked_add(i64::from(m).months()).ok();
                assert_eq!(add_months(d, m), jiff, "{d} + {m} months");
            }
            d = d.tomorrow().unwrap_or(d);
        }
        for (d, m) in [
            (date(9999, 12, 31), 1),
            (date(9999, 11, 30), 1),
            (date(-9999, 1, 1), -1),
            (date(-9999, 2, 28), -1),
            (date(-4, 2, 29), 12),
            (date(-4, 3, 31), -1),
            (date(1, 1, 31), -13),
        ] {
            let jiff = d.checked_add(i64::from(m).months()).ok();
            assert_eq!(add_months(d, m), jiff, "{d} + {m} months");
        }
        // Beyond what a jiff span holds (which `.months()` panics on):
        // out of range, not a panic.
        assert_eq!(add_months(date(2024, 1, 1), i32::MAX), None);
        assert_eq!(add_months(date(2024, 1, 1), i32::MIN), None);
        let days = |days| Dur { months: 0, days };
        assert_eq!(add(date(2024, 1, 1), days(i32::MAX)), None);
        assert_eq!(add(date(2024, 1, 1), days(i32::MIN)), None);
    }

    /// Every shipped notice parses, covers its own year, cites itself, and
    /// makes working days only of weekend days.
    #[test]
    fn the_shipped_holiday_notices_are_valid() {
        use jiff::civil::Weekday;
        let mut years = Vec::new();
        for text in FILES {
            let n = parse_notice(text).unwrap();
            years.push(n.year);
            assert_eq!(
                n.title,
                format!("国务院办公厅关于{}年部分节假日安排的通知", n.year)
            );
            let prefix = format!("国办发明电〔{}〕", n.year - 1);
            assert!(
                n.document.starts_with(&prefix) && n.document.ends_with('号'),
                "{}",
                n.document
            );
            assert_eq!(n.issued.year(), n.year - 1, "{}", n.title);
            assert!(n.source.starts_with("http"), "{}", n.source);
            assert!(n.holidays.len() >= 20, "{}: {:?}", n.year, n.holidays);
            for d in &n.holidays {
                assert!(
                    d.year() == n.year || (d.year() == n.year - 1 && d.month() == 12),
                    "{d}"
                );
                assert!(!n.workdays.contains(d), "{d} is both");
            }
            for d in &n.workdays {
                assert_eq!(d.year(), n.year, "{d}");
                assert!(
                    matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday),
                    "{d} is a {:?}",
                    d.weekday()
                );
            }
        }
        assert_eq!(years, (2021..=2026).collect::<Vec<i16>>());
        assert_eq!(notices().len(), FILES.len());
        assert_eq!(covered_years(), Some((2021, 2026)));
        // National Day 2025 and the Spring Festival 2026, as the notices say.
        assert_eq!(is_rest_day(date(2025, 10, 8)), Some(true));
        assert_eq!(is_rest_day(date(2025, 10, 9)), Some(false));
        assert_eq!(is_rest_day(date(2026, 2, 23)), Some(true));
        assert_eq!(is_rest_day(date(2026, 2, 28)), Some(false));
        // 2022-12-31 is a Saturday and 2023's New Year holiday.
        assert_eq!(is_rest_day(date(2022, 12, 31)), Some(true));
        assert_eq!(is_rest_day(date(2031, 1, 1)), None);
        assert_eq!(is_rest_day(date(2020, 12, 31)), None);
    }

    #[test]
    fn notice_files_are_parsed_strictly() {
        assert!(parse_notice("year = 2025\nfoo = 1\n").is_err());
        assert!(parse_notice("year = 2025\nholiday = 2025-02-30\n").is_err());
        assert!(parse_notice("year = 2025\nholiday = 2025-02-03..2025-02-01\n").is_err());
        assert!(parse_notice("holiday = 2025-01-01\n").is_err());
    }

    fn end(start: Date, dur: Dur) -> PeriodEnd {
        period_end(start, dur).unwrap()
    }

    /// The review's case (language.md §3.8): a report received on
    /// 2025-07-01, three months: the last day, 2025-10-01, is in the
    /// National Day holiday (1-8 October 2025), so the period ends on
    /// 2025-10-09 (Civil Code art. 203).
    #[test]
    fn a_last_day_in_a_holiday_moves_to_the_day_after_it() {
        assert_eq!(
            end(date(2025, 7, 1), months(3)),
            PeriodEnd {
                last_day: date(2025, 10, 9),
                uncovered: None
            }
        );
        // Spring Festival 2026 (15-23 February): the 24th.
        assert_eq!(
            end(date(2026, 1, 16), months(1)).last_day,
            date(2026, 2, 24)
        );
    }

    #[test]
    fn a_last_day_on_a_weekend_moves_to_monday() {
        // 2025-03-15 is a Saturday.
        assert_eq!(
            end(date(2025, 2, 15), months(1)).last_day,
            date(2025, 3, 17)
        );
        // Days as well as months: 2025-03-01 + 14 days is Saturday the 15th.
        assert_eq!(
            end(
                date(2025, 3, 1),
                Dur {
                    months: 0,
                    days: 14
                }
            )
            .last_day,
            date(2025, 3, 17)
        );
        // A working day is not moved.
        assert_eq!(
            end(date(2025, 2, 14), months(1)).last_day,
            date(2025, 3, 14)
        );
    }

    #[test]
    fn an_adjusted_working_day_is_not_moved() {
        // Sunday 2025-09-28 is a working day (调休上班) before National Day.
        assert_eq!(
            end(date(2025, 8, 28), months(1)),
            PeriodEnd {
                last_day: date(2025, 9, 28),
                uncovered: None
            }
        );
        // Saturday 2026-02-28, likewise after the Spring Festival.
        assert_eq!(
            end(date(2025, 2, 28), months(12)).last_day,
            date(2026, 2, 28)
        );
    }

    #[test]
    fn a_year_without_a_notice_is_not_shifted_and_says_so() {
        // 2031-02-01 is a Saturday, but no notice covers 2031.
        assert_eq!(
            end(date(2031, 1, 1), months(1)),
            PeriodEnd {
                last_day: date(2031, 2, 1),
                uncovered: Some(2031)
            }
        );
        // Before the first notice, too.
        assert_eq!(end(date(2020, 1, 4), months(1)).uncovered, Some(2020));
        // Moving past the last covered day into an uncovered year stops there.
        // 2026-12-31 is a Thursday: not moved.
        assert_eq!(
            end(
                date(2026, 11, 30),
                Dur {
                    months: 0,
                    days: 31
                }
            )
            .uncovered,
            None
        );
    }

    #[test]
    fn differences_are_days() {
        assert_eq!(
            days_between(date(2024, 3, 1), date(2024, 2, 1)),
            Some(Dur {
                months: 0,
                days: 29
            })
        );
    }

    /// A month is no number of days: the answer may not depend on a date
    /// picked behind the rule's back (language review B10, S10).
    #[test]
    fn durations_of_days_and_months_have_no_order_of_their_own() {
        use std::cmp::Ordering;
        let days = |days| Dur { months: 0, days };
        for anchor in [date(2023, 2, 1), date(2025, 2, 28), date(2025, 3, 1)] {
            assert_eq!(compare(months(1), days(30), anchor), None);
            assert_eq!(compare(months(1), days(28), anchor), None);
            assert_eq!(compare(months(12), days(365), anchor), None);
        }
        let anchor = date(2025, 3, 1);
        assert_eq!(compare(months(3), months(12), anchor), Some(Ordering::Less));
        assert_eq!(compare(days(14), days(14), anchor), Some(Ordering::Equal));
        assert_eq!(
            compare(
                Dur { months: 1, days: 2 },
                Dur { months: 1, days: 1 },
                anchor
            ),
            Some(Ordering::Greater)
        );
    }
}
