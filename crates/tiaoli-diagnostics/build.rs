//! Embeds the diagnostic catalog (`docs/diagnostics/*.md`) so that
//! `tiaoli explain CODE` works from any directory.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/diagnostics");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut pages: Vec<(String, String)> = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&dir) {
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
    let mut out = String::from("/// (code, page text) for every page in docs/diagnostics.\n");
    out.push_str("pub static PAGES: &[(&str, &str)] = &[\n");
    for (code, path) in &pages {
        let _ = writeln!(out, "    ({code:?}, include_str!({path:?})),");
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("pages.rs");
    if let Err(err) = std::fs::write(&target, out) {
        println!("cargo:warning=cannot write {}: {err}", target.display());
    }
}
