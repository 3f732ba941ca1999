//! Symbols of every loaded file matching a query: each word of the query
//! must appear (ignoring case) in the name or in the titles, either
//! language; failing that, the query's letters in order in the name
//! (`secbody` finds `security_body`). Best matches first.

use tiaoli_db::{Cancellable, Database};
use tiaoli_text::{FileId, TextRange};

use crate::document_symbols::{DocumentSymbol, SymbolKind, document_symbols_in};
use crate::world::World;

/// A match: the symbol's name, titles and kind, where its name is, and
/// the entry it is inside (an article for a rule).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    pub file: FileId,
    pub range: TextRange,
    pub container: Option<String>,
}

/// At most this many answers: a one-letter query must not list a whole
/// generated pack.
pub const MAX_WORKSPACE_SYMBOLS: usize = 256;

pub(crate) fn workspace_symbols_in(world: &dyn World, query: &str) -> Vec<WorkspaceSymbol> {
    let query = query.trim().to_lowercase();
    let mut found: Vec<(u8, WorkspaceSymbol)> = Vec::new();
    for file in world.files() {
        for symbol in document_symbols_in(world, file) {
            collect(&symbol, None, file, &query, &mut found);
        }
    }
    // Stable: equal scores keep file and source order.
    found.sort_by_key(|(score, _)| *score);
    found.truncate(MAX_WORKSPACE_SYMBOLS);
    found.into_iter().map(|(_, s)| s).collect()
}

fn collect(
    symbol: &DocumentSymbol,
    container: Option<&str>,
    file: FileId,
    query: &str,
    out: &mut Vec<(u8, WorkspaceSymbol)>,
) {
    // A chapter entry grouping another file's chapter's articles has an
    // empty selection: the chapter itself is listed where it is declared.
    let synthetic = symbol.selection.is_empty();
    if !synthetic && let Some(score) = score(symbol, query) {
        out.push((
            score,
            WorkspaceSymbol {
                name: symbol.name.clone(),
                detail: symbol.detail.clone(),
                kind: symbol.kind,
                file,
                range: symbol.selection,
                container: container.map(str::to_owned),
            },
        ));
    }
    let inner = if synthetic || symbol.kind == SymbolKind::Chapter {
        container
    } else {
        Some(symbol.name.as_str())
    };
    for child in &symbol.children {
        collect(child, inner, file, query, out);
    }
}

/// Lower is better: 0 exact name, 1 name prefix, 2 every word in the name
/// or titles, 3 letters in order in the name; `None`: no match.
fn score(symbol: &DocumentSymbol, query: &str) -> Option<u8> {
    let name = symbol.name.to_lowercase();
    if query.is_empty() {
        return Some(2);
    }
    if name == query {
        return Some(0);
    }
    if name.starts_with(query) {
        return Some(1);
    }
    let detail = symbol.detail.as_deref().unwrap_or("").to_lowercase();
    if query
        .split_whitespace()
        .all(|w| name.contains(w) || detail.contains(w))
    {
        return Some(2);
    }
    let mut letters = name.chars();
    query
        .chars()
        .filter(|c| !c.is_whitespace())
        .all(|q| letters.any(|c| c == q))
        .then_some(3)
}

/// The symbols of every loaded file that match `query`, best first.
pub fn workspace_symbols(db: &Database, query: &str) -> Cancellable<Vec<WorkspaceSymbol>> {
    crate::snapshot::run(db, |world| workspace_symbols_in(world, query))
}
