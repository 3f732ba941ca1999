//! The language server, spoken to over stdio as an editor would: the real
//! `tiaoli lsp` binary and the small client of `lsp/client.rs`.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a test should fail loudly"
)]

#[path = "lsp/at.rs"]
mod at;
#[path = "lsp/cancel.rs"]
mod cancel;
#[path = "lsp/client.rs"]
mod client;
#[path = "lsp/features.rs"]
mod features;
#[path = "lsp/fixture.rs"]
mod fixture;
#[path = "lsp/navigation.rs"]
mod navigation;
#[path = "lsp/presentation.rs"]
mod presentation;

use client::Client;
use fixture::{Fixture, MISTAKE, utf16_len};
use serde_json::{Value, json};

fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary folder")
}

/// Opens the decree's chapter 3 with `em` for `en` on a title line in
/// Chinese; returns the client, the document's URI and the mistake's line.
fn open_mistake(capabilities: Value) -> (Fixture, Client, String, u32) {
    let fixture = Fixture::decree();
    let (mut client, _) = Client::initialized(fixture.root(), capabilities);
    let (uri, text) = fixture.open_with_mistake(&mut client);
    let line = text
        .lines()
        .position(|l| l.contains(MISTAKE))
        .expect("mistake") as u32;
    (fixture, client, uri, line)
}

fn has_code(diagnostics: &[Value], code: &str) -> bool {
    diagnostics.iter().any(|d| d["code"] == code)
}

#[test]
fn a_mistake_after_chinese_text_is_reported_at_its_utf16_position_and_cleared_when_fixed() {
    let (_fixture, mut client, uri, line) = open_mistake(json!({}));
    let diagnostics = client.diagnostics(&uri, |d| has_code(d, "S001"));
    let s001 = diagnostics
        .iter()
        .find(|d| d["code"] == "S001")
        .expect("S001");
    // `  title zh "同步规划建设使用" ` is 12 + 8 + 2 UTF-16 units.
    let column = utf16_len("  title zh \"同步规划建设使用\" ");
    assert_eq!(column, 22);
    assert_eq!(
        s001["range"],
        json!({ "start": { "line": line, "character": column },
                "end": { "line": line, "character": column + 2 } })
    );
    assert_eq!(s001["severity"], 1);
    assert_eq!(s001["source"], "tiaoli");

    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{
                "range": { "start": { "line": line, "character": column },
                           "end": { "line": line, "character": column + 2 } },
                "text": "en",
            }],
        }),
    );
    client.diagnostics(&uri, <[Value]>::is_empty);
    assert!(client.shutdown_and_exit().success());
}

/// A code links to its page as bundled with this server, written into
/// the cache folder (`XDG_CACHE_HOME/tiaoli/docs/VERSION/`), so the link
/// works offline; `docsBaseUrl` replaces it; with no writable cache and no
/// base, there is no link rather than a broken one.
#[test]
fn a_code_links_to_its_bundled_page_in_the_cache_or_under_docs_base_url() {
    let fixture = Fixture::decree();
    let cache = scratch();
    let cache_home = cache.path().join("缓存 home");
    let s001 = |client: &mut Client| {
        let (uri, _) = fixture.open_with_mistake(client);
        let diagnostics = client.diagnostics(&uri, |d| has_code(d, "S001"));
        diagnostics
            .into_iter()
            .find(|d| d["code"] == "S001")
            .expect("S001")
    };

    let mut client = Client::start_with_env(
        fixture.root(),
        &[("XDG_CACHE_HOME", cache_home.as_os_str())],
    );
    client.initialize(fixture.root(), json!({}), Value::Null);
    let diagnostic = s001(&mut client);
    let href = diagnostic["codeDescription"]["href"]
        .as_str()
        .expect("href");
    let page = client::path_of_uri(href);
    let version = env!("CARGO_PKG_VERSION");
    let expected = cache_home.join(format!("tiaoli/docs/{version}/S001.md"));
    assert_eq!(page, expected, "{href}");
    let text = std::fs::read_to_string(&page).expect("the linked page exists");
    let source =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/diagnostics/S001.md");
    assert_eq!(text, std::fs::read_to_string(source).expect("S001's page"));
    assert!(client.shutdown_and_exit().success());

    let mut client = Client::start(fixture.root());
    let options = json!({ "docsBaseUrl": "https://docs.example.org/tiaoli/codes/" });
    client.initialize(fixture.root(), json!({}), options);
    let diagnostic = s001(&mut client);
    assert_eq!(
        diagnostic["codeDescription"]["href"],
        "https://docs.example.org/tiaoli/codes/S001"
    );
    assert!(client.shutdown_and_exit().success());

    // A cache "folder" that is a file cannot hold the pages.
    let not_a_folder = cache.path().join("a file");
    std::fs::write(&not_a_folder, "").expect("write");
    let mut client = Client::start_with_env(
        fixture.root(),
        &[("XDG_CACHE_HOME", not_a_folder.as_os_str())],
    );
    client.initialize(fixture.root(), json!({}), Value::Null);
    let diagnostic = s001(&mut client);
    assert!(diagnostic.get("codeDescription").is_none(), "{diagnostic}");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn with_utf8_negotiated_the_mistake_is_at_its_byte_column() {
    let offer = json!({ "general": { "positionEncodings": ["utf-8"] } });
    let (_fixture, mut client, uri, line) = open_mistake(offer);
    let diagnostics = client.diagnostics(&uri, |d| has_code(d, "S001"));
    let s001 = diagnostics
        .iter()
        .find(|d| d["code"] == "S001")
        .expect("S001");
    let column = "  title zh \"同步规划建设使用\" ".len() as u32;
    assert_eq!(column, 38);
    assert_eq!(
        s001["range"]["start"],
        json!({ "line": line, "character": column })
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn initialize_announces_utf16_unless_utf8_is_offered() {
    let dir = scratch();
    let (client, result) = Client::initialized(dir.path(), json!({}));
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    // Exactly the requests tested over the binary.
    let mut announced: Vec<&str> = result["capabilities"]
        .as_object()
        .expect("capabilities")
        .keys()
        .map(String::as_str)
        .collect();
    announced.sort_unstable();
    assert_eq!(
        announced,
        [
            "codeActionProvider",
            "codeLensProvider",
            "completionProvider",
            "definitionProvider",
            "documentFormattingProvider",
            "documentSymbolProvider",
            "executeCommandProvider",
            "foldingRangeProvider",
            "hoverProvider",
            "inlayHintProvider",
            "positionEncoding",
            "referencesProvider",
            "renameProvider",
            "semanticTokensProvider",
            "textDocumentSync",
            "workspaceSymbolProvider",
        ]
    );
    assert_eq!(result["capabilities"]["renameProvider"], true);
    assert_eq!(
        result["capabilities"]["executeCommandProvider"]["commands"],
        json!(["tiaoli.runTest"])
    );
    assert!(client.shutdown_and_exit().success());

    let offer = json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] },
                        "textDocument": { "rename": { "prepareSupport": true } } });
    let (client, result) = Client::initialized(dir.path(), offer);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(
        result["capabilities"]["renameProvider"],
        json!({ "prepareProvider": true })
    );
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

#[test]
fn a_file_opened_outside_the_root_folder_loads_its_pack() {
    let elsewhere = scratch();
    let fixture = Fixture::decree();
    let (mut client, _) = Client::initialized(elsewhere.path(), json!({}));
    let (uri, _) = fixture.open_with_mistake(&mut client);
    let diagnostics = client.diagnostics(&uri, |d| has_code(d, "S001"));
    // Checked with the rest of its pack: no unresolved names from the
    // files that were not opened.
    assert!(!has_code(&diagnostics, "N001"), "{diagnostics:?}");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_change_on_disk_reported_by_the_client_reloads_the_pack() {
    let fixture = Fixture::decree();
    let (mut client, _) = Client::initialized(fixture.root(), json!({}));
    let file = "ch6-supplementary.tiaoli";
    let broken = fixture
        .text(file)
        .replacen("article 50 {", "article 50 {{", 1);
    std::fs::write(fixture.path(file), broken).expect("write");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": fixture.uri(file), "type": 2 }] }),
    );
    let uri = fixture.uri(file);
    let diagnostics = client.diagnostics(&uri, |d| has_code(d, "S003"));
    assert!(has_code(&diagnostics, "S003"));
    assert!(client.shutdown_and_exit().success());
}
