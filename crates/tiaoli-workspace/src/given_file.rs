//! `given file "…"` in a pack test, read with bounds (issue 9 P28) through
//! a [`Host`] (the disk for `tiaoli test`, the editor's open documents over
//! it for the language server): one facility, from a file inside the pack,
//! of at most [`MAX_BYTES`], UTF-8 text with no NUL byte. Anything else is
//! T010 at the path in the test, saying which — never a crash, never a read
//! of a whole device, never "its facts do not fit the schema".

use std::path::{Path, PathBuf};

use tiaoli_diagnostics::{Code, Diagnostic};
use tiaoli_text::{FileId, TextRange};

use crate::discover::pack_root_of;
use crate::host::{Entry, Host};

/// The most a `given file` may hold: a test gives one facility, and this
/// is far more than one needs (the bundled examples are under 10 KiB).
pub const MAX_BYTES: u64 = 1024 * 1024;

/// Why a `given file` cannot be used.
#[derive(Debug, PartialEq, Eq)]
pub enum Unusable {
    Missing,
    Folder,
    /// A pipe or a socket: opening it could wait for ever.
    NotRegular,
    Unreadable(String),
    TooLarge,
    /// Not UTF-8: the first bad byte's offset.
    NotUtf8(usize),
    /// A NUL byte at this offset: binary data, not a facility file.
    Binary(usize),
    /// Resolved (through links) to `real`, outside the pack's folder `root`.
    OutsidePack {
        real: PathBuf,
        root: PathBuf,
    },
    NoRecord,
    /// More than one record (or document).
    SeveralRecords,
}

/// The pack folder a test file belongs to: the nearest folder above it
/// with a `tiaoli.toml`, or, for a lone file, its own folder.
pub fn pack_folder(host: &dyn Host, test_file: &Path) -> PathBuf {
    pack_root_of(host, test_file).unwrap_or_else(|| match test_file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    })
}

/// The file a test written in `test_file` gives as `given file "given"`:
/// its path (relative to the test's folder) and its text (CRLF
/// normalised, as every file tiaoli reads), or why it cannot be used.
pub fn read_given(
    host: &dyn Host,
    test_file: &Path,
    given: &str,
) -> Result<(PathBuf, String), Unusable> {
    let pack = pack_folder(host, test_file);
    let path = test_file.parent().unwrap_or(Path::new("")).join(given);
    let text = read(host, &path, &pack)?;
    Ok((path, text))
}

/// Reads `path` for a test of the pack in `pack`: its text (CRLF
/// normalised), or why it cannot be used.
pub fn read(host: &dyn Host, path: &Path, pack: &Path) -> Result<String, Unusable> {
    match host.entry(path).map_err(Unusable::Unreadable)? {
        Entry::Missing => return Err(Unusable::Missing),
        Entry::Dir => return Err(Unusable::Folder),
        Entry::PipeOrSocket => return Err(Unusable::NotRegular),
        Entry::File => {}
    }
    let real = host.real_path(path).map_err(Unusable::Unreadable)?;
    let root = host.canonical(pack);
    if !real.starts_with(&root) {
        return Err(Unusable::OutsidePack { real, root });
    }
    // One byte past the cap tells "too large" without reading the rest
    // (`/dev/zero` never ends).
    let bytes = host
        .read_at_most(path, MAX_BYTES + 1)
        .map_err(Unusable::Unreadable)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Unusable::TooLarge);
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(Unusable::Binary(at));
    }
    let text =
        String::from_utf8(bytes).map_err(|e| Unusable::NotUtf8(e.utf8_error().valid_up_to()))?;
    Ok(if text.contains("\r\n") {
        text.replace("\r\n", "\n")
    } else {
        text
    })
}

/// T010 at the test's `given file` path (`at` in `file`).
pub fn diagnostic(why: &Unusable, shown: &str, file: FileId, at: TextRange) -> Diagnostic {
    let (message, label, help) = match why {
        Unusable::Missing => (
            format!("`given file` `{shown}` does not exist"),
            "no such file".to_owned(),
            "the path is relative to the file the test is written in".to_owned(),
        ),
        Unusable::Folder => (
            format!("`given file` `{shown}` is a folder, not a file"),
            "a folder".to_owned(),
            "name one facility file (YAML, JSON or JSON lines) in the folder".to_owned(),
        ),
        Unusable::NotRegular => (
            format!("`given file` `{shown}` is not a regular file"),
            "a pipe or a socket".to_owned(),
            "name a facility file saved in the pack".to_owned(),
        ),
        Unusable::Unreadable(e) => (
            format!("`given file` `{shown}` cannot be read: {e}"),
            "cannot be read".to_owned(),
            "check the file's permissions".to_owned(),
        ),
        Unusable::TooLarge => (
            format!(
                "`given file` `{shown}` is larger than {} MiB",
                MAX_BYTES / (1024 * 1024)
            ),
            format!("more than {MAX_BYTES} bytes"),
            "a test gives one facility; evaluate an inventory with `tiaoli eval` instead"
                .to_owned(),
        ),
        Unusable::NotUtf8(at) => (
            format!("`given file` `{shown}` is not UTF-8 text (an invalid byte at offset {at})"),
            "not UTF-8".to_owned(),
            "save the facility file as UTF-8".to_owned(),
        ),
        Unusable::Binary(at) => (
            format!(
                "`given file` `{shown}` is binary, not a facility file (a NUL byte at offset {at})"
            ),
            "binary data".to_owned(),
            "name a YAML, JSON or JSON lines facility file".to_owned(),
        ),
        Unusable::OutsidePack { real, root } => (
            format!(
                "`given file` `{shown}` is outside the pack folder `{}`",
                root.display()
            ),
            format!("resolves to `{}`", real.display()),
            "keep the facility files of a pack's tests inside the pack".to_owned(),
        ),
        Unusable::NoRecord => (
            format!("`given file` `{shown}` holds no facility"),
            "no record".to_owned(),
            "a test's file gives one facility: one YAML or JSON document".to_owned(),
        ),
        Unusable::SeveralRecords => (
            format!("`given file` `{shown}` holds more than one facility"),
            "several records".to_owned(),
            "a test gives one facility: split the file, one test per facility".to_owned(),
        ),
    };
    Diagnostic::new(Code::T010, message)
        .with_primary(file, at, label)
        .with_help(help)
}
