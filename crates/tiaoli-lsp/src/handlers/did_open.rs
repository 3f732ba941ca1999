//! `textDocument/didOpen`: the client's text replaces the file's.

use tower_lsp_server::ls_types::DidOpenTextDocumentParams;

use crate::server::Backend;
use crate::state::Document;

pub fn handle(backend: &Backend, params: DidOpenTextDocumentParams) {
    let doc = params.text_document;
    let mut state = backend.state();
    state.documents.insert(
        doc.uri,
        Document {
            version: doc.version,
            text: doc.text,
        },
    );
}
