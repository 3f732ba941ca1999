//! The bad-input corpus: `tests/corpus/` at the repository root.
//!
//! Each case is a file `NNN-short-name.tiaoli` (checked as a pack of its own)
//! or a folder `NNN-short-name/` (checked as a folder of packs, with their
//! `tiaoli.toml` manifests). Every file starts with a comment saying what the
//! mistake is. The expected diagnostics are written on the line where the
//! primary label of each one starts:
//!
//! ```text
//! define x = facility.nope   //~ N001
//! define y = 1 + true        //~ T002 W002
//! }
//! //~^ S003                     (the line above)
//! ```
//!
//! In `tiaoli.toml` and `tiaoli.lock` files the marker is `#~`. The test runs
//! `tiaoli check --format json` on each case and compares the multiset of
//! (file, line, code) it reports with the annotations.

#![expect(clippy::expect_used)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

use tiaoli_diagnostics::Code;

/// Cases that fail because of a known bug in the parser or the checker:
/// (case, what goes wrong). Each case's annotations say what *should* be
/// reported. The test expects these cases to keep failing and fails when one
/// starts passing, so that the fixed bug's entry is removed from this list.
const KNOWN_BUGS: &[(&str, &str)] = &[];

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

/// (file relative to the case, line, code)
type Key = (String, usize, String);

#[derive(Debug)]
struct Case {
    name: String,
    path: PathBuf,
}

fn cases() -> Vec<Case> {
    let mut cases: Vec<Case> = fs::read_dir(corpus_dir())
        .expect("tests/corpus exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "tiaoli"))
        .map(|path| Case {
            name: path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            path,
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// The annotated files of a case: (name relative to the case, path).
fn case_files(case: &Case) -> Vec<(String, PathBuf)> {
    if case.path.is_file() {
        let name = file_name(&case.path);
        return vec![(name, case.path.clone())];
    }
    let mut out = Vec::new();
    collect_files(&case.path, &case.path, &mut out);
    out.sort();
    out
}

fn collect_files(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    for entry in fs::read_dir(dir).expect("readable case folder") {
        let path = entry.expect("readable entry").path();
        if path.is_dir() {
            collect_files(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "tiaoli")
            || path
                .file_name()
                .is_some_and(|n| n == "tiaoli.toml" || n == "tiaoli.lock")
        {
            out.push((relative(root, &path), path));
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `path` relative to `root`, with `/` separators; the path itself if it is
/// not inside `root`.
fn relative(root: &Path, path: &Path) -> String {
    match path.strip_prefix(root) {
        Ok(rel) => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => path.display().to_string(),
    }
}

/// A case file's text; bytes that are not UTF-8 become U+FFFD, which keeps
/// its lines (and so its annotations) where they are.
fn read_lossy(path: &Path) -> std::io::Result<String> {
    fs::read(path).map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// The annotations of one file. Errors describe malformed annotations.
fn annotations(rel: &str, text: &str) -> Result<Vec<Key>, String> {
    let marker = if rel.ends_with(".toml") || rel.ends_with(".lock") {
        "#~"
    } else {
        "//~"
    };
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let Some(at) = line.find(marker) else {
            continue;
        };
        let rest = &line[at + marker.len()..];
        let up = rest.chars().take_while(|c| *c == '^').count();
        let number = (i + 1)
            .checked_sub(up)
            .filter(|n| *n >= 1)
            .ok_or_else(|| format!("{rel}:{}: `{marker}^` points above the file", i + 1))?;
        let codes: Vec<&str> = rest[up..].split_whitespace().collect();
        if codes.is_empty() {
            return Err(format!("{rel}:{}: `{marker}` without a code", i + 1));
        }
        for code in codes {
            match Code::from_str(code) {
                Ok(c) if c.as_str() == code => out.push((rel.to_owned(), number, code.to_owned())),
                _ => {
                    return Err(format!(
                        "{rel}:{}: `{code}` is not a diagnostic code (write e.g. `{marker} N001 T002`)",
                        i + 1
                    ));
                }
            }
        }
    }
    Ok(out)
}

/// What `tiaoli check --format json` reports: (key, message) per diagnostic.
fn run_check(case: &Case) -> Result<Vec<(Key, String)>, String> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tiaoli"));
    command.args(["check", "--format", "json"]).arg(&case.path);
    // A folder case is checked from inside it, where its project
    // configuration (`[tool]` in its `tiaoli.toml`) is found.
    if case.path.is_dir() {
        command.current_dir(&case.path);
    }
    let output = command
        .output()
        .map_err(|e| format!("cannot run tiaoli: {e}"))?;
    if !matches!(output.status.code(), Some(0 | 1)) {
        return Err(format!(
            "`tiaoli check` exited with {:?}: {}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let json: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("invalid JSON from `tiaoli check --format json`: {e}"))?;
    let mut out = Vec::new();
    for d in json["diagnostics"].as_array().into_iter().flatten() {
        let labels = d["labels"].as_array().cloned().unwrap_or_default();
        let label = labels
            .iter()
            .find(|l| l["primary"] == serde_json::Value::Bool(true))
            .or(labels.first());
        let (file, line) = match label {
            Some(l) => {
                let file = Path::new(l["file"].as_str().unwrap_or_default());
                let rel = if case.path.is_file() {
                    file_name(file)
                } else {
                    relative(&case.path, file)
                };
                (rel, l["line"].as_u64().unwrap_or(0) as usize)
            }
            None => ("<no label>".to_owned(), 0),
        };
        out.push((
            (
                file,
                line,
                d["code"].as_str().unwrap_or_default().to_owned(),
            ),
            d["message"].as_str().unwrap_or_default().to_owned(),
        ));
    }
    Ok(out)
}

fn multiset(keys: impl IntoIterator<Item = Key>) -> BTreeMap<Key, usize> {
    let mut m = BTreeMap::new();
    for k in keys {
        *m.entry(k).or_insert(0) += 1;
    }
    m
}

/// `a - b` as multisets.
fn minus(a: &BTreeMap<Key, usize>, b: &BTreeMap<Key, usize>) -> Vec<Key> {
    let mut out = Vec::new();
    for (k, &n) in a {
        for _ in 0..n.saturating_sub(b.get(k).copied().unwrap_or(0)) {
            out.push(k.clone());
        }
    }
    out
}

/// Compares a case's annotations with what `tiaoli check` reports. Ok(())
/// if they match; Err(diff) otherwise.
fn check_case(case: &Case) -> Result<(), String> {
    let mut expected = Vec::new();
    for (rel, path) in case_files(case) {
        // Lossy: a case may hold bytes that are not UTF-8 (S009).
        let text = read_lossy(&path).map_err(|e| format!("cannot read {rel}: {e}"))?;
        expected.extend(annotations(&rel, &text)?);
    }
    let reported = run_check(case)?;
    let want = multiset(expected);
    let got = multiset(reported.iter().map(|(k, _)| k.clone()));
    if want == got {
        return Ok(());
    }
    let mut diff = String::new();
    for (file, line, code) in minus(&want, &got) {
        diff.push_str(&format!(
            "    - {file}:{line} {code}   (annotated, not reported)\n"
        ));
    }
    for key in minus(&got, &want) {
        let message = reported
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, m)| m.as_str())
            .unwrap_or_default();
        let (file, line, code) = key;
        diff.push_str(&format!(
            "    + {file}:{line} {code} `{message}`   (reported, not annotated)\n"
        ));
    }
    Err(diff)
}

#[test]
fn corpus_cases_report_exactly_their_annotations() {
    let cases = cases();
    assert!(!cases.is_empty(), "no cases in tests/corpus");
    let mut failures = Vec::new();
    let mut known = Vec::new();
    for case in &cases {
        let bug = KNOWN_BUGS.iter().find(|(name, _)| *name == case.name);
        match (check_case(case), bug) {
            (Ok(()), None) => {}
            (Err(diff), None) => failures.push(format!("{}:\n{diff}", case.name)),
            (Ok(()), Some(_)) => failures.push(format!(
                "{}: now reports exactly its annotations, so the known bug is fixed: \
                 remove it from KNOWN_BUGS in crates/tiaoli-cli/tests/corpus.rs\n",
                case.name
            )),
            (Err(diff), Some((_, why))) => known.push(format!("{} ({why}):\n{diff}", case.name)),
        }
    }
    for name in KNOWN_BUGS.iter().map(|(n, _)| n) {
        if !cases.iter().any(|c| c.name == *name) {
            failures.push(format!("KNOWN_BUGS names `{name}`, which is not a case\n"));
        }
    }
    if !known.is_empty() {
        eprintln!(
            "{} known bug(s), still failing as expected:\n{}",
            known.len(),
            known.join("")
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} corpus cases do not match their annotations \
         (`-` annotated but not reported, `+` reported but not annotated):\n{}",
        failures.len(),
        cases.len(),
        failures.join("")
    );
}

#[test]
fn corpus_cases_are_well_formed() {
    let mut problems = Vec::new();
    let mut numbers = BTreeMap::new();
    for case in cases() {
        let (number, rest) = case.name.split_at(case.name.len().min(3));
        let well_named = number.len() == 3
            && number.bytes().all(|b| b.is_ascii_digit())
            && rest.len() > 1
            && rest.starts_with('-')
            && rest[1..]
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !well_named {
            problems.push(format!("{}: cases are named NNN-short-name", case.name));
        }
        if let Some(other) = numbers.insert(number.to_owned(), case.name.clone()) {
            problems.push(format!(
                "{} and {other} share the number {number}",
                case.name
            ));
        }
        let files = case_files(&case);
        if files.is_empty() {
            problems.push(format!("{}: no .tiaoli or tiaoli.toml files", case.name));
        }
        let mut annotated = 0;
        for (rel, path) in &files {
            let text = read_lossy(path).unwrap_or_default();
            let first = text.lines().next().unwrap_or_default();
            let comment = if rel.ends_with(".toml") || rel.ends_with(".lock") {
                "#"
            } else {
                "//"
            };
            if !first.starts_with(comment) {
                problems.push(format!(
                    "{}/{rel}: line 1 must be a `{comment}` comment saying what the mistake is",
                    case.name
                ));
            }
            match annotations(rel, &text) {
                Ok(a) => annotated += a.len(),
                Err(e) => problems.push(format!("{}: {e}", case.name)),
            }
        }
        if annotated == 0 {
            problems.push(format!(
                "{}: no `//~ CODE` annotation; every case has a mistake",
                case.name
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every pack code is exercised by at least one case (known-bug cases count:
/// they say what should be reported).
#[test]
fn corpus_covers_every_code() {
    let mut seen = std::collections::BTreeSet::new();
    for case in cases() {
        for (rel, path) in case_files(&case) {
            let text = read_lossy(&path).unwrap_or_default();
            for (_, _, code) in annotations(&rel, &text).unwrap_or_default() {
                seen.insert(code);
            }
        }
    }
    // Facility-input codes (F…) concern facility files, not packs: the
    // catalog examples and crates/tiaoli-eval/tests/bind.rs exercise them.
    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| c.phase() != tiaoli_diagnostics::Phase::Facility)
        // Read when a pack test runs: crates/tiaoli-cli/tests/given_file.rs.
        .filter(|c| !c.only_in_pack_tests())
        .map(|c| c.as_str())
        .filter(|c| !seen.contains(*c))
        .collect();
    assert!(
        missing.is_empty(),
        "no case in tests/corpus is annotated with {}; add a case for each",
        missing.join(", ")
    );
}
