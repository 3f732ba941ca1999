//! Random edit sequences replayed against the real `tiaoli lsp`: insertions
//! and deletions at random places of a Chinese pack file, with CJK, emoji
//! (surrogate pairs), CRLF and unbalanced braces, as incremental
//! `didChange`s in UTF-16, interleaved with requests. The server must never
//! crash or hang (every answer has a deadline), and its final diagnostics
//! for the file must be `tiaoli check`'s on the final text — which holds
//! only if every edit was applied, in order, where the client meant it.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a test should fail loudly"
)]

#[path = "lsp/client.rs"]
#[expect(dead_code, reason = "each test file uses part of the client")]
mod client;
#[path = "lsp/fixture.rs"]
#[expect(dead_code, reason = "each test file uses part of the fixture")]
mod fixture;
#[path = "support/properties.rs"]
#[expect(dead_code, reason = "shared with the no-panic suites")]
mod properties;

use client::Client;
use fixture::{Fixture, open};
use proptest::prelude::*;
use serde_json::{Value, json};

const FILE: &str = "ch6-supplementary.tiaoli";

/// Text an edit may insert.
const FRAGMENTS: &[&str] = &[
    "运营者",
    "第五十条",
    "😀",
    "🇨🇳",
    "a",
    "cii",
    " and ",
    "facility.",
    "\r\n",
    "\n",
    "{",
    "}",
    "\"",
    "(",
    "article 51 {",
    "  ",
    "//",
    "é",
];

#[derive(Clone, Debug)]
struct Edit {
    /// Where, as a fraction of the text's edit positions.
    at: u16,
    /// Characters deleted from there (CRLF counts as one).
    delete: usize,
    insert: Vec<usize>,
    /// A request to send after the edit, if any.
    request: Option<usize>,
}

fn edit() -> impl Strategy<Value = Edit> {
    (
        any::<u16>(),
        prop_oneof![Just(0usize), 0usize..12],
        prop::collection::vec(0..FRAGMENTS.len(), 0..4),
        prop::option::of(0..REQUESTS.len()),
    )
        .prop_map(|(at, delete, insert, request)| Edit {
            at,
            delete,
            insert,
            request,
        })
}

/// Requests interleaved with the edits (any answer but a crash or a hang
/// is fine while the text is broken).
const REQUESTS: &[&str] = &["textDocument/hover", "textDocument/definition"];

/// Byte offsets an editor can put the cursor at: character boundaries, but
/// never between the `\r` and the `\n` of a line break.
fn cursor_offsets(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .filter(|&i| !(text[..i].ends_with('\r') && text[i..].starts_with('\n')))
        .collect()
}

/// The LSP position (UTF-16) of a byte offset, counted independently of
/// the server: lines end at `\n`, a `\r` before it is the line break.
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let character = text[start..offset].encode_utf16().count();
    json!({ "line": line, "character": character })
}

/// (code, start position) of each diagnostic, sorted.
fn summary(diagnostics: &[Value]) -> Vec<(String, Value)> {
    let mut out: Vec<_> = diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["range"]["start"].clone(),
            )
        })
        .collect();
    out.sort_by_key(|(code, start)| (start.to_string(), code.clone()));
    out
}

/// `tiaoli check --format json` on a copy of the pack holding `text`: the
/// diagnostics whose primary label is in the file, as LSP would place them.
fn cli_diagnostics(text: &str) -> Vec<(String, Value)> {
    let fixture = Fixture::decree();
    std::fs::write(fixture.path(FILE), text).expect("write final text");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tiaoli"))
        .args(["check", "--format", "json"])
        .arg(fixture.root().join("decree-745"))
        .output()
        .expect("run tiaoli check");
    let report: Value = serde_json::from_slice(&output.stdout).expect("check's JSON");
    let path = fixture.path(FILE).display().to_string();
    let mut out = Vec::new();
    for d in report["diagnostics"].as_array().expect("diagnostics") {
        let labels = d["labels"].as_array().expect("labels");
        let Some(primary) = labels
            .iter()
            .find(|l| l["primary"] == true)
            .or(labels.first())
        else {
            continue;
        };
        if primary["file"] != path.as_str() {
            continue;
        }
        let start = primary["start"].as_u64().expect("start") as usize;
        let code = d["code"].as_str().unwrap_or("").to_string();
        out.push((code, position(text, start.min(text.len()))));
    }
    out.sort_by_key(|(code, start)| (start.to_string(), code.clone()));
    out
}

fn replay(crlf: bool, bom: bool, edits: &[Edit]) -> Result<(), TestCaseError> {
    let fixture = Fixture::decree();
    let (mut client, _) = Client::initialized(fixture.root(), json!({}));
    let uri = fixture.uri(FILE);
    let mut text = fixture.text(FILE);
    if crlf {
        text = text.replace('\n', "\r\n");
    }
    if bom {
        text.insert(0, '\u{feff}');
    }
    open(&mut client, &uri, &text);
    let mut version = 1;
    let mut pending = Vec::new();
    for edit in edits {
        let cursors = cursor_offsets(&text);
        let start_index = edit.at as usize * (cursors.len() - 1) / u16::MAX as usize;
        let end_index = (start_index + edit.delete).min(cursors.len() - 1);
        let (start, end) = (cursors[start_index], cursors[end_index]);
        let insert: String = edit.insert.iter().map(|&i| FRAGMENTS[i]).collect();
        let range = json!({ "start": position(&text, start), "end": position(&text, end) });
        text.replace_range(start..end, &insert);
        version += 1;
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "range": range, "text": insert }],
            }),
        );
        if let Some(request) = edit.request {
            let at = cursors[start_index.min(cursor_offsets(&text).len() - 1)];
            let at = cursor_offsets(&text)
                .into_iter()
                .find(|&c| c >= at.min(text.len()))
                .unwrap_or(text.len());
            let params = json!({ "textDocument": { "uri": uri }, "position": position(&text, at) });
            pending.push(client.send_request(REQUESTS[request], params));
        }
    }
    for id in pending {
        let response = client.response(id);
        // Answered, or refused as stale or not offered: never an internal error.
        if let Some(error) = response.get("error") {
            let code = error["code"].as_i64().unwrap_or(0);
            prop_assert!(
                [-32801, -32800, -32601].contains(&code),
                "request {id} failed: {response}"
            );
        }
    }
    let final_version = version;
    let published = client.notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri.as_str() && p["version"] == final_version
    });
    let server = summary(published["diagnostics"].as_array().expect("diagnostics"));
    prop_assert_eq!(server, cli_diagnostics(&text), "final text:\n{}", text);
    prop_assert!(client.shutdown_and_exit().success());
    Ok(())
}

proptest! {
    #![proptest_config(properties::cases(12))]

    #[test]
    fn random_edits_end_with_the_diagnostics_tiaoli_check_gives(
        crlf in any::<bool>(),
        bom in any::<bool>(),
        edits in prop::collection::vec(edit(), 1..25),
    ) {
        replay(crlf, bom, &edits)?;
    }
}
