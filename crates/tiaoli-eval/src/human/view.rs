//! One facility's result as plain values in one language, for the report
//! formats that are not the terminal's (Markdown, HTML, SARIF, JUnit,
//! GitHub annotations, iCalendar): the same words, citations, money and
//! readings as the human report, gathered once so that every format says
//! the same thing in the same words.

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::{
    Lang, cite, exposure_line, label, money_bound, range, reason_text, tri_word, uncovered, words,
};
use crate::eval::missing_names;
use crate::ir::*;
use crate::outcome::{Evaluation, Exposure, FineStatus, Status};
use crate::value::{Tri, Value};

/// The words of the report formats' headings: the human report's own
/// (one translation table), and the few a table of an inventory needs.
#[derive(Clone, Copy, Debug)]
pub struct Labels {
    pub as_of: &'static str,
    pub determinations: &'static str,
    pub violated: &'static str,
    pub undecided: &'static str,
    pub missing: &'static str,
    pub due: &'static str,
    pub deadlines: &'static str,
    pub penalties: &'static str,
    pub exposure: &'static str,
    pub persons: &'static str,
    pub satisfied: &'static str,
    pub not_applicable: &'static str,
    pub not_in_force: &'static str,
    pub reading: &'static str,
    pub fines: &'static str,
    pub may_fine: &'static str,
    pub triggered_by: &'static str,
    /// The inventory table's columns and title.
    pub summary: &'static str,
    pub operator: &'static str,
    pub facilities: &'static str,
    pub cii: &'static str,
    pub without_operator: &'static str,
    /// Heading of the records that could not be evaluated.
    pub problems: &'static str,
    /// The provision's text.
    pub text: &'static str,
}

pub fn labels(lang: Lang) -> Labels {
    let w = words(lang);
    let (summary, operator, facilities, cii, without_operator, problems, text) = match lang {
        Lang::En => (
            "Summary",
            "Operator",
            "Facilities",
            "CII",
            "(no operator given)",
            "Problems with the facility files",
            "Text",
        ),
        Lang::Zh => (
            "汇总",
            "运营者",
            "设施",
            "关键信息基础设施",
            "（未填运营者）",
            "设施文件的问题",
            "条文",
        ),
    };
    Labels {
        as_of: w.as_of,
        determinations: w.determinations,
        violated: w.violated,
        undecided: w.undecided,
        missing: w.missing,
        due: w.due,
        deadlines: w.deadlines,
        penalties: w.penalties,
        exposure: w.exposure,
        persons: w.persons,
        satisfied: w.satisfied,
        not_applicable: w.not_applicable,
        not_in_force: w.not_in_force,
        reading: w.reading,
        fines: w.fines,
        may_fine: w.may_fine,
        triggered_by: w.triggered_by,
        summary,
        operator,
        facilities,
        cii,
        without_operator,
        problems,
        text,
    }
}

/// A rule of the packs (obligation or prohibition), for a format's rule
/// metadata (SARIF's `rules`).
#[derive(Clone, Debug)]
pub struct RuleView {
    /// `decree-745/annual_assessment`: unique among the packs.
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub pack: String,
    pub article: u32,
    pub title: Option<String>,
    /// `decree-745 art. 17`.
    pub cite: String,
    /// The cited provision's text, where the caller gave it.
    pub text: Option<String>,
}

/// Every obligation and prohibition of the program, in pack order.
/// `texts[i]` is duty `i`'s provision text (both languages), if known.
pub fn rules(p: &Program, lang: Lang, texts: &[Option<Text2>]) -> Vec<RuleView> {
    p.duties
        .iter()
        .enumerate()
        .map(|(i, d)| rule_view(p, d, lang, texts.get(i).and_then(Option::as_ref)))
        .collect()
}

fn rule_view(p: &Program, d: &DutyRule, lang: Lang, text: Option<&Text2>) -> RuleView {
    RuleView {
        id: format!("{}/{}", p.pack_name(&d.meta.cite.pack), d.meta.name),
        name: d.meta.name.clone(),
        kind: crate::report::duty_kind(d),
        pack: p.pack_name(&d.meta.cite.pack).to_owned(),
        article: d.meta.cite.article,
        title: label(&d.meta.title, lang).map(str::to_owned),
        cite: cite(p, &d.meta.cite, lang),
        text: text.and_then(|t| label(&Some(t.clone()), lang).map(str::to_owned)),
    }
}

/// One obligation's or prohibition's outcome.
#[derive(Clone, Debug)]
pub struct OutcomeView {
    /// The duty's index in the program (and in [`rules`]).
    pub index: usize,
    pub rule: RuleView,
    pub status: Status,
    /// The status in words (`satisfied`, `违反`, …).
    pub status_word: &'static str,
    /// A known due date, and the holiday calendar's note on it.
    pub due: Option<Date>,
    pub due_note: String,
    pub missing: Vec<String>,
    /// Why it is unknown apart from facts.
    pub reason: Option<&'static str>,
    /// The readings it rests on, each with its citation, in words.
    pub readings: Vec<String>,
}

/// A penalty that is or may be triggered.
#[derive(Clone, Debug)]
pub struct PenaltyView {
    pub name: String,
    pub title: Option<String>,
    pub cite: String,
    /// `triggered by …`, the fines that apply and those that may.
    pub lines: Vec<String>,
}

/// A determination and its value in words.
#[derive(Clone, Debug)]
pub struct DeterminationView {
    pub name: String,
    pub value: &'static str,
    pub title: Option<String>,
    pub cite: Option<String>,
}

/// One facility's result, in one language.
#[derive(Clone, Debug)]
pub struct FacilityView {
    pub id: String,
    pub name: Option<String>,
    pub as_of: Date,
    pub determinations: Vec<DeterminationView>,
    /// `cii`, if the packs make that determination and it is decided.
    pub cii: Option<bool>,
    /// Every obligation and prohibition, in pack order.
    pub outcomes: Vec<OutcomeView>,
    pub penalties: Vec<PenaltyView>,
    /// The operator's own fines, as a number and in words.
    pub exposure: Exposure,
    pub exposure_text: String,
    /// Fines on the operator's persons, in words, when there may be any.
    pub persons_text: Option<String>,
}

impl FacilityView {
    pub fn count(&self, status: Status) -> usize {
        self.outcomes.iter().filter(|o| o.status == status).count()
    }
}

/// The view of one evaluated facility; `texts` as for [`rules`].
pub fn facility(
    p: &Program,
    e: &Evaluation,
    name: Option<&str>,
    lang: Lang,
    texts: &[Option<Text2>],
) -> FacilityView {
    let w = words(lang);
    let mut cii = None;
    let determinations = p
        .values
        .iter()
        .zip(&e.values)
        .filter(|(v, _)| v.kind == ValueKind::Determination)
        .map(|(v, t)| {
            let in_force = v.meta.window.contains(e.as_of);
            if v.meta.name == "cii" && in_force {
                cii = t.as_bool();
            }
            DeterminationView {
                name: v.meta.name.clone(),
                value: if in_force {
                    tri_word(t, lang)
                } else {
                    w.not_in_force
                },
                title: label(&v.meta.title, lang).map(str::to_owned),
                cite: (v.meta.cite.article > 0).then(|| cite(p, &v.meta.cite, lang)),
            }
        })
        .collect();
    let outcomes = p
        .duties
        .iter()
        .zip(&e.duties)
        .enumerate()
        .map(|(i, (d, o))| OutcomeView {
            index: i,
            rule: rule_view(p, d, lang, texts.get(i).and_then(Option::as_ref)),
            status: o.status,
            status_word: match o.status {
                Status::Satisfied => w.satisfied,
                Status::Violated => w.violated,
                Status::NotApplicable => w.not_applicable,
                Status::Unknown => w.undecided,
                Status::NotInForce => w.not_in_force,
            },
            due: match &o.due {
                Some(Tri::Known(Value::Date(d))) => Some(*d),
                _ => None,
            },
            due_note: uncovered(d, o, lang),
            missing: if o.status == Status::Unknown {
                missing_names(p, &o.missing)
                    .into_iter()
                    .map(str::to_owned)
                    .collect()
            } else {
                Vec::new()
            },
            reason: o.missing.cause().and_then(|r| reason_text(r, lang)),
            readings: reading_lines(p, &d.meta, lang),
        })
        .collect();
    let penalties = p
        .penalties
        .iter()
        .zip(&e.penalties)
        .filter(|(_, o)| o.triggered.as_bool() != Some(false))
        .map(|(r, o)| {
            let mut lines = Vec::new();
            if !o.triggered_by.is_empty() {
                let by: Vec<String> = o
                    .triggered_by
                    .iter()
                    .map(|(_, d)| p.duties[*d as usize].meta.name.clone())
                    .collect();
                lines.push(format!("{} {}", w.triggered_by, by.join(", ")));
            }
            if let Tri::Unknown(m) = &o.triggered {
                lines.push(format!(
                    "{} {}",
                    w.may_be_triggered,
                    missing_names(p, m).join(", ")
                ));
            }
            for (status, head) in [
                (FineStatus::Applies, w.fines),
                (FineStatus::Possible, w.may_fine),
            ] {
                let fines: Vec<String> = o
                    .fines
                    .iter()
                    .filter(|x| x.status == status)
                    .map(|x| range(p, r, x, lang))
                    .collect();
                if !fines.is_empty() {
                    lines.push(format!("{head}: {}", fines.join(" · ")));
                }
            }
            PenaltyView {
                name: r.meta.name.clone(),
                title: label(&r.meta.title, lang).map(str::to_owned),
                cite: cite(p, &r.meta.cite, lang),
                lines,
            }
        })
        .collect();
    let exposure = e.exposure();
    let persons = e.exposure_of(Whose::OperatorPersons);
    FacilityView {
        id: e.facility.clone(),
        name: name.filter(|n| *n != &*e.facility).map(str::to_owned),
        as_of: e.as_of,
        determinations,
        cii,
        outcomes,
        penalties,
        exposure_text: exposure_line(&exposure, lang),
        exposure,
        persons_text: (persons.possible_max != Some(Decimal::ZERO))
            .then(|| exposure_line(&persons, lang)),
    }
}

/// A rule's readings, one line each, with the provision each rests on.
pub(super) fn reading_lines(p: &Program, meta: &RuleMeta, lang: Lang) -> Vec<String> {
    meta.readings
        .iter()
        .map(|r| {
            let text = match lang {
                Lang::Zh => &r.text.zh,
                Lang::En => &r.text.en,
            };
            match (&r.cite, lang) {
                (Some(c), Lang::Zh) => format!("{text}（{}）", cite(p, c, lang)),
                (Some(c), Lang::En) => format!("{text} ({})", cite(p, c, lang)),
                (None, _) => text.clone(),
            }
        })
        .collect()
}

/// An exposure in words, as an inventory's totals give it.
pub fn exposure_text(x: &Exposure, lang: Lang) -> String {
    super::totals_exposure(x, lang)
}

/// A bound in words (`CNY 3,200,000`, `320万`… as the human report).
pub fn money_text(d: Decimal, out_of_range: bool, lang: Lang) -> String {
    money_bound(d, out_of_range, lang)
}
