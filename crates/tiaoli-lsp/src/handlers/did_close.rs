//! `textDocument/didClose`: the file is read from disk again.

use tiaoli_workspace::{Disk, Host as _};
use tower_lsp_server::ls_types::DidCloseTextDocumentParams;

use crate::server::Backend;
use crate::state::path_of;

pub fn handle(backend: &Backend, params: DidCloseTextDocumentParams) -> Vec<String> {
    let Some(path) = path_of(&params.text_document.uri) else {
        return Vec::new();
    };
    let mut state = backend.state();
    if state.documents.remove(&path).is_none() {
        return Vec::new();
    }
    state.semantic_tokens.remove(&params.text_document.uri);
    let errors = match Disk.read(&path) {
        Ok(text) => state.text_changed(&path, &text),
        // Gone from disk, or never saved: load the packs without it.
        Err(_) => state.reload(),
    };
    crate::publish::schedule(&backend.client, &backend.shared, &mut state);
    errors
}
