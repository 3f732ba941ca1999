//! `textDocument/foldingRange`: declarations, blocks and comment runs.

use tiaoli_ide::FoldKind;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeKind, FoldingRangeParams};

use crate::read::{cancelled, read_file};
use crate::server::Backend;

pub async fn handle(
    backend: &Backend,
    params: FoldingRangeParams,
) -> Result<Option<Vec<FoldingRange>>> {
    read_file(backend, &params.text_document.uri, |snapshot, lines| {
        let folds = tiaoli_ide::folding_ranges(&snapshot.db, lines.file).map_err(cancelled)?;
        let ranges = folds
            .into_iter()
            .filter_map(|fold| {
                let range = lines.range(fold.range);
                // Folding is by lines: a fold within one line folds nothing.
                (range.end.line > range.start.line).then_some(FoldingRange {
                    start_line: range.start.line,
                    start_character: None,
                    end_line: range.end.line,
                    end_character: None,
                    kind: Some(match fold.kind {
                        FoldKind::Block => FoldingRangeKind::Region,
                        FoldKind::Comment => FoldingRangeKind::Comment,
                    }),
                    collapsed_text: None,
                })
            })
            .collect();
        Ok(Some(ranges))
    })
    .await
}
