//! Phase 1, after collecting: what items read of each other's bodies,
//! computed once for all of them. Definitions and determinations are
//! checked here, in dependency order, so that their types are known where
//! they are used; extension points get their return type, factors and key
//! enum; parties their scopes; definitions whether they read the facility.

use std::collections::{HashMap, HashSet};

use tiaoli_diagnostics::{Code, Diagnostic, msg};
use tiaoli_syntax::ast::{self, Expr, ExprKind, Item};
use tiaoli_text::{FileId, TextRange};

use crate::CheckPack;
use crate::collect::resolve_type;
use crate::graph::Uses;
use crate::infer::{ExprCx, LocalScope};
use crate::model::{Model, Ref, SymbolId};
use crate::rules::{resolve_party, walk, walk_ref};
use crate::scope::{ExtensionSig, PendingLabel};
use crate::types::Type;

/// A definition or determination body, by symbol.
#[derive(Clone, Copy)]
enum ValueBody<'a> {
    Define(&'a ast::Define),
    Determination(&'a ast::Determination),
}

impl<'a> ValueBody<'a> {
    fn value(self) -> Option<&'a Expr> {
        match self {
            ValueBody::Define(d) => Some(&d.value),
            ValueBody::Determination(d) => d.value.as_ref(),
        }
    }
}

pub(crate) struct Signatures<'a> {
    packs: &'a [CheckPack],
    model: &'a mut Model,
    diagnostics: &'a mut Vec<Diagnostic>,
    uses: &'a mut Uses,
    pending: &'a mut Vec<PendingLabel>,
    values: HashMap<SymbolId, (usize, FileId, ValueBody<'a>)>,
    done: HashSet<SymbolId>,
}

impl<'a> Signatures<'a> {
    pub fn new(
        packs: &'a [CheckPack],
        model: &'a mut Model,
        diagnostics: &'a mut Vec<Diagnostic>,
        uses: &'a mut Uses,
        pending: &'a mut Vec<PendingLabel>,
    ) -> Self {
        Self {
            packs,
            model,
            diagnostics,
            uses,
            pending,
            values: HashMap::new(),
            done: HashSet::new(),
        }
    }

    /// Everything above; gives each extension point's signature and, per
    /// definition, whether it reads the facility.
    pub fn run(mut self) -> (HashMap<SymbolId, ExtensionSig>, HashMap<SymbolId, bool>) {
        self.index_values();
        self.declare_extension_types();
        let mut ids: Vec<SymbolId> = self.values.keys().copied().collect();
        ids.sort();
        for id in self.value_order(&ids) {
            self.check_value(id);
        }
        let packs = self.packs;
        for (pack, input) in packs.iter().enumerate() {
            for (file, source) in &input.files {
                for item in &source.items {
                    if let Item::Party(d) = item {
                        self.check_party(pack, *file, d);
                    }
                }
            }
        }
        let extensions = self.extension_sigs();
        let mut reads = HashMap::new();
        let mut ids: Vec<SymbolId> = self.values.keys().copied().collect();
        ids.sort();
        for id in ids {
            self.value_reads_facility(id, &mut reads, &mut HashSet::new());
        }
        (extensions, reads)
    }

    /// The symbol declared by `name` at `span` in `file` of `pack`,
    /// including one that lost a duplicate-name contest (its body is still
    /// checked).
    fn symbol_at(
        &self,
        pack: usize,
        file: FileId,
        name: &str,
        span: TextRange,
    ) -> Option<SymbolId> {
        let winner = *self.model.packs[pack].values.get(name)?;
        let w = self.model.symbol(winner);
        if (w.file, w.span) == (file, span) {
            return Some(winner);
        }
        self.model.declared_at(file, span)
    }

    fn cx(&mut self, pack: usize, file: FileId, from: Option<SymbolId>) -> ExprCx<'_> {
        ExprCx {
            model: self.model,
            pack,
            file,
            from,
            diagnostics: self.diagnostics,
            pending: self.pending,
            uses: self.uses,
            scope: LocalScope::default(),
            units: HashMap::new(),
        }
    }

    fn party(&mut self, pack: usize, file: FileId, path: &ast::PathName) -> Option<SymbolId> {
        resolve_party(self.model, self.uses, self.diagnostics, pack, file, path)
    }

    /// Every extension point of every pack, with its symbol (one that lost
    /// a duplicate-name contest included).
    fn extension_points(&self) -> Vec<(usize, FileId, &'a ast::Extension, SymbolId)> {
        let mut out = Vec::new();
        for (pack, input) in self.packs.iter().enumerate() {
            for (file, source) in &input.files {
                for item in &source.items {
                    let Item::Article(a) = item else { continue };
                    for rule in a.rules() {
                        if let ast::Rule::Extension(ext) = rule
                            && let Some(id) = self.symbol_at(pack, *file, &ext.name.name, ext.span)
                        {
                            out.push((pack, *file, ext, id));
                        }
                    }
                }
            }
        }
        out
    }

    /// Each extension point's factors, and the enum its key is (the key
    /// checked in the extension's own context, its diagnostics left to the
    /// extension's item).
    fn extension_sigs(&mut self) -> HashMap<SymbolId, ExtensionSig> {
        let mut out = HashMap::new();
        for (pack, file, ext, id) in self.extension_points() {
            let key_enum = ext.key.as_ref().and_then(|key| {
                let (mut scratch, mut pending, mut uses) = Default::default();
                let mut cx = ExprCx {
                    model: self.model,
                    pack,
                    file,
                    from: None,
                    diagnostics: &mut scratch,
                    pending: &mut pending,
                    uses: &mut uses,
                    scope: LocalScope::default(),
                    units: HashMap::new(),
                };
                match cx.infer(key) {
                    Type::Enum(id) => Some(id),
                    _ => None,
                }
            });
            let factors = ext.factors.iter().map(|f| f.name.name.clone()).collect();
            // The first declaration of a duplicated name wins.
            out.entry(id).or_insert(ExtensionSig { factors, key_enum });
        }
        out
    }

    /// Whether a definition's value depends on the facility: reads a fact,
    /// directly or through another definition, or calls a rule or an
    /// extension point. Anything unresolved counts as reading it, so that
    /// only a value that is surely constant is reported; a cycle (G001)
    /// counts as not reading it.
    fn value_reads_facility(
        &self,
        id: SymbolId,
        memo: &mut HashMap<SymbolId, bool>,
        visiting: &mut HashSet<SymbolId>,
    ) -> bool {
        if let Some(&known) = memo.get(&id) {
            return known;
        }
        let Some(&(_, file, body)) = self.values.get(&id) else {
            return true;
        };
        let Some(expr) = body.value() else {
            return true;
        };
        if !visiting.insert(id) {
            return false;
        }
        let mut names: Vec<&ast::PathName> = Vec::new();
        let mut facility = false;
        walk_ref(expr, &mut |x| match &x.kind {
            ExprKind::Facility | ExprKind::Citation(_) | ExprKind::Call(..) => facility = true,
            ExprKind::Name(p) => names.push(p),
            _ => {}
        });
        let reads = facility
            || names
                .into_iter()
                .any(|p| match self.uses.refs.get(&(file, p.span)) {
                    Some(Ref::Value(v)) => self.value_reads_facility(*v, memo, visiting),
                    Some(Ref::Local(_)) => false,
                    _ => true,
                });
        visiting.remove(&id);
        memo.insert(id, reads);
        reads
    }

    /// `party x in y` / `party x of addressee`: resolves `y`.
    fn check_party(&mut self, pack: usize, file: FileId, d: &ast::LabelledDecl) {
        let Some(&id) = self.model.packs[pack].parties.get(&d.name.name) else {
            return;
        };
        if (self.model.symbol(id).file, self.model.symbol(id).span) != (file, d.span) {
            return;
        }
        match &d.scope {
            Some(ast::PartyScope::In(up)) => {
                if let Some(up_id) = self.party(pack, file, up) {
                    if self.model.party_within(up_id, id) {
                        let name = &d.name.name;
                        self.diagnostics.push(
                            Diagnostic::new(
                                Code::N017,
                                msg!(
                                    en: "party `{name}` is declared in itself",
                                    zh: "主体 `{name}` 被声明为属于其自身"
                                ),
                            )
                            .with_primary(
                                file,
                                up.span,
                                msg!(
                                    en: "this leads back to the party",
                                    zh: "由此又回到该主体"
                                ),
                            )
                            .with_help(msg!(
                                en: "a party is `in` a broader party, never in one of its own kinds",
                                zh: "主体只能 `in` 一个更宽泛的主体，不能 `in` 其自身的下位类别"
                            )),
                        );
                    } else {
                        self.model
                            .party_scopes
                            .insert(id, crate::model::PartyScope::In(up_id));
                    }
                }
            }
            Some(ast::PartyScope::OfAddressee(_)) => {
                self.model
                    .party_scopes
                    .insert(id, crate::model::PartyScope::OfAddressee);
            }
            None => {}
        }
    }

    fn index_values(&mut self) {
        let packs = self.packs;
        for (pack, input) in packs.iter().enumerate() {
            for (file, source) in &input.files {
                for item in &source.items {
                    let bodies: Vec<ValueBody<'a>> = match item {
                        Item::Define(d) => vec![ValueBody::Define(d)],
                        Item::Determination(d) => vec![ValueBody::Determination(d)],
                        Item::Article(a) => a
                            .rules()
                            .filter_map(|r| match r {
                                ast::Rule::Define(d) => Some(ValueBody::Define(d)),
                                ast::Rule::Determination(d) => Some(ValueBody::Determination(d)),
                                _ => None,
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    for body in bodies {
                        let (name, span) = match body {
                            ValueBody::Define(d) => (&d.name.name, d.span),
                            ValueBody::Determination(d) => (&d.name.name, d.span),
                        };
                        if let Some(id) = self.symbol_at(pack, *file, name, span) {
                            self.values.insert(id, (pack, *file, body));
                        }
                    }
                }
            }
        }
    }

    fn declare_extension_types(&mut self) {
        for (pack, file, ext, id) in self.extension_points() {
            let ty = match &ext.returns {
                Some(t) => resolve_type(
                    self.model,
                    pack,
                    file,
                    t,
                    self.diagnostics,
                    &mut self.uses.occurrences,
                ),
                None => {
                    let name = &ext.name.name;
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::R006,
                            msg!(
                                en: "extension point `{name}` does not say what it returns",
                                zh: "扩展点 `{name}` 未说明其返回类型"
                            ),
                        )
                        .with_primary(
                            file,
                            ext.name.span,
                            msg!(en: "no `returns`", zh: "没有 `returns`"),
                        )
                        .with_help(msg!(
                            en: "add e.g. `returns bool`",
                            zh: "请添加例如 `returns bool`"
                        )),
                    );
                    Type::Error
                }
            };
            self.model.symbols[id.0 as usize].ty = ty;
        }
    }

    /// Definitions and determinations, each after the ones it reads
    /// (an iterative depth-first order: long chains of definitions must not
    /// exhaust the stack). Cycles are cut here and reported by the graph.
    fn value_order(&self, roots: &[SymbolId]) -> Vec<SymbolId> {
        let mut order = Vec::new();
        let mut seen: HashSet<SymbolId> = HashSet::new();
        for &root in roots {
            let mut stack = vec![(root, false)];
            while let Some((id, expanded)) = stack.pop() {
                if expanded {
                    order.push(id);
                    continue;
                }
                if !seen.insert(id) {
                    continue;
                }
                stack.push((id, true));
                let Some(&(pack, _, body)) = self.values.get(&id) else {
                    continue;
                };
                let expr = match body {
                    ValueBody::Define(d) => Some(&d.value),
                    ValueBody::Determination(d) => d.value.as_ref(),
                };
                for dep in expr.map(syntactic_names).unwrap_or_default() {
                    let packs =
                        std::iter::once(pack).chain(self.model.packs[pack].deps.iter().copied());
                    for p in packs {
                        if let Some(&dep_id) = self.model.packs[p].values.get(&dep)
                            && self.values.contains_key(&dep_id)
                            && !seen.contains(&dep_id)
                        {
                            stack.push((dep_id, false));
                        }
                    }
                }
            }
        }
        order
    }

    /// Checks a definition or determination (after the ones it reads).
    fn check_value(&mut self, id: SymbolId) {
        if !self.done.insert(id) {
            return;
        }
        let Some(&(pack, file, body)) = self.values.get(&id) else {
            return;
        };
        let ty = match body {
            ValueBody::Define(d) => {
                let declared = d.ty.as_ref().map(|t| {
                    resolve_type(
                        self.model,
                        pack,
                        file,
                        t,
                        self.diagnostics,
                        &mut self.uses.occurrences,
                    )
                });
                let mut cx = self.cx(pack, file, Some(id));
                match &declared {
                    Some(t) => {
                        cx.expect(&d.value, t, &crate::rules::value_of(&d.name.name));
                        t.clone()
                    }
                    None => cx.infer(&d.value),
                }
            }
            ValueBody::Determination(d) => {
                let name = &d.name.name;
                match &d.value {
                    Some(v) => {
                        self.cx(pack, file, Some(id)).expect(
                            v,
                            &Type::Bool,
                            &msg!(en: "a determination", zh: "判定的值"),
                        );
                    }
                    None => self.diagnostics.push(
                        Diagnostic::new(
                            Code::R002,
                            msg!(
                                en: "determination `{name}` has no `value`",
                                zh: "判定 `{name}` 没有 `value`"
                            ),
                        )
                        .with_primary(
                            file,
                            d.name.span,
                            msg!(en: "what does it decide?", zh: "它判定什么？"),
                        )
                        .with_help(msg!(
                            en: "add `value <bool expression>`",
                            zh: "请添加 `value <布尔表达式>`"
                        )),
                    ),
                }
                if d.title.is_none() {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::R008,
                            msg!(
                                en: "determination `{name}` has no title",
                                zh: "判定 `{name}` 没有标题"
                            ),
                        )
                        .with_primary(
                            file,
                            d.name.span,
                            msg!(
                                en: "reports show determinations by title",
                                zh: "报告按标题显示判定"
                            ),
                        )
                        .with_help(msg!(
                            en: "add `title zh \"…\" en \"…\"`",
                            zh: "请添加 `title zh \"…\" en \"…\"`"
                        )),
                    );
                }
                Type::Bool
            }
        };
        self.model.symbols[id.0 as usize].ty = ty;
    }
}

/// Names a body mentions (for ordering definitions before their users).
fn syntactic_names(e: &Expr) -> Vec<String> {
    let mut out = Vec::new();
    walk(e, &mut |e| match &e.kind {
        ExprKind::Name(p) => out.push(p.name.name.clone()),
        ExprKind::Call(p, _) => out.push(p.name.name.clone()),
        _ => {}
    });
    out
}
