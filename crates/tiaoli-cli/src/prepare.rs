//! Load, check and compile packs: the common first step of `eval` and
//! `explain` (`test` checks and compiles through the database:
//! `tiaoli_ide::pack_tests`).

use std::path::{Path, PathBuf};

use tiaoli_diagnostics::Diagnostic;
use tiaoli_eval::Program;

use tiaoli_workspace::{BUNDLED_ROOT, Bundled, Disk, Host, Workspace};

use crate::{Color, Format, output};

pub struct Prepared {
    pub ws: Workspace,
    pub program: Program,
}

/// Where the packs come from: `--pack` folders on disk; else the
/// configuration's `packs`; else `./policies` when there is one (as `check`
/// and `test` take it: review B10, where an edited ./policies was checked
/// but the bundled copy evaluated); else the bundle. The default folders
/// leave out drafts (`status = "draft"`, such as policies/draft-2017): the
/// law as evaluated by default is what came into force; a draft is
/// evaluated when named with `--pack`.
pub fn source(packs: &[PathBuf]) -> (&'static dyn Host, Vec<PathBuf>) {
    if !packs.is_empty() {
        return (&Disk, packs.to_vec());
    }
    if let Some(configured) = crate::config::packs() {
        return (&Disk, configured);
    }
    let local = PathBuf::from(LOCAL);
    if local.is_dir() {
        return (&Disk, without_drafts(&Disk, local));
    }
    (
        &Bundled,
        without_drafts(&Bundled, PathBuf::from(BUNDLED_ROOT)),
    )
}

/// The folder of packs a project keeps beside its facility files.
const LOCAL: &str = "policies";

/// Where [`source`] takes the packs from, as the eval header says it:
/// `bundled in tiaoli 0.1.0`, `from PATH, PATH`, or the configuration's.
pub fn origin(packs: &[PathBuf]) -> String {
    let zh = crate::lang::get() == tiaoli_diagnostics::Lang::Zh;
    let configured = packs.is_empty().then(crate::config::packs).flatten();
    if packs.is_empty() && configured.is_none() && Path::new(LOCAL).is_dir() {
        return if zh {
            format!("来自 {LOCAL}（当前文件夹）")
        } else {
            format!("from ./{LOCAL}")
        };
    }
    let from = |paths: &[PathBuf], configured: bool| {
        let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        match (zh, configured) {
            (false, false) => format!("from {}", paths.join(", ")),
            (false, true) => format!("from {} (the configuration's packs)", paths.join(", ")),
            (true, false) => format!("来自 {}", paths.join("、")),
            (true, true) => format!("来自 {}（配置文件指定）", paths.join("、")),
        }
    };
    match configured {
        Some(paths) => from(&paths, true),
        None if packs.is_empty() && zh => format!("内置于 tiaoli {}", env!("CARGO_PKG_VERSION")),
        None if packs.is_empty() => format!("bundled in tiaoli {}", env!("CARGO_PKG_VERSION")),
        None => from(packs, false),
    }
}

/// The bundled pack folders, drafts left out; the bundle's root when they
/// cannot be listed (loading then reports why).
fn without_drafts(host: &dyn Host, root: PathBuf) -> Vec<PathBuf> {
    let Ok(packs) = tiaoli_workspace::pack_files::packs_under(host, &root) else {
        return vec![root];
    };
    let is_draft = |dir: &PathBuf| {
        host.read(&dir.join(tiaoli_workspace::pack_files::MANIFEST))
            .ok()
            .and_then(|text| tiaoli_pack::parse_manifest(&text, tiaoli_text::FileId(0)).ok())
            .is_some_and(|m| m.status == tiaoli_pack::PackStatus::Draft)
    };
    if !packs.iter().any(is_draft) {
        return vec![root];
    }
    packs.into_iter().filter(|p| !is_draft(p)).collect()
}

// The errors were just printed: say what follows from them (review B14:
// "`tiaoli check` shows them" after showing them).
const PACK_ERRORS: &str = "error: the rule packs have the errors above; nothing was evaluated";
const PACK_ERRORS_ZH: &str = "错误：规则包有上述错误；未进行任何评估";

fn cannot_evaluate(e: &dyn std::fmt::Display) {
    match crate::lang::get() {
        tiaoli_diagnostics::Lang::En => stderr!("error: cannot evaluate these packs: {e}"),
        tiaoli_diagnostics::Lang::Zh => stderr!("错误：无法评估这些规则包：{e}"),
    }
}

/// Loads and compiles; on errors in the packs prints them and returns the
/// exit status to use.
pub fn prepare(host: &dyn Host, paths: &[PathBuf], format: Format) -> Result<Prepared, u8> {
    prepare_or(host, paths, &mut |errors, ws| {
        output::print(errors, &ws.sources, format, Color::Auto);
    })
}

/// [`prepare`], with the packs' errors given to `report` (which prints them
/// in the shape of the command's output).
pub fn prepare_or(
    host: &dyn Host,
    paths: &[PathBuf],
    report: &mut dyn FnMut(&[Diagnostic], &Workspace),
) -> Result<Prepared, u8> {
    let ws = load(host, paths)?;
    let checked = ws.check();
    let errors: Vec<Diagnostic> = ws.errors(&checked);
    if !errors.is_empty() {
        report(&errors, &ws);
        stderr!("{}", crate::lang::pick(PACK_ERRORS, PACK_ERRORS_ZH));
        return Err(1);
    }
    let program = {
        let sources = &ws.sources;
        tiaoli_eval::compile(&ws.packs, &checked.model, &|f| sources.text(f))
    };
    match program {
        Ok(mut program) => {
            tiaoli_ide::pack_tests::configure(&mut program, ws.manifests.iter().flatten());
            Ok(Prepared { ws, program })
        }
        Err(e) => {
            cannot_evaluate(&e);
            Err(1)
        }
    }
}

/// Loads the packs under `paths`; an I/O problem is printed and gives exit
/// status 2.
pub fn load(host: &dyn Host, paths: &[PathBuf]) -> Result<Workspace, u8> {
    tiaoli_workspace::load(host, paths).map_err(|msg| {
        stderr!("error: {msg}");
        2
    })
}

/// The paths given, or the configuration's `packs`, or ./policies.
pub fn default_paths(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        crate::config::packs().unwrap_or_else(|| vec![PathBuf::from("policies")])
    } else {
        paths.to_vec()
    }
}

/// `--as-of` or today's date in China (UTC+8): evaluation itself never
/// reads the clock; only this default does, and it is always printed.
pub fn as_of(arg: Option<&str>) -> Result<jiff::civil::Date, String> {
    match arg {
        Some(s) => s.parse::<jiff::civil::Date>().map_err(|e| {
            // Why, in words, for a well-formed day that does not exist.
            let why = tiaoli_diagnostics::no_such_date(s.trim());
            match (crate::lang::get(), why) {
                (tiaoli_diagnostics::Lang::En, Some(why)) => {
                    format!("`--as-of {s}` is not a date: {}", why.en())
                }
                (tiaoli_diagnostics::Lang::Zh, Some(why)) => {
                    format!("`--as-of {s}` 不是有效日期：{}", why.zh())
                }
                (tiaoli_diagnostics::Lang::En, None) => {
                    format!("`--as-of {s}` is not a date (YYYY-MM-DD): {e}")
                }
                (tiaoli_diagnostics::Lang::Zh, None) => {
                    format!("`--as-of {s}` 不是日期，日期写作 YYYY-MM-DD")
                }
            }
        }),
        None => {
            // The configuration's `as_of_zone`, else China's UTC+8.
            let minutes = crate::config::get()
                .and_then(|f| f.config.as_of_zone)
                .unwrap_or(8 * 60);
            let zone = jiff::tz::Offset::from_seconds(minutes * 60).unwrap_or(jiff::tz::offset(8));
            let china = jiff::tz::TimeZone::fixed(zone);
            Ok(jiff::Timestamp::now().to_zoned(china).date())
        }
    }
}

/// A loaded pack as the report's header names it.
pub struct PackEntry {
    pub name: String,
    pub version: String,
    pub kind: &'static str,
    /// `model = true`: a model rule set, not the issuer's official rules.
    pub model: bool,
    /// The manifest's `status`: `issued`, or `draft` (never in force).
    pub status: &'static str,
    /// The manifest's `citation`: `articles` or `parts`.
    pub citation: &'static str,
}

/// Every loaded pack that has a manifest.
pub fn pack_list(ws: &Workspace) -> Vec<PackEntry> {
    ws.manifests
        .iter()
        .flatten()
        .map(|m| PackEntry {
            name: m.name.clone(),
            version: m.version.to_string(),
            kind: m.kind.as_str(),
            model: m.model,
            status: m.status.as_str(),
            citation: m.citation.as_str(),
        })
        .collect()
}

/// What running pack tests needs: the database over the packs under
/// `paths` (discovered from the disk), their program, check and sources.
pub struct ForTests {
    pub db: tiaoli_db::Database,
    pub program: Program,
    pub checked: std::sync::Arc<tiaoli_check::Checked>,
    pub sources: std::sync::Arc<tiaoli_text::Sources>,
}

/// Discovers the packs and checks and compiles them through the database,
/// as `tiaoli test` and `tiaoli coverage` do (and the test lens): errors in
/// the packs are printed and give exit status 1, I/O problems 2.
pub fn for_tests(paths: &[PathBuf]) -> Result<ForTests, u8> {
    let layout = crate::pack_paths::refuse_other_files(paths)
        .and_then(|()| tiaoli_workspace::discover(&Disk, paths))
        .map_err(|msg| {
            stderr!("error: {msg}");
            2u8
        })?;
    if crate::pack_paths::none_found(&layout, paths) {
        return Err(crate::pack_paths::NO_PACK);
    }
    let db = tiaoli_db::Database::from_layout(layout);
    // Nothing edits this database: a read cannot be cancelled.
    let (Ok(program), Ok(checked), Ok(sources)) = (
        tiaoli_ide::pack_tests::program(&db),
        db.checked(),
        db.sources(),
    ) else {
        return Err(cancelled());
    };
    let program = match program {
        Ok(p) => p,
        Err(tiaoli_ide::pack_tests::NotRunnable::Errors(errors)) => {
            output::print(&errors, &sources, Format::Human, Color::Auto);
            stderr!("{}", crate::lang::pick(PACK_ERRORS, PACK_ERRORS_ZH));
            return Err(1);
        }
        Err(tiaoli_ide::pack_tests::NotRunnable::Compile(e)) => {
            cannot_evaluate(&e);
            return Err(1);
        }
    };
    Ok(ForTests {
        db,
        program,
        checked,
        sources,
    })
}

/// A read of a database nothing edits was cancelled (it cannot be): said,
/// and exit status 2.
pub fn cancelled() -> u8 {
    stderr!(
        "{}",
        crate::lang::pick("error: the check was cancelled", "错误：检查已被取消")
    );
    2
}
