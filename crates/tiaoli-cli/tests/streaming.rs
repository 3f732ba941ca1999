//! Issue 9 (D11, D12, D14, items 2 and 4): `tiaoli eval` reads inventories
//! as a stream of pieces, evaluates them in parallel, and writes the same
//! bytes whatever `--jobs`; offsets are into the file as it is on disk;
//! a line or element that is not UTF-8, or too large, costs only itself.

#![expect(
    clippy::expect_used,
    reason = "a test that cannot set up its files or run the binary should fail loudly"
)]

mod common;
use common::{root, tiaoli};

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A fresh scratch folder for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tiaoli-stream-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

fn eval(file: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tiaoli"))
        .arg("eval")
        .arg(file)
        .args(["--as-of", "2026-11-21"])
        .args(extra)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("run tiaoli")
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

/// (code, primary label) of each diagnostic of a JSON report.
fn diagnostics(doc: &Value) -> Vec<(String, Value)> {
    doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let label = d["labels"]
                .as_array()
                .and_then(|l| l.iter().find(|l| l["primary"] == true))
                .cloned()
                .unwrap_or(Value::Null);
            (d["code"].as_str().unwrap_or_default().to_owned(), label)
        })
        .collect()
}

fn ids(doc: &Value) -> Vec<String> {
    doc["facilities"]
        .as_array()
        .expect("facilities")
        .iter()
        .map(|f| f["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The byte offset of the first `needle` in `bytes`.
fn find(bytes: &[u8], needle: &str) -> usize {
    bytes
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
        .expect("needle in file")
}

#[test]
fn offsets_in_crlf_files_with_a_bom_are_the_bytes_on_disk() {
    let dir = scratch("crlf");
    let cases: [(&str, &[u8]); 3] = [
        (
            "inv.jsonl",
            b"\xEF\xBB\xBF{\"id\":\"a\",\"sector\":\"energy\"}\r\n\r\n{\"id\":\"b\",\"sector\":\"nope\"}\r\n",
        ),
        ("one.yaml", b"\xEF\xBB\xBFid: b\r\n# \xE8\xBF\x90\r\nsector: nope\r\n"),
        (
            "arr.json",
            b"\xEF\xBB\xBF[\r\n  {\"id\": \"a\"},\r\n  {\"id\": \"b\", \"sector\": \"nope\"}\r\n]\r\n",
        ),
    ];
    for (name, bytes) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write");
        let doc = json(&eval(&path, &["--format", "json"]));
        let found = diagnostics(&doc);
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        let (code, label) = &found[0];
        assert_eq!(code, "F006", "{name}");
        // A JSON string's span has its quotes; a YAML plain scalar has none.
        let at = if name.ends_with(".yaml") {
            find(bytes, "nope")
        } else {
            find(bytes, "\"nope\"")
        };
        let start = label["start"].as_u64().expect("start") as usize;
        assert_eq!(start, at, "{name}: the value is at byte {at}");
        // The line is the file's (a CRLF is one line break).
        let line = bytes[..start].iter().filter(|&&b| b == b'\n').count() + 1;
        assert_eq!(label["line"], line as u64, "{name}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_line_that_is_not_utf8_costs_only_that_line() {
    let dir = scratch("utf8-line");
    let path = dir.join("bad.jsonl");
    let bytes = b"{\"id\":\"a\"}\n{\"id\":\"b\",\"name\":\"\xff\"}\n{\"id\":\"c\"}\n";
    std::fs::write(&path, bytes).expect("write");
    let out = eval(&path, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    assert_eq!(ids(&doc), ["a", "c"]);
    let found = diagnostics(&doc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "F012");
    let bad = bytes.iter().position(|&b| b == 0xff).expect("bad byte");
    assert_eq!(found[0].1["start"], bad as u64);
    assert_eq!(found[0].1["line"], 2);
    assert_eq!(found[0].1["column"], 19);
    assert_eq!(doc["summary"]["records"], 3);
    assert_eq!(doc["summary"]["failed"], 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_array_element_that_is_not_utf8_costs_only_that_element() {
    let dir = scratch("utf8-element");
    let path = dir.join("bad.json");
    let bytes = b"[{\"id\":\"a\"}, {\"id\":\"b\",\"name\":\"\xfe\"},\n {\"id\":\"c\"}]";
    std::fs::write(&path, bytes).expect("write");
    let doc = json(&eval(&path, &["--format", "json"]));
    assert_eq!(ids(&doc), ["a", "c"]);
    let found = diagnostics(&doc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "F012");
    let bad = bytes.iter().position(|&b| b == 0xfe).expect("bad byte");
    assert_eq!(found[0].1["start"], bad as u64);
    assert_eq!(found[0].1["line"], 1);
    assert_eq!(found[0].1["column"], bad as u64 + 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_array_is_read_element_by_element_with_the_files_positions() {
    let dir = scratch("array");
    let path = dir.join("inv.json");
    // One line: the third element's position counts the characters before it.
    let text = "[{\"id\":\"运营\"}, 3, {\"id\":\"x\",\"sector\":\"nope\"}, {\"id\":\"d\"},]";
    std::fs::write(&path, text).expect("write");
    let doc = json(&eval(&path, &["--format", "json"]));
    assert_eq!(ids(&doc), ["运营", "d"]);
    let found = diagnostics(&doc);
    let codes: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
    // A number is not a facility; a bad value; the trailing comma is a
    // record of its own and loses nothing.
    assert_eq!(codes, ["F002", "F006", "F001"]);
    let nope = text.find("\"nope\"").expect("nope");
    assert_eq!(found[1].1["start"], nope as u64);
    assert_eq!(
        found[1].1["column"],
        text[..nope].chars().count() as u64 + 1
    );
    assert_eq!(doc["summary"]["records"], 5);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_document_past_the_size_cap_is_an_error_and_the_next_files_are_read() {
    let dir = scratch("cap");
    let big = dir.join("big.yaml");
    std::fs::write(&big, format!("id: a\nname: {}\n", "x".repeat(5_000))).expect("write");
    let lines = dir.join("inv.jsonl");
    std::fs::write(
        &lines,
        format!(
            "{{\"id\":\"a\"}}\n{{\"id\":\"b\",\"name\":\"{}\"}}\n{{\"id\":\"c\"}}\n",
            "y".repeat(5_000)
        ),
    )
    .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_tiaoli"))
        .arg("eval")
        .args([&big, &lines])
        .args(["--format", "json", "--max-document-bytes", "1000"])
        .current_dir(root())
        .output()
        .expect("run tiaoli");
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    assert_eq!(ids(&doc), ["a", "c"]);
    let d = doc["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(d.len(), 2, "{d:?}");
    for (diag, file) in d.iter().zip(["big.yaml", "inv.jsonl"]) {
        assert_eq!(diag["code"], "F015");
        let message = diag["message"].as_str().unwrap_or_default();
        assert!(message.contains("1000 bytes"), "names the cap: {message}");
        assert!(diag["file"].as_str().unwrap_or_default().ends_with(file));
    }
    assert!(
        d[0]["help"]
            .as_str()
            .unwrap_or_default()
            .contains("JSON lines"),
        "suggests JSON lines"
    );
    // The long line is record 2, at line 2.
    assert_eq!(d[1]["labels"][0]["line"], 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_jsonl_run_without_records_is_a_header_and_a_summary() {
    let dir = scratch("empty");
    let path = dir.join("empty.jsonl");
    std::fs::write(&path, "\n\r\n  \n").expect("write");
    let out = tiaoli(&["eval", path.to_str().expect("utf-8"), "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    let types: Vec<String> = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("JSON")["type"].to_string())
        .collect();
    assert_eq!(types, ["\"header\"", "\"summary\""]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_endless_input_is_capped_not_read_forever() {
    let started = Instant::now();
    let out = eval(Path::new("/dev/zero"), &["--max-document-bytes", "100000"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("F015"));
    assert!(started.elapsed() < Duration::from_secs(30));
}

/// An inventory with bad records among good ones: repeated examples, with
/// distinct ids, and every 7th record broken in one of several ways.
fn mixed_inventory(dir: &Path, records: usize) -> PathBuf {
    let inventory =
        std::fs::read_to_string(root().join("examples/inventory.jsonl")).expect("read inventory");
    let lines: Vec<&str> = inventory.lines().collect();
    let mut text = String::new();
    for i in 0..records {
        let line = lines[i % lines.len()];
        let line = line.replacen("\"id\":\"inv-", &format!("\"id\":\"n{i}-"), 1);
        match i % 7 {
            3 => text.push_str(&line.replacen("\"sector\":\"", "\"sector\":\"x", 1)),
            5 => text.push_str("{\"id\": \"broken\",}"),
            6 if i % 2 == 0 => text.push_str("{\"unknown_fact\": 1, \"id\": \"u\"}"),
            _ => text.push_str(&line),
        }
        text.push('\n');
    }
    let path = dir.join("mixed.jsonl");
    std::fs::write(&path, text).expect("write inventory");
    path
}

#[test]
fn the_output_is_byte_identical_for_any_jobs() {
    let dir = scratch("jobs");
    let path = mixed_inventory(&dir, 700);
    for format in ["human", "json", "jsonl"] {
        let one = eval(&path, &["--format", format, "-j", "1"]);
        let two = eval(&path, &["--format", format, "--jobs", "2"]);
        let all = eval(&path, &["--format", format]);
        assert_eq!(one.status.code(), Some(1), "{format}");
        assert!(one.stdout == two.stdout, "{format}: -j1 and -j2 differ");
        assert!(
            one.stdout == all.stdout,
            "{format}: -j1 and the default differ"
        );
        assert_eq!(one.status.code(), all.status.code());
    }
    // And in input order: the facilities' ids as written.
    let doc = json(&eval(&path, &["--format", "json", "-j", "2"]));
    let got = ids(&doc);
    let mut sorted_by_position = got.clone();
    sorted_by_position.sort_by_key(|id| {
        id.trim_start_matches('n')
            .split('-')
            .next()
            .and_then(|n| n.parse::<usize>().ok())
    });
    assert_eq!(got, sorted_by_position);
    assert_eq!(doc["summary"]["records"], 700);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn jsonl_is_a_header_facilities_and_diagnostics_in_input_order_and_a_summary() {
    let dir = scratch("jsonl");
    let path = mixed_inventory(&dir, 30);
    let lines_out = eval(&path, &["--format", "jsonl"]);
    let doc = json(&eval(&path, &["--format", "json"]));
    let text = String::from_utf8(lines_out.stdout).expect("utf-8");
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect();
    let types: Vec<&str> = lines
        .iter()
        .map(|l| l["type"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(types.first(), Some(&"header"));
    assert_eq!(types.last(), Some(&"summary"));
    assert_eq!(lines[0]["as_of"], "2026-11-21");
    assert_eq!(lines[0]["packs"], doc["packs"]);
    // Each facility line is the document's facility, with `type` first.
    let facilities: Vec<Value> = lines
        .iter()
        .filter(|l| l["type"] == "facility")
        .map(|l| {
            let mut f = l.clone();
            f.as_object_mut().expect("object").shift_remove("type");
            f
        })
        .collect();
    assert_eq!(Value::Array(facilities), doc["facilities"]);
    let diags: Vec<Value> = lines
        .iter()
        .filter(|l| l["type"] == "diagnostic")
        .map(|l| {
            let mut d = l.clone();
            d.as_object_mut().expect("object").shift_remove("type");
            d
        })
        .collect();
    assert_eq!(Value::Array(diags), doc["diagnostics"]);
    let mut summary = lines.last().cloned().expect("summary");
    summary
        .as_object_mut()
        .expect("object")
        .shift_remove("type");
    assert_eq!(summary, doc["summary"]);
    // Diagnostics come where their record is: record 4 (index 3) is bad,
    // so a diagnostic line follows the third facility line.
    let first_diag = types
        .iter()
        .position(|t| *t == "diagnostic")
        .expect("a diagnostic");
    assert_eq!(&types[1..first_diag], ["facility"; 3]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_record_reports_at_most_a_hundred_problems_and_counts_the_rest() {
    let dir = scratch("cap-diags");
    let path = dir.join("many.jsonl");
    let keys: Vec<String> = (0..20_000).map(|i| format!("\"unknown_{i}\": 1")).collect();
    std::fs::write(
        &path,
        format!("{{\"id\":\"x\",{}}}\n{{\"id\":\"ok\"}}\n", keys.join(",")),
    )
    .expect("write");
    let started = Instant::now();
    let out = eval(&path, &["--format", "json"]);
    assert!(started.elapsed() < Duration::from_secs(30), "promptly");
    let doc = json(&out);
    assert_eq!(ids(&doc), ["ok"]);
    let d = doc["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(d.len(), 101);
    assert!(d[..100].iter().all(|d| d["code"] == "F003"));
    assert_eq!(d[100]["code"], "F016");
    let message = d[100]["message"].as_str().unwrap_or_default();
    assert!(message.contains("19900 more"), "{message}");
    // It points at the first problem not shown: the 101st key.
    let text = std::fs::read_to_string(&path).expect("read");
    let at = text.find("\"unknown_100\"").expect("key");
    assert_eq!(d[100]["labels"][0]["start"], at as u64);
    // The human report too.
    let human = eval(&path, &[]);
    let shown = String::from_utf8_lossy(&human.stdout);
    assert_eq!(shown.matches("F003").count(), 100);
    assert!(shown.contains("19900 more"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_closed_pipe_stops_a_parallel_run_at_once() {
    let dir = scratch("pipe");
    let path = mixed_inventory(&dir, 20_000);
    for format in ["json", "jsonl", "human"] {
        let started = Instant::now();
        let mut child = Command::new(env!("CARGO_BIN_EXE_tiaoli"))
            .arg("eval")
            .arg(&path)
            .args(["--format", format, "--jobs", "2"])
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run tiaoli");
        // Like `| head -1`: one line, then the reader goes away.
        let mut first = String::new();
        let stdout = child.stdout.take().expect("stdout");
        BufReader::new(stdout)
            .read_line(&mut first)
            .expect("a line");
        assert!(!first.is_empty());
        let out = child.wait_with_output().expect("wait");
        let elapsed = started.elapsed();
        assert_eq!(out.status.code(), Some(141), "{format}");
        assert!(
            elapsed < Duration::from_secs(10),
            "{format}: took {elapsed:?}, evaluation went on after the pipe closed"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
