//! The tiaoli language server on tower-lsp-server, run by `tiaoli lsp` over stdio.
//!
//! Only this crate knows LSP types. `convert.rs` turns byte offsets into
//! LSP positions and back; `server.rs` routes each request or notification
//! to its handler in `handlers/` (one file each); `state.rs` holds the open
//! documents and the database, written only by the notification handlers.

pub mod convert;
mod diagnostics;
mod docs;
pub mod edits;
mod handlers;
mod publish;
mod read;
mod server;
mod state;
mod symbol_kind;
mod workspace;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::{LspService, Server};

/// Runs the server over stdin and stdout until `exit` or until stdin
/// closes. Returns the process exit status: 0 when `shutdown` came first,
/// 1 otherwise (as the protocol asks of `exit` without `shutdown`).
pub fn run_stdio() -> u8 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(_) => return 2,
    };
    let shut_down = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&shut_down);
    runtime.block_on(async move {
        let (service, socket) = LspService::new(|client| server::Backend::new(client, flag));
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .concurrency_level(32)
            .serve(service)
            .await;
    });
    // Do not wait for the thread blocked reading stdin (a client may keep
    // it open after `exit`) nor for reads still running on old snapshots.
    runtime.shutdown_background();
    if shut_down.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}
