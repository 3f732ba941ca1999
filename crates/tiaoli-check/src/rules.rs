//! Phase 2: one item's bodies — rules, citations, implementations, tests —
//! against the scope. Reads nothing of other items but through the scope.

use std::collections::{HashMap, HashSet};

use tiaoli_diagnostics::{Code, Diagnostic, Msg, msg};
use tiaoli_syntax::ast::{self, Expr, ExprKind, Item, RuleRef};
use tiaoli_text::{FileId, TextRange};

use crate::collect::{qualifier, resolve_type};
use crate::defs::{Def, used};
use crate::graph::Uses;
use crate::infer::{ExprCx, LocalScope, check_citation, wrong_kind, wrong_kind_label};
use crate::model::{Model, Ref, SymbolId, SymbolKind};
use crate::scope::{Addressed, ItemResult, LOCAL_SYMBOLS, PendingLabel, Scope};
use crate::suggest::closest;
use crate::types::Type;

pub(crate) struct RuleChecker<'a> {
    scope: &'a Scope,
    model: &'a Model,
    /// The item's own declarations: (whole span, symbol).
    own: &'a [(TextRange, SymbolId)],
    diagnostics: Vec<Diagnostic>,
    pending: Vec<PendingLabel>,
    uses: Uses,
    out: ItemResult,
}

impl<'a> RuleChecker<'a> {
    pub fn new(scope: &'a Scope, own: &'a [(TextRange, SymbolId)]) -> Self {
        Self {
            scope,
            model: &scope.model,
            own,
            diagnostics: Vec::new(),
            pending: Vec::new(),
            uses: Uses::default(),
            out: ItemResult::default(),
        }
    }

    pub fn finish(self) -> ItemResult {
        ItemResult {
            diagnostics: self.diagnostics,
            pending: self.pending,
            uses: self.uses,
            ..self.out
        }
    }

    /// The symbol the item declares at `span` (one that lost a
    /// duplicate-name contest included: its body is still checked).
    fn symbol_at(&self, span: TextRange) -> Option<SymbolId> {
        self.own.iter().find(|(s, _)| *s == span).map(|(_, id)| *id)
    }

    fn cx(&mut self, pack: usize, file: FileId, from: Option<SymbolId>) -> ExprCx<'_> {
        ExprCx {
            model: self.model,
            pack,
            file,
            from,
            diagnostics: &mut self.diagnostics,
            pending: &mut self.pending,
            uses: &mut self.uses,
            scope: LocalScope::default(),
            units: HashMap::new(),
        }
    }

    pub fn check_item(&mut self, pack: usize, file: FileId, item: &Item) {
        match item {
            Item::Article(a) => {
                for rule in a.rules() {
                    self.check_rule(pack, file, a.number.value, rule);
                }
                if let Some(cond) = a.applies() {
                    self.check_article_applies(pack, file, a, cond);
                }
            }
            Item::Fact(f) => self.check_cite(pack, file, f.cite.as_ref()),
            Item::Determination(d) => {
                self.check_cite(pack, file, d.cite.as_ref());
                for r in &d.readings {
                    self.check_cite(pack, file, r.cite.as_ref());
                }
            }
            Item::Implement(imp) => self.check_implement(pack, file, imp),
            Item::Test(t) => crate::test_decls::check_test(
                self.model,
                pack,
                file,
                t,
                &mut self.diagnostics,
                &mut self.pending,
                &mut self.uses,
            ),
            _ => {}
        }
    }

    /// A party name (N008 when undeclared), recorded as a [`Ref::Party`].
    fn party(&mut self, pack: usize, file: FileId, path: &ast::PathName) -> Option<SymbolId> {
        resolve_party(
            self.model,
            &mut self.uses,
            &mut self.diagnostics,
            pack,
            file,
            path,
        )
    }

    fn check_cite(&mut self, pack: usize, file: FileId, cite: Option<&ast::Citation>) {
        if let Some(c) = cite {
            check_citation(
                self.model,
                pack,
                file,
                c,
                &mut self.diagnostics,
                &mut self.uses.occurrences,
            );
        }
    }

    fn check_rule(&mut self, pack: usize, file: FileId, article: u32, rule: &ast::Rule) {
        for r in rule.readings() {
            self.check_cite(pack, file, r.cite.as_ref());
        }
        let Some(id) = self.symbol_at(rule.span()) else {
            return;
        };
        match rule {
            ast::Rule::Duty(d) => self.check_duty(pack, file, id, d),
            ast::Rule::Penalty(p) => self.check_penalty(pack, file, id, p),
            ast::Rule::Exception(e) => self.check_exception(pack, file, id, article, e),
            ast::Rule::Extension(e) => {
                if let Some(key) = &e.key {
                    let ty = self.cx(pack, file, Some(id)).infer(key);
                    if !matches!(ty, Type::Enum(_)) && !ty.is_error() {
                        let shown = ty.display(self.model).to_string();
                        self.diagnostics.push(
                            Diagnostic::new(
                                Code::T001,
                                msg!(
                                    en: "the key of an extension point must be an enum, found `{shown}`",
                                    zh: "扩展点的 `key` 必须是枚举，实际是 `{shown}`"
                                ),
                            )
                            .with_primary(
                                file,
                                key.span,
                                msg!(
                                    en: "implementations are chosen by this value",
                                    zh: "按此值选择实现"
                                ),
                            ),
                        );
                    }
                } else {
                    let name = &e.name.name;
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::R006,
                            msg!(
                                en: "extension point `{name}` has no `key`",
                                zh: "扩展点 `{name}` 没有 `key`"
                            ),
                        )
                        .with_primary(
                            file,
                            e.name.span,
                            msg!(
                                en: "which implementation applies to a facility?",
                                zh: "设施适用哪个实现？"
                            ),
                        )
                        .with_help(msg!(
                            en: "add e.g. `key facility.sector`",
                            zh: "请添加例如 `key facility.sector`"
                        )),
                    );
                }
                // The default is a value of the type the point returns.
                if let Some(default) = &e.default {
                    let ret = self.model.symbol(id).ty.clone();
                    let name = &e.name.name;
                    let what = msg!(en: "the default of `{name}`", zh: "`{name}` 的默认值");
                    let mut cx = self.cx(pack, file, Some(id));
                    if ret.is_error() {
                        cx.infer(default);
                    } else {
                        cx.expect(default, &ret, &what);
                    }
                }
            }
            ast::Rule::Determination(d) => self.check_cite(pack, file, d.cite.as_ref()),
            ast::Rule::Define(_) => {}
        }
    }

    /// An article's `applies when` is a condition of each of its duties:
    /// checked (and its reads recorded) as part of each one.
    fn check_article_applies(&mut self, pack: usize, file: FileId, a: &ast::Article, cond: &Expr) {
        let duties: Vec<SymbolId> = a
            .rules()
            .filter(|r| matches!(r, ast::Rule::Duty(_)))
            .filter_map(|r| self.symbol_at(r.span()))
            .collect();
        if duties.is_empty() {
            self.cx(pack, file, None)
                .expect(cond, &Type::Bool, &article_applies());
            return;
        }
        let (mut scratch, mut scratch_pending) = (Vec::new(), Vec::new());
        for (k, id) in duties.into_iter().enumerate() {
            // Report type errors once, not once per duty.
            let (diagnostics, pending) = if k == 0 {
                (&mut self.diagnostics, &mut self.pending)
            } else {
                (&mut scratch, &mut scratch_pending)
            };
            let mut cx = ExprCx {
                model: self.model,
                pack,
                file,
                from: Some(id),
                diagnostics,
                pending,
                uses: &mut self.uses,
                scope: LocalScope::default(),
                units: HashMap::new(),
            };
            cx.expect(cond, &Type::Bool, &article_applies());
        }
    }

    fn check_duty(&mut self, pack: usize, file: FileId, id: SymbolId, d: &ast::Duty) {
        self.check_cite(pack, file, d.cite.as_ref());
        let kw = d.kind.keyword();
        let kw_zh = match d.kind {
            ast::DutyKind::Obligation => SymbolKind::Obligation.describe_zh(),
            ast::DutyKind::Prohibition => SymbolKind::Prohibition.describe_zh(),
        };
        let name = &d.name.name;
        match &d.bearer {
            Some(b) => {
                if let Some(party) = self.party(pack, file, b) {
                    self.out.bearers.push((id, party));
                }
            }
            None => self.diagnostics.push(
                Diagnostic::new(
                    Code::R001,
                    msg!(en: "{kw} `{name}` has no bearer", zh: "{kw_zh} `{name}` 没有义务承担者"),
                )
                .with_primary(
                    file,
                    d.name.span,
                    msg!(en: "who bears this duty?", zh: "由谁承担此义务？"),
                )
                .with_help(msg!(
                    en: "add `bearer operator` (or another declared `party`)",
                    zh: "请添加 `bearer operator`（或另一个已声明的 `party`）"
                )),
            ),
        }
        let mut cx = self.cx(pack, file, Some(id));
        if let Some(a) = &d.applies {
            cx.expect(
                a,
                &Type::Bool,
                &msg!(en: "`applies when`", zh: "`applies when` 条件"),
            );
        }
        let what = if d.kind == ast::DutyKind::Obligation {
            "`requires`"
        } else {
            "`forbids`"
        };
        match &d.condition {
            Some(c) => {
                cx.expect(c, &Type::Bool, &msg!(en: "{what}", zh: "{what} 条件"));
            }
            None => {
                cx.diagnostics.push(
                    Diagnostic::new(
                        Code::R002,
                        msg!(en: "{kw} `{name}` has no {what}", zh: "{kw_zh} `{name}` 没有 {what}"),
                    )
                    .with_primary(
                        file,
                        d.name.span,
                        msg!(en: "missing {what}", zh: "缺少 {what}"),
                    )
                    .with_help(msg!(
                        en: "add {what} <bool expression>",
                        zh: "请添加 {what} <布尔表达式>"
                    )),
                );
            }
        }
        if let Some(due) = &d.due {
            cx.expect(due, &Type::Date, &msg!(en: "`due`", zh: "`due` 日期"));
            // R011: a deadline derives the due date; a second one could drift.
            if let Some(c) = &d.condition
                && matches!(c.kind, ExprKind::Deadline(_))
            {
                cx.diagnostics.push(
                    Diagnostic::new(
                        Code::R011,
                        msg!(
                            en: "`{name}` states its deadline twice",
                            zh: "`{name}` 两次规定了期限"
                        ),
                    )
                    .with_primary(
                        file,
                        due.span,
                        msg!(en: "a second due date", zh: "第二个到期日"),
                    )
                    .with_secondary(
                        file,
                        c.span,
                        msg!(
                            en: "the deadline already gives the due date",
                            zh: "期限已经确定了到期日"
                        ),
                    )
                    .with_help(msg!(
                        en: "remove `due`: the due date is derived from the deadline",
                        zh: "请删除 `due`：到期日由期限推出"
                    )),
                );
            }
        }
        self.check_unless(pack, file, id, &d.unless);
    }

    fn check_unless(&mut self, pack: usize, file: FileId, id: SymbolId, unless: &[ast::Unless]) {
        for u in unless {
            self.cx(pack, file, Some(id)).expect(
                &u.condition,
                &Type::Bool,
                &msg!(en: "an `unless` condition", zh: "`unless` 条件"),
            );
            match &u.cite {
                Some(c) => self.check_cite(pack, file, Some(c)),
                None => self.diagnostics.push(
                    Diagnostic::new(
                        Code::R005,
                        msg!(en: "exception without a citation", zh: "例外没有引用条文"),
                    )
                    .with_primary(
                        file,
                        u.condition.span,
                        msg!(
                            en: "which provision makes this exception?",
                            zh: "哪一条规定了此例外？"
                        ),
                    )
                    .with_help(msg!(
                        en: "add `cite artN` after the condition, e.g. `unless facility.sector == .e_government cite art48`",
                        zh: "请在条件之后添加 `cite artN`，例如 `unless facility.sector == .e_government cite art48`"
                    )),
                ),
            }
        }
    }

    fn check_penalty(&mut self, pack: usize, file: FileId, id: SymbolId, p: &ast::Penalty) {
        self.check_cite(pack, file, p.cite.as_ref());
        let name = &p.name.name;
        if p.triggers.is_empty() {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::R003,
                    msg!(
                        en: "penalty `{name}` is triggered by no violation",
                        zh: "处罚 `{name}` 没有任何违法行为触发"
                    ),
                )
                .with_primary(
                    file,
                    p.name.span,
                    msg!(en: "nothing triggers it", zh: "没有触发它的规定"),
                )
                .with_help(msg!(
                    en: "add `trigger RULE` for each obligation or prohibition whose violation it sanctions",
                    zh: "请为其处罚的每项义务或禁止性规定添加 `trigger RULE`"
                )),
            );
        }
        let article = self.model.symbol(id).article;
        for t in &p.triggers {
            self.check_cite(pack, file, t.cite.as_ref());
            if let (Some(c), Some(a)) = (&t.cite, article)
                && (c.pack.is_some() || c.article != a)
            {
                let shown = c.display();
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::R010,
                        msg!(
                            en: "trigger cites `{shown}`, outside article {a}",
                            zh: "`trigger` 引用了第{a}条之外的 `{shown}`"
                        ),
                    )
                    .with_primary(
                        file,
                        c.span,
                        msg!(
                            en: "penalty `{name}` belongs to article {a}",
                            zh: "处罚 `{name}` 属于第{a}条"
                        ),
                    )
                    .with_help(msg!(
                        en: "a trigger's `cite` names the item of article {a} that lists this violation, e.g. `cite art{a}.1.2`",
                        zh: "`trigger` 的 `cite` 应指明第{a}条中列出该违法行为的项，例如 `cite art{a}.1.2`"
                    )),
                );
            }
            self.rule_ref(
                pack,
                file,
                id,
                &t.target,
                "trigger",
                &[SymbolKind::Obligation, SymbolKind::Prohibition],
            );
        }
        for m in &p.measures {
            let measures: fn(&crate::model::PackModel) -> &indexmap::IndexMap<String, SymbolId> =
                |p| &p.measures;
            let (model, uses, diagnostics) = (self.model, &mut self.uses, &mut self.diagnostics);
            resolve_named(
                model,
                uses,
                diagnostics,
                pack,
                file,
                m,
                measures,
                Code::N009,
                SymbolKind::Measure,
            );
        }
        for g in &p.gives_way {
            if g.to.pack.is_none() && g.to.name.name == p.name.name {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::N018,
                        msg!(
                            en: "penalty `{name}` gives way to itself",
                            zh: "处罚 `{name}` 让位于其自身"
                        ),
                    )
                    .with_primary(
                        file,
                        g.to.span,
                        msg!(
                            en: "name the other penalty that sanctions the same act",
                            zh: "请写出处罚同一行为的另一项处罚"
                        ),
                    ),
                );
                continue;
            }
            self.rule_ref(
                pack,
                file,
                id,
                &RuleRef::Name(g.to.clone()),
                "gives way to",
                &[SymbolKind::Penalty],
            );
            for r in &g.rules {
                self.rule_ref(
                    pack,
                    file,
                    id,
                    r,
                    "gives way … for",
                    &[SymbolKind::Obligation, SymbolKind::Prohibition],
                );
            }
        }
        let addressee = match &p.addressee {
            Some(a) => self.party(pack, file, a).map(|x| (x, a.span)),
            None => {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::R013,
                        msg!(
                            en: "penalty `{name}` has no addressee",
                            zh: "处罚 `{name}` 没有处罚对象"
                        ),
                    )
                    .with_primary(
                        file,
                        p.name.span,
                        msg!(en: "whom does it punish?", zh: "处罚谁？"),
                    )
                    .with_help(msg!(
                        en: "add `addressee operator` (or another declared `party`)",
                        zh: "请添加 `addressee operator`（或另一个已声明的 `party`）"
                    )),
                );
                None
            }
        };
        let mut fined = Vec::new();
        for f in p
            .fines
            .iter()
            .chain(p.escalate.iter().flat_map(|e| e.fines.iter()))
        {
            if let Some(party) = self.party(pack, file, &f.party) {
                fined.push((party, f.party.span));
            }
        }
        if let Some((addressee, addressee_span)) = addressee {
            let triggers = p
                .triggers
                .iter()
                .map(|t| {
                    let ids = match self.uses.refs.get(&(file, t.target.span())) {
                        Some(Ref::Rules(ids)) => ids.clone(),
                        _ => Vec::new(),
                    };
                    (ids, t.target.span())
                })
                .collect();
            self.out.addressed.push(Addressed {
                penalty: id,
                file,
                addressee,
                addressee_span,
                triggers,
                fines: fined,
            });
        }
        for f in &p.fines {
            self.check_fine(pack, file, id, f);
        }
        if let Some(esc) = &p.escalate {
            self.cx(pack, file, Some(id)).expect(
                &esc.condition,
                &Type::Bool,
                &msg!(en: "the escalation condition", zh: "从重处罚的条件"),
            );
            for f in &esc.fines {
                self.check_fine(pack, file, id, f);
            }
        }
        self.check_unless(pack, file, id, &p.unless);
    }

    fn check_fine(&mut self, pack: usize, file: FileId, id: SymbolId, f: &ast::Fine) {
        let (min, max, span) = match &f.amount {
            ast::FineAmount::Fixed { min, max, span } => (*min, *max, *span),
            ast::FineAmount::Multiple {
                min,
                max,
                basis,
                span,
            } => {
                self.cx(pack, file, Some(id)).expect(
                    basis,
                    &Type::Money,
                    &msg!(en: "the basis of a relative fine", zh: "倍数罚款的计算基数"),
                );
                (*min, *max, *span)
            }
        };
        if min > max {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::T006,
                    msg!(en: "fine range {min}..={max} is empty", zh: "罚款范围 {min}..={max} 为空"),
                )
                .with_primary(
                    file,
                    span,
                    min_above_max(),
                ),
            );
        }
    }

    /// A rule named in `trigger` or `exempts`: a rule of the given kinds,
    /// or a citation of an article that owns some.
    fn rule_ref(
        &mut self,
        pack: usize,
        file: FileId,
        from: SymbolId,
        r: &RuleRef,
        what: &str,
        kinds: &[SymbolKind],
    ) {
        let mut cx = self.cx(pack, file, Some(from));
        match r {
            RuleRef::Citation(c) => {
                let found = if !kinds.contains(&SymbolKind::Penalty) {
                    cx.cited_duties(c)
                } else if let Some((target, true)) = cx.resolve_citation(c) {
                    let model = cx.model;
                    model.packs[target].articles[&c.article]
                        .rules
                        .iter()
                        .map(|(id, _, _)| *id)
                        .filter(|id| kinds.contains(&model.symbol(*id).kind))
                        .collect()
                } else {
                    Vec::new()
                };
                for &id in &found {
                    cx.uses.add(Some(from), id, file, c.span);
                }
                cx.uses.refs.insert((file, c.span), Ref::Rules(found));
            }
            RuleRef::Name(path) => {
                let Some(id) = cx.lookup_value(path) else {
                    return;
                };
                let kind = cx.model.symbol(id).kind;
                if kinds.contains(&kind) {
                    cx.uses.add(Some(from), id, file, path.span);
                    cx.uses.refs.insert((file, path.span), Ref::Rules(vec![id]));
                } else {
                    cx.diagnostics.push(
                        Diagnostic::new(Code::T007, wrong_kind(what, kinds, &path.display(), kind))
                            .with_primary(file, path.span, wrong_kind_label()),
                    );
                }
            }
        }
    }

    fn check_exception(
        &mut self,
        pack: usize,
        file: FileId,
        id: SymbolId,
        article: u32,
        e: &ast::Exception,
    ) {
        self.check_cite(pack, file, e.cite.as_ref());
        let _ = article;
        let name = &e.name.name;
        match &e.when {
            Some(w) => {
                self.cx(pack, file, Some(id)).expect(
                    w,
                    &Type::Bool,
                    &msg!(en: "the condition of an exception", zh: "例外的条件"),
                );
            }
            None => self.diagnostics.push(
                Diagnostic::new(
                    Code::R002,
                    msg!(
                        en: "exception `{name}` has no `when`",
                        zh: "例外 `{name}` 没有 `when`"
                    ),
                )
                .with_primary(
                    file,
                    e.name.span,
                    msg!(en: "when does it apply?", zh: "何时适用？"),
                )
                .with_help(msg!(
                    en: "add `when <bool expression>`",
                    zh: "请添加 `when <布尔表达式>`"
                )),
            ),
        }
        if e.exempts.is_empty() {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::W003,
                    msg!(
                        en: "exception `{name}` exempts nothing",
                        zh: "例外 `{name}` 未豁免任何规则"
                    ),
                )
                .with_primary(
                    file,
                    e.name.span,
                    msg!(en: "no `exempts`", zh: "没有 `exempts`"),
                )
                .with_help(msg!(
                    en: "add `exempts RULE, …` naming the penalties or duties it sets aside",
                    zh: "请添加 `exempts RULE, …`，写明它排除适用的处罚或义务"
                )),
            );
        }
        for r in &e.exempts {
            // The exempted rule now depends on the exception.
            let before = self.uses.edges.len();
            self.rule_ref(
                pack,
                file,
                id,
                r,
                "exempts",
                &[
                    SymbolKind::Penalty,
                    SymbolKind::Obligation,
                    SymbolKind::Prohibition,
                ],
            );
            for edge in &mut self.uses.edges[before..] {
                std::mem::swap(&mut edge.0, &mut edge.1);
            }
            self.check_exemption_authority(pack, file, e, r);
        }
    }

    /// R016: a pack may not set aside the rules of a pack that outranks it
    /// (an advisory note cannot switch off a regulation's duty).
    fn check_exemption_authority(
        &mut self,
        pack: usize,
        file: FileId,
        e: &ast::Exception,
        r: &RuleRef,
    ) {
        let Some(Ref::Rules(ids)) = self.uses.refs.get(&(file, r.span())) else {
            return;
        };
        let own = self.model.packs[pack].authority;
        let Some(&higher) = ids
            .iter()
            .find(|id| self.model.packs[self.model.symbol(**id).pack].authority > own)
        else {
            return;
        };
        let target = self.model.symbol(higher);
        let target_pack = &self.model.packs[target.pack];
        let (name, ident, rule) = (&e.name.name, &target_pack.ident, &target.name);
        let (high, low) = (target_pack.authority.kind(), own.kind());
        let mut d = Diagnostic::new(
            Code::R016,
            msg!(
                en: "exception `{name}` exempts `{ident}::{rule}`, a rule of a higher-ranked pack ({high} above {low})",
                zh: "例外 `{name}` 豁免了 `{ident}::{rule}`，这是更高位阶规则包的规则（{high} 高于 {low}）"
            ),
        )
        .with_primary(
            file,
            r.span(),
            msg!(en: "`{ident}` outranks this pack", zh: "`{ident}` 的位阶高于本规则包"),
        )
        // Placed at the declaration once every item is (it is in another).
        .with_secondary(
            target.file,
            TextRange::default(),
            msg!(en: "declared by `{ident}`", zh: "由 `{ident}` 声明"),
        )
        .with_help(msg!(
            en: "packs rank regulation > guidance > sector > advisory, and a pack may set aside only the rules of packs of its own rank or below; \
                 a lower pack may add stricter duties of its own, or the higher pack may open an extension point",
            zh: "规则包的位阶为 regulation > guidance > sector > advisory，规则包只能排除适用同位阶或更低位阶规则包的规则；\
                 低位阶的规则包可以自行增加更严格的义务，或由高位阶的规则包开放扩展点"
        ));
        if ids.len() > 1 {
            let count = ids.len();
            d = d.with_note(msg!(
                en: "`{rule}` is one of the {count} rules this names",
                zh: "`{rule}` 是此处所指的 {count} 条规则之一"
            ));
        }
        let at = [(1, Def::Symbol(higher))];
        crate::scope::push_pointing(&mut self.diagnostics, &mut self.pending, d, &at);
    }

    fn check_implement(&mut self, pack: usize, file: FileId, imp: &ast::Implement) {
        // A name of another kind (a party, a fact…) is "not an extension
        // point", not "unresolved".
        if imp.extension.pack.is_none()
            && !self.model.visible_packs(pack).any(|p| {
                self.model.packs[p]
                    .values
                    .contains_key(&imp.extension.name.name)
            })
        {
            let other = self.model.visible_packs(pack).find_map(|p| {
                let m = &self.model.packs[p];
                [&m.parties, &m.measures, &m.types, &m.facts]
                    .into_iter()
                    .find_map(|t| t.get(&imp.extension.name.name).copied())
            });
            if let Some(id) = other {
                let kind = self.model.symbol(id).kind;
                self.diagnostics.push(
                    Diagnostic::new(Code::N007, not_an_extension(&imp.extension.display(), kind))
                        .with_primary(file, imp.extension.span, cannot_be_implemented())
                        .with_help(msg!(
                            en: "`implement` names an `extension` declared by the regulation, e.g. `decree_745::identification_rules`",
                            zh: "`implement` 应指明法规声明的 `extension`，例如 `decree_745::identification_rules`"
                        )),
                );
                return;
            }
        }
        let Some(ext_id) = self.cx(pack, file, None).lookup_value(&imp.extension) else {
            return;
        };
        let ext = self.model.symbol(ext_id);
        if ext.kind != SymbolKind::Extension {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::N007,
                    not_an_extension(&imp.extension.display(), ext.kind),
                )
                .with_primary(file, imp.extension.span, cannot_be_implemented()),
            );
            return;
        }
        let ret = ext.ty.clone();
        self.uses
            .refs
            .insert((file, imp.extension.span), Ref::Extension(ext_id));
        let scope: &'a Scope = self.scope;
        let Some(sig) = scope.extensions.get(&ext_id) else {
            return;
        };
        // Keys must be variants of the extension's key enum.
        if let Some(enum_id) = sig.key_enum {
            let variants = self.model.members(enum_id).cloned().unwrap_or_default();
            for k in &imp.keys {
                // Resolved once, here: evaluation takes the variant from
                // this resolution, not from the key's name.
                if let Some(i) = variants.get_index_of(&k.name) {
                    self.uses
                        .refs
                        .insert((file, k.span), Ref::Variant(enum_id, i));
                    let def = Def::Variant {
                        enum_id,
                        index: i as u32,
                    };
                    used(&mut self.uses.occurrences, file, k.span, def);
                }
                if !variants.contains_key(&k.name) {
                    let (key, enum_name) = (&k.name, &self.model.symbol(enum_id).name);
                    let mut d = Diagnostic::new(
                        Code::N005,
                        msg!(
                            en: "`{key}` is not a variant of `{enum_name}`",
                            zh: "`{key}` 不是 `{enum_name}` 的变体"
                        ),
                    )
                    .with_primary(
                        file,
                        k.span,
                        msg!(en: "unknown key", zh: "未知的键"),
                    );
                    if let Some(c) = closest(&k.name, variants.keys().map(String::as_str)) {
                        d = d.with_did_you_mean(file, k.span, c);
                    }
                    self.diagnostics.push(d);
                }
            }
        }
        // The implementation is a node: the extension reads it, it reads
        // what its factors and decision read.
        let imp_id = SymbolId(LOCAL_SYMBOLS + self.out.symbols.len() as u32);
        self.out.symbols.push(crate::model::Symbol {
            name: format!(
                "{} for {}",
                imp.extension.name.name,
                imp.keys
                    .iter()
                    .map(|k| format!(".{}", k.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            pack,
            kind: SymbolKind::Implementation,
            file,
            name_span: imp.extension.span,
            span: imp.span,
            article: None,
            ty: ret.clone(),
            meta: false,
            quiet: false,
        });
        self.uses
            .add(Some(ext_id), imp_id, file, imp.extension.span);
        let declared = &sig.factors;
        let mut cx = self.cx(pack, file, Some(imp_id));
        for d in &imp.defines {
            let ty = match &d.ty {
                Some(t) => {
                    let t = resolve_type(
                        cx.model,
                        pack,
                        file,
                        t,
                        cx.diagnostics,
                        &mut cx.uses.occurrences,
                    );
                    cx.expect(&d.value, &t, &value_of(&d.name.name));
                    t
                }
                None => cx.infer(&d.value),
            };
            let local = Def::Local {
                file,
                decl: d.name.span,
            };
            crate::defs::declared(&mut cx.uses.occurrences, file, d.name.span, local);
            cx.scope
                .names
                .push((d.name.name.clone(), ty, d.name.span, local));
        }
        for f in &imp.factors {
            let (factor, ext_name) = (&f.name.name, &imp.extension.name.name);
            cx.expect(
                &f.value,
                &Type::Bool,
                &msg!(en: "factor `{factor}`", zh: "因素 `{factor}` 的值"),
            );
            if !declared.contains(&f.name.name) {
                let mut d = Diagnostic::new(
                    Code::R006,
                    msg!(
                        en: "`{factor}` is not a factor of `{ext_name}`",
                        zh: "`{factor}` 不是 `{ext_name}` 的因素"
                    ),
                )
                .with_primary(
                    file,
                    f.name.span,
                    msg!(
                        en: "not declared by the extension point",
                        zh: "扩展点未声明此因素"
                    ),
                );
                if let Some(c) = closest(&f.name.name, declared.iter().map(String::as_str)) {
                    d = d.with_did_you_mean(file, f.name.span, c);
                }
                cx.diagnostics.push(d);
            }
            // A declared factor is the extension's: renaming it there
            // renames it here. An undeclared one (R006) is a local.
            let def = match declared.iter().position(|n| *n == f.name.name) {
                Some(index) => {
                    let def = Def::Factor {
                        extension: ext_id,
                        index: index as u32,
                    };
                    cx.occurs(f.name.span, def);
                    def
                }
                None => {
                    let def = Def::Local {
                        file,
                        decl: f.name.span,
                    };
                    crate::defs::declared(&mut cx.uses.occurrences, file, f.name.span, def);
                    def
                }
            };
            cx.scope
                .names
                .push((f.name.name.clone(), Type::Bool, f.name.span, def));
        }
        match &imp.decide {
            Some(e) => {
                cx.expect(e, &ret, &msg!(en: "the decision", zh: "`decide` 的结果"));
            }
            None => cx.diagnostics.push(
                Diagnostic::new(
                    Code::R006,
                    msg!(en: "implementation has no `decide`", zh: "实现没有 `decide`"),
                )
                .with_primary(
                    file,
                    imp.extension.span,
                    msg!(en: "what does it decide?", zh: "它判定什么？"),
                )
                .with_help(msg!(
                    en: "add `decide <expression>` combining the factors",
                    zh: "请添加组合各因素的 `decide <表达式>`"
                )),
            ),
        }
        for (index, name) in declared.iter().enumerate() {
            if !imp.factors.iter().any(|f| f.name.name == *name) {
                let d = Diagnostic::new(
                    Code::R006,
                    msg!(
                        en: "implementation does not address factor `{name}`",
                        zh: "实现未涉及因素 `{name}`"
                    ),
                )
                .with_primary(
                    file,
                    imp.extension.span,
                    msg!(en: "missing `factor {name} = …`", zh: "缺少 `factor {name} = …`"),
                )
                // The factor is in the extension's item: placed later.
                .with_secondary(file, TextRange::default(), declared_here())
                .with_help(msg!(
                    en: "every factor the regulation names must be weighed by each sector's rules",
                    zh: "法规列明的每个因素，各行业的规则都必须加以考虑"
                ));
                let factor = Def::Factor {
                    extension: ext_id,
                    index: index as u32,
                };
                crate::scope::push_pointing(
                    &mut self.diagnostics,
                    &mut self.pending,
                    d,
                    &[(1, factor)],
                );
            }
        }
        for (name, span) in [
            ("title", imp.title.is_none()),
            ("source", imp.source.is_none()),
        ]
        .into_iter()
        .filter(|(_, missing)| *missing)
        .map(|(n, _)| (n, imp.extension.span))
        {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::R008,
                    msg!(en: "implementation has no `{name}`", zh: "实现没有 `{name}`"),
                )
                .with_primary(
                    file,
                    span,
                    msg!(
                        en: "add `{name} zh \"…\" en \"…\"`",
                        zh: "请添加 `{name} zh \"…\" en \"…\"`"
                    ),
                ),
            );
        }
        self.check_factor_use(file, imp, declared);
        self.out
            .implementations
            .push((ext_id, file, imp.keys.clone()));
    }

    /// Art. 9 para. 2: the rules "应当主要考虑" the factors. A factor that
    /// `decide` never reads (W006), or that reads nothing of the facility
    /// (W007), is declared without being weighed.
    fn check_factor_use(&mut self, file: FileId, imp: &ast::Implement, declared: &[String]) {
        let locals: HashMap<&str, &Expr> = imp
            .defines
            .iter()
            .map(|d| (d.name.name.as_str(), &d.value))
            .chain(imp.factors.iter().map(|f| (f.name.name.as_str(), &f.value)))
            .collect();
        // Locals `decide` reads, directly or through other locals.
        let mut reached: HashSet<&str> = HashSet::new();
        let mut stack: Vec<&Expr> = imp.decide.iter().collect();
        while let Some(e) = stack.pop() {
            walk(e, &mut |x| {
                if let ExprKind::Name(p) = &x.kind
                    && p.pack.is_none()
                    && let Some((name, body)) = locals.get_key_value(p.name.name.as_str())
                    && reached.insert(*name)
                {
                    stack.push(*body);
                }
            });
        }
        for f in &imp.factors {
            if !declared.contains(&f.name.name) {
                continue; // R006 already
            }
            let factor = &f.name.name;
            if imp.decide.is_some() && !reached.contains(f.name.name.as_str()) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::W006,
                        msg!(
                            en: "`decide` does not read factor `{factor}`",
                            zh: "`decide` 未读取因素 `{factor}`"
                        ),
                    )
                    .with_primary(
                        file,
                        f.name.span,
                        msg!(en: "defined, but never weighed", zh: "已定义，但从未被考虑"),
                    )
                    .with_help(msg!(
                        en: "art. 9 para. 2: identification rules must mainly consider each factor; use `{factor}` in `decide`",
                        zh: "第九条第二款：制定认定规则应当主要考虑每一项因素；请在 `decide` 中使用 `{factor}`"
                    )),
                );
            }
            let mut seen = HashSet::new();
            if !self.reads_facility(file, &f.value, &locals, &mut seen) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::W007,
                        msg!(
                            en: "factor `{factor}` reads no fact of the facility",
                            zh: "因素 `{factor}` 未读取设施的任何事实"
                        ),
                    )
                    .with_primary(
                        file,
                        f.value.span,
                        msg!(en: "the same for every facility", zh: "对所有设施都相同"),
                    )
                    .with_help(msg!(
                        en: "a factor weighs the facility: define it from its facts (e.g. `facility.harm_if_compromised in [.serious, .especially_serious]`)",
                        zh: "因素用于衡量设施：请用设施的事实来定义它（例如 `facility.harm_if_compromised in [.serious, .especially_serious]`）"
                    )),
                );
            }
        }
    }

    /// Whether `e` depends on the facility: reads a fact, directly or
    /// through a local, definition or determination, or calls a rule or an
    /// extension point. Anything unresolved counts as reading it, so that
    /// only a factor that is surely constant is reported.
    fn reads_facility<'e>(
        &self,
        file: FileId,
        e: &'e Expr,
        locals: &HashMap<&str, &'e Expr>,
        seen: &mut HashSet<TextRange>,
    ) -> bool {
        if !seen.insert(e.span) {
            return false;
        }
        let mut names: Vec<&'e ast::PathName> = Vec::new();
        let mut facility = false;
        walk_ref(e, &mut |x| match &x.kind {
            ExprKind::Facility | ExprKind::Citation(_) | ExprKind::Call(..) => facility = true,
            ExprKind::Name(p) => names.push(p),
            _ => {}
        });
        if facility {
            return true;
        }
        names.into_iter().any(|p| {
            if p.pack.is_none()
                && let Some(body) = locals.get(p.name.name.as_str())
            {
                return self.reads_facility(file, body, locals, seen);
            }
            match self.uses.refs.get(&(file, p.span)) {
                // Worked out for every definition with the scope.
                Some(Ref::Value(id)) => self.scope.reads_facility.get(id).copied().unwrap_or(true),
                // A quantifier's variable: its list is walked with the rest.
                Some(Ref::Local(_)) => false,
                _ => true,
            }
        })
    }
}

/// Resolves a party or measure name.
#[expect(
    clippy::too_many_arguments,
    reason = "the parts of a checker it needs, borrowed apart"
)]
pub(crate) fn resolve_named(
    model: &Model,
    uses: &mut Uses,
    diagnostics: &mut Vec<Diagnostic>,
    pack: usize,
    file: FileId,
    path: &ast::PathName,
    table: fn(&crate::model::PackModel) -> &indexmap::IndexMap<String, SymbolId>,
    code: Code,
    kind: SymbolKind,
) -> Option<SymbolId> {
    // The kind's name is also its keyword (`party`, `measure`).
    let (what, what_zh) = (kind.describe(), kind.describe_zh());
    let packs: Vec<usize> = match &path.pack {
        Some(q) => qualifier(model, pack, file, q, &mut uses.occurrences)
            .into_iter()
            .collect(),
        None => model.visible_packs(pack).collect(),
    };
    if let Some(&id) = packs
        .iter()
        .find_map(|&p| table(&model.packs[p]).get(&path.name.name))
    {
        uses.add(None, id, file, path.span);
        used(&mut uses.occurrences, file, path.name.span, Def::Symbol(id));
        return Some(id);
    }
    let candidates: Vec<&str> = model
        .visible_packs(pack)
        .flat_map(|p| table(&model.packs[p]).keys().map(String::as_str))
        .collect();
    let (shown, name) = (path.display(), &path.name.name);
    let mut d = Diagnostic::new(
        code,
        msg!(en: "unknown {what} `{shown}`", zh: "未知的{what_zh} `{shown}`"),
    )
    .with_primary(
        file,
        path.span,
        msg!(en: "not a declared {what}", zh: "不是已声明的{what_zh}"),
    );
    d = match closest(&path.name.name, candidates.iter().copied()) {
        Some(c) => d.with_did_you_mean(file, path.name.span, c),
        None if candidates.is_empty() => d.with_help(msg!(
            en: "declare it: `{what} {name} {{ zh \"…\" en \"…\" }}`",
            zh: "请声明它：`{what} {name} {{ zh \"…\" en \"…\" }}`"
        )),
        None => {
            let list = candidates.join(", ");
            d.with_help(msg!(
                en: "declare it as `{what} {name} {{ zh \"…\" en \"…\" }}`, or use one of: {list}",
                zh: "请将它声明为 `{what} {name} {{ zh \"…\" en \"…\" }}`，或使用以下之一：{list}"
            ))
        }
    };
    diagnostics.push(d);
    None
}

/// A party name (N008 when undeclared), recorded as a [`Ref::Party`].
pub(crate) fn resolve_party(
    model: &Model,
    uses: &mut Uses,
    diagnostics: &mut Vec<Diagnostic>,
    pack: usize,
    file: FileId,
    path: &ast::PathName,
) -> Option<SymbolId> {
    let parties: fn(&crate::model::PackModel) -> &indexmap::IndexMap<String, SymbolId> =
        |p| &p.parties;
    let id = resolve_named(
        model,
        uses,
        diagnostics,
        pack,
        file,
        path,
        parties,
        Code::N008,
        SymbolKind::Party,
    )?;
    uses.refs.insert((file, path.span), Ref::Party(id));
    Some(id)
}

fn article_applies() -> Msg {
    msg!(en: "an article's `applies when`", zh: "条的 `applies when` 条件")
}

fn not_an_extension(shown: &str, kind: SymbolKind) -> Msg {
    let (k, k_zh) = (kind.describe(), kind.describe_zh());
    msg!(
        en: "`{shown}` is a {k}, not an extension point",
        zh: "`{shown}` 是{k_zh}，不是扩展点"
    )
}

fn cannot_be_implemented() -> Msg {
    msg!(en: "cannot be implemented", zh: "不能被实现")
}

/// What `expect` calls a definition's value.
pub(crate) fn value_of(name: &str) -> Msg {
    msg!(en: "the value of `{name}`", zh: "`{name}` 的值")
}

/// The label on an empty range (T006).
pub(crate) fn min_above_max() -> Msg {
    msg!(en: "the minimum is above the maximum", zh: "下限高于上限")
}

/// The label on a declaration a diagnostic points back to.
pub(crate) fn declared_here() -> Msg {
    msg!(en: "declared here", zh: "在此声明")
}

/// [`walk`], with the nodes borrowed for as long as the tree.
pub(crate) fn walk_ref<'e>(e: &'e Expr, f: &mut dyn FnMut(&'e Expr)) {
    f(e);
    match &e.kind {
        ExprKind::Field(b, _) | ExprKind::Unary(_, b) => walk_ref(b, f),
        ExprKind::Binary(_, a, b) => {
            walk_ref(a, f);
            walk_ref(b, f);
        }
        ExprKind::If(a, b, c) => {
            walk_ref(a, f);
            walk_ref(b, f);
            walk_ref(c, f);
        }
        ExprKind::Call(_, args) | ExprKind::List(args) => args.iter().for_each(|a| walk_ref(a, f)),
        ExprKind::Quantifier(q) => {
            walk_ref(&q.list, f);
            if let Some(x) = &q.filter {
                walk_ref(x, f);
            }
            if let Some(x) = &q.body {
                walk_ref(x, f);
            }
        }
        _ => {}
    }
}

pub(crate) fn walk(e: &Expr, f: &mut dyn FnMut(&Expr)) {
    f(e);
    match &e.kind {
        ExprKind::Field(b, _) | ExprKind::Unary(_, b) | ExprKind::IsAbsent(b) => walk(b, f),
        ExprKind::Binary(_, a, b) => {
            walk(a, f);
            walk(b, f);
        }
        ExprKind::If(a, b, c) => {
            walk(a, f);
            walk(b, f);
            walk(c, f);
        }
        ExprKind::Call(_, args) | ExprKind::List(args) => args.iter().for_each(|a| walk(a, f)),
        ExprKind::Deadline(d) => match &**d {
            ast::Deadline::Within {
                done,
                period,
                start,
            } => {
                walk(done, f);
                walk(period, f);
                walk(start, f);
            }
            ast::Deadline::Every {
                period,
                last,
                first,
            } => {
                walk(period, f);
                walk(last, f);
                if let Some((p, start)) = first {
                    walk(p, f);
                    walk(start, f);
                }
            }
        },
        ExprKind::Quantifier(q) => {
            walk(&q.list, f);
            if let Some(x) = &q.filter {
                walk(x, f);
            }
            if let Some(x) = &q.body {
                walk(x, f);
            }
        }
        _ => {}
    }
}
