//! Keystroke to published diagnostics through the real `tiaoli lsp` over
//! stdio, as an editor sees it: a one-character edit sent as
//! `textDocument/didChange` (an incremental change, UTF-16 positions), timed
//! until the server publishes that version's diagnostics for the file. The
//! time includes the server's 60 ms debounce (a burst of keystrokes costs
//! one run), so the figure that compares with the database's share
//! (`cargo bench -p tiaoli-db --bench keystroke`) is the time minus it.
//!
//! Two workspaces: `policies/`, and the generated pack of about 11,000
//! lines the database's benchmark uses.
//!
//! Run: `cargo bench -p tiaoli-cli --bench lsp_keystroke` (prints p50, p95,
//! max).

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark fails loudly"
)]

#[path = "../tests/lsp/client.rs"]
#[expect(
    dead_code,
    reason = "the tests' client; the benchmark needs part of it"
)]
mod client;
#[path = "../../tiaoli-db/benches/generated/mod.rs"]
mod generated;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use client::{Client, file_uri};

/// Keystroke pairs (type, then delete) per workspace.
const EDITS: usize = 60;
/// The server's debounce (crates/tiaoli-lsp/src/publish.rs).
const DEBOUNCE: Duration = Duration::from_millis(60);

fn main() {
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let run = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    if run("policies") {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies");
        let root = root.canonicalize().expect("policies/");
        let file = root.join("decree-745/ch3-operator-duties.tiaoli");
        report("policies", &root, &file);
    }
    if run("generated") {
        let dir = generated::generated_pack();
        let file = dir.join("ch05.tiaoli");
        report("generated-10k", &dir, &file);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

fn report(name: &str, root: &Path, file: &PathBuf) {
    let (mut client, _) = Client::initialized(root, json!({}));
    let uri = file_uri(file);
    let mut text = std::fs::read_to_string(file).expect("the file");
    let mut version = 1;
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "tiaoli", "version": version, "text": text } }),
    );
    published(&mut client, &uri, version);
    let sites: Vec<usize> = text
        .match_indices("requires ")
        .map(|(i, _)| i + 9)
        .collect();
    assert!(!sites.is_empty(), "{name}: no duty to type into");
    let mut times = Vec::with_capacity(2 * EDITS);
    for k in 0..EDITS {
        let at = sites[(k * 7919) % sites.len()];
        for typed in [true, false] {
            version += 1;
            let start = position(&text, at);
            let (end, insert) = if typed {
                (start.clone(), "x")
            } else {
                (position(&text, at + 1), "")
            };
            let change = json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "range": { "start": start, "end": end }, "text": insert }],
            });
            let began = Instant::now();
            client.notify("textDocument/didChange", change);
            published(&mut client, &uri, version);
            times.push(began.elapsed());
            if typed {
                text.insert(at, 'x');
            } else {
                text.remove(at);
            }
        }
    }
    let _ = client.shutdown_and_exit();
    times.sort();
    let pct = |p: usize| times[(times.len() * p / 100).min(times.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let less = |d: Duration| ms(d.saturating_sub(DEBOUNCE));
    println!(
        "{name}: {} keystrokes, end to end: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms; \
         less the {} ms debounce: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        times.len(),
        ms(pct(50)),
        ms(pct(95)),
        ms(times[times.len() - 1]),
        DEBOUNCE.as_millis(),
        less(pct(50)),
        less(pct(95)),
        less(times[times.len() - 1]),
    );
}

/// Waits for the diagnostics the server publishes for `version` of `uri`.
fn published(client: &mut Client, uri: &str, version: i32) -> Value {
    client.notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri && p["version"] == version
    })
}

/// The LSP position (line, UTF-16 column) of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = before[start..].chars().map(char::len_utf16).sum();
    json!({ "line": line, "character": character })
}
