//! The language server, spoken to over stdio as an editor would: the real
//! `tiaoli lsp` binary and the small client of `lsp/client.rs`.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a test should fail loudly"
)]

#[path = "lsp/client.rs"]
#[expect(dead_code, reason = "waiting for the diagnostics tests")]
mod client;

use client::Client;
use serde_json::{Value, json};

fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary folder")
}

#[test]
fn initialize_announces_utf16_unless_utf8_is_offered() {
    let dir = scratch();
    let (client, result) = Client::initialized(dir.path(), json!({}));
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    assert!(client.shutdown_and_exit().success());

    let offer = json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } });
    let (client, result) = Client::initialized(dir.path(), offer);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn shutdown_then_exit_ends_the_process_with_status_0_while_stdin_stays_open() {
    let dir = scratch();
    let (client, _) = Client::initialized(dir.path(), json!({}));
    let status = client.shutdown_and_exit();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn exit_without_shutdown_ends_the_process_with_status_1() {
    let dir = scratch();
    let (mut client, _) = Client::initialized(dir.path(), json!({}));
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit().code(), Some(1));
}

#[test]
fn closing_stdin_ends_the_process() {
    let dir = scratch();
    let (mut client, _) = Client::initialized(dir.path(), json!({}));
    client.close_stdin();
    assert!(client.wait_exit().code().is_some());
}
