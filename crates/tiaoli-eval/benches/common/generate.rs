//! Synthetic facilities in the canonical vocabulary
//! (`shared/design/facility-vocabulary.md`), as JSON lines. Deterministic:
//! a linear congruential generator, seeded, no `rand`.

use std::fmt::Write as _;

use jiff::ToSpan;
use jiff::civil::Date;

/// Knuth's MMIX LCG; the high bits are the good ones.
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        Lcg(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: u32) -> u32 {
        ((u64::from(self.next()) * u64::from(n)) >> 31) as u32
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u32) as usize]
    }
}

const SECTORS: &[&str] = &[
    "public_communication",
    "energy",
    "transport",
    "water",
    "finance",
    "public_service",
    "e_government",
    "defense_industry",
    "other",
];
const KINDS: &[&str] = &[
    "basic_network",
    "private_network",
    "core_business_system",
    "cloud_platform",
    "big_data_platform",
    "iot",
    "industrial_control",
    "smart_manufacturing",
    "new_internet",
    "new_communication",
    "website",
    "online_platform",
    "other",
];
const IMPORTANCE: &[&str] = &["low", "medium", "high", "critical"];
const HARM: &[&str] = &["general", "serious", "especially_serious"];
const CROSS: &[&str] = &["none", "limited", "broad"];
const VENDORS: &[&str] = &[
    "某某软件股份有限公司",
    "华东云计算有限公司",
    "北方网络设备集团",
    "Acme Networks Ltd",
    "某安全技术公司",
];
const PLACES: &[&str] = &["华北", "华东", "华南", "西南", "西北", "东北", "华中"];
const SYSTEMS: &[&str] = &[
    "电网调度自动化系统",
    "燃气管网监控平台",
    "城市轨道交通信号系统",
    "灌区自动化控制系统",
    "政务云平台",
    "银行核心业务系统",
    "物流信息平台",
    "供热管网SCADA",
];

/// How a facility's record was kept: how often a fact is left out, and
/// how often a duty is not met.
#[derive(Clone, Copy)]
struct Profile {
    /// Percent of facts omitted (unknown).
    absent: u32,
    /// Percent of duty facts that are `false`.
    lax: u32,
    /// Percent of omitted optional facts written as `null` instead.
    null: u32,
}

/// The vocabulary's `optional` facts.
const OPTIONAL: &[&str] = &[
    "reidentification_date",
    "last_emergency_drill_date",
    "last_assessment_date",
    "last_mlps_test_date",
];

struct Writer<'a> {
    out: &'a mut String,
    rng: &'a mut Lcg,
    p: Profile,
    first: bool,
}

impl Writer<'_> {
    fn key(&mut self, name: &str) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.out.push('"');
        self.out.push_str(name);
        self.out.push_str("\":");
    }

    /// Whether to write the fact; an omitted optional fact is sometimes
    /// `null` (known absent) instead. Only optional facts can be `null`:
    /// for any other it is a mistake the reader warns about (F009).
    fn present(&mut self, name: &str, absent: u32) -> bool {
        if self.rng.chance(absent) {
            if OPTIONAL.contains(&name) && self.rng.chance(self.p.null) {
                self.key(name);
                self.out.push_str("null");
            }
            return false;
        }
        true
    }

    fn str_fact(&mut self, name: &str, value: &str) {
        if self.present(name, self.p.absent) {
            self.key(name);
            let _ = write!(self.out, "\"{value}\"");
        }
    }

    fn bool_fact(&mut self, name: &str, true_percent: u32) {
        if self.present(name, self.p.absent) {
            let b = self.rng.chance(true_percent);
            self.key(name);
            self.out.push_str(if b { "true" } else { "false" });
        }
    }

    /// A duty fact: true unless the operator is lax.
    fn duty(&mut self, name: &str) {
        let t = 100 - self.p.lax;
        self.bool_fact(name, t);
    }

    fn int_fact(&mut self, name: &str, absent: u32, lo: u32, hi: u32) {
        if self.present(name, absent) {
            let v = lo + self.rng.below(hi - lo + 1);
            self.key(name);
            let _ = write!(self.out, "{v}");
        }
    }

    /// A date `back` days before `as_of` at most (a few days after, at
    /// least), mostly recent.
    fn date_fact(&mut self, name: &str, as_of: Date, back: u32) {
        if self.present(name, self.p.absent) {
            let days = i64::from(self.rng.below(back + 30)) - 30;
            let d = as_of.checked_sub(days.days()).unwrap_or(as_of);
            self.key(name);
            let _ = write!(self.out, "\"{d}\"");
        }
    }

    /// Money as a JSON number (whole or with fen) or a decimal string.
    fn money(&mut self, lo: u32, hi: u32) {
        let yuan = lo + self.rng.below(hi - lo);
        match self.rng.below(3) {
            0 => {
                let _ = write!(self.out, "{yuan}");
            }
            1 => {
                let _ = write!(self.out, "{yuan}.{:02}", self.rng.below(100));
            }
            _ => {
                let _ = write!(self.out, "\"{yuan}.{:02}\"", self.rng.below(100));
            }
        }
    }
}

/// `n` facilities, one JSON object per line.
pub fn generate(n: usize, as_of: Date, seed: u64) -> String {
    let mut rng = Lcg::new(seed);
    let mut out = String::with_capacity(n * 1600);
    for i in 0..n {
        facility(&mut out, &mut rng, i, as_of);
        out.push('\n');
    }
    out
}

fn facility(out: &mut String, rng: &mut Lcg, i: usize, as_of: Date) {
    // Four kinds of records: well kept and compliant, lax, sparse (many
    // facts not exported), and not (or not yet) identified as CII.
    let kind = rng.below(100);
    let (p, identified) = match kind {
        0..40 => (
            Profile {
                absent: 1,
                lax: 2,
                null: 20,
            },
            95,
        ),
        40..70 => (
            Profile {
                absent: 3,
                lax: 20,
                null: 20,
            },
            90,
        ),
        70..88 => (
            Profile {
                absent: 35,
                lax: 10,
                null: 30,
            },
            80,
        ),
        _ => (
            Profile {
                absent: 10,
                lax: 30,
                null: 10,
            },
            5,
        ),
    };
    let mut w = Writer {
        out,
        rng,
        p,
        first: true,
    };
    w.out.push('{');
    // Identity: always an id.
    w.key("id");
    let _ = write!(w.out, "\"fac-{i:06}\"");
    let place = w.rng.pick(PLACES);
    let system = w.rng.pick(SYSTEMS);
    if w.present("name", 2) {
        w.key("name");
        let _ = write!(w.out, "\"{place}某{system}\"");
    }
    if w.present("operator", 2) {
        w.key("operator");
        let _ = write!(w.out, "\"{place}某运营单位{}\"", i % 97);
    }
    // Energy is over-represented: it is the sector with identification rules.
    let sector = if w.rng.chance(35) {
        "energy"
    } else {
        w.rng.pick(SECTORS)
    };
    w.str_fact("sector", sector);
    let kind = w.rng.pick(KINDS);
    w.str_fact("kind", kind);
    let v = w.rng.pick(IMPORTANCE);
    w.str_fact("core_business_importance", v);
    let v = w.rng.pick(HARM);
    w.str_fact("harm_if_compromised", v);
    let v = w.rng.pick(CROSS);
    w.str_fact("cross_sector_impact", v);
    w.int_fact("daily_visits", 50, 1_000, 50_000_000);
    w.int_fact("registered_users", 60, 100, 80_000_000);
    w.int_fact("daily_active_users", 60, 100, 10_000_000);
    if w.present("daily_transaction_cny", 70) {
        w.key("daily_transaction_cny");
        w.money(10_000, 2_000_000_000);
    }
    w.int_fact("population_affected", 20, 1_000, 5_000_000);
    // Identification.
    w.bool_fact("identified_cii", identified);
    w.date_fact("identification_date", as_of, 1500);
    let changed = w.rng.chance(15);
    if w.present("major_change", w.p.absent) {
        w.key("major_change");
        w.out.push_str(if changed { "true" } else { "false" });
    }
    let reported = changed && w.rng.chance(100 - w.p.lax);
    if w.present("major_change_reported", w.p.absent) {
        w.key("major_change_reported");
        w.out.push_str(if reported { "true" } else { "false" });
    }
    if reported {
        w.date_fact("major_change_report_date", as_of, 200);
        if w.rng.chance(50) {
            w.date_fact("reidentification_date", as_of, 150);
        }
    }
    // Operator obligations.
    w.duty("security_measures_synchronous");
    w.duty("security_system_established");
    w.duty("principal_in_charge_designated");
    w.duty("protection_resources_ensured");
    w.duty("security_body_established");
    w.duty("background_checks_done");
    w.duty("duty_security_plan");
    w.duty("duty_monitoring_and_risk_assessment");
    w.duty("duty_emergency_plan");
    w.date_fact("last_emergency_drill_date", as_of, 500);
    w.duty("duty_key_positions_and_evaluation");
    w.duty("duty_training");
    w.duty("duty_data_protection_system");
    w.duty("duty_service_security_management");
    w.duty("duty_incident_reporting");
    w.duty("security_body_funded_and_staffed");
    w.duty("security_body_in_decisions");
    w.date_fact("last_assessment_date", as_of, 500);
    w.duty("assessment_issues_rectified");
    w.bool_fact("assessment_submission_required", 70);
    w.duty("assessment_submitted");
    let incident = w.rng.chance(12);
    if w.present("major_incident_occurred", w.p.absent) {
        w.key("major_incident_occurred");
        w.out.push_str(if incident { "true" } else { "false" });
    }
    if incident {
        w.duty("major_incident_reported");
        w.bool_fact("especially_major_incident", 20);
    }
    procurements(&mut w);
    let merger = w.rng.chance(6);
    if w.present("merger_division_or_dissolution", w.p.absent) {
        w.key("merger_division_or_dissolution");
        w.out.push_str(if merger { "true" } else { "false" });
    }
    if merger {
        w.duty("merger_reported");
        w.duty("disposed_as_required");
    }
    w.bool_fact("inspection_cooperation_refused", 4);
    w.bool_fact("refused_correction", 10);
    w.bool_fact("endangered_security", 6);
    w.bool_fact("stores_state_secrets", 15);
    w.bool_fact("uses_cryptography", 80);
    w.bool_fact("intrusion_or_sabotage", 3);
    w.bool_fact("unauthorized_probing", 3);
    // Multi-level protection.
    if w.present("mlps_level", w.p.absent) {
        let level = [1, 2, 2, 3, 3, 3, 3, 4, 4, 5][w.rng.below(10) as usize];
        w.key("mlps_level");
        let _ = write!(w.out, "{level}");
    }
    w.duty("mlps_filed");
    w.date_fact("last_mlps_test_date", as_of, 500);
    w.duty("tested_before_operation");
    w.bool_fact("mlps_new_network", 30);
    w.duty("crypto_assessment_done");
    let remote = w.rng.chance(30);
    if w.present("remote_maintenance_via_internet", w.p.absent) {
        w.key("remote_maintenance_via_internet");
        w.out.push_str(if remote { "true" } else { "false" });
    }
    if remote {
        w.duty("remote_maintenance_assessed");
    }
    w.duty("data_stored_domestically");
    w.bool_fact("data_export_business_need", 50);
    w.duty("data_export_assessed");
    // Chapter V: refusal and harm per penalty article, and who intruded.
    articles(
        &mut w,
        "refused_correction_articles",
        60,
        &[39, 40, 41, 42],
        8,
    );
    articles(&mut w, "harm_caused_articles", 70, &[39, 40], 5);
    if w.present("offender_kind", 40) {
        let k = if w.rng.chance(50) {
            "individual"
        } else {
            "unit"
        };
        w.key("offender_kind");
        let _ = write!(w.out, "\"{k}\"");
    }
    w.bool_fact("intrusion_circumstances_serious", 30);
    w.bool_fact("offender_public_security_penalty", 40);
    w.bool_fact("offender_criminal_penalty", 10);
    w.out.push('}');
}

/// A list of article numbers, each in it with `percent` chance (not given
/// at all `absent` percent of the time).
fn articles(w: &mut Writer<'_>, name: &str, absent: u32, of: &[u32], percent: u32) {
    if !w.present(name, absent) {
        return;
    }
    w.key(name);
    w.out.push('[');
    let mut first = true;
    for a in of {
        if w.rng.chance(percent) {
            if !first {
                w.out.push(',');
            }
            first = false;
            let _ = write!(w.out, "{a}");
        }
    }
    w.out.push(']');
}

/// 0–3 procurement records (sometimes the list is not given at all).
fn procurements(w: &mut Writer<'_>) {
    if !w.present("procurements", w.p.absent) {
        return;
    }
    w.key("procurements");
    w.out.push('[');
    let count = [0, 0, 1, 1, 1, 2, 2, 3][w.rng.below(8) as usize];
    // Fields are left out less often than facts.
    let absent = w.p.absent / 3;
    for k in 0..count {
        if k > 0 {
            w.out.push(',');
        }
        w.out.push('{');
        let mut first = true;
        let mut field = |w: &mut Writer<'_>, name: &str| -> bool {
            if w.rng.chance(absent) {
                return false;
            }
            if !first {
                w.out.push(',');
            }
            first = false;
            let _ = write!(w.out, "\"{name}\":");
            true
        };
        if field(w, "vendor") {
            let v = w.rng.pick(VENDORS);
            let _ = write!(w.out, "\"{v}\"");
        }
        if field(w, "amount_cny") {
            w.money(50_000, 20_000_000);
        }
        let national = w.rng.chance(35);
        // The review status, given for about half the purchases; it decides
        // over the shorthand below, which may contradict it.
        if w.rng.chance(50) && field(w, "security_review_status") {
            let s = w.rng.pick(&["not_declared", "pending", "passed", "failed"]);
            let _ = write!(w.out, "\"{s}\"");
        }
        for (name, value) in [
            ("affects_national_security", national),
            (
                "security_review_passed",
                national && w.rng.chance(100 - w.p.lax) || w.rng.chance(20),
            ),
            (
                "confidentiality_agreement_signed",
                w.rng.chance(100 - w.p.lax),
            ),
            ("secure_and_trusted", w.rng.chance(100 - w.p.lax / 2)),
            ("secure_alternative_available", w.rng.chance(60)),
            ("provider_supervised", w.rng.chance(100 - w.p.lax)),
        ] {
            if field(w, name) {
                w.out.push_str(if value { "true" } else { "false" });
            }
        }
        w.out.push('}');
    }
    w.out.push(']');
}
