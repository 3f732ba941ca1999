use tiaoli_diagnostics::{HumanOptions, render_human};
use tiaoli_text::Sources;

#[test]
fn scratch_parse_policies() {
    let mut sources = Sources::new();
    let mut all = Vec::new();
    for entry in std::fs::read_dir("../../policies/decree-745").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().map_or(false, |e| e == "tiaoli") {
            let text = std::fs::read_to_string(&path).unwrap();
            let id = sources.add(path.display().to_string(), text.clone());
            let parsed = tiaoli_syntax::parse(&text, id);
            println!("{}: {} items", path.display(), parsed.file.items.len());
            all.extend(parsed.diagnostics);
        }
    }
    println!("{}", render_human(&all, &sources, HumanOptions::default()));
    assert!(all.is_empty());
}
