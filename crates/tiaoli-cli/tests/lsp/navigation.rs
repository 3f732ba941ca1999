//! Definition, references, rename and workspace symbols across the
//! decree's files.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::at::{at, position_at, range_at, started};
use crate::fixture::{Fixture, open};

const FACT: &str = "security_measures_synchronous";
const USE: &str = "requires facility.security_measures_synchronous";
const DUTIES: &str = "ch3-operator-duties.tiaoli";

/// The decree's `.tiaoli` files, by URI, with their texts.
fn pack_texts(fixture: &Fixture) -> BTreeMap<String, String> {
    let dir = fixture.path("");
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("read pack") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.ends_with(".tiaoli") {
            out.insert(fixture.uri(&name), fixture.text(&name));
        }
    }
    out
}

/// The use of the fact in chapter 3: its document open, the cursor on it.
fn on_the_use(fixture: &Fixture, client: &mut crate::client::Client) -> (String, Value) {
    let (uri, text) = (fixture.uri(DUTIES), fixture.text(DUTIES));
    open(client, &uri, &text);
    let offset = text.find(USE).expect("use") + USE.len() - 3;
    (uri, position_at(&text, offset))
}

#[test]
fn definition_of_a_fact_is_its_declaration_in_facts_tiaoli() {
    let (fixture, mut client) = started();
    let (uri, cursor) = on_the_use(&fixture, &mut client);
    let found = client.request("textDocument/definition", at(&uri, cursor));
    let facts = fixture.text("facts.tiaoli");
    let name = facts.find(&format!("fact {FACT}:")).expect("declaration") + 5;
    assert_eq!(
        found,
        json!([{ "uri": fixture.uri("facts.tiaoli"), "range": range_at(&facts, name, FACT.len()) }])
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn references_and_rename_cover_every_occurrence_in_the_pack() {
    let (fixture, mut client) = started();
    let (uri, cursor) = on_the_use(&fixture, &mut client);
    let texts = pack_texts(&fixture);
    let expected: usize = texts.values().map(|t| t.matches(FACT).count()).sum();
    assert_eq!(expected, 12);

    let mut params = at(&uri, cursor.clone());
    params["context"] = json!({ "includeDeclaration": true });
    let found = client.request("textDocument/references", params.clone());
    let found = found.as_array().expect("locations");
    assert_eq!(found.len(), expected, "{found:#?}");
    params["context"] = json!({ "includeDeclaration": false });
    let uses = client.request("textDocument/references", params);
    assert_eq!(uses.as_array().expect("locations").len(), expected - 1);

    let prepared = client.request("textDocument/prepareRename", at(&uri, cursor.clone()));
    let text = &texts[&uri];
    let use_at = text.find(USE).expect("use") + USE.len() - FACT.len();
    assert_eq!(prepared, range_at(text, use_at, FACT.len()));

    let mut params = at(&uri, cursor.clone());
    params["newName"] = json!("measures_in_step");
    let edit = client.request("textDocument/rename", params);
    let changes = edit["changes"].as_object().expect("changes");
    for (file, text) in &texts {
        let count = text.matches(FACT).count();
        let edits = changes.get(file).and_then(Value::as_array);
        assert_eq!(edits.map_or(0, Vec::len), count, "{file}");
        for edit in edits.into_iter().flatten() {
            assert_eq!(edit["newText"], "measures_in_step");
            let start = edit["range"]["start"].clone();
            let offset = offset_of(text, &start);
            assert_eq!(&text[offset..offset + FACT.len()], FACT, "{file} {start}");
            assert_eq!(edit["range"], range_at(text, offset, FACT.len()));
        }
    }

    let mut params = at(&uri, cursor);
    params["newName"] = json!("fact");
    let refused = client.request_raw("textDocument/rename", params);
    assert_eq!(refused["error"]["code"], -32803, "{refused}");
    assert_eq!(
        refused["error"]["message"],
        "`fact` is a keyword of the language"
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn workspace_symbols_find_a_fact_by_part_of_its_name() {
    let (fixture, mut client) = started();
    let found = client.request(
        "workspace/symbol",
        json!({ "query": "measures_synchronous" }),
    );
    let found = found.as_array().expect("symbols");
    let facts = fixture.text("facts.tiaoli");
    let name = facts.find(&format!("fact {FACT}:")).expect("declaration") + 5;
    let fact = found
        .iter()
        .find(|s| s["name"] == FACT)
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(fact["kind"], 7, "a property");
    assert_eq!(
        fact["location"],
        json!({ "uri": fixture.uri("facts.tiaoli"), "range": range_at(&facts, name, FACT.len()) })
    );
    assert!(client.shutdown_and_exit().success());
}

/// The byte offset of an LSP position (UTF-16 columns) in `text`.
fn offset_of(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().expect("line") as usize;
    let character = position["character"].as_u64().expect("character") as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}
