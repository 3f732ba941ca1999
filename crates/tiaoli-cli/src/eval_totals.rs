//! The inventory's totals (`summary`, the human report's last lines),
//! tallied facility by facility in input order.
//!
//! Memory: O(distinct operators) — per operator its name, its number of
//! facilities and, per penalty with a non-zero exposure among its
//! facilities, the highest exposure (a sparse list: zero exposures are not
//! held); per obligation, a count by status; the [`TOP`] largest
//! exposures; and, to warn of a facility id given twice, a 64-bit hash per
//! facility (8 bytes each: 8 MB for a million facilities). Nothing else
//! grows with the number of facilities.

use std::collections::BTreeMap;

use serde_json::{Value as Json, json};
use tiaoli_eval::human::{self, Lang};
use tiaoli_eval::{Evaluation, Exposure, Program, Status};

/// What one evaluated facility adds to the totals (computed where it is
/// evaluated, on any thread, and added in input order).
#[derive(Debug)]
pub struct FacilityTally {
    cii: bool,
    violated: usize,
    unknown: usize,
    /// The `operator` fact.
    operator: Option<String>,
    /// Per penalty (by index), its non-zero exposure.
    penalties: Vec<(u32, Exposure)>,
    /// The facility's own exposure (used when it names no operator).
    own: Exposure,
    /// A fine on its operator certainly applies (`--fail-on exposure`).
    exposed: bool,
    /// Each obligation's status, by duty index.
    statuses: Vec<Status>,
    /// The facility as the summary's largest exposures name it, with its
    /// own exposure.
    top: Top,
}

/// How many of the largest exposures the summary lists.
pub const TOP: usize = 10;

/// One of the largest exposures: the facility and its operator's fines.
#[derive(Clone, Debug)]
pub struct Top {
    pub id: String,
    pub name: Option<String>,
    pub operator: Option<String>,
    pub exposure: Exposure,
}

impl Top {
    /// Larger first: past the range, then the certain upper bound, then
    /// the possible one (no upper bound is the largest).
    fn key(&self) -> (bool, rust_decimal::Decimal, bool, rust_decimal::Decimal) {
        let x = &self.exposure;
        (
            x.out_of_range.max,
            x.max,
            x.possible_max.is_none(),
            x.possible_max.unwrap_or_default(),
        )
    }
}

impl FacilityTally {
    pub fn new(
        p: &Program,
        e: &Evaluation,
        id: &str,
        name: Option<String>,
        operator: Option<String>,
    ) -> Self {
        let cii = p
            .values
            .iter()
            .zip(&e.values)
            .any(|(v, x)| v.meta.name == "cii" && x.as_bool() == Some(true));
        let count = |s: Status| e.duties.iter().filter(|d| d.status == s).count();
        let zero = Exposure::zero();
        let mine = e.exposure();
        let exposed = mine.max > rust_decimal::Decimal::ZERO || mine.out_of_range.max;
        let penalties = e
            .penalties
            .iter()
            .enumerate()
            .map(|(i, o)| (i as u32, o.exposure()))
            .filter(|(_, x)| *x != zero)
            .collect();
        FacilityTally {
            statuses: e.duties.iter().map(|d| d.status).collect(),
            top: Top {
                id: id.to_owned(),
                name,
                operator: operator.clone(),
                exposure: mine,
            },
            cii,
            violated: count(Status::Violated),
            unknown: count(Status::Unknown),
            own: if operator.is_none() { mine } else { zero },
            exposed,
            operator,
            penalties,
        }
    }
}

/// One operator's facilities and, per penalty, the highest exposure among
/// them (one offender, one case per penalty: its systems are not counted as
/// separate offenders). Sorted by penalty index; zero exposures left out.
#[derive(Debug, Default)]
struct Operator {
    facilities: usize,
    cii: usize,
    violated: usize,
    unknown: usize,
    penalties: Vec<(u32, Exposure)>,
}

impl Operator {
    fn exposure(&self) -> Exposure {
        let mut total = Exposure::zero();
        for (_, x) in &self.penalties {
            total.merge(x);
        }
        total
    }
}

#[derive(Debug, Default)]
pub struct Totals {
    pub records: usize,
    pub evaluated: usize,
    pub failed: usize,
    cii: usize,
    violated: usize,
    unknown: usize,
    operators: BTreeMap<String, Operator>,
    /// Facilities that name no operator: each counted as its own.
    without_operator: usize,
    loose: Option<Exposure>,
    /// The facilities without an operator: their counts, as an operator's.
    loose_counts: Operator,
    /// Facilities with a violated outcome, an undecided one, a certain fine.
    pub facilities_violated: usize,
    pub facilities_undecided: usize,
    pub facilities_exposed: usize,
    /// Per obligation (by duty index), how many facilities have each
    /// status (by [`status_index`]).
    pub by_duty: Vec<[usize; 5]>,
    /// The largest exposures, largest first, at most [`TOP`].
    pub top: Vec<Top>,
    /// The hashes of the facility ids seen, and the ids seen again (the
    /// first few, and how many in all): reports keyed by id would merge
    /// them (review B14).
    seen: std::collections::HashSet<u64>,
    pub repeated: Vec<String>,
    pub repeated_count: usize,
}

/// A status's column in [`Totals::by_duty`].
pub fn status_index(s: Status) -> usize {
    match s {
        Status::Violated => 0,
        Status::Unknown => 1,
        Status::Satisfied => 2,
        Status::NotApplicable => 3,
        Status::NotInForce => 4,
    }
}

impl Totals {
    pub fn add(&mut self, t: FacilityTally) {
        self.evaluated += 1;
        let hash = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            t.top.id.hash(&mut h);
            h.finish()
        };
        if !self.seen.insert(hash) {
            self.repeated_count += 1;
            if self.repeated.len() < 5 && !self.repeated.contains(&t.top.id) {
                self.repeated.push(t.top.id.clone());
            }
        }
        if self.by_duty.len() < t.statuses.len() {
            self.by_duty.resize(t.statuses.len(), [0; 5]);
        }
        for (counts, s) in self.by_duty.iter_mut().zip(&t.statuses) {
            counts[status_index(*s)] += 1;
        }
        let x = &t.top.exposure;
        if x.max > rust_decimal::Decimal::ZERO
            || x.out_of_range.max
            || x.possible_max != Some(rust_decimal::Decimal::ZERO)
        {
            let key = t.top.key();
            let at = self.top.partition_point(|o| o.key() >= key);
            if at < TOP {
                self.top.insert(at, t.top.clone());
                self.top.truncate(TOP);
            }
        }
        self.cii += usize::from(t.cii);
        self.violated += t.violated;
        self.unknown += t.unknown;
        self.facilities_violated += usize::from(t.violated > 0);
        self.facilities_undecided += usize::from(t.unknown > 0);
        self.facilities_exposed += usize::from(t.exposed);
        let counts = match &t.operator {
            Some(name) => self.operators.entry(name.clone()).or_default(),
            None => &mut self.loose_counts,
        };
        counts.cii += usize::from(t.cii);
        counts.violated += t.violated;
        counts.unknown += t.unknown;
        match t.operator {
            Some(name) => {
                let op = self.operators.entry(name).or_default();
                op.facilities += 1;
                for (i, x) in t.penalties {
                    match op.penalties.binary_search_by_key(&i, |(j, _)| *j) {
                        Ok(at) => {
                            if let Some((_, acc)) = op.penalties.get_mut(at) {
                                acc.max_with(&x);
                            }
                        }
                        Err(at) => op.penalties.insert(at, (i, x)),
                    }
                }
            }
            None => {
                self.without_operator += 1;
                self.loose.get_or_insert_with(Exposure::zero).merge(&t.own);
            }
        }
    }

    fn exposure(&self) -> Exposure {
        let mut total = self.loose.unwrap_or_else(Exposure::zero);
        for op in self.operators.values() {
            for (_, x) in &op.penalties {
                total.merge(x);
            }
        }
        total
    }

    pub fn summary_json(&self) -> Json {
        json!({
            "records": self.records,
            "evaluated": self.evaluated,
            "failed": self.failed,
            "cii": self.cii,
            "violated_obligations": self.violated,
            "undecided_obligations": self.unknown,
            "exposure": tiaoli_eval::exposure_json(&self.exposure()),
            "operators": self.operators.iter().map(|(name, op)| json!({
                "operator": name,
                "facilities": op.facilities,
                "exposure": tiaoli_eval::exposure_json(&op.exposure()),
            })).collect::<Vec<_>>(),
            "without_operator": self.without_operator,
        })
    }

    /// The summary table's rows: each operator, then the facilities that
    /// name none (if any).
    pub fn rows(&self, lang: Lang) -> Vec<crate::formats::Row> {
        let mut rows: Vec<crate::formats::Row> = self
            .operators
            .iter()
            .map(|(name, op)| crate::formats::Row {
                operator: Some(name.clone()),
                facilities: op.facilities,
                cii: op.cii,
                violated: op.violated,
                undecided: op.unknown,
                exposure: human::totals_exposure(&op.exposure(), lang),
            })
            .collect();
        if self.without_operator > 0 {
            let c = &self.loose_counts;
            rows.push(crate::formats::Row {
                operator: None,
                facilities: self.without_operator,
                cii: c.cii,
                violated: c.violated,
                undecided: c.unknown,
                exposure: human::totals_exposure(&self.loose.unwrap_or_else(Exposure::zero), lang),
            });
        }
        rows
    }

    /// The human report's last lines.
    pub fn line(&self, lang: Lang) -> String {
        let exposure = human::totals_exposure(&self.exposure(), lang);
        match lang {
            Lang::En => format!(
                "{} record(s): {} evaluated, {} failed · CII: {} · violated obligations: {} · undecided: {} · exposure {exposure}\n\
                 exposure per operator: {} operator(s), each penalty counted once per operator (at the highest among its facilities); {} record(s) without `operator`, each counted as its own operator\n",
                self.records,
                self.evaluated,
                self.failed,
                self.cii,
                self.violated,
                self.unknown,
                self.operators.len(),
                self.without_operator,
            ),
            Lang::Zh => format!(
                "共 {} 条记录：已评估 {}，失败 {} · 关键信息基础设施 {} · 违反义务 {} · 无法判定 {} · 罚款风险{exposure}\n\
                 按运营者计：{} 个运营者，同一运营者的每项处罚只计一次（取其各设施中最高者）；{} 条记录未填 `operator`，各按一个运营者计\n",
                self.records,
                self.evaluated,
                self.failed,
                self.cii,
                self.violated,
                self.unknown,
                self.operators.len(),
                self.without_operator,
            ),
        }
    }
}
