//! `textDocument/didClose`: the file is read from disk again.

use tower_lsp_server::ls_types::DidCloseTextDocumentParams;

use crate::server::Backend;

pub fn handle(backend: &Backend, params: DidCloseTextDocumentParams) {
    backend.state().documents.remove(&params.text_document.uri);
}
