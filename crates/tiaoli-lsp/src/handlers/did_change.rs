//! `textDocument/didChange`: incremental changes, applied in order, to the
//! version they follow.

use tower_lsp_server::ls_types::DidChangeTextDocumentParams;

use crate::edits::apply_changes;
use crate::server::Backend;

pub fn handle(backend: &Backend, params: DidChangeTextDocumentParams) {
    let mut state = backend.state();
    let encoding = state.encoding;
    let Some(doc) = state.documents.get_mut(&params.text_document.uri) else {
        return;
    };
    // Versions only grow: an older one is a change already superseded.
    if params.text_document.version <= doc.version {
        return;
    }
    apply_changes(&mut doc.text, &params.content_changes, encoding);
    doc.version = params.text_document.version;
}
