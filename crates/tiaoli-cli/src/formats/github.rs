//! GitHub Actions workflow commands: `::error file=…,line=…::message`,
//! which the runner shows as annotations on the lines named. Escaped as
//! the runner unescapes them: `%`, CR and LF in the message; those and `:`
//! and `,` in property values.

use tiaoli_diagnostics::Severity;
use tiaoli_eval::Status;
use tiaoli_eval::human::view::FacilityView;

use super::{Located, full_message};

pub fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

pub fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(
    level: &str,
    file: Option<&str>,
    at: Option<(u32, u32, u32, u32)>,
    title: &str,
    msg: &str,
) -> String {
    let mut props = Vec::new();
    if let Some(f) = file {
        props.push(format!("file={}", property(f)));
    }
    if let Some((line, col, end_line, end_col)) = at {
        props.push(format!("line={line}"));
        props.push(format!("endLine={end_line}"));
        // Columns only within one line, as GitHub reads them.
        if line == end_line && col > 0 {
            props.push(format!("col={col}"));
            props.push(format!("endColumn={end_col}"));
        }
    }
    props.push(format!("title={}", property(title)));
    format!("::{level} {}::{}\n", props.join(","), data(msg))
}

pub fn diagnostic(d: &Located) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    command(
        level,
        d.file.as_deref(),
        d.file
            .as_ref()
            .map(|_| (d.line, d.column, d.end_line, d.end_column)),
        &format!("{}: {}", d.code, d.summary),
        &full_message(d),
    )
}

/// A facility's violated (`::error`) and undecided (`::warning`) outcomes,
/// at its record's line.
pub fn facility(v: &FacilityView, file: &str, line: u32) -> String {
    let mut out = String::new();
    for o in &v.outcomes {
        let level = match o.status {
            Status::Violated => "error",
            Status::Unknown => "warning",
            _ => continue,
        };
        let r = &o.rule;
        let mut msg = format!("{} — {}", r.cite, o.status_word);
        if let Some(due) = o.due {
            msg.push_str(&format!(" · {due}{}", o.due_note));
        }
        if !o.missing.is_empty() {
            msg.push_str(&format!(" · {}", o.missing.join(", ")));
        }
        let title = format!("{}: {}", v.id, r.title.as_deref().unwrap_or(&r.name));
        out.push_str(&command(
            level,
            Some(file),
            Some((line, 0, line, 0)),
            &title,
            &msg,
        ));
    }
    out
}
