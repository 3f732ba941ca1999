//! iCalendar (RFC 5545): each known due date of an outcome an all-day
//! event, its rule and article in SUMMARY and DESCRIPTION. Lines end in
//! CRLF and are folded at 75 octets, never inside a character; text is
//! escaped (`\\`, `\;`, `\,`, `\n`). UIDs are stable (facility, pack,
//! rule, date), and DTSTAMP is the evaluation date, so the same input
//! gives the same calendar. Streams: events are written per facility.

use tiaoli_eval::Status;
use tiaoli_eval::human::view::{FacilityView, Labels};

pub const HEAD: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tiaoli//tiaoli eval//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n";
pub const TAIL: &str = "END:VCALENDAR\r\n";

/// TEXT escaping (RFC 5545 §3.3.11); control characters other than line
/// breaks, which a TEXT value cannot hold, are dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded: at most 75 octets a line (a continuation's
/// leading space counted), split only between characters, CRLF after each.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

/// `YYYYMMDD`.
fn date(d: jiff::civil::Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// Characters a UID keeps as they are; others are percent-encoded, so
/// the UID is one plain token however the facility id is written.
fn uid_part(s: &str) -> String {
    super::uri(s).replace('/', "%2F")
}

/// A facility's events: every outcome with a known due date.
pub fn facility(v: &FacilityView, labels: &Labels) -> String {
    let mut out = String::new();
    for o in &v.outcomes {
        let Some(due) = o.due else { continue };
        if matches!(o.status, Status::NotApplicable | Status::NotInForce) {
            continue;
        }
        let r = &o.rule;
        let end = due.tomorrow().unwrap_or(due);
        let title = r.title.as_deref().unwrap_or(&r.name);
        let summary = format!("{}: {title} ({})", v.id, r.cite);
        let mut description = format!(
            "{}: {} · {} · {} {}",
            v.id, r.name, o.status_word, labels.due, due
        );
        description.push_str(&o.due_note);
        if !o.missing.is_empty() {
            description.push_str(&format!("\n{}: {}", labels.missing, o.missing.join(", ")));
        }
        if let Some(text) = &r.text {
            description.push_str(&format!("\n\n{}\n{text}", r.cite));
        }
        for reading in &o.readings {
            description.push_str(&format!("\n{}{reading}", labels.reading));
        }
        out.push_str("BEGIN:VEVENT\r\n");
        out.push_str(&fold(&format!(
            "UID:{}-{}-{}-{}@tiaoli",
            uid_part(&v.id),
            uid_part(&r.pack),
            uid_part(&r.name),
            date(due)
        )));
        out.push_str(&format!("DTSTAMP:{}T000000Z\r\n", date(v.as_of)));
        out.push_str(&format!("DTSTART;VALUE=DATE:{}\r\n", date(due)));
        out.push_str(&format!("DTEND;VALUE=DATE:{}\r\n", date(end)));
        out.push_str(&fold(&format!("SUMMARY:{}", escape(&summary))));
        out.push_str(&fold(&format!("DESCRIPTION:{}", escape(&description))));
        out.push_str(&fold(&format!("CATEGORIES:{}", escape(o.status.as_str()))));
        out.push_str("TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_never_splits_a_character_and_keeps_lines_within_75_octets() {
        let line = format!(
            "DESCRIPTION:{}",
            "运营者应当每年至少进行一次检测评估，".repeat(20)
        );
        let folded = fold(&line);
        for l in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn text_is_escaped_per_rfc_5545() {
        assert_eq!(escape("a,b;c\\d\r\ne\nf\u{7}"), "a\\,b\\;c\\\\d\\ne\\nf");
    }
}
