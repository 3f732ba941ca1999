//! `-` as a path reads stdin, as in ruff and rustfmt: `tiaoli eval -`,
//! `tiaoli check -`, `tiaoli fmt -`. `--stdin-filename` names the text: in
//! messages, for `eval` the format by its extension, and for `check` the
//! pack the text belongs to (it is checked in place of that file).

use std::io::Read;
use std::path::{Path, PathBuf};

/// What stdin is called when `--stdin-filename` is not given.
pub const NAME: &str = "<stdin>";

pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Whether the paths are `-` alone; `-` among other paths is an error (for
/// `check` and `fmt`, whose input is one text when it is stdin).
pub fn alone(paths: &[PathBuf]) -> Result<bool, String> {
    match paths.iter().filter(|p| is_stdin(p)).count() {
        0 => Ok(false),
        1 if paths.len() == 1 => Ok(true),
        _ => Err("`-` (stdin) cannot be given with other paths".to_owned()),
    }
}

/// The name stdin's text goes by.
pub fn name(stdin_filename: Option<&Path>) -> PathBuf {
    stdin_filename.map_or_else(|| PathBuf::from(NAME), Path::to_path_buf)
}

/// All of stdin, as UTF-8 text.
pub fn read_text() -> Result<String, String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read stdin: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "stdin is not UTF-8 text (byte {} is not)",
            e.utf8_error().valid_up_to()
        )
    })
}
