//! `textDocument/didOpen`: the client's text replaces the file's. A file
//! the workspace does not hold yet loads its pack (or itself, alone).

use tower_lsp_server::ls_types::DidOpenTextDocumentParams;

use crate::server::Backend;
use crate::state::{Document, path_of};
use crate::workspace::root_for;

pub fn handle(backend: &Backend, params: DidOpenTextDocumentParams) -> Vec<String> {
    let doc = params.text_document;
    let Some(path) = path_of(&doc.uri) else {
        return Vec::new();
    };
    let mut state = backend.state();
    let document = Document {
        uri: doc.uri,
        version: doc.version,
        text: doc.text,
    };
    let text = document.text.clone();
    state.documents.insert(path.clone(), document);
    if state.file(&path).is_none() {
        let root = root_for(&path);
        if !state.roots.contains(&root) {
            state.roots.push(root);
        }
    }
    let errors = state.text_changed(&path, &text);
    crate::publish::schedule(&backend.client, &backend.shared, &mut state);
    errors
}
