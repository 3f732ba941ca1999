//! `textDocument/documentSymbol`: the outline (chapters → articles →
//! rules and declarations).

use tiaoli_text::TextRange;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse};

use crate::read::{FileLines, cancelled, read_file};
use crate::server::Backend;
use crate::symbol_kind::symbol_kind;

pub async fn handle(
    backend: &Backend,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    read_file(backend, &params.text_document.uri, |snapshot, lines| {
        let symbols = tiaoli_ide::document_symbols(&snapshot.db, lines.file).map_err(cancelled)?;
        let symbols = symbols.iter().map(|s| convert(s, lines)).collect();
        Ok(Some(DocumentSymbolResponse::Nested(symbols)))
    })
    .await
}

fn convert(symbol: &tiaoli_ide::DocumentSymbol, lines: &FileLines) -> DocumentSymbol {
    #[expect(deprecated, reason = "the protocol's `deprecated` field must be set")]
    DocumentSymbol {
        name: symbol.name.clone(),
        detail: symbol.detail.clone(),
        kind: symbol_kind(symbol.kind),
        tags: None,
        deprecated: None,
        range: lines.range(symbol.range),
        // A chapter declared in another file has no name here to select.
        selection_range: if symbol.selection.is_empty() {
            lines.range(TextRange::new(symbol.range.start(), symbol.range.start()))
        } else {
            lines.range(symbol.selection)
        },
        children: (!symbol.children.is_empty())
            .then(|| symbol.children.iter().map(|c| convert(c, lines)).collect()),
    }
}
