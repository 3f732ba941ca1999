//! `textDocument/codeAction`: a diagnostic's fixes (did-you-mean), declaring
//! an undeclared fact, citing a paragraph — each as a workspace edit, of
//! kind quickfix, with the diagnostics it fixes (as published); a
//! diagnostic's only did-you-mean is the preferred fix.

use std::collections::HashMap;

use tiaoli_diagnostics::{Code, Diagnostic};
use tiaoli_ide::Action;
use tiaoli_text::FileId;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    TextEdit, WorkspaceEdit,
};

use crate::diagnostics::to_lsp;
use crate::publish::SnapshotFiles;
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
            let db = &snapshot.db;
            let actions = tiaoli_ide::code_actions(db, lines.file, range).map_err(cancelled)?;
            let diagnostics = db.file_diagnostics(lines.file).map_err(cancelled)?;
            let text = db.text(lines.file).unwrap_or_default();
            let files =
                SnapshotFiles::new(db, &snapshot.uris, snapshot.encoding).map_err(cancelled)?;
            let mut out = Vec::new();
            for action in actions {
                let fixed: Vec<&Diagnostic> = diagnostics
                    .iter()
                    .filter(|d| fixes(&action, d, lines.file, &text))
                    .collect();
                // The one did-you-mean of a diagnostic is the fix to apply.
                let preferred = fixed.len() == 1 && fixed.iter().all(|d| d.fixes.len() == 1);
                let fixed: Vec<_> = fixed
                    .into_iter()
                    .filter_map(|d| to_lsp(d, &files, &snapshot.docs, snapshot.lang))
                    .collect();
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
                    diagnostics: (!fixed.is_empty()).then_some(fixed),
                    edit: Some(WorkspaceEdit::new(changes)),
                    is_preferred: preferred.then_some(true),
                    ..Default::default()
                }));
            }
            Ok(Some(out))
        },
    )
    .await
}

/// Whether `action` fixes `d`: it is one of `d`'s own fixes, or it
/// declares the fact `d` says is unknown (`declare `fact NAME: …``).
fn fixes(action: &Action, d: &Diagnostic, file: FileId, text: &str) -> bool {
    if d.fixes
        .iter()
        .any(|f| f.title == action.title && f.edits == action.edits)
    {
        return true;
    }
    let Some(name) = action
        .title
        .strip_prefix("declare `fact ")
        .and_then(|rest| rest.split(':').next())
    else {
        return false;
    };
    d.code == Code::N001
        && d.primary()
            .filter(|label| label.file == file)
            .and_then(|label| text.get(label.range.as_range()))
            .is_some_and(|used| used == name)
}
