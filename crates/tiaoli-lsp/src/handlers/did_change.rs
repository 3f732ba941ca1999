//! `textDocument/didChange`: incremental changes, applied in order, to the
//! version they follow.

use tower_lsp_server::ls_types::DidChangeTextDocumentParams;

use crate::edits::apply_changes;
use crate::server::Backend;
use crate::state::path_of;

pub fn handle(backend: &Backend, params: DidChangeTextDocumentParams) -> Vec<String> {
    let Some(path) = path_of(&params.text_document.uri) else {
        return Vec::new();
    };
    let mut state = backend.state();
    let encoding = state.encoding;
    let Some(doc) = state.documents.get_mut(&path) else {
        return vec![format!("change to `{}`, which is not open", path.display())];
    };
    // Versions only grow: an older one is a change already superseded.
    if params.text_document.version <= doc.version {
        return vec![format!(
            "change to `{}` for version {}, not after {}: ignored",
            path.display(),
            params.text_document.version,
            doc.version
        )];
    }
    apply_changes(&mut doc.text, &params.content_changes, encoding);
    doc.version = params.text_document.version;
    let text = doc.text.clone();
    let errors = state.text_changed(&path, &text);
    crate::publish::schedule(&backend.client, &backend.shared, &mut state);
    errors
}
