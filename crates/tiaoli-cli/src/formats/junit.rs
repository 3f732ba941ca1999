//! JUnit XML, as CI systems read it: `<testsuites>` of `<testsuite>`s of
//! `<testcase>`s, a `<failure>` (or `<error>`, `<skipped>`) inside a case.
//! `eval` streams: one testsuite per facility, written as it comes.

use tiaoli_diagnostics::Severity;
use tiaoli_eval::Status;
use tiaoli_eval::human::view::FacilityView;

use super::{Located, full_message};

/// `s` as XML character data or an attribute value: `& < > " '` escaped,
/// and the characters XML 1.0 cannot hold (controls other than tab, line
/// feed and carriage return) written as `\u{…}`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

pub const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// `tiaoli check`: one testcase per file read, a failure per error (and
/// per warning with `--deny-warnings`).
pub fn check_document(files: &[String], diags: &[Located], deny_warnings: bool) -> String {
    let fails = |d: &Located| {
        d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
    };
    let failed_files = files
        .iter()
        .filter(|f| diags.iter().any(|d| d.file.as_ref() == Some(f) && fails(d)))
        .count();
    let mut out = String::from(HEAD);
    out.push_str(&format!(
        "<testsuites name=\"tiaoli check\" tests=\"{}\" failures=\"{failed_files}\">\n<testsuite name=\"tiaoli check\" tests=\"{}\" failures=\"{failed_files}\" errors=\"0\" skipped=\"0\">\n",
        files.len(),
        files.len()
    ));
    for f in files {
        out.push_str(&format!(
            "  <testcase name=\"{}\" classname=\"tiaoli.check\">\n",
            escape(f)
        ));
        for d in diags.iter().filter(|d| d.file.as_ref() == Some(f)) {
            let text = format!(
                "{}:{}:{}: {} {}",
                f,
                d.line,
                d.column,
                d.code,
                full_message(d)
            );
            if fails(d) {
                out.push_str(&format!(
                    "    <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                    escape(&d.message),
                    d.code,
                    escape(&text)
                ));
            } else {
                out.push_str(&format!("    <system-out>{}</system-out>\n", escape(&text)));
            }
        }
        out.push_str("  </testcase>\n");
    }
    out.push_str("</testsuite>\n</testsuites>\n");
    out
}

/// `tiaoli eval`'s root element opened.
pub const EVAL_OPEN: &str = "<testsuites name=\"tiaoli eval\">\n";
pub const EVAL_CLOSE: &str = "</testsuites>\n";

/// One facility as a testsuite: a testcase per outcome. Violated is a
/// failure; undecided a failure when `--fail-on undecided`, else skipped;
/// not applicable and not in force are skipped; satisfied passes.
pub fn facility_suite(v: &FacilityView, file: &str, undecided_fails: bool) -> String {
    let failures = v.count(Status::Violated)
        + if undecided_fails {
            v.count(Status::Unknown)
        } else {
            0
        };
    let skipped = v.outcomes.len() - failures - v.count(Status::Satisfied);
    let mut out = format!(
        "<testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" file=\"{}\" timestamp=\"{}T00:00:00\">\n",
        escape(&v.id),
        v.outcomes.len(),
        escape(file),
        v.as_of
    );
    for o in &v.outcomes {
        let r = &o.rule;
        out.push_str(&format!(
            "  <testcase name=\"{}\" classname=\"{}\">",
            escape(&r.id),
            escape(&v.id)
        ));
        let mut text = format!("{} · {}", r.title.as_deref().unwrap_or(&r.name), r.cite);
        if let Some(due) = o.due {
            text.push_str(&format!(" · {due}{}", o.due_note));
        }
        if !o.missing.is_empty() {
            text.push_str(&format!(" · {}", o.missing.join(", ")));
        }
        let fails =
            o.status == Status::Violated || (o.status == Status::Unknown && undecided_fails);
        match o.status {
            Status::Satisfied => {}
            _ if fails => out.push_str(&format!(
                "<failure message=\"{}\" type=\"{}\">{}</failure>",
                escape(o.status_word),
                o.status.as_str(),
                escape(&text)
            )),
            _ => out.push_str(&format!(
                "<skipped message=\"{}: {}\"/>",
                escape(o.status_word),
                escape(&text)
            )),
        }
        out.push_str("</testcase>\n");
    }
    out.push_str("</testsuite>\n");
    out
}

/// A record that could not be evaluated: a testsuite of one errored case
/// per diagnostic.
pub fn diagnostics_suite(file: &str, diags: &[Located]) -> String {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let mut out = format!(
        "<testsuite name=\"{}\" tests=\"{}\" failures=\"0\" errors=\"{errors}\" skipped=\"0\">\n",
        escape(file),
        diags.len()
    );
    for d in diags {
        let name = format!("{} {}:{}", d.code, d.line, d.column);
        out.push_str(&format!(
            "  <testcase name=\"{}\" classname=\"tiaoli.records\">",
            escape(&name)
        ));
        let tag = if d.severity == Severity::Error {
            "error"
        } else {
            "system-out"
        };
        if tag == "error" {
            out.push_str(&format!(
                "<error message=\"{}\" type=\"{}\">{}</error>",
                escape(&d.message),
                d.code,
                escape(&full_message(d))
            ));
        } else {
            out.push_str(&format!(
                "<system-out>{}</system-out>",
                escape(&full_message(d))
            ));
        }
        out.push_str("</testcase>\n");
    }
    out.push_str("</testsuite>\n");
    out
}

/// One pack test's result, for `tiaoli test --format junit`.
#[derive(Debug, Clone)]
pub struct TestCase {
    pub pack: String,
    pub name: String,
    /// None: passed; Some(why): failed.
    pub failure: Option<String>,
}

pub fn test_document(cases: &[TestCase]) -> String {
    let failures = cases.iter().filter(|c| c.failure.is_some()).count();
    let mut out = String::from(HEAD);
    out.push_str(&format!(
        "<testsuites name=\"tiaoli test\" tests=\"{}\" failures=\"{failures}\">\n<testsuite name=\"tiaoli test\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n",
        cases.len(),
        cases.len()
    ));
    for c in cases {
        out.push_str(&format!(
            "  <testcase name=\"{}\" classname=\"{}\">",
            escape(&c.name),
            escape(&c.pack)
        ));
        if let Some(why) = &c.failure {
            let first = why.lines().next().unwrap_or_default();
            out.push_str(&format!(
                "<failure message=\"{}\" type=\"mismatch\">{}</failure>",
                escape(first),
                escape(why)
            ));
        }
        out.push_str("</testcase>\n");
    }
    out.push_str("</testsuite>\n</testsuites>\n");
    out
}
