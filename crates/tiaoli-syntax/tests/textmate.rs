//! The VS Code extension in editors/vscode keeps in step with
//! grammar/tiaoli.pest: every keyword of the language is highlighted by the
//! TextMate grammar, and the extension's files fit together.
//!
//! A keyword is any quoted literal of the pest grammar made of ASCII letters
//! and `_` (`"article"`, `"not_triggered"`, `"CNY"`, the words of atomic rules
//! such as `("any" | "all" | …)`). It must appear as a whole word in one of the
//! grammar's `match`/`begin`/`end` regexes, so a keyword added to the language
//! without a highlighting rule fails here. Write keywords out in full in the
//! regexes (`days|day`, not `days?`).

use std::collections::BTreeSet;

use serde_json::Value;

#[path = "support/pest_keywords.rs"]
mod pest_keywords;
use pest_keywords::{keywords, pest_literals};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../");
const EXTENSION: &str = "editors/vscode/";
const GRAMMAR: &str = "editors/vscode/syntaxes/tiaoli.tmLanguage.json";

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(format!("{ROOT}{path}")).map_err(|e| format!("cannot read {path}: {e}"))
}

fn json(path: &str) -> Result<Value, String> {
    serde_json::from_str(&read(path)?).map_err(|e| format!("{path} is not valid JSON: {e}"))
}

/// The string values of the given keys anywhere in a JSON document, each
/// with the JSON path that holds it.
fn strings_at(value: &Value, keys: &[&str], path: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let here = format!("{path}/{key}");
                match v {
                    Value::String(s) if keys.contains(&key.as_str()) => out.push((here, s.clone())),
                    _ => strings_at(v, keys, &here, out),
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                strings_at(v, keys, &format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Every regex of a TextMate grammar, with the JSON path that holds it.
fn regexes(grammar: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    strings_at(grammar, &["match", "begin", "end", "while"], "", &mut out);
    out
}

fn is_word_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Whether `word` stands on its own in the regex text: not inside a longer
/// word, though it may follow an escape such as `\s` or `\b`.
fn has_word(re: &str, word: &str) -> bool {
    let bytes = re.as_bytes();
    re.match_indices(word).any(|(at, _)| {
        let end = at + word.len();
        let before = at == 0
            || !is_word_char(bytes[at - 1])
            || (at >= 2 && bytes[at - 2] == b'\\' && (at < 3 || bytes[at - 3] != b'\\'));
        let after = end == bytes.len() || !is_word_char(bytes[end]);
        before && after
    })
}

/// Unescaped parentheses balance outside character classes, and every class
/// is closed: the mistake most easily made when editing a regex inside JSON.
fn balanced(re: &str) -> bool {
    let mut depth = 0usize;
    let mut class = false;
    let mut chars = re.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' if !class => {
                class = true;
                chars.next_if_eq(&'^');
                chars.next_if_eq(&']');
            }
            ']' if class => class = false,
            '(' if !class => depth += 1,
            ')' if !class => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            _ => {}
        }
    }
    depth == 0 && !class
}

#[test]
fn every_pest_keyword_is_highlighted() -> Result<(), String> {
    let keywords = keywords(&read("grammar/tiaoli.pest")?);
    // The extraction itself works: a broken scan must not pass vacuously.
    for expected in [
        "article",
        "bearer",
        "and",
        "any",
        "sum",
        "not_triggered",
        "months",
        "zh",
        "art",
        "CNY",
        "as_of",
    ] {
        assert!(
            keywords.contains(expected),
            "keyword {expected:?} not extracted from tiaoli.pest: {keywords:?}"
        );
    }
    assert!(
        keywords.len() >= 80,
        "only {} keywords extracted from tiaoli.pest",
        keywords.len()
    );

    let res = regexes(&json(GRAMMAR)?);
    let missing: Vec<&String> = keywords
        .iter()
        .filter(|k| !res.iter().any(|(_, re)| has_word(re, k)))
        .collect();
    assert!(
        missing.is_empty(),
        "keywords of grammar/tiaoli.pest that {GRAMMAR} does not highlight: {missing:?}\n\
         add each, written out in full, to a `match` regex there"
    );
    Ok(())
}

#[test]
fn word_search_respects_word_boundaries() {
    assert!(has_word(r"(?<![\p{L}_])(?:and|or|not)(?![\p{L}_])", "not"));
    assert!(has_word(r"(is)\s+(not_triggered|triggered)", "triggered"));
    assert!(has_word(r"\bart\d+", "art"));
    assert!(has_word(r"\s+(days|day)", "day"));
    assert!(!has_word(r"(articles|not_triggered)", "article"));
    assert!(!has_word(r"(not_triggered)", "not"));
    assert!(!has_word(r"(daystar)", "day"));
    assert!(balanced(r#"(a(?:b|[()\]])\))"#));
    assert!(!balanced(r"(a(b)"));
    assert!(!balanced(r"a)(b"));
    assert!(!balanced(r"[a-z"));
    assert_eq!(
        pest_literals("r = { \"a\\\"b\" ~ '\"' } // \"comment\"\ns = @{ \"x\" }"),
        vec![r#"a\"b"#.to_string(), "x".to_string()]
    );
}

#[test]
fn textmate_grammar_is_well_formed() -> Result<(), String> {
    let grammar = json(GRAMMAR)?;
    assert_eq!(grammar["scopeName"], "source.tiaoli");
    assert_eq!(grammar["name"], "tiaoli");

    let res = regexes(&grammar);
    assert!(res.len() >= 30, "only {} regexes in {GRAMMAR}", res.len());
    for (path, re) in &res {
        assert!(
            balanced(re),
            "{GRAMMAR}{path}: unbalanced parentheses or brackets in {re:?}"
        );
    }

    // Every `#name` include names a repository entry, and every entry is used.
    let repository = grammar["repository"]
        .as_object()
        .expect("the grammar has a repository");
    let mut includes = Vec::new();
    strings_at(&grammar, &["include"], "", &mut includes);
    let mut included = BTreeSet::new();
    for (path, include) in &includes {
        let name = include
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{GRAMMAR}{path}: unexpected include {include:?}"));
        assert!(
            repository.contains_key(name),
            "{GRAMMAR}{path} includes #{name}, which the repository lacks"
        );
        included.insert(name.to_string());
    }
    for name in repository.keys() {
        assert!(
            included.contains(name),
            "{GRAMMAR}: repository entry {name:?} is never included"
        );
    }
    Ok(())
}

#[test]
fn extension_manifest_points_at_its_files() -> Result<(), String> {
    let manifest = json(&format!("{EXTENSION}package.json"))?;
    assert_eq!(manifest["name"], "tiaoli");
    assert_eq!(manifest["publisher"], "tiaoli");
    assert!(manifest["engines"]["vscode"].is_string());

    let language = &manifest["contributes"]["languages"][0];
    assert_eq!(language["id"], "tiaoli");
    assert_eq!(language["extensions"], serde_json::json!([".tiaoli"]));
    let configuration = language["configuration"]
        .as_str()
        .expect("a language configuration");
    let configuration = json(&format!(
        "{EXTENSION}{}",
        configuration.trim_start_matches("./")
    ))?;
    assert_eq!(configuration["comments"]["lineComment"], "//");

    let grammar = &manifest["contributes"]["grammars"][0];
    assert_eq!(grammar["language"], "tiaoli");
    assert_eq!(grammar["scopeName"], "source.tiaoli");
    assert_eq!(
        grammar["path"],
        format!("./{}", GRAMMAR.trim_start_matches(EXTENSION))
    );
    Ok(())
}
