use std::path::PathBuf;

use tiaoli_text::Sources;

use crate::{Color, FmtArgs, Format, load, output};

pub fn run(args: &FmtArgs) -> u8 {
    let mut files = Vec::new();
    for path in load::default_paths(&args.paths) {
        if path.is_dir() {
            match collect(&path) {
                Ok(f) => files.extend(f),
                Err(msg) => {
                    eprintln!("error: {msg}");
                    return 2;
                }
            }
        } else {
            files.push(path);
        }
    }
    let mut sources = Sources::new();
    let mut broken = Vec::new();
    let mut unformatted = Vec::new();
    for file in &files {
        let text = match load::read(file) {
            Ok(t) => t,
            Err(msg) => {
                eprintln!("error: {msg}");
                return 2;
            }
        };
        let id = sources.add(file.display().to_string(), text);
        let parse = tiaoli_syntax::parse(sources.text(id), id);
        let Some(formatted) = tiaoli_syntax::format(sources.text(id), &parse) else {
            broken.extend(parse.diagnostics);
            continue;
        };
        if formatted != sources.text(id) {
            if args.check {
                output::emit(&format!("{}\n", file.display()));
            } else if let Err(e) = std::fs::write(file, formatted) {
                eprintln!("error: cannot write `{}`: {e}", file.display());
                return 2;
            }
            unformatted.push(file);
        }
    }
    if !broken.is_empty() {
        output::print(&broken, &sources, Format::Human, Color::Auto);
        eprintln!("files with syntax errors were not formatted");
        return 1;
    }
    if args.check && !unformatted.is_empty() {
        eprintln!(
            "{} file(s) would be reformatted; run `tiaoli fmt`",
            unformatted.len()
        );
        return 1;
    }
    0
}

/// Every .tiaoli file under a folder, in a stable order.
fn collect(dir: &std::path::Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for e in entries {
        if e.is_dir() {
            out.extend(collect(&e)?);
        } else if e.extension().is_some_and(|x| x == "tiaoli") {
            out.push(e);
        }
    }
    Ok(out)
}
