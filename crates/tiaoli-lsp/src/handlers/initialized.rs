//! `initialized`: watch pack files (when the client can), say hello.

use tower_lsp_server::ls_types::*;

use crate::server::Backend;

pub async fn handle(backend: &Backend) {
    let (encoding, watch) = {
        let state = backend.state();
        (state.encoding, state.watch_files)
    };
    if watch {
        let watchers = ["**/*.tiaoli", "**/tiaoli.toml", "**/tiaoli.lock"]
            .into_iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String(glob.to_string()),
                kind: None,
            })
            .collect();
        let registration = Registration {
            id: "tiaoli-pack-files".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers,
            })
            .ok(),
        };
        if let Err(error) = backend.client.register_capability(vec![registration]).await {
            let message = format!("cannot watch pack files: {error}");
            backend
                .client
                .log_message(MessageType::WARNING, message)
                .await;
        }
    }
    let message = format!(
        "tiaoli {} language server, positions in {}",
        env!("CARGO_PKG_VERSION"),
        encoding.kind().as_str()
    );
    backend.client.log_message(MessageType::INFO, message).await;
}
