//! Requests on the decree's pack: hover, formatting, completion, the
//! outline, test lenses and running a test, with exact answers.

use serde_json::{Value, json};

use crate::at::{at, position_at, position_of, started};
use crate::fixture::open;

#[test]
fn hover_on_a_citation_shows_the_cited_items_chinese_text() {
    let (fixture, mut client) = started();
    let file = "ch3-operator-duties.tiaoli";
    let (uri, text) = (fixture.uri(file), fixture.text(file));
    open(&mut client, &uri, &text);
    let citation = "art15.1.1";
    let hover = client.request(
        "textDocument/hover",
        at(&uri, position_of(&text, citation, 3)),
    );
    let markdown = hover["contents"]["value"].as_str().expect("markdown");
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert_eq!(
        markdown,
        "**Article 15** · 安全管理机构职责 · Duties of the dedicated security management body · `decree_745`\n\
         \n\
         Chapter 3 · 运营者责任义务 · Responsibilities and obligations of operators\n\
         \n\
         **paragraph 1 item 1**\n\
         \n\
         （一）建立健全网络安全管理、评价考核制度，拟订关键信息基础设施安全保护计划；\n\
         \n\
         (1) establishing and improving rules for cybersecurity management and for performance \
         evaluation and appraisal, and drafting the CII security protection plan;\n"
    );
    let start = text.find(citation).expect("citation");
    assert_eq!(
        hover["range"],
        json!({ "start": position_at(&text, start),
                "end": position_at(&text, start + citation.len()) })
    );
    // Nothing to say about a blank line.
    let blank = client.request(
        "textDocument/hover",
        at(&uri, json!({ "line": 1, "character": 0 })),
    );
    assert_eq!(blank, Value::Null);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn formatting_returns_the_formatters_output_as_one_edit() {
    let (fixture, mut client) = started();
    let file = "ch3-operator-duties.tiaoli";
    let (uri, formatted) = (fixture.uri(file), fixture.text(file));
    let messy = formatted.replacen("  bearer operator\n", "      bearer     operator\n", 1);
    assert_ne!(messy, formatted);
    open(&mut client, &uri, &messy);
    let edits = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri },
                "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    let edits = edits.as_array().expect("edits");
    assert_eq!(edits.len(), 1, "{edits:?}");
    assert_eq!(
        edits[0]["range"],
        json!({ "start": { "line": 0, "character": 0 }, "end": position_at(&messy, messy.len()) })
    );
    // The pack on disk is `tiaoli fmt`-clean: formatting the messy copy
    // gives it back.
    assert_eq!(edits[0]["newText"].as_str(), Some(formatted.as_str()));
    // An already formatted file needs no edit.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 },
                "contentChanges": [{ "text": formatted }] }),
    );
    let none = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri },
                "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(none, json!([]));
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn completion_after_facility_dot_lists_the_packs_facts() {
    let (fixture, mut client) = started();
    let file = "ch3-operator-duties.tiaoli";
    let uri = fixture.uri(file);
    let typed = "    requires facility.security_measures_synchronous\n";
    let text = fixture
        .text(file)
        .replacen(typed, "    requires facility.\n", 1);
    open(&mut client, &uri, &text);
    let cursor = position_of(&text, "requires facility.\n", "requires facility.".len());
    let list = client.request("textDocument/completion", at(&uri, cursor.clone()));
    let items = list.as_array().expect("a list of items");
    let fact = items
        .iter()
        .find(|i| i["label"] == "security_measures_synchronous")
        .unwrap_or_else(|| panic!("no fact in {items:#?}"));
    assert_eq!(fact["kind"], 10, "a property: {fact}");
    assert_eq!(
        fact["textEdit"],
        json!({ "range": { "start": cursor, "end": cursor },
                "newText": "security_measures_synchronous" })
    );
    assert!(
        items.iter().any(|i| i["label"] == "identified_cii"),
        "{items:#?}"
    );
    assert!(
        items.iter().all(|i| i["kind"] == 10),
        "only facts after `facility.`"
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn document_symbols_outline_articles_and_their_rules() {
    let (fixture, mut client) = started();
    let file = "ch3-operator-duties.tiaoli";
    let (uri, text) = (fixture.uri(file), fixture.text(file));
    open(&mut client, &uri, &text);
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let top = symbols.as_array().expect("symbols");
    // The chapter's articles, then the file's one test.
    assert_eq!(top.len(), 2, "{top:#?}");
    assert_eq!(
        top[1]["name"],
        "an overdue assessment triggers the article 39 penalty"
    );
    assert_eq!(top[1]["kind"], 12, "a function");
    let chapter = &top[0];
    assert_eq!(chapter["name"], "chapter 3 运营者责任义务");
    assert_eq!(
        chapter["detail"],
        "Responsibilities and obligations of operators"
    );
    assert_eq!(chapter["kind"], 3, "a namespace");
    // Declared in chapters.tiaoli: selected at its first article's start.
    let first = position_at(&text, text.find("article 12").expect("article 12"));
    assert_eq!(
        chapter["selectionRange"],
        json!({ "start": first, "end": first })
    );
    let articles = chapter["children"].as_array().expect("articles");
    assert_eq!(articles.len(), text.matches("\narticle ").count());
    let article = &articles[0];
    assert_eq!(article["name"], "article 12 同步规划建设使用");
    assert_eq!(article["kind"], 2, "a module");
    let number = text.find("12 {").expect("article 12");
    assert_eq!(
        article["selectionRange"],
        json!({ "start": position_at(&text, number), "end": position_at(&text, number + 2) })
    );
    let rule = &article["children"][0];
    assert_eq!(rule["name"], "synchronous_measures");
    let name = text.find("synchronous_measures").expect("rule");
    assert_eq!(
        rule["selectionRange"],
        json!({ "start": position_at(&text, name), "end": position_at(&text, name + "synchronous_measures".len()) })
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_test_lens_runs_its_test_and_shows_the_result() {
    let (fixture, mut client) = started();
    let file = "tests-duties.tiaoli";
    let uri = fixture.uri(file);
    let name = "no operator duty binds a facility that is not CII, whatever its facts";
    // The first expectation made wrong: the test now fails.
    let text = fixture.text(file).replacen(
        "  expect synchronous_measures is not_applicable\n",
        "  expect synchronous_measures is violated\n",
        1,
    );
    open(&mut client, &uri, &text);
    let lenses = client.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri } }),
    );
    let lenses = lenses.as_array().expect("lenses");
    assert_eq!(lenses.len(), text.matches("\ntest \"").count());
    let first = &lenses[0];
    let head = format!("test \"{name}\"");
    let start = text.find(&head).expect("first test");
    assert_eq!(
        first["range"],
        json!({ "start": position_at(&text, start), "end": position_at(&text, start + head.len()) })
    );
    assert_eq!(
        first["command"],
        json!({ "title": "▶ Run test", "command": "tiaoli.runTest", "arguments": [uri, name] })
    );
    let run = client.request(
        "workspace/executeCommand",
        json!({ "command": "tiaoli.runTest", "arguments": [uri, name] }),
    );
    assert_eq!(
        run,
        json!({ "passed": false, "message": "expected violated, actual not_applicable" })
    );
    let shown = client.notification("window/showMessage", |_| true);
    assert_eq!(shown["type"], 2, "a warning");
    assert_eq!(
        shown["message"],
        format!("test `{name}` failed: expected violated, actual not_applicable")
    );
    let lenses = client.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(lenses[0]["command"]["title"], "✗ failed · run again");
    assert_eq!(lenses[1]["command"]["title"], "▶ Run test");

    // Fixed, it passes.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 },
                "contentChanges": [{ "text": fixture.text(file) }] }),
    );
    let run = client.request(
        "workspace/executeCommand",
        json!({ "command": "tiaoli.runTest", "arguments": [uri, name] }),
    );
    assert_eq!(run, json!({ "passed": true, "message": "ok" }));
    let lenses = client.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(lenses[0]["command"]["title"], "✓ passed · run again");
    // A test that is not there is an error, not a pass.
    let missing = client.request_raw(
        "workspace/executeCommand",
        json!({ "command": "tiaoli.runTest", "arguments": [uri, "no such test"] }),
    );
    assert_eq!(missing["error"]["code"], -32602, "{missing}");
    assert!(client.shutdown_and_exit().success());
}

/// A test whose facility is a `given file` runs from its lens, on the file
/// as the editor shows it: an unsaved buffer of the facility file, not
/// the disk's text, decides the result.
#[test]
fn a_given_file_test_runs_from_its_lens_on_the_unsaved_facility_file() {
    let fixture = crate::fixture::Fixture::decree();
    let tests = fixture.path("tests-given.tiaoli");
    let facility = fixture.path("facilities/cii.yaml");
    std::fs::create_dir_all(facility.parent().expect("folder")).expect("create folder");
    std::fs::write(&facility, "identified_cii: true\nsector: energy\n").expect("write");
    let name = "a facility read from a file is CII";
    std::fs::write(
        &tests,
        format!(
            "test \"{name}\" {{\n  as_of 2026-11-21\n  given file \"facilities/cii.yaml\"\n  expect cii is true\n}}\n"
        ),
    )
    .expect("write");
    let (mut client, _) = crate::Client::initialized(fixture.root(), json!({}));
    let uri = fixture.uri("tests-given.tiaoli");
    open(&mut client, &uri, &fixture.text("tests-given.tiaoli"));
    let run = |client: &mut crate::Client| {
        client.request(
            "workspace/executeCommand",
            json!({ "command": "tiaoli.runTest", "arguments": [uri, name] }),
        )
    };
    assert_eq!(run(&mut client), json!({ "passed": true, "message": "ok" }));
    // The facility file open with an edit not saved: the test reads it.
    let yaml = crate::client::file_uri(&facility);
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": yaml, "languageId": "yaml", "version": 1,
                "text": "identified_cii: false\nsector: energy\n" } }),
    );
    assert_eq!(
        run(&mut client),
        json!({ "passed": false, "message": "expected true, actual false" })
    );
    // Closed unsaved, the disk's text is read again.
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": yaml } }),
    );
    assert_eq!(run(&mut client), json!({ "passed": true, "message": "ok" }));
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_file_with_a_syntax_error_is_not_formatted_but_still_has_an_outline() {
    let (fixture, mut client) = started();
    let file = "ch3-operator-duties.tiaoli";
    let uri = fixture.uri(file);
    let text = fixture
        .text(file)
        .replacen("article 13 {", "article 13 {{", 1);
    open(&mut client, &uri, &text);
    let edits = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri },
                "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(edits, Value::Null, "what did not parse would be lost");
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .expect("symbols")
        .iter()
        .flat_map(|s| s["children"].as_array().into_iter().flatten().chain([s]))
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert!(names.contains(&"article 12 同步规划建设使用"), "{names:?}");
    assert!(client.shutdown_and_exit().success());
}

/// A test run from its lens that fails publishes each failing expectation
/// as a diagnostic (source `tiaoli test`) where it is written, with the
/// file's own diagnostics; editing the file clears them, and so does the
/// test passing.
#[test]
fn a_failing_test_run_publishes_its_expectations_until_an_edit_or_a_pass() {
    let (fixture, mut client) = started();
    let tests = "tests-duties.tiaoli";
    let uri = fixture.uri(tests);
    let name = "no operator duty binds a facility that is not CII, whatever its facts";
    let is_test = |d: &Value| d["source"] == "tiaoli test";
    let run = |client: &mut crate::client::Client| {
        client.request(
            "workspace/executeCommand",
            json!({ "command": "tiaoli.runTest", "arguments": [uri, name] }),
        )
    };
    // Article 12 made to bind what is not CII: the test, in another
    // file, now fails.
    let duties = "ch3-operator-duties.tiaoli";
    let rules = fixture.text(duties);
    let wrong = rules.replacen("  applies when cii\n", "  applies when not cii\n", 1);
    open(&mut client, &fixture.uri(duties), &wrong);
    assert_eq!(run(&mut client)["passed"], false);
    let text = fixture.text(tests);
    let expectation = "expect synchronous_measures is not_applicable";
    let line = position_of(&text, expectation, 0)["line"].clone();
    let published = client.diagnostics(&uri, |d| d.iter().any(is_test));
    let failure = published.iter().find(|d| is_test(d)).expect("a failure");
    assert_eq!(failure["range"]["start"]["line"], line, "{failure}");
    assert_eq!(failure["severity"], 1);
    let message = failure["message"].as_str().expect("message");
    assert!(
        message.starts_with(&format!("test `{name}`: ")),
        "{message}"
    );
    assert!(message.contains("not_applicable"), "{message}");

    // An edit to the test file clears them; a new run shows them again,
    // with the check's own diagnostic of the file.
    open(&mut client, &uri, &text);
    // An unused fact: a warning of the check's (an error would stop the
    // test from running).
    let edited = format!("{text}\nfact zz_unused: bool {{\n  zh \"未用\"\n  en \"unused\"\n}}\n");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 },
                "contentChanges": [{ "text": edited }] }),
    );
    let published = client.diagnostics(&uri, |d| !d.is_empty() && !d.iter().any(is_test));
    assert!(
        published.iter().all(|d| d["code"] == "W001"),
        "{published:?}"
    );
    assert_eq!(run(&mut client)["passed"], false);
    let published = client.diagnostics(&uri, |d| d.iter().any(is_test));
    assert!(
        published.iter().any(|d| d["code"] == "W001"),
        "{published:?}"
    );
    assert_eq!(
        published.iter().find(|d| is_test(d)).expect("failure")["range"]["start"]["line"],
        line
    );

    // Article 12 fixed: the run passes and its failures go.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": fixture.uri(duties), "version": 2 },
                "contentChanges": [{ "text": rules }] }),
    );
    assert_eq!(run(&mut client)["passed"], true);
    let published = client.diagnostics(&uri, |d| !d.iter().any(is_test));
    assert!(!published.is_empty(), "the check's own diagnostic stays");
    assert!(client.shutdown_and_exit().success());
}
