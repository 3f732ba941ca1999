//! The archive: a POSIX ustar file, written the one canonical way so that
//! the same files give the same bytes on any machine.
//!
//! Canonical means: one regular-file entry per pack file, under the folder
//! `NAME-VERSION/`, in byte order of their paths; every header with mode
//! 0644, owner and group 0 with no names, modification time 0 (1970-01-01),
//! no extended (pax or GNU) headers, no folder entries; the data padded with
//! zeros to 512 bytes; two zero blocks at the end and nothing after. Nothing
//! of the host (times, permissions, owner, file order on disk) reaches it.
//!
//! Reading ([`unpack`]) accepts exactly what writing produces: anything else
//! (a path that climbs out with `..` or is absolute, a link, a device, a
//! duplicate path, a size past the limits, a bad checksum, bytes after the
//! end) is an [`UnpackError`] saying what and where, never a panic. An
//! archive that reads cleanly is then rewritten and compared byte for byte,
//! so nothing can hide in the parts of a header we do not look at.

use std::fmt;

const BLOCK: usize = 512;
/// The mode of every entry: rw-r--r--.
const MODE: u32 = 0o644;

/// A file of the archive: its path under the top folder (`/`-separated)
/// and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What reading an archive accepts at most.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The most bytes of one entry.
    pub entry_bytes: u64,
    /// The most bytes of all entries together.
    pub total_bytes: u64,
    /// The most entries.
    pub entries: usize,
}

impl Default for Limits {
    /// 8 MiB a file, 64 MiB in all, 10,000 files: far beyond any pack (the
    /// bundled packs are under 1 MiB together).
    fn default() -> Self {
        Limits {
            entry_bytes: 8 << 20,
            total_bytes: 64 << 20,
            entries: 10_000,
        }
    }
}

/// Why a pack's files cannot be archived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// A path longer than ustar holds (100 bytes of name, 155 of prefix).
    PathTooLong(String),
    /// A path that is not relative and plain (`..`, `.`, empty parts, `\`).
    BadPath(String),
    /// Two files with one path.
    Duplicate(String),
    /// A file larger than ustar's 8 GiB.
    TooLarge(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::PathTooLong(p) => write!(
                f,
                "`{p}` is too long a path for the archive (at most 255 bytes, with a `/` within the last 100)"
            ),
            BuildError::BadPath(p) => write!(
                f,
                "`{p}` is not a plain relative path (no `..`, `.`, `\\` or empty parts)"
            ),
            BuildError::Duplicate(p) => write!(f, "`{p}` is given twice"),
            BuildError::TooLarge(p) => write!(f, "`{p}` is too large for the archive"),
        }
    }
}

impl std::error::Error for BuildError {}

/// Why an archive was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnpackError {
    /// The archive ends inside a header or an entry's data.
    Truncated {
        offset: usize,
    },
    /// A header whose checksum does not match, or that is not ustar.
    BadHeader {
        offset: usize,
        why: String,
    },
    /// An entry whose path is absolute, climbs out (`..`), or is not plain.
    Traversal {
        path: String,
    },
    /// A hard or symbolic link.
    Link {
        path: String,
        target: String,
    },
    /// A folder, device, FIFO, or an extended header.
    NotAFile {
        path: String,
        kind: char,
    },
    /// The same path twice.
    Duplicate {
        path: String,
    },
    /// An entry or the whole past [`Limits`].
    TooLarge {
        path: String,
        size: u64,
        limit: u64,
    },
    TooManyEntries {
        limit: usize,
    },
    /// Entries not all in one top folder.
    TopFolder {
        path: String,
        expected: String,
    },
    /// No entries.
    Empty,
    /// Reads cleanly, but is not the canonical form (other modes, times,
    /// order, or bytes after the end): not an archive `tiaoli pack build`
    /// wrote.
    NotCanonical,
}

impl fmt::Display for UnpackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnpackError::Truncated { offset } => {
                write!(f, "the archive is cut short at byte {offset}")
            }
            UnpackError::BadHeader { offset, why } => {
                write!(f, "the entry header at byte {offset} is invalid: {why}")
            }
            UnpackError::Traversal { path } => write!(
                f,
                "entry `{path}` would be written outside the pack's folder (absolute path, `..` or an unusual part)"
            ),
            UnpackError::Link { path, target } => write!(
                f,
                "entry `{path}` is a link (to `{target}`): a pack archive holds only files"
            ),
            UnpackError::NotAFile { path, kind } => write!(
                f,
                "entry `{path}` is not a regular file (type `{kind}`): a pack archive holds only files"
            ),
            UnpackError::Duplicate { path } => {
                write!(f, "entry `{path}` appears twice in the archive")
            }
            UnpackError::TooLarge { path, size, limit } => write!(
                f,
                "entry `{path}` is too large: {size} bytes, more than the {limit} allowed"
            ),
            UnpackError::TooManyEntries { limit } => {
                write!(f, "the archive has more than {limit} entries")
            }
            UnpackError::TopFolder { path, expected } => write!(
                f,
                "entry `{path}` is not in the archive's folder `{expected}/`"
            ),
            UnpackError::Empty => write!(f, "the archive holds no files"),
            UnpackError::NotCanonical => write!(
                f,
                "the archive is not in the canonical form `tiaoli pack build` writes (modes, times, order or trailing bytes differ)"
            ),
        }
    }
}

impl std::error::Error for UnpackError {}

/// Writes the canonical archive of `entries` under the folder `top`
/// (`NAME-VERSION`). The entries are sorted here: their order does not
/// matter.
pub fn build(top: &str, entries: &[Entry]) -> Result<Vec<u8>, BuildError> {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    let mut out = Vec::new();
    let mut last: Option<&str> = None;
    for e in sorted {
        if !plain(&e.path) {
            return Err(BuildError::BadPath(e.path.clone()));
        }
        if last == Some(e.path.as_str()) {
            return Err(BuildError::Duplicate(e.path.clone()));
        }
        last = Some(&e.path);
        let full = format!("{top}/{}", e.path);
        let size = u64::try_from(e.bytes.len()).unwrap_or(u64::MAX);
        if size >= 0o77777777777 {
            return Err(BuildError::TooLarge(e.path.clone()));
        }
        out.extend_from_slice(&header(&full, size)?);
        out.extend_from_slice(&e.bytes);
        out.resize(out.len().div_ceil(BLOCK) * BLOCK, 0);
    }
    out.resize(out.len() + 2 * BLOCK, 0);
    Ok(out)
}

/// A path of plain parts: relative, no `.`/`..`/empty parts, no `\`, no
/// NUL or other control characters.
fn plain(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// One ustar header.
fn header(path: &str, size: u64) -> Result<[u8; BLOCK], BuildError> {
    let mut h = [0u8; BLOCK];
    let (prefix, name) = split_path(path).ok_or_else(|| BuildError::PathTooLong(path.into()))?;
    put(&mut h, 0, 100, name.as_bytes());
    put(&mut h, 100, 8, format!("{MODE:07o}\0").as_bytes());
    put(&mut h, 108, 8, b"0000000\0");
    put(&mut h, 116, 8, b"0000000\0");
    put(&mut h, 124, 12, format!("{size:011o}\0").as_bytes());
    put(&mut h, 136, 12, b"00000000000\0");
    put(&mut h, 148, 8, b"        ");
    put(&mut h, 156, 1, b"0");
    put(&mut h, 257, 6, b"ustar\0");
    put(&mut h, 263, 2, b"00");
    put(&mut h, 329, 8, b"0000000\0");
    put(&mut h, 337, 8, b"0000000\0");
    put(&mut h, 345, 155, prefix.as_bytes());
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    put(&mut h, 148, 8, format!("{sum:06o}\0 ").as_bytes());
    Ok(h)
}

/// Writes `bytes` into `h[at..at + len]` (never past it).
fn put(h: &mut [u8; BLOCK], at: usize, len: usize, bytes: &[u8]) {
    for (i, &b) in bytes.iter().take(len).enumerate() {
        if let Some(slot) = h.get_mut(at + i) {
            *slot = b;
        }
    }
}

/// ustar's split of a path into prefix (≤155 bytes) and name (≤100).
fn split_path(path: &str) -> Option<(&str, &str)> {
    if path.len() <= 100 {
        return Some(("", path));
    }
    // The last `/` that leaves a name of at most 100 bytes and a prefix of
    // at most 155.
    path.char_indices()
        .filter(|&(i, c)| c == '/' && path.len() - i - 1 <= 100 && i <= 155)
        .map(|(i, _)| (&path[..i], &path[i + 1..]))
        .find(|(_, name)| !name.is_empty())
}

/// Reads an archive: its top folder and its entries (paths under the top
/// folder), refusing anything `build` would not have written.
pub fn unpack(bytes: &[u8], limits: Limits) -> Result<(String, Vec<Entry>), UnpackError> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut top: Option<String> = None;
    let mut total: u64 = 0;
    let mut offset = 0;
    loop {
        let Some(h) = bytes.get(offset..offset + BLOCK) else {
            return Err(UnpackError::Truncated { offset });
        };
        if h.iter().all(|&b| b == 0) {
            break;
        }
        let full = path_of(h, offset)?;
        check_checksum(h, offset)?;
        if h.get(257..262) != Some(b"ustar") {
            return Err(UnpackError::BadHeader {
                offset,
                why: "not a ustar header".into(),
            });
        }
        let kind = h.get(156).copied().unwrap_or(0);
        match kind {
            b'0' | 0 => {}
            b'1' | b'2' => {
                return Err(UnpackError::Link {
                    path: full,
                    target: text_field(h, 157, 100),
                });
            }
            other => {
                return Err(UnpackError::NotAFile {
                    path: full,
                    kind: char::from(other),
                });
            }
        }
        let (head, rest) = full.split_once('/').unwrap_or((full.as_str(), ""));
        if full.starts_with('/') || !plain(&full) {
            return Err(UnpackError::Traversal { path: full });
        }
        match &top {
            None => top = Some(head.to_owned()),
            Some(t) if t != head || rest.is_empty() => {
                return Err(UnpackError::TopFolder {
                    path: full.clone(),
                    expected: t.clone(),
                });
            }
            Some(_) => {}
        }
        if rest.is_empty() {
            return Err(UnpackError::TopFolder {
                path: full.clone(),
                expected: head.to_owned(),
            });
        }
        let size = octal(h, 124, 12).ok_or_else(|| UnpackError::BadHeader {
            offset,
            why: "the size is not an octal number".into(),
        })?;
        if size > limits.entry_bytes {
            return Err(UnpackError::TooLarge {
                path: full,
                size,
                limit: limits.entry_bytes,
            });
        }
        total = total.saturating_add(size);
        if total > limits.total_bytes {
            return Err(UnpackError::TooLarge {
                path: full,
                size: total,
                limit: limits.total_bytes,
            });
        }
        if entries.iter().any(|e| e.path == rest) {
            return Err(UnpackError::Duplicate { path: full });
        }
        if entries.len() >= limits.entries {
            return Err(UnpackError::TooManyEntries {
                limit: limits.entries,
            });
        }
        let start = offset + BLOCK;
        // size ≤ entry_bytes, which fits in memory already read.
        let len = usize::try_from(size).map_err(|_| UnpackError::Truncated { offset: start })?;
        let Some(data) = bytes.get(start..start.saturating_add(len)) else {
            return Err(UnpackError::Truncated { offset: start });
        };
        entries.push(Entry {
            path: rest.to_owned(),
            bytes: data.to_vec(),
        });
        offset = start + len.div_ceil(BLOCK) * BLOCK;
    }
    let Some(top) = top else {
        return Err(UnpackError::Empty);
    };
    // The canonical form: rewriting gives the same bytes.
    match build(&top, &entries) {
        Ok(again) if again == bytes => Ok((top, entries)),
        _ => Err(UnpackError::NotCanonical),
    }
}

/// The header's path (prefix and name), as text.
fn path_of(h: &[u8], offset: usize) -> Result<String, UnpackError> {
    let name = field(h, 0, 100);
    let prefix = field(h, 345, 155);
    let join = if prefix.is_empty() {
        name.to_vec()
    } else {
        [prefix, b"/", name].concat()
    };
    String::from_utf8(join).map_err(|_| UnpackError::BadHeader {
        offset,
        why: "the path is not UTF-8".into(),
    })
}

fn check_checksum(h: &[u8], offset: usize) -> Result<(), UnpackError> {
    let stored = octal(h, 148, 8).ok_or_else(|| UnpackError::BadHeader {
        offset,
        why: "the checksum is not an octal number".into(),
    })?;
    let sum: u64 = h
        .iter()
        .enumerate()
        .map(|(i, &b)| u64::from(if (148..156).contains(&i) { b' ' } else { b }))
        .sum();
    if sum == stored {
        Ok(())
    } else {
        Err(UnpackError::BadHeader {
            offset,
            why: format!("checksum {stored:o} stored, {sum:o} computed"),
        })
    }
}

/// A NUL-terminated field's bytes.
fn field(h: &[u8], at: usize, len: usize) -> &[u8] {
    let f = h.get(at..at + len).unwrap_or_default();
    let end = f.iter().position(|&b| b == 0).unwrap_or(f.len());
    f.get(..end).unwrap_or_default()
}

fn text_field(h: &[u8], at: usize, len: usize) -> String {
    String::from_utf8_lossy(field(h, at, len)).into_owned()
}

/// An octal number field (spaces and NULs around it allowed).
fn octal(h: &[u8], at: usize, len: usize) -> Option<u64> {
    let f = h.get(at..at + len)?;
    let s = std::str::from_utf8(f).ok()?;
    let s = s.trim_matches(|c: char| c == '\0' || c == ' ');
    if s.is_empty() || s.len() > 11 {
        return None;
    }
    u64::from_str_radix(s, 8).ok()
}

#[cfg(test)]
mod tests {

    use super::*;

    fn e(path: &str, text: &str) -> Entry {
        Entry {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn order_of_entries_does_not_matter() {
        let a = build("p-1.0.0", &[e("b.tiaoli", "b"), e("tiaoli.toml", "m")]).unwrap();
        let b = build("p-1.0.0", &[e("tiaoli.toml", "m"), e("b.tiaoli", "b")]).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.len(), 4 * BLOCK + 2 * BLOCK);
    }

    #[test]
    fn round_trips() {
        let files = vec![e("a/x.tiaoli", "x\r\n"), e("tiaoli.toml", "[pack]\n")];
        let bytes = build("p-1.0.0", &files).unwrap();
        let (top, back) = unpack(&bytes, Limits::default()).unwrap();
        assert_eq!(top, "p-1.0.0");
        assert_eq!(back, files);
    }

    #[test]
    fn long_paths_split_into_prefix_and_name() {
        let deep = format!("{}/{}.tiaoli", "d".repeat(120), "n".repeat(60));
        let bytes = build("p-1.0.0", &[e(&deep, "z")]).unwrap();
        let (_, back) = unpack(&bytes, Limits::default()).unwrap();
        assert_eq!(back.first().unwrap().path, deep);
        let too_long = "x".repeat(300);
        assert!(matches!(
            build("p-1.0.0", &[e(&too_long, "")]),
            Err(BuildError::PathTooLong(_))
        ));
    }

    #[test]
    fn refuses_paths_that_are_not_plain() {
        for p in ["../x", "a/../b", "/abs", "a//b", "./a", "a\\b"] {
            assert!(
                matches!(build("p", &[e(p, "")]), Err(BuildError::BadPath(_))),
                "{p}"
            );
        }
    }

    #[test]
    fn truncated_archives_are_errors_at_every_length() {
        let bytes = build("p-1.0.0", &[e("tiaoli.toml", &"m".repeat(700))]).unwrap();
        for len in 0..bytes.len() {
            assert!(unpack(&bytes[..len], Limits::default()).is_err(), "{len}");
        }
    }

    #[test]
    fn bytes_after_the_end_are_refused() {
        let mut bytes = build("p-1.0.0", &[e("tiaoli.toml", "m")]).unwrap();
        bytes.extend_from_slice(&[0; BLOCK]);
        assert_eq!(
            unpack(&bytes, Limits::default()),
            Err(UnpackError::NotCanonical)
        );
    }

    #[test]
    fn sizes_past_the_limits_are_refused_before_reading() {
        let bytes = build("p-1.0.0", &[e("tiaoli.toml", &"m".repeat(2000))]).unwrap();
        let small = Limits {
            entry_bytes: 1000,
            ..Limits::default()
        };
        assert!(matches!(
            unpack(&bytes, small),
            Err(UnpackError::TooLarge { size: 2000, .. })
        ));
    }
}
