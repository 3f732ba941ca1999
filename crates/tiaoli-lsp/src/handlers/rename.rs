//! `textDocument/rename`: a fact, definition or rule renamed in every
//! file that names it, as one workspace edit; a refusal (a keyword, a
//! clash…) is an error with the reason, and the rename's note (what the
//! edits do not cover) is shown to the user.

use std::collections::HashMap;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{MessageType, RenameParams, TextEdit, WorkspaceEdit};

use crate::read::{cancelled, read_file};
use crate::server::Backend;

pub async fn handle(backend: &Backend, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let at = params.text_document_position;
    let new_name = params.new_name;
    let answer = read_file(backend, &at.text_document.uri, move |snapshot, lines| {
        let offset = lines.offset(at.position);
        let rename = tiaoli_ide::rename(&snapshot.db, lines.file, offset, &new_name)
            .map_err(cancelled)?
            .map_err(|why| refused(&why))?;
        let mut changes: HashMap<_, Vec<TextEdit>> = HashMap::new();
        for edit in rename.edits {
            let Some(location) = snapshot.location(edit.file, edit.range)? else {
                continue;
            };
            changes
                .entry(location.uri)
                .or_default()
                .push(TextEdit::new(location.range, edit.new_text));
        }
        Ok(Some((WorkspaceEdit::new(changes), rename.note)))
    })
    .await?;
    let Some((edit, note)) = answer else {
        return Ok(None);
    };
    if let Some(note) = note {
        backend.client.show_message(MessageType::INFO, note).await;
    }
    Ok(Some(edit))
}

/// A rename refused, with the reason (LSP's `RequestFailed`).
pub fn refused(why: &tiaoli_ide::RenameError) -> Error {
    Error {
        code: ErrorCode::ServerError(-32803),
        message: why.to_string().into(),
        data: None,
    }
}
