//! Every ```tiaoli block in docs/language.md and README.md parses without
//! syntax errors, so the documentation cannot drift from the grammar.

use tiaoli_text::FileId;

fn blocks(markdown: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in markdown.lines().enumerate() {
        match &mut current {
            None if line.trim_start() == "```tiaoli" => current = Some((i + 1, String::new())),
            Some(_) if line.trim_start() == "```" => out.extend(current.take()),
            Some((_, text)) => {
                text.push_str(line);
                text.push('\n');
            }
            None => {}
        }
    }
    out
}

fn check(doc: &str) -> usize {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../");
    let markdown = std::fs::read_to_string(format!("{path}{doc}")).unwrap_or_default();
    let blocks = blocks(&markdown);
    for (line, text) in &blocks {
        let parsed = tiaoli_syntax::parse(text, FileId(0));
        let errors: Vec<String> = parsed
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        assert!(
            errors.is_empty(),
            "{doc}, block at line {line}:\n{}\n{text}",
            errors.join("\n")
        );
        assert!(
            !parsed.file.items.is_empty(),
            "{doc}, block at line {line} declares nothing"
        );
    }
    blocks.len()
}

#[test]
fn language_reference_examples_parse() {
    assert!(
        check("docs/language.md") >= 12,
        "docs/language.md should show every construct"
    );
}

#[test]
fn readme_examples_parse() {
    assert!(check("README.md") >= 1);
}
