//! The baseline: Decree 745 (with the energy sector's identification
//! rules) written by hand in Rust, the way a developer would without
//! tiaoli — a serde struct with an `Option` per fact, and one function per
//! rule — but with the same three-valued semantics as the engine: a
//! boolean result is `Some(b)` or unknown, and an unknown one carries the
//! facts (a bitmask) that would decide it. Same dates (jiff), same money
//! (rust_decimal).

use jiff::ToSpan;
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

// ---------------------------------------------------------------- facts

/// Every fact, in vocabulary order; the bit of a missing-facts mask.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum F {
    Id,
    Name,
    Operator,
    Sector,
    Kind,
    CoreBusinessImportance,
    HarmIfCompromised,
    CrossSectorImpact,
    DailyVisits,
    RegisteredUsers,
    DailyActiveUsers,
    DailyTransactionCny,
    PopulationAffected,
    IdentifiedCii,
    IdentificationDate,
    MajorChange,
    MajorChangeReported,
    MajorChangeReportDate,
    ReidentificationDate,
    SecurityMeasuresSynchronous,
    SecuritySystemEstablished,
    PrincipalInChargeDesignated,
    SecurityBodyEstablished,
    BackgroundChecksDone,
    DutySecurityPlan,
    DutyMonitoringAndRiskAssessment,
    DutyEmergencyPlan,
    LastEmergencyDrillDate,
    DutyKeyPositionsAndEvaluation,
    DutyTraining,
    DutyDataProtectionSystem,
    DutyServiceSecurityManagement,
    DutyIncidentReporting,
    SecurityBodyFundedAndStaffed,
    SecurityBodyInDecisions,
    LastAssessmentDate,
    AssessmentIssuesRectified,
    AssessmentSubmitted,
    MajorIncidentOccurred,
    MajorIncidentReported,
    EspeciallyMajorIncident,
    Procurements,
    MergerDivisionOrDissolution,
    MergerReported,
    DisposedAsRequired,
    InspectionCooperationRefused,
    RefusedCorrection,
    EndangeredSecurity,
    StoresStateSecrets,
    UsesCryptography,
    IntrusionOrSabotage,
    UnauthorizedProbing,
    MlpsLevel,
    MlpsFiled,
    LastMlpsTestDate,
    TestedBeforeOperation,
    CryptoAssessmentDone,
    RemoteMaintenanceViaInternet,
    RemoteMaintenanceAssessed,
    DataStoredDomestically,
    ProtectionResourcesEnsured,
    AssessmentSubmissionRequired,
    MlpsNewNetwork,
    DataExportBusinessNeed,
    DataExportAssessed,
    RefusedCorrectionArticles,
    HarmCausedArticles,
    OffenderKind,
    IntrusionCircumstancesSerious,
    OffenderPublicSecurityPenalty,
    OffenderCriminalPenalty,
}

/// The facts' names, by `F`.
pub const FACT_NAMES: [&str; 71] = [
    "id",
    "name",
    "operator",
    "sector",
    "kind",
    "core_business_importance",
    "harm_if_compromised",
    "cross_sector_impact",
    "daily_visits",
    "registered_users",
    "daily_active_users",
    "daily_transaction_cny",
    "population_affected",
    "identified_cii",
    "identification_date",
    "major_change",
    "major_change_reported",
    "major_change_report_date",
    "reidentification_date",
    "security_measures_synchronous",
    "security_system_established",
    "principal_in_charge_designated",
    "security_body_established",
    "background_checks_done",
    "duty_security_plan",
    "duty_monitoring_and_risk_assessment",
    "duty_emergency_plan",
    "last_emergency_drill_date",
    "duty_key_positions_and_evaluation",
    "duty_training",
    "duty_data_protection_system",
    "duty_service_security_management",
    "duty_incident_reporting",
    "security_body_funded_and_staffed",
    "security_body_in_decisions",
    "last_assessment_date",
    "assessment_issues_rectified",
    "assessment_submitted",
    "major_incident_occurred",
    "major_incident_reported",
    "especially_major_incident",
    "procurements",
    "merger_division_or_dissolution",
    "merger_reported",
    "disposed_as_required",
    "inspection_cooperation_refused",
    "refused_correction",
    "endangered_security",
    "stores_state_secrets",
    "uses_cryptography",
    "intrusion_or_sabotage",
    "unauthorized_probing",
    "mlps_level",
    "mlps_filed",
    "last_mlps_test_date",
    "tested_before_operation",
    "crypto_assessment_done",
    "remote_maintenance_via_internet",
    "remote_maintenance_assessed",
    "data_stored_domestically",
    "protection_resources_ensured",
    "assessment_submission_required",
    "mlps_new_network",
    "data_export_business_need",
    "data_export_assessed",
    "refused_correction_articles",
    "harm_caused_articles",
    "offender_kind",
    "intrusion_circumstances_serious",
    "offender_public_security_penalty",
    "offender_criminal_penalty",
];

const fn bit(f: F) -> u128 {
    1 << f as u8
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sector {
    PublicCommunication,
    Energy,
    Transport,
    Water,
    Finance,
    PublicService,
    EGovernment,
    DefenseIndustry,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    BasicNetwork,
    PrivateNetwork,
    CoreBusinessSystem,
    CloudPlatform,
    BigDataPlatform,
    Iot,
    IndustrialControl,
    SmartManufacturing,
    NewInternet,
    NewCommunication,
    Website,
    OnlinePlatform,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Importance {
    Low,
    Medium,
    High,
    Critical,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Harm {
    General,
    Serious,
    EspeciallySerious,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OffenderKind {
    Individual,
    Unit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    NotDeclared,
    Pending,
    Passed,
    Failed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CrossSectorImpact {
    None,
    Limited,
    Broad,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Procurement {
    pub amount_cny: Option<Decimal>,
    pub affects_national_security: Option<bool>,
    pub security_review_passed: Option<bool>,
    pub security_review_status: Option<ReviewStatus>,
    pub confidentiality_agreement_signed: Option<bool>,
    pub secure_and_trusted: Option<bool>,
    pub secure_alternative_available: Option<bool>,
    pub provider_supervised: Option<bool>,
    pub vendor: Option<String>,
}

/// One facility: every fact of the vocabulary, `None` when not given.
#[derive(Clone, Debug, Deserialize)]
pub struct Facility {
    pub id: Option<String>,
    pub name: Option<String>,
    pub operator: Option<String>,
    pub sector: Option<Sector>,
    pub kind: Option<Kind>,
    pub core_business_importance: Option<Importance>,
    pub harm_if_compromised: Option<Harm>,
    pub cross_sector_impact: Option<CrossSectorImpact>,
    pub daily_visits: Option<i64>,
    pub registered_users: Option<i64>,
    pub daily_active_users: Option<i64>,
    pub daily_transaction_cny: Option<Decimal>,
    pub population_affected: Option<i64>,
    pub identified_cii: Option<bool>,
    #[serde(default, deserialize_with = "date")]
    pub identification_date: Option<Date>,
    pub major_change: Option<bool>,
    pub major_change_reported: Option<bool>,
    #[serde(default, deserialize_with = "date")]
    pub major_change_report_date: Option<Date>,
    /// `optional date`: `Some(None)` is known absent (`null`).
    #[serde(default, deserialize_with = "optional_date")]
    pub reidentification_date: Option<Option<Date>>,
    pub security_measures_synchronous: Option<bool>,
    pub security_system_established: Option<bool>,
    pub principal_in_charge_designated: Option<bool>,
    pub security_body_established: Option<bool>,
    pub background_checks_done: Option<bool>,
    pub duty_security_plan: Option<bool>,
    pub duty_monitoring_and_risk_assessment: Option<bool>,
    pub duty_emergency_plan: Option<bool>,
    /// `optional date`: `Some(None)` is known absent (`null`).
    #[serde(default, deserialize_with = "optional_date")]
    pub last_emergency_drill_date: Option<Option<Date>>,
    pub duty_key_positions_and_evaluation: Option<bool>,
    pub duty_training: Option<bool>,
    pub duty_data_protection_system: Option<bool>,
    pub duty_service_security_management: Option<bool>,
    pub duty_incident_reporting: Option<bool>,
    pub security_body_funded_and_staffed: Option<bool>,
    pub security_body_in_decisions: Option<bool>,
    /// `optional date`: `Some(None)` is known absent (`null`).
    #[serde(default, deserialize_with = "optional_date")]
    pub last_assessment_date: Option<Option<Date>>,
    pub assessment_issues_rectified: Option<bool>,
    pub assessment_submitted: Option<bool>,
    pub major_incident_occurred: Option<bool>,
    pub major_incident_reported: Option<bool>,
    pub especially_major_incident: Option<bool>,
    pub procurements: Option<Vec<Procurement>>,
    pub merger_division_or_dissolution: Option<bool>,
    pub merger_reported: Option<bool>,
    pub disposed_as_required: Option<bool>,
    pub inspection_cooperation_refused: Option<bool>,
    pub refused_correction: Option<bool>,
    pub endangered_security: Option<bool>,
    pub stores_state_secrets: Option<bool>,
    pub uses_cryptography: Option<bool>,
    pub intrusion_or_sabotage: Option<bool>,
    pub unauthorized_probing: Option<bool>,
    pub mlps_level: Option<i64>,
    pub mlps_filed: Option<bool>,
    /// `optional date`: `Some(None)` is known absent (`null`).
    #[serde(default, deserialize_with = "optional_date")]
    pub last_mlps_test_date: Option<Option<Date>>,
    pub tested_before_operation: Option<bool>,
    pub crypto_assessment_done: Option<bool>,
    pub remote_maintenance_via_internet: Option<bool>,
    pub remote_maintenance_assessed: Option<bool>,
    pub data_stored_domestically: Option<bool>,
    pub mlps_new_network: Option<bool>,
    pub data_export_business_need: Option<bool>,
    pub data_export_assessed: Option<bool>,
    pub protection_resources_ensured: Option<bool>,
    pub assessment_submission_required: Option<bool>,
    pub refused_correction_articles: Option<Vec<i64>>,
    pub harm_caused_articles: Option<Vec<i64>>,
    pub offender_kind: Option<OffenderKind>,
    pub intrusion_circumstances_serious: Option<bool>,
    pub offender_public_security_penalty: Option<bool>,
    pub offender_criminal_penalty: Option<bool>,
}

/// `"YYYY-MM-DD"`, or null.
fn date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    let s: Option<&'de str> = Option::deserialize(d)?;
    s.map(|s| s.parse::<Date>().map_err(serde::de::Error::custom))
        .transpose()
}

/// An `optional date`: missing is `None` (by `default`), `null` is
/// `Some(None)`, a date `Some(Some(d))`.
fn optional_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<Date>>, D::Error> {
    date(d).map(Some)
}

/// An optional date as a [`Val`]: unknown when not given; `Ok(None)` when
/// known absent.
fn opt_val(v: Option<Option<Date>>, f: F) -> Val<Option<Date>> {
    v.ok_or(bit(f))
}

/// Parses one JSON line.
pub fn parse(line: &str) -> serde_json::Result<Facility> {
    serde_json::from_str(line)
}

// ------------------------------------------------------ three-valued logic

/// A boolean that may be unknown; `missing` (facts, by `F` bit) is 0 when
/// known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tv {
    pub value: Option<bool>,
    pub missing: u128,
}

const fn known(b: bool) -> Tv {
    Tv {
        value: Some(b),
        missing: 0,
    }
}

const fn unknown(missing: u128) -> Tv {
    Tv {
        value: None,
        missing,
    }
}

fn fact(v: Option<bool>, f: F) -> Tv {
    match v {
        Some(b) => known(b),
        None => unknown(bit(f)),
    }
}

/// A value or the facts that would decide it.
type Val<T> = Result<T, u128>;

fn val<T>(v: Option<T>, f: F) -> Val<T> {
    v.ok_or(bit(f))
}

/// Kleene `and`, short-circuiting on a false left side.
fn and(l: Tv, r: impl FnOnce() -> Tv) -> Tv {
    if l.value == Some(false) {
        return l;
    }
    let r = r();
    match (l.value, r.value) {
        (Some(true), _) | (_, Some(false)) => r,
        _ => unknown(l.missing | r.missing),
    }
}

/// Kleene `or`, short-circuiting on a true left side.
fn or(l: Tv, r: impl FnOnce() -> Tv) -> Tv {
    if l.value == Some(true) {
        return l;
    }
    let r = r();
    match (l.value, r.value) {
        (Some(false), _) | (_, Some(true)) => r,
        _ => unknown(l.missing | r.missing),
    }
}

fn not(t: Tv) -> Tv {
    Tv {
        value: t.value.map(|b| !b),
        missing: t.missing,
    }
}

/// A comparison of two values that may be unknown.
fn cmp<A, B>(a: Val<A>, b: Val<B>, test: impl FnOnce(A, B) -> bool) -> Tv {
    match (a, b) {
        (Ok(a), Ok(b)) => known(test(a, b)),
        (a, b) => unknown(a.err().unwrap_or(0) | b.err().unwrap_or(0)),
    }
}

/// The last day of a Civil Code period (arts. 201-203: the calendar's
/// `d + months`, moved past statutory rest days), as the engine's
/// deadlines count it.
fn period_months(d: Val<Date>, months: i32) -> Val<Date> {
    d.map(|d| {
        tiaoli_eval::calendar::period_end(d, tiaoli_eval::Dur { months, days: 0 })
            .map_or(d, |e| e.last_day)
    })
}

fn plus_years(d: Val<Date>, years: i64) -> Val<Date> {
    d.map(|d| d.checked_add(years.years()).unwrap_or(d))
}

fn plus_months(d: Val<Date>, months: i64) -> Val<Date> {
    d.map(|d| d.checked_add(months.months()).unwrap_or(d))
}

// ---------------------------------------------------------------- rules

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Status {
    Satisfied,
    Violated,
    NotApplicable,
    #[default]
    Unknown,
}

/// The duties of the pack, in the order of its articles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum D {
    IntrusionOrSabotage,
    MajorChangeReport,
    Reidentification,
    SynchronousMeasures,
    SecuritySystem,
    PrincipalResponsibility,
    SecurityBody,
    BackgroundChecks,
    SecurityPlan,
    MonitoringAndRiskAssessment,
    EmergencyResponse,
    EmergencyDrill,
    KeyPositionsAndEvaluation,
    SecurityTraining,
    DataProtection,
    ServiceSecurityManagement,
    IncidentAndMatterReporting,
    SecurityBodyResources,
    BodyInDecisions,
    AnnualAssessment,
    AssessmentRectification,
    AssessmentSubmission,
    IncidentReport,
    SecureProductsPreferred,
    ProcurementSecurityReview,
    ConfidentialityAgreements,
    MergerReport,
    MergerDisposal,
    InspectionCooperation,
    UnauthorizedProbing,
    ProtectionResources,
    ProviderSupervision,
    // The MPS 2020 guidance pack.
    MlpsFiling,
    MlpsAnnualTest,
    MlpsTestedBeforeOperation,
    RemoteMaintenanceControl,
    CryptoAssessment,
    DataLocalisation,
}

pub const DUTY_NAMES: [&str; 38] = [
    "intrusion_or_sabotage",
    "major_change_report",
    "reidentification",
    "synchronous_measures",
    "security_system",
    "principal_responsibility",
    "security_body",
    "background_checks",
    "security_plan",
    "monitoring_and_risk_assessment",
    "emergency_response",
    "emergency_drill",
    "key_positions_and_evaluation",
    "security_training",
    "data_protection",
    "service_security_management",
    "incident_and_matter_reporting",
    "security_body_resources",
    "body_in_decisions",
    "annual_assessment",
    "assessment_rectification",
    "assessment_submission",
    "incident_report",
    "secure_products_preferred",
    "procurement_security_review",
    "confidentiality_agreements",
    "merger_report",
    "merger_disposal",
    "inspection_cooperation",
    "unauthorized_probing",
    "protection_resources",
    "provider_supervision",
    "mlps_filing",
    "mlps_annual_test",
    "mlps_tested_before_operation",
    "remote_maintenance_control",
    "crypto_assessment",
    "data_localisation",
];

pub const PENALTY_NAMES: [&str; 7] = [
    "general_noncompliance",
    "incident_report_penalty",
    "procurement_review_penalty",
    "inspection_refusal_penalty",
    "intrusion_penalty",
    "individual_intrusion_penalty",
    "key_post_ban",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Duty {
    pub status: Status,
    pub missing: u128,
    /// The due date, for a rule with one that applies (or may).
    pub due: Option<Val<Date>>,
}

/// Whose a fine is: the operator's, its persons', or a third party's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Whose {
    Operator,
    Persons,
    ThirdParty,
}

/// Whether a fine applies, may, or would if escalated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FineStatus {
    Applies,
    Possible,
    IfEscalated,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fine {
    pub whose: Whose,
    pub discretionary: bool,
    pub status: FineStatus,
    pub min: Decimal,
    pub max_known: Decimal,
    /// `None`: no upper bound.
    pub max: Option<Decimal>,
}

/// A fine as the pack writes it.
#[derive(Clone, Copy)]
struct FineSpec {
    whose: Whose,
    discretionary: bool,
    /// Replaced by an escalated fine on the same party.
    replaced: bool,
    /// (min, max), or `None` for art. 41's 1 to 10 times the amount.
    fixed: Option<(i64, i64)>,
}

const fn spec(whose: Whose, discretionary: bool, replaced: bool, min: i64, max: i64) -> FineSpec {
    FineSpec {
        whose,
        discretionary,
        replaced,
        fixed: Some((min, max)),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Penalty {
    pub triggered: Tv,
    /// The exemption when it applies or may (evaluated once triggered or
    /// possibly triggered).
    pub exempted: Option<Tv>,
    /// The escalation condition, when evaluated.
    pub escalation: Option<Tv>,
    pub fines: [Option<Fine>; 6],
}

impl Default for Penalty {
    fn default() -> Self {
        Penalty {
            triggered: unknown(0),
            exempted: None,
            escalation: None,
            fines: [None; 6],
        }
    }
}

/// Certain and possible exposure, as the engine's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exposure {
    pub min: Decimal,
    pub max: Decimal,
    pub possible_max: Option<Decimal>,
}

/// Everything the rules decide for one facility.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub cii: Tv,
    /// The sector's identification rules (art. 9): unknown with
    /// `no_rules` when the sector has none.
    pub candidate: Tv,
    pub no_rules: bool,
    pub national_escalation_due: Tv,
    pub secrecy_law_applies: Tv,
    pub cryptography_law_applies: Tv,
    pub duties: [Duty; 38],
    pub penalties: [Penalty; 7],
}

impl Outcome {
    /// The operator's own fines: certain, and the upper bound of what is
    /// possible.
    pub fn exposure(&self) -> Exposure {
        let mut x = Exposure {
            min: Decimal::ZERO,
            max: Decimal::ZERO,
            possible_max: Some(Decimal::ZERO),
        };
        for p in &self.penalties {
            for f in p.fines.iter().flatten() {
                if f.whose != Whose::Operator || f.status == FineStatus::IfEscalated {
                    continue;
                }
                if f.status == FineStatus::Applies && !f.discretionary {
                    x.min += f.min;
                    x.max += f.max_known;
                }
                x.possible_max = x
                    .possible_max
                    .zip(f.max)
                    .and_then(|(a, b)| a.checked_add(b));
            }
        }
        x
    }
}

fn obligation(applies: Tv, condition: impl FnOnce() -> Tv) -> (Status, u128) {
    duty(applies, condition, true)
}

fn prohibition(applies: Tv, condition: impl FnOnce() -> Tv) -> (Status, u128) {
    duty(applies, condition, false)
}

fn duty(applies: Tv, condition: impl FnOnce() -> Tv, obligation: bool) -> (Status, u128) {
    if applies.value == Some(false) {
        return (Status::NotApplicable, 0);
    }
    let c = condition();
    match (applies.value, c.value) {
        (Some(true), Some(b)) if b == obligation => (Status::Satisfied, 0),
        (Some(true), Some(_)) => (Status::Violated, 0),
        (Some(true), None) => (Status::Unknown, c.missing),
        _ => (Status::Unknown, applies.missing | c.missing),
    }
}

/// Triggered if one of the duties is violated; unknown if none is but
/// some is unknown.
fn triggered(duties: &[Duty; 38], triggers: &[D]) -> Tv {
    let mut missing = None;
    for &d in triggers {
        let o = &duties[d as usize];
        match o.status {
            Status::Violated => return known(true),
            Status::Unknown => *missing.get_or_insert(0) |= o.missing,
            _ => {}
        }
    }
    match missing {
        Some(m) => unknown(m),
        None => known(false),
    }
}

/// [`triggered`], where a violation of `yields` gives way to a penalty
/// triggered (or maybe triggered, `other`) for the same act.
fn triggered_giving_way(duties: &[Duty; 38], triggers: &[D], yields: D, other: Tv) -> Tv {
    let mut any = false;
    let mut missing = None;
    for &d in triggers {
        let o = &duties[d as usize];
        match o.status {
            Status::Violated if d == yields && other.value.is_none() => {
                *missing.get_or_insert(0) |= other.missing;
            }
            Status::Violated if d == yields && other.value == Some(true) => {}
            Status::Violated => any = true,
            Status::Unknown => *missing.get_or_insert(0) |= o.missing,
            _ => {}
        }
    }
    match (any, missing) {
        (true, _) => known(true),
        (false, Some(m)) => unknown(m),
        (false, None) => known(false),
    }
}

/// An escalation condition and the fines it brings.
type Escalation<'a> = (&'a dyn Fn() -> Tv, &'a [FineSpec]);

/// Art. 41's basis: 1 times what is certainly bought without review, up to
/// 10 times all that may be; (min, max_known, max).
type Amount<'a> = &'a dyn Fn() -> (Decimal, Decimal, Option<Decimal>);

/// A penalty's outcome, as the engine decides it: not triggered, nothing
/// more; set aside for certain, no fines; otherwise every fine, applying,
/// possible (the trigger, the exemption or the escalation unknown) or only
/// if escalated.
fn penalty(
    triggered: Tv,
    exemption: Tv,
    direct: &[FineSpec],
    escalate: Option<Escalation<'_>>,
    amount: Amount<'_>,
) -> Penalty {
    let mut p = Penalty {
        triggered,
        ..Penalty::default()
    };
    if triggered.value == Some(false) {
        return p;
    }
    p.exempted = (exemption.value != Some(false)).then_some(exemption);
    if exemption.value == Some(true) {
        return p;
    }
    // What would decide whether the fines apply at all.
    let mut condition = triggered.value.is_none().then_some(triggered.missing);
    if exemption.value.is_none() {
        *condition.get_or_insert(0) |= exemption.missing;
        if triggered.value == Some(true) {
            p.triggered = unknown(exemption.missing);
        }
    }
    let escalation = escalate.as_ref().map(|(c, _)| c());
    p.escalation = escalation;
    let escalated = escalation.and_then(|e| e.value);
    let fine = |f: &FineSpec, status: FineStatus| {
        let (min, max_known, max) = match f.fixed {
            Some((a, b)) => (Decimal::from(a), Decimal::from(b), Some(Decimal::from(b))),
            None => amount(),
        };
        Fine {
            whose: f.whose,
            discretionary: f.discretionary,
            status,
            min,
            max_known,
            max,
        }
    };
    let mut n = 0;
    for f in direct {
        let status = match (f.replaced, escalated) {
            (true, Some(true)) => continue,
            (true, None) if escalation.is_some() => FineStatus::Possible,
            _ if condition.is_some() => FineStatus::Possible,
            _ => FineStatus::Applies,
        };
        p.fines[n] = Some(fine(f, status));
        n += 1;
    }
    if let Some((_, fines)) = escalate {
        for f in fines {
            let status = match escalated {
                Some(false) => FineStatus::IfEscalated,
                None => FineStatus::Possible,
                Some(true) if condition.is_some() => FineStatus::Possible,
                Some(true) => FineStatus::Applies,
            };
            p.fines[n] = Some(fine(f, status));
            n += 1;
        }
    }
    p
}

/// `if known(list) then article in list else shorthand`.
fn per_article(list: Option<&[i64]>, article: i64, shorthand: Tv) -> Tv {
    match list {
        Some(l) => known(l.contains(&article)),
        None => shorthand,
    }
}

/// Evaluates every rule for one facility as of `as_of`.
pub fn evaluate(f: &Facility, as_of: Date) -> Outcome {
    use F::*;
    let cii = fact(f.identified_cii, IdentifiedCii);

    // Art. 9 and the energy sector's identification rules.
    let (candidate, no_rules) = match f.sector {
        None => (unknown(bit(Sector)), false),
        Some(self::Sector::Energy) => (energy_identification(f), false),
        Some(_) => (unknown(0), true),
    };

    let mut duties = [Duty::default(); 38];
    let mut set = |d: D, (status, missing): (Status, u128), due: Option<&dyn Fn() -> Val<Date>>| {
        duties[d as usize] = Duty {
            status,
            missing,
            due: match due {
                Some(due) if status != Status::NotApplicable => Some(due()),
                _ => None,
            },
        };
    };
    let as_of_le = |d: Val<Date>| cmp(Ok(as_of), d, |a, b| a <= b);
    // `every 1 year since last`: in time up to the period's last day.
    let every_year = |last: Val<Date>| as_of_le(period_months(last, 12));
    // `every 1 year since last` for an optional `last`: known never done is
    // overdue (and has no due date).
    let every_year_opt = |last: Val<Option<Date>>| match last {
        Ok(None) => known(false),
        Ok(Some(d)) => every_year(Ok(d)),
        Err(m) => every_year(Err(m)),
    };
    let due_opt = |last: Val<Option<Date>>| match last {
        Ok(Some(d)) => period_months(Ok(d), 12),
        Ok(None) => Ok(as_of),
        Err(m) => Err(m),
    };

    // Art. 5 para. 2.
    set(
        D::IntrusionOrSabotage,
        prohibition(cii, || fact(f.intrusion_or_sabotage, IntrusionOrSabotage)),
        None,
    );
    // The MPS 2020 guidance pack: part 二 by the network's grade, part 三
    // (data) for identified CII.
    let grade_at_least = |n: i64| cmp(val(f.mlps_level, MlpsLevel), Ok(n), |l, n| l >= n);
    set(
        D::MlpsFiling,
        obligation(grade_at_least(2), || fact(f.mlps_filed, MlpsFiled)),
        None,
    );
    let mlps_last = opt_val(f.last_mlps_test_date, LastMlpsTestDate);
    let mlps_due = || due_opt(mlps_last);
    set(
        D::MlpsAnnualTest,
        obligation(grade_at_least(3), || every_year_opt(mlps_last)),
        Some(&mlps_due),
    );
    set(
        D::MlpsTestedBeforeOperation,
        obligation(
            and(grade_at_least(3), || {
                fact(f.mlps_new_network, MlpsNewNetwork)
            }),
            || fact(f.tested_before_operation, TestedBeforeOperation),
        ),
        None,
    );
    set(
        D::RemoteMaintenanceControl,
        obligation(
            fact(
                f.remote_maintenance_via_internet,
                RemoteMaintenanceViaInternet,
            ),
            || fact(f.remote_maintenance_assessed, RemoteMaintenanceAssessed),
        ),
        None,
    );
    set(
        D::CryptoAssessment,
        obligation(grade_at_least(3), || {
            fact(f.crypto_assessment_done, CryptoAssessmentDone)
        }),
        None,
    );
    set(
        D::DataLocalisation,
        obligation(cii, || {
            or(
                fact(f.data_stored_domestically, DataStoredDomestically),
                || {
                    and(
                        fact(f.data_export_business_need, DataExportBusinessNeed),
                        || fact(f.data_export_assessed, DataExportAssessed),
                    )
                },
            )
        }),
        None,
    );
    // Art. 11.
    set(
        D::MajorChangeReport,
        obligation(and(cii, || fact(f.major_change, MajorChange)), || {
            fact(f.major_change_reported, MajorChangeReported)
        }),
        None,
    );
    // `reidentification_date within 3 months after major_change_report_date`:
    // a date on or before the last day is in time; with no date, in time
    // while the period runs, and unknown after it.
    let reid_due = || period_months(val(f.major_change_report_date, MajorChangeReportDate), 3);
    set(
        D::Reidentification,
        obligation(
            and(cii, || fact(f.major_change_reported, MajorChangeReported)),
            || match (reid_due(), f.reidentification_date) {
                (Err(m), done) => unknown(m | done.map_or(bit(ReidentificationDate), |_| 0)),
                (Ok(due), Some(Some(done))) => known(done <= due),
                // Known not yet re-identified: in time until the last day.
                (Ok(due), Some(None)) => known(as_of <= due),
                (Ok(due), None) if as_of <= due => known(true),
                (Ok(_), None) => unknown(bit(ReidentificationDate)),
            },
        ),
        Some(&reid_due),
    );
    // Arts. 12–16: a fact each.
    for (d, v, fa) in [
        (
            D::SynchronousMeasures,
            f.security_measures_synchronous,
            SecurityMeasuresSynchronous,
        ),
        (
            D::SecuritySystem,
            f.security_system_established,
            SecuritySystemEstablished,
        ),
        (
            D::PrincipalResponsibility,
            f.principal_in_charge_designated,
            PrincipalInChargeDesignated,
        ),
        (
            D::SecurityBody,
            f.security_body_established,
            SecurityBodyEstablished,
        ),
        (
            D::BackgroundChecks,
            f.background_checks_done,
            BackgroundChecksDone,
        ),
        (D::SecurityPlan, f.duty_security_plan, DutySecurityPlan),
        (
            D::MonitoringAndRiskAssessment,
            f.duty_monitoring_and_risk_assessment,
            DutyMonitoringAndRiskAssessment,
        ),
        (
            D::KeyPositionsAndEvaluation,
            f.duty_key_positions_and_evaluation,
            DutyKeyPositionsAndEvaluation,
        ),
        (D::SecurityTraining, f.duty_training, DutyTraining),
        (
            D::DataProtection,
            f.duty_data_protection_system,
            DutyDataProtectionSystem,
        ),
        (
            D::ServiceSecurityManagement,
            f.duty_service_security_management,
            DutyServiceSecurityManagement,
        ),
        (
            D::IncidentAndMatterReporting,
            f.duty_incident_reporting,
            DutyIncidentReporting,
        ),
        (
            D::SecurityBodyResources,
            f.security_body_funded_and_staffed,
            SecurityBodyFundedAndStaffed,
        ),
        (
            D::BodyInDecisions,
            f.security_body_in_decisions,
            SecurityBodyInDecisions,
        ),
        (
            D::AssessmentRectification,
            f.assessment_issues_rectified,
            AssessmentIssuesRectified,
        ),
        (
            D::ProtectionResources,
            f.protection_resources_ensured,
            ProtectionResourcesEnsured,
        ),
    ] {
        set(d, obligation(cii, || fact(v, fa)), None);
    }
    // Art. 17: results sent when the department asks.
    set(
        D::AssessmentSubmission,
        obligation(
            and(cii, || {
                fact(
                    f.assessment_submission_required,
                    AssessmentSubmissionRequired,
                )
            }),
            || fact(f.assessment_submitted, AssessmentSubmitted),
        ),
        None,
    );
    // Art. 15(3): a plan; a drill every `drill_interval()`: the sector
    // pack's interval, a year by default (no pack loaded here implements
    // it), unknown without the sector (never drilled is overdue anyway).
    set(
        D::EmergencyResponse,
        obligation(cii, || fact(f.duty_emergency_plan, DutyEmergencyPlan)),
        None,
    );
    let drill_last = opt_val(f.last_emergency_drill_date, LastEmergencyDrillDate);
    let sector_known = f.sector.is_some();
    let drill_due = || match (sector_known, drill_last) {
        (true, l) => due_opt(l),
        (false, Ok(None)) => Ok(as_of),
        (false, Ok(Some(_))) => Err(bit(Sector)),
        (false, Err(m)) => Err(m | bit(Sector)),
    };
    set(
        D::EmergencyDrill,
        obligation(cii, || match (sector_known, drill_last) {
            (true, l) => every_year_opt(l),
            (false, Ok(None)) => known(false),
            (false, Ok(Some(_))) => unknown(bit(Sector)),
            (false, Err(m)) => unknown(m | bit(Sector)),
        }),
        Some(&drill_due),
    );
    // Art. 17: within a year of the last assessment, or of identification.
    let last_opt = opt_val(f.last_assessment_date, LastAssessmentDate);
    // Known never assessed: only the first period counts.
    let never = last_opt == Ok(None);
    let last = last_opt.and_then(|l| l.ok_or(0));
    let identified = val(f.identification_date, IdentificationDate);
    // `every 1 year since last, first within 1 year after identified`: due
    // on the later of the two periods' last days.
    let assessment_due = || {
        if never {
            return period_months(identified, 12);
        }
        match (period_months(last, 12), period_months(identified, 12)) {
            (Ok(l), Ok(i)) => Ok(l.max(i)),
            (Err(a), Err(b)) => Err(a | b),
            (Err(m), _) | (_, Err(m)) => Err(m),
        }
    };
    set(
        D::AnnualAssessment,
        obligation(cii, || match assessment_due() {
            Ok(due) => known(as_of <= due),
            Err(m) if never => unknown(m),
            Err(_) => or(every_year(last), || every_year(identified)),
        }),
        Some(&assessment_due),
    );
    // Art. 18.
    set(
        D::IncidentReport,
        obligation(
            and(cii, || {
                fact(f.major_incident_occurred, MajorIncidentOccurred)
            }),
            || fact(f.major_incident_reported, MajorIncidentReported),
        ),
        None,
    );
    // Arts. 19, 20: every procurement (a field not given is unknown, and
    // names the list).
    let procurements = f.procurements.as_deref();
    let field = |v: Option<bool>| fact(v, Procurements);
    let all = |test: &dyn Fn(&Procurement) -> Tv| -> Tv {
        let Some(list) = procurements else {
            return unknown(bit(Procurements));
        };
        let mut missing = 0;
        for p in list {
            let t = test(p);
            match t.value {
                Some(false) => return t,
                Some(true) => {}
                None => missing |= t.missing,
            }
        }
        if missing == 0 {
            known(true)
        } else {
            unknown(missing)
        }
    };
    set(
        D::SecureProductsPreferred,
        obligation(cii, || {
            all(&|p| {
                or(field(p.secure_and_trusted), || {
                    not(field(p.secure_alternative_available))
                })
            })
        }),
        None,
    );
    set(
        D::ProviderSupervision,
        obligation(cii, || all(&|p| field(p.provider_supervised))),
        None,
    );
    set(
        D::ProcurementSecurityReview,
        obligation(cii, || {
            // `where` an unknown filter: a true body decides nothing.
            all(&|p| {
                let selected = field(p.affects_national_security);
                let body = review_passed(p);
                match (selected.value, body.value) {
                    (Some(false), _) => known(true),
                    (Some(true), _) => body,
                    (None, Some(true)) => known(true),
                    (None, _) => unknown(selected.missing | body.missing),
                }
            })
        }),
        None,
    );
    set(
        D::ConfidentialityAgreements,
        obligation(cii, || all(&|p| field(p.confidentiality_agreement_signed))),
        None,
    );
    // Art. 21.
    let merger = || {
        and(cii, || {
            fact(
                f.merger_division_or_dissolution,
                MergerDivisionOrDissolution,
            )
        })
    };
    set(
        D::MergerReport,
        obligation(merger(), || fact(f.merger_reported, MergerReported)),
        None,
    );
    set(
        D::MergerDisposal,
        obligation(merger(), || {
            fact(f.disposed_as_required, DisposedAsRequired)
        }),
        None,
    );
    // Art. 28.
    set(
        D::InspectionCooperation,
        obligation(cii, || {
            not(fact(
                f.inspection_cooperation_refused,
                InspectionCooperationRefused,
            ))
        }),
        None,
    );
    // Art. 31.
    set(
        D::UnauthorizedProbing,
        prohibition(cii, || fact(f.unauthorized_probing, UnauthorizedProbing)),
        None,
    );

    // Chapter V. Art. 48: e-government operators answer under the
    // Cybersecurity Law instead (arts. 39–42).
    let e_government = match f.sector {
        Some(s) => known(s == self::Sector::EGovernment),
        None => unknown(bit(Sector)),
    };
    let refused = fact(f.refused_correction, RefusedCorrection);
    let endangered = fact(f.endangered_security, EndangeredSecurity);
    let rca = f.refused_correction_articles.as_deref();
    let hca = f.harm_caused_articles.as_deref();
    let escalates = |article: i64| {
        or(per_article(rca, article, refused), || {
            per_article(hca, article, endangered)
        })
    };
    let esc39 = || escalates(39);
    let esc40 = || escalates(40);
    let esc42 = || per_article(rca, 42, refused);
    use Whose::{Operator as Op, Persons, ThirdParty as Third};
    let art39_fines = [
        spec(Op, false, false, 100_000, 1_000_000),
        spec(Persons, false, false, 10_000, 100_000),
    ];
    let no_amount = || (Decimal::ZERO, Decimal::ZERO, None);
    let art40 = penalty(
        triggered(&duties, &[D::IncidentReport]),
        e_government,
        &[],
        Some((&esc40, &art39_fines)),
        &no_amount,
    );
    let kind = val(f.offender_kind, OffenderKind);
    let serious = || {
        fact(
            f.intrusion_circumstances_serious,
            IntrusionCircumstancesSerious,
        )
    };
    let penalties = [
        // Art. 39; an art. 15 item 8 breach gives way to art. 40.
        penalty(
            triggered_giving_way(
                &duties,
                &[
                    D::MajorChangeReport,
                    D::SynchronousMeasures,
                    D::SecuritySystem,
                    D::PrincipalResponsibility,
                    D::SecurityBody,
                    D::BackgroundChecks,
                    D::BodyInDecisions,
                    D::SecurityPlan,
                    D::MonitoringAndRiskAssessment,
                    D::EmergencyResponse,
                    D::EmergencyDrill,
                    D::KeyPositionsAndEvaluation,
                    D::SecurityTraining,
                    D::DataProtection,
                    D::ServiceSecurityManagement,
                    D::IncidentAndMatterReporting,
                    D::AnnualAssessment,
                    D::AssessmentRectification,
                    D::AssessmentSubmission,
                    D::ConfidentialityAgreements,
                    D::MergerReport,
                    D::MergerDisposal,
                ],
                D::IncidentAndMatterReporting,
                art40.triggered,
            ),
            e_government,
            &[],
            Some((&esc39, &art39_fines)),
            &no_amount,
        ),
        // Art. 40.
        art40,
        // Art. 41: 1 to 10 times the amount bought without review.
        penalty(
            triggered(&duties, &[D::ProcurementSecurityReview]),
            e_government,
            &[
                FineSpec {
                    whose: Op,
                    discretionary: false,
                    replaced: false,
                    fixed: None,
                },
                spec(Persons, false, false, 10_000, 100_000),
                spec(Persons, false, false, 10_000, 100_000),
            ],
            None,
            &|| unreviewed_amount(procurements),
        ),
        // Art. 42.
        penalty(
            triggered(&duties, &[D::InspectionCooperation]),
            e_government,
            &[],
            Some((
                &esc42,
                &[
                    spec(Op, false, false, 50_000, 500_000),
                    spec(Persons, false, false, 10_000, 100_000),
                    spec(Persons, false, false, 10_000, 100_000),
                ],
            )),
            &no_amount,
        ),
        // Art. 43 para. 2: a unit, and its persons (the offender's).
        penalty(
            triggered(&duties, &[D::IntrusionOrSabotage]),
            cmp(kind, Ok(()), |k, ()| k != self::OffenderKind::Unit),
            &[
                spec(Third, false, false, 100_000, 1_000_000),
                spec(Third, true, true, 50_000, 500_000),
                spec(Third, true, true, 50_000, 500_000),
            ],
            Some((
                &serious,
                &[
                    spec(Third, true, false, 100_000, 1_000_000),
                    spec(Third, true, false, 100_000, 1_000_000),
                ],
            )),
            &no_amount,
        ),
        // Art. 43 para. 1: an individual.
        penalty(
            triggered(&duties, &[D::IntrusionOrSabotage]),
            cmp(kind, Ok(()), |k, ()| k != self::OffenderKind::Individual),
            &[spec(Third, true, true, 50_000, 500_000)],
            Some((&serious, &[spec(Third, true, false, 100_000, 1_000_000)])),
            &no_amount,
        ),
        // Art. 43 para. 3: the ban, after a public security or criminal
        // penalty.
        penalty(
            triggered(&duties, &[D::IntrusionOrSabotage, D::UnauthorizedProbing]),
            not(or(
                fact(
                    f.offender_public_security_penalty,
                    OffenderPublicSecurityPenalty,
                ),
                || fact(f.offender_criminal_penalty, OffenderCriminalPenalty),
            )),
            &[],
            None,
            &no_amount,
        ),
    ];

    // Known never drilled or evaluated: overdue, with no due date.
    for (d, last) in [
        (D::EmergencyDrill, f.last_emergency_drill_date),
        (D::MlpsAnnualTest, f.last_mlps_test_date),
    ] {
        if last == Some(None) {
            duties[d as usize].due = None;
        }
    }
    Outcome {
        cii,
        candidate,
        no_rules,
        national_escalation_due: and(
            and(
                and(cii, || {
                    fact(f.major_incident_occurred, MajorIncidentOccurred)
                }),
                || fact(f.major_incident_reported, MajorIncidentReported),
            ),
            || fact(f.especially_major_incident, EspeciallyMajorIncident),
        ),
        secrecy_law_applies: and(cii, || fact(f.stores_state_secrets, StoresStateSecrets)),
        cryptography_law_applies: and(cii, || fact(f.uses_cryptography, UsesCryptography)),
        duties,
        penalties,
    }
}

/// Art. 19's review: the status decides when given (only `passed` passes);
/// otherwise the `security_review_passed` shorthand.
fn review_passed(p: &Procurement) -> Tv {
    match p.security_review_status {
        Some(status) => known(status == ReviewStatus::Passed),
        None => fact(p.security_review_passed, F::Procurements),
    }
}

/// Bounds of the amount of the procurements that may affect national
/// security and were not reviewed, times 1 (the certain part) and 10 (all
/// that may count): (min, max on the certain part, max; `None` when an
/// amount is unknown).
fn unreviewed_amount(procurements: Option<&[Procurement]>) -> (Decimal, Decimal, Option<Decimal>) {
    let Some(list) = procurements else {
        return (Decimal::ZERO, Decimal::ZERO, None);
    };
    let (mut lo, mut hi) = (Decimal::ZERO, Some(Decimal::ZERO));
    for p in list {
        let selected = and(fact(p.affects_national_security, F::Procurements), || {
            not(review_passed(p))
        });
        if selected.value == Some(false) {
            continue;
        }
        if selected.value == Some(true)
            && let Some(a) = p.amount_cny
        {
            lo = lo.checked_add(a).unwrap_or(Decimal::MAX);
        }
        hi = hi.zip(p.amount_cny).and_then(|(h, a)| h.checked_add(a));
    }
    match lo.checked_mul(Decimal::TEN) {
        Some(known) => (lo, known, hi.and_then(|h| h.checked_mul(Decimal::TEN))),
        None => (Decimal::ZERO, Decimal::ZERO, None),
    }
}

/// The energy sector's model identification rules (energy pack).
fn energy_identification(f: &Facility) -> Tv {
    let importance = val(f.core_business_importance, F::CoreBusinessImportance);
    let high_importance = cmp(importance, Ok(()), |i, ()| {
        matches!(i, Importance::High | Importance::Critical)
    });
    let control_or_core_system = cmp(val(f.kind, F::Kind), Ok(()), |k, ()| {
        matches!(k, Kind::IndustrialControl | Kind::CoreBusinessSystem)
    });
    let graded_level_3_or_above = cmp(val(f.mlps_level, F::MlpsLevel), Ok(3), |l, n| l >= n);
    let large_supply_outage = cmp(
        val(f.population_affected, F::PopulationAffected),
        Ok(1_000_000),
        |p, n| p >= n,
    );
    let core_business = or(high_importance, || {
        and(
            and(
                cmp(importance, Ok(()), |i, ()| i == Importance::Medium),
                || control_or_core_system,
            ),
            || graded_level_3_or_above,
        )
    });
    let harm = or(
        cmp(
            val(f.harm_if_compromised, F::HarmIfCompromised),
            Ok(()),
            |h, ()| matches!(h, Harm::Serious | Harm::EspeciallySerious),
        ),
        || large_supply_outage,
    );
    let cross_sector = cmp(
        val(f.cross_sector_impact, F::CrossSectorImpact),
        Ok(()),
        |c, ()| c == CrossSectorImpact::Broad,
    );
    and(core_business, || or(harm, || cross_sector))
}
