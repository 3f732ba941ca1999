//! Checking item by item, with every unchanged item's check reused, gives
//! what checking the same texts afresh gives: a few hundred random edits
//! (lines deleted, duplicated, swapped; tokens typed at any character; a
//! file put back as it was), each compared, diagnostics and all, with a
//! batch load and check of the same texts.

#![expect(clippy::expect_used, reason = "test code")]

#[expect(
    dead_code,
    reason = "the tests' loader; this test needs only part of it"
)]
mod common;
#[path = "common/edits.rs"]
mod edits;

use std::path::{Path, PathBuf};

use tiaoli_db::Database;
use tiaoli_workspace::{Memory, load};

const STEPS: usize = 200;

/// What may be typed: names, keywords, punctuation, a Chinese word.
const TOKENS: &[&str] = &[
    "x",
    "}",
    "{",
    "\"",
    " 1 + ",
    "facility.",
    "define d: bool = true\n",
    "条例",
    "\n",
    "cite art9 ",
    "obligation ",
    ".",
    "==",
    "violated(",
];

#[test]
fn incremental_checks_equal_batch_checks() {
    let mut db = Database::new();
    common::policies(&mut db);
    let files: Vec<_> = db
        .files()
        .into_iter()
        .filter(|&f| db.path(f).is_some_and(|p| p.ends_with(".tiaoli")))
        .collect();
    let originals: Vec<String> = files
        .iter()
        .map(|&f| db.text(f).expect("text").to_string())
        .collect();
    let mut rng = edits::Lcg(0x5eed_1234);
    for step in 0..STEPS {
        let k = rng.below(files.len());
        let text = db.text(files[k]).expect("text").to_string();
        let edited = if rng.below(5) == 0 {
            originals[k].clone()
        } else {
            mutate(&text, &mut rng)
        };
        db.set_file_text(files[k], edited.as_str());
        let got = db.diagnostics().expect("not cancelled");
        assert_eq!(
            got,
            batch(&db),
            "step {step}: an edit of {:?}",
            db.path(files[k])
        );
    }
}

/// Loads and checks the database's texts as `tiaoli check` did before the
/// database: every file parsed whole, one check.
fn batch(db: &Database) -> Vec<tiaoli_diagnostics::Diagnostic> {
    let mut tree = Memory::new();
    for f in db.files() {
        tree.insert(
            db.path(f).expect("path"),
            db.text(f).expect("text").as_bytes(),
        );
    }
    let ws = load(&tree, &[PathBuf::from(Path::new(common::POLICIES))]).expect("load");
    ws.all_diagnostics(&ws.check())
}

fn mutate(text: &str, rng: &mut edits::Lcg) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.len() < 2 {
        return format!("{text}x");
    }
    let i = rng.below(lines.len() - 1);
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_string()).collect();
    match rng.below(4) {
        0 => {
            out.remove(i);
        }
        1 => out.insert(i, lines[i].to_string()),
        2 => out.swap(i, i + 1),
        _ => {
            let at = edits::floor_boundary(text, rng.below(text.len()));
            let token = TOKENS[rng.below(TOKENS.len())];
            return format!("{}{token}{}", &text[..at], &text[at..]);
        }
    }
    out.concat()
}
