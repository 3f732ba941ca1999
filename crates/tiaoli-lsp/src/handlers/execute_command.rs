//! `workspace/executeCommand`: `tiaoli.runTest [uri, name]` runs a pack
//! test on a snapshot, shows the result, and retitles the test's lens.

use std::str::FromStr;

use serde_json::{Value, json};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{ExecuteCommandParams, MessageType, Uri};

use crate::handlers::code_lens::RUN_TEST;
use crate::read::{cancelled, read_file};
use crate::server::Backend;
use crate::state::path_of;

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
    let run = read_file(backend, &uri, move |snapshot, lines| {
        tiaoli_ide::run_test(&snapshot.db, lines.file, &test, today).map_err(cancelled)
    })
    .await?;
    let Some(run) = run else {
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

/// Today's date in China (UTC+8), the default `as_of` of a test without
/// one, as `tiaoli test` takes it.
fn today_in_china() -> jiff::civil::Date {
    let china = jiff::tz::TimeZone::fixed(jiff::tz::offset(8));
    jiff::Timestamp::now().to_zoned(china).date()
}
