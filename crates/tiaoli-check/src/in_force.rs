//! Articles' and rules' days in force (`in force from … until …`): each
//! interval has a day in it, and lies within its article's and its pack's
//! (M010). Amended texts (`text from DATE`) follow a text, in date order,
//! one a day (M011), and take effect on a day inside the article's and the
//! pack's days, after the first (M012). The packs' own days come from
//! their manifests, which this crate does not read: the caller passes them.

use jiff::civil::Date;
use tiaoli_diagnostics::{Code, Diagnostic};
use tiaoli_syntax::ast::{self, ArticleMember, InForce, Item, Labels, Rule, TextVersion};
use tiaoli_text::FileId;

use crate::CheckPack;

/// Checks every `in force` of `packs` against its pack's days,
/// `windows[k] = (effective, expires)` for pack `k`.
pub fn check_in_force(
    packs: &[CheckPack],
    windows: &[(Option<Date>, Option<Date>)],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (k, pack) in packs.iter().enumerate() {
        let pack_window = windows.get(k).copied().unwrap_or((None, None));
        for (file, source) in &pack.files {
            for item in &source.items {
                match item {
                    Item::Article(a) => article(*file, a, pack_window, &mut out),
                    Item::Determination(d) => {
                        if let Some(f) = &d.in_force {
                            one(*file, f, pack_window, "its pack's", &mut out);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

fn article(
    file: FileId,
    a: &ast::Article,
    pack: (Option<Date>, Option<Date>),
    out: &mut Vec<Diagnostic>,
) {
    let own = a.members.iter().find_map(|m| match m {
        ArticleMember::InForce(f) => Some(f),
        _ => None,
    });
    let mut window = pack;
    if let Some(f) = own {
        one(file, f, pack, "its pack's", out);
        window = (
            later(pack.0, f.from.map(|d| d.0)),
            earlier(pack.1, f.until.map(|d| d.0)),
        );
    }
    let within = if own.is_some() {
        "its article's"
    } else {
        "its pack's"
    };
    let n = a.number.value;
    let article_versions: Vec<&TextVersion> = a.text_versions().collect();
    versions(
        file,
        &format!("article {n}"),
        a.text(),
        &article_versions,
        window,
        within,
        out,
    );
    for p in a.paras() {
        let para = format!("article {n} paragraph {}", p.number.value);
        let vs: Vec<&TextVersion> = p.versions.iter().collect();
        versions(file, &para, p.text.as_ref(), &vs, window, within, out);
        for it in &p.items {
            let item = format!("{para} item {}", it.number.value);
            let vs: Vec<&TextVersion> = it.versions.iter().collect();
            versions(file, &item, it.text.as_ref(), &vs, window, within, out);
        }
    }
    for rule in a.rules() {
        let f = match rule {
            Rule::Duty(d) => d.in_force.as_ref(),
            Rule::Penalty(p) => p.in_force.as_ref(),
            Rule::Determination(d) => d.in_force.as_ref(),
            _ => None,
        };
        if let Some(f) = f {
            one(file, f, window, within, out);
        }
    }
}

/// M011 and M012 for the amended texts of one article, paragraph or item
/// (`what`), whose text before any amendment is `original`.
fn versions(
    file: FileId,
    what: &str,
    original: Option<&Labels>,
    versions: &[&TextVersion],
    (start, end): (Option<Date>, Option<Date>),
    within: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(first) = versions.first() else {
        return;
    };
    if original.is_none() {
        out.push(
            Diagnostic::new(
                Code::M011,
                format!("`text from {}` amends no text: {what} has no `text` before it", first.from.0),
            )
            .with_primary(file, first.from.1, "an amendment of nothing")
            .with_help("give the text in force before the amendment as `text zh \"…\" en \"…\"`; a provision added by an amendment has its `text` and an `in force from` date"),
        );
    }
    let mut previous: Option<Date> = None;
    for v in versions {
        let day = v.from.0;
        if let Some(p) = previous
            && day <= p
        {
            let label = if day == p {
                "a second version on the same day"
            } else {
                "before the previous version"
            };
            out.push(
                Diagnostic::new(
                    Code::M011,
                    format!("`text from {day}` of {what} is not after the previous version's date ({p})"),
                )
                .with_primary(file, v.from.1, label)
                .with_help("list a provision's versions in date order, at most one a day: each replaces the one before it"),
            );
        }
        previous = Some(previous.map_or(day, |p| p.max(day)));
        if let Some(s) = start
            && day <= s
        {
            out.push(
                Diagnostic::new(
                    Code::M012,
                    format!("`text from {day}` of {what} is not after the first day of {within} days in force ({s})"),
                )
                .with_primary(file, v.from.1, "the text before it would never be in force")
                .with_help(format!("date the amendment after {s}, or make this text the `text` if it is the text in force from the start")),
            );
        }
        if let Some(e) = end
            && day >= e
        {
            out.push(
                Diagnostic::new(
                    Code::M012,
                    format!("`text from {day}` of {what} takes effect on or after the end of {within} days in force ({e})"),
                )
                .with_primary(file, v.from.1, "never in force")
                .with_help(format!("an amendment takes effect before {e}, the first day no longer in force")),
            );
        }
    }
}

fn later(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) | (None, x) => x,
    }
}

fn earlier(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) | (None, x) => x,
    }
}

/// M010 for an `in force` with no day in it, or reaching outside
/// `outer` (`what` names it: "its pack's", "its article's").
fn one(
    file: FileId,
    f: &InForce,
    outer: (Option<Date>, Option<Date>),
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    let show = |d: Option<Date>| d.map_or("—".to_owned(), |d| d.to_string());
    if let (Some((from, _)), Some((until, until_span))) = (f.from, f.until)
        && until <= from
    {
        out.push(
            Diagnostic::new(
                Code::M010,
                format!("`in force` ends ({until}) on or before it starts ({from})"),
            )
            .with_primary(file, until_span, "in force on no day")
            .with_help("`until` is the first day no longer in force: write a date after `from`"),
        );
        return;
    }
    let (outer_from, outer_until) = outer;
    let range = format!("{} until {}", show(outer_from), show(outer_until));
    if let (Some((from, span)), Some(start)) = (f.from, outer_from)
        && from < start
    {
        out.push(
            Diagnostic::new(
                Code::M010,
                format!("`in force from {from}` starts before {what} days in force ({range})"),
            )
            .with_primary(file, span, format!("before {start}"))
            .with_help(format!(
                "a rule cannot be in force where {} is not: start on or after {start}",
                what.trim_end_matches("'s")
            )),
        );
    }
    if let (Some((until, span)), Some(end)) = (f.until, outer_until)
        && until > end
    {
        out.push(
            Diagnostic::new(
                Code::M010,
                format!("`in force until {until}` ends after {what} days in force ({range})"),
            )
            .with_primary(file, span, format!("after {end}"))
            .with_help(format!("end on or before {end}")),
        );
    }
}
