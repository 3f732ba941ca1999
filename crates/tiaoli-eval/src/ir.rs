//! The compiled program: every name resolved to a slot or an index, rules
//! in evaluation order. Evaluation walks this, never the syntax tree.

use std::collections::HashMap;

use jiff::civil::Date;
use rust_decimal::Decimal;
use tiaoli_check::SymbolId;

use crate::schema::Schema;
use crate::value::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arith {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quant {
    Any,
    All,
    Count,
    Sum,
}

/// A compiled expression.
#[derive(Clone, Debug)]
pub enum Ex {
    Const(Value),
    Fact(u32),
    /// A definition or determination, by index into `Program::values`.
    Value(u32),
    /// A quantifier variable or implementation-local name, by scope index.
    Local(u32),
    Field(Box<Ex>, u32),
    AsOf,
    Not(Box<Ex>),
    Neg(Box<Ex>),
    And(Box<Ex>, Box<Ex>),
    Or(Box<Ex>, Box<Ex>),
    Cmp(Cmp, Box<Ex>, Box<Ex>),
    Arith(Arith, Box<Ex>, Box<Ex>),
    In(Box<Ex>, Box<Ex>),
    Otherwise(Box<Ex>, Box<Ex>),
    If(Box<Ex>, Box<Ex>, Box<Ex>),
    List(Vec<Ex>),
    Quant {
        kind: Quant,
        list: Box<Ex>,
        filter: Option<Box<Ex>>,
        body: Option<Box<Ex>>,
    },
    /// `known(x)`: whether the facility told us (a value, or known absent).
    Known(Box<Ex>),
    /// `x is absent`: true if known absent, false if it has a value,
    /// unknown (with x's missing facts) when not given.
    IsAbsent(Box<Ex>),
    Min(Box<Ex>, Box<Ex>),
    Max(Box<Ex>, Box<Ex>),
    Violated(Vec<u32>),
    Satisfied(Vec<u32>),
    Applies(Vec<u32>),
    Triggered(u32),
    Extension(u32),
    /// A deadline (an obligation's `requires … within … after …` or
    /// `every … since …`): whether the act is in time.
    Deadline(Box<DeadlineEx>),
    /// The due date the deadline derives.
    DueOf(Box<DeadlineEx>),
}

impl Ex {
    /// Its direct subexpressions, pushed onto `out`: the one list of them
    /// that walkers share, each keeping an explicit stack so that no
    /// expression is too deep to walk.
    pub fn push_subexpressions<'a>(&'a self, out: &mut Vec<&'a Ex>) {
        match self {
            Ex::Const(_)
            | Ex::Fact(_)
            | Ex::Local(_)
            | Ex::AsOf
            | Ex::Value(_)
            | Ex::Violated(_)
            | Ex::Satisfied(_)
            | Ex::Applies(_)
            | Ex::Triggered(_)
            | Ex::Extension(_) => {}
            Ex::Field(a, _) | Ex::Not(a) | Ex::Neg(a) | Ex::Known(a) | Ex::IsAbsent(a) => {
                out.push(a);
            }
            Ex::And(a, b)
            | Ex::Or(a, b)
            | Ex::Cmp(_, a, b)
            | Ex::Arith(_, a, b)
            | Ex::In(a, b)
            | Ex::Otherwise(a, b)
            | Ex::Min(a, b)
            | Ex::Max(a, b) => {
                out.push(a);
                out.push(b);
            }
            Ex::If(a, b, c) => out.extend([&**a, &**b, &**c]),
            Ex::List(items) => out.extend(items.iter()),
            Ex::Quant {
                list, filter, body, ..
            } => {
                out.push(list);
                out.extend(filter.iter().map(|b| &**b));
                out.extend(body.iter().map(|b| &**b));
            }
            Ex::Deadline(d) | Ex::DueOf(d) => match &**d {
                DeadlineEx::Within { done, start, .. } => out.extend([done, start]),
                DeadlineEx::Every {
                    period,
                    last,
                    first,
                } => {
                    if let Period::Computed(e) = period {
                        out.push(e);
                    }
                    out.push(last);
                    out.extend(first.iter().map(|(_, e)| e));
                }
            },
        }
    }
}

/// A recurring deadline's period: a literal, or computed per facility
/// (`every drill_interval() since …`).
#[derive(Clone, Debug)]
pub enum Period {
    Fixed(crate::value::Dur),
    Computed(Ex),
}

/// A compiled deadline: its periods, and what its dates are read from.
#[derive(Clone, Debug)]
pub enum DeadlineEx {
    Within {
        done: Ex,
        period: crate::value::Dur,
        start: Ex,
    },
    Every {
        period: Period,
        last: Ex,
        first: Option<(crate::value::Dur, Ex)>,
    },
}

/// Something a clause reads, for explanations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Read {
    Fact(u32),
    Value(u32),
    Duty(u32),
    Penalty(u32),
    Extension(u32),
}

/// An expression with its source text and what it reads.
#[derive(Clone, Debug)]
pub struct Clause {
    pub text: String,
    pub expr: Ex,
    pub reads: Vec<Read>,
}

/// Article, paragraph and item.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cite {
    pub pack: String,
    pub article: u32,
    pub para: Option<u32>,
    pub item: Option<u32>,
}

impl Program {
    /// The pack a `Cite::pack` or `ImplRule::pack` names.
    pub fn pack(&self, ident: &str) -> Option<&PackInfo> {
        self.packs.iter().find(|p| p.ident == ident)
    }

    /// The manifest name of a pack (`decree-745` for `decree_745`).
    pub fn pack_name<'a>(&'a self, ident: &'a str) -> &'a str {
        self.pack(ident).map_or(ident, |p| p.name.as_str())
    }

    /// How the pack `ident` is cited.
    pub fn citation_style(&self, ident: &str) -> CiteStyle {
        self.pack(ident).map_or(CiteStyle::Articles, |p| p.citation)
    }

    /// Sets how the pack `ident` is cited (from its manifest).
    pub fn set_citation_style(&mut self, ident: &str, style: CiteStyle) {
        if let Some(p) = self.packs.iter_mut().find(|p| p.ident == ident) {
            p.citation = style;
        }
    }

    /// Marks the pack `ident` as a draft that never came into force (its
    /// manifest's `status = "draft"`): reports mark every outcome of its
    /// rules as a draft's, and its fines count in no exposure.
    pub fn set_draft(&mut self, ident: &str) {
        let Some(p) = self.packs.iter_mut().find(|p| p.ident == ident) else {
            return;
        };
        p.draft = true;
        for rule in self.penalties.iter_mut().filter(|r| r.meta.pack == ident) {
            let escalated = rule.escalate.iter_mut().flat_map(|(_, f)| f.iter_mut());
            for fine in rule.fines.iter_mut().chain(escalated) {
                fine.whose = Whose::Draft;
            }
        }
    }

    /// Whether a pack is a draft that never came into force.
    pub fn is_draft(&self, ident: &str) -> bool {
        self.pack(ident).is_some_and(|p| p.draft)
    }

    /// Whether a pack is a model rule set.
    pub fn is_model(&self, ident: &str) -> bool {
        self.pack(ident).is_some_and(|p| p.model)
    }
}

impl Cite {
    /// `art39.1.8`
    pub fn short(&self) -> String {
        let mut s = format!("art{}", self.article);
        if let Some(p) = self.para {
            s.push_str(&format!(".{p}"));
            if let Some(i) = self.item {
                s.push_str(&format!(".{i}"));
            }
        }
        s
    }
}

/// A bilingual label.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text2 {
    pub zh: String,
    pub en: String,
}

/// The days something is in force: from `from` (included) until `until`
/// (excluded); `None` is unbounded on that side.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Window {
    pub from: Option<Date>,
    pub until: Option<Date>,
}

impl Window {
    pub fn contains(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.until.is_none_or(|u| date < u)
    }

    /// The days in both.
    pub fn intersect(self, other: Window) -> Window {
        let later = |a: Option<Date>, b: Option<Date>| match (a, b) {
            (Some(x), Some(y)) => Some(x.max(y)),
            (x, None) | (None, x) => x,
        };
        let earlier = |a: Option<Date>, b: Option<Date>| match (a, b) {
            (Some(x), Some(y)) => Some(x.min(y)),
            (x, None) | (None, x) => x,
        };
        Window {
            from: later(self.from, other.from),
            until: earlier(self.until, other.until),
        }
    }

    pub fn is_unbounded(&self) -> bool {
        self.from.is_none() && self.until.is_none()
    }
}

/// A pack's days in force, from its manifest (`effective`, `expires`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackInForce {
    /// The pack as written in paths (`decree_745`), as in [`Cite::pack`].
    pub ident: String,
    /// The pack's name (`decree-745`).
    pub name: String,
    pub window: Window,
}

/// What every rule carries.
#[derive(Clone, Debug)]
pub struct RuleMeta {
    pub symbol: SymbolId,
    pub name: String,
    pub title: Option<Text2>,
    pub cite: Cite,
    /// The pack the rule is declared in, as written in paths (`decree_745`).
    pub pack: String,
    /// The days the rule's own text and its article's are in force
    /// (`in force from … until …`), unbounded when they say nothing.
    pub own_window: Window,
    /// The days the rule is in force: `own_window` within its pack's
    /// ([`Program::set_packs_in_force`]).
    pub window: Window,
    /// The readings the pack names for this rule (`reading …`), in order.
    pub readings: Vec<Reading>,
}

/// A reading the pack takes where the text needs one, with the provision
/// it rests on when one is cited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    pub text: Text2,
    pub cite: Option<Cite>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    Define,
    Determination,
}

#[derive(Clone, Debug)]
pub struct ValueRule {
    pub meta: RuleMeta,
    pub kind: ValueKind,
    pub ty: tiaoli_check::Type,
    pub clause: Clause,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DutyKind {
    Obligation,
    Prohibition,
}

/// An inline `unless … cite …`, or an `exception` that names the rule.
#[derive(Clone, Debug)]
pub enum Exemption {
    Inline(Clause, Cite),
    Exception(u32),
}

#[derive(Clone, Debug)]
pub struct DutyRule {
    pub meta: RuleMeta,
    pub kind: DutyKind,
    pub bearer: Option<String>,
    pub applies: Option<Clause>,
    /// `requires` (obligation) or `forbids` (prohibition).
    pub condition: Clause,
    pub due: Option<Clause>,
    /// `due` is derived from a deadline in `condition` (so the holiday
    /// calendar's coverage of it is reported).
    pub deadline: bool,
    pub exemptions: Vec<Exemption>,
}

/// Whose a fine is, from the evaluated facility's point of view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Whose {
    /// The facility's operator (the penalty addresses `operator`): counted
    /// in its exposure.
    Operator,
    /// The operator's persons (parties `of addressee`, such as the person
    /// directly in charge): shown apart, never added to the operator's.
    OperatorPersons,
    /// Someone else (e.g. an art. 43 intruder and its persons): reported
    /// as theirs.
    ThirdParty,
    /// A fine of a draft that never came into force
    /// ([`Program::set_draft`]): reported as the draft's, counted in no
    /// one's exposure.
    Draft,
}

impl Whose {
    pub fn as_str(self) -> &'static str {
        match self {
            Whose::Operator => "operator",
            Whose::OperatorPersons => "operator_persons",
            Whose::ThirdParty => "third_party",
            Whose::Draft => "draft",
        }
    }
}

#[derive(Clone, Debug)]
pub enum FineAmount {
    Fixed {
        min: Decimal,
        max: Decimal,
    },
    Multiple {
        min: Decimal,
        max: Decimal,
        basis: Clause,
    },
}

#[derive(Clone, Debug)]
pub struct FineRule {
    /// The declared party fined (a key of `Program::parties`).
    pub party: String,
    pub whose: Whose,
    /// `may fine` (可以并处).
    pub discretionary: bool,
    /// A direct fine that an escalated fine on the same party replaces.
    pub replaced_on_escalation: bool,
    pub amount: FineAmount,
}

#[derive(Clone, Debug)]
pub struct TriggerRule {
    pub duties: Vec<u32>,
    pub cite: Option<Cite>,
    pub text: String,
}

/// `gives way to OTHER for RULES`: a violation of `duties` does not
/// trigger the penalty where penalty `to` is triggered.
#[derive(Clone, Debug)]
pub struct GivesWayRule {
    pub to: u32,
    pub duties: Vec<u32>,
}

#[derive(Clone, Debug)]
pub struct PenaltyRule {
    pub meta: RuleMeta,
    /// The party punished (a key of `Program::parties`).
    pub addressee: String,
    pub triggers: Vec<TriggerRule>,
    pub gives_way: Vec<GivesWayRule>,
    pub measures: Vec<String>,
    pub fines: Vec<FineRule>,
    pub escalate: Option<(Clause, Vec<FineRule>)>,
    pub exemptions: Vec<Exemption>,
}

#[derive(Clone, Debug)]
pub struct ExceptionRule {
    pub meta: RuleMeta,
    pub when: Clause,
    /// What follows instead where it applies.
    pub instead: Option<Text2>,
}

#[derive(Clone, Debug)]
pub struct ImplRule {
    pub pack: String,
    pub title: Option<Text2>,
    pub source: Option<Text2>,
    /// Local definitions, then factors, in scope order.
    pub locals: Vec<(String, Clause)>,
    pub factor_count: usize,
    pub decide: Clause,
}

#[derive(Clone, Debug)]
pub struct ExtensionRule {
    pub meta: RuleMeta,
    pub key: Clause,
    /// Implementations by key variant index.
    pub impls: HashMap<u32, ImplRule>,
    /// `default EXPR`: the value where no implementation is loaded for the
    /// key's value.
    pub default: Option<Clause>,
}

/// A rule in evaluation order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Node {
    Value(u32),
    Duty(u32),
    Penalty(u32),
    Exception(u32),
    Extension(u32),
}

/// A named, labelled thing (party, measure, enum variant).
#[derive(Clone, Debug, Default)]
pub struct Named {
    pub name: String,
    pub label: Text2,
}

/// A loaded pack, as reports name it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PackInfo {
    /// As written in paths and in `Cite::pack`: `decree_745`.
    pub ident: String,
    /// As its manifest names it: `decree-745`.
    pub name: String,
    /// Its manifest `kind`: `regulation`, `guidance`, `sector`, `advisory`.
    pub kind: &'static str,
    /// `model = true`: a model rule set, not the issuer's official rules.
    pub model: bool,
    /// `status = "draft"`: a draft that never came into force
    /// ([`Program::set_draft`]).
    pub draft: bool,
    /// How reports cite its articles (its manifest's `citation`,
    /// [`Program::set_citation_style`]).
    pub citation: CiteStyle,
}

/// How a pack's articles are cited in reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CiteStyle {
    /// Article, paragraph, item: `art. 17(1)`, `第17条第1款`.
    #[default]
    Articles,
    /// Part and section of a guidance document: article N is part N,
    /// paragraph M its section M (`part 2(2)`, `二（二）`).
    Parts,
}

/// Everything evaluation needs, compiled once per set of packs.
#[derive(Clone, Debug)]
pub struct Program {
    /// The packs, in load order.
    pub packs: Vec<PackInfo>,
    pub schema: Schema,
    pub values: Vec<ValueRule>,
    pub duties: Vec<DutyRule>,
    pub penalties: Vec<PenaltyRule>,
    pub exceptions: Vec<ExceptionRule>,
    pub extensions: Vec<ExtensionRule>,
    /// Dependencies before dependents.
    pub order: Vec<Node>,
    pub parties: HashMap<String, Text2>,
    pub measures: HashMap<String, Text2>,
    /// Where each rule symbol lives in the tables above.
    pub by_symbol: HashMap<SymbolId, Node>,
    /// The packs' days in force ([`Program::set_packs_in_force`]).
    pub packs_in_force: Vec<PackInForce>,
    /// The days on which every rule is in force: evaluated as of one of
    /// them, no rule's dates need to be looked at.
    pub all_in_force: Window,
}

impl Program {
    /// Sets the packs' days in force (from their manifests) and so every
    /// rule's: its own dates within its pack's. Computed once per program,
    /// so that evaluation as of a day every rule is in force (nearly
    /// always) looks at no rule's dates.
    pub fn set_packs_in_force(&mut self, packs: Vec<PackInForce>) {
        self.packs_in_force = packs;
        let packs = &self.packs_in_force;
        let mut all = Window::default();
        let mut fit = |meta: &mut RuleMeta| {
            let pack = packs
                .iter()
                .find(|p| p.ident == meta.pack)
                .map_or(Window::default(), |p| p.window);
            meta.window = meta.own_window.intersect(pack);
            all = all.intersect(meta.window);
        };
        self.values.iter_mut().for_each(|r| fit(&mut r.meta));
        self.duties.iter_mut().for_each(|r| fit(&mut r.meta));
        self.penalties.iter_mut().for_each(|r| fit(&mut r.meta));
        self.exceptions.iter_mut().for_each(|r| fit(&mut r.meta));
        self.extensions.iter_mut().for_each(|r| fit(&mut r.meta));
        self.all_in_force = all;
    }

    /// The days `node` is in force.
    pub fn window(&self, node: Node) -> Window {
        let meta = match node {
            Node::Value(i) => self.values.get(i as usize).map(|r| &r.meta),
            Node::Duty(i) => self.duties.get(i as usize).map(|r| &r.meta),
            Node::Penalty(i) => self.penalties.get(i as usize).map(|r| &r.meta),
            Node::Exception(i) => self.exceptions.get(i as usize).map(|r| &r.meta),
            Node::Extension(i) => self.extensions.get(i as usize).map(|r| &r.meta),
        };
        meta.map_or(Window::default(), |m| m.window)
    }

    /// The packs not in force as of `date`.
    pub fn packs_not_in_force(&self, date: Date) -> impl Iterator<Item = &PackInForce> {
        self.packs_in_force
            .iter()
            .filter(move |p| !p.window.contains(date))
    }
}
