//! Diagnostics as you type: after each change, wait a moment (a newer
//! change supersedes a pending run), compute every file's diagnostics on a
//! snapshot in a blocking task, and publish them unless a change came
//! meanwhile. Files that had diagnostics and have none get an empty list.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tiaoli_db::{Cancellable, Database};
use tiaoli_diagnostics::Lang;
use tiaoli_text::FileId;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use crate::convert::{Encoding, Lines};
use crate::diagnostics::{Files, to_lsp};
use crate::docs::DocsLinks;
use crate::state::{State, lock};

/// How long the server waits after a change before checking: long enough
/// that a burst of keystrokes costs one run.
const DEBOUNCE: Duration = Duration::from_millis(60);

/// Schedules a diagnostics run for the state as it is now (call it with
/// the state's lock held, right after a change).
pub fn schedule(client: &Client, shared: &Arc<Mutex<State>>, state: &mut State) {
    state.generation += 1;
    let generation = state.generation;
    let client = client.clone();
    let shared = Arc::clone(shared);
    tokio::spawn(async move {
        tokio::time::sleep(DEBOUNCE).await;
        let (db, uris, encoding, lang, versions, docs, tests) = {
            let state = lock(&shared);
            if state.generation != generation {
                return;
            }
            let versions: HashMap<Uri, i32> = state
                .documents
                .values()
                .map(|doc| (doc.uri.clone(), doc.version))
                .collect();
            (
                state.db().clone(),
                Arc::clone(&state.loaded.uris),
                state.encoding,
                state.lang,
                versions,
                Arc::clone(&state.docs),
                state.test_diagnostics.clone(),
            )
        };
        let task = tokio::task::spawn_blocking(move || compute(&db, &uris, encoding, lang, &docs));
        let Ok(Ok(mut batches)) = task.await else {
            return; // cancelled by a newer change, which publishes instead
        };
        // Failing pack tests, found in the texts checked (any change of
        // such a text dropped them before this run's snapshot was taken).
        for (uri, diagnostics) in &mut batches {
            if let Some(failures) = tests.get(uri) {
                diagnostics.extend(failures.by_test.values().flatten().cloned());
            }
        }
        let previously = {
            let mut state = lock(&shared);
            if state.generation != generation {
                return;
            }
            let now = batches
                .iter()
                .filter(|(_, d)| !d.is_empty())
                .map(|(uri, _)| uri.clone())
                .collect();
            std::mem::replace(&mut state.published, now)
        };
        // Open documents always hear; other files when they have or had
        // something; files no longer loaded are cleared.
        for (uri, diagnostics) in &batches {
            let version = versions.get(uri).copied();
            if diagnostics.is_empty() && version.is_none() && !previously.contains(uri) {
                continue;
            }
            client
                .publish_diagnostics(uri.clone(), diagnostics.clone(), version)
                .await;
        }
        for uri in previously {
            if !batches.iter().any(|(u, _)| *u == uri) {
                client.publish_diagnostics(uri, Vec::new(), None).await;
            }
        }
    });
}

/// Every file's diagnostics in LSP form, by URI.
fn compute(
    db: &Database,
    uris: &HashMap<FileId, Uri>,
    encoding: Encoding,
    lang: Lang,
    docs: &DocsLinks,
) -> Cancellable<Vec<(Uri, Vec<lsp::Diagnostic>)>> {
    let files = SnapshotFiles::new(db, uris, encoding)?;
    let mut out = Vec::new();
    for file in db.files() {
        let Some(uri) = uris.get(&file) else {
            continue;
        };
        let diagnostics = db.file_diagnostics(file)?;
        let converted = diagnostics
            .iter()
            .filter_map(|d| to_lsp(d, &files, docs, lang))
            .collect();
        out.push((uri.clone(), converted));
    }
    Ok(out)
}

/// Texts and line indexes of a snapshot's files, for conversion.
pub struct SnapshotFiles<'a> {
    uris: &'a HashMap<FileId, Uri>,
    texts: HashMap<FileId, (Arc<str>, Arc<tiaoli_text::LineIndex>)>,
    encoding: Encoding,
}

impl<'a> SnapshotFiles<'a> {
    pub fn new(
        db: &Database,
        uris: &'a HashMap<FileId, Uri>,
        encoding: Encoding,
    ) -> Cancellable<Self> {
        let mut texts = HashMap::new();
        for file in db.files() {
            let text = db.text(file).unwrap_or_default();
            texts.insert(file, (text, db.line_index(file)?));
        }
        Ok(SnapshotFiles {
            uris,
            texts,
            encoding,
        })
    }
}

impl Files for SnapshotFiles<'_> {
    fn uri(&self, file: FileId) -> Option<Uri> {
        self.uris.get(&file).cloned()
    }

    fn lines(&self, file: FileId) -> Option<Lines<'_>> {
        let (text, index) = self.texts.get(&file)?;
        Some(Lines {
            text,
            index,
            encoding: self.encoding,
        })
    }
}
