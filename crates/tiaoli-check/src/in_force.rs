//! Articles' and rules' days in force (`in force from … until …`): each
//! interval has a day in it, and lies within its article's and its pack's
//! (M010). Amended texts (`text from DATE`) follow a text, in date order,
//! one a day (M011), and take effect on a day inside the article's and the
//! pack's days, after the first (M012). The packs' own days come from
//! their manifests, which this crate does not read: the caller passes them.

use jiff::civil::Date;
use tiaoli_diagnostics::{Code, Diagnostic, Msg, msg};
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
                            one(*file, f, pack_window, Within::Pack, &mut out);
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
        one(file, f, pack, Within::Pack, out);
        window = (
            later(pack.0, f.from.map(|d| d.0)),
            earlier(pack.1, f.until.map(|d| d.0)),
        );
    }
    let within = if own.is_some() {
        Within::Article
    } else {
        Within::Pack
    };
    let n = a.number.value;
    let article_versions: Vec<&TextVersion> = a.text_versions().collect();
    versions(
        file,
        &msg!(en: "article {n}", zh: "第{n}条"),
        a.text(),
        &article_versions,
        window,
        within,
        out,
    );
    for p in a.paras() {
        let pn = p.number.value;
        let para = msg!(en: "article {n} paragraph {pn}", zh: "第{n}条第{pn}款");
        let vs: Vec<&TextVersion> = p.versions.iter().collect();
        versions(file, &para, p.text.as_ref(), &vs, window, within, out);
        for it in &p.items {
            let (pe, pz, i) = (para.en(), para.zh(), it.number.value);
            let item = msg!(en: "{pe} item {i}", zh: "{pz}第{i}项");
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

/// Whose days in force bound an `in force` or an amended text.
#[derive(Clone, Copy)]
enum Within {
    Pack,
    Article,
}

impl Within {
    /// As the messages say it: "its pack's", and in Chinese.
    fn of(self) -> (&'static str, &'static str) {
        match self {
            Within::Pack => ("its pack's", "所在规则包"),
            Within::Article => ("its article's", "所在条"),
        }
    }
}

/// M011 and M012 for the amended texts of one article, paragraph or item
/// (`what`), whose text before any amendment is `original`.
fn versions(
    file: FileId,
    what: &Msg,
    original: Option<&Labels>,
    versions: &[&TextVersion],
    (start, end): (Option<Date>, Option<Date>),
    within: Within,
    out: &mut Vec<Diagnostic>,
) {
    let Some(first) = versions.first() else {
        return;
    };
    let (what, what_zh) = (what.en(), what.zh());
    let (within, within_zh) = within.of();
    if original.is_none() {
        let day = first.from.0;
        out.push(
            Diagnostic::new(
                Code::M011,
                msg!(
                    en: "`text from {day}` amends no text: {what} has no `text` before it",
                    zh: "`text from {day}` 没有可修订的文本：{what_zh}在它之前没有 `text`"
                ),
            )
            .with_primary(
                file,
                first.from.1,
                msg!(en: "an amendment of nothing", zh: "修订的对象不存在"),
            )
            .with_help(msg!(
                en: "give the text in force before the amendment as `text zh \"…\" en \"…\"`; a provision added by an amendment has its `text` and an `in force from` date",
                zh: "请用 `text zh \"…\" en \"…\"` 给出修订前施行的文本；由修订新增的规定应有自己的 `text` 和 `in force from` 日期"
            )),
        );
    }
    let mut previous: Option<Date> = None;
    for v in versions {
        let day = v.from.0;
        if let Some(p) = previous
            && day <= p
        {
            let label = if day == p {
                msg!(en: "a second version on the same day", zh: "同一天的第二个版本")
            } else {
                msg!(en: "before the previous version", zh: "早于上一个版本")
            };
            out.push(
                Diagnostic::new(
                    Code::M011,
                    msg!(
                        en: "`text from {day}` of {what} is not after the previous version's date ({p})",
                        zh: "{what_zh}的 `text from {day}` 不晚于上一个版本的日期（{p}）"
                    ),
                )
                .with_primary(file, v.from.1, label)
                .with_help(msg!(
                    en: "list a provision's versions in date order, at most one a day: each replaces the one before it",
                    zh: "请按日期顺序列出规定的各个版本，每天至多一个：每个版本取代其前一个版本"
                )),
            );
        }
        previous = Some(previous.map_or(day, |p| p.max(day)));
        if let Some(s) = start
            && day <= s
        {
            out.push(
                Diagnostic::new(
                    Code::M012,
                    msg!(
                        en: "`text from {day}` of {what} is not after the first day of {within} days in force ({s})",
                        zh: "{what_zh}的 `text from {day}` 不晚于{within_zh}施行期间的第一天（{s}）"
                    ),
                )
                .with_primary(
                    file,
                    v.from.1,
                    msg!(
                        en: "the text before it would never be in force",
                        zh: "它之前的文本将永远不会施行"
                    ),
                )
                .with_help(msg!(
                    en: "date the amendment after {s}, or make this text the `text` if it is the text in force from the start",
                    zh: "请将修订日期定在 {s} 之后；如果这是自始施行的文本，请将其作为 `text`"
                )),
            );
        }
        if let Some(e) = end
            && day >= e
        {
            out.push(
                Diagnostic::new(
                    Code::M012,
                    msg!(
                        en: "`text from {day}` of {what} takes effect on or after the end of {within} days in force ({e})",
                        zh: "{what_zh}的 `text from {day}` 在{within_zh}施行期间结束时或结束后才生效（{e}）"
                    ),
                )
                .with_primary(file, v.from.1, msg!(en: "never in force", zh: "永远不会施行"))
                .with_help(msg!(
                    en: "an amendment takes effect before {e}, the first day no longer in force",
                    zh: "修订应在 {e}（第一个不再施行的日期）之前生效"
                )),
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
/// `outer` (`what` says whose days those are).
fn one(
    file: FileId,
    f: &InForce,
    outer: (Option<Date>, Option<Date>),
    what: Within,
    out: &mut Vec<Diagnostic>,
) {
    let (what, what_zh) = what.of();
    let show = |d: Option<Date>| d.map_or("—".to_owned(), |d| d.to_string());
    if let (Some((from, _)), Some((until, until_span))) = (f.from, f.until)
        && until <= from
    {
        out.push(
            Diagnostic::new(
                Code::M010,
                msg!(
                    en: "`in force` ends ({until}) on or before it starts ({from})",
                    zh: "`in force` 的结束日期（{until}）不晚于其开始日期（{from}）"
                ),
            )
            .with_primary(
                file,
                until_span,
                msg!(en: "in force on no day", zh: "没有任何一天施行"),
            )
            .with_help(msg!(
                en: "`until` is the first day no longer in force: write a date after `from`",
                zh: "`until` 是第一个不再施行的日期：请写一个晚于 `from` 的日期"
            )),
        );
        return;
    }
    let (outer_from, outer_until) = outer;
    let (a, b) = (show(outer_from), show(outer_until));
    let (range, range_zh) = (format!("{a} until {b}"), format!("{a} 至 {b}"));
    if let (Some((from, span)), Some(start)) = (f.from, outer_from)
        && from < start
    {
        let whose = what.trim_end_matches("'s");
        out.push(
            Diagnostic::new(
                Code::M010,
                msg!(
                    en: "`in force from {from}` starts before {what} days in force ({range})",
                    zh: "`in force from {from}` 早于{what_zh}施行期间（{range_zh}）开始"
                ),
            )
            .with_primary(file, span, msg!(en: "before {start}", zh: "早于 {start}"))
            .with_help(msg!(
                en: "a rule cannot be in force where {whose} is not: start on or after {start}",
                zh: "{what_zh}不施行时，规则也不能施行：请从 {start} 或之后开始"
            )),
        );
    }
    if let (Some((until, span)), Some(end)) = (f.until, outer_until)
        && until > end
    {
        out.push(
            Diagnostic::new(
                Code::M010,
                msg!(
                    en: "`in force until {until}` ends after {what} days in force ({range})",
                    zh: "`in force until {until}` 晚于{what_zh}施行期间（{range_zh}）结束"
                ),
            )
            .with_primary(file, span, msg!(en: "after {end}", zh: "晚于 {end}"))
            .with_help(msg!(en: "end on or before {end}", zh: "请在 {end} 或之前结束")),
        );
    }
}
