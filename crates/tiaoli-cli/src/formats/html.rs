//! `tiaoli eval --format html`: one self-contained page (inline CSS, no
//! scripts, no external resources), every text HTML-escaped. Laid out as
//! the Markdown report: the summary (per operator, then per facility),
//! then each facility. Sections and rows are spooled until the totals are
//! known (see `crate::spool`).

use tiaoli_eval::Status;
use tiaoli_eval::human::Lang;
use tiaoli_eval::human::view::{FacilityView, Labels};

use super::Row;

/// Text and attribute values: `& < > " '` as references, and control
/// characters other than line breaks and tabs dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The `id` of a facility's section: its id, percent-encoded.
pub fn anchor(id: &str) -> String {
    format!("f-{}", super::uri(id).replace(['/', '%'], "_"))
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei',sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1b1f24;line-height:1.5}\
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;vertical-align:top}\
th{background:#f6f8fa}td.n{text-align:right}section.facility{border-top:2px solid #d0d7de;margin-top:2rem}\
.violated{color:#b42318}.undecided{color:#9a6700}blockquote{margin:.4rem 0 .8rem 1.5rem;padding-left:.8rem;border-left:3px solid #d0d7de;color:#424a53;white-space:pre-wrap}\
pre{background:#f6f8fa;padding:1rem;overflow:auto}code{font-size:.9em}";

pub fn head(title: &str, as_of: &str, packs: &str, lang: Lang, labels: &Labels) -> String {
    let lang = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n<p>{} {} · {}</p>\n",
        escape(title),
        escape(title),
        labels.as_of,
        escape(as_of),
        escape(packs)
    )
}

pub const TAIL: &str = "</body>\n</html>\n";

/// The summary up to its facilities' rows: the operators' table, and
/// the facilities' table opened.
pub fn summary_open(operators: &[Row], labels: &Labels) -> String {
    let mut out = format!(
        "<h2>{}</h2>\n<table class=\"operators\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
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
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>\n",
            escape(r.operator.as_deref().unwrap_or(labels.without_operator)),
            r.facilities,
            r.cii,
            r.violated,
            r.undecided,
            escape(&r.exposure)
        ));
    }
    out.push_str(&format!(
        "</tbody>\n</table>\n<table class=\"facilities\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        labels.facilities, labels.cii, labels.violated, labels.undecided, labels.exposure
    ));
    out
}

pub const SUMMARY_CLOSE: &str = "</tbody>\n</table>\n";

pub fn row(v: &FacilityView, cii: &str) -> String {
    let name = match &v.name {
        Some(n) => format!("{} · {}", v.id, n),
        None => v.id.clone(),
    };
    format!(
        "<tr data-facility=\"{}\"><td><a href=\"#{}\">{}</a></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>\n",
        escape(&v.id),
        anchor(&v.id),
        escape(&name),
        escape(cii),
        v.count(Status::Violated),
        v.count(Status::Unknown),
        escape(&v.exposure_text)
    )
}

pub fn facility(v: &FacilityView, labels: &Labels) -> String {
    let mut out = format!(
        "<section class=\"facility\" id=\"{}\" data-facility=\"{}\">\n",
        anchor(&v.id),
        escape(&v.id)
    );
    match &v.name {
        Some(n) => out.push_str(&format!("<h2>{} · {}</h2>\n", escape(&v.id), escape(n))),
        None => out.push_str(&format!("<h2>{}</h2>\n", escape(&v.id))),
    }
    out.push_str(&format!(
        "<p>{} {}</p>\n<h3>{}</h3>\n<ul class=\"determinations\">\n",
        labels.as_of, v.as_of, labels.determinations
    ));
    for d in &v.determinations {
        out.push_str(&format!(
            "<li><code>{}</code> <strong>{}</strong>",
            escape(&d.name),
            escape(d.value)
        ));
        if let Some(t) = &d.title {
            out.push_str(&format!(" — {}", escape(t)));
        }
        if let Some(c) = &d.cite {
            out.push_str(&format!(" ({})", escape(c)));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
    for (status, heading, class) in [
        (Status::Violated, labels.violated, "violated"),
        (Status::Unknown, labels.undecided, "undecided"),
    ] {
        let rows: Vec<_> = v.outcomes.iter().filter(|o| o.status == status).collect();
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "<h3 class=\"{class}\">{heading} ({})</h3>\n<ul class=\"{class}\">\n",
            rows.len()
        ));
        for o in rows {
            let r = &o.rule;
            out.push_str(&format!(
                "<li data-rule=\"{}\"><strong>{}</strong> <code>{}</code> · {}",
                escape(&r.id),
                escape(r.title.as_deref().unwrap_or(&r.name)),
                escape(&r.name),
                escape(&r.cite)
            ));
            if let Some(due) = o.due {
                out.push_str(&format!(
                    " · {} <time datetime=\"{due}\">{due}</time>{}",
                    labels.due,
                    escape(&o.due_note)
                ));
            }
            if !o.missing.is_empty() {
                out.push_str(&format!(
                    "<br>{}: {}",
                    labels.missing,
                    escape(&o.missing.join(", "))
                ));
            }
            if let Some(why) = o.reason {
                out.push_str(&format!("<br>{}", escape(why)));
            }
            for reading in &o.readings {
                out.push_str(&format!("<br>{}{}", labels.reading, escape(reading)));
            }
            if let Some(text) = &r.text {
                out.push_str(&format!(
                    "<blockquote class=\"text\">{}</blockquote>",
                    escape(text)
                ));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    let mut deadlines: Vec<_> = v
        .outcomes
        .iter()
        .filter(|o| o.status == Status::Satisfied)
        .filter_map(|o| o.due.filter(|d| *d >= v.as_of).map(|d| (d, o)))
        .collect();
    deadlines.sort_by_key(|(d, o)| (*d, o.index));
    if !deadlines.is_empty() {
        out.push_str(&format!(
            "<h3>{}</h3>\n<ul class=\"deadlines\">\n",
            labels.deadlines
        ));
        for (due, o) in deadlines {
            out.push_str(&format!(
                "<li><time datetime=\"{due}\">{due}</time> — <strong>{}</strong> · {}{}</li>\n",
                escape(o.rule.title.as_deref().unwrap_or(&o.rule.name)),
                escape(&o.rule.cite),
                escape(&o.due_note)
            ));
        }
        out.push_str("</ul>\n");
    }
    if !v.penalties.is_empty() {
        out.push_str(&format!(
            "<h3>{}</h3>\n<ul class=\"penalties\">\n",
            labels.penalties
        ));
        for p in &v.penalties {
            out.push_str(&format!(
                "<li><strong>{}</strong> <code>{}</code> · {}",
                escape(p.title.as_deref().unwrap_or(&p.name)),
                escape(&p.name),
                escape(&p.cite)
            ));
            for l in &p.lines {
                out.push_str(&format!("<br>{}", escape(l)));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    out.push_str(&format!(
        "<p class=\"exposure\"><strong>{}</strong>: {}</p>\n",
        labels.exposure,
        escape(&v.exposure_text)
    ));
    if let Some(p) = &v.persons_text {
        out.push_str(&format!(
            "<p class=\"persons\"><strong>{}</strong>: {}</p>\n",
            labels.persons,
            escape(p)
        ));
    }
    out.push_str("</section>\n");
    out
}

/// The records that could not be evaluated: their human report, escaped
/// chunk by chunk ([`escape`]) between these.
pub fn problems_open(labels: &Labels) -> String {
    format!("<h2>{}</h2>\n<pre class=\"problems\">", labels.problems)
}

pub const PROBLEMS_CLOSE: &str = "</pre>\n";
