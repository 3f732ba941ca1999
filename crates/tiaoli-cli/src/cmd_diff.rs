//! `tiaoli diff OLD NEW [--facilities FILE]`: what changed between two
//! packs (or two versions of one) — articles and rules added, removed,
//! changed or moved — and, with facilities, whose outcomes change and how.
//! Each side is loaded, checked and compiled as `tiaoli eval --pack` would;
//! `tiaoli_diff` compares.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::{Value as Json, json};
use tiaoli_diff::{ArticleChange, Bilingual, FacilityDiff, PackDiff, RuleChange, Side, Snapshot};
use tiaoli_eval::Evaluation;
use tiaoli_eval::human::Lang;
use tiaoli_input::stream::{self, Pieces};
use tiaoli_workspace::{Disk, Workspace};

use crate::Format;
use crate::eval_piece::{self, Context, Item};
use crate::output::emit;
use crate::prepare::{self, Prepared};

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The old pack's folder (its dependencies are loaded too)
    old: PathBuf,
    /// The new pack's folder
    new: PathBuf,
    /// Facilities to evaluate under both (YAML, JSON, JSON array or JSON
    /// lines, as `tiaoli eval` reads): whose outcomes change, and how
    #[arg(long)]
    facilities: Option<PathBuf>,
    /// The evaluation date (YYYY-MM-DD) [default: today, in China]
    #[arg(long)]
    as_of: Option<String>,
    #[arg(long, value_enum, default_value = "human")]
    format: DiffFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DiffFormat {
    Human,
    Json,
}

/// One side: its packs, compiled, and the compared pack's snapshot.
struct Loaded {
    prepared: Prepared,
    snapshot: Snapshot,
    determinations: BTreeSet<String>,
}

pub fn run(args: &DiffArgs) -> u8 {
    let as_of = match prepare::as_of(args.as_of.as_deref()) {
        Ok(d) => d,
        Err(msg) => {
            stderr!("error: {msg}");
            return 2;
        }
    };
    let format = match args.format {
        DiffFormat::Human => Format::Human,
        DiffFormat::Json => Format::Json,
    };
    let (old, new) = match (side(&args.old, format), side(&args.new, format)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let lang = crate::lang::get();
    let structure = tiaoli_diff::diff(&old.snapshot, &new.snapshot);
    let mut failed = false;
    let facilities = match &args.facilities {
        Some(path) => match compare_facilities(path, &old, &new, as_of, format) {
            Ok(found) => {
                failed = found.failed > 0;
                Some(found)
            }
            Err(code) => return code,
        },
        None => None,
    };
    if let Some(f) = facilities.as_ref().filter(|f| !f.diagnostics.is_empty())
        && args.format == DiffFormat::Human
    {
        stderr!("{}", f.diagnostics.trim_end());
    }
    match args.format {
        DiffFormat::Human => emit(&human(
            &old.snapshot,
            &new.snapshot,
            &structure,
            facilities.as_ref(),
            lang,
        )),
        DiffFormat::Json => {
            let doc = to_json(
                &old.snapshot,
                &new.snapshot,
                &structure,
                facilities.as_ref(),
            );
            emit(&format!("{doc:#}\n"));
        }
    }
    u8::from(failed)
}

/// Loads, checks and compiles the pack at `path` with what it depends on,
/// and takes the snapshot of that pack (the one no other loaded pack
/// depends on).
fn side(path: &PathBuf, format: Format) -> Result<Loaded, u8> {
    let prepared = prepare::prepare(&Disk, std::slice::from_ref(path), format)?;
    let Some(root) = root(&prepared.ws) else {
        stderr!(
            "error: `{}` holds {} packs; diff compares one pack with another (give a pack's folder)",
            path.display(),
            prepared.ws.packs.len()
        );
        return Err(2);
    };
    let checked = prepared.ws.check();
    let version = prepared
        .ws
        .manifests
        .get(root)
        .and_then(Option::as_ref)
        .map(|m| m.version.to_string());
    let snapshot = tiaoli_diff::snapshot(
        &prepared.ws.packs,
        &checked.model,
        root,
        &prepared.ws.sources,
        version,
    );
    let determinations = snapshot
        .rules
        .iter()
        .filter(|(_, r)| r.kind == "determination")
        .map(|(n, _)| n.clone())
        .collect();
    Ok(Loaded {
        prepared,
        snapshot,
        determinations,
    })
}

/// The one loaded pack that no other depends on.
fn root(ws: &Workspace) -> Option<usize> {
    let deps: BTreeSet<usize> = ws
        .packs
        .iter()
        .flat_map(|p| p.deps.iter().copied())
        .collect();
    let mut roots = (0..ws.packs.len()).filter(|i| !deps.contains(i));
    let first = roots.next()?;
    roots.next().is_none().then_some(first)
}

struct Facilities {
    file: String,
    /// The records' diagnostics, rendered (human text, or JSON objects
    /// separated by commas).
    diagnostics: String,
    as_of: jiff::civil::Date,
    compared: usize,
    failed: usize,
    changed: Vec<FacilityDiff>,
}

/// Evaluates every record under both sides, piece by piece (bounded
/// memory), and keeps the facilities whose outcomes differ. A record that
/// cannot be read is reported once and counted.
fn compare_facilities(
    path: &PathBuf,
    old: &Loaded,
    new: &Loaded,
    as_of: jiff::civil::Date,
    format: Format,
) -> Result<Facilities, u8> {
    let file = std::fs::File::open(path).map_err(|e| {
        stderr!("error: cannot read `{}`: {e}", path.display());
        2u8
    })?;
    let name = path.display().to_string();
    let stem = path
        .file_stem()
        .map_or_else(|| name.clone(), |s| s.to_string_lossy().into_owned());
    // The reports are read back as JSON: always written.
    static REPORTS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    let cx = |program| Context {
        program,
        as_of,
        format: Format::Json,
        diagnostics: format,
        lang: Lang::En,
        explain: false,
        color: false,
        name: &name,
        stem: &stem,
        texts: &[],
        undecided_fails: false,
        summary_only: &REPORTS,
        questions: None,
    };
    let (cx_old, cx_new) = (cx(&old.prepared.program), cx(&new.prepared.program));
    let sides = (
        Side {
            pack: &old.snapshot.pack,
            determinations: &old.determinations,
        },
        Side {
            pack: &new.snapshot.pack,
            determinations: &new.determinations,
        },
    );
    let mut out = Facilities {
        file: name.clone(),
        diagnostics: String::new(),
        as_of,
        compared: 0,
        failed: 0,
        changed: Vec::new(),
    };
    let (mut buf_old, mut buf_new): (Option<Evaluation>, Option<Evaluation>) = (None, None);
    let json = format == Format::Json;
    let mut diagnostics_old = String::new();
    for piece in Pieces::new(file, &name, stream::Options::default()) {
        let piece = piece.map_err(|e| {
            stderr!("error: cannot read `{name}`: {e}");
            2u8
        })?;
        let before = eval_piece::process(&cx_old, &piece, &mut buf_old);
        let after = eval_piece::process(&cx_new, &piece, &mut buf_new);
        out.failed += after.failed.max(before.failed);
        let reports = |items: Vec<Item>, diagnostics: &mut String| -> Vec<Json> {
            items
                .into_iter()
                .filter_map(|item| match item {
                    Item::Facility(text, _) => serde_json::from_str(&text).ok(),
                    Item::Diagnostics(text) => {
                        // JSON: objects separated by commas, piece to piece too.
                        if json && !diagnostics.is_empty() && !text.is_empty() {
                            diagnostics.push(',');
                        }
                        diagnostics.push_str(&text);
                        None
                    }
                    Item::Row(_) => None,
                })
                .collect()
        };
        let mut ignored = String::new();
        let a = reports(before.items, &mut diagnostics_old);
        let b = reports(after.items, &mut ignored);
        if !ignored.is_empty() && diagnostics_old.is_empty() {
            diagnostics_old = ignored;
        }
        for (x, y) in a.iter().zip(&b) {
            out.compared += 1;
            let d = tiaoli_diff::compare(x, y, sides.0, sides.1);
            if !d.changes.is_empty() {
                out.changed.push(d);
            }
        }
    }
    out.diagnostics = diagnostics_old;
    Ok(out)
}

fn title(b: &Bilingual, lang: Lang) -> &str {
    match lang {
        Lang::Zh if !b.zh.is_empty() => &b.zh,
        _ => &b.en,
    }
}

fn side_label(s: &Snapshot) -> String {
    match &s.version {
        Some(v) => format!("{} {v}", s.pack),
        None => s.pack.clone(),
    }
}

fn percent(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn human(
    old: &Snapshot,
    new: &Snapshot,
    d: &PackDiff,
    facilities: Option<&Facilities>,
    lang: Lang,
) -> String {
    let mut out = format!("diff: {} → {}\n\n", side_label(old), side_label(new));
    let count = |f: &dyn Fn(&ArticleChange) -> bool| d.articles.iter().filter(|c| f(c)).count();
    out.push_str(&format!(
        "articles: {} → {}; {} the same, {} changed, {} moved, {} added, {} removed\n",
        old.articles.len(),
        new.articles.len(),
        d.same_articles,
        count(&|c| matches!(c, ArticleChange::Changed { .. })),
        count(&|c| matches!(c, ArticleChange::Moved { .. })),
        count(&|c| matches!(c, ArticleChange::Added { .. })),
        count(&|c| matches!(c, ArticleChange::Removed { .. })),
    ));
    for c in &d.articles {
        let line = match c {
            ArticleChange::Added { number, title: t } => {
                format!("  + art{number}  {}", title(t, lang))
            }
            ArticleChange::Removed { number, title: t } => {
                format!("  - art{number}  {}", title(t, lang))
            }
            ArticleChange::Changed {
                number,
                title: t,
                title_changed,
                text_changed,
                alike,
            } => {
                let what = match (title_changed, text_changed) {
                    (true, true) => format!("title and text changed ({} alike)", percent(*alike)),
                    (true, false) => "title changed".to_owned(),
                    _ => format!("text changed ({} alike)", percent(*alike)),
                };
                format!("  ~ art{number}  {}: {what}", title(t, lang))
            }
            ArticleChange::Moved {
                from,
                to,
                title: t,
                alike,
            } => {
                let how = if *alike >= 1.0 {
                    "moved, text the same".to_owned()
                } else {
                    format!("moved ({} alike)", percent(*alike))
                };
                format!("  → art{from} → art{to}  {}: {how}", title(t, lang))
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    let rc = |f: &dyn Fn(&RuleChange) -> bool| d.rules.iter().filter(|c| f(c)).count();
    out.push_str(&format!(
        "\nrules: {} → {}; {} the same, {} changed, {} added, {} removed\n",
        old.rules.len(),
        new.rules.len(),
        d.same_rules,
        rc(&|c| matches!(c, RuleChange::Changed { .. })),
        rc(&|c| matches!(c, RuleChange::Added { .. })),
        rc(&|c| matches!(c, RuleChange::Removed { .. })),
    ));
    let art = |a: &Option<u32>| a.map(|n| format!(" (art{n})")).unwrap_or_default();
    for c in &d.rules {
        let line = match c {
            RuleChange::Added {
                name,
                kind,
                article,
            } => format!("  + {kind} {name}{}", art(article)),
            RuleChange::Removed {
                name,
                kind,
                article,
            } => {
                format!("  - {kind} {name}{}", art(article))
            }
            RuleChange::Changed {
                name,
                kind,
                article,
                body_changed,
            } => {
                let mut what = Vec::new();
                if *body_changed {
                    what.push("changed".to_owned());
                }
                if article.0 != article.1 {
                    what.push(format!(
                        "moved from{} to{}",
                        art(&article.0),
                        art(&article.1)
                    ));
                }
                format!("  ~ {kind} {name}: {}", what.join(", "))
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    if let Some(f) = facilities {
        out.push_str(&format!(
            "\nfacilities ({}, as of {}): {} compared, {} with changed outcomes{}\n",
            f.file,
            f.as_of,
            f.compared,
            f.changed.len(),
            if f.failed > 0 {
                format!(", {} records not evaluated", f.failed)
            } else {
                String::new()
            }
        ));
        for fd in &f.changed {
            let name = fd
                .name
                .as_deref()
                .map(|n| format!(" {n}"))
                .unwrap_or_default();
            out.push_str(&format!("  {}{name}\n", fd.id));
            for c in &fd.changes {
                let what = match c.what {
                    tiaoli_diff::What::Determination => "",
                    tiaoli_diff::What::Duty => "duty ",
                    tiaoli_diff::What::Penalty => "penalty ",
                };
                let state = |s: &Option<String>| s.clone().unwrap_or_else(|| "—".to_owned());
                out.push_str(&format!(
                    "    {what}{}: {} → {}\n",
                    c.rule,
                    state(&c.old),
                    state(&c.new)
                ));
            }
        }
    }
    out
}

fn bilingual(b: &Bilingual) -> Json {
    json!({ "zh": b.zh, "en": b.en })
}

fn to_json(old: &Snapshot, new: &Snapshot, d: &PackDiff, facilities: Option<&Facilities>) -> Json {
    let articles: Vec<Json> = d
        .articles
        .iter()
        .map(|c| match c {
            ArticleChange::Added { number, title } => {
                json!({ "change": "added", "article": number, "title": bilingual(title) })
            }
            ArticleChange::Removed { number, title } => {
                json!({ "change": "removed", "article": number, "title": bilingual(title) })
            }
            ArticleChange::Changed {
                number,
                title,
                title_changed,
                text_changed,
                alike,
            } => json!({
                "change": "changed", "article": number, "title": bilingual(title),
                "title_changed": title_changed, "text_changed": text_changed,
                "alike": (alike * 1000.0).round() / 1000.0,
            }),
            ArticleChange::Moved {
                from,
                to,
                title,
                alike,
            } => json!({
                "change": "moved", "from": from, "to": to, "title": bilingual(title),
                "alike": (alike * 1000.0).round() / 1000.0,
            }),
        })
        .collect();
    let rules: Vec<Json> = d
        .rules
        .iter()
        .map(|c| match c {
            RuleChange::Added {
                name,
                kind,
                article,
            } => {
                json!({ "change": "added", "rule": name, "kind": kind, "article": article })
            }
            RuleChange::Removed {
                name,
                kind,
                article,
            } => {
                json!({ "change": "removed", "rule": name, "kind": kind, "article": article })
            }
            RuleChange::Changed {
                name,
                kind,
                article,
                body_changed,
            } => json!({
                "change": "changed", "rule": name, "kind": kind,
                "article": { "old": article.0, "new": article.1 },
                "body_changed": body_changed,
            }),
        })
        .collect();
    let side = |s: &Snapshot| json!({ "pack": s.pack, "version": s.version, "articles": s.articles.len(), "rules": s.rules.len() });
    let mut doc = json!({
        "old": side(old),
        "new": side(new),
        "same": { "articles": d.same_articles, "rules": d.same_rules },
        "articles": articles,
        "rules": rules,
    });
    if let Some(f) = facilities {
        let changed: Vec<Json> = f
            .changed
            .iter()
            .map(|fd| {
                let changes: Vec<Json> = fd
                    .changes
                    .iter()
                    .map(|c| {
                        let what = match c.what {
                            tiaoli_diff::What::Determination => "determination",
                            tiaoli_diff::What::Duty => "duty",
                            tiaoli_diff::What::Penalty => "penalty",
                        };
                        json!({ "what": what, "rule": c.rule, "old": c.old, "new": c.new })
                    })
                    .collect();
                json!({ "id": fd.id, "name": fd.name, "changes": changes })
            })
            .collect();
        let diagnostics: Json =
            serde_json::from_str(&format!("[{}]", f.diagnostics)).unwrap_or_else(|_| json!([]));
        doc["facilities"] = json!({
            "file": f.file,
            "diagnostics": diagnostics,
            "as_of": f.as_of.to_string(),
            "compared": f.compared,
            "not_evaluated": f.failed,
            "changed": changed,
        });
    }
    doc
}
