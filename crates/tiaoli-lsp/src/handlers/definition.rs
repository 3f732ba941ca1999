//! `textDocument/definition`: from a name, citation or qualifier to the
//! name (or number) in its declaration, in whatever file declares it.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{GotoDefinitionParams, GotoDefinitionResponse};

use crate::read::{cancelled, read_file};
use crate::server::Backend;

pub async fn handle(
    backend: &Backend,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    let at = params.text_document_position_params;
    read_file(backend, &at.text_document.uri, move |snapshot, lines| {
        let offset = lines.offset(at.position);
        let found =
            tiaoli_ide::goto_definition(&snapshot.db, lines.file, offset).map_err(cancelled)?;
        let mut locations = Vec::new();
        for place in found {
            locations.extend(snapshot.location(place.file, place.range)?);
        }
        Ok((!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations)))
    })
    .await
}
