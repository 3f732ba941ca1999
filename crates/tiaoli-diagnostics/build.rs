//! Embeds the diagnostic catalog (`docs/diagnostics/*.md`, and the Chinese
//! pages `docs/diagnostics/zh/*.md`) so that `tiaoli explain CODE` works
//! from any directory.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/diagnostics");
    let mut out = String::new();
    table(&mut out, "PAGES", &dir);
    table(&mut out, "PAGES_ZH", &dir.join("zh"));
    let target = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("pages.rs");
    if let Err(err) = std::fs::write(&target, out) {
        println!("cargo:warning=cannot write {}: {err}", target.display());
    }
}

/// `pub static NAME: &[(code, page text)]` for the pages in `dir`.
fn table(out: &mut String, name: &str, dir: &Path) {
    // A missing path would rerun the script on every build; the parent
    // folder (watched as the English catalog) changes when `zh/` appears.
    if dir.exists() {
        println!("cargo:rerun-if-changed={}", dir.display());
    }
    let mut pages: Vec<(String, String)> = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            if path.extension().and_then(|e| e.to_str()) != Some("md") || stem == "README" {
                continue;
            }
            println!("cargo:rerun-if-changed={}", path.display());
            pages.push((stem.to_owned(), path.display().to_string()));
        }
    }
    pages.sort();
    let _ = writeln!(
        out,
        "/// (code, page text) for every page in {}.",
        dir.display()
    );
    let _ = writeln!(out, "pub static {name}: &[(&str, &str)] = &[");
    for (code, path) in &pages {
        let _ = writeln!(out, "    ({code:?}, include_str!({path:?})),");
    }
    out.push_str("];\n");
}
