//! The rule dependency graph: an edge from a rule to every fact,
//! definition or rule its body reads, labelled with where it reads it.
//! Cycles are reported whole, with a label on each edge.

use std::collections::{HashMap, HashSet};

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use tiaoli_diagnostics::{Code, Diagnostic, msg};
use tiaoli_text::{FileId, TextRange};

use crate::model::{Model, Ref, SymbolId};

/// Where a rule reads another symbol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    pub file: FileId,
    pub span: TextRange,
}

/// Nodes are symbols; an edge `a → b` means "a reads b".
#[derive(Debug, Default, Clone)]
pub struct RuleGraph {
    pub graph: DiGraph<SymbolId, Edge>,
    nodes: HashMap<SymbolId, NodeIndex>,
}

impl RuleGraph {
    pub fn node(&mut self, id: SymbolId) -> NodeIndex {
        *self
            .nodes
            .entry(id)
            .or_insert_with(|| self.graph.add_node(id))
    }

    pub fn index(&self, id: SymbolId) -> Option<NodeIndex> {
        self.nodes.get(&id).copied()
    }

    /// What `id` reads directly.
    pub fn dependencies(&self, id: SymbolId) -> Vec<SymbolId> {
        self.neighbours(id, petgraph::Direction::Outgoing)
    }

    /// What reads `id` directly.
    pub fn dependents(&self, id: SymbolId) -> Vec<SymbolId> {
        self.neighbours(id, petgraph::Direction::Incoming)
    }

    fn neighbours(&self, id: SymbolId, dir: petgraph::Direction) -> Vec<SymbolId> {
        let Some(n) = self.index(id) else {
            return Vec::new();
        };
        let mut out: Vec<SymbolId> = self
            .graph
            .neighbors_directed(n, dir)
            .map(|m| self.graph[m])
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

/// Every use found while checking bodies, and what each name resolved to.
#[derive(Debug, Default)]
pub(crate) struct Uses {
    pub edges: Vec<(SymbolId, SymbolId, Edge)>,
    pub used: HashSet<SymbolId>,
    pub refs: HashMap<(FileId, TextRange), Ref>,
    /// Every name resolved, declarations included (the IDE's table).
    pub occurrences: crate::defs::Sink,
}

impl Uses {
    pub fn add(&mut self, from: Option<SymbolId>, to: SymbolId, file: FileId, span: TextRange) {
        self.used.insert(to);
        if let Some(from) = from {
            self.edges.push((from, to, Edge { file, span }));
        }
    }

    pub fn build_graph(&mut self, model: &mut Model) {
        model.refs = std::mem::take(&mut self.refs);
        for id in 0..model.symbols.len() {
            model.graph.node(SymbolId(id as u32));
        }
        for (from, to, edge) in &self.edges {
            let (a, b) = (model.graph.node(*from), model.graph.node(*to));
            if !model
                .graph
                .graph
                .edges_connecting(a, b)
                .any(|e| e.weight() == edge)
            {
                model.graph.graph.add_edge(a, b, *edge);
            }
        }
    }
}

/// One diagnostic per strongly connected component that is a cycle.
pub(crate) fn report_cycles(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    let g = &model.graph.graph;
    // Kosaraju: petgraph implements it iteratively, so long chains cannot
    // exhaust the stack (its Tarjan recurses).
    let mut components = kosaraju_scc(g);
    components.sort_by_key(|c| c.iter().map(|n| g[*n]).min());
    for component in components {
        let self_loop = component.len() == 1 && g.find_edge(component[0], component[0]).is_some();
        if component.len() < 2 && !self_loop {
            continue;
        }
        let start = *component
            .iter()
            .min_by_key(|n| g[**n])
            .unwrap_or(&component[0]);
        let path = cycle_from(g, start, &component);
        let names: Vec<String> = path
            .iter()
            .map(|(n, _)| model.symbol(g[*n]).name.clone())
            .collect();
        let mut shown = names.clone();
        shown.push(names[0].clone());
        let first = &model.symbol(g[start]).name;
        let chain = shown
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(" → ");
        let mut d = Diagnostic::new(
            Code::G001,
            msg!(
                en: "`{first}` depends on itself: {chain}",
                zh: "`{first}` 依赖其自身：{chain}"
            ),
        );
        for (i, (node, edge)) in path.iter().enumerate() {
            let next = &names[(i + 1) % names.len()];
            let from = &model.symbol(g[*node]).name;
            let label = msg!(
                en: "`{from}` reads `{next}` here",
                zh: "`{from}` 在此读取 `{next}`"
            );
            d = if i == 0 {
                d.with_primary(edge.file, edge.span, label)
            } else {
                d.with_secondary(edge.file, edge.span, label)
            };
        }
        diagnostics.push(d.with_help(msg!(
            en: "rules are evaluated in dependency order, so none may depend on itself; break the cycle by removing one of these references",
            zh: "规则按依赖顺序求值，因此任何规则都不能依赖其自身；请删除其中一处引用以打破循环"
        )));
    }
}

/// A simple cycle through `start` inside one component: each node with the
/// edge that leaves it.
fn cycle_from(
    g: &DiGraph<SymbolId, Edge>,
    start: NodeIndex,
    component: &[NodeIndex],
) -> Vec<(NodeIndex, Edge)> {
    let inside: HashSet<NodeIndex> = component.iter().copied().collect();
    // Depth-first search for a path back to `start`.
    let mut stack: Vec<(NodeIndex, Vec<(NodeIndex, Edge)>)> = vec![(start, Vec::new())];
    let mut visited = HashSet::new();
    while let Some((node, path)) = stack.pop() {
        let mut edges: Vec<_> = g.edges(node).map(|e| (e.target(), *e.weight())).collect();
        edges.sort_by_key(|(t, e)| (g[*t], e.span));
        for (target, edge) in edges.into_iter().rev() {
            if !inside.contains(&target) {
                continue;
            }
            let mut next = path.clone();
            next.push((node, edge));
            if target == start {
                return next;
            }
            if visited.insert(target) {
                stack.push((target, next));
            }
        }
    }
    Vec::new()
}
