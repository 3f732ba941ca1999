//! The `LanguageServer` implementation: each method hands over to its
//! handler in `handlers/`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::handlers;
use crate::state::State;

#[derive(Debug)]
pub struct Backend {
    pub client: Client,
    state: Mutex<State>,
    shut_down: Arc<AtomicBool>,
}

impl Backend {
    pub fn new(client: Client, shut_down: Arc<AtomicBool>) -> Self {
        Self {
            client,
            state: Mutex::new(State::default()),
            shut_down,
        }
    }

    /// The state, for a change that must not be interleaved with another.
    /// A handler that panicked while holding it left it as it was between
    /// two edits, so a poisoned lock is taken over rather than given up.
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        Ok(handlers::initialize::handle(self, params))
    }

    async fn initialized(&self, _: InitializedParams) {
        let encoding = self.state().encoding;
        let message = format!(
            "tiaoli {} language server, positions in {}",
            env!("CARGO_PKG_VERSION"),
            encoding.kind().as_str()
        );
        self.client.log_message(MessageType::INFO, message).await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        handlers::did_open::handle(self, params);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        handlers::did_change::handle(self, params);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        handlers::did_close::handle(self, params);
    }
}
