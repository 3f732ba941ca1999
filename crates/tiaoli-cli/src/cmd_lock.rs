//! `tiaoli lock`: writes each pack's lockfile (`tiaoli.lock`), which pins
//! every pack it depends on by version and content; `--check` writes
//! nothing and fails when a lockfile is missing or out of date (for CI).
//! Loading honours the lockfiles (M015): see tiaoli-workspace's `locked`.

use std::path::{Path, PathBuf};

use tiaoli_diagnostics::Code;
use tiaoli_workspace::pack_files::LOCKFILE;
use tiaoli_workspace::{Disk, Layout, closure, lock_entry};

use crate::prepare::default_paths;
use crate::{Color, Format, output};

#[derive(Debug, clap::Args)]
pub struct LockArgs {
    /// Packs, or folders of packs, to lock [default: ./policies]
    paths: Vec<PathBuf>,
    /// Write nothing: list the lockfiles that are missing or out of date,
    /// and exit 1 if there are any.
    #[arg(long)]
    check: bool,
}

/// What becomes of one pack's lockfile.
enum Change {
    Same,
    Write(String),
    /// The pack depends on nothing: a lockfile it has is removed.
    Remove,
}

pub fn run(args: &LockArgs) -> u8 {
    let layout = match tiaoli_workspace::discover(&Disk, &default_paths(&args.paths)) {
        Ok(layout) => layout,
        Err(msg) => {
            stderr!("error: {msg}");
            return 2;
        }
    };
    // What stale or unreadable lockfiles report is what this command mends;
    // any other loading error (a dependency missing, conflicting, cyclic, a
    // signed pack modified, a file not UTF-8) means there is nothing sound
    // to lock.
    let blocking: Vec<_> = layout
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && !matches!(d.code, Code::M015 | Code::M016))
        .cloned()
        .collect();
    if !blocking.is_empty() {
        output::print(&blocking, &layout.sources, Format::Human, Color::Auto);
        stderr!("error: nothing was locked: fix the errors above first");
        return 1;
    }
    let mut report = String::new();
    let mut outdated = 0usize;
    let mut locked = 0usize;
    for (k, pack) in layout.packs.iter().enumerate() {
        let (Some(manifest), Some(manifest_file)) = (&pack.manifest, pack.manifest_file) else {
            continue;
        };
        if !pack.found {
            continue;
        }
        let path = Path::new(layout.sources.name(manifest_file)).with_file_name(LOCKFILE);
        let shown = path.display().to_string();
        let change = match planned(&layout, k, &manifest.name) {
            Ok(change) => change,
            Err(why) => {
                stderr!("error: cannot lock `{}`: {why}", manifest.name);
                return 1;
            }
        };
        let change = match change {
            Change::Write(text) if read(&path).as_deref() == Some(text.as_str()) => Change::Same,
            Change::Remove if !path.is_file() => continue,
            c => c,
        };
        let deps = closure(&layout.lock_views(), k);
        let what = deps
            .iter()
            .filter_map(|&j| layout.packs.get(j)?.manifest.as_ref())
            .map(|m| format!("{} {}", m.name, m.version))
            .collect::<Vec<_>>()
            .join(", ");
        match change {
            Change::Same => {
                locked += 1;
                report.push_str(&format!("{shown}: up to date ({what})\n"));
            }
            Change::Write(text) => {
                outdated += 1;
                if args.check {
                    let state = if path.is_file() {
                        "out of date"
                    } else {
                        "missing"
                    };
                    report.push_str(&format!("{shown}: {state} ({what})\n"));
                } else if let Err(e) = std::fs::write(&path, text) {
                    stderr!("error: cannot write `{shown}`: {e}");
                    return 2;
                } else {
                    locked += 1;
                    report.push_str(&format!("{shown}: locked {what}\n"));
                }
            }
            Change::Remove => {
                outdated += 1;
                if args.check {
                    report.push_str(&format!(
                        "{shown}: not needed (`{}` depends on no pack)\n",
                        manifest.name
                    ));
                } else if let Err(e) = std::fs::remove_file(&path) {
                    stderr!("error: cannot remove `{shown}`: {e}");
                    return 2;
                } else {
                    report.push_str(&format!(
                        "{shown}: removed (`{}` depends on no pack)\n",
                        manifest.name
                    ));
                }
            }
        }
    }
    output::emit(&report);
    if args.check {
        output::emit(&match outdated {
            0 => format!("{locked} lockfile{} up to date\n", plural(locked)),
            n => format!("{n} lockfile{} to write: run `tiaoli lock`\n", plural(n)),
        });
        u8::from(outdated > 0)
    } else {
        output::emit(&format!("{locked} lockfile{} up to date\n", plural(locked)));
        0
    }
}

/// The lockfile the pack `k` needs: the packs it depends on as loaded.
fn planned(layout: &Layout, k: usize, name: &str) -> Result<Change, String> {
    let deps = closure(&layout.lock_views(), k);
    if deps.is_empty() {
        return Ok(Change::Remove);
    }
    let entries = deps
        .iter()
        .map(|&j| lock_entry(layout, j))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Change::Write(tiaoli_pack::render_lockfile(name, &entries)))
}

fn read(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
