//! The lockfile, `tiaoli.lock` beside a pack's `tiaoli.toml`: every pack
//! the pack depends on (directly or not), at the version and with the
//! contents it was locked with. `tiaoli lock` writes it; every command that
//! loads packs compares it with the packs loaded (M015), so that a pack is
//! checked, tested and evaluated with exactly the regulation it was written
//! against.
//!
//! ```toml
//! # Written by `tiaoli lock`: …
//! format = 1
//!
//! [[pack]]
//! name = "decree-745"
//! version = "1.0.0"
//! sha256 = "…"   # of the pack's archive, as `tiaoli pack build` prints it
//! sm3 = "…"
//!
//! [pack.files]   # each file's SHA-256, to say which one changed
//! "tiaoli.toml" = "…"
//! ```
//!
//! This module only reads and writes the format; the digests are computed
//! where the files are (tiaoli-workspace, with tiaoli-publish).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;
use tiaoli_diagnostics::{Code, Diagnostic, Msg, msg};
use tiaoli_text::{FileId, TextRange};
use toml::Spanned;

/// The format written in `format`.
pub const LOCK_FORMAT: u32 = 1;

/// A parsed lockfile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lockfile {
    pub file: FileId,
    /// In the order written (sorted by name when `tiaoli lock` writes it).
    pub packs: Vec<LockedPack>,
}

/// One pack as locked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockedPack {
    pub name: String,
    pub version: String,
    /// SHA-256 and SM3 of the pack's archive, in hex.
    pub sha256: String,
    pub sm3: String,
    /// (path under the pack's folder, SHA-256 of its bytes), sorted by path.
    pub files: Vec<(String, String)>,
    /// Where the entry's `name` is written: where its problems are shown.
    pub name_span: TextRange,
    pub version_span: TextRange,
    pub sha256_span: TextRange,
}

impl Lockfile {
    pub fn pack(&self, name: &str) -> Option<&LockedPack> {
        self.packs.iter().find(|p| p.name == name)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    format: Spanned<u32>,
    #[serde(default)]
    pack: Vec<RawPack>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    name: Spanned<String>,
    version: Spanned<String>,
    sha256: Spanned<String>,
    sm3: String,
    #[serde(default)]
    files: BTreeMap<String, String>,
}

/// Reads a lockfile. Any problem is M016, at the place the TOML reader
/// reports (the lockfile is written by tiaoli: a problem means it was edited
/// or damaged, and `tiaoli lock` writes it again).
pub fn parse_lockfile(text: &str, file: FileId) -> Result<Lockfile, Box<Diagnostic>> {
    let invalid = |range: TextRange, what: Msg| {
        Box::new(
            Diagnostic::new(
                Code::M016,
                Msg::new(
                    format!("the lockfile cannot be read: {}", what.en()),
                    format!("无法读取锁文件：{}", what.zh()),
                ),
            )
            .with_primary(file, range, msg!(en: "here", zh: "此处"))
            .with_help(msg!(
                en: "run `tiaoli lock` to write it again from the packs as they are",
                zh: "请运行 `tiaoli lock`，按规则包的现状重新写入锁文件"
            )),
        )
    };
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let range = e.span().map_or(TextRange::empty(0), TextRange::from);
        // The TOML reader's own words.
        invalid(range, Msg::verbatim(e.message().trim_end()))
    })?;
    if *raw.format.get_ref() != LOCK_FORMAT {
        return Err(invalid(
            TextRange::from(raw.format.span()),
            msg!(
                en: "format {} is not one this tiaoli reads (it reads {LOCK_FORMAT})",
                zh: "此版本的 tiaoli 无法读取格式 {}（它读取格式 {LOCK_FORMAT}）",
                raw.format.get_ref()
            ),
        ));
    }
    let mut packs: Vec<LockedPack> = Vec::with_capacity(raw.pack.len());
    for p in raw.pack {
        let name_span = TextRange::from(p.name.span());
        let name = p.name.into_inner();
        if packs.iter().any(|q| q.name == name) {
            return Err(invalid(
                name_span,
                msg!(en: "`{name}` is locked twice", zh: "`{name}` 被锁定了两次"),
            ));
        }
        packs.push(LockedPack {
            version_span: TextRange::from(p.version.span()),
            sha256_span: TextRange::from(p.sha256.span()),
            name,
            version: p.version.into_inner(),
            sha256: p.sha256.into_inner(),
            sm3: p.sm3,
            files: p.files.into_iter().collect(),
            name_span,
        });
    }
    Ok(Lockfile { file, packs })
}

/// The text of the lockfile of `of` locking `packs` (sorted by name here):
/// what `tiaoli lock` writes. The same packs give the same bytes.
pub fn render_lockfile(of: &str, packs: &[LockedPack]) -> String {
    let mut sorted: Vec<&LockedPack> = packs.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let mut out = format!(
        "# Written by `tiaoli lock`: the packs `{of}` depends on, with the\n\
         # version and contents it was locked with. Loading `{of}` with any\n\
         # other is an error (M015). Do not edit; run `tiaoli lock` again.\n\
         format = {LOCK_FORMAT}\n"
    );
    for p in sorted {
        let _ = write!(
            out,
            "\n[[pack]]\nname = {}\nversion = {}\nsha256 = {}\nsm3 = {}\n\n[pack.files]\n",
            quote(&p.name),
            quote(&p.version),
            quote(&p.sha256),
            quote(&p.sm3)
        );
        let mut files: Vec<&(String, String)> = p.files.iter().collect();
        files.sort();
        for (path, hash) in files {
            let _ = writeln!(out, "{} = {}", quote(path), quote(hash));
        }
    }
    out
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locked(name: &str) -> LockedPack {
        LockedPack {
            name: name.into(),
            version: "1.0.0".into(),
            sha256: "ab".repeat(32),
            sm3: "cd".repeat(32),
            files: vec![
                ("tiaoli.toml".into(), "01".repeat(32)),
                ("章 \"一\".tiaoli".into(), "02".repeat(32)),
            ],
            name_span: TextRange::empty(0),
            version_span: TextRange::empty(0),
            sha256_span: TextRange::empty(0),
        }
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let text = render_lockfile("energy", &[locked("z-pack"), locked("decree-745")]);
        let lock = parse_lockfile(&text, FileId(0)).expect("reads");
        let names: Vec<&str> = lock.packs.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["decree-745", "z-pack"]);
        let first = &lock.packs[0];
        assert_eq!(first.files, locked("x").files);
        assert_eq!(&text[first.name_span.as_range()], "\"decree-745\"");
        assert_eq!(render_lockfile("energy", &lock.packs), text);
    }

    #[test]
    fn problems_are_m016_at_their_place() {
        let text = "format = 1\n[[pack]]\nname = \"a\"\nversion = \"1.0.0\"\nsha256 = \"x\"\nsm3 = \"y\"\nextra = 1\n";
        let d = parse_lockfile(text, FileId(0)).expect_err("unknown field");
        assert_eq!(d.code, Code::M016);
        let at = d.primary().expect("labelled").range;
        assert!(text[at.as_range()].contains("extra"), "{d:?}");

        let d = parse_lockfile("format = 2\n", FileId(0)).expect_err("format");
        assert!(d.message.contains("format 2"), "{}", d.message);

        let twice = format!(
            "{}{}",
            render_lockfile("e", &[locked("a")]),
            "\n[[pack]]\nname = \"a\"\nversion = \"1.0.0\"\nsha256 = \"x\"\nsm3 = \"y\"\n"
        );
        let d = parse_lockfile(&twice, FileId(0)).expect_err("twice");
        assert!(d.message.contains("locked twice"), "{}", d.message);
    }
}
