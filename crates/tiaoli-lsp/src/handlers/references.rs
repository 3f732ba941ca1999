//! `textDocument/references`: every occurrence the checker resolved to
//! what is under the cursor, in every loaded pack.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{Location, ReferenceParams};

use crate::read::{cancelled, read_file};
use crate::server::Backend;

pub async fn handle(backend: &Backend, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
    let at = params.text_document_position;
    let include_declaration = params.context.include_declaration;
    read_file(backend, &at.text_document.uri, move |snapshot, lines| {
        let offset = lines.offset(at.position);
        let found = tiaoli_ide::references(&snapshot.db, lines.file, offset, include_declaration)
            .map_err(cancelled)?;
        let mut locations = Vec::new();
        for place in found {
            locations.extend(snapshot.location(place.file, place.range)?);
        }
        Ok(Some(locations))
    })
    .await
}
