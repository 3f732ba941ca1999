//! What `tiaoli eval` reads: files, and `-` for stdin.

use std::io::Read;
use std::path::Path;

/// An input opened: its reader and the name it is reported under (whose
/// extension tells the format; `<stdin>` has none, so its content does).
pub fn open(
    path: &Path,
    stdin_filename: Option<&Path>,
) -> std::io::Result<(Box<dyn Read>, String)> {
    if crate::stdin::is_stdin(path) {
        let name = crate::stdin::name(stdin_filename).display().to_string();
        return Ok((Box::new(std::io::stdin().lock()), name));
    }
    let file = std::fs::File::open(path)?;
    Ok((Box::new(file), path.display().to_string()))
}

/// The stem of a reported name (`<stdin>` for stdin).
pub fn stem(name: &str) -> String {
    Path::new(name)
        .file_stem()
        .map_or_else(|| name.to_owned(), |s| s.to_string_lossy().into_owned())
}
