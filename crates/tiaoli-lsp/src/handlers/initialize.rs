//! `initialize`: negotiate the position encoding, announce what works.

use tower_lsp_server::ls_types::*;

use crate::convert::Encoding;
use crate::server::Backend;

pub fn handle(backend: &Backend, params: InitializeParams) -> InitializeResult {
    let encoding = Encoding::negotiate(&params.capabilities);
    backend.state().encoding = encoding;
    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    ..Default::default()
                },
            )),
            ..Default::default()
        },
        server_info: Some(ServerInfo {
            name: "tiaoli".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
        offset_encoding: Some(encoding.kind().as_str().to_string()),
    }
}
