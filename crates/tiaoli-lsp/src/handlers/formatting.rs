//! `textDocument/formatting`: the file as `tiaoli fmt` writes it, as one
//! edit. A file with syntax errors is left alone (as `tiaoli fmt` does).

use tiaoli_ide::Formatting;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{DocumentFormattingParams, TextEdit};

use crate::read::{cancelled, read_file};
use crate::server::Backend;

pub async fn handle(
    backend: &Backend,
    params: DocumentFormattingParams,
) -> Result<Option<Vec<TextEdit>>> {
    read_file(backend, &params.text_document.uri, |snapshot, lines| {
        Ok(
            match tiaoli_ide::format(&snapshot.db, lines.file).map_err(cancelled)? {
                Formatting::Unchanged => Some(Vec::new()),
                Formatting::Edit { range, text } => {
                    Some(vec![TextEdit::new(lines.range(range), text)])
                }
                Formatting::SyntaxErrors { .. } => None,
            },
        )
    })
    .await
}
