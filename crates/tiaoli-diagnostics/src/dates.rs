//! Why a date written `YYYY-MM-DD` names no day, in words a reader can act
//! on (`June 2025 has 30 days`), not the date library's parameter ranges.

use crate::{Msg, msg};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// For `text` written `YYYY-MM-DD` (digits only) that is no day of the
/// calendar, why: `there is no month 13`, `June 2025 has 30 days`,
/// `February 2023 has 28 days (2023 is not a leap year)`. `None` for a
/// real date, or for text not written that way (the caller says how dates
/// are written).
pub fn no_such_date(text: &str) -> Option<Msg> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    let year: i32 = text[0..4].parse().ok()?;
    let month: u32 = text[5..7].parse().ok()?;
    let day: u32 = text[8..10].parse().ok()?;
    if !(1..=12).contains(&month) {
        return Some(msg!(
            en: "there is no month {month:02}: months run from 01 to 12",
            zh: "不存在 {month:02} 月：月份为 01 至 12"
        ));
    }
    let days = days_in(year, month);
    if (1..=days).contains(&day) {
        return None;
    }
    let name = MONTHS[month as usize - 1];
    Some(if month == 2 && !is_leap(year) && day == 29 {
        msg!(
            en: "{name} {year} has {days} days ({year} is not a leap year)",
            zh: "{year}年{month}月只有 {days} 天（{year}年不是闰年）"
        )
    } else {
        msg!(
            en: "{name} {year} has {days} days",
            zh: "{year}年{month}月只有 {days} 天"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::no_such_date;

    fn both(text: &str) -> Option<(String, String)> {
        no_such_date(text).map(|m| (m.en().to_owned(), m.zh().to_owned()))
    }

    #[test]
    fn impossible_days_are_named_by_their_month() {
        assert_eq!(
            both("2025-06-31"),
            Some((
                "June 2025 has 30 days".to_owned(),
                "2025年6月只有 30 天".to_owned()
            ))
        );
        assert_eq!(
            both("2023-02-29"),
            Some((
                "February 2023 has 28 days (2023 is not a leap year)".to_owned(),
                "2023年2月只有 28 天（2023年不是闰年）".to_owned()
            ))
        );
        assert_eq!(
            both("2024-02-30").map(|b| b.0),
            Some("February 2024 has 29 days".to_owned())
        );
        assert_eq!(
            both("1900-02-29").map(|b| b.0),
            Some("February 1900 has 28 days (1900 is not a leap year)".to_owned())
        );
        assert_eq!(
            both("2024-04-00").map(|b| b.0),
            Some("April 2024 has 30 days".to_owned())
        );
        assert_eq!(
            both("2024-13-01"),
            Some((
                "there is no month 13: months run from 01 to 12".to_owned(),
                "不存在 13 月：月份为 01 至 12".to_owned()
            ))
        );
        assert_eq!(
            both("2024-00-10").map(|b| b.0),
            Some("there is no month 00: months run from 01 to 12".to_owned())
        );
    }

    #[test]
    fn real_dates_and_other_shapes_are_none() {
        for text in [
            "2024-02-29",
            "2000-02-29",
            "2025-12-31",
            "2025-01-01",
            "2024-1-5",
            "2024/01/05",
            "yesterday",
            "",
            "20x4-01-01",
            "２０２４-01-01",
        ] {
            assert_eq!(no_such_date(text), None, "{text}");
        }
    }
}
