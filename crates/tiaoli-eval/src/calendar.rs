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

use jiff::civil::Date;
use jiff::{Span, ToSpan};

use crate::value::Dur;

/// `date + dur`, or None when the result leaves jiff's range.
pub fn add(date: Date, dur: Dur) -> Option<Date> {
    let with_months = if dur.months == 0 {
        date
    } else {
        date.checked_add(i64::from(dur.months).months()).ok()?
    };
    if dur.days == 0 {
        Some(with_months)
    } else {
        with_months.checked_add(i64::from(dur.days).days()).ok()
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
