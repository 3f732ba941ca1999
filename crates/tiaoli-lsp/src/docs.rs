//! Where a diagnostic's code links to (`codeDescription.href`): the page
//! bundled with this build (`tiaoli_diagnostics::page`), written once into
//! a per-version cache folder and linked as a `file:` URI, so the link
//! works offline; or `<docsBaseUrl>/<CODE>` when the client sets
//! `initializationOptions.docsBaseUrl`. When neither can be had, a
//! diagnostic has no link rather than a broken one.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde_json::Value;
use tiaoli_diagnostics::Code;
use tower_lsp_server::ls_types::Uri;

#[derive(Debug, Clone, Default)]
pub enum DocsLinks {
    /// `<base>/<CODE>` (the base without its trailing `/`).
    Base(String),
    /// `file:` URIs of the pages written into this folder.
    Dir(PathBuf),
    /// No link.
    #[default]
    None,
}

impl DocsLinks {
    /// The links for a client's initialization options; also says why
    /// the pages could not be written, when that is why there is none.
    pub fn new(options: Option<&Value>) -> (DocsLinks, Option<String>) {
        let base = options
            .and_then(|o| o.get("docsBaseUrl"))
            .and_then(Value::as_str)
            .map(|b| b.trim().trim_end_matches('/'))
            .filter(|b| !b.is_empty() && Uri::from_str(&format!("{b}/S001")).is_ok());
        if let Some(base) = base {
            return (DocsLinks::Base(base.to_string()), None);
        }
        let Some(dir) = cache_dir() else {
            return (
                DocsLinks::None,
                Some("no cache folder (neither XDG_CACHE_HOME nor HOME is set)".to_string()),
            );
        };
        match write_pages(&dir) {
            Ok(()) => (DocsLinks::Dir(dir), None),
            Err(error) => (
                DocsLinks::None,
                Some(format!(
                    "cannot write the diagnostic pages into `{}`: {error}",
                    dir.display()
                )),
            ),
        }
    }

    /// The link for a code, if there is one.
    pub fn href(&self, code: Code) -> Option<Uri> {
        match self {
            DocsLinks::Base(base) => Uri::from_str(&format!("{base}/{}", code.as_str())).ok(),
            DocsLinks::Dir(dir) => {
                tiaoli_diagnostics::page(code.as_str())?;
                Uri::from_file_path(dir.join(page_name(code.as_str())))
            }
            DocsLinks::None => None,
        }
    }
}

/// `$XDG_CACHE_HOME/tiaoli/docs/<version>` (an absolute `XDG_CACHE_HOME`,
/// as the XDG specification asks), else `~/.cache/tiaoli/docs/<version>`.
fn cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .map(|home| home.join(".cache"))
        })?;
    Some(
        base.join("tiaoli")
            .join("docs")
            .join(env!("CARGO_PKG_VERSION")),
    )
}

fn page_name(code: &str) -> String {
    format!("{code}.md")
}

/// Writes every bundled page into `dir` (a page already there with the
/// same text is left alone). Each is written beside and renamed into
/// place, so a server starting meanwhile never links to half a page.
fn write_pages(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for code in tiaoli_diagnostics::documented_codes() {
        let Some(text) = tiaoli_diagnostics::page(code) else {
            continue;
        };
        let target = dir.join(page_name(code));
        if std::fs::read(&target).is_ok_and(|old| old == text.as_bytes()) {
            continue;
        }
        let partial = dir.join(format!(".{code}.md.{}", std::process::id()));
        std::fs::write(&partial, text)?;
        if let Err(error) = std::fs::rename(&partial, &target) {
            let _ = std::fs::remove_file(&partial);
            return Err(error);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_written_once_and_linked_as_file_uris() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let docs = dir.path().join("docs");
        write_pages(&docs).expect("writable");
        let links = DocsLinks::Dir(docs.clone());
        let href = links.href(Code::S001).expect("a link");
        let path = href.to_file_path().expect("a file URI").into_owned();
        assert_eq!(path, docs.join("S001.md"));
        let text = std::fs::read_to_string(&path).expect("the page");
        assert_eq!(Some(text.as_str()), tiaoli_diagnostics::page("S001"));
        // Again: nothing half-written is left beside the pages.
        write_pages(&docs).expect("writable");
        let stray: Vec<_> = std::fs::read_dir(&docs)
            .expect("read")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
            .collect();
        assert!(stray.is_empty(), "{stray:?}");
    }

    #[test]
    fn a_base_url_is_used_as_is_and_nothing_means_no_link() {
        let options = serde_json::json!({ "docsBaseUrl": "https://docs.example.org/codes/" });
        let (links, error) = DocsLinks::new(Some(&options));
        assert!(error.is_none());
        assert_eq!(
            links.href(Code::N002).map(|u| u.to_string()),
            Some("https://docs.example.org/codes/N002".to_string())
        );
        assert!(DocsLinks::None.href(Code::N002).is_none());
    }
}
