//! What `tiaoli eval` reads: files, folders of them, and `-` for stdin.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

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

/// Why a file cannot be read, in the words `check` and `test` use for the
/// same (review B14: "no such file or folder" there, "No such file or
/// directory (os error 2)" here): English, Chinese.
pub fn why(e: &std::io::Error) -> (String, String) {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => (
            "no such file or folder".into(),
            "没有这个文件或文件夹".into(),
        ),
        K::PermissionDenied => ("permission denied".into(), "没有读取权限".into()),
        K::IsADirectory => ("it is a folder".into(), "这是一个文件夹".into()),
        _ => (e.to_string(), e.to_string()),
    }
}

/// The stem of a reported name (`<stdin>` for stdin).
pub fn stem(name: &str) -> String {
    Path::new(name)
        .file_stem()
        .map_or_else(|| name.to_owned(), |s| s.to_string_lossy().into_owned())
}

/// The extensions of the facility files a folder is searched for.
const EXTENSIONS: [&str; 4] = ["yaml", "yml", "json", "jsonl"];

/// The inputs, each folder replaced by the facility files under it
/// (`.yaml`, `.yml`, `.json`, `.jsonl`, at any depth, sorted by path;
/// hidden files and folders, such as `.git`, skipped). A folder with none
/// is warned about. Err: a folder that cannot be read.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for path in paths {
        if crate::stdin::is_stdin(path) || !path.is_dir() {
            out.push(path.clone());
            continue;
        }
        let mut found = Vec::new();
        walk(path, &mut HashSet::new(), &mut found)?;
        if found.is_empty() {
            stderr!(
                "warning: `{}` holds no facility file (.yaml, .yml, .json, .jsonl)",
                path.display()
            );
        }
        out.extend(found);
    }
    Ok(out)
}

fn walk(dir: &Path, seen: &mut HashSet<PathBuf>, out: &mut Vec<PathBuf>) -> Result<(), String> {
    // A symlink back up the tree is followed once.
    if !seen.insert(dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())) {
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    entries.sort();
    for e in entries {
        if e.is_dir() {
            walk(&e, seen, out)?;
        } else if e
            .extension()
            .is_some_and(|x| EXTENSIONS.iter().any(|k| x.eq_ignore_ascii_case(k)))
        {
            out.push(e);
        }
    }
    Ok(())
}
