//! Compiles checked packs into a [`Program`]: names become slots and
//! indices (from the checker's recorded resolutions, never looked up
//! again: a fact is its checker symbol, mapped to its slot through a
//! symbol → slot table), and rules are ordered so that each is evaluated after what it
//! reads (a topological order of the checker's dependency graph).

use std::collections::HashMap;
use std::sync::Arc;

use tiaoli_check::{CheckPack, Model, Ref, SymbolId, SymbolKind, Type};
use tiaoli_syntax::ast::{self, BinaryOp, Expr, ExprKind, Item, Labels, QuantKind, UnaryOp};
use tiaoli_text::{FileId, TextRange};

use crate::ir::*;
use crate::schema::{EnumInfo, FactInfo, RecordInfo, Schema};
use crate::value::{Dur, Value};

/// Why a program could not be compiled: the packs had errors the checker
/// reported (compile only checked, error-free packs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError(pub String);

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Compiles error-free checked packs. `text` gives a file's source, for
/// the clause texts shown in explanations.
pub fn compile<'t>(
    packs: &[CheckPack],
    model: &Model,
    text: &dyn Fn(FileId) -> &'t str,
) -> Result<Program, CompileError> {
    let mut c = Compiler {
        model,
        text,
        index: HashMap::new(),
        fact_slots: HashMap::new(),
        schema: Schema::default(),
        scope: Vec::new(),
    };
    c.schema(packs)?;
    c.number_rules(packs);
    let mut program = Program {
        packs: packs
            .iter()
            .map(|p| PackInfo {
                ident: p.ident.clone(),
                // Manifest names are lowercase letters, digits and `-`;
                // the identifier only swaps `-` for `_`.
                name: p.ident.replace('_', "-"),
                kind: p.authority.kind(),
                model: p.model,
                draft: false,
                citation: CiteStyle::Articles,
            })
            .collect(),
        schema: Schema::default(),
        values: Vec::new(),
        duties: Vec::new(),
        penalties: Vec::new(),
        exceptions: Vec::new(),
        extensions: Vec::new(),
        order: Vec::new(),
        parties: HashMap::new(),
        measures: HashMap::new(),
        by_symbol: HashMap::new(),
        packs_in_force: Vec::new(),
        all_in_force: Window::default(),
    };
    c.rules(packs, &mut program)?;
    c.implementations(packs, &mut program)?;
    program.order = c.order(&program)?;
    program.by_symbol = c
        .index
        .iter()
        .map(|(id, (kind, i))| {
            let node = match kind {
                SymbolKind::Define | SymbolKind::Determination => Node::Value(*i),
                SymbolKind::Obligation | SymbolKind::Prohibition => Node::Duty(*i),
                SymbolKind::Penalty => Node::Penalty(*i),
                SymbolKind::Exception => Node::Exception(*i),
                _ => Node::Extension(*i),
            };
            (*id, node)
        })
        .collect();
    program.schema = c.schema;
    own_windows(packs, model, &mut program);
    Ok(program)
}

/// Each rule's own days in force: its article's `in force` within its own.
fn own_windows(packs: &[CheckPack], model: &Model, program: &mut Program) {
    let window = |f: Option<&ast::InForce>| {
        f.map_or(Window::default(), |f| Window {
            from: f.from.map(|d| d.0),
            until: f.until.map(|d| d.0),
        })
    };
    let set = |program: &mut Program, pack: usize, name: &str, w: Window| {
        if w.is_unbounded() {
            return;
        }
        let Some(id) = model.packs[pack].values.get(name) else {
            return;
        };
        let meta = match program.by_symbol.get(id) {
            Some(Node::Duty(i)) => program.duties.get_mut(*i as usize).map(|r| &mut r.meta),
            Some(Node::Penalty(i)) => program.penalties.get_mut(*i as usize).map(|r| &mut r.meta),
            Some(Node::Value(i)) => program.values.get_mut(*i as usize).map(|r| &mut r.meta),
            Some(Node::Exception(i)) => {
                program.exceptions.get_mut(*i as usize).map(|r| &mut r.meta)
            }
            Some(Node::Extension(i)) => {
                program.extensions.get_mut(*i as usize).map(|r| &mut r.meta)
            }
            None => None,
        };
        if let Some(meta) = meta {
            meta.own_window = w;
            meta.window = w;
        }
    };
    for (pack, input) in packs.iter().enumerate() {
        for (_, source) in &input.files {
            for item in &source.items {
                match item {
                    Item::Determination(d) => {
                        set(program, pack, &d.name.name, window(d.in_force.as_ref()))
                    }
                    Item::Article(a) => {
                        let article = window(a.members.iter().find_map(|m| match m {
                            ast::ArticleMember::InForce(f) => Some(f),
                            _ => None,
                        }));
                        for rule in a.rules() {
                            let (name, own) = match rule {
                                ast::Rule::Duty(d) => (&d.name.name, d.in_force.as_ref()),
                                ast::Rule::Penalty(p) => (&p.name.name, p.in_force.as_ref()),
                                ast::Rule::Determination(d) => (&d.name.name, d.in_force.as_ref()),
                                ast::Rule::Define(d) => (&d.name.name, None),
                                ast::Rule::Exception(e) => (&e.name.name, None),
                                ast::Rule::Extension(x) => (&x.name.name, None),
                            };
                            set(program, pack, name, article.intersect(window(own)));
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    // Without pack dates (until `set_packs_in_force`), the rules' own.
    program.all_in_force = [
        program
            .values
            .iter()
            .map(|r| r.meta.window)
            .collect::<Vec<_>>(),
        program.duties.iter().map(|r| r.meta.window).collect(),
        program.penalties.iter().map(|r| r.meta.window).collect(),
        program.exceptions.iter().map(|r| r.meta.window).collect(),
        program.extensions.iter().map(|r| r.meta.window).collect(),
    ]
    .iter()
    .flatten()
    .fold(Window::default(), |a, w| a.intersect(*w));
}

struct Compiler<'a, 't> {
    model: &'a Model,
    text: &'a dyn Fn(FileId) -> &'t str,
    /// Symbol → (kind of rule, index in the program's table).
    index: HashMap<SymbolId, (SymbolKind, u32)>,
    /// Fact symbol → its slot in the schema. Facts are identified by the
    /// checker's symbols, never by name: facts of one name declared by
    /// several packs share one facility key and slot only because the
    /// checker has made sure they agree on type and bounds (N015).
    fact_slots: HashMap<SymbolId, u32>,
    schema: Schema,
    /// Names in scope (quantifier variables, implementation locals).
    scope: Vec<String>,
}

fn text2(labels: Option<&Labels>) -> Option<Text2> {
    let l = labels?;
    Some(Text2 {
        zh: l.zh.as_ref().map(|s| s.value.clone()).unwrap_or_default(),
        en: l.en.as_ref().map(|s| s.value.clone()).unwrap_or_default(),
    })
}

fn err<T>(msg: impl Into<String>) -> Result<T, CompileError> {
    Err(CompileError(msg.into()))
}

impl Compiler<'_, '_> {
    fn cite(&self, pack: usize, c: &ast::Citation, owner: Option<u32>) -> Cite {
        let pack_name = match &c.pack {
            Some(q) => q.name.clone(),
            None => self.model.packs[pack].ident.clone(),
        };
        let _ = owner;
        Cite {
            pack: pack_name,
            article: c.article,
            para: c.para,
            item: c.item,
        }
    }

    fn meta(&self, id: SymbolId, title: Option<&Labels>, cite: Option<&ast::Citation>) -> RuleMeta {
        let sym = self.model.symbol(id);
        let cite = match cite {
            Some(c) => self.cite(sym.pack, c, sym.article),
            None => Cite {
                pack: self.model.packs[sym.pack].ident.clone(),
                article: sym.article.unwrap_or(0),
                para: None,
                item: None,
            },
        };
        RuleMeta {
            symbol: id,
            name: sym.name.clone(),
            title: text2(title),
            cite,
            pack: self.model.packs[sym.pack].ident.clone(),
            own_window: Window::default(),
            window: Window::default(),
            readings: Vec::new(),
        }
    }

    fn readings(&self, pack: usize, readings: &[ast::Reading]) -> Vec<Reading> {
        readings
            .iter()
            .map(|r| Reading {
                text: text2(Some(&r.labels)).unwrap_or_default(),
                cite: r.cite.as_ref().map(|c| self.cite(pack, c, None)),
            })
            .collect()
    }

    fn schema(&mut self, packs: &[CheckPack]) -> Result<(), CompileError> {
        for (pack, input) in packs.iter().enumerate() {
            for (_, file) in &input.files {
                for item in &file.items {
                    match item {
                        Item::Fact(f) => {
                            let Some(&id) = self.model.packs[pack].facts.get(&f.name.name) else {
                                continue;
                            };
                            if self.model.symbol(id).span != f.span {
                                // A duplicate declaration (N002): not the symbol.
                                continue;
                            }
                            // The facility's key: one per name, shared by the
                            // packs that declare it (with one type: N015).
                            if let Some((slot, _, shared)) =
                                self.schema.facts.get_full(&f.name.name)
                            {
                                if shared.ty != self.model.symbol(id).ty
                                    || shared.bounds != f.bounds.map(|b| (b.min, b.max))
                                {
                                    return err(format!(
                                        "fact `{}` is declared with two types (N015)",
                                        f.name.name
                                    ));
                                }
                                self.fact_slots.insert(id, slot as u32);
                                continue;
                            }
                            self.fact_slots.insert(id, self.schema.facts.len() as u32);
                            let info = FactInfo {
                                name: f.name.name.clone(),
                                ty: self.model.symbol(id).ty.clone(),
                                bounds: f.bounds.map(|b| (b.min, b.max)),
                                label: text2(Some(&f.labels)).unwrap_or_default(),
                                cite: f.cite.as_ref().map(|c| self.cite(pack, c, None)),
                            };
                            self.schema.facts.insert(f.name.name.clone(), info);
                        }
                        Item::Enum(e) => {
                            let Some(&id) = self.model.packs[pack].types.get(&e.name.name) else {
                                continue;
                            };
                            let variants = e
                                .variants
                                .iter()
                                .map(|v| Named {
                                    name: v.name.name.clone(),
                                    label: text2(Some(&v.labels)).unwrap_or_default(),
                                })
                                .collect();
                            self.schema.enums.insert(
                                id,
                                EnumInfo {
                                    name: e.name.name.clone(),
                                    variants,
                                },
                            );
                        }
                        Item::Record(r) => {
                            let Some(&id) = self.model.packs[pack].types.get(&r.name.name) else {
                                continue;
                            };
                            let types = self.model.members(id).cloned().unwrap_or_default();
                            let fields = r
                                .fields
                                .iter()
                                .map(|f| FactInfo {
                                    name: f.name.name.clone(),
                                    ty: types
                                        .get(&f.name.name)
                                        .map_or(Type::Error, |(_, t)| t.clone()),
                                    bounds: f.bounds.map(|b| (b.min, b.max)),
                                    label: text2(Some(&f.labels)).unwrap_or_default(),
                                    cite: None,
                                })
                                .collect();
                            self.schema.records.insert(
                                id,
                                RecordInfo {
                                    name: r.name.name.clone(),
                                    fields,
                                },
                            );
                        }
                        _ => {}
                    }
                }
            }
        }
        Ok(())
    }

    /// Gives every rule its index before any body is compiled, so bodies
    /// can refer to rules declared later.
    fn number_rules(&mut self, packs: &[CheckPack]) {
        let mut counts: HashMap<&'static str, u32> = HashMap::new();
        for (pack, input) in packs.iter().enumerate() {
            for (_, file) in &input.files {
                for item in &file.items {
                    let rules: Vec<(&ast::Ident, TextRange, SymbolKind)> = match item {
                        Item::Define(d) => vec![(&d.name, d.span, SymbolKind::Define)],
                        Item::Determination(d) => {
                            vec![(&d.name, d.span, SymbolKind::Determination)]
                        }
                        Item::Article(a) => a
                            .rules()
                            .map(|r| (r.name(), r.span(), kind_of(r)))
                            .collect(),
                        _ => Vec::new(),
                    };
                    for (name, span, kind) in rules {
                        let Some(&id) = self.model.packs[pack].values.get(&name.name) else {
                            continue;
                        };
                        if self.model.symbol(id).span != span {
                            continue;
                        }
                        let table = table_of(kind);
                        let n = counts.entry(table).or_default();
                        self.index.insert(id, (kind, *n));
                        *n += 1;
                    }
                }
            }
        }
    }

    fn idx(&self, id: SymbolId) -> Result<u32, CompileError> {
        match self.index.get(&id) {
            Some((_, i)) => Ok(*i),
            None => err(format!("`{}` was not compiled", self.model.symbol(id).name)),
        }
    }

    fn rules(&mut self, packs: &[CheckPack], program: &mut Program) -> Result<(), CompileError> {
        for (pack, input) in packs.iter().enumerate() {
            for (file, source) in &input.files {
                for item in &source.items {
                    match item {
                        Item::Define(d) => self.define(pack, *file, d, program)?,
                        Item::Determination(d) => self.determination(pack, *file, d, program)?,
                        Item::Party(p) => {
                            program.parties.insert(
                                p.name.name.clone(),
                                text2(Some(&p.labels)).unwrap_or_default(),
                            );
                        }
                        Item::Measure(m) => {
                            program.measures.insert(
                                m.name.name.clone(),
                                text2(Some(&m.labels)).unwrap_or_default(),
                            );
                        }
                        Item::Article(a) => {
                            for rule in a.rules() {
                                self.rule(pack, *file, a.applies(), rule, program)?;
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        // Exceptions name the rules they exempt.
        for (pack, input) in packs.iter().enumerate() {
            for (file, source) in &input.files {
                for item in &source.items {
                    let Item::Article(a) = item else { continue };
                    for rule in a.rules() {
                        let ast::Rule::Exception(e) = rule else {
                            continue;
                        };
                        let Some(&id) = self.model.packs[pack].values.get(&e.name.name) else {
                            continue;
                        };
                        let exc = self.idx(id)?;
                        for target in &e.exempts {
                            let span = target.span();
                            let Some(Ref::Rules(ids)) = self.model.refs.get(&(*file, span)) else {
                                continue;
                            };
                            for t in ids {
                                match self.index.get(t) {
                                    Some((SymbolKind::Penalty, i)) => program.penalties
                                        [*i as usize]
                                        .exemptions
                                        .push(Exemption::Exception(exc)),
                                    Some((SymbolKind::Obligation | SymbolKind::Prohibition, i)) => {
                                        program.duties[*i as usize]
                                            .exemptions
                                            .push(Exemption::Exception(exc))
                                    }
                                    _ => {}
                                }
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn define(
        &mut self,
        pack: usize,
        file: FileId,
        d: &ast::Define,
        program: &mut Program,
    ) -> Result<(), CompileError> {
        self.value(
            pack,
            file,
            ValueKind::Define,
            &d.name,
            d.span,
            None,
            None,
            Some(&d.value),
            program,
        )
    }

    fn determination(
        &mut self,
        pack: usize,
        file: FileId,
        d: &ast::Determination,
        program: &mut Program,
    ) -> Result<(), CompileError> {
        let before = program.values.len();
        self.value(
            pack,
            file,
            ValueKind::Determination,
            &d.name,
            d.span,
            d.title.as_ref(),
            d.cite.as_ref(),
            d.value.as_ref(),
            program,
        )?;
        if program.values.len() > before
            && let Some(v) = program.values.last_mut()
        {
            v.meta.readings = self.readings(pack, &d.readings);
        }
        Ok(())
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "the parts of a definition and a determination differ"
    )]
    fn value(
        &mut self,
        pack: usize,
        file: FileId,
        kind: ValueKind,
        name: &ast::Ident,
        span: TextRange,
        title: Option<&Labels>,
        cite: Option<&ast::Citation>,
        value: Option<&Expr>,
        program: &mut Program,
    ) -> Result<(), CompileError> {
        let Some(&id) = self.model.packs[pack].values.get(&name.name) else {
            return Ok(());
        };
        if self.model.symbol(id).span != span {
            return Ok(());
        }
        let Some(value) = value else {
            return err(format!("`{}` has no value", name.name));
        };
        let clause = self.clause(file, value)?;
        let ty = self.model.symbol(id).ty.clone();
        program.values.push(ValueRule {
            meta: self.meta(id, title, cite),
            kind,
            ty,
            clause,
        });
        Ok(())
    }

    fn rule(
        &mut self,
        pack: usize,
        file: FileId,
        article_applies: Option<&Expr>,
        rule: &ast::Rule,
        program: &mut Program,
    ) -> Result<(), CompileError> {
        let Some(&id) = self.model.packs[pack].values.get(&rule.name().name) else {
            return Ok(());
        };
        if self.model.symbol(id).span != rule.span() {
            return Ok(());
        }
        match rule {
            ast::Rule::Define(d) => self.define(pack, file, d, program)?,
            ast::Rule::Determination(d) => self.determination(pack, file, d, program)?,
            ast::Rule::Duty(d) => {
                let Some(cond) = &d.condition else {
                    return err(format!("`{}` has no condition", d.name.name));
                };
                let mut meta = self.meta(id, d.title.as_ref(), d.cite.as_ref());
                meta.readings = self.readings(pack, &d.readings);
                let duty = DutyRule {
                    meta,
                    kind: match d.kind {
                        ast::DutyKind::Obligation => DutyKind::Obligation,
                        ast::DutyKind::Prohibition => DutyKind::Prohibition,
                    },
                    bearer: d.bearer.as_ref().map(|b| b.name.name.clone()),
                    applies: self.duty_applies(file, article_applies, d.applies.as_ref())?,
                    condition: self.clause(file, cond)?,
                    due: match (&d.due, &cond.kind) {
                        (Some(e), _) => Some(self.clause(file, e)?),
                        // The due date a deadline derives: the same clause.
                        (None, ExprKind::Deadline(_)) => {
                            let c = self.clause(file, cond)?;
                            match c.expr {
                                Ex::Deadline(x) => Some(Clause {
                                    expr: Ex::DueOf(x),
                                    ..c
                                }),
                                _ => None,
                            }
                        }
                        (None, _) => None,
                    },
                    deadline: d.due.is_none() && matches!(cond.kind, ExprKind::Deadline(_)),
                    exemptions: self.unless(pack, file, &d.unless)?,
                };
                program.duties.push(duty);
            }
            ast::Rule::Penalty(p) => {
                let mut triggers = Vec::new();
                for t in &p.triggers {
                    let span = t.target.span();
                    let duties = match self.model.refs.get(&(file, span)) {
                        Some(Ref::Rules(ids)) => ids
                            .iter()
                            .map(|i| self.idx(*i))
                            .collect::<Result<Vec<_>, _>>()?,
                        _ => return err("unresolved trigger"),
                    };
                    triggers.push(TriggerRule {
                        duties,
                        cite: t.cite.as_ref().map(|c| self.cite(pack, c, None)),
                        text: slice(self.text, file, span),
                    });
                }
                let mut gives_way = Vec::new();
                for g in &p.gives_way {
                    let to = match self.model.refs.get(&(file, g.to.span)) {
                        Some(Ref::Rules(ids)) if ids.len() == 1 => self.idx(ids[0])?,
                        _ => return err("unresolved `gives way to`"),
                    };
                    let mut duties = Vec::new();
                    for r in &g.rules {
                        if let Some(Ref::Rules(ids)) = self.model.refs.get(&(file, r.span())) {
                            for i in ids {
                                duties.push(self.idx(*i)?);
                            }
                        }
                    }
                    gives_way.push(GivesWayRule { to, duties });
                }
                let addressee = match &p.addressee {
                    Some(a) => self.party(file, a)?,
                    None => return err(format!("`{}` has no addressee", p.name.name)),
                };
                let escalated: Vec<SymbolId> = match &p.escalate {
                    Some(e) => e
                        .fines
                        .iter()
                        .map(|f| self.party(file, &f.party))
                        .collect::<Result<_, _>>()?,
                    None => Vec::new(),
                };
                let mut fines = Vec::new();
                for f in &p.fines {
                    let party = self.party(file, &f.party)?;
                    fines.push(self.fine(file, f, addressee, escalated.contains(&party))?);
                }
                let escalate = match &p.escalate {
                    Some(e) => Some((
                        self.clause(file, &e.condition)?,
                        e.fines
                            .iter()
                            .map(|f| self.fine(file, f, addressee, false))
                            .collect::<Result<Vec<_>, _>>()?,
                    )),
                    None => None,
                };
                let mut meta = self.meta(id, p.title.as_ref(), p.cite.as_ref());
                meta.readings = self.readings(pack, &p.readings);
                program.penalties.push(PenaltyRule {
                    meta,
                    addressee: self.model.symbol(addressee).name.clone(),
                    triggers,
                    gives_way,
                    measures: p.measures.iter().map(|m| m.name.name.clone()).collect(),
                    fines,
                    escalate,
                    exemptions: self.unless(pack, file, &p.unless)?,
                });
            }
            ast::Rule::Exception(e) => {
                let Some(when) = &e.when else {
                    return err(format!("`{}` has no condition", e.name.name));
                };
                let mut meta = self.meta(id, e.title.as_ref(), e.cite.as_ref());
                meta.readings = self.readings(pack, &e.readings);
                program.exceptions.push(ExceptionRule {
                    meta,
                    when: self.clause(file, when)?,
                    instead: text2(e.instead.as_ref()),
                });
            }
            ast::Rule::Extension(e) => {
                let Some(key) = &e.key else {
                    return err(format!("`{}` has no key", e.name.name));
                };
                program.extensions.push(ExtensionRule {
                    meta: self.meta(id, e.title.as_ref(), None),
                    key: self.clause(file, key)?,
                    impls: HashMap::new(),
                    default: match &e.default {
                        Some(d) => Some(self.clause(file, d)?),
                        None => None,
                    },
                });
            }
        }
        Ok(())
    }

    fn unless(
        &mut self,
        pack: usize,
        file: FileId,
        unless: &[ast::Unless],
    ) -> Result<Vec<Exemption>, CompileError> {
        unless
            .iter()
            .map(|u| {
                let cite = u
                    .cite
                    .as_ref()
                    .map(|c| self.cite(pack, c, None))
                    .unwrap_or_default();
                Ok(Exemption::Inline(self.clause(file, &u.condition)?, cite))
            })
            .collect()
    }

    /// The party a name in a penalty resolved to.
    fn party(&self, file: FileId, p: &ast::PathName) -> Result<SymbolId, CompileError> {
        match self.model.refs.get(&(file, p.span)) {
            Some(Ref::Party(id)) => Ok(*id),
            _ => err(format!("unresolved party `{}`", p.display())),
        }
    }

    fn fine(
        &mut self,
        file: FileId,
        f: &ast::Fine,
        addressee: SymbolId,
        replaced_on_escalation: bool,
    ) -> Result<FineRule, CompileError> {
        let party = self.party(file, &f.party)?;
        // The facility's operator is the party named `operator`; a penalty
        // addressed to it (or to a kind of it) fines the operator itself,
        // and its parties `of addressee` are the operator's persons.
        let operator = self.model.symbol(addressee).name == "operator"
            || self.model.symbols.iter().enumerate().any(|(i, s)| {
                s.kind == SymbolKind::Party
                    && s.name == "operator"
                    && self.model.party_within(addressee, SymbolId(i as u32))
            });
        let whose = match (operator, self.model.party_of_addressee(party)) {
            (true, false) => Whose::Operator,
            (true, true) => Whose::OperatorPersons,
            (false, _) => Whose::ThirdParty,
        };
        let amount = match &f.amount {
            ast::FineAmount::Fixed { min, max, .. } => FineAmount::Fixed {
                min: *min,
                max: *max,
            },
            ast::FineAmount::Multiple {
                min, max, basis, ..
            } => FineAmount::Multiple {
                min: *min,
                max: *max,
                basis: self.clause(file, basis)?,
            },
        };
        Ok(FineRule {
            party: self.model.symbol(party).name.clone(),
            whose,
            discretionary: f.discretionary,
            replaced_on_escalation,
            amount,
        })
    }

    fn implementations(
        &mut self,
        packs: &[CheckPack],
        program: &mut Program,
    ) -> Result<(), CompileError> {
        for (pack, input) in packs.iter().enumerate() {
            for (file, source) in &input.files {
                for item in &source.items {
                    let Item::Implement(imp) = item else { continue };
                    let Some(Ref::Extension(ext)) =
                        self.model.refs.get(&(*file, imp.extension.span))
                    else {
                        continue;
                    };
                    let ext_index = self.idx(*ext)?;
                    let key_enum = self.key_enum(&program.extensions[ext_index as usize].key);
                    self.scope.clear();
                    let mut locals = Vec::new();
                    for d in &imp.defines {
                        let clause = self.clause(*file, &d.value)?;
                        self.scope.push(d.name.name.clone());
                        locals.push((d.name.name.clone(), clause));
                    }
                    for f in &imp.factors {
                        let clause = self.clause(*file, &f.value)?;
                        self.scope.push(f.name.name.clone());
                        locals.push((f.name.name.clone(), clause));
                    }
                    let Some(decide) = &imp.decide else {
                        return err("implementation without `decide`");
                    };
                    let decide = self.clause(*file, decide)?;
                    self.scope.clear();
                    let rule = ImplRule {
                        pack: self.model.packs[pack].ident.clone(),
                        title: text2(imp.title.as_ref()),
                        source: text2(imp.source.as_ref()),
                        factor_count: imp.factors.len(),
                        locals,
                        decide,
                    };
                    for key in &imp.keys {
                        // The checker's resolution of the key, as for any
                        // variant.
                        let variant = match self.model.refs.get(&(*file, key.span)) {
                            Some(Ref::Variant(e, i)) if Some(*e) == key_enum => Some(*i),
                            _ => None,
                        };
                        if let Some(v) = variant {
                            program.extensions[ext_index as usize]
                                .impls
                                .insert(v as u32, rule.clone());
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// The enum an extension's key reads (its key is a fact of enum type).
    fn key_enum(&self, key: &Clause) -> Option<SymbolId> {
        match &key.expr {
            Ex::Fact(slot) => match &self.schema.fact(*slot)?.ty {
                Type::Enum(id) => Some(*id),
                _ => None,
            },
            _ => None,
        }
    }

    fn order(&self, program: &Program) -> Result<Vec<Node>, CompileError> {
        let graph = &self.model.graph.graph;
        let Ok(sorted) = petgraph::algo::toposort(graph, None) else {
            return err("the rules depend on each other in a cycle");
        };
        let mut order = Vec::new();
        for n in sorted.into_iter().rev() {
            let id = graph[n];
            let Some((kind, i)) = self.index.get(&id) else {
                continue;
            };
            let node = match kind {
                SymbolKind::Define | SymbolKind::Determination => Node::Value(*i),
                SymbolKind::Obligation | SymbolKind::Prohibition => Node::Duty(*i),
                SymbolKind::Penalty => Node::Penalty(*i),
                SymbolKind::Exception => Node::Exception(*i),
                SymbolKind::Extension => Node::Extension(*i),
                _ => continue,
            };
            order.push(node);
        }
        let total = program.values.len()
            + program.duties.len()
            + program.penalties.len()
            + program.exceptions.len()
            + program.extensions.len();
        if order.len() != total {
            return err("some rules are missing from the dependency graph");
        }
        Ok(order)
    }

    /// A duty's `applies when`: its article's condition (if any) and then
    /// its own, as if written `ARTICLE and OWN`.
    fn duty_applies(
        &mut self,
        file: FileId,
        article: Option<&Expr>,
        own: Option<&Expr>,
    ) -> Result<Option<Clause>, CompileError> {
        Ok(match (article, own) {
            (None, None) => None,
            (Some(e), None) | (None, Some(e)) => Some(self.clause(file, e)?),
            (Some(a), Some(o)) => {
                let (ca, co) = (self.clause(file, a)?, self.clause(file, o)?);
                let text = |c: &Clause, e: &Expr| match e.kind {
                    ExprKind::Binary(BinaryOp::Or, ..) => format!("({})", c.text),
                    _ => c.text.clone(),
                };
                let mut reads = ca.reads.clone();
                reads.extend(co.reads.iter().copied());
                reads.sort();
                reads.dedup();
                Some(Clause {
                    text: format!("{} and {}", text(&ca, a), text(&co, o)),
                    expr: Ex::And(Box::new(ca.expr), Box::new(co.expr)),
                    reads,
                })
            }
        })
    }

    fn clause(&mut self, file: FileId, e: &Expr) -> Result<Clause, CompileError> {
        let mut reads = Vec::new();
        let expr = self.expr(file, e, &mut reads)?;
        reads.sort();
        reads.dedup();
        Ok(Clause {
            text: slice(self.text, file, e.span),
            expr,
            reads,
        })
    }

    fn resolved(&self, file: FileId, span: TextRange) -> Result<&Ref, CompileError> {
        match self.model.refs.get(&(file, span)) {
            Some(r) => Ok(r),
            None => err(format!(
                "`{}` was not resolved",
                slice(self.text, file, span)
            )),
        }
    }

    fn expr(&mut self, file: FileId, e: &Expr, reads: &mut Vec<Read>) -> Result<Ex, CompileError> {
        let b = |x: Ex| Box::new(x);
        Ok(match &e.kind {
            ExprKind::Bool(v) => Ex::Const(Value::Bool(*v)),
            ExprKind::Int(v) => Ex::Const(Value::Int(*v)),
            ExprKind::Decimal(v) => Ex::Const(Value::Decimal(*v)),
            ExprKind::Money(v) => Ex::Const(Value::Money(*v)),
            ExprKind::Date(v) => Ex::Const(Value::Date(*v)),
            ExprKind::Duration(d) => Ex::Const(Value::Duration(duration(*d))),
            ExprKind::Deadline(d) => {
                let period = |p: &Expr| match &p.kind {
                    ExprKind::Duration(d) => Ok(duration(*d)),
                    _ => err("a deadline's period is a duration literal"),
                };
                Ex::Deadline(Box::new(match &**d {
                    ast::Deadline::Within {
                        done,
                        period: p,
                        start,
                    } => DeadlineEx::Within {
                        done: self.expr(file, done, reads)?,
                        period: period(p)?,
                        start: self.expr(file, start, reads)?,
                    },
                    ast::Deadline::Every {
                        period: p,
                        last,
                        first,
                    } => DeadlineEx::Every {
                        period: match &p.kind {
                            ExprKind::Duration(d) => Period::Fixed(duration(*d)),
                            _ => Period::Computed(self.expr(file, p, reads)?),
                        },
                        last: self.expr(file, last, reads)?,
                        first: match first {
                            Some((fp, start)) => {
                                Some((period(fp)?, self.expr(file, start, reads)?))
                            }
                            None => None,
                        },
                    },
                }))
            }
            ExprKind::Text(t) => Ex::Const(Value::Text(Arc::from(t.as_str()))),
            ExprKind::AsOf => Ex::AsOf,
            ExprKind::Variant(v) => match self.resolved(file, v.span)? {
                Ref::Variant(_, i) => Ex::Const(Value::Enum(*i as u32)),
                _ => return err("variant expected"),
            },
            ExprKind::Field(base, field) => {
                if matches!(base.kind, ExprKind::Facility) {
                    match self.resolved(file, field.span)? {
                        Ref::Fact(id) => {
                            let Some(&slot) = self.fact_slots.get(id) else {
                                let name = &self.model.symbol(*id).name;
                                return err(format!("fact `{name}` has no slot"));
                            };
                            reads.push(Read::Fact(slot));
                            Ex::Fact(slot)
                        }
                        _ => return err("fact expected"),
                    }
                } else {
                    let base = self.expr(file, base, reads)?;
                    match self.resolved(file, field.span)? {
                        Ref::Field(_, i) => Ex::Field(b(base), *i as u32),
                        _ => return err("field expected"),
                    }
                }
            }
            ExprKind::Name(path) => match self.resolved(file, path.span)? {
                Ref::Value(id) => {
                    let i = self.idx(*id)?;
                    reads.push(Read::Value(i));
                    Ex::Value(i)
                }
                Ref::Local(i) => Ex::Local(*i as u32),
                _ => return err(format!("`{}` is not a value", path.display())),
            },
            ExprKind::IsAbsent(x) => Ex::IsAbsent(b(self.expr(file, x, reads)?)),
            ExprKind::Unary(op, x) => {
                let x = self.expr(file, x, reads)?;
                match op {
                    UnaryOp::Not => Ex::Not(b(x)),
                    UnaryOp::Neg => Ex::Neg(b(x)),
                }
            }
            ExprKind::Binary(op, l, r) => {
                let (l, r) = (self.expr(file, l, reads)?, self.expr(file, r, reads)?);
                match op {
                    BinaryOp::Or => Ex::Or(b(l), b(r)),
                    BinaryOp::And => Ex::And(b(l), b(r)),
                    BinaryOp::Eq => Ex::Cmp(Cmp::Eq, b(l), b(r)),
                    BinaryOp::Ne => Ex::Cmp(Cmp::Ne, b(l), b(r)),
                    BinaryOp::Lt => Ex::Cmp(Cmp::Lt, b(l), b(r)),
                    BinaryOp::Le => Ex::Cmp(Cmp::Le, b(l), b(r)),
                    BinaryOp::Gt => Ex::Cmp(Cmp::Gt, b(l), b(r)),
                    BinaryOp::Ge => Ex::Cmp(Cmp::Ge, b(l), b(r)),
                    BinaryOp::In => Ex::In(b(l), b(r)),
                    BinaryOp::Otherwise => Ex::Otherwise(b(l), b(r)),
                    BinaryOp::Add => Ex::Arith(Arith::Add, b(l), b(r)),
                    BinaryOp::Sub => Ex::Arith(Arith::Sub, b(l), b(r)),
                    BinaryOp::Mul => Ex::Arith(Arith::Mul, b(l), b(r)),
                    BinaryOp::Div => Ex::Arith(Arith::Div, b(l), b(r)),
                }
            }
            ExprKind::If(c, t, f) => Ex::If(
                b(self.expr(file, c, reads)?),
                b(self.expr(file, t, reads)?),
                b(self.expr(file, f, reads)?),
            ),
            ExprKind::List(items) => {
                let items: Vec<Ex> = items
                    .iter()
                    .map(|i| self.expr(file, i, reads))
                    .collect::<Result<_, _>>()?;
                // A list of constants (`[.high, .critical]`) is a constant:
                // built once here, not at every evaluation.
                let constants: Option<Vec<Value>> = items
                    .iter()
                    .map(|i| match i {
                        Ex::Const(v) => Some(v.clone()),
                        _ => None,
                    })
                    .collect();
                match constants {
                    Some(values) => Ex::Const(Value::List(Arc::from(values))),
                    None => Ex::List(items),
                }
            }
            ExprKind::Quantifier(q) => {
                let list = self.expr(file, &q.list, reads)?;
                self.scope.push(q.var.name.clone());
                let filter = q
                    .filter
                    .as_ref()
                    .map(|f| self.expr(file, f, reads))
                    .transpose()?
                    .map(b);
                let body = q
                    .body
                    .as_ref()
                    .map(|f| self.expr(file, f, reads))
                    .transpose()?
                    .map(b);
                self.scope.pop();
                let kind = match q.kind {
                    QuantKind::Any => Quant::Any,
                    QuantKind::All => Quant::All,
                    QuantKind::Count => Quant::Count,
                    QuantKind::Sum => Quant::Sum,
                };
                Ex::Quant {
                    kind,
                    list: b(list),
                    filter,
                    body,
                }
            }
            ExprKind::Call(callee, args) => self.call(file, callee, args, reads)?,
            ExprKind::Citation(_) | ExprKind::Facility => return err("not a value"),
        })
    }

    fn call(
        &mut self,
        file: FileId,
        callee: &ast::PathName,
        args: &[Expr],
        reads: &mut Vec<Read>,
    ) -> Result<Ex, CompileError> {
        let name = callee.name.name.as_str();
        let rules =
            |c: &mut Self, arg: &Expr, reads: &mut Vec<Read>| -> Result<Vec<u32>, CompileError> {
                let span = match &arg.kind {
                    ExprKind::Name(p) => p.span,
                    ExprKind::Citation(ci) => ci.span,
                    _ => return err("rule expected"),
                };
                let ids = match c.resolved(file, span)? {
                    Ref::Rules(ids) => ids.clone(),
                    _ => return err("rule expected"),
                };
                let mut out = Vec::new();
                for id in ids {
                    let (kind, i) = *c
                        .index
                        .get(&id)
                        .ok_or_else(|| CompileError("rule not compiled".into()))?;
                    reads.push(if kind == SymbolKind::Penalty {
                        Read::Penalty(i)
                    } else {
                        Read::Duty(i)
                    });
                    out.push(i);
                }
                Ok(out)
            };
        if callee.pack.is_none() {
            match (name, args) {
                ("violated", [a]) => return Ok(Ex::Violated(rules(self, a, reads)?)),
                ("satisfied", [a]) => return Ok(Ex::Satisfied(rules(self, a, reads)?)),
                ("applies", [a]) => return Ok(Ex::Applies(rules(self, a, reads)?)),
                ("triggered", [a]) => {
                    let ids = rules(self, a, reads)?;
                    return match ids.as_slice() {
                        [one] => Ok(Ex::Triggered(*one)),
                        _ => err("`triggered` names one penalty"),
                    };
                }
                ("known", [a]) => return Ok(Ex::Known(Box::new(self.expr(file, a, reads)?))),
                ("min" | "max", [a, c]) => {
                    let (a, c) = (
                        Box::new(self.expr(file, a, reads)?),
                        Box::new(self.expr(file, c, reads)?),
                    );
                    return Ok(if name == "min" {
                        Ex::Min(a, c)
                    } else {
                        Ex::Max(a, c)
                    });
                }
                _ => {}
            }
        }
        match self.resolved(file, callee.span)? {
            Ref::Extension(id) => {
                let i = self.idx(*id)?;
                reads.push(Read::Extension(i));
                Ok(Ex::Extension(i))
            }
            _ => err(format!("`{}` cannot be called", callee.display())),
        }
    }
}

fn duration(d: ast::DurationLit) -> Dur {
    let n = i32::try_from(d.amount).unwrap_or(i32::MAX);
    match d.unit {
        ast::DurationUnit::Day => Dur { months: 0, days: n },
        ast::DurationUnit::Week => Dur {
            months: 0,
            days: n.saturating_mul(7),
        },
        ast::DurationUnit::Month => Dur { months: n, days: 0 },
        ast::DurationUnit::Year => Dur {
            months: n.saturating_mul(12),
            days: 0,
        },
    }
}

fn slice<'t>(text: &dyn Fn(FileId) -> &'t str, file: FileId, span: TextRange) -> String {
    text(file)
        .get(span.as_range())
        .unwrap_or_default()
        .to_owned()
}

fn kind_of(rule: &ast::Rule) -> SymbolKind {
    match rule {
        ast::Rule::Duty(d) if d.kind == ast::DutyKind::Obligation => SymbolKind::Obligation,
        ast::Rule::Duty(_) => SymbolKind::Prohibition,
        ast::Rule::Penalty(_) => SymbolKind::Penalty,
        ast::Rule::Define(_) => SymbolKind::Define,
        ast::Rule::Determination(_) => SymbolKind::Determination,
        ast::Rule::Extension(_) => SymbolKind::Extension,
        ast::Rule::Exception(_) => SymbolKind::Exception,
    }
}

/// Which table of the program a kind of rule lives in.
fn table_of(kind: SymbolKind) -> &'static str {
    match kind {
        SymbolKind::Define | SymbolKind::Determination => "values",
        SymbolKind::Obligation | SymbolKind::Prohibition => "duties",
        SymbolKind::Penalty => "penalties",
        SymbolKind::Exception => "exceptions",
        _ => "extensions",
    }
}
