//! What the fuzz targets share: the bundled Decree 745 program (built once
//! per process), the checks every target makes of diagnostics (labels
//! inside the text, on character boundaries), and rendering them as a
//! person and a program would see them, so renderer panics are found too.

use std::path::Path;
use std::sync::OnceLock;

use tiaoli_check::CheckPack;
use tiaoli_diagnostics::{Diagnostic, HumanOptions, render_human, render_json};
use tiaoli_eval::Program;
use tiaoli_text::{FileId, Sources};

/// The Decree 745 pack of this checkout, parsed, checked and compiled.
/// Panics if the pack does not build: a fuzz run on a broken pack is
/// meaningless.
pub fn decree() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(build_decree)
}

fn build_decree() -> Program {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies/decree-745");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("read policies/decree-745")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "tiaoli"))
        .collect();
    paths.sort();
    let mut sources = Sources::new();
    let mut files = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("read a decree file");
        let id = sources.add(path.display().to_string(), text);
        let parsed = tiaoli_syntax::parse(sources.text(id), id);
        assert!(parsed.diagnostics.is_empty(), "{}", path.display());
        files.push((id, std::sync::Arc::new(parsed.file)));
    }
    let packs = vec![CheckPack {
        ident: "decree_745".into(),
        is_sector: false,
        authority: tiaoli_check::Authority::Regulation,
        model: false,
        deps: vec![],
        files,
        has_syntax_errors: false,
    }];
    let checked = tiaoli_check::check(&packs);
    assert!(!checked.diagnostics.iter().any(Diagnostic::is_error));
    tiaoli_eval::compile(&packs, &checked.model, &|f| sources.text(f)).expect("compile decree-745")
}

/// Every label of every diagnostic is in `file` and lies within `text`,
/// on character boundaries; every diagnostic has a label.
pub fn assert_labels_in(text: &str, file: FileId, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert!(!d.labels.is_empty(), "{} has no label", d.code.as_str());
        for l in &d.labels {
            assert_eq!(l.file, file, "{}: label in another file", d.code.as_str());
            assert_range_in(text, l.range.start(), l.range.end(), d.code.as_str());
        }
    }
}

/// `start..end` is a range of `text` on character boundaries.
pub fn assert_range_in(text: &str, start: usize, end: usize, what: &str) {
    assert!(
        start <= end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end),
        "{what}: {start}..{end} is outside the text (len {}) or inside a character",
        text.len()
    );
}

/// Renders `diagnostics` for a person (miette) and as JSON; neither may
/// panic, and neither may come out empty.
pub fn render_both(diagnostics: &[Diagnostic], sources: &Sources) {
    if diagnostics.is_empty() {
        return;
    }
    let human = render_human(diagnostics, sources, HumanOptions::default());
    assert!(!human.is_empty());
    let json = render_json(diagnostics, sources);
    assert!(!json.is_empty());
}

/// `text` as the single file of a fresh session.
pub fn session(name: &str, text: &str) -> (Sources, FileId) {
    let mut sources = Sources::new();
    let id = sources.add(name.to_owned(), text.to_owned());
    (sources, id)
}
