//! `textDocument/prepareRename`: the name the cursor is on, if it can be
//! renamed; otherwise an error saying why, which the editor shows.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{PrepareRenameResponse, TextDocumentPositionParams};

use crate::handlers::rename::refused;
use crate::read::{cancelled, read_file};
use crate::server::Backend;

pub async fn handle(
    backend: &Backend,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    read_file(
        backend,
        &params.text_document.uri,
        move |snapshot, lines| {
            let offset = lines.offset(params.position);
            match tiaoli_ide::prepare_rename(&snapshot.db, lines.file, offset).map_err(cancelled)? {
                Ok(range) => Ok(Some(PrepareRenameResponse::Range(lines.range(range)))),
                Err(why) => Err(refused(&why)),
            }
        },
    )
    .await
}
