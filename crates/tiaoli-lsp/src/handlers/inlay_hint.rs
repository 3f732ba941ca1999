//! `textDocument/inlayHint`: the cited article's title after a citation,
//! in the client's language (Chinese when its locale is `zh…`).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{InlayHint, InlayHintLabel, InlayHintParams};

use crate::read::{cancelled, read_file};
use crate::server::Backend;

pub async fn handle(backend: &Backend, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
    let range = params.range;
    read_file(
        backend,
        &params.text_document.uri,
        move |snapshot, lines| {
            let range = lines.lines().text_range(range);
            let hints = tiaoli_ide::inlay_hints(&snapshot.db, lines.file, range, snapshot.lang)
                .map_err(cancelled)?;
            let hints = hints
                .into_iter()
                .map(|hint| InlayHint {
                    position: lines.lines().position(hint.offset),
                    label: InlayHintLabel::String(hint.label),
                    kind: None,
                    text_edits: None,
                    tooltip: None,
                    padding_left: Some(true),
                    padding_right: None,
                    data: None,
                })
                .collect();
            Ok(Some(hints))
        },
    )
    .await
}
