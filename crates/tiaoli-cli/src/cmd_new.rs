//! `tiaoli new sector-pack NAME`: scaffolds a sector pack that checks and
//! tests clean as it is — a manifest, identification rules implementing the
//! regulation's art. 9 extension point with its three factors, tests on
//! both sides of the decision, and a README for its authors. The files are
//! templates (`templates/sector-pack/`) with `{{…}}` placeholders.

use std::path::{Component, Path, PathBuf};

use tiaoli_pack::PackKind;
use tiaoli_text::Sources;

use crate::output::emit;

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    #[command(subcommand)]
    what: NewWhat,
}

#[derive(Debug, clap::Subcommand)]
enum NewWhat {
    /// Scaffold a sector pack: identification rules for one sector,
    /// implementing the regulation's art. 9 extension point, with tests and
    /// a README for its authors. It checks and tests clean as created.
    ///
    /// The pack depends on the regulation by a relative path. Refused, with
    /// exit status 2: a folder that exists and is not empty, a NAME that is
    /// not a valid pack name, a sector the regulation does not name.
    #[command(
        after_help = "Examples:\n  tiaoli new sector-pack water --dir policies/sectors/water\n                    a pack for the `water` sector (NAME is the sector)\n  tiaoli new sector-pack grid-rules --sector energy\n                    ./grid-rules, for the `energy` sector\n  tiaoli new sector-pack finance --regulation ../policies/decree-745\n                    the regulation pack given explicitly"
    )]
    SectorPack(SectorPackArgs),
}

#[derive(Debug, clap::Args)]
struct SectorPackArgs {
    /// The pack's name: lowercase letters, digits and `-`, starting with a
    /// letter
    name: String,
    /// The folder to create [default: ./NAME]
    #[arg(long)]
    dir: Option<PathBuf>,
    /// The sector: a variant of the regulation's `Sector` enum, such as
    /// `water` or `e_government` [default: NAME, with `-` read as `_`]
    #[arg(long)]
    sector: Option<String>,
    /// The regulation pack's folder [default: `decree-745` or
    /// `policies/decree-745` in the new folder's parent or above, or in the
    /// current folder or above]
    #[arg(long)]
    regulation: Option<PathBuf>,
}

const TEMPLATES: [(&str, &str); 4] = [
    (
        "tiaoli.toml",
        include_str!("../templates/sector-pack/tiaoli.toml"),
    ),
    (
        "identification.tiaoli",
        include_str!("../templates/sector-pack/identification.tiaoli"),
    ),
    (
        "tests.tiaoli",
        include_str!("../templates/sector-pack/tests.tiaoli"),
    ),
    (
        "README.md",
        include_str!("../templates/sector-pack/README.md"),
    ),
];

pub fn run(args: &NewArgs) -> u8 {
    let NewWhat::SectorPack(args) = &args.what;
    match sector_pack(args) {
        Ok(dir) => {
            emit(&format!(
                "created sector pack `{}` in {1}\n  next: fill in what its README lists, then `tiaoli check {1} --deny-warnings` and `tiaoli test {1}`\n",
                args.name,
                dir.display()
            ));
            0
        }
        Err(msg) => {
            stderr!("error: {msg}");
            2
        }
    }
}

/// What the templates' placeholders are replaced with.
struct Values {
    name: String,
    sector: String,
    regulation: String,
    regulation_ident: String,
    regulation_path: String,
    version_req: String,
    effective: String,
    dir: String,
}

fn fill(template: &str, v: &Values) -> String {
    template
        .replace("{{name}}", &v.name)
        .replace("{{sector}}", &v.sector)
        .replace("{{regulation}}", &v.regulation)
        .replace("{{regulation_ident}}", &v.regulation_ident)
        .replace("{{regulation_path}}", &v.regulation_path)
        .replace("{{version_req}}", &v.version_req)
        .replace("{{effective}}", &v.effective)
        .replace("{{dir}}", &v.dir)
}

fn sector_pack(args: &SectorPackArgs) -> Result<PathBuf, String> {
    check_name(&args.name)?;
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(&args.name));
    if dir.is_file() {
        return Err(format!("{} is a file, not a folder", dir.display()));
    }
    if let Ok(mut entries) = std::fs::read_dir(&dir)
        && entries.next().is_some()
    {
        return Err(format!(
            "{} exists and is not empty: give a new folder with --dir",
            dir.display()
        ));
    }
    let full_dir = absolute(&dir)?;
    let regulation = match &args.regulation {
        Some(r) => r.clone(),
        None => find_regulation(&full_dir)?,
    };
    let regulation = std::fs::canonicalize(&regulation).map_err(|e| {
        format!(
            "cannot read the regulation pack {}: {e}",
            regulation.display()
        )
    })?;
    let manifest_path = regulation.join("tiaoli.toml");
    let text = std::fs::read_to_string(&manifest_path).map_err(|e| {
        format!(
            "{} is not a pack folder (no readable tiaoli.toml: {e}); give the regulation pack with --regulation",
            regulation.display()
        )
    })?;
    let mut sources = Sources::default();
    let file = sources.add(manifest_path.display().to_string(), text);
    let manifest = tiaoli_pack::parse_manifest(sources.text(file), file).map_err(|_| {
        format!(
            "{} does not parse: `tiaoli check` shows why",
            manifest_path.display()
        )
    })?;
    if manifest.kind != PackKind::Regulation {
        return Err(format!(
            "{} is a {} pack, not a regulation: give the regulation pack with --regulation",
            regulation.display(),
            manifest.kind.as_str()
        ));
    }
    let sectors = sectors(&regulation, &manifest.name)?;
    let sector = match &args.sector {
        Some(s) => {
            let s = s.trim_start_matches('.');
            if !sectors.iter().any(|v| v == s) {
                return Err(unknown_sector(s, &sectors, &manifest.name));
            }
            s.to_owned()
        }
        None => {
            let s = args.name.replace('-', "_");
            if !sectors.contains(&s) {
                return Err(format!(
                    "`{}` is not a sector of {}: name one with --sector ({})",
                    args.name,
                    manifest.name,
                    sectors.join(", ")
                ));
            }
            s
        }
    };
    let v = Values {
        name: args.name.clone(),
        sector,
        regulation: manifest.name.clone(),
        regulation_ident: manifest.ident(),
        regulation_path: relative(&full_dir, &regulation),
        version_req: format!("^{}.{}", manifest.version.major, manifest.version.minor),
        effective: manifest.effective.to_string(),
        dir: dir.display().to_string(),
    };
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for (name, template) in TEMPLATES {
        let path = dir.join(name);
        std::fs::write(&path, fill(template, &v))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(dir)
}

/// The name as a manifest's `pack.name` would be checked, with its help.
fn check_name(name: &str) -> Result<(), String> {
    let manifest = format!(
        "[pack]\nname = {}\nversion = \"0.1.0\"\nkind = \"sector\"\neffective = \"2021-09-01\"\n",
        toml_string(name)
    );
    let mut sources = Sources::default();
    let file = sources.add("tiaoli.toml".to_owned(), manifest);
    // Only the name's problem counts: the rest of this manifest is a probe.
    let Err(diagnostics) = tiaoli_pack::parse_manifest(sources.text(file), file) else {
        return Ok(());
    };
    let Some(d) = diagnostics
        .iter()
        .find(|d| d.code == tiaoli_diagnostics::Code::M003 && d.message.contains("pack name"))
    else {
        return Ok(());
    };
    let label = d.labels.first().map(|l| format!(": {}", l.message));
    let help = d.help.as_deref().map(|h| format!("\n  help: {h}"));
    Err(format!(
        "{}{}{}",
        d.message,
        label.unwrap_or_default(),
        help.unwrap_or_default()
    ))
}

/// `s` as a TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn unknown_sector(s: &str, sectors: &[String], regulation: &str) -> String {
    let limit = (s.chars().count() / 3).max(1);
    let near = sectors
        .iter()
        .map(|v| (strsim::osa_distance(s, v), v))
        .filter(|(d, v)| *d <= limit || v.starts_with(s) && s.len() >= 3)
        .min();
    let hint = near.map_or(String::new(), |(_, v)| format!("; did you mean `{v}`?"));
    format!(
        "`{s}` is not a sector of {regulation}{hint}\n  help: the sectors are {}",
        sectors.join(", ")
    )
}

/// The variants of the regulation's `Sector` enum.
fn sectors(regulation: &Path, name: &str) -> Result<Vec<String>, String> {
    let ws = tiaoli_workspace::load(&tiaoli_workspace::Disk, &[regulation.to_path_buf()])
        .map_err(|e| format!("cannot read the regulation pack: {e}"))?;
    let checked = ws.check();
    let model = &checked.model;
    let index = ws
        .manifests
        .iter()
        .position(|m| m.as_ref().is_some_and(|m| m.name == name));
    let members = index
        .and_then(|i| model.packs.get(i))
        .and_then(|p| p.types.get("Sector"))
        .and_then(|id| model.members(*id));
    match members {
        Some(m) if !m.is_empty() => Ok(m.keys().cloned().collect()),
        _ => Err(format!(
            "{name} declares no `Sector` enum: it has no sectors to write identification rules for"
        )),
    }
}

/// `path` made absolute, through the nearest folder of it that exists
/// (so that `..` and links resolve as the file system does).
fn absolute(path: &Path) -> Result<PathBuf, String> {
    let cwd = std::env::current_dir().map_err(|e| format!("no current folder: {e}"))?;
    let full = cwd.join(path);
    let mut existing = full.as_path();
    let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
    loop {
        if let Ok(c) = std::fs::canonicalize(existing) {
            let mut out = c;
            for part in rest.iter().rev() {
                if *part == ".." {
                    out.pop();
                } else if *part != "." {
                    out.push(part);
                }
            }
            return Ok(out);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = parent;
            }
            _ => return Ok(full),
        }
    }
}

/// Looks for the regulation pack from the new pack's parent upwards, then
/// from the current folder upwards.
fn find_regulation(dir: &Path) -> Result<PathBuf, String> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let starts = [dir.parent().map(Path::to_path_buf), Some(cwd)];
    for start in starts.iter().flatten() {
        for folder in start.ancestors() {
            for candidate in [
                folder.join("decree-745"),
                folder.join("policies").join("decree-745"),
            ] {
                if candidate.join("tiaoli.toml").is_file() {
                    return Ok(candidate);
                }
            }
        }
    }
    Err(
        "no regulation pack (decree-745) found above the new folder or the current one: give it with --regulation"
            .to_owned(),
    )
}

/// `to` relative to `from` (both absolute), with `/` separators.
fn relative(from: &Path, to: &Path) -> String {
    let a: Vec<Component> = from.components().collect();
    let b: Vec<Component> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); a.len() - common];
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}
