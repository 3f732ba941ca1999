//! The `LanguageServer` implementation: each method hands over to its
//! handler in `handlers/`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::handlers;
use crate::state::{State, lock};

#[derive(Debug)]
pub struct Backend {
    pub client: Client,
    pub shared: Arc<Mutex<State>>,
    shut_down: Arc<AtomicBool>,
}

impl Backend {
    pub fn new(client: Client, shut_down: Arc<AtomicBool>) -> Self {
        Self {
            client,
            shared: Arc::new(Mutex::new(State::default())),
            shut_down,
        }
    }

    /// The state, for a change that must not be interleaved with another.
    pub fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.shared)
    }
}

impl Backend {
    async fn log_errors(&self, errors: Vec<String>) {
        for error in errors {
            self.client.log_message(MessageType::ERROR, error).await;
        }
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let (result, errors) = handlers::initialize::handle(self, params);
        self.log_errors(errors).await;
        Ok(result)
    }

    async fn initialized(&self, _: InitializedParams) {
        handlers::initialized::handle(self).await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let errors = handlers::did_open::handle(self, params);
        self.log_errors(errors).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let errors = handlers::did_change::handle(self, params);
        self.log_errors(errors).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let errors = handlers::did_close::handle(self, params);
        self.log_errors(errors).await;
    }

    async fn did_change_watched_files(&self, _: DidChangeWatchedFilesParams) {
        let errors = handlers::did_change_watched_files::handle(self);
        self.log_errors(errors).await;
    }
}
