//! `textDocument/codeAction`: a diagnostic's fixes (did-you-mean), declaring
//! an undeclared fact, citing a paragraph — each as a workspace edit.

use std::collections::HashMap;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    TextEdit, WorkspaceEdit,
};

use crate::read::{cancelled, read_file};
use crate::server::Backend;

pub async fn handle(
    backend: &Backend,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let range = params.range;
    read_file(
        backend,
        &params.text_document.uri,
        move |snapshot, lines| {
            let range = lines.lines().text_range(range);
            let actions =
                tiaoli_ide::code_actions(&snapshot.db, lines.file, range).map_err(cancelled)?;
            let mut out = Vec::new();
            for action in actions {
                let mut changes: HashMap<_, Vec<TextEdit>> = HashMap::new();
                for (file, range, text) in action.edits {
                    let Some(location) = snapshot.location(file, range)? else {
                        continue;
                    };
                    changes
                        .entry(location.uri)
                        .or_default()
                        .push(TextEdit::new(location.range, text));
                }
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: action.title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    edit: Some(WorkspaceEdit::new(changes)),
                    ..Default::default()
                }));
            }
            Ok(Some(out))
        },
    )
    .await
}
