//! `workspace/symbol`: declarations of every loaded pack matching a query.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    OneOf, WorkspaceSymbol, WorkspaceSymbolParams, WorkspaceSymbolResponse,
};

use crate::read::{cancelled, read_workspace};
use crate::server::Backend;
use crate::symbol_kind::symbol_kind;

pub async fn handle(
    backend: &Backend,
    params: WorkspaceSymbolParams,
) -> Result<Option<WorkspaceSymbolResponse>> {
    read_workspace(backend, move |snapshot| {
        let found =
            tiaoli_ide::workspace_symbols(&snapshot.db, &params.query).map_err(cancelled)?;
        let mut symbols = Vec::new();
        for symbol in found {
            let Some(location) = snapshot.location(symbol.file, symbol.range)? else {
                continue;
            };
            symbols.push(WorkspaceSymbol {
                name: symbol.name,
                kind: symbol_kind(symbol.kind),
                tags: None,
                container_name: symbol.container,
                location: OneOf::Left(location),
                data: None,
            });
        }
        Ok(Some(WorkspaceSymbolResponse::Nested(symbols)))
    })
    .await
}
