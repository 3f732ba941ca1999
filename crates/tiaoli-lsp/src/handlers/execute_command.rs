//! `workspace/executeCommand`: `tiaoli.runTest [uri, name]` runs a pack
//! test on a snapshot, shows the result, retitles the test's lens, and
//! publishes its failing expectations as diagnostics (source `tiaoli
//! test`) until the file's text changes or the test passes.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

use serde_json::{Value, json};
use tiaoli_workspace::{Disk, Overlay};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticSeverity, ExecuteCommandParams, MessageType, Uri,
};

use crate::handlers::code_lens::RUN_TEST;
use crate::read::{cancelled, read_file};
use crate::server::Backend;
use crate::state::{State, TestDiagnostics, path_of};

pub async fn handle(backend: &Backend, params: ExecuteCommandParams) -> Result<Option<Value>> {
    if params.command != RUN_TEST {
        return Err(Error::invalid_params(format!(
            "no command `{}`",
            params.command
        )));
    }
    let (Some(uri), Some(name)) = (
        params
            .arguments
            .first()
            .and_then(Value::as_str)
            .and_then(|u| Uri::from_str(u).ok()),
        params
            .arguments
            .get(1)
            .and_then(Value::as_str)
            .map(str::to_string),
    ) else {
        return Err(Error::invalid_params("expected [uri, test name]"));
    };
    let today = today_in_china();
    let test = name.clone();
    // A test's `given file` is read as the editor shows it: the open
    // documents over the disk.
    let documents: Vec<(PathBuf, String)> = {
        let state = backend.state();
        let docs = state.documents.iter();
        docs.map(|(path, doc)| (path.clone(), doc.text.clone()))
            .collect()
    };
    let run = read_file(backend, &uri, move |snapshot, lines| {
        let mut host = Overlay::new(&Disk);
        for (path, text) in documents {
            host.open(&path, text);
        }
        let run = tiaoli_ide::run_test(&snapshot.db, &host, lines.file, &test, today);
        let Some(run) = run.map_err(cancelled)? else {
            return Ok(None);
        };
        let failures: Vec<Diagnostic> = run
            .failures
            .iter()
            .map(|(range, message)| Diagnostic {
                range: lines.range(*range),
                severity: Some(DiagnosticSeverity::ERROR),
                source: Some("tiaoli test".to_string()),
                message: format!("test `{test}`: {message}"),
                ..Default::default()
            })
            .collect();
        let ran_on = snapshot.uri(lines.file).zip(snapshot.db.text(lines.file));
        Ok(Some((run, failures, ran_on)))
    })
    .await?;
    let Some((run, failures, ran_on)) = run else {
        return Err(Error::invalid_params(format!(
            "no test `{name}` in this file"
        )));
    };
    let refresh = {
        let mut state = backend.state();
        if let Some(path) = path_of(&uri) {
            let results = state.test_results.entry(path).or_default();
            results.insert(name.clone(), run.passed);
        }
        if let Some((file, text)) = ran_on
            && record_failures(&mut state, file, text, &name, failures)
        {
            crate::publish::schedule(&backend.client, &backend.shared, &mut state);
        }
        state.code_lens_refresh
    };
    let (kind, verdict) = if run.passed {
        (MessageType::INFO, "passed")
    } else {
        (MessageType::WARNING, "failed")
    };
    let message = format!("test `{name}` {verdict}: {}", run.message);
    backend.client.show_message(kind, message).await;
    // Only a client that said it can be asked; it then asks for lenses.
    if refresh {
        let _ = backend.client.code_lens_refresh().await;
    }
    Ok(Some(
        json!({ "passed": run.passed, "message": run.message }),
    ))
}

/// Keeps (or, for a test that passed, forgets) a test's failing
/// expectations in `file`, found in `text`; false if nothing changed. A run
/// on a text the file no longer has keeps nothing: its ranges are stale.
fn record_failures(
    state: &mut State,
    file: Uri,
    text: Arc<str>,
    test: &str,
    failures: Vec<Diagnostic>,
) -> bool {
    if state.text_of(&file).is_none_or(|now| now != text) {
        return false;
    }
    let entry = state
        .test_diagnostics
        .entry(file.clone())
        .or_insert_with(|| TestDiagnostics {
            text: Arc::clone(&text),
            by_test: BTreeMap::new(),
        });
    if entry.text != text {
        entry.text = text;
        entry.by_test.clear();
    }
    let changed = if failures.is_empty() {
        entry.by_test.remove(test).is_some()
    } else {
        entry.by_test.insert(test.to_string(), failures.clone()) != Some(failures)
    };
    if entry.by_test.is_empty() {
        state.test_diagnostics.remove(&file);
    }
    changed
}

/// Today's date in China (UTC+8), the default `as_of` of a test without
/// one, as `tiaoli test` takes it.
fn today_in_china() -> jiff::civil::Date {
    let china = jiff::tz::TimeZone::fixed(jiff::tz::offset(8));
    jiff::Timestamp::now().to_zoned(china).date()
}
