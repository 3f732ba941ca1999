//! The report formats as a CI job or a reader meets them: `--fail-on`'s
//! exit statuses, SARIF validated against the official 2.1.0 schema, JUnit
//! XML and HTML parsed with real parsers, Markdown, GitHub annotations,
//! iCalendar parsed by an iCalendar reader.

#![expect(
    clippy::expect_used,
    reason = "a test that cannot run the binary or parse its output should fail loudly"
)]

use std::process::Output;

use serde_json::Value as Json;

mod common;
use common::{root, tiaoli};

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8")
}

fn sarif_validator() -> jsonschema::Validator {
    let path = root().join("crates/tiaoli-cli/tests/fixtures/sarif/sarif-schema-2.1.0.json");
    let schema: Json =
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema")).expect("JSON");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn assert_valid_sarif(text: &str) -> Json {
    let doc: Json = serde_json::from_str(text).expect("SARIF is JSON");
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "not valid SARIF 2.1.0: {errors:#?}");
    doc
}

#[test]
fn eval_sarif_fails_on_violated_and_validates_against_the_schema() {
    let out = tiaoli(&[
        "eval",
        "examples/grid-dispatch.yaml",
        "--as-of",
        "2026-11-21",
        "--fail-on",
        "violated",
        "--format",
        "sarif",
    ]);
    assert_eq!(out.status.code(), Some(1), "violated outcomes fail the run");
    let doc = assert_valid_sarif(&stdout(&out));
    let run = &doc["runs"][0];
    let results = run["results"].as_array().expect("results");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = results
        .iter()
        .filter_map(|r| r["ruleId"].as_str())
        .collect();
    assert!(ids.contains(&"decree-745/annual_assessment"), "{ids:?}");
    assert!(
        ids.contains(&"decree-745/procurement_security_review"),
        "{ids:?}"
    );
    for r in results {
        assert_eq!(r["level"], "error", "grid-dispatch's outcomes are violated");
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(
            rules[index]["id"], r["ruleId"],
            "ruleIndex points at its rule"
        );
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "examples/grid-dispatch.yaml"
        );
    }
    let art17 = results
        .iter()
        .find(|r| r["ruleId"] == "decree-745/annual_assessment")
        .expect("art. 17 result");
    let message = art17["message"]["text"].as_str().expect("text");
    assert!(message.contains("art. 17"), "{message}");
    let rule = rules
        .iter()
        .find(|r| r["id"] == "decree-745/annual_assessment")
        .expect("rule metadata");
    let text = rule["fullDescription"]["text"]
        .as_str()
        .expect("article text");
    assert!(text.contains("art. 17"), "{text}");
}

#[test]
fn the_same_run_passes_without_fail_on_and_fails_on_exposure() {
    let base = [
        "eval",
        "examples/grid-dispatch.yaml",
        "--as-of",
        "2026-11-21",
    ];
    let plain = tiaoli(&base);
    assert_eq!(plain.status.code(), Some(0));
    let mut with = base.to_vec();
    with.extend(["--fail-on", "exposure"]);
    assert_eq!(
        tiaoli(&with).status.code(),
        Some(1),
        "a certain fine applies"
    );
    // A facility with nothing undecided passes `--fail-on undecided`.
    let mut undecided = base.to_vec();
    undecided.extend(["--fail-on", "undecided"]);
    assert_eq!(tiaoli(&undecided).status.code(), Some(0));
    // Several at once, comma-separated.
    let mut both = base.to_vec();
    both.extend(["--fail-on", "undecided,violated"]);
    assert_eq!(tiaoli(&both).status.code(), Some(1));
}

#[test]
fn an_empty_input_warns_and_fails_under_fail_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let empty = dir.path().join("empty.jsonl");
    std::fs::write(&empty, "").expect("write");
    let empty = empty.to_string_lossy().into_owned();
    let plain = tiaoli(&["eval", &empty, "--as-of", "2026-11-21"]);
    let stderr = String::from_utf8_lossy(&plain.stderr);
    assert!(stderr.contains("no records"), "{stderr}");
    assert_eq!(plain.status.code(), Some(0));
    let failing = tiaoli(&["eval", &empty, "--fail-on", "violated"]);
    assert_eq!(failing.status.code(), Some(1), "nothing checked is no pass");
}

#[test]
fn check_sarif_locates_diagnostics_and_validates() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("broken.tiaoli");
    std::fs::write(
        &file,
        "article 1 {\n  title zh \"总则\" en \"General\"\n  applies when nonsense_fact\n}\n",
    )
    .expect("write");
    let file = file.to_string_lossy().into_owned();
    let out = tiaoli(&["check", &file, "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    let doc = assert_valid_sarif(&stdout(&out));
    let results = doc["runs"][0]["results"].as_array().expect("results");
    assert!(!results.is_empty());
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    for r in results {
        let code = r["ruleId"].as_str().expect("code");
        assert!(
            rules.iter().any(|x| x["id"] == code),
            "{code} has rule metadata"
        );
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().expect("line") >= 1);
        assert!(region["startColumn"].as_u64().expect("column") >= 1);
    }
    // The clean packs give a valid document with no results.
    let clean = tiaoli(&["check", "policies", "--format", "sarif"]);
    assert_eq!(clean.status.code(), Some(0));
    assert_valid_sarif(&stdout(&clean));
}

#[test]
fn eval_inventory_sarif_locates_each_result_at_its_records_line() {
    let out = tiaoli(&[
        "eval",
        "examples/inventory.jsonl",
        "--as-of",
        "2026-11-21",
        "--format",
        "sarif",
    ]);
    let doc = assert_valid_sarif(&stdout(&out));
    let lines: Vec<&str> = std::fs::read_to_string(root().join("examples/inventory.jsonl"))
        .expect("inventory")
        .leak()
        .lines()
        .collect();
    let results = doc["runs"][0]["results"].as_array().expect("results");
    let mut facilities = 0;
    for r in results {
        let line = r["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .expect("line") as usize;
        if let Some(id) = r["properties"]["facility"].as_str() {
            facilities += 1;
            assert!(
                lines[line - 1].contains(&format!("\"id\":\"{id}\"")),
                "{id} is at line {line}"
            );
        } else {
            // A bad record's diagnostic, at its code.
            assert!(r["ruleId"].as_str().expect("code").starts_with('F'));
        }
    }
    assert!(facilities > 0);
}

#[test]
fn junit_parses_with_a_testsuite_per_facility_and_failures_for_violations() {
    let out = tiaoli(&[
        "eval",
        "examples/grid-dispatch.yaml",
        "--as-of",
        "2026-11-21",
        "--format",
        "junit",
    ]);
    let text = stdout(&out);
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let root_el = doc.root_element();
    assert_eq!(root_el.tag_name().name(), "testsuites");
    let suites: Vec<_> = root_el
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 1);
    assert_eq!(suites[0].attribute("name"), Some("grid-dispatch-01"));
    let failed: Vec<&str> = suites[0]
        .children()
        .filter(|c| c.has_tag_name("testcase") && c.children().any(|f| f.has_tag_name("failure")))
        .filter_map(|c| c.attribute("name"))
        .collect();
    assert_eq!(
        failed,
        [
            "decree-745/annual_assessment",
            "decree-745/procurement_security_review"
        ]
    );
    assert_eq!(suites[0].attribute("failures"), Some("2"));

    // `tiaoli test`: one testcase per pack test.
    let tests = tiaoli(&["test", "policies", "--format", "junit"]);
    assert_eq!(tests.status.code(), Some(0));
    let text = stdout(&tests);
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let cases = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .count();
    let json = tiaoli(&["test", "policies", "--format", "json"]);
    let json: Json = serde_json::from_slice(&json.stdout).expect("test JSON");
    assert_eq!(cases, json["tests"].as_array().expect("tests").len());
    assert_eq!(json["summary"]["passed"].as_u64(), Some(cases as u64));
}

#[test]
fn html_renders_the_inventory_as_real_structure() {
    for (lang, attr, violated) in [("en", "en", "Violated"), ("zh", "zh-CN", "违反")] {
        let out = tiaoli(&[
            "eval",
            "examples/inventory.jsonl",
            "--as-of",
            "2026-11-21",
            "--format",
            "html",
            "--lang",
            lang,
        ]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "the inventory has two bad records"
        );
        let text = stdout(&out);
        assert!(!text.contains("<script"), "no scripts");
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "no external resources"
        );
        let page = scraper::Html::parse_document(&text);
        let sel = |s: &str| scraper::Selector::parse(s).expect("selector");
        let html_el = page.select(&sel("html")).next().expect("html");
        assert_eq!(html_el.value().attr("lang"), Some(attr));
        let rows = page.select(&sel("table.facilities tbody tr")).count();
        let sections = page.select(&sel("section.facility")).count();
        assert_eq!(rows, 48, "a row per evaluated facility");
        assert_eq!(sections, 48, "a section per evaluated facility");
        let operators = page.select(&sel("table.operators tbody tr")).count();
        assert!(operators > 1);
        // A violated duty with the text of its article.
        let heading = page
            .select(&sel("section.facility h3.violated"))
            .next()
            .expect("a violated heading");
        assert!(heading.text().collect::<String>().starts_with(violated));
        let quoted: String = page
            .select(&sel("ul.violated blockquote.text"))
            .flat_map(|b| b.text())
            .collect();
        let marker = if lang == "zh" {
            "运营者"
        } else {
            "operator"
        };
        assert!(quoted.contains(marker), "article text in {lang}");
        // The bad records, escaped inside the page.
        let problems: String = page
            .select(&sel("pre.problems"))
            .flat_map(|p| p.text())
            .collect();
        assert!(problems.contains("F003"), "{problems}");
    }
}

#[test]
fn markdown_renders_the_inventory_summary_first() {
    let out = tiaoli(&[
        "eval",
        "examples/inventory.jsonl",
        "--as-of",
        "2026-11-21",
        "--format",
        "markdown",
    ]);
    let text = stdout(&out);
    let summary = text.find("## Summary").expect("summary");
    let first_facility = text
        .find("## inv\\-001")
        .or_else(|| text.find("## inv-001"))
        .expect("facility");
    assert!(summary < first_facility, "summary first");
    let facility_rows = text.lines().filter(|l| l.starts_with("| inv")).count();
    assert_eq!(facility_rows, 48);
    assert!(text.contains("### Violated"));
    assert!(text.contains("  > "), "article text quoted");
    assert!(text.contains("## Problems with the facility files"));
}

#[test]
fn ics_parses_with_an_event_per_due_date() {
    let out = tiaoli(&[
        "eval",
        "examples/grid-dispatch.yaml",
        "--as-of",
        "2026-11-21",
        "--format",
        "ics",
        "--lang",
        "zh",
    ]);
    let text = stdout(&out);
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "folded at 75 octets: {line}");
        assert!(!line.contains('\n'), "CRLF line endings only");
    }
    let unfolded = icalendar::parser::unfold(&text);
    let cal = icalendar::parser::read_calendar(&unfolded).expect("parses");
    fn events<'a>(
        cs: &'a [icalendar::parser::Component<'a>],
        out: &mut Vec<&'a icalendar::parser::Component<'a>>,
    ) {
        for c in cs {
            if c.name == "VEVENT" {
                out.push(c);
            }
            events(&c.components, out);
        }
    }
    let mut found = Vec::new();
    events(&cal.components, &mut found);
    assert!(!found.is_empty());
    let prop = |c: &icalendar::parser::Component<'_>, name: &str| {
        c.properties
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.val.as_str().to_owned())
            .expect("property")
    };
    let mut uids = Vec::new();
    for e in &found {
        uids.push(prop(e, "UID"));
        assert_eq!(prop(e, "DTSTART").len(), 8, "an all-day date");
        assert!(prop(e, "SUMMARY").starts_with("grid-dispatch-01: "));
    }
    let annual = found
        .iter()
        .find(|e| prop(e, "UID").contains("annual_assessment"))
        .expect("the art. 17 deadline");
    assert_eq!(prop(annual, "DTSTART"), "20260618");
    assert!(
        prop(annual, "SUMMARY").contains("第17条"),
        "the article, in Chinese"
    );
    assert!(prop(annual, "DESCRIPTION").contains("运营者"), "its text");
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), found.len(), "UIDs are unique");
    // Stable: the same run gives the same calendar.
    let again = tiaoli(&[
        "eval",
        "examples/grid-dispatch.yaml",
        "--as-of",
        "2026-11-21",
        "--format",
        "ics",
        "--lang",
        "zh",
    ]);
    assert_eq!(stdout(&again), text);
}

#[test]
fn github_annotations_escape_and_locate() {
    let out = tiaoli(&[
        "eval",
        "examples/grid-dispatch.yaml",
        "--as-of",
        "2026-11-21",
        "--format",
        "github",
    ]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    for l in &lines {
        assert!(
            l.starts_with("::error file=examples/grid-dispatch.yaml,line=1,"),
            "{l}"
        );
        let (props, _) = l
            .split_once("::")
            .map(|(_, r)| r.split_once("::").expect("message"))
            .expect("command");
        let title = props.split_once("title=").expect("title").1;
        assert!(
            !title.contains(':') && !title.contains(','),
            "escaped: {title}"
        );
    }
}

#[test]
fn check_jsonl_gives_one_diagnostic_per_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("broken.tiaoli");
    std::fs::write(
        &file,
        "article 1 {\n  applies when nonsense_fact and other_nonsense\n}\n",
    )
    .expect("write");
    let file = file.to_string_lossy().into_owned();
    let out = tiaoli(&["check", &file, "--format", "jsonl"]);
    let text = stdout(&out);
    assert!(!text.is_empty());
    for line in text.lines() {
        let d: Json = serde_json::from_str(line).expect("a JSON line");
        assert_eq!(d["type"], "diagnostic");
        assert!(d["code"].is_string());
    }
}
