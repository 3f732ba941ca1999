use tiaoli_diagnostics::{Code, Diagnostic};
use tiaoli_text::{FileId, Sources};

use super::*;
use crate::parse_manifest;

/// Loaded packs: manifests with their sources, file ids in load order.
#[derive(Default)]
struct Packs {
    sources: Sources,
    manifests: Vec<Manifest>,
}

impl Packs {
    /// Adds a pack; `deps` is the body of its `[dependencies]` table.
    fn add(&mut self, name: &str, version: &str, kind: &str, deps: &str) -> &mut Self {
        let text = format!(
            "[pack]\nname = \"{name}\"\nversion = \"{version}\"\nkind = \"{kind}\"\n\
             effective = \"2021-09-01\"\ntitle = {{ zh = \"题\", en = \"T\" }}\n\
             issuer = {{ zh = \"国务院\", en = \"State Council\" }}\n\n[dependencies]\n{deps}"
        );
        let file = self
            .sources
            .add(format!("{name}/tiaoli.toml"), text.clone());
        match parse_manifest(&text, file) {
            Ok(m) => self.manifests.push(m),
            Err(diags) => panic!("bad test manifest: {diags:#?}"),
        }
        self
    }

    fn resolve(&self) -> Resolution {
        let r = resolve(&self.manifests);
        // Invariants of every resolution.
        let mut sorted = r.order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..self.manifests.len()).collect::<Vec<_>>());
        assert_eq!(r.deps.len(), self.manifests.len());
        assert_eq!(r, resolve(&self.manifests), "not deterministic");
        for d in &r.diagnostics {
            assert!(!d.message.ends_with('.'));
            assert!(d.primary().is_some_and(|l| l.primary));
        }
        r
    }

    /// (file name, text under the label, label message, primary) of each label.
    fn labels(&self, d: &Diagnostic) -> Vec<(String, String, String, bool)> {
        d.labels
            .iter()
            .map(|l| {
                (
                    self.sources.name(l.file).to_owned(),
                    self.sources.slice(l.file, l.range).to_owned(),
                    l.message.en().to_owned(),
                    l.primary,
                )
            })
            .collect()
    }
}

fn label(file: &str, text: &str, message: &str, primary: bool) -> (String, String, String, bool) {
    (file.into(), text.into(), message.into(), primary)
}

fn codes(r: &Resolution) -> Vec<Code> {
    r.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn resolves_and_orders_dependencies_first() {
    let mut p = Packs::default();
    p.add(
        "energy",
        "1.0.0",
        "sector",
        "decree-745 = \"^1.0\"\nguide = \"1\"\n",
    )
    .add("guide", "1.2.0", "guidance", "decree-745 = \"^1\"\n")
    .add("decree-745", "1.0.0", "regulation", "")
    .add("advice", "0.1.0", "advisory", "");
    let r = p.resolve();
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    assert!(!r.has_errors());
    assert_eq!(r.deps, [vec![2, 1], vec![2], vec![], vec![]]);
    assert_eq!(r.order, [2, 1, 0, 3]);
}

#[test]
fn independent_packs_keep_load_order() {
    let mut p = Packs::default();
    p.add("c", "1.0.0", "regulation", "")
        .add("a", "1.0.0", "regulation", "")
        .add("b", "1.0.0", "regulation", "");
    assert_eq!(p.resolve().order, [0, 1, 2]);
}

#[test]
fn m004_unknown_dependency_with_suggestion() {
    let mut p = Packs::default();
    p.add("decree-745", "1.0.0", "regulation", "").add(
        "guide",
        "1.0.0",
        "guidance",
        "decree-754 = \"^1.0\"\n",
    );
    let r = p.resolve();
    assert_eq!(codes(&r), [Code::M004]);
    let d = &r.diagnostics[0];
    assert_eq!(d.message, "dependency `decree-754` is not loaded");
    assert_eq!(
        p.labels(d),
        [label(
            "guide/tiaoli.toml",
            "decree-754",
            "no loaded pack is named `decree-754`",
            true
        )]
    );
    assert_eq!(d.help.as_deref(), Some("did you mean `decree-745`?"));
    assert_eq!(r.deps[1], Vec::<usize>::new());
}

#[test]
fn m004_unknown_dependency_without_suggestion() {
    let mut p = Packs::default();
    p.add("guide", "1.0.0", "guidance", "pipl = \"^1.0\"\n");
    let r = p.resolve();
    assert_eq!(codes(&r), [Code::M004]);
    assert_eq!(
        r.diagnostics[0].help.as_deref(),
        Some("load the pack `pipl` as well, or remove this dependency")
    );
}

#[test]
fn m005_version_not_satisfied() {
    let mut p = Packs::default();
    p.add("decree-745", "1.0.0", "regulation", "").add(
        "energy",
        "1.0.0",
        "sector",
        "decree-745 = \"^2.0\"\n",
    );
    let r = p.resolve();
    assert_eq!(codes(&r), [Code::M005]);
    let d = &r.diagnostics[0];
    assert_eq!(
        d.message,
        "loaded pack `decree-745` does not satisfy the requirement `^2.0`"
    );
    assert_eq!(
        p.labels(d),
        [
            label(
                "energy/tiaoli.toml",
                "\"^2.0\"",
                "requires `decree-745` ^2.0",
                true
            ),
            label(
                "decree-745/tiaoli.toml",
                "\"1.0.0\"",
                "`decree-745` is version 1.0.0",
                false
            ),
        ]
    );
    assert_eq!(d.notes, ["the loaded `decree-745` is version 1.0.0"]);
    // The dependency still links, so no M008 follows.
    assert_eq!(r.deps[1], [0]);
    assert_eq!(r.order, [0, 1]);
}

#[test]
fn m005_prerelease_needs_an_explicit_requirement() {
    let mut p = Packs::default();
    p.add("decree-745", "2.0.0-draft.1", "regulation", "")
        .add("a", "1.0.0", "sector", "decree-745 = \"^2.0\"\n")
        .add("b", "1.0.0", "sector", "decree-745 = \"^2.0.0-draft.1\"\n");
    let r = p.resolve();
    assert_eq!(codes(&r), [Code::M005]);
    assert_eq!(r.diagnostics[0].labels[0].file, FileId(1));
}

#[test]
fn m006_cycle_reports_every_edge() {
    let mut p = Packs::default();
    p.add("a", "1.0.0", "guidance", "zzz = \"1\"\nb = \"1\"\n")
        .add("b", "1.0.0", "guidance", "c = { version = \"1\" }\n")
        .add("c", "1.0.0", "guidance", "a = \"1\"\n")
        .add("zzz", "1.0.0", "guidance", "");
    let r = p.resolve();
    assert_eq!(codes(&r), [Code::M006]);
    let d = &r.diagnostics[0];
    assert_eq!(d.message, "pack dependency cycle: `a` → `b` → `c` → `a`");
    assert_eq!(
        p.labels(d),
        [
            label("a/tiaoli.toml", "b = \"1\"", "`a` depends on `b`", true),
            label(
                "b/tiaoli.toml",
                "c = { version = \"1\" }",
                "`b` depends on `c`",
                false
            ),
            label("c/tiaoli.toml", "a = \"1\"", "`c` depends on `a`", false),
        ]
    );
    assert!(d.help.is_some());
    // Every pack is still ordered: `zzz` first, then the cycle in load order.
    assert_eq!(r.order, [3, 0, 1, 2]);
    assert_eq!(r.deps, [vec![3, 1], vec![2], vec![0], vec![]]);
}

#[test]
fn m006_pack_depending_on_itself() {
    let mut p = Packs::default();
    p.add("a", "1.0.0", "regulation", "a = \"^1\"\n");
    let r = p.resolve();
    assert_eq!(codes(&r), [Code::M006]);
    let d = &r.diagnostics[0];
    assert_eq!(d.message, "pack `a` depends on itself");
    assert_eq!(
        p.labels(d),
        [label(
            "a/tiaoli.toml",
            "a = \"^1\"",
            "`a` depends on itself here",
            true
        )]
    );
    assert_eq!(r.order, [0]);
}

#[test]
fn m006_two_separate_cycles_are_two_diagnostics() {
    let mut p = Packs::default();
    p.add("a", "1.0.0", "guidance", "b = \"1\"\n")
        .add("b", "1.0.0", "guidance", "a = \"1\"\n")
        .add("c", "1.0.0", "guidance", "d = \"1\"\na = \"1\"\n")
        .add("d", "1.0.0", "guidance", "c = \"1\"\n");
    let r = p.resolve();
    let messages: Vec<&str> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "pack dependency cycle: `a` → `b` → `a`",
            "pack dependency cycle: `c` → `d` → `c`",
        ]
    );
    assert_eq!(r.order, [0, 1, 2, 3]);
}

#[test]
fn m007_duplicate_pack_labels_both() {
    let mut p = Packs::default();
    p.add("decree-745", "1.0.0", "regulation", "")
        .add("decree-745", "1.1.0", "regulation", "");
    let r = p.resolve();
    assert_eq!(codes(&r), [Code::M007]);
    let d = &r.diagnostics[0];
    assert_eq!(d.message, "two packs are named `decree-745`");
    assert_eq!(
        p.labels(d),
        [
            label(
                "decree-745/tiaoli.toml",
                "\"decree-745\"",
                "`decree-745` 1.1.0 is loaded here",
                true
            ),
            label(
                "decree-745/tiaoli.toml",
                "\"decree-745\"",
                "`decree-745` 1.0.0 is already loaded here",
                false
            ),
        ]
    );
    assert_eq!(d.labels[0].file, FileId(1));
    assert_eq!(d.labels[1].file, FileId(0));
}

#[test]
fn m007_dependency_picks_the_duplicate_that_matches() {
    let mut p = Packs::default();
    p.add("decree-745", "1.0.0", "regulation", "")
        .add("decree-745", "2.0.0", "regulation", "")
        .add("decree-745", "3.0.0", "regulation", "")
        .add("energy", "1.0.0", "sector", "decree-745 = \"^2\"\n");
    let r = p.resolve();
    assert_eq!(codes(&r), [Code::M007]);
    assert_eq!(r.diagnostics[0].message, "3 packs are named `decree-745`");
    assert_eq!(r.diagnostics[0].labels.len(), 3);
    assert_eq!(r.deps[3], [1]);
}

#[test]
fn m008_sector_without_regulation() {
    let mut p = Packs::default();
    p.add("decree-745", "1.2.0", "regulation", "")
        .add("guide", "1.0.0", "guidance", "")
        .add("energy", "1.0.0", "sector", "guide = \"^1.0\"\n");
    let r = p.resolve();
    assert_eq!(codes(&r), [Code::M008]);
    let d = &r.diagnostics[0];
    assert_eq!(
        d.message,
        "sector pack `energy` does not depend on a regulation pack"
    );
    assert_eq!(
        p.labels(d),
        [
            label(
                "energy/tiaoli.toml",
                "\"sector\"",
                "declared a sector pack here",
                true
            ),
            label(
                "energy/tiaoli.toml",
                "guide = \"^1.0\"",
                "`guide` is a guidance pack",
                false
            ),
        ]
    );
    assert_eq!(
        d.help.as_deref(),
        Some(
            "a sector pack implements a regulation's extension points; add the regulation \
             under `[dependencies]`, like `decree-745 = \"^1.2\"`"
        )
    );
}

#[test]
fn m008_is_not_reported_when_a_dependency_is_missing() {
    let mut p = Packs::default();
    p.add("energy", "1.0.0", "sector", "decree-745 = \"^1.0\"\n");
    assert_eq!(codes(&p.resolve()), [Code::M004]);
}

#[test]
fn diagnostics_come_in_reading_order() {
    let mut p = Packs::default();
    p.add("energy", "1.0.0", "sector", "")
        .add(
            "guide",
            "1.0.0",
            "guidance",
            "decree-745 = \"^1\"\nguide = \"1\"\n",
        )
        .add("energy", "1.0.0", "sector", "");
    let r = p.resolve();
    let got: Vec<(Code, FileId)> = r
        .diagnostics
        .iter()
        .map(|d| (d.code, d.file().unwrap_or_default()))
        .collect();
    assert_eq!(
        got,
        [
            (Code::M008, FileId(0)),
            (Code::M004, FileId(1)),
            (Code::M006, FileId(1)),
            (Code::M007, FileId(2)),
            (Code::M008, FileId(2)),
        ]
    );
}

#[test]
fn empty_input() {
    let r = resolve(&[]);
    assert_eq!(r, Resolution::default());
}
