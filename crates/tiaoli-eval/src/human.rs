//! The report for people: per facility a summary — determinations,
//! violated and unknown duties first, deadlines, penalty exposure — in
//! Chinese or English; with `explain`, each outcome's explanation tree.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use serde_json::Value as Json;
use tiaoli_text::escape_controls;

use crate::eval::{Facility, missing_names};
use crate::ir::*;
use crate::outcome::{Evaluation, Exposure, FineOutcome, FineStatus, Status};
use crate::report::{deciding_packs, duty_explanation, fine_rule};
use crate::value::{Reason, Tri, Value};

pub use tiaoli_diagnostics::Lang;

pub mod view;

/// Words of the report, in both languages.
struct Words {
    as_of: &'static str,
    determinations: &'static str,
    yes: &'static str,
    no: &'static str,
    unknown: &'static str,
    violated: &'static str,
    undecided: &'static str,
    missing: &'static str,
    due: &'static str,
    deadlines: &'static str,
    penalties: &'static str,
    triggered_by: &'static str,
    may_be_triggered: &'static str,
    measures: &'static str,
    fines: &'static str,
    fines_if: &'static str,
    escalated: &'static str,
    may_fine: &'static str,
    addressed_to: &'static str,
    discretionary: &'static str,
    theirs: &'static str,
    no_bound: &'static str,
    instead: &'static str,
    gave_way: &'static str,
    exempted: &'static str,
    may_be_exempted: &'static str,
    exposure: &'static str,
    certain: &'static str,
    possible: &'static str,
    persons: &'static str,
    satisfied: &'static str,
    not_applicable: &'static str,
    no_rules: &'static str,
    not_in_force: &'static str,
    not_in_force_heading: &'static str,
    /// After a pack or a citation of a model pack.
    model: &'static str,
    /// After a citation of a draft pack (`status = "draft"`), and beside
    /// its fines.
    draft: &'static str,
    draft_fine: &'static str,
    /// An extension point's own default, used where no pack implements it.
    default: &'static str,
    /// Before the pack whose implementation decided a determination.
    decided_by: &'static str,
    reading: &'static str,
}

const EN: Words = Words {
    as_of: "as of",
    determinations: "Determinations",
    yes: "yes",
    no: "no",
    unknown: "unknown",
    violated: "Violated",
    undecided: "Undecided",
    missing: "would be decided by",
    due: "due",
    deadlines: "Deadlines",
    penalties: "Penalty exposure",
    triggered_by: "triggered by",
    may_be_triggered: "may be triggered; decided by",
    measures: "measures",
    fines: "fines",
    fines_if: "fines if",
    escalated: "escalated (refused correction or harm, as the penalty reads; see --explain)",
    may_fine: "fines that may apply",
    addressed_to: "addressed to",
    discretionary: "discretionary",
    theirs: "theirs, not the operator's",
    no_bound: "no upper bound",
    instead: "instead",
    gave_way: "gave way to",
    exempted: "set aside by",
    may_be_exempted: "may be set aside by",
    exposure: "Exposure (the operator's own fines)",
    certain: "certain",
    possible: "possible up to",
    persons: "Fines on the operator's persons (not the operator's)",
    satisfied: "satisfied",
    not_applicable: "not applicable",
    no_rules: "no loaded pack has identification rules for this sector",
    not_in_force: "not in force",
    not_in_force_heading: "Not in force",
    model: " (model rules)",
    draft: " (draft, never in force)",
    draft_fine: "a draft's: never in force, counted in no exposure",
    default: "default (no loaded pack implements it for this key)",
    decided_by: "decided by",
    reading: "reading: ",
};

const ZH: Words = Words {
    as_of: "评估日期",
    determinations: "认定",
    yes: "是",
    no: "否",
    unknown: "未知",
    violated: "违反",
    undecided: "无法判定",
    missing: "需补充事实",
    due: "期限",
    deadlines: "期限",
    penalties: "法律责任",
    triggered_by: "触发于",
    may_be_triggered: "可能触发；需补充事实",
    measures: "措施",
    fines: "罚款",
    fines_if: "如",
    escalated: "符合从重条件（拒不改正或者导致危害后果等，详见 --explain）",
    may_fine: "可能适用的罚款",
    addressed_to: "处罚对象",
    discretionary: "可以并处",
    theirs: "由行为人承担，不计入运营者",
    no_bound: "无上限",
    instead: "改为",
    gave_way: "让位于",
    exempted: "不适用，依据",
    may_be_exempted: "可能不适用，依据",
    exposure: "罚款风险（运营者本身的罚款）",
    certain: "确定",
    possible: "可能最高",
    persons: "运营者相关人员的罚款（不计入运营者）",
    satisfied: "已履行",
    not_applicable: "不适用",
    no_rules: "尚无该行业的认定规则",
    not_in_force: "未施行",
    not_in_force_heading: "未施行",
    model: "（示范规则）",
    draft: "（征求意见稿，未施行）",
    draft_fine: "征求意见稿规定的罚款：从未施行，不计入任何罚款风险",
    default: "默认值（没有加载的规则包为此键值实现）",
    decided_by: "依据",
    reading: "解读：",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

fn label(t: &Option<Text2>, lang: Lang) -> Option<&str> {
    let t = t.as_ref()?;
    let s = match lang {
        Lang::Zh => &t.zh,
        Lang::En => &t.en,
    };
    (!s.is_empty()).then_some(s.as_str())
}

/// A citation qualified by its pack, as the reader meets it:
/// `decree-745 art. 39(1)(8)`, `decree-745 第39条第1款第8项`. A rule of a
/// model pack says so: `energy art. 3 (model rules)`.
pub fn cite(p: &Program, c: &Cite, lang: Lang) -> String {
    let pack = p.pack_name(&c.pack);
    let marker = if p.is_draft(&c.pack) {
        words(lang).draft
    } else if p.is_model(&c.pack) {
        words(lang).model
    } else {
        ""
    };
    let cited = match p.citation_style(&c.pack) {
        CiteStyle::Articles => article_cite(c, lang),
        CiteStyle::Parts => part_cite(c, lang),
    };
    format!("{pack} {cited}{marker}")
}

/// A guidance document's part and section: `part 2(2)`, `二（二）`.
fn part_cite(c: &Cite, lang: Lang) -> String {
    match lang {
        Lang::En => {
            let mut s = format!("part {}", c.article);
            if let Some(p) = c.para {
                s.push_str(&format!("({p})"));
                if let Some(i) = c.item {
                    s.push_str(&format!("({i})"));
                }
            }
            s
        }
        Lang::Zh => match c.para {
            None => format!("第{}部分", chinese_numeral(c.article)),
            Some(p) => {
                let mut s = format!("{}（{}）", chinese_numeral(c.article), chinese_numeral(p));
                if let Some(i) = c.item {
                    s.push_str(&format!("第{i}项"));
                }
                s
            }
        },
    }
}

/// 1 → 一, 12 → 十二, 20 → 二十 (the numbering of parts and sections);
/// from 100 on, digits.
pub fn chinese_numeral(n: u32) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digit = |d: u32| DIGITS.get(d as usize).copied().unwrap_or_default();
    match n {
        1..=9 => digit(n).to_owned(),
        10..=19 => format!("十{}", digit(n - 10)),
        20..=99 => format!("{}十{}", digit(n / 10), digit(n % 10)),
        _ => n.to_string(),
    }
}

fn article_cite(c: &Cite, lang: Lang) -> String {
    match lang {
        Lang::En => {
            let mut s = format!("art. {}", c.article);
            if let Some(p) = c.para {
                s.push_str(&format!("({p})"));
                if let Some(i) = c.item {
                    s.push_str(&format!("({i})"));
                }
            }
            s
        }
        Lang::Zh => {
            let mut s = format!("第{}条", c.article);
            if let Some(p) = c.para {
                s.push_str(&format!("第{p}款"));
                if let Some(i) = c.item {
                    s.push_str(&format!("第{i}项"));
                }
            }
            s
        }
    }
}

/// The readings the pack names for a rule, one line each under it: what
/// the pack takes the text to mean, and the provision that reading rests
/// on when it cites one.
fn readings(out: &mut String, p: &Program, meta: &RuleMeta, lang: Lang, indent: usize) {
    let w = words(lang);
    for line in view::reading_lines(p, meta, lang) {
        let _ = writeln!(out, "{:indent$}{}{line}", "", w.reading);
    }
}

/// `3,200,000` (CNY amounts, exact).
pub fn amount(d: Decimal) -> String {
    let d = d.normalize();
    let text = d.abs().to_string();
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(a, b)| (a, Some(b)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if d.is_sign_negative() { "-" } else { "" };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

fn money(d: Decimal, lang: Lang) -> String {
    match lang {
        Lang::En => format!("CNY {}", amount(d)),
        Lang::Zh => format!("{}元", amount(d)),
    }
}

/// A bound of a fine or an exposure: its amount, or, out of range, the
/// end of the money range it exceeds.
pub fn money_bound(d: Decimal, out_of_range: bool, lang: Lang) -> String {
    match (out_of_range, d.is_sign_negative(), lang) {
        (false, _, _) => money(d, lang),
        (true, false, Lang::En) => format!("exceeds CNY {}", amount(d)),
        (true, false, Lang::Zh) => format!("超出可精确表示的范围（{}元）", amount(d)),
        (true, true, Lang::En) => format!("below CNY {}", amount(d)),
        (true, true, Lang::Zh) => format!("低于{}元，超出可精确表示的范围", amount(d)),
    }
}

fn party_label(p: &Program, party: &str, lang: Lang) -> String {
    p.parties
        .get(party)
        .and_then(|t| label(&Some(t.clone()), lang).map(str::to_owned))
        .unwrap_or_else(|| party.to_owned())
}

fn range(p: &Program, r: &PenaltyRule, f: &FineOutcome, lang: Lang) -> String {
    let w = words(lang);
    let who = fine_rule(r, f).map_or_else(String::new, |x| party_label(p, &x.party, lang));
    let o = f.out_of_range;
    let mut s = match (lang, f.max) {
        // Out of range: each bound in full, which says what it exceeds.
        _ if o.min || o.possible_max => {
            let max = f.max.map_or_else(
                || format!("({})", w.no_bound),
                |b| money_bound(b, o.possible_max, lang),
            );
            let (space, to) = match lang {
                Lang::En => (" ", " – "),
                Lang::Zh => ("", "至"),
            };
            format!("{who}{space}{}{to}{max}", money_bound(f.min, o.min, lang))
        }
        (Lang::En, Some(b)) => format!("{who} CNY {}–{}", amount(f.min), amount(b)),
        (Lang::Zh, Some(b)) => format!("{who}{}元至{}元", amount(f.min), amount(b)),
        (Lang::En, None) => format!("{who} CNY {}–({})", amount(f.min), w.no_bound),
        (Lang::Zh, None) => format!("{who}{}元以上（{}）", amount(f.min), w.no_bound),
    };
    let mut notes = Vec::new();
    if f.discretionary {
        notes.push(w.discretionary.to_owned());
    }
    if f.whose == Whose::ThirdParty {
        notes.push(w.theirs.to_owned());
    }
    if f.whose == Whose::Draft {
        notes.push(w.draft_fine.to_owned());
    }
    if f.status != FineStatus::IfEscalated && f.max != Some(f.max_known) {
        let names = missing_names(p, &f.missing);
        if !names.is_empty() {
            notes.push(format!("{}: {}", w.missing, names.join(", ")));
        }
    }
    if !notes.is_empty() {
        let (open, close, sep) = match lang {
            Lang::En => (" (", ")", "; "),
            Lang::Zh => ("（", "）", "；"),
        };
        s.push_str(&format!("{open}{}{close}", notes.join(sep)));
    }
    s
}

fn exposure_line(x: &Exposure, lang: Lang) -> String {
    let w = words(lang);
    let o = x.out_of_range;
    let possible = match (x.possible_max, lang) {
        (Some(m), Lang::En) if o.possible_max => {
            format!("possible: {}", money_bound(m, true, lang))
        }
        (Some(m), Lang::Zh) if o.possible_max => format!("可能：{}", money_bound(m, true, lang)),
        (Some(m), _) => format!("{} {}", w.possible, money(m, lang)),
        (None, Lang::En) => format!("possible: {}", w.no_bound),
        (None, Lang::Zh) => format!("可能：{}", w.no_bound),
    };
    let sep = if lang == Lang::Zh { "；" } else { "; " };
    format!(
        "{} {} – {}{sep}{possible}",
        w.certain,
        money_bound(x.min, o.min, lang),
        money_bound(x.max, o.max, lang),
    )
}

/// Why a result is unknown when no fact would decide it: arithmetic or the
/// calendar ran out (an extension point without rules is said apart).
fn reason_text(r: Reason, lang: Lang) -> Option<&'static str> {
    Some(match (r, lang) {
        (Reason::NoImplementation(..), _) => return None,
        (Reason::Overflow, Lang::En) => "unknown: an amount went out of range",
        (Reason::Overflow, Lang::Zh) => "无法判定：数额超出范围",
        (Reason::DivisionByZero, Lang::En) => "unknown: division by zero",
        (Reason::DivisionByZero, Lang::Zh) => "无法判定：除数为零",
        (Reason::DateOutOfRange, Lang::En) => {
            "unknown: a date went out of range (the calendar runs from -9999-01-01 to 9999-12-31)"
        }
        (Reason::DateOutOfRange, Lang::Zh) => {
            "无法判定：日期超出日历范围（-9999-01-01至9999-12-31）"
        }
        (Reason::DurationOutOfRange, Lang::En) => "unknown: a duration went out of range",
        (Reason::DurationOutOfRange, Lang::Zh) => "无法判定：期间超出范围",
        (Reason::DurationsWithoutOrder, Lang::En) => {
            "unknown: a duration of months and one of days have no order without a date"
        }
        (Reason::DurationsWithoutOrder, Lang::Zh) => {
            "无法判定：以月计与以日计的期间，没有日期无法比较"
        }
    })
}

/// An inventory's exposure, as its totals line gives it: `certain CNY 0 –
/// 100; possible up to CNY 200` (`确定 0元至100元；可能最高 200元`), each
/// bound out of range saying what it exceeds.
pub fn totals_exposure(x: &Exposure, lang: Lang) -> String {
    let o = x.out_of_range;
    let to = if lang == Lang::Zh { "至" } else { " – " };
    let certain = match lang {
        // Both past the range: one bound says it.
        _ if o.min && o.max => money_bound(x.max, true, lang),
        _ if o.min || o.max => format!(
            "{}{to}{}",
            money_bound(x.min, o.min, lang),
            money_bound(x.max, o.max, lang)
        ),
        Lang::En => format!("CNY {} – {}", amount(x.min), amount(x.max)),
        Lang::Zh => format!("{}元至{}元", amount(x.min), amount(x.max)),
    };
    let possible = match (x.possible_max, lang) {
        (Some(m), Lang::En) if o.possible_max => format!(": {}", money_bound(m, true, lang)),
        (Some(m), Lang::Zh) if o.possible_max => format!("：{}", money_bound(m, true, lang)),
        (Some(m), Lang::En) => format!(" up to CNY {}", amount(m)),
        (Some(m), Lang::Zh) => format!("最高 {}元", amount(m)),
        (None, Lang::En) => ": no upper bound".to_owned(),
        (None, Lang::Zh) => "：无上限".to_owned(),
    };
    match lang {
        Lang::En => format!("certain {certain}; possible{possible}"),
        Lang::Zh => format!("确定 {certain}；可能{possible}"),
    }
}

fn tri_word(t: &Tri, lang: Lang) -> &'static str {
    let w = words(lang);
    match t.as_bool() {
        Some(true) => w.yes,
        Some(false) => w.no,
        None => w.unknown,
    }
}

/// " (holiday calendar not covered: 2031)" after a due date derived
/// without the art. 203 shift, else nothing.
fn uncovered(d: &DutyRule, o: &crate::outcome::DutyOutcome, lang: Lang) -> String {
    match crate::report::calendar_note(d, o) {
        Some(note) if note != "covered" => {
            let year = note.trim_start_matches("not covered: ");
            match lang {
                Lang::En => {
                    format!(" (holiday calendar not covered: {year}; not moved past holidays)")
                }
                Lang::Zh => format!("（未收录{year}年节假日安排，未按法定休假日顺延）"),
            }
        }
        _ => String::new(),
    }
}

/// "in force from 2021-09-01 until 2027-01-01", in `lang`.
fn window_text(w: Window, lang: Lang) -> String {
    match (lang, w.from, w.until) {
        (Lang::En, Some(f), Some(u)) => format!("in force from {f} until {u}"),
        (Lang::En, Some(f), None) => format!("in force from {f}"),
        (Lang::En, None, Some(u)) => format!("in force until {u}"),
        (Lang::Zh, Some(f), Some(u)) => format!("自{f}起施行，{u}起失效"),
        (Lang::Zh, Some(f), None) => format!("自{f}起施行"),
        (Lang::Zh, None, Some(u)) => format!("{u}起失效"),
        (Lang::En, None, None) => "in force".to_owned(),
        (Lang::Zh, None, None) => "施行中".to_owned(),
    }
}

/// The notice that a draft (never in force, its rules evaluated as a
/// draft's from the day it was published) was not yet published as of
/// `as_of`.
fn draft_not_published(pack: &PackInForce, as_of: jiff::civil::Date, lang: Lang) -> String {
    let published = pack.window.from.map(|d| d.to_string()).unwrap_or_default();
    match lang {
        Lang::En => format!(
            "{} is a draft published on {published} that never came into force; as of {as_of} \
             it was not yet published: its rules are not evaluated",
            pack.name
        ),
        Lang::Zh => format!(
            "{}为{published}公布的征求意见稿，从未施行；截至{as_of}尚未公布，其规则不作评估",
            pack.name
        ),
    }
}

/// The notice that a pack is not in force as of `as_of`.
fn pack_not_in_force(pack: &PackInForce, as_of: jiff::civil::Date, lang: Lang) -> String {
    let dates = window_text(pack.window, lang);
    match lang {
        Lang::En => format!(
            "{} is not in force as of {as_of} ({dates}): its duties are not in force, \
             its penalties do not apply and its determinations are not asserted",
            pack.name
        ),
        Lang::Zh => format!(
            "截至{as_of}，{}不在施行期内（{dates}）：其义务未施行，其罚则不适用，其认定不作结论",
            pack.name
        ),
    }
}

/// One facility's report.
pub fn render(
    p: &Program,
    f: &Facility,
    e: &Evaluation,
    name: Option<&str>,
    lang: Lang,
    explain: bool,
) -> String {
    let w = words(lang);
    let mut out = String::new();
    // The id and name come from the facility file: control characters in
    // them are written out, never sent to the terminal.
    let id = escape_controls(&e.facility);
    let title = match name {
        Some(n) if n != e.facility => format!("{id} · {}", escape_controls(n)),
        _ => id.into_owned(),
    };
    let _ = writeln!(out, "━━ {title}  ({} {})", w.as_of, e.as_of);
    for pack in p.packs_not_in_force(e.as_of) {
        let notice = if p.is_draft(&pack.ident) {
            draft_not_published(pack, e.as_of, lang)
        } else {
            pack_not_in_force(pack, e.as_of, lang)
        };
        let _ = writeln!(out, "  ⚠ {notice}");
    }

    let _ = writeln!(out, "{}", w.determinations);
    let dets: Vec<(usize, &ValueRule, &Tri)> = p
        .values
        .iter()
        .zip(&e.values)
        .enumerate()
        .filter(|(_, (v, _))| v.kind == ValueKind::Determination)
        .map(|(i, (v, t))| (i, v, t))
        .collect();
    let width = dets
        .iter()
        .map(|(_, v, _)| v.meta.name.chars().count())
        .max()
        .unwrap_or(0);
    let word_width = [w.yes, w.no, w.unknown, w.not_in_force]
        .iter()
        .map(|x| x.chars().count())
        .max()
        .unwrap_or(0);
    for (index, v, t) in dets {
        let word = if v.meta.window.contains(e.as_of) {
            tri_word(t, lang)
        } else {
            w.not_in_force
        };
        let mut line = format!("  {:<width$}  {:<word_width$}", v.meta.name, word);
        if let Some(l) = label(&v.meta.title, lang) {
            line.push_str(&format!("  {l}"));
        }
        if v.meta.cite.article > 0 {
            line.push_str(&format!(" ({})", cite(p, &v.meta.cite, lang)));
        }
        let deciding = deciding_packs(p, f, index as u32);
        let by: Vec<String> = deciding
            .iter()
            .copied()
            .map(|pack| {
                let marker = if p.is_model(pack) { w.model } else { "" };
                format!("{}{marker}", p.pack_name(pack))
            })
            .collect();
        if !by.is_empty() {
            line.push_str(&format!(" — {} {}", w.decided_by, by.join(", ")));
        }
        if let Tri::Unknown(m) = t {
            if let Some(Reason::NoImplementation(..)) = m.cause() {
                line.push_str(&format!(" — {}", w.no_rules));
            }
            let names = missing_names(p, m);
            if !names.is_empty() {
                line.push_str(&format!(" — {}: {}", w.missing, names.join(", ")));
            }
            if let Some(why) = m.cause().and_then(|r| reason_text(r, lang)) {
                line.push_str(&format!(" — {why}"));
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
        readings(&mut out, p, &v.meta, lang, 6);
        // With --explain, a determination that a sector's (or a model's)
        // implementation decided shows how.
        if explain && !deciding.is_empty() {
            for l in explain_node(p, f, e, Node::Value(index as u32), lang).lines() {
                let _ = writeln!(out, "  {l}");
            }
        }
    }

    let mut counts = [0usize; 5];
    for o in &e.duties {
        counts[o.status as usize] += 1;
    }
    for (status, heading, mark) in [
        (Status::Violated, w.violated, "✗"),
        (Status::Unknown, w.undecided, "?"),
    ] {
        let rows: Vec<usize> = (0..p.duties.len())
            .filter(|&i| e.duties[i].status == status)
            .collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{heading} ({})", rows.len());
        for i in rows {
            let (d, o) = (&p.duties[i], &e.duties[i]);
            let mut line = format!("  {mark} {}", d.meta.name);
            if let Some(l) = label(&d.meta.title, lang) {
                line.push_str(&format!("  {l}"));
            }
            line.push_str(&format!(" · {}", cite(p, &d.meta.cite, lang)));
            if let Some(Tri::Known(Value::Date(due))) = &o.due {
                line.push_str(&format!(" · {} {due}", w.due));
                line.push_str(&uncovered(d, o, lang));
            }
            let _ = writeln!(out, "{line}");
            if status == Status::Unknown {
                let names = missing_names(p, &o.missing);
                if !names.is_empty() {
                    let _ = writeln!(out, "      {}: {}", w.missing, names.join(", "));
                }
                if let Some(why) = o.missing.cause().and_then(|r| reason_text(r, lang)) {
                    let _ = writeln!(out, "      {why}");
                }
            }
            readings(&mut out, p, &d.meta, lang, 6);
            if explain {
                tree(&mut out, &duty_explanation(p, f, e, d, o), 6, lang);
            }
        }
    }

    let mut deadlines: Vec<(jiff::civil::Date, usize)> = (0..p.duties.len())
        .filter(|&i| e.duties[i].status == Status::Satisfied)
        .filter_map(|i| match &e.duties[i].due {
            // Upcoming only: a deadline met in the past is no longer one.
            Some(Tri::Known(Value::Date(d))) if *d >= e.as_of => Some((*d, i)),
            _ => None,
        })
        .collect();
    deadlines.sort();
    if !deadlines.is_empty() {
        let _ = writeln!(out, "{}", w.deadlines);
        for (date, i) in deadlines {
            let d = &p.duties[i];
            let _ = writeln!(
                out,
                "  • {date}  {}  {}{}",
                d.meta.name,
                cite(p, &d.meta.cite, lang),
                uncovered(d, &e.duties[i], lang)
            );
            readings(&mut out, p, &d.meta, lang, 6);
        }
    }

    // Rules not in force whose pack is (a pack not in force is said once,
    // above).
    let in_force_pack = |m: &RuleMeta| {
        p.packs_in_force
            .iter()
            .find(|x| x.ident == m.pack)
            .is_none_or(|x| x.window.contains(e.as_of))
    };
    let dated: Vec<(&RuleMeta, Window)> = p
        .duties
        .iter()
        .map(|d| &d.meta)
        .chain(p.penalties.iter().map(|r| &r.meta))
        .filter(|m| !m.window.contains(e.as_of) && in_force_pack(m))
        .map(|m| (m, m.own_window))
        .collect();
    if !dated.is_empty() {
        let _ = writeln!(out, "{} ({})", w.not_in_force_heading, dated.len());
        for (m, window) in dated {
            let mut line = format!("  – {}", m.name);
            if let Some(l) = label(&m.title, lang) {
                line.push_str(&format!("  {l}"));
            }
            line.push_str(&format!(
                " · {} · {}",
                cite(p, &m.cite, lang),
                window_text(window, lang)
            ));
            let _ = writeln!(out, "{line}");
        }
    }

    let relevant: Vec<usize> = (0..p.penalties.len())
        .filter(|&i| e.penalties[i].triggered.as_bool() != Some(false))
        .collect();
    if !relevant.is_empty() {
        let _ = writeln!(out, "{}", w.penalties);
    }
    for i in relevant {
        let (r, o) = (&p.penalties[i], &e.penalties[i]);
        let mut line = format!("  ! {}", r.meta.name);
        if let Some(l) = label(&r.meta.title, lang) {
            line.push_str(&format!("  {l}"));
        }
        line.push_str(&format!(" · {}", cite(p, &r.meta.cite, lang)));
        let _ = writeln!(out, "{line}");
        readings(&mut out, p, &r.meta, lang, 6);
        if let Tri::Unknown(m) = &o.triggered {
            let _ = writeln!(
                out,
                "      {} {}",
                w.may_be_triggered,
                missing_names(p, m).join(", ")
            );
        }
        // Violations that trigger it (also when an exemption may still set
        // it aside).
        if o.triggered.as_bool() == Some(true) || !o.triggered_by.is_empty() {
            let by: Vec<String> = o
                .triggered_by
                .iter()
                .map(|(t, d)| {
                    let rule = &p.duties[*d as usize].meta.name;
                    match &r.triggers[*t].cite {
                        Some(c) => format!("{rule} ({})", cite(p, c, lang)),
                        None => rule.clone(),
                    }
                })
                .collect();
            let _ = writeln!(out, "      {} {}", w.triggered_by, by.join(", "));
        }
        let _ = writeln!(
            out,
            "      {} {}",
            w.addressed_to,
            party_label(p, &r.addressee, lang)
        );
        for (x, m) in &o.exempted {
            let (by, instead) = match &r.exemptions[x.index] {
                Exemption::Inline(c, ct) => (format!("{} ({})", c.text, cite(p, ct, lang)), None),
                Exemption::Exception(k) => {
                    let ex = &p.exceptions[*k as usize];
                    let l = label(&ex.meta.title, lang).unwrap_or(&ex.meta.name);
                    (
                        format!("{l} ({})", cite(p, &ex.meta.cite, lang)),
                        label(&ex.instead, lang),
                    )
                }
            };
            let mut line = format!(
                "      {} {by}",
                if x.certain {
                    w.exempted
                } else {
                    w.may_be_exempted
                }
            );
            if !x.certain {
                let names = missing_names(p, m);
                if !names.is_empty() {
                    line.push_str(&format!(" — {}: {}", w.missing, names.join(", ")));
                }
            }
            let _ = writeln!(out, "{line}");
            if let Some(instead) = instead.filter(|_| x.certain) {
                let _ = writeln!(out, "        {}: {instead}", w.instead);
            }
            if let Exemption::Exception(k) = &r.exemptions[x.index] {
                readings(&mut out, p, &p.exceptions[*k as usize].meta, lang, 8);
            }
        }
        for (d, to) in &o.gave_way {
            let _ = writeln!(
                out,
                "      {}: {} {} ({})",
                p.duties[*d as usize].meta.name,
                w.gave_way,
                p.penalties[*to as usize].meta.name,
                cite(p, &p.penalties[*to as usize].meta.cite, lang)
            );
        }
        if !r.measures.is_empty() {
            let names: Vec<String> = r
                .measures
                .iter()
                .map(|m| {
                    p.measures
                        .get(m)
                        .and_then(|t| label(&Some(t.clone()), lang).map(str::to_owned))
                        .unwrap_or_else(|| m.clone())
                })
                .collect();
            let sep = if lang == Lang::Zh { "、" } else { ", " };
            let _ = writeln!(out, "      {}: {}", w.measures, names.join(sep));
        }
        let list = |status: FineStatus| -> Vec<String> {
            o.fines
                .iter()
                .filter(|x| x.status == status)
                .map(|x| range(p, r, x, lang))
                .collect()
        };
        let applies = list(FineStatus::Applies);
        if !applies.is_empty() {
            let _ = writeln!(out, "      {}: {}", w.fines, applies.join(" · "));
        }
        let possible = list(FineStatus::Possible);
        if !possible.is_empty() {
            let mut m = crate::value::Missing::default();
            for x in o.fines.iter().filter(|x| x.status == FineStatus::Possible) {
                m.merge(&x.missing);
            }
            let names = missing_names(p, &m);
            let _ = writeln!(
                out,
                "      {} ({}: {}): {}",
                w.may_fine,
                w.missing,
                names.join(", "),
                possible.join(" · ")
            );
        }
        let if_escalated = list(FineStatus::IfEscalated);
        if !if_escalated.is_empty() {
            // A long condition is left to `--explain`.
            let cond = r
                .escalate
                .as_ref()
                .map_or(String::new(), |(c, _)| c.text.clone());
            let cond = if cond.chars().count() > 60 || cond.contains('\n') {
                w.escalated.to_owned()
            } else {
                cond
            };
            let _ = writeln!(
                out,
                "      {} {cond}: {}",
                w.fines_if,
                if_escalated.join(" · ")
            );
        }
        if explain {
            for line in explain_node(p, f, e, Node::Penalty(i as u32), lang).lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    let exposure = e.exposure();
    let mut line = format!("{}: {}", w.exposure, exposure_line(&exposure, lang));
    if exposure.possible_max != Some(exposure.max) {
        let names = missing_names(p, &e.exposure_missing());
        if !names.is_empty() {
            line.push_str(&format!(" — {}: {}", w.missing, names.join(", ")));
        }
    }
    let _ = writeln!(out, "{line}");
    let persons = e.exposure_of(Whose::OperatorPersons);
    if persons.possible_max != Some(Decimal::ZERO) {
        let _ = writeln!(out, "{}: {}", w.persons, exposure_line(&persons, lang));
    }
    let _ = writeln!(
        out,
        "{} {} · {} {} · {} {} · {} {}",
        w.satisfied,
        counts[Status::Satisfied as usize],
        w.not_applicable,
        counts[Status::NotApplicable as usize],
        w.violated.to_lowercase(),
        counts[Status::Violated as usize],
        w.undecided.to_lowercase(),
        counts[Status::Unknown as usize],
    );
    if counts[Status::NotInForce as usize] > 0 {
        let _ = writeln!(
            out,
            "{} {}",
            w.not_in_force,
            counts[Status::NotInForce as usize]
        );
    }
    out
}

/// Prints an explanation tree (as built for JSON) as indented lines.
fn tree(out: &mut String, node: &Json, indent: usize, lang: Lang) {
    let pad = " ".repeat(indent);
    if let Some(clauses) = node.get("clauses").and_then(Json::as_array) {
        for c in clauses {
            let _ = writeln!(
                out,
                "{pad}{} {}  ⇒ {}",
                str_of(&c["clause"]),
                str_of(&c["text"]),
                show(&c["value"])
            );
            for r in c["reads"].as_array().into_iter().flatten() {
                read(out, r, indent + 2, lang);
            }
        }
    }
}

fn read(out: &mut String, r: &Json, indent: usize, lang: Lang) {
    let pad = " ".repeat(indent);
    let cite = r
        .get("cite")
        .and_then(Json::as_str)
        .map(|c| match r.get("pack").and_then(Json::as_str) {
            Some(pack) => format!("  [{pack} {c}]"),
            None => format!("  [{c}]"),
        })
        .unwrap_or_default();
    for kind in [
        "fact",
        "determination",
        "definition",
        "obligation",
        "prohibition",
        "penalty",
        "extension",
        "factor",
    ] {
        let Some(name) = r.get(kind).and_then(Json::as_str) else {
            continue;
        };
        let value = ["value", "status", "triggered"]
            .iter()
            .find_map(|k| r.get(*k))
            .map(show)
            .unwrap_or_default();
        let prefix = if kind == "fact" { "facility." } else { "" };
        let _ = writeln!(out, "{pad}{prefix}{name} = {value}{cite}");
        if let Some(imp) = r.get("implementation") {
            let model = if imp["model"] == Json::Bool(true) {
                words(lang).model
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "{pad}  {}{model} → {}",
                str_of(&imp["pack"]),
                str_of(&imp["decide"])
            );
            for step in imp["steps"].as_array().into_iter().flatten() {
                read(out, step, indent + 4, lang);
            }
        }
        if let Some(default) = r.get("default").and_then(Json::as_str) {
            let _ = writeln!(out, "{pad}  {} → {default}", words(lang).default);
        }
        for sub in r
            .get("reads")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
        {
            read(out, sub, indent + 2, lang);
        }
        return;
    }
}

fn str_of(v: &Json) -> String {
    v.as_str()
        .map_or_else(|| v.to_string(), |s| escape_controls(s).into_owned())
}

/// A value as shown in an explanation; text facts come from the facility
/// file, so their control characters are written out.
fn show(v: &Json) -> String {
    match v {
        Json::String(s) => escape_controls(s).into_owned(),
        other => other.to_string(),
    }
}

/// The explanation of one rule's result as indented text (for failing
/// pack tests and `--explain`).
pub fn explain_node(p: &Program, f: &Facility, e: &Evaluation, node: Node, lang: Lang) -> String {
    let mut out = String::new();
    match node {
        Node::Duty(i) => tree(
            &mut out,
            &duty_explanation(p, f, e, &p.duties[i as usize], &e.duties[i as usize]),
            4,
            lang,
        ),
        Node::Penalty(i) => {
            let (r, o) = (&p.penalties[i as usize], &e.penalties[i as usize]);
            for t in &r.triggers {
                for d in &t.duties {
                    let status = e.duties[*d as usize].status;
                    let c = t
                        .cite
                        .as_ref()
                        .map(|c| format!("  [{}]", cite(p, c, lang)))
                        .unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "    trigger {} = {}{c}",
                        p.duties[*d as usize].meta.name,
                        status.as_str()
                    );
                }
            }
            if r.escalate.is_some() {
                let node = crate::report::penalty_explanation(p, f, e, r, o);
                tree(&mut out, &node, 4, lang);
            }
        }
        Node::Value(i) => {
            let v = &p.values[i as usize];
            let node = serde_json::json!({ "clauses": [{
                "clause": "value",
                "text": v.clause.text,
                "value": crate::report::tri_json(p, &e.values[i as usize], Some(&v.ty)),
                "reads": v.clause.reads.iter().map(|r| crate::report::read_json_pub(p, f, e, *r)).collect::<Vec<_>>(),
            }]});
            tree(&mut out, &node, 4, lang);
        }
        Node::Exception(_) | Node::Extension(_) => {}
    }
    out
}

/// The questions section of an undecided facility's report: the missing
/// facts that would decide the most outcomes, best first, and the short
/// list to answer first. Empty when nothing is undecided.
pub fn questions(p: &Program, q: &crate::questions::Questions, lang: Lang) -> String {
    use crate::questions::{allowed_values, type_name};
    let mut out = String::new();
    if q.undecided.is_empty() {
        return out;
    }
    let fact_name = |slot: u32| p.schema.fact(slot).map_or("", |f| f.name.as_str());
    let sep = if lang == Lang::Zh { "、" } else { ", " };
    let plan: Vec<&str> = q.plan.iter().map(|s| fact_name(*s)).collect();
    let n = q.undecided.len();
    let heading = match (lang, plan.is_empty()) {
        (Lang::En, true) => format!(
            "Questions — {n} undecided outcome(s); no single missing fact decides any of them whichever way it is answered"
        ),
        (Lang::Zh, true) => {
            format!(
                "待补充事实 — 未决结果{n}项；没有哪一项缺失事实无论如何回答都能判定其中任一结论"
            )
        }
        (Lang::En, false) if plan.len() == 1 => format!(
            "Questions — {n} undecided outcome(s); answer {} to decide at least {}",
            plan.join(sep),
            q.plan_decides,
        ),
        (Lang::En, false) => format!(
            "Questions — {n} undecided outcome(s); answer these {} to decide at least {}: {}",
            plan.len(),
            q.plan_decides,
            plan.join(sep)
        ),
        (Lang::Zh, false) => format!(
            "待补充事实 — 未决结果{n}项；补充以下{}项事实，至少可判定其中{}项：{}",
            plan.len(),
            q.plan_decides,
            plan.join(sep)
        ),
    };
    let _ = writeln!(out, "{heading}");
    for (k, x) in q.questions.iter().enumerate() {
        let Some(info) = p.schema.fact(x.slot) else {
            continue;
        };
        let description = match lang {
            Lang::Zh => &info.label.zh,
            Lang::En => &info.label.en,
        };
        let mut line = format!("  {}. {}  {}", k + 1, info.name, type_name(p, &info.ty));
        if let Some(values) = allowed_values(p, &info.ty) {
            let names: Vec<&str> = values.iter().map(|v| v.name.as_str()).collect();
            line.push_str(&format!(" ({})", names.join(" | ")));
        }
        if !description.is_empty() {
            line.push_str(&format!(" · {description}"));
        }
        let _ = writeln!(out, "{line}");
        let shown: Vec<&str> = x.decides.iter().take(8).map(|o| o.name(p)).collect();
        let more = x.decides.len().saturating_sub(shown.len());
        let mut list = shown.join(sep);
        if more > 0 {
            list.push_str(&match lang {
                Lang::En => format!(", and {more} more"),
                Lang::Zh => format!("等，另{more}项"),
            });
        }
        let d = x.decides.len();
        let others = x.may_decide.saturating_sub(d);
        let line = match (lang, d) {
            (Lang::En, 0) => format!(
                "what it decides depends on the answer: some answers decide {}",
                x.may_decide
            ),
            (Lang::Zh, 0) => format!("能否判定取决于答案：部分答案可判定{}项", x.may_decide),
            (Lang::En, _) if others > 0 => format!(
                "decides {d} whichever the answer: {list}; some answers decide {others} more"
            ),
            (Lang::Zh, _) if others > 0 => {
                format!("无论如何回答均可判定{d}项：{list}；部分答案另可判定{others}项")
            }
            (Lang::En, _) => format!("decides {d} whichever the answer: {list}"),
            (Lang::Zh, _) => format!("无论如何回答均可判定{d}项：{list}"),
        };
        let _ = writeln!(out, "       {line}");
        let stake = &x.stake;
        if stake.possible_max != Some(Decimal::ZERO) {
            let amount = match stake.possible_max {
                Some(m) => money_bound(m, stake.out_of_range.possible_max, lang),
                None => words(lang).no_bound.to_owned(),
            };
            let line = match (lang, stake.possible_max) {
                (Lang::En, Some(_)) => format!("operator's fines at stake: up to {amount}"),
                (Lang::Zh, Some(_)) => format!("涉及运营者的罚款：最高{amount}"),
                (Lang::En, None) => format!("operator's fines at stake: {amount}"),
                (Lang::Zh, None) => format!("涉及运营者的罚款：{amount}"),
            };
            let _ = writeln!(out, "       {line}");
        }
    }
    if !q.incomplete.is_empty() {
        let names: Vec<&str> = q.incomplete.iter().map(|s| fact_name(*s)).collect();
        let line = match lang {
            Lang::En => format!(
                "  also incomplete (given, with a record's field left out): {}",
                names.join(sep)
            ),
            Lang::Zh => format!(
                "  另有事实不完整（已提供，但记录中有字段未填）：{}",
                names.join(sep)
            ),
        };
        let _ = writeln!(out, "{line}");
    }
    out
}
