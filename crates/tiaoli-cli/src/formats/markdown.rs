//! `tiaoli eval --format markdown`: a report to read on a forge or paste
//! into a ticket. An inventory opens with its summary (per operator, then
//! per facility), then each facility: determinations, violated and
//! undecided duties with the text of the provision they cite, deadlines,
//! penalties, exposure. The facilities' sections and rows are spooled
//! until the totals are known (see `crate::spool`).

use tiaoli_eval::Status;
use tiaoli_eval::human::view::{FacilityView, Labels};

use super::Row;

/// Inline text: every character Markdown could read as markup escaped
/// with a backslash (CommonMark lets any ASCII punctuation be), HTML's
/// `<` and `&` among them, and line breaks as spaces.
pub fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!'
            | '&' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A block quote of `text`, line by line.
fn quote(text: &str) -> String {
    text.lines()
        .map(|l| format!("  > {}\n", inline(l)))
        .collect()
}

pub fn head(title: &str, as_of: &str, packs: &str, labels: &Labels) -> String {
    format!(
        "# {}\n\n{} {} · {}\n\n",
        inline(title),
        labels.as_of,
        as_of,
        inline(packs)
    )
}

/// The summary: one row per operator, then one per facility.
/// The summary up to its facilities' rows: the operators' table, and
/// the facilities' table opened.
pub fn summary_open(operators: &[Row], labels: &Labels) -> String {
    let mut out = format!(
        "## {}\n\n| {} | {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---:|---|\n",
        labels.summary,
        labels.operator,
        labels.facilities,
        labels.cii,
        labels.violated,
        labels.undecided,
        labels.exposure
    );
    for r in operators {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            inline(r.operator.as_deref().unwrap_or(labels.without_operator)),
            r.facilities,
            r.cii,
            r.violated,
            r.undecided,
            inline(&r.exposure)
        ));
    }
    out.push_str(&format!(
        "\n| {} | {} | {} | {} | {} |\n|---|---|---:|---:|---|\n",
        labels.facilities, labels.cii, labels.violated, labels.undecided, labels.exposure
    ));
    out
}

/// A facility's row in the summary.
pub fn row(v: &FacilityView, cii: &str) -> String {
    let name = match &v.name {
        Some(n) => format!("{} · {}", v.id, n),
        None => v.id.clone(),
    };
    format!(
        "| {} | {} | {} | {} | {} |\n",
        inline(&name),
        cii,
        v.count(Status::Violated),
        v.count(Status::Unknown),
        inline(&v.exposure_text)
    )
}

pub fn facility(v: &FacilityView, labels: &Labels) -> String {
    let mut out = match &v.name {
        Some(n) => format!("## {} · {}\n\n", inline(&v.id), inline(n)),
        None => format!("## {}\n\n", inline(&v.id)),
    };
    out.push_str(&format!(
        "{} {}\n\n### {}\n\n",
        labels.as_of, v.as_of, labels.determinations
    ));
    for d in &v.determinations {
        out.push_str(&format!("- `{}` **{}**", d.name, d.value));
        if let Some(t) = &d.title {
            out.push_str(&format!(" — {}", inline(t)));
        }
        if let Some(c) = &d.cite {
            out.push_str(&format!(" ({})", inline(c)));
        }
        out.push('\n');
    }
    for (status, heading, mark) in [
        (Status::Violated, labels.violated, "✗"),
        (Status::Unknown, labels.undecided, "?"),
    ] {
        let rows: Vec<_> = v.outcomes.iter().filter(|o| o.status == status).collect();
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {heading} ({})\n\n", rows.len()));
        for o in rows {
            let r = &o.rule;
            out.push_str(&format!(
                "- {mark} **{}** `{}` · {}",
                inline(r.title.as_deref().unwrap_or(&r.name)),
                r.name,
                inline(&r.cite)
            ));
            if let Some(due) = o.due {
                out.push_str(&format!(" · {} {due}{}", labels.due, inline(&o.due_note)));
            }
            out.push('\n');
            if !o.missing.is_empty() {
                out.push_str(&format!(
                    "  - {}: {}\n",
                    labels.missing,
                    inline(&o.missing.join(", "))
                ));
            }
            if let Some(why) = o.reason {
                out.push_str(&format!("  - {}\n", inline(why)));
            }
            for reading in &o.readings {
                out.push_str(&format!("  - {}{}\n", labels.reading, inline(reading)));
            }
            if let Some(text) = &r.text {
                out.push('\n');
                out.push_str(&quote(text));
                out.push('\n');
            }
        }
    }
    let mut deadlines: Vec<_> = v
        .outcomes
        .iter()
        .filter(|o| o.status == Status::Satisfied)
        .filter_map(|o| o.due.filter(|d| *d >= v.as_of).map(|d| (d, o)))
        .collect();
    deadlines.sort_by_key(|(d, o)| (*d, o.index));
    if !deadlines.is_empty() {
        out.push_str(&format!("\n### {}\n\n", labels.deadlines));
        for (due, o) in deadlines {
            out.push_str(&format!(
                "- {due} — **{}** · {}{}\n",
                inline(o.rule.title.as_deref().unwrap_or(&o.rule.name)),
                inline(&o.rule.cite),
                inline(&o.due_note)
            ));
        }
    }
    if !v.penalties.is_empty() {
        out.push_str(&format!("\n### {}\n\n", labels.penalties));
        for p in &v.penalties {
            out.push_str(&format!(
                "- **{}** `{}` · {}\n",
                inline(p.title.as_deref().unwrap_or(&p.name)),
                p.name,
                inline(&p.cite)
            ));
            for l in &p.lines {
                out.push_str(&format!("  - {}\n", inline(l)));
            }
        }
    }
    out.push_str(&format!(
        "\n**{}**: {}\n",
        labels.exposure,
        inline(&v.exposure_text)
    ));
    if let Some(p) = &v.persons_text {
        out.push_str(&format!("\n**{}**: {}\n", labels.persons, inline(p)));
    }
    out.push('\n');
    out
}

/// The heading of the records that could not be evaluated; their human
/// report follows as an indented code block ([`code_lines`]).
pub fn problems_open(labels: &Labels) -> String {
    format!("## {}\n\n", labels.problems)
}

/// A chunk of text as lines of an indented code block (four spaces before
/// each line: no fence its text could close). `line_start` carries over
/// from chunk to chunk.
pub fn code_lines(chunk: &str, line_start: &mut bool) -> String {
    let mut out = String::with_capacity(chunk.len() + 64);
    for c in chunk.chars() {
        if *line_start && c != '\n' {
            out.push_str("    ");
        }
        *line_start = c == '\n';
        out.push(c);
    }
    out
}
