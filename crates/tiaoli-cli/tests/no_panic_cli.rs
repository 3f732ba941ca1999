//! No-panic properties of the real binary, for the CLI paths that fuzzers
//! of the libraries cannot reach (issue 9 item 5): inventory totals over
//! huge, negative and many-digit amounts; runs over several files, some
//! unreadable; output to a closed pipe and to a full device; and folder
//! walks over random trees with symbolic links, cycles included, for
//! `check` and `fmt --check`.
//!
//! Every case asserts: no panic (never exit 101, no "panicked" on stderr),
//! an exit status among the documented ones, JSON output that parses, and
//! an end within a minute. Cases are few (each spawns the binary):
//! `PROPTEST_CASES` overrides the count.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a property test that cannot set up its files or run the binary should fail loudly"
)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use serde_json::Value as Json;

mod common;
use common::{root, tiaoli};
#[path = "support/properties.rs"]
mod properties;
use properties::cases;

/// A fresh folder for one case.
fn scratch(what: &str) -> PathBuf {
    properties::scratch("no-panic", what)
}

const DEADLINE: Duration = Duration::from_secs(60);

fn command(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tiaoli"));
    c.args(args).current_dir(root()).env("NO_COLOR", "1");
    c
}

/// Waits for `child`, killing it (and failing) past the deadline.
fn finish(mut child: Child, what: &str) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("`{what}` did not end within {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Runs `tiaoli ARGS` to the end, reading its output as it comes (so a
/// full pipe cannot stall it), within the deadline.
fn run(args: &[&str]) -> Output {
    let what = args.join(" ");
    let mut child = command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tiaoli");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = out.read_to_end(&mut b);
        b
    });
    let err_reader = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = err.read_to_end(&mut b);
        b
    });
    let status = finish(child, &what);
    Output {
        status,
        stdout: reader.join().expect("stdout reader"),
        stderr: err_reader.join().expect("stderr reader"),
    }
}

/// No panic, and an exit status among `allowed`.
fn assert_sane(out: &Output, allowed: &[i32], what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code();
    assert_ne!(code, Some(101), "{what}: exit 101\n{stderr}");
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    assert!(
        code.is_some_and(|c| allowed.contains(&c)),
        "{what}: exit {code:?}, expected one of {allowed:?}\n{stderr}"
    );
}

/// The output format of an `eval` case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Out {
    Human,
    Json,
    Jsonl,
}

fn out_format() -> impl Strategy<Value = Out> {
    prop::sample::select(vec![Out::Human, Out::Json, Out::Jsonl])
}

impl Out {
    fn args(self) -> &'static [&'static str] {
        match self {
            Out::Human => &[],
            Out::Json => &["--format", "json"],
            Out::Jsonl => &["--format", "jsonl"],
        }
    }

    /// The JSON document, or JSON lines gathered into its shape
    /// (`facilities`, `summary`); every line must parse. None for human
    /// output.
    fn document(self, out: &Output, what: &str) -> Option<Json> {
        match self {
            Out::Human => None,
            Out::Json => Some(parse_json(out, what)),
            Out::Jsonl => {
                let mut facilities = Vec::new();
                let mut summary = Json::Null;
                for line in String::from_utf8_lossy(&out.stdout).lines() {
                    let v: Json = serde_json::from_str(line)
                        .unwrap_or_else(|e| panic!("{what}: a line is not JSON ({e}): {line}"));
                    match v["type"].as_str() {
                        Some("facility") => facilities.push(v),
                        Some("summary") => summary = v,
                        Some("header" | "diagnostic") => {}
                        other => panic!("{what}: a line of type {other:?}"),
                    }
                }
                Some(serde_json::json!({ "facilities": facilities, "summary": summary }))
            }
        }
    }
}

fn parse_json(out: &Output, what: &str) -> Json {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{what}: not JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

// ───────────────────────────── inventories ──────────────────────────────

/// An amount as a facility file may give it: small, at and past the money
/// range and `Decimal::MAX`, negative, with many digits, or not a number.
fn amount() -> impl Strategy<Value = Json> {
    prop_oneof![
        (0u64..10_000_000_000).prop_map(|n| Json::from(n.to_string())),
        any::<i64>().prop_map(Json::from),
        "[1-9][0-9]{14,16}".prop_map(Json::from),
        "-?[0-9]{1,40}".prop_map(Json::from),
        "[0-9]{1,20}\\.[0-9]{1,30}".prop_map(Json::from),
        Just(Json::from("999999999999999.99")),
        Just(Json::from("900000000000000")),
        Just(Json::from("79228162514264337593543950335")),
        Just(Json::from("79228162514264337593543950336")),
        Just(Json::from("-79228162514264337593543950335")),
        Just(Json::from("1e400")),
        Just(serde_json::json!(1e300)),
    ]
}

fn procurement() -> impl Strategy<Value = Json> {
    (amount(), any::<bool>(), any::<bool>()).prop_map(|(a, s, r)| {
        serde_json::json!({
            "amount_cny": a,
            "affects_national_security": s,
            "security_review_passed": r,
        })
    })
}

fn record() -> impl Strategy<Value = Json> {
    (
        prop::option::of(prop::sample::select(vec!["甲", "乙", "op-c"])),
        prop::sample::select(vec!["energy", "finance", "e_government", "nope"]),
        any::<bool>(),
        prop::collection::vec(procurement(), 0..4),
    )
        .prop_map(|(operator, sector, refused, procurements)| {
            let mut r = serde_json::json!({
                "identified_cii": true,
                "sector": sector,
                "refused_correction": refused,
                "procurements": procurements,
            });
            if let Some(o) = operator {
                r["operator"] = Json::from(o);
            }
            r
        })
}

/// A JSON-lines inventory.
fn inventory() -> impl Strategy<Value = String> {
    prop::collection::vec(record(), 1..12).prop_map(|records| {
        records
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut r = r.clone();
                r["id"] = Json::from(format!("f{i}"));
                format!("{r}\n")
            })
            .collect()
    })
}

/// An exposure's bounds are amounts or "out_of_range", and stay ordered.
fn assert_exposure(x: &Json, what: &str) {
    let amount = |v: &Json| {
        v.as_str()
            .and_then(|s| s.parse::<rust_decimal::Decimal>().ok())
    };
    for key in ["min", "max"] {
        assert!(
            amount(&x[key]).is_some() || x[key] == "out_of_range",
            "{what}.{key}: {x}"
        );
    }
    if let (Some(a), Some(b)) = (amount(&x["min"]), amount(&x["max"])) {
        assert!(a <= b, "{what}: min above max: {x}");
    }
    if x["min"] == "out_of_range" {
        assert_eq!(x["max"], "out_of_range", "{what}: {x}");
    }
}

proptest! {
    #![proptest_config(cases(32))]

    /// Totals over the inventory (per operator and overall) with any
    /// amounts: a normal run, JSON that parses, bounds that stay ordered.
    #[test]
    fn inventory_totals_with_any_amounts_never_panic(
        text in inventory(),
        format in out_format(),
        zh in any::<bool>(),
    ) {
        let dir = scratch("totals");
        let file = dir.join("inventory.jsonl");
        std::fs::write(&file, &text).expect("write inventory");
        let path = file.to_str().expect("UTF-8 path");
        let mut args = vec!["eval", path, "--as-of", "2026-11-21"];
        args.extend(format.args());
        if zh {
            args.extend(["--lang", "zh"]);
        }
        let out = run(&args);
        assert_sane(&out, &[0, 1], &text);
        if let Some(doc) = format.document(&out, &text) {
            let summary = &doc["summary"];
            assert_exposure(&summary["exposure"], "summary");
            for op in summary["operators"].as_array().expect("operators") {
                assert_exposure(&op["exposure"], "operator");
            }
            for f in doc["facilities"].as_array().expect("facilities") {
                assert_exposure(&f["exposure"], "facility");
            }
            let evaluated = summary["evaluated"].as_u64().expect("evaluated");
            let failed = summary["failed"].as_u64().expect("failed");
            prop_assert_eq!(evaluated + failed, summary["records"].as_u64().expect("records"));
            prop_assert_eq!(out.status.code(), Some(i32::from(failed > 0)));
        } else {
            let stdout = String::from_utf8_lossy(&out.stdout);
            prop_assert!(stdout.contains("record(s)") || stdout.contains("条记录") || text.lines().count() == 1);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

// ───────────────────────────── several files ────────────────────────────

/// A file given to `eval`: a facility, an inventory, damaged bytes (not
/// always UTF-8), a folder, or nothing at that path.
#[derive(Clone, Debug)]
enum Input {
    Text(&'static str, String),
    Bytes(Vec<u8>),
    Folder,
    Missing,
}

fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        inventory().prop_map(|t| Input::Text("jsonl", t)),
        Just(Input::Text(
            "yaml",
            "identified_cii: true\nsector: energy\n".to_owned()
        )),
        "[ -~\n]{0,200}".prop_map(|t| Input::Text("yaml", t)),
        "[{}\\[\\]\":,a-z0-9 \n]{0,200}".prop_map(|t| Input::Text("json", t)),
        prop::collection::vec(any::<u8>(), 0..300).prop_map(Input::Bytes),
        Just(Input::Folder),
        Just(Input::Missing),
    ]
}

proptest! {
    #![proptest_config(cases(24))]

    /// `eval A B C…`: unreadable files are reported and the others still
    /// evaluated; the JSON document stays whole.
    #[test]
    fn runs_over_several_files_never_panic(
        inputs in prop::collection::vec(input(), 1..5),
        format in out_format(),
    ) {
        let dir = scratch("files");
        let mut paths = Vec::new();
        for (i, input) in inputs.iter().enumerate() {
            let path = match input {
                Input::Text(ext, t) => {
                    let p = dir.join(format!("in{i}.{ext}"));
                    std::fs::write(&p, t).expect("write");
                    p
                }
                Input::Bytes(b) => {
                    let p = dir.join(format!("in{i}.jsonl"));
                    std::fs::write(&p, b).expect("write");
                    p
                }
                Input::Folder => {
                    let p = dir.join(format!("in{i}.yaml"));
                    std::fs::create_dir_all(&p).expect("folder");
                    p
                }
                Input::Missing => dir.join(format!("in{i}-missing.yaml")),
            };
            paths.push(path.to_str().expect("UTF-8 path").to_owned());
        }
        let mut args = vec!["eval", "--as-of", "2026-11-21"];
        args.extend(paths.iter().map(String::as_str));
        args.extend(format.args());
        let out = run(&args);
        let what = format!("{inputs:?}");
        assert_sane(&out, &[0, 1, 2], &what);
        // A folder is walked for facility files (this one holds none), so
        // only a missing file is unreadable.
        let unreadable = inputs.iter().any(|i| matches!(i, Input::Missing));
        if unreadable {
            prop_assert_eq!(out.status.code(), Some(2));
        }
        format.document(&out, &what);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

// ───────────────────────────── output ───────────────────────────────────

/// A command, and whether its output (over 500 KB) outlasts a pipe's
/// buffer and the bytes a reader takes: then it cannot end before the
/// reader closes the pipe.
fn long_command() -> impl Strategy<Value = (Vec<&'static str>, bool)> {
    let eval = |args: &[&'static str]| {
        let mut v = vec!["eval"];
        v.extend_from_slice(args);
        // `--detail`: every facility's report (an inventory's human report
        // is otherwise a short summary, done before the pipe closes).
        v.extend(["--as-of", "2026-11-21", "--explain", "--detail"]);
        (v, true)
    };
    prop::sample::select(vec![
        eval(&["examples/inventory.jsonl"]),
        eval(&["examples/inventory.jsonl", "--format", "json"]),
        eval(&[
            "examples/grid-dispatch.yaml",
            "examples/inventory.jsonl",
            "--lang",
            "zh",
        ]),
        (vec!["explain", "art39"], false),
        (vec!["check", "policies", "--format", "json"], false),
        (vec!["test", "policies"], false),
    ])
}

proptest! {
    #![proptest_config(cases(24))]

    /// A reader that closes the pipe after `keep` bytes: the run stops
    /// promptly, quietly, with 141 (a short output may have been written
    /// whole first: then 0).
    #[test]
    fn a_closed_pipe_ends_the_run_promptly(
        (args, long) in long_command(),
        keep in prop_oneof![Just(0usize), 1usize..8192],
    ) {
        let what = args.join(" ");
        let mut child = command(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run tiaoli");
        let mut out = child.stdout.take().expect("stdout");
        let mut buf = vec![0u8; keep];
        let _ = out.read_exact(&mut buf);
        drop(out);
        let mut err = child.stderr.take().expect("stderr");
        let err_reader = std::thread::spawn(move || {
            let mut b = Vec::new();
            let _ = err.read_to_end(&mut b);
            b
        });
        let status = finish(child, &what);
        let output = Output { status, stdout: Vec::new(), stderr: err_reader.join().expect("stderr") };
        assert_sane(&output, if long { &[141] } else { &[0, 141] }, &what);
        prop_assert!(
            output.stderr.is_empty(),
            "{}: not quiet: {}",
            what,
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// A full device: exit 2 with a message, never 0 after losing output.
    #[test]
    fn a_full_device_fails_the_run_with_a_message((args, _) in long_command()) {
        let what = args.join(" ");
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("open /dev/full");
        let child = command(&args)
            .stdout(Stdio::from(full))
            .stderr(Stdio::piped())
            .spawn()
            .expect("run tiaoli");
        let output = child.wait_with_output().expect("output");
        assert_sane(&output, &[2], &what);
        prop_assert!(!output.stderr.is_empty(), "{}: no message", what);
    }
}

// ───────────────────────────── folder walks ─────────────────────────────

/// One entry of a random tree: a folder, a `.tiaoli` file (well formed,
/// unformatted or broken), a manifest, or a link to an earlier folder
/// (an ancestor makes a cycle), an earlier file, or nothing.
#[derive(Clone, Debug)]
enum Entry {
    Folder,
    Source(usize),
    Manifest,
    LinkFolder(usize),
    LinkFile(usize),
    Dangling,
}

const SOURCES: [&str; 4] = [
    "define a: bool = true\n",
    "define a:bool=true\ndefine b:bool=false\n",
    "define a: bool = (\n",
    "fact x: int { zh \"甲\" en \"x\" }\ndefine y: bool = facility.x > 1\n",
];

fn tree() -> impl Strategy<Value = Vec<(usize, Entry)>> {
    let entry = prop_oneof![
        3 => Just(Entry::Folder),
        3 => (0..SOURCES.len()).prop_map(Entry::Source),
        1 => Just(Entry::Manifest),
        2 => any::<usize>().prop_map(Entry::LinkFolder),
        1 => any::<usize>().prop_map(Entry::LinkFile),
        1 => Just(Entry::Dangling),
    ];
    // (parent: an index into the folders made so far, entry)
    prop::collection::vec((any::<usize>(), entry), 1..16)
}

/// Builds the tree under `root`: folders are made first-come, each entry in
/// a folder made before it. Returns nothing: the tree is on disk.
#[cfg(unix)]
fn build(root: &Path, entries: &[(usize, Entry)]) {
    let mut folders = vec![root.to_path_buf()];
    let mut files: Vec<PathBuf> = Vec::new();
    for (i, (parent, entry)) in entries.iter().enumerate() {
        let dir = folders[parent % folders.len()].clone();
        match entry {
            Entry::Folder => {
                let d = dir.join(format!("d{i}"));
                std::fs::create_dir_all(&d).expect("folder");
                folders.push(d);
            }
            Entry::Source(k) => {
                let f = dir.join(format!("s{i}.tiaoli"));
                std::fs::write(&f, SOURCES[*k]).expect("source");
                files.push(f);
            }
            Entry::Manifest => {
                let f = dir.join("tiaoli.toml");
                std::fs::write(
                    &f,
                    format!(
                        "[pack]\nname = \"p{i}\"\nversion = \"0.1.0\"\nkind = \"regulation\"\n"
                    ),
                )
                .expect("manifest");
            }
            Entry::LinkFolder(k) => {
                let target = folders[k % folders.len()].clone();
                let _ = std::os::unix::fs::symlink(target, dir.join(format!("l{i}")));
            }
            Entry::LinkFile(k) if !files.is_empty() => {
                let target = files[k % files.len()].clone();
                let _ = std::os::unix::fs::symlink(target, dir.join(format!("l{i}.tiaoli")));
            }
            Entry::LinkFile(_) | Entry::Dangling => {
                let _ = std::os::unix::fs::symlink(
                    dir.join("nowhere"),
                    dir.join(format!("x{i}.tiaoli")),
                );
            }
        }
    }
}

#[cfg(unix)]
proptest! {
    #![proptest_config(cases(32))]

    /// `check` and `fmt --check` over a random tree with links and cycles
    /// end, without a panic, with a documented status; `check`'s JSON
    /// parses. (`fmt --check` never writes.)
    #[test]
    fn folder_walks_over_random_trees_with_links_end(entries in tree()) {
        let dir = scratch("walk");
        build(&dir, &entries);
        let path = dir.to_str().expect("UTF-8 path");
        let what = format!("{entries:?}");
        let check = run(&["check", path, "--format", "json"]);
        assert_sane(&check, &[0, 1, 2], &what);
        if check.status.code() != Some(2) {
            parse_json(&check, &what);
        }
        // The same walk as above, which the deadline bounds.
        let human = tiaoli(&["check", path]);
        assert_sane(&human, &[0, 1, 2], &what);
        let fmt = run(&["fmt", "--check", path]);
        assert_sane(&fmt, &[0, 1, 2], &what);
        // Nothing was rewritten.
        for entry in walkdir(&dir) {
            if entry.extension().is_some_and(|e| e == "tiaoli") && !entry.is_symlink() {
                let text = std::fs::read_to_string(&entry).expect("read source");
                prop_assert!(SOURCES.contains(&text.as_str()), "{} changed", entry.display());
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Every path under `dir` that is not under a link (links are listed, not
/// followed).
#[cfg(unix)]
fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            let is_link = p.is_symlink();
            if p.is_dir() && !is_link {
                todo.push(p.clone());
            }
            out.push(p);
        }
    }
    out
}
