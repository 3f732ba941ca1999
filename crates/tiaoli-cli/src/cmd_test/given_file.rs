//! `given file "…"` in a pack test, read with bounds (issue 9 P28): one
//! facility, from a regular file inside the pack, of at most
//! [`MAX_BYTES`], UTF-8 text with no NUL byte. Anything else is T010 at
//! the path in the test, saying which — never a crash, never a read of a
//! whole device, never "its facts do not fit the schema".

use std::io::Read;
use std::path::{Path, PathBuf};

use tiaoli_diagnostics::{Code, Diagnostic};
use tiaoli_text::{FileId, TextRange};

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
pub fn pack_folder(test_file: &Path) -> PathBuf {
    tiaoli_workspace::pack_root_of(&tiaoli_workspace::Disk, test_file).unwrap_or_else(|| {
        match test_file.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        }
    })
}

/// Reads `path` for a test of the pack in `pack`: its text (CRLF
/// normalised, as every file tiaoli reads), or why it cannot be used.
pub fn read(path: &Path, pack: &Path) -> Result<String, Unusable> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Unusable::Missing,
        _ => Unusable::Unreadable(e.to_string()),
    })?;
    if meta.is_dir() {
        return Err(Unusable::Folder);
    }
    if is_pipe_or_socket(&meta) {
        return Err(Unusable::NotRegular);
    }
    let real = path
        .canonicalize()
        .map_err(|e| Unusable::Unreadable(e.to_string()))?;
    let root = pack.canonicalize().unwrap_or_else(|_| pack.to_path_buf());
    if !real.starts_with(&root) {
        return Err(Unusable::OutsidePack { real, root });
    }
    let file = std::fs::File::open(path).map_err(|e| Unusable::Unreadable(e.to_string()))?;
    // One byte past the cap tells "too large" without reading the rest
    // (`/dev/zero` never ends).
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Unusable::Unreadable(e.to_string()))?;
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

#[cfg(unix)]
fn is_pipe_or_socket(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    t.is_fifo() || t.is_socket()
}

#[cfg(not(unix))]
fn is_pipe_or_socket(_: &std::fs::Metadata) -> bool {
    false
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
