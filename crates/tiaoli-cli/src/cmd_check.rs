//! `tiaoli check`: discovery, then the language server's database answers
//! (parse, check, every diagnostic), so that the command line and the editor
//! cannot report differently.

use tiaoli_db::Database;

use crate::prepare::default_paths;
use crate::{CheckArgs, CheckFormat, Format, output};

pub fn run(args: &CheckArgs) -> u8 {
    if args.fix {
        match fix(args) {
            Ok(()) => {}
            Err(code) => return code,
        }
    }
    check(args)
}

/// `--fix`: checks, writes the fixes, says which on stderr; then [`run`]
/// checks what was written.
fn fix(args: &CheckArgs) -> Result<(), u8> {
    let layout = tiaoli_workspace::discover(&tiaoli_workspace::Disk, &default_paths(&args.paths))
        .map_err(|msg| {
        stderr!("error: {msg}");
        2u8
    })?;
    let db = Database::from_layout(layout);
    let (Ok(diagnostics), Ok(sources)) = (db.diagnostics(), db.sources()) else {
        stderr!("error: the check was cancelled");
        return Err(2);
    };
    let applied = crate::fix::apply(&diagnostics, &sources).map_err(|msg| {
        stderr!("error: {msg}");
        2u8
    })?;
    for a in &applied {
        stderr!("fixed {}: {}", a.at, a.title);
    }
    stderr!("{} fix(es) written; what is left follows", applied.len());
    Ok(())
}

fn check(args: &CheckArgs) -> u8 {
    let layout = match layout(args) {
        Ok(layout) => layout,
        Err(msg) => {
            stderr!("error: {msg}");
            return 2;
        }
    };
    // Machine formats still get their (empty) document.
    let no_pack = crate::pack_paths::none_found(&layout, &default_paths(&args.paths));
    if no_pack && args.format == CheckFormat::Human {
        return crate::pack_paths::NO_PACK;
    }
    let (packs, files) = (layout.packs.len(), layout.file_count());
    let db = Database::from_layout(layout);
    // Nothing edits this database: a read cannot be cancelled.
    let (Ok(mut diagnostics), Ok(sources)) = (db.diagnostics(), db.sources()) else {
        stderr!("error: the check was cancelled");
        return 2;
    };
    // The project configuration is checked with the packs (M017).
    let mut sources = tiaoli_text::Sources::clone(&sources);
    diagnostics.extend(crate::config::diagnostics_into(&mut sources));
    let touches = db
        .checked()
        .map(|c| tiaoli_check::touches(&c))
        .unwrap_or_default();
    match args.format {
        CheckFormat::Json if !touches.is_empty() => {
            // The diagnostics document, with what lower packs touched.
            let doc =
                tiaoli_diagnostics::render_json_in(&diagnostics, &sources, crate::lang::get());
            match serde_json::from_str::<serde_json::Value>(&doc) {
                Ok(mut doc) => {
                    doc["touches"] = touches_json(&touches);
                    output::emit(&format!("{doc:#}\n"));
                }
                Err(_) => output::emit(&format!("{doc}\n")),
            }
        }
        CheckFormat::Junit => {
            // One testcase per file read, whether or not it has problems.
            let files: Vec<String> = sources.iter().map(|(_, f)| f.name.clone()).collect();
            let located: Vec<_> = diagnostics
                .iter()
                .map(|d| crate::formats::locate(d, &sources))
                .collect();
            output::emit(&crate::formats::junit::check_document(
                &files,
                &located,
                args.deny_warnings,
            ));
        }
        format => {
            let format = match format {
                CheckFormat::Human => Format::Human,
                CheckFormat::Json => Format::Json,
                CheckFormat::Jsonl => Format::Jsonl,
                CheckFormat::Sarif => Format::Sarif,
                CheckFormat::Junit => Format::Junit,
                CheckFormat::Github => Format::Github,
            };
            output::print(&diagnostics, &sources, format, crate::Color::Auto);
        }
    }
    if args.format == CheckFormat::Human {
        output::emit(&match crate::lang::get() {
            tiaoli_diagnostics::Lang::En => format!(
                "checked {packs} pack{} ({files} file{}): {}\n",
                if packs == 1 { "" } else { "s" },
                if files == 1 { "" } else { "s" },
                output::tally(&diagnostics)
            ),
            tiaoli_diagnostics::Lang::Zh => format!(
                "已检查 {packs} 个规则包（{files} 个文件）：{}\n",
                output::tally(&diagnostics)
            ),
        });
        output::emit(&touches_human(&touches));
    }
    let failed = diagnostics.iter().any(|d| {
        d.is_error() || (args.deny_warnings && d.severity == tiaoli_diagnostics::Severity::Warning)
    });
    if no_pack {
        return crate::pack_paths::NO_PACK;
    }
    u8::from(failed)
}

/// The packs to check: discovered on disk, or, for `-`, with stdin's text
/// as the file `--stdin-filename` names (over the disk, so that a file of a
/// pack is checked with its pack, as an editor's unsaved buffer is).
fn layout(args: &CheckArgs) -> Result<tiaoli_workspace::Layout, String> {
    if !crate::stdin::alone(&args.paths)? {
        crate::pack_paths::refuse_other_files(&args.paths)?;
        return tiaoli_workspace::discover(&tiaoli_workspace::Disk, &default_paths(&args.paths));
    }
    let name = crate::stdin::name(args.stdin_filename.as_deref());
    if args.stdin_filename.is_some() && !crate::pack_paths::is_pack_file(&name) {
        return Err(format!(
            "`--stdin-filename {}` is not a .tiaoli file",
            name.display()
        ));
    }
    let text = crate::stdin::read_text()?;
    let mut host = tiaoli_workspace::Overlay::new(&tiaoli_workspace::Disk);
    host.open(&name, text);
    tiaoli_workspace::discover(&host, &[name])
}

/// One line per pack below a regulation: what it filled, added and set
/// aside (a lower pack may only tighten; see `tiaoli_check::touches`).
fn touches_human(touches: &[tiaoli_check::Touches]) -> String {
    let zh = crate::lang::get() == tiaoli_diagnostics::Lang::Zh;
    let list = if zh { "、" } else { ", " };
    let mut out = String::new();
    for t in touches {
        let mut parts = Vec::new();
        for (pack, ext, keys) in &t.implements {
            parts.push(if zh {
                format!("为 {keys} 实现 {pack}::{ext}")
            } else {
                format!("implements {pack}::{ext} for {keys}")
            });
        }
        let adds = t
            .adds
            .iter()
            .map(|(kind, name, _)| format!("{kind} {name}"))
            .collect::<Vec<_>>()
            .join(list);
        parts.push(match (t.adds.is_empty(), zh) {
            (true, false) => "adds no duties".to_owned(),
            (true, true) => "未增加义务".to_owned(),
            (false, false) => format!("adds {adds}"),
            (false, true) => format!("增加 {adds}"),
        });
        if !t.exempts.is_empty() {
            let set_aside = t
                .exempts
                .iter()
                .map(|(by, pack, rule)| {
                    if zh {
                        format!("{pack}::{rule}（依据 {by}）")
                    } else {
                        format!("{pack}::{rule} (by {by})")
                    }
                })
                .collect::<Vec<_>>()
                .join(list);
            parts.push(if zh {
                format!("排除适用 {set_aside}")
            } else {
                format!("sets aside {set_aside}")
            });
        }
        out.push_str(&if zh {
            format!(
                "{}（{}{}）：{}\n",
                t.pack,
                t.authority.kind(),
                if t.model { "，示范规则" } else { "" },
                parts.join("；")
            )
        } else {
            format!(
                "{} ({}{}): {}\n",
                t.pack,
                t.authority.kind(),
                if t.model { ", model rules" } else { "" },
                parts.join("; ")
            )
        });
    }
    out
}

fn touches_json(touches: &[tiaoli_check::Touches]) -> serde_json::Value {
    let packs: Vec<serde_json::Value> = touches
        .iter()
        .map(|t| {
            serde_json::json!({
                "pack": t.pack,
                "kind": t.authority.kind(),
                "model": t.model,
                "implements": t.implements.iter().map(|(pack, ext, keys)| {
                    serde_json::json!({ "pack": pack, "extension": ext, "keys": keys })
                }).collect::<Vec<_>>(),
                "adds": t.adds.iter().map(|(kind, name, article)| {
                    serde_json::json!({ "kind": kind, "rule": name, "article": article })
                }).collect::<Vec<_>>(),
                "exempts": t.exempts.iter().map(|(by, pack, rule)| {
                    serde_json::json!({ "exception": by, "pack": pack, "rule": rule })
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::Value::Array(packs)
}
