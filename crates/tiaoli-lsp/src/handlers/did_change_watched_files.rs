//! `workspace/didChangeWatchedFiles`: a pack file or manifest changed on
//! disk (created, saved by another program, deleted): load the packs again.

use crate::server::Backend;

pub fn handle(backend: &Backend) -> Vec<String> {
    let mut state = backend.state();
    let errors = state.reload();
    crate::publish::schedule(&backend.client, &backend.shared, &mut state);
    errors
}
