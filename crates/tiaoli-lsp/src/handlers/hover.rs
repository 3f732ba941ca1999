//! `textDocument/hover`: what the name under the cursor means (an article's
//! text in both languages, a fact's type and description, a rule…).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use crate::read::{cancelled, read_file};
use crate::server::Backend;

pub async fn handle(backend: &Backend, params: HoverParams) -> Result<Option<Hover>> {
    let at = params.text_document_position_params;
    read_file(backend, &at.text_document.uri, move |snapshot, lines| {
        let offset = lines.offset(at.position);
        let hover = tiaoli_ide::hover(&snapshot.db, lines.file, offset).map_err(cancelled)?;
        Ok(hover.map(|hover| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: hover.markdown,
            }),
            range: Some(lines.range(hover.range)),
        }))
    })
    .await
}
