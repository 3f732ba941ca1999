use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use tiaoli_text::Sources;

use tiaoli_workspace::{Contents, Disk, Host};

use crate::prepare::default_paths;
use crate::{Color, FmtArgs, Format, output};

pub fn run(args: &FmtArgs) -> u8 {
    match crate::stdin::alone(&args.paths) {
        Ok(true) => return run_stdin(args),
        Ok(false) => {}
        Err(msg) => {
            stderr!("error: {msg}");
            return 2;
        }
    }
    let mut files = Vec::new();
    // Canonical paths of the folders and files already taken: each real
    // file is formatted once, and a symlink cycle (`l -> ..`) ends.
    let mut seen = Walked::default();
    for path in default_paths(&args.paths) {
        if path.is_dir() {
            match collect(&path, &mut seen) {
                Ok(f) => files.extend(f),
                Err(msg) => {
                    stderr!("error: {msg}");
                    return 2;
                }
            }
        } else if seen.file(&path) {
            files.push(path);
        }
    }
    let mut sources = Sources::new();
    let mut broken = Vec::new();
    let mut unformatted = Vec::new();
    for file in &files {
        let text = match Disk.read_source(file) {
            Ok(Contents::Text(t)) => t,
            Ok(Contents::NotUtf8(bad)) => {
                // Reported with the syntax errors; the other files go on.
                let id = sources.add(file.display().to_string(), bad.text.clone());
                broken.push(bad.diagnostic(id));
                continue;
            }
            Err(msg) => {
                stderr!("error: {msg}");
                return 2;
            }
        };
        let id = sources.add(file.display().to_string(), text);
        let parse = tiaoli_syntax::parse(sources.text(id), id);
        let Some(formatted) = tiaoli_syntax::format(sources.text(id), &parse) else {
            broken.extend(parse.diagnostics);
            continue;
        };
        if formatted != sources.text(id) {
            if args.diff {
                let name = file.display().to_string();
                output::emit(&unified_diff(&name, sources.text(id), &formatted));
            } else if args.check {
                output::emit(&format!("{}\n", file.display()));
            } else if let Err(msg) = replace(file, &formatted) {
                stderr!("error: {msg}");
                return 2;
            }
            unformatted.push(file);
        }
    }
    if !broken.is_empty() {
        output::print(&broken, &sources, Format::Human, Color::Auto);
        stderr!(
            "{}",
            crate::lang::pick(
                "files with syntax errors were not formatted",
                "有语法错误的文件未格式化"
            )
        );
        return 1;
    }
    if (args.check || args.diff) && !unformatted.is_empty() {
        match crate::lang::get() {
            tiaoli_diagnostics::Lang::En => stderr!(
                "{} {} would be reformatted; run `tiaoli fmt`",
                unformatted.len(),
                if unformatted.len() == 1 {
                    "file"
                } else {
                    "files"
                }
            ),
            tiaoli_diagnostics::Lang::Zh => stderr!(
                "{} 个文件需要重新格式化；请运行 `tiaoli fmt`",
                unformatted.len()
            ),
        }
        return 1;
    }
    0
}

/// `tiaoli fmt -`: the formatted text on stdout (nothing with `--check`),
/// as rustfmt and `ruff format -` do, so that an editor can format a buffer
/// that is not saved. Syntax errors go to stderr (stdout is the text) and
/// give exit status 1, with nothing on stdout.
fn run_stdin(args: &FmtArgs) -> u8 {
    let text = match crate::stdin::read_text() {
        Ok(t) => t,
        Err(msg) => {
            stderr!("error: {msg}");
            return 2;
        }
    };
    let name = crate::stdin::name(args.stdin_filename.as_deref())
        .display()
        .to_string();
    let mut sources = Sources::new();
    let id = sources.add(name.clone(), text);
    let parse = tiaoli_syntax::parse(sources.text(id), id);
    let Some(formatted) = tiaoli_syntax::format(sources.text(id), &parse) else {
        let opts = tiaoli_diagnostics::HumanOptions::default();
        output::to_stderr(
            tiaoli_diagnostics::render_human(&parse.diagnostics, &sources, opts).trim_end(),
        );
        stderr!("`{name}` has syntax errors and was not formatted");
        return 1;
    };
    let changed = formatted != sources.text(id);
    if args.diff {
        if changed {
            output::emit(&unified_diff(&name, sources.text(id), &formatted));
        }
        return u8::from(changed);
    }
    if args.check {
        if changed {
            stderr!("`{name}` would be reformatted; run `tiaoli fmt`");
        }
        return u8::from(changed);
    }
    output::emit(&formatted);
    0
}

/// What formatting would change, as a unified diff (`--- NAME`, `+++
/// NAME`, three lines of context), which `patch -p0` and `git apply -p0`
/// take.
fn unified_diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .to_string()
}

/// The temporary sibling `fmt` writes before renaming it over `file`:
/// `dir/.NAME.tiaoli-fmt.tmp` (hidden, and not a `.tiaoli` file, so a later
/// walk never picks it up).
fn temp_path(file: &Path) -> PathBuf {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    file.with_file_name(format!(".{name}.tiaoli-fmt.tmp"))
}

/// Replaces `file` with `text` without ever leaving it truncated: the text
/// goes to a temporary file in the same folder, which is synced to disk, given
/// the original's permissions, and then renamed over the original. If any step
/// fails, the original is untouched and the temporary file is removed.
/// A `file` that is a symbolic link is replaced at its target, so the link
/// stays a link.
pub(crate) fn replace(file: &Path, text: &str) -> Result<(), String> {
    let target = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let temp = temp_path(&target);
    let create = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
    };
    let mut out = match create() {
        // A regular file left by an interrupted run is ours to replace.
        Err(e)
            if e.kind() == std::io::ErrorKind::AlreadyExists
                && std::fs::symlink_metadata(&temp).is_ok_and(|m| m.is_file()) =>
        {
            std::fs::remove_file(&temp).and_then(|()| create())
        }
        other => other,
    }
    .map_err(|e| {
        format!(
            "cannot write `{}`: cannot create the temporary file `{}`: {e}; the file was left unchanged",
            file.display(),
            temp.display()
        )
    })?;
    let written = out
        .write_all(text.as_bytes())
        .and_then(|()| out.sync_all())
        .and_then(|()| {
            let permissions = std::fs::metadata(&target)?.permissions();
            std::fs::set_permissions(&temp, permissions)
        });
    drop(out);
    match written.and_then(|()| std::fs::rename(&temp, &target)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            Err(format!(
                "cannot write `{}`: {e}; the file was left unchanged",
                file.display()
            ))
        }
    }
}

/// The folders and files taken so far, by canonical path.
#[derive(Default)]
struct Walked {
    dirs: HashSet<PathBuf>,
    files: HashSet<PathBuf>,
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

impl Walked {
    /// True the first time a folder is met.
    fn dir(&mut self, path: &Path) -> bool {
        self.dirs.insert(canonical(path))
    }

    /// True the first time a file is met.
    fn file(&mut self, path: &Path) -> bool {
        self.files.insert(canonical(path))
    }
}

/// Every .tiaoli file under a folder, in a stable order; folders and files
/// already in `seen` (reached again through a symlink) are skipped.
fn collect(dir: &Path, seen: &mut Walked) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    if !seen.dir(dir) {
        return Ok(out);
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for e in entries {
        if e.is_dir() {
            out.extend(collect(&e, seen)?);
        } else if e.extension().is_some_and(|x| x == "tiaoli") && seen.file(&e) {
            out.push(e);
        }
    }
    Ok(out)
}
