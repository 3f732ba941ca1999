//! Linking the loaded packs' dependencies and ordering the packs.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use indexmap::IndexMap;
use tiaoli_diagnostics::{Code, Diagnostic, Msg, msg};

use crate::manifest::{Manifest, PackKind};
use crate::suggest;

/// The result of [`resolve`]. Indices are into the slice of manifests given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resolution {
    /// Every pack exactly once, dependencies before their dependents. Packs
    /// in a cycle (reported as `M006`) are kept together in load order;
    /// otherwise, among packs free to go next, the earliest loaded goes first.
    pub order: Vec<usize>,
    /// Per pack, the packs its dependencies resolved to, in the order the
    /// dependencies are written. A dependency on a pack that is not loaded
    /// (`M004`) has no entry; one whose version does not match (`M005`)
    /// still does.
    pub deps: Vec<Vec<usize>>,
    /// `M004`–`M008`, in reading order (file, position, code).
    pub diagnostics: Vec<Diagnostic>,
}

impl Resolution {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// A resolved dependency edge: from a pack, through its `entry`-th
/// dependency, to the pack `to`.
#[derive(Clone, Copy)]
struct Edge {
    to: usize,
    entry: usize,
}

/// Resolves every dependency among the loaded packs (`manifests`, in load
/// order) and orders them. Output is deterministic for a given input.
pub fn resolve(manifests: &[Manifest]) -> Resolution {
    let mut diagnostics = Vec::new();

    let mut by_name: IndexMap<&str, Vec<usize>> = IndexMap::new();
    for (i, m) in manifests.iter().enumerate() {
        by_name.entry(m.name.as_str()).or_default().push(i);
    }
    for (name, packs) in &by_name {
        if packs.len() > 1 {
            diagnostics.push(duplicate(manifests, name, packs));
        }
    }

    let mut edges: Vec<Vec<Edge>> = Vec::with_capacity(manifests.len());
    let mut unresolved = vec![false; manifests.len()];
    for (i, m) in manifests.iter().enumerate() {
        let mut out = Vec::new();
        for (entry, dep) in m.dependencies.iter().enumerate() {
            let Some(candidates) = by_name.get(dep.name.as_str()) else {
                unresolved[i] = true;
                let mut d = Diagnostic::new(
                    Code::M004,
                    msg!(
                        en: "dependency `{}` is not loaded",
                        zh: "依赖 `{}` 未加载",
                        dep.name
                    ),
                )
                .with_primary(
                    m.file,
                    dep.name_span,
                    msg!(
                        en: "no loaded pack is named `{}`",
                        zh: "没有已加载的规则包名为 `{}`",
                        dep.name
                    ),
                );
                d = match suggest::closest(&dep.name, by_name.keys().copied()) {
                    Some(s) => {
                        d.with_help(msg!(en: "did you mean `{s}`?", zh: "您是否想写 `{s}`？"))
                    }
                    None => d.with_help(msg!(
                        en: "load the pack `{}` as well, or remove this dependency",
                        zh: "请同时加载规则包 `{}`，或删除此依赖",
                        dep.name
                    )),
                };
                diagnostics.push(d);
                continue;
            };
            let matching = candidates
                .iter()
                .copied()
                .find(|&j| dep.req.matches(&manifests[j].version));
            let to = match matching {
                Some(j) => j,
                None => {
                    let j = candidates[0];
                    let versions: Vec<String> = candidates
                        .iter()
                        .map(|&c| manifests[c].version.to_string())
                        .collect();
                    let mut d = Diagnostic::new(
                        Code::M005,
                        msg!(
                            en: "loaded pack `{}` does not satisfy the requirement `{}`",
                            zh: "已加载的规则包 `{}` 不满足版本要求 `{}`",
                            dep.name,
                            dep.req
                        ),
                    )
                    .with_primary(
                        m.file,
                        dep.req_span,
                        msg!(en: "requires `{}` {}", zh: "要求 `{}` {}", dep.name, dep.req),
                    );
                    for &c in candidates {
                        d = d.with_secondary(
                            manifests[c].file,
                            manifests[c].version_span,
                            msg!(
                                en: "`{}` is version {}",
                                zh: "`{}` 的版本为 {}",
                                dep.name,
                                manifests[c].version
                            ),
                        );
                    }
                    d = d.with_note(if versions.len() == 1 {
                        msg!(
                            en: "the loaded `{}` is version {}",
                            zh: "已加载的 `{}` 版本为 {}",
                            dep.name,
                            versions[0]
                        )
                    } else {
                        msg!(
                            en: "the loaded packs named `{}` are versions {}",
                            zh: "已加载的名为 `{}` 的规则包版本为 {}",
                            dep.name,
                            versions.join(", ")
                        )
                    });
                    diagnostics.push(d.with_help(msg!(
                        en: "load a version that satisfies the requirement, or change the requirement",
                        zh: "请加载满足该要求的版本，或修改版本要求"
                    )));
                    j
                }
            };
            out.push(Edge { to, entry });
        }
        edges.push(out);
    }

    let sccs = strongly_connected(&edges);
    for scc in &sccs {
        if let Some(d) = cycle(manifests, &edges, scc) {
            diagnostics.push(d);
        }
    }

    for (i, m) in manifests.iter().enumerate() {
        if m.kind != PackKind::Sector || unresolved[i] {
            continue;
        }
        if edges[i]
            .iter()
            .any(|e| manifests[e.to].kind == PackKind::Regulation)
        {
            continue;
        }
        diagnostics.push(sector_without_regulation(manifests, m));
    }

    diagnostics.sort_by_key(Diagnostic::sort_key);
    Resolution {
        order: order(&edges, &sccs),
        deps: edges
            .iter()
            .map(|out| out.iter().map(|e| e.to).collect())
            .collect(),
        diagnostics,
    }
}

fn duplicate(manifests: &[Manifest], name: &str, packs: &[usize]) -> Diagnostic {
    let first = &manifests[packs[0]];
    let second = &manifests[packs[1]];
    let count = match packs.len() {
        2 => "two".to_owned(),
        n => n.to_string(),
    };
    let count_zh = match packs.len() {
        2 => "两".to_owned(),
        n => format!(" {n} "),
    };
    let mut d = Diagnostic::new(
        Code::M007,
        msg!(en: "{count} packs are named `{name}`", zh: "有{count_zh}个规则包都名为 `{name}`"),
    )
    .with_primary(
        second.file,
        second.name_span,
        msg!(
            en: "`{name}` {} is loaded here",
            zh: "`{name}` {} 在此处加载",
            second.version
        ),
    )
    .with_secondary(
        first.file,
        first.name_span,
        msg!(
            en: "`{name}` {} is already loaded here",
            zh: "`{name}` {} 已在此处加载",
            first.version
        ),
    );
    for &p in &packs[2..] {
        let m = &manifests[p];
        d = d.with_secondary(
            m.file,
            m.name_span,
            msg!(
                en: "`{name}` {} is loaded here too",
                zh: "`{name}` {} 也在此处加载",
                m.version
            ),
        );
    }
    d.with_help(msg!(
        en: "load only one pack of each name",
        zh: "每个名称只能加载一个规则包"
    ))
}

/// Reports a cycle through the component `scc`, if it has one: the shortest
/// cycle from its earliest-loaded pack back to itself.
fn cycle(manifests: &[Manifest], edges: &[Vec<Edge>], scc: &[usize]) -> Option<Diagnostic> {
    let start = *scc.iter().min()?;
    let in_scc = |n: usize| scc.contains(&n);
    // Breadth-first from `start`; `via[n]` is the edge that first reached n.
    let mut via: Vec<Option<(usize, Edge)>> = vec![None; manifests.len()];
    let mut queue = VecDeque::from([start]);
    let mut closing = None;
    'search: while let Some(n) = queue.pop_front() {
        for &e in &edges[n] {
            if e.to == start {
                closing = Some((n, e));
                break 'search;
            }
            if in_scc(e.to) && via[e.to].is_none() {
                via[e.to] = Some((n, e));
                queue.push_back(e.to);
            }
        }
    }
    let (mut at, last) = closing?;
    let mut path = vec![(at, last)];
    while at != start {
        let (from, e) = via[at]?;
        path.push((from, e));
        at = from;
    }
    path.reverse();

    let name = |i: usize| manifests[i].name.as_str();
    let message = if path.len() == 1 {
        msg!(
            en: "pack `{}` depends on itself",
            zh: "规则包 `{}` 依赖其自身",
            name(start)
        )
    } else {
        let mut chain: Vec<String> = path
            .iter()
            .map(|(from, _)| format!("`{}`", name(*from)))
            .collect();
        chain.push(format!("`{}`", name(start)));
        msg!(
            en: "pack dependency cycle: {}",
            zh: "规则包循环依赖：{}",
            chain.join(" → ")
        )
    };
    let mut d = Diagnostic::new(Code::M006, message);
    for (k, (from, e)) in path.iter().enumerate() {
        let m = &manifests[*from];
        let span = m.dependencies[e.entry].span;
        let label = if e.to == *from {
            msg!(
                en: "`{}` depends on itself here",
                zh: "`{}` 在此处依赖其自身",
                name(*from)
            )
        } else {
            msg!(
                en: "`{}` depends on `{}`",
                zh: "`{}` 依赖 `{}`",
                name(*from),
                name(e.to)
            )
        };
        d = if k == 0 {
            d.with_primary(m.file, span, label)
        } else {
            d.with_secondary(m.file, span, label)
        };
    }
    Some(d.with_help(msg!(
        en: "remove one of these dependencies; declarations both packs need belong in a pack \
             they can both depend on",
        zh: "请删除其中一个依赖；两个规则包都需要的声明应放在它们都能依赖的规则包中"
    )))
}

fn sector_without_regulation(manifests: &[Manifest], m: &Manifest) -> Diagnostic {
    let mut d = Diagnostic::new(
        Code::M008,
        msg!(
            en: "sector pack `{}` does not depend on a regulation pack",
            zh: "行业规则包 `{}` 没有依赖法规规则包",
            m.name
        ),
    )
    .with_primary(
        m.file,
        m.kind_span,
        msg!(en: "declared a sector pack here", zh: "在此处声明为行业规则包"),
    );
    for dep in &m.dependencies {
        if let Some(target) = manifests.iter().find(|t| t.name == dep.name) {
            d = d.with_secondary(
                m.file,
                dep.span,
                Msg::new(
                    format!("`{}` is a {} pack", dep.name, target.kind),
                    format!("`{}` 是{}规则包", dep.name, target.kind.zh_name()),
                ),
            );
        }
    }
    let regulations: Vec<&Manifest> = manifests
        .iter()
        .filter(|r| r.kind == PackKind::Regulation)
        .collect();
    let help = match regulations.as_slice() {
        [r] => msg!(
            en: "a sector pack implements a regulation's extension points; add the regulation \
                 under `[dependencies]`, like `{} = \"^{}.{}\"`",
            zh: "行业规则包实现法规的扩展点；请在 `[dependencies]` 下添加该法规，\
                 如 `{} = \"^{}.{}\"`",
            r.name,
            r.version.major,
            r.version.minor
        ),
        [] => msg!(
            en: "a sector pack implements a regulation's extension points; add the regulation \
                 under `[dependencies]`",
            zh: "行业规则包实现法规的扩展点；请在 `[dependencies]` 下添加该法规"
        ),
        many => {
            let names: Vec<&str> = many.iter().map(|r| r.name.as_str()).collect();
            Msg::new(
                format!(
                    "a sector pack implements a regulation's extension points; add the regulation \
                     under `[dependencies]` (loaded regulations: {})",
                    suggest::list(&names, "and")
                ),
                format!(
                    "行业规则包实现法规的扩展点；请在 `[dependencies]` 下添加该法规\
                     （已加载的法规：{}）",
                    suggest::list_zh(&names, "和")
                ),
            )
        }
    };
    d.with_help(help)
}

/// Tarjan's strongly connected components, iteratively, visiting nodes and
/// edges in order. Components come out dependencies first; each is sorted.
fn strongly_connected(edges: &[Vec<Edge>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();

    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, position in its edge list)
        let mut work = vec![(root, 0usize)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut pos)) = work.last_mut() {
            if let Some(e) = edges[v].get(*pos) {
                *pos += 1;
                let w = e.to;
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut scc = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    scc.push(w);
                    if w == v {
                        break;
                    }
                }
                scc.sort_unstable();
                out.push(scc);
            }
        }
    }
    out
}

/// Dependencies first; among the components ready to go, the one with the
/// earliest-loaded pack goes first.
fn order(edges: &[Vec<Edge>], sccs: &[Vec<usize>]) -> Vec<usize> {
    let mut component = vec![0; edges.len()];
    for (c, scc) in sccs.iter().enumerate() {
        for &n in scc {
            component[n] = c;
        }
    }
    // waiting[c]: dependencies of c not yet placed; dependents[c]: the
    // components waiting on c.
    let mut waiting = vec![0usize; sccs.len()];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); sccs.len()];
    for (from, out) in edges.iter().enumerate() {
        let mut seen = Vec::new();
        for e in out {
            let (a, b) = (component[from], component[e.to]);
            if a != b && !seen.contains(&b) {
                seen.push(b);
                waiting[a] += 1;
                dependents[b].push(a);
            }
        }
    }
    let first = |c: usize| sccs[c].first().copied().unwrap_or(usize::MAX);
    let mut ready: BinaryHeap<Reverse<(usize, usize)>> = (0..sccs.len())
        .filter(|&c| waiting[c] == 0)
        .map(|c| Reverse((first(c), c)))
        .collect();
    let mut order = Vec::with_capacity(edges.len());
    while let Some(Reverse((_, c))) = ready.pop() {
        order.extend_from_slice(&sccs[c]);
        for &d in &dependents[c] {
            waiting[d] -= 1;
            if waiting[d] == 0 {
                ready.push(Reverse((first(d), d)));
            }
        }
    }
    order
}

#[cfg(test)]
mod tests;
