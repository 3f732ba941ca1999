//! Semantic tokens, folding ranges, inlay hints and code actions on the
//! decree's chapter 3, decoded and compared exactly.

use serde_json::{Value, json};

use crate::at::{position_at, range_at, started};
use crate::client::Client;
use crate::fixture::{Fixture, open};

const DUTIES: &str = "ch3-operator-duties.tiaoli";

fn opened(fixture: &Fixture, client: &mut Client, text: &str) -> String {
    let uri = fixture.uri(DUTIES);
    open(client, &uri, text);
    uri
}

fn document(uri: &str) -> Value {
    json!({ "textDocument": { "uri": uri } })
}

fn numbers(data: &Value) -> Vec<u64> {
    data.as_array()
        .expect("data")
        .iter()
        .map(|n| n.as_u64().expect("a number"))
        .collect()
}

/// Absolute (line, column, length, type) of relative-encoded tokens,
/// checked in order and never overlapping.
fn decode(data: &[u64], legend: &[Value]) -> Vec<(u64, u64, u64, String)> {
    assert_eq!(data.len() % 5, 0);
    let mut decoded: Vec<(u64, u64, u64, String)> = Vec::new();
    let (mut line, mut column) = (0, 0);
    for t in data.chunks(5) {
        if t[0] > 0 {
            column = 0;
        }
        line += t[0];
        column += t[1];
        if let Some(last) = decoded.last() {
            assert!(
                line > last.0 || column >= last.1 + last.2,
                "overlap at {line}:{column}"
            );
        }
        let ty = legend[t[3] as usize].as_str().expect("type").to_string();
        decoded.push((line, column, t[2], ty));
    }
    decoded
}

/// A delta answer's edits applied to the array they follow.
fn apply(mut data: Vec<u64>, edits: &Value) -> Vec<u64> {
    let mut edits = edits.as_array().expect("edits").clone();
    // From the end, so that each edit's start is still where it was.
    edits.sort_by_key(|e| std::cmp::Reverse(e["start"].as_u64()));
    for e in edits {
        let start = e["start"].as_u64().expect("start") as usize;
        let deleted = e["deleteCount"].as_u64().expect("deleteCount") as usize;
        let inserted = if e["data"].is_null() {
            Vec::new()
        } else {
            numbers(&e["data"])
        };
        data.splice(start..start + deleted, inserted);
    }
    data
}

/// After an edit, a delta request naming the last result gets edits that
/// turn it into the new tokens (and only the changed part); an id that is
/// not the last gets the whole array; a range request gets exactly the
/// tokens of those lines.
#[test]
fn semantic_tokens_deltas_and_ranges_agree_with_the_full_tokens() {
    let fixture = Fixture::decree();
    let (mut client, init) = Client::initialized(fixture.root(), json!({}));
    let provider = &init["capabilities"]["semanticTokensProvider"];
    assert_eq!(provider["full"], json!({ "delta": true }));
    assert_eq!(provider["range"], true);
    let legend = provider["legend"]["tokenTypes"]
        .as_array()
        .expect("legend")
        .clone();
    let text = fixture.text(DUTIES);
    let uri = opened(&fixture, &mut client, &text);
    let first = client.request("textDocument/semanticTokens/full", document(&uri));
    let first_id = first["resultId"].as_str().expect("a result id").to_string();
    let before = numbers(&first["data"]);

    // A comment line before article 13: a few tokens change, the rest move.
    let at = text.find("article 13").expect("article 13");
    let edited = format!(
        "{}// 新的注释 comment
{}",
        &text[..at],
        &text[at..]
    );
    let position = position_at(&text, at);
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 },
                "contentChanges": [{ "range": { "start": position, "end": position },
                                     "text": "// 新的注释 comment\n" }] }),
    );
    let delta = client.request(
        "textDocument/semanticTokens/full/delta",
        json!({ "textDocument": { "uri": uri }, "previousResultId": first_id }),
    );
    let delta_id = delta["resultId"].as_str().expect("a result id").to_string();
    assert_ne!(delta_id, first_id);
    let edits = &delta["edits"];
    let touched: u64 = edits
        .as_array()
        .expect("edits, not a whole array")
        .iter()
        .map(|e| e["deleteCount"].as_u64().expect("deleteCount"))
        .sum();
    assert!(touched < before.len() as u64 / 2, "{delta}");
    let after = apply(before, edits);
    let full = client.request("textDocument/semanticTokens/full", document(&uri));
    assert_eq!(after, numbers(&full["data"]));
    let comment = decode(&after, &legend)
        .into_iter()
        .find(|t| t.0 == position["line"].as_u64().expect("line"))
        .expect("a token on the new line");
    assert_eq!(comment.3, "comment");

    // An id that is not the last one: the whole array.
    let stale = client.request(
        "textDocument/semanticTokens/full/delta",
        json!({ "textDocument": { "uri": uri }, "previousResultId": delta_id }),
    );
    assert_eq!(numbers(&stale["data"]), after);

    // Article 13's lines only.
    let (from, to) = (
        position_at(&edited, at),
        position_at(&edited, edited.find("article 14").expect("14")),
    );
    let range = client.request(
        "textDocument/semanticTokens/range",
        json!({ "textDocument": { "uri": uri }, "range": { "start": from, "end": to } }),
    );
    let lines = from["line"].as_u64().expect("line")..to["line"].as_u64().expect("line");
    let expected: Vec<_> = decode(&after, &legend)
        .into_iter()
        .filter(|t| lines.contains(&t.0))
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(decode(&numbers(&range["data"]), &legend), expected);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn semantic_tokens_decode_to_the_words_they_classify() {
    let fixture = Fixture::decree();
    let (mut client, init) = Client::initialized(fixture.root(), json!({}));
    let legend = init["capabilities"]["semanticTokensProvider"]["legend"]["tokenTypes"]
        .as_array()
        .expect("legend")
        .clone();
    let text = fixture.text(DUTIES);
    let uri = opened(&fixture, &mut client, &text);
    let tokens = client.request("textDocument/semanticTokens/full", document(&uri));
    let decoded = decode(&numbers(&tokens["data"]), &legend);
    let token_at = |offset: usize| {
        let p = position_at(&text, offset);
        let (l, c) = (p["line"].as_u64(), p["character"].as_u64());
        decoded
            .iter()
            .find(|t| Some(t.0) == l && Some(t.1) == c)
            .map(|t| (t.2, t.3.as_str()))
    };
    let article = text.find("article 12").expect("article");
    assert_eq!(token_at(article), Some((7, "keyword")));
    let title = text.find("\"同步规划建设使用\"").expect("title");
    // Eight characters and two quotes, in UTF-16 units.
    assert_eq!(token_at(title), Some((10, "string")));
    let fact = text
        .find("facility.security_measures_synchronous")
        .expect("use")
        + 9;
    assert_eq!(token_at(fact), Some((29, "property")));
    let citation = text.find("art15.1.1").expect("citation");
    assert_eq!(token_at(citation), Some((9, "namespace")));
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn folding_ranges_fold_articles_and_comment_runs() {
    let (fixture, mut client) = started();
    let text = fixture.text(DUTIES);
    let uri = opened(&fixture, &mut client, &text);
    let folds = client.request("textDocument/foldingRange", document(&uri));
    let folds = folds.as_array().expect("folds");
    let line_of = |needle: &str| {
        text[..text.find(needle).expect("needle")]
            .matches('\n')
            .count()
    };
    let article = json!({ "startLine": line_of("article 12 {"), "endLine": line_of("\narticle 13 {") - 1,
                          "kind": "region" });
    assert!(folds.contains(&article), "{article} not in {folds:#?}");
    let comment = line_of("  // 保障人力");
    let run = text
        .lines()
        .skip(comment)
        .take_while(|l| l.trim_start().starts_with("//"))
        .count();
    assert_eq!(run, 3);
    let comments = json!({ "startLine": comment, "endLine": comment + run - 1, "kind": "comment" });
    assert!(folds.contains(&comments), "{comments} not in {folds:#?}");
    // Nothing folds within a single line.
    assert!(
        folds
            .iter()
            .all(|f| f["endLine"].as_u64() > f["startLine"].as_u64())
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn inlay_hints_title_a_citation_in_the_clients_language() {
    for (locale, title) in [
        ("en-US", "Duties of the dedicated security management body"),
        ("zh-CN", "安全管理机构职责"),
    ] {
        let fixture = Fixture::decree();
        let mut client = Client::start(fixture.root());
        let root = crate::client::file_uri(fixture.root());
        client.request(
            "initialize",
            json!({ "processId": null, "rootUri": root, "locale": locale, "capabilities": {} }),
        );
        client.notify("initialized", json!({}));
        let text = fixture.text(DUTIES);
        let uri = opened(&fixture, &mut client, &text);
        let end = position_at(&text, text.len());
        let hints = client.request(
            "textDocument/inlayHint",
            json!({ "textDocument": { "uri": uri },
                    "range": { "start": { "line": 0, "character": 0 }, "end": end } }),
        );
        let citation = text.find("art15.1.1").expect("citation") + "art15.1.1".len();
        let hint = hints
            .as_array()
            .expect("hints")
            .iter()
            .find(|h| h["position"] == position_at(&text, citation))
            .unwrap_or_else(|| panic!("no hint after the citation in {hints:#?}"));
        assert_eq!(hint["label"], title, "{locale}");
        assert_eq!(hint["paddingLeft"], true);
        assert!(client.shutdown_and_exit().success());
    }
}

#[test]
fn a_misspelt_fact_has_a_quick_fix_that_corrects_it() {
    let (fixture, mut client) = started();
    let right = "facility.security_measures_synchronous\n";
    let text = fixture
        .text(DUTIES)
        .replacen(right, "facility.security_measures_synchronou\n", 1);
    let uri = opened(&fixture, &mut client, &text);
    let published = client.diagnostics(&uri, |d| d.iter().any(|d| d["code"] == "N001"));
    let typo = text.find("security_measures_synchronou\n").expect("typo");
    let range = range_at(&text, typo, "security_measures_synchronou".len());
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": range,
                "context": { "diagnostics": [] } }),
    );
    let actions = actions.as_array().expect("actions");
    let fix = &actions[0];
    assert_eq!(fix["title"], "replace with `security_measures_synchronous`");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(
        fix["edit"]["changes"],
        json!({ uri.clone(): [{ "range": range, "newText": "security_measures_synchronous" }] })
    );
    // Linked to the diagnostic it fixes, exactly as published; the only
    // did-you-mean is the preferred fix.
    let n001 = published
        .iter()
        .find(|d| d["code"] == "N001" && d["range"] == range)
        .expect("N001 on the typo");
    assert_eq!(fix["diagnostics"], json!([n001]));
    assert_eq!(fix["isPreferred"], true);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn declaring_an_unknown_fact_is_a_quick_fix_linked_to_its_diagnostic() {
    let (fixture, mut client) = started();
    let right = "facility.security_measures_synchronous\n";
    let text = fixture
        .text(DUTIES)
        .replacen(right, "facility.qqq_unheard_of\n", 1);
    let uri = opened(&fixture, &mut client, &text);
    let published = client.diagnostics(&uri, |d| d.iter().any(|d| d["code"] == "N001"));
    let unknown = text.find("qqq_unheard_of").expect("unknown fact");
    let range = range_at(&text, unknown, "qqq_unheard_of".len());
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": range,
                "context": { "diagnostics": [] } }),
    );
    let declare = actions
        .as_array()
        .expect("actions")
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("declare `fact qqq_unheard_of:"))
        })
        .unwrap_or_else(|| panic!("no declaring action in {actions:#?}"));
    assert_eq!(declare["kind"], "quickfix");
    let n001 = published
        .iter()
        .find(|d| d["code"] == "N001" && d["range"] == range)
        .expect("N001 on the unknown fact");
    assert_eq!(declare["diagnostics"], json!([n001]));
    assert!(declare.get("isPreferred").is_none(), "{declare}");
    assert!(client.shutdown_and_exit().success());
}
