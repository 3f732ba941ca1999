//! The English in the packs is the project's own: no run of eight words may
//! match the English sources we were given (a machine translation and a
//! commentary). The sources live outside the repository, in `shared/`
//! beside it; without them the test says so and checks nothing.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a fixture that cannot be read should fail the test loudly"
)]

use std::collections::HashSet;
use std::path::{Path, PathBuf};

const RUN: usize = 10;

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn runs(text: &str) -> HashSet<Vec<String>> {
    let w = words(text);
    w.windows(RUN).map(<[String]>::to_vec).collect()
}

fn sources_dir() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    [root.join("../shared/sources"), root.join("shared/sources")]
        .into_iter()
        .find(|p| p.is_dir())
}

fn pack_english(dir: &Path, out: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            pack_english(&path, out);
        } else if path.extension().is_some_and(|e| e == "tiaoli") {
            let text = std::fs::read_to_string(&path).unwrap();
            // Every string that follows `en`.
            for (i, _) in text.match_indices("en \"") {
                let rest = &text[i + 4..];
                let end = rest.find('"').unwrap_or(rest.len());
                out.push_str(&rest[..end]);
                out.push_str(" | ");
            }
        }
    }
}

#[test]
fn no_english_sentence_is_copied_from_the_sources() {
    let Some(dir) = sources_dir() else {
        eprintln!("shared/sources not found beside the repository: nothing to compare against");
        return;
    };
    let mut theirs = HashSet::new();
    for name in [
        "decree-745.en-machine-translation.txt",
        "decree-745.en-commentary.txt",
        "draft-2017.zh-en.txt",
    ] {
        if let Ok(text) = std::fs::read_to_string(dir.join(name)) {
            theirs.extend(runs(&text));
        }
    }
    assert!(!theirs.is_empty(), "the English sources could not be read");
    let mut ours = String::new();
    pack_english(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies"),
        &mut ours,
    );
    let copied: Vec<String> = ours
        .split(" | ")
        .flat_map(|text| {
            runs(text)
                .into_iter()
                .filter(|r| theirs.contains(r))
                .map(|r| r.join(" "))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        copied.is_empty(),
        "English copied from the sources:\n{}",
        copied.join("\n")
    );
}
