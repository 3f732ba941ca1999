//! Cancellation over the binary, on a pack big enough that its first check
//! takes a while: a cancelled request is answered `RequestCancelled` or
//! with its result, a request overtaken by an edit `ContentModified` or
//! with a result; each exactly once (the client fails on a second answer),
//! and the server goes on answering.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Value, json};

use crate::at::{at, position_of};
use crate::client::{Client, file_uri};
use crate::fixture::open;

const ARTICLES: usize = 300;

/// A pack of `ARTICLES` articles, each with a definition, an obligation
/// and a prohibition over three of 100 facts; returns the chapter's path.
fn big_pack(dir: &Path) -> std::path::PathBuf {
    let pack = dir.join("big");
    std::fs::create_dir_all(&pack).expect("pack folder");
    std::fs::write(
        pack.join("tiaoli.toml"),
        "[pack]\nname = \"big\"\nversion = \"1.0.0\"\nkind = \"regulation\"\n\
         effective = \"2021-09-01\"\n\n[pack.title]\nzh = \"大规则包\"\nen = \"Big pack\"\n\n\
         [pack.issuer]\nzh = \"测试\"\nen = \"Test\"\n",
    )
    .expect("manifest");
    let mut vocabulary = String::from("party operator { zh \"运营者\" en \"operator\" }\n\n");
    for i in 0..100 {
        let _ = write!(
            vocabulary,
            "fact f{i}: bool {{\n  zh \"第{i}项事实\"\n  en \"fact {i}\"\n}}\n\n"
        );
    }
    std::fs::write(pack.join("vocabulary.tiaoli"), vocabulary).expect("vocabulary");
    let mut chapter = String::new();
    for n in 1..=ARTICLES {
        let (a, b, c) = (n % 100, (n * 7 + 1) % 100, (n * 13 + 2) % 100);
        let _ = write!(
            chapter,
            "article {n} {{
  title zh \"第{n}条\" en \"Article {n}\"
  text zh \"运营者应当落实第{n}条规定的措施。\" en \"The operator shall apply article {n}.\"

  define ready_{n} = facility.f{a} and (facility.f{b} or not facility.f{c})

  obligation duty_{n} {{
    title zh \"落实第{n}条\" en \"Apply article {n}\"
    bearer operator
    requires ready_{n}
  }}

  prohibition no_bypass_{n} {{
    title zh \"不得绕过第{n}条\" en \"Do not bypass article {n}\"
    bearer operator
    forbids facility.f{c} and not facility.f{a}
  }}
}}

"
        );
    }
    let path = pack.join("chapter.tiaoli");
    std::fs::write(&path, chapter).expect("chapter");
    path
}

fn code(response: &Value) -> Option<i64> {
    response["error"]["code"].as_i64()
}

#[test]
fn a_cancelled_request_is_answered_once_and_the_server_goes_on() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = big_pack(dir.path());
    let text = std::fs::read_to_string(&path).expect("chapter");
    let uri = file_uri(&path);
    let (mut client, _) = Client::initialized(dir.path(), json!({}));
    open(&mut client, &uri, &text);
    // References of a fact read every rule: the first needs the whole check.
    let position = position_of(&text, "facility.f1 ", "facility.".len());
    let mut ids = Vec::new();
    for _ in 0..5 {
        let params = json!({ "textDocument": { "uri": uri }, "position": position,
                             "context": { "includeDeclaration": true } });
        let id = client.send_request("textDocument/references", params);
        client.notify("$/cancelRequest", json!({ "id": id }));
        ids.push(id);
    }
    for id in ids {
        let response = client.response(id);
        assert!(
            code(&response) == Some(-32800) || response.get("result").is_some(),
            "{response}"
        );
    }
    // Still serving, with the right answer.
    let hover = client.request("textDocument/hover", at(&uri, position));
    assert!(hover["contents"]["value"].is_string(), "{hover}");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_request_overtaken_by_an_edit_is_content_modified_or_answered() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = big_pack(dir.path());
    let mut text = std::fs::read_to_string(&path).expect("chapter");
    let uri = file_uri(&path);
    let (mut client, _) = Client::initialized(dir.path(), json!({}));
    open(&mut client, &uri, &text);
    let mut answers = (0, 0);
    for version in 2..12 {
        let position = position_of(&text, "facility.f1 ", "facility.".len());
        let params = json!({ "textDocument": { "uri": uri }, "position": position,
                             "context": { "includeDeclaration": true } });
        let id = client.send_request("textDocument/references", params);
        // An edit at the top (a comment line), right behind the request.
        text.insert_str(0, "// edited\n");
        client.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version },
                    "contentChanges": [{
                        "range": { "start": { "line": 0, "character": 0 },
                                   "end": { "line": 0, "character": 0 } },
                        "text": "// edited\n" }] }),
        );
        let response = client.response(id);
        match code(&response) {
            Some(-32801) => answers.0 += 1,
            None => {
                // A result, computed on the text before or after the edit:
                // either way, references in this file.
                let locations = response["result"].as_array().expect("locations");
                assert!(locations.iter().all(|l| l["uri"] == uri), "{response}");
                assert!(!locations.is_empty(), "{response}");
                answers.1 += 1;
            }
            _ => panic!("neither ContentModified nor a result: {response}"),
        }
    }
    assert_eq!(answers.0 + answers.1, 10, "{answers:?}");
    // The server's text is the client's: a fresh request sees every edit.
    let position = position_of(&text, "facility.f1 ", "facility.".len());
    let params = json!({ "textDocument": { "uri": uri }, "position": position,
                         "context": { "includeDeclaration": false } });
    let fresh = client.request("textDocument/references", params);
    let first = text.find("facility.f1 ").expect("use") + "facility.".len();
    let expected = crate::at::position_at(&text, first);
    assert!(
        fresh
            .as_array()
            .expect("locations")
            .iter()
            .any(|l| l["range"]["start"] == expected),
        "{fresh}"
    );
    assert!(client.shutdown_and_exit().success());
}
