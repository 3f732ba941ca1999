//! Calendar arithmetic with the semantics docs/language.md documents.
//!
//! - Adding months keeps the day of the month, or takes the month's last day
//!   when it has no such day: 2021-01-31 + 1 month = 2021-02-28, and
//!   2024-02-29 + 1 year = 2025-02-28.
//! - Months are added before days.
//! - "Within N months/days of D" ends on `D + N`: the Civil Code (arts.
//!   200–204) starts a period on the day after D and ends it on the
//!   corresponding day of the last month, or that month's last day when
//!   there is none — which is exactly `D + N months`. Statutory holidays
//!   (art. 203) are not modelled.
//! - `date - date` is a number of days.

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

/// `a - b` in days.
pub fn days_between(a: Date, b: Date) -> Option<Dur> {
    let span: Span = a.since(b).ok()?;
    Some(Dur {
        months: 0,
        days: span.get_days(),
    })
}

/// Orders two durations by where they land from `anchor` (the evaluation
/// date): "1 month" and "30 days" compare by the calendar, not by a fixed
/// month length.
pub fn compare(a: Dur, b: Dur, anchor: Date) -> Option<std::cmp::Ordering> {
    if a.months == b.months {
        return Some(a.days.cmp(&b.days));
    }
    Some(add(anchor, a)?.cmp(&add(anchor, b)?))
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

    #[test]
    fn mixed_durations_compare_on_the_calendar() {
        use std::cmp::Ordering;
        let feb = date(2023, 2, 1);
        assert_eq!(
            compare(
                months(1),
                Dur {
                    months: 0,
                    days: 30
                },
                feb
            ),
            Some(Ordering::Less)
        );
        assert_eq!(
            compare(
                months(1),
                Dur {
                    months: 0,
                    days: 28
                },
                feb
            ),
            Some(Ordering::Equal)
        );
    }
}
