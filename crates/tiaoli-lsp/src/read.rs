//! Requests read on a snapshot of the database, in a blocking task, so that
//! the server keeps taking edits meanwhile. An edit makes the snapshot
//! stale: salsa cancels the read, answered with `ContentModified`. A
//! `$/cancelRequest` drops the request's future, which cancels the read.

use std::collections::HashMap;
use std::sync::Arc;

use salsa::{CancellationToken, Database as _};
use tiaoli_db::{Cancelled, Database};
use tiaoli_ide::Lang;
use tiaoli_text::{FileId, LineIndex, TextRange};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{Location, Position, Range, Uri};

use crate::convert::{Encoding, Lines};
use crate::docs::DocsLinks;
use crate::server::Backend;
use crate::state::path_of;

/// A snapshot of the database with what converting its answers needs.
#[derive(Debug)]
pub struct Snapshot {
    pub db: Database,
    pub encoding: Encoding,
    pub lang: Lang,
    pub uris: Arc<HashMap<FileId, Uri>>,
    pub docs: Arc<DocsLinks>,
}

/// A file's text and line index as a snapshot has them, so that positions
/// convert against the text the answer was computed on.
#[derive(Debug)]
pub struct FileLines {
    pub file: FileId,
    text: Arc<str>,
    index: Arc<LineIndex>,
    encoding: Encoding,
}

impl FileLines {
    pub fn lines(&self) -> Lines<'_> {
        Lines {
            text: &self.text,
            index: &self.index,
            encoding: self.encoding,
        }
    }

    pub fn offset(&self, position: Position) -> usize {
        self.lines().offset(position)
    }

    pub fn range(&self, range: TextRange) -> Range {
        self.lines().range(range)
    }
}

impl Snapshot {
    /// A file's lines.
    pub fn lines(&self, file: FileId) -> Result<FileLines> {
        Ok(FileLines {
            file,
            text: self.db.text(file).unwrap_or_default(),
            index: self.db.line_index(file).map_err(cancelled)?,
            encoding: self.encoding,
        })
    }

    /// The URI of a file of the snapshot.
    pub fn uri(&self, file: FileId) -> Option<Uri> {
        self.uris.get(&file).cloned()
    }

    /// An LSP location of a range in any file of the snapshot.
    pub fn location(&self, file: FileId, range: TextRange) -> Result<Option<Location>> {
        let Some(uri) = self.uri(file) else {
            return Ok(None);
        };
        Ok(Some(Location::new(uri, self.lines(file)?.range(range))))
    }
}

/// Runs `read` on a snapshot, for the document `uri` (`Ok(None)` when the
/// server does not hold it).
pub async fn read_file<T: Send + 'static>(
    backend: &Backend,
    uri: &Uri,
    read: impl FnOnce(&Snapshot, &FileLines) -> Result<Option<T>> + Send + 'static,
) -> Result<Option<T>> {
    let Some(path) = path_of(uri) else {
        return Ok(None);
    };
    let Some(file) = backend.state().file(&path) else {
        return Ok(None);
    };
    read_workspace(backend, move |snapshot| {
        let lines = snapshot.lines(file)?;
        read(snapshot, &lines)
    })
    .await
}

/// Runs `read` on a snapshot of the whole workspace.
pub async fn read_workspace<T: Send + 'static>(
    backend: &Backend,
    read: impl FnOnce(&Snapshot) -> Result<T> + Send + 'static,
) -> Result<T> {
    let snapshot = {
        let state = backend.state();
        Snapshot {
            db: state.db().clone(),
            encoding: state.encoding,
            lang: state.lang,
            uris: Arc::clone(&state.loaded.uris),
            docs: Arc::clone(&state.docs),
        }
    };
    let cancel = CancelOnDrop(Some(snapshot.db.cancellation_token()));
    let task = tokio::task::spawn_blocking(move || read(&snapshot));
    let answer = task.await;
    cancel.disarm();
    // A panic in a feature is a failed request, never a dead server.
    answer.unwrap_or_else(|_| Err(Error::internal_error()))
}

/// The answer to a read that an edit made stale (or that was cancelled).
pub fn cancelled(cancelled: Cancelled) -> Error {
    match cancelled {
        Cancelled::Local => Error::request_cancelled(),
        _ => Error::new(ErrorCode::ContentModified),
    }
}

/// Cancels a read when the request's future is dropped before the read is
/// done (tower-lsp-server drops it on `$/cancelRequest`).
struct CancelOnDrop(Option<CancellationToken>);

impl CancelOnDrop {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if let Some(token) = &self.0 {
            token.cancel();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `CancelOnDrop` relies on: cancelling a snapshot's token makes
    /// its next read fail, answered `RequestCancelled`, while the database
    /// it was cloned from still answers; an edit makes an older snapshot's
    /// read fail, answered `ContentModified`.
    #[test]
    fn a_cancelled_or_stale_snapshot_read_is_an_error_not_an_answer() {
        let mut db = Database::new();
        let file = db.add_file("a.tiaoli", "fact x: bool {\n  zh \"运营者\"\n}\n");
        let snapshot = db.clone();
        snapshot.cancellation_token().cancel();
        let error = snapshot.file_diagnostics(file).map_err(cancelled);
        assert_eq!(
            error.err().map(|e| e.code),
            Some(ErrorCode::RequestCancelled)
        );
        drop(snapshot);
        assert!(db.file_diagnostics(file).is_ok());

        let snapshot = db.clone();
        let reader = std::thread::spawn(move || {
            // Keep reading until the edit below cancels the snapshot.
            loop {
                if let Err(error) = snapshot.checked().map_err(cancelled) {
                    return error.code;
                }
                std::thread::yield_now();
            }
        });
        db.set_file_text(file, "fact y: bool {\n  zh \"运营者\"\n}\n");
        assert_eq!(reader.join().ok(), Some(ErrorCode::ContentModified));
    }
}
