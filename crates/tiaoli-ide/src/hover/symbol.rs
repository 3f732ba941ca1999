//! The hover of a declared name: its declaration (kind, name, type), its
//! labels, and what its kind makes worth knowing.

use tiaoli_check::{Model, Symbol, SymbolId, SymbolKind};
use tiaoli_syntax::ast::{self, Citation, ExprKind, Item, Labels, Rule};
use tiaoli_text::{FileId, TextRange};

use super::markdown::{clause, code_block, texts, title_line};
use crate::cited::cited_pack;
use crate::pack_ast::{self, Decl};
use crate::visit::each_expr;
use crate::world::World;

pub(super) fn markdown(world: &dyn World, id: SymbolId) -> Option<String> {
    let checked = world.checked();
    let model = &checked.model;
    let s = model.symbols.get(id.0 as usize)?;
    let decl = pack_ast::decl(world, s.file, s.span);
    let text = world.text(s.file);
    let src = |r: TextRange| text.get(r.as_range()).unwrap_or("").trim().to_owned();
    let mut out = String::new();
    let mut header = format!("{} {}", s.kind.describe_keyword(), s.name);
    if matches!(s.kind, SymbolKind::Fact | SymbolKind::Define) {
        header.push_str(&format!(": {}", s.ty.display(model)));
    }
    code_block(&mut out, &header);
    match &decl {
        Some(Decl::Item(Item::Fact(f))) => {
            if let Some(b) = &f.bounds {
                out.push_str(&format!("\nin `{}..={}`\n", b.min, b.max));
            }
            texts(&mut out, Some(&f.labels));
            cite_line(world, model, s, f.cite.as_ref(), &mut out);
            out.push_str(&format!(
                "\nFacility vocabulary of `{}`, declared in `{}`\n",
                pack_ident(model, s.pack),
                world.path(s.file)
            ));
        }
        Some(Decl::Item(Item::Enum(e))) => {
            texts(&mut out, e.title.as_ref());
            out.push('\n');
            for v in &e.variants {
                out.push_str(&format!("- `.{}`{}\n", v.name.name, dash(Some(&v.labels))));
            }
        }
        Some(Decl::Item(Item::Record(r))) => {
            texts(&mut out, r.title.as_ref());
            out.push('\n');
            for f in &r.fields {
                out.push_str(&format!(
                    "- `{}: {}`{}\n",
                    f.name.name,
                    src(f.ty.span()),
                    dash(Some(&f.labels))
                ));
            }
        }
        Some(Decl::Item(Item::Party(p) | Item::Measure(p))) => {
            texts(&mut out, Some(&p.labels));
            match &p.scope {
                Some(ast::PartyScope::In(up)) => {
                    out.push_str(&format!("\nA kind of `{}`\n", up.display()));
                }
                Some(ast::PartyScope::OfAddressee(_)) => {
                    out.push_str("\nA person answerable within the party a penalty addresses\n");
                }
                None => {}
            }
        }
        Some(Decl::Item(Item::Define(d)) | Decl::Rule(Rule::Define(d))) => {
            clause(&mut out, "=", &src(d.value.span));
        }
        Some(Decl::Item(Item::Determination(d)) | Decl::Rule(Rule::Determination(d))) => {
            texts(&mut out, d.title.as_ref());
            if let Some(v) = &d.value {
                clause(&mut out, "Value", &src(v.span));
            }
            cite_line(world, model, s, d.cite.as_ref(), &mut out);
        }
        Some(Decl::Rule(Rule::Duty(d))) => {
            texts(&mut out, d.title.as_ref());
            if let Some(c) = &d.condition {
                let label = match d.kind {
                    ast::DutyKind::Obligation => "Requires",
                    ast::DutyKind::Prohibition => "Forbids",
                };
                clause(&mut out, label, &src(c.span));
            }
            if let Some(due) = &d.due {
                clause(&mut out, "Due", &src(due.span));
            }
            if let Some(bearer) = model.bearers.get(&id) {
                party_line(model, world, "Bearer", *bearer, &mut out);
            }
            cite_line(world, model, s, d.cite.as_ref(), &mut out);
            sanctions(world, model, id, &mut out);
        }
        Some(Decl::Rule(Rule::Penalty(p))) => penalty(world, model, s, p, &mut out),
        Some(Decl::Rule(Rule::Extension(x))) => {
            texts(&mut out, x.title.as_ref());
            if let Some(k) = &x.key {
                clause(&mut out, "Key", &src(k.span));
            }
            if let Some(r) = &x.returns {
                clause(&mut out, "Returns", &src(r.span()));
            }
            cite_line(world, model, s, None, &mut out);
        }
        Some(Decl::Rule(Rule::Exception(e))) => {
            texts(&mut out, e.title.as_ref());
            let exempts: Vec<String> = e.exempts.iter().map(|r| src(r.span())).collect();
            if !exempts.is_empty() {
                clause(&mut out, "Exempts", &exempts.join(", "));
            }
            if let Some(w) = &e.when {
                clause(&mut out, "When", &src(w.span));
            }
            cite_line(world, model, s, e.cite.as_ref(), &mut out);
        }
        _ => {}
    }
    if !matches!(s.kind, SymbolKind::Fact) {
        out.push_str(&format!(
            "\n`{}` · `{}`\n",
            pack_ident(model, s.pack),
            world.path(s.file)
        ));
    }
    Some(out)
}

/// A variant of an enum or a field of a record.
pub(super) fn member_markdown(world: &dyn World, id: SymbolId, index: usize) -> Option<String> {
    let checked = world.checked();
    let model = &checked.model;
    let s = model.symbols.get(id.0 as usize)?;
    let (name, (_, ty)) = model.members(id)?.iter().nth(index)?;
    let mut out = String::new();
    match pack_ast::decl(world, s.file, s.span)? {
        Decl::Item(Item::Enum(e)) => {
            let v = e.variants.iter().find(|v| &v.name.name == name)?;
            code_block(&mut out, &format!("{}.{}", s.name, name));
            texts(&mut out, Some(&v.labels));
        }
        Decl::Item(Item::Record(r)) => {
            let f = r.fields.iter().find(|f| &f.name.name == name)?;
            code_block(
                &mut out,
                &format!("{}.{}: {}", s.name, name, ty.display(model)),
            );
            texts(&mut out, Some(&f.labels));
            cite_line(world, model, s, f.cite.as_ref(), &mut out);
        }
        _ => return None,
    }
    out.push_str(&format!(
        "\n`{}` · `{}`\n",
        pack_ident(model, s.pack),
        world.path(s.file)
    ));
    Some(out)
}

fn penalty(world: &dyn World, model: &Model, s: &Symbol, p: &ast::Penalty, out: &mut String) {
    let text = world.text(s.file);
    let src = |r: TextRange| text.get(r.as_range()).unwrap_or("").trim().to_owned();
    texts(out, p.title.as_ref());
    if let Some(a) = &p.addressee {
        out.push_str(&format!("\n**Addressee** `{}`\n", a.display()));
    }
    let triggers: Vec<String> = p.triggers.iter().map(|t| src(t.target.span())).collect();
    if !triggers.is_empty() {
        clause(out, "Triggered by", &triggers.join(", "));
    }
    if !p.measures.is_empty() {
        let measures: Vec<String> = p.measures.iter().map(|m| m.display()).collect();
        clause(out, "Measures", &measures.join(", "));
    }
    fines(out, &src, p);
    cite_line(world, model, s, p.cite.as_ref(), out);
}

/// A penalty's fines as written; those of `escalate` marked.
fn fines(out: &mut String, src: &dyn Fn(TextRange) -> String, p: &ast::Penalty) {
    for f in &p.fines {
        out.push_str(&format!("\n- `{}`", src(f.span)));
    }
    if let Some(e) = &p.escalate {
        for f in &e.fines {
            out.push_str(&format!("\n- `{}` (escalated)", src(f.span)));
        }
    }
    if !p.fines.is_empty() || p.escalate.as_ref().is_some_and(|e| !e.fines.is_empty()) {
        out.push('\n');
    }
}

/// The penalties whose `trigger` names the rule (by name or by citing its
/// article), with their fines: the rule graph's edges from a penalty to
/// the rule, read where the penalty names a trigger (not where its other
/// clauses read it, as `escalate when violated(…)` does).
fn sanctions(world: &dyn World, model: &Model, rule: SymbolId, out: &mut String) {
    let graph = &model.graph.graph;
    let Some(node) = model.graph.index(rule) else {
        return;
    };
    let mut penalties: Vec<(SymbolId, TextRange)> = graph
        .raw_edges()
        .iter()
        .filter(|e| e.target() == node)
        .map(|e| (graph[e.source()], e.weight.span))
        .collect();
    penalties.sort();
    let mut any = false;
    let mut shown: Vec<SymbolId> = Vec::new();
    for (id, span) in penalties {
        let Some(s) = model.get(id) else { continue };
        if s.kind != SymbolKind::Penalty || shown.contains(&id) {
            continue;
        }
        let Some(Decl::Rule(Rule::Penalty(p))) = pack_ast::decl(world, s.file, s.span) else {
            continue;
        };
        if !p.triggers.iter().any(|t| t.target.span() == span) {
            continue;
        }
        shown.push(id);
        if !any {
            out.push_str("\n**Sanctioned by**\n");
            any = true;
        }
        let text = world.text(s.file);
        let src = |r: TextRange| text.get(r.as_range()).unwrap_or("").trim().to_owned();
        let cite = citation_of(s, p.cite.as_ref())
            .map(|(_, c)| format!(" ({c})"))
            .unwrap_or_default();
        out.push_str(&format!("\n`{}`{cite}{}\n", s.name, dash(p.title.as_ref())));
        fines(out, &src, &p);
    }
}

/// A factor an extension point declares (which implementations define).
pub(super) fn factor_markdown(
    world: &dyn World,
    extension: SymbolId,
    index: usize,
) -> Option<String> {
    let checked = world.checked();
    let model = &checked.model;
    let s = model.get(extension)?;
    let Some(Decl::Rule(Rule::Extension(x))) = pack_ast::decl(world, s.file, s.span) else {
        return None;
    };
    let f = x.factors.get(index)?;
    let mut out = String::new();
    code_block(&mut out, &format!("factor {}: bool", f.name.name));
    texts(&mut out, Some(&f.labels));
    out.push_str(&format!(
        "\nA factor of `{}` · `{}` · `{}`\n",
        s.name,
        pack_ident(model, s.pack),
        world.path(s.file)
    ));
    Some(out)
}

/// A quantifier's variable (what it ranges over) or a name local to an
/// implementation (its declaration as written).
pub(super) fn local_markdown(world: &dyn World, file: FileId, decl: TextRange) -> Option<String> {
    let text = world.text(file);
    let src = |r: TextRange| text.get(r.as_range()).unwrap_or("").trim().to_owned();
    let name = src(decl);
    let parse = world.parse(file);
    let mut over = None;
    each_expr(&parse.file, &mut |e| {
        if let ExprKind::Quantifier(q) = &e.kind
            && q.var.span == decl
            && over.is_none()
        {
            over = Some((q.kind.as_str(), src(q.list.span)));
        }
    });
    let mut out = String::new();
    match over {
        Some((kind, list)) => {
            code_block(&mut out, &format!("{kind}({name} in …)"));
            clause(&mut out, "Ranges over", &list);
        }
        None => {
            // The line that declares it: `define x = …`, `factor y = …`.
            let start = text.get(..decl.start())?.rfind('\n').map_or(0, |i| i + 1);
            let end = text
                .get(decl.end()..)?
                .find('\n')
                .map_or(text.len(), |i| decl.end() + i);
            code_block(&mut out, &src(TextRange::new(start, end)));
        }
    }
    out.push_str(&format!("\nLocal to `{}`\n", world.path(file)));
    Some(out)
}

/// A pack named as a qualifier (`decree_745::…`).
pub(super) fn pack_markdown(world: &dyn World, pack: usize) -> Option<String> {
    let checked = world.checked();
    let p = checked.model.packs.get(pack)?;
    let kind = if p.is_sector { "sector pack" } else { "pack" };
    let mut out = String::new();
    code_block(&mut out, &format!("{kind} {}", p.ident));
    Some(out)
}

fn party_line(model: &Model, world: &dyn World, label: &str, id: SymbolId, out: &mut String) {
    let Some(p) = model.symbols.get(id.0 as usize) else {
        return;
    };
    let labels = match pack_ast::decl(world, p.file, p.span) {
        Some(Decl::Item(Item::Party(d))) => Some(d.labels),
        _ => None,
    };
    out.push_str(&format!(
        "\n**{label}** `{}`{}\n",
        p.name,
        dash(labels.as_ref())
    ));
}

/// `**Cites** art12 · 同步规划建设使用 · Concurrent planning…`: the rule's
/// own `cite`, else the article that owns it.
fn cite_line(
    world: &dyn World,
    model: &Model,
    s: &Symbol,
    cite: Option<&Citation>,
    out: &mut String,
) {
    let Some((article, shown)) = citation_of(s, cite) else {
        return;
    };
    let target = match cite {
        Some(c) => cited_pack(model, s.pack, c),
        None => Some(s.pack),
    };
    let title = target
        .and_then(|p| pack_ast::article(world, p, article))
        .and_then(|(_, a)| title_line(a.title()));
    out.push_str(&format!("\n**Cites** {shown}"));
    if let Some(t) = title {
        out.push_str(&format!(" · {t}"));
    }
    out.push('\n');
}

/// The article a symbol cites (its `cite`, else its owning article), and
/// how to show it (`art39.1`, `decree_745::art9`).
fn citation_of(s: &Symbol, cite: Option<&Citation>) -> Option<(u32, String)> {
    match cite {
        Some(c) => {
            let shown = match &c.pack {
                Some(p) => format!("{}::{}", p.name, c.display()),
                None => c.display(),
            };
            Some((c.article, shown))
        }
        None => s.article.map(|a| (a, format!("art{a}"))),
    }
}

/// ` — zh · en`, or nothing.
fn dash(labels: Option<&Labels>) -> String {
    title_line(labels)
        .map(|t| format!(" — {t}"))
        .unwrap_or_default()
}

fn pack_ident(model: &Model, pack: usize) -> &str {
    model.packs.get(pack).map_or("", |p| p.ident.as_str())
}

trait Keyword {
    fn describe_keyword(self) -> &'static str;
}

impl Keyword for SymbolKind {
    /// The keyword that declares it (`define`, not "definition").
    fn describe_keyword(self) -> &'static str {
        match self {
            SymbolKind::Define => "define",
            SymbolKind::Extension => "extension",
            SymbolKind::Implementation => "implement",
            k => k.describe(),
        }
    }
}
