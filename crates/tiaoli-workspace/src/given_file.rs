//! `given file "…"` in a pack test, read with bounds (issue 9 P28) through
//! a [`Host`] (the disk for `tiaoli test`, the editor's open documents over
//! it for the language server): one facility, from a file inside the pack,
//! of at most [`MAX_BYTES`], UTF-8 text with no NUL byte. Anything else is
//! T010 at the path in the test, saying which — never a crash, never a read
//! of a whole device, never "its facts do not fit the schema".

use std::path::{Path, PathBuf};

use tiaoli_diagnostics::{Code, Diagnostic, msg};
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
            msg!(
                en: "`given file` `{shown}` does not exist",
                zh: "`given file` `{shown}` 不存在"
            ),
            msg!(en: "no such file", zh: "没有这个文件"),
            msg!(
                en: "the path is relative to the file the test is written in",
                zh: "该路径相对于编写此测试的文件"
            ),
        ),
        Unusable::Folder => (
            msg!(
                en: "`given file` `{shown}` is a folder, not a file",
                zh: "`given file` `{shown}` 是文件夹，不是文件"
            ),
            msg!(en: "a folder", zh: "文件夹"),
            msg!(
                en: "name one facility file (YAML, JSON or JSON lines) in the folder",
                zh: "请指定该文件夹中的一个设施文件（YAML、JSON 或 JSON lines）"
            ),
        ),
        Unusable::NotRegular => (
            msg!(
                en: "`given file` `{shown}` is not a regular file",
                zh: "`given file` `{shown}` 不是普通文件"
            ),
            msg!(en: "a pipe or a socket", zh: "管道或套接字"),
            msg!(
                en: "name a facility file saved in the pack",
                zh: "请指定保存在规则包中的设施文件"
            ),
        ),
        // `e` is the operating system's own words.
        Unusable::Unreadable(e) => (
            msg!(
                en: "`given file` `{shown}` cannot be read: {e}",
                zh: "无法读取 `given file` `{shown}`：{e}"
            ),
            msg!(en: "cannot be read", zh: "无法读取"),
            msg!(en: "check the file's permissions", zh: "请检查该文件的权限"),
        ),
        Unusable::TooLarge => (
            msg!(
                en: "`given file` `{shown}` is larger than {} MiB",
                zh: "`given file` `{shown}` 超过 {} MiB",
                MAX_BYTES / (1024 * 1024)
            ),
            msg!(en: "more than {MAX_BYTES} bytes", zh: "超过 {MAX_BYTES} 字节"),
            msg!(
                en: "a test gives one facility; evaluate an inventory with `tiaoli eval` instead",
                zh: "一个测试只给出一个设施；设施台账请改用 `tiaoli eval` 评估"
            ),
        ),
        Unusable::NotUtf8(at) => (
            msg!(
                en: "`given file` `{shown}` is not UTF-8 text (an invalid byte at offset {at})",
                zh: "`given file` `{shown}` 不是 UTF-8 文本（偏移量 {at} 处有无效字节）"
            ),
            msg!(en: "not UTF-8", zh: "不是 UTF-8"),
            msg!(en: "save the facility file as UTF-8", zh: "请将设施文件保存为 UTF-8"),
        ),
        Unusable::Binary(at) => (
            msg!(
                en: "`given file` `{shown}` is binary, not a facility file (a NUL byte at offset {at})",
                zh: "`given file` `{shown}` 是二进制文件，不是设施文件（偏移量 {at} 处有 NUL 字节）"
            ),
            msg!(en: "binary data", zh: "二进制数据"),
            msg!(
                en: "name a YAML, JSON or JSON lines facility file",
                zh: "请指定 YAML、JSON 或 JSON lines 格式的设施文件"
            ),
        ),
        Unusable::OutsidePack { real, root } => (
            msg!(
                en: "`given file` `{shown}` is outside the pack folder `{}`",
                zh: "`given file` `{shown}` 位于规则包文件夹 `{}` 之外",
                root.display()
            ),
            msg!(
                en: "resolves to `{}`",
                zh: "解析为 `{}`",
                real.display()
            ),
            msg!(
                en: "keep the facility files of a pack's tests inside the pack",
                zh: "请将规则包测试所用的设施文件放在规则包内"
            ),
        ),
        Unusable::NoRecord => (
            msg!(
                en: "`given file` `{shown}` holds no facility",
                zh: "`given file` `{shown}` 中没有设施"
            ),
            msg!(en: "no record", zh: "没有记录"),
            msg!(
                en: "a test's file gives one facility: one YAML or JSON document",
                zh: "测试所用的文件只给出一个设施：一个 YAML 或 JSON 文档"
            ),
        ),
        Unusable::SeveralRecords => (
            msg!(
                en: "`given file` `{shown}` holds more than one facility",
                zh: "`given file` `{shown}` 中有不止一个设施"
            ),
            msg!(en: "several records", zh: "多条记录"),
            msg!(
                en: "a test gives one facility: split the file, one test per facility",
                zh: "一个测试只给出一个设施：请拆分该文件，每个设施一个测试"
            ),
        ),
    };
    Diagnostic::new(Code::T010, message)
        .with_primary(file, at, label)
        .with_help(help)
}
