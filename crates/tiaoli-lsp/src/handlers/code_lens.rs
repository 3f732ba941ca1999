//! `textDocument/codeLens`: on each pack test, a lens that runs it
//! (`tiaoli.runTest`), titled with the last run's result once there is one.

use serde_json::json;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{CodeLens, CodeLensParams, Command};

use crate::read::{cancelled, read_file};
use crate::server::Backend;
use crate::state::path_of;

/// The command a test's lens runs: arguments `[uri, test name]`.
pub const RUN_TEST: &str = "tiaoli.runTest";

pub async fn handle(backend: &Backend, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
    let uri = params.text_document.uri;
    let results = {
        let state = backend.state();
        path_of(&uri)
            .map(|path| state.test_results.get(&path).cloned().unwrap_or_default())
            .unwrap_or_default()
    };
    let arg = uri.clone();
    read_file(backend, &uri, move |snapshot, lines| {
        let lenses = tiaoli_ide::test_lenses(&snapshot.db, lines.file).map_err(cancelled)?;
        let lenses = lenses
            .into_iter()
            .map(|lens| {
                let title = match results.get(&lens.name) {
                    None => "▶ Run test".to_string(),
                    Some(true) => "✓ passed · run again".to_string(),
                    Some(false) => "✗ failed · run again".to_string(),
                };
                CodeLens {
                    range: lines.range(lens.range),
                    command: Some(Command {
                        title,
                        command: RUN_TEST.to_string(),
                        arguments: Some(vec![json!(arg.as_str()), json!(lens.name)]),
                    }),
                    data: None,
                }
            })
            .collect();
        Ok(Some(lenses))
    })
    .await
}
