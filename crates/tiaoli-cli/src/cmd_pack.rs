//! `tiaoli pack`: publishing a pack. `build` writes its reproducible archive,
//! digests and filing summary; `keygen`, `sign` and `verify` make and check
//! signatures; `unpack` opens a published archive safely.
//!
//! The formats (archive, key files, signature file, trust file) are
//! `tiaoli_publish`'s; which files make the pack is
//! `tiaoli_workspace::pack_files`'s; this file only runs them.
//!
//! Exit status: 0 done, 1 the pack or archive is refused (errors in the
//! pack, a signature that does not hold or is not trusted, a hostile
//! archive), 2 usage or I/O problems.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::json;
use tiaoli_check::SymbolKind;
use tiaoli_diagnostics::Code;
use tiaoli_pack::Manifest;
use tiaoli_publish::signature::Identity;
use tiaoli_publish::{
    Algorithm, Digests, Entry, KeyPair, Limits, SIGNATURE_FILE, Signature, Trust,
};
use tiaoli_workspace::Disk;

use crate::output::emit;
use crate::{Color, Format};

#[derive(Debug, clap::Subcommand)]
pub enum PackCommand {
    /// Write the pack's archive (NAME-VERSION.tar: the same bytes for the
    /// same files on any machine), its SHA-256 and SM3 digests (.sha256,
    /// .sm3) and its filing summary (.filing.txt, .filing.json).
    Build {
        /// The pack folder (with tiaoli.toml).
        dir: PathBuf,
        /// Where to write [default: ./dist]
        #[arg(long, default_value = "dist")]
        out: PathBuf,
    },
    /// Make a key pair: PREFIX.key (secret: keep it private) and PREFIX.pub.
    Keygen {
        /// `ed25519`, or `sm2` (SM2 signatures over SM3).
        #[arg(long, value_enum, default_value_t = AlgorithmArg::Sm2)]
        algorithm: AlgorithmArg,
        /// The files' path without extension.
        #[arg(long)]
        out: PathBuf,
    },
    /// Sign a pack folder (writes DIR/tiaoli.sig) or an archive built by
    /// `pack build` (writes ARCHIVE.sig).
    Sign {
        path: PathBuf,
        /// The secret key file (`tiaoli pack keygen`).
        #[arg(long)]
        key: PathBuf,
    },
    /// Check a signed pack folder or archive: its files are the ones signed,
    /// the signature holds, and (with --trust) its key is trusted for the
    /// pack's issuer. An archive is also checked for hostile entries.
    Verify {
        path: PathBuf,
        /// The trust file: keys trusted per issuer.
        #[arg(long)]
        trust: Option<PathBuf>,
        /// The signature file [default: DIR/tiaoli.sig, or ARCHIVE.sig]
        #[arg(long)]
        signature: Option<PathBuf>,
    },
    /// Open an archive into OUT/NAME-VERSION/ after checking it (hostile
    /// entries, and its signature ARCHIVE.sig when there is one, which is
    /// kept as tiaoli.sig).
    Unpack {
        archive: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// The trust file: keys trusted per issuer.
        #[arg(long)]
        trust: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AlgorithmArg {
    Ed25519,
    Sm2,
}

pub fn run(cmd: &PackCommand) -> u8 {
    let result = match cmd {
        PackCommand::Build { dir, out } => build(dir, out),
        PackCommand::Keygen { algorithm, out } => keygen(*algorithm, out),
        PackCommand::Sign { path, key } => sign(path, key),
        PackCommand::Verify {
            path,
            trust,
            signature,
        } => verify(path, trust.as_deref(), signature.as_deref()).map(|_| ()),
        PackCommand::Unpack {
            archive,
            out,
            trust,
        } => unpack(archive, out, trust.as_deref()),
    };
    match result {
        Ok(()) => 0,
        Err(Failure { status, message }) => {
            if !message.is_empty() {
                stderr!("error: {message}");
            }
            status
        }
    }
}

/// A refusal (1) or a usage or I/O problem (2), with its message.
struct Failure {
    status: u8,
    message: String,
}

fn refused(message: impl Into<String>) -> Failure {
    Failure {
        status: 1,
        message: message.into(),
    }
}

fn io(message: impl Into<String>) -> Failure {
    Failure {
        status: 2,
        message: message.into(),
    }
}

/// A pack folder loaded and checked: its manifest, its files, the checked
/// model (for the filing summary).
struct Loaded {
    manifest: Manifest,
    entries: Vec<Entry>,
    checked: tiaoli_check::Checked,
}

/// Loads the pack in `dir` (with what it depends on) and refuses it if it
/// has errors. M014 (a signature that no longer holds) is not an error
/// when `resigning`: signing again is its fix.
fn load_pack(dir: &Path, resigning: bool) -> Result<Loaded, Failure> {
    if !dir.join(tiaoli_workspace::pack_files::MANIFEST).is_file() {
        return Err(io(format!(
            "`{}` is not a pack folder (it has no `tiaoli.toml`)",
            dir.display()
        )));
    }
    let ws = tiaoli_workspace::load(&Disk, &[dir.to_path_buf()]).map_err(io)?;
    let checked = ws.check();
    let mut errors = ws.errors(&checked);
    if resigning {
        errors.retain(|d| d.code != Code::M014);
    }
    if !errors.is_empty() {
        crate::output::print(&errors, &ws.sources, Format::Human, Color::Auto);
        return Err(refused(
            "the pack has errors; fix them before publishing (`tiaoli check` shows them)",
        ));
    }
    let Some(Some(manifest)) = ws.manifests.first().cloned() else {
        return Err(io(format!("`{}` has no valid manifest", dir.display())));
    };
    let entries = tiaoli_workspace::pack_entries(&Disk, dir).map_err(io)?;
    Ok(Loaded {
        manifest,
        entries,
        checked,
    })
}

fn identity(m: &Manifest) -> Identity {
    Identity {
        name: m.name.clone(),
        version: m.version.to_string(),
        issuer_zh: m.issuer.zh.clone(),
        issuer_en: m.issuer.en.clone(),
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    fs::write(path, bytes).map_err(|e| io(format!("cannot write `{}`: {e}", path.display())))
}

fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    fs::read(path).map_err(|e| io(format!("cannot read `{}`: {e}", path.display())))
}

fn read_text(path: &Path) -> Result<String, Failure> {
    String::from_utf8(read(path)?)
        .map_err(|_| io(format!("`{}` is not UTF-8 text", path.display())))
}

fn build(dir: &Path, out: &Path) -> Result<(), Failure> {
    let loaded = load_pack(dir, false)?;
    let id = identity(&loaded.manifest);
    let top = tiaoli_publish::top_folder(&id.name, &id.version);
    let bytes = tiaoli_publish::archive::build(&top, &loaded.entries)
        .map_err(|e| refused(format!("cannot archive the pack: {e}")))?;
    let digests = Digests::of(&bytes);
    fs::create_dir_all(out).map_err(|e| io(format!("cannot create `{}`: {e}", out.display())))?;
    let name = tiaoli_publish::archive_name(&id.name, &id.version);
    let archive = out.join(&name);
    write(&archive, &bytes)?;
    write(
        &out.join(format!("{name}.sha256")),
        format!("{}  {name}\n", digests.sha256).as_bytes(),
    )?;
    write(
        &out.join(format!("{name}.sm3")),
        format!("{}  {name}\n", digests.sm3).as_bytes(),
    )?;
    let filing = filing(&loaded, &name, &digests);
    let mut json_text = serde_json::to_string_pretty(&filing).unwrap_or_default();
    json_text.push('\n');
    write(
        &out.join(format!("{top}.filing.json")),
        json_text.as_bytes(),
    )?;
    write(
        &out.join(format!("{top}.filing.txt")),
        filing_text(&filing).as_bytes(),
    )?;
    emit(&format!(
        "built {}\n  sha256 {}\n  sm3    {}\n  filing summary {}\n",
        archive.display(),
        digests.sha256,
        digests.sm3,
        out.join(format!("{top}.filing.txt")).display()
    ));
    Ok(())
}

/// The filing summary for the public security department's record (Decree
/// 745 art. 9: sector rules are filed with the MPS): the pack's identity,
/// its rules and the articles they cite, its files and the digests.
fn filing(loaded: &Loaded, archive: &str, digests: &Digests) -> serde_json::Value {
    let m = &loaded.manifest;
    let model = &loaded.checked.model;
    // The pack given is the first loaded; its dependencies come after.
    let rules: Vec<serde_json::Value> = model
        .symbols
        .iter()
        .filter(|s| s.pack == 0 && is_rule(s.kind))
        .map(|s| {
            json!({
                "name": s.name,
                "kind": s.kind.describe(),
                "article": s.article,
            })
        })
        .collect();
    let mut cited: Vec<u32> = model
        .symbols
        .iter()
        .filter(|s| s.pack == 0 && is_rule(s.kind))
        .filter_map(|s| s.article)
        .collect();
    cited.sort_unstable();
    cited.dedup();
    let deps: Vec<serde_json::Value> = m
        .dependencies
        .iter()
        .map(|d| json!({"name": d.name, "version": d.req.to_string()}))
        .collect();
    let files: Vec<serde_json::Value> = loaded
        .entries
        .iter()
        .map(|e| {
            json!({
                "path": e.path,
                "bytes": e.bytes.len(),
                "sha256": tiaoli_publish::digest::sha256_hex(&e.bytes),
            })
        })
        .collect();
    json!({
        "filing": "tiaoli pack filing summary (Decree 745 art. 9)",
        "pack": m.name,
        "version": m.version.to_string(),
        "kind": m.kind.as_str(),
        "model": m.model,
        "title": {"zh": m.title.zh, "en": m.title.en},
        "issuer": {"zh": m.issuer.zh, "en": m.issuer.en},
        "effective": m.effective.to_string(),
        "expires": m.expires.map(|d| d.to_string()),
        "dependencies": deps,
        "rules": rules,
        "articles_cited": cited,
        "files": files,
        "archive": {"name": archive, "sha256": digests.sha256, "sm3": digests.sm3},
    })
}

/// The declarations the summary lists as rules.
fn is_rule(kind: SymbolKind) -> bool {
    matches!(
        kind,
        SymbolKind::Define
            | SymbolKind::Determination
            | SymbolKind::Obligation
            | SymbolKind::Prohibition
            | SymbolKind::Penalty
            | SymbolKind::Exception
            | SymbolKind::Implementation
    )
}

/// The human filing summary, from the JSON one (so the two cannot differ).
fn filing_text(f: &serde_json::Value) -> String {
    let s = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    let mut out = String::new();
    out.push_str("Filing summary · 备案摘要 (Decree 745 art. 9 · 《关键信息基础设施安全保护条例》第九条)\n\n");
    out.push_str(&format!(
        "pack 规则包    {} {}\n",
        s(&f["pack"]),
        s(&f["version"])
    ));
    out.push_str(&format!(
        "title 名称     {} / {}\n",
        s(&f["title"]["zh"]),
        s(&f["title"]["en"])
    ));
    out.push_str(&format!(
        "issuer 发布机关 {} / {}\n",
        s(&f["issuer"]["zh"]),
        s(&f["issuer"]["en"])
    ));
    out.push_str(&format!("kind 类型      {}", s(&f["kind"])));
    if f["model"].as_bool() == Some(true) {
        out.push_str(
            " (a model rule set, not the issuer's official rules · 示范规则集，非主管部门正式规则)",
        );
    }
    out.push('\n');
    out.push_str(&format!("effective 施行 {}\n", s(&f["effective"])));
    for d in f["dependencies"].as_array().into_iter().flatten() {
        out.push_str(&format!(
            "depends on 依赖 {} {}\n",
            s(&d["name"]),
            s(&d["version"])
        ));
    }
    let rules = f["rules"].as_array().cloned().unwrap_or_default();
    out.push_str(&format!("\nrules 规则 ({})\n", rules.len()));
    for r in &rules {
        let art = r["article"]
            .as_u64()
            .map_or_else(String::new, |a| format!("  art. {a}"));
        out.push_str(&format!("  {} {}{art}\n", s(&r["kind"]), s(&r["name"])));
    }
    let cited: Vec<String> = f["articles_cited"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_u64)
        .map(|a| a.to_string())
        .collect();
    out.push_str(&format!(
        "\narticles cited 引用条款: {}\n",
        if cited.is_empty() {
            "none".to_owned()
        } else {
            cited.join(", ")
        }
    ));
    out.push_str("\nfiles 文件\n");
    for file in f["files"].as_array().into_iter().flatten() {
        out.push_str(&format!("  {}  {}\n", s(&file["sha256"]), s(&file["path"])));
    }
    out.push_str(&format!(
        "\narchive 归档 {}\n  SHA-256 {}\n  SM3     {}\n",
        s(&f["archive"]["name"]),
        s(&f["archive"]["sha256"]),
        s(&f["archive"]["sm3"])
    ));
    out
}

fn keygen(algorithm: AlgorithmArg, out: &Path) -> Result<(), Failure> {
    let algorithm = match algorithm {
        AlgorithmArg::Ed25519 => Algorithm::Ed25519,
        AlgorithmArg::Sm2 => Algorithm::Sm2,
    };
    let secret = out.with_extension("key");
    let public = out.with_extension("pub");
    for p in [&secret, &public] {
        if p.exists() {
            return Err(io(format!(
                "`{}` exists; keygen does not overwrite keys",
                p.display()
            )));
        }
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)
            .map_err(|e| io(format!("cannot create `{}`: {e}", parent.display())))?;
    }
    let pair = KeyPair::generate(algorithm).map_err(io)?;
    write_secret(&secret, pair.secret_file_text().as_bytes())?;
    write(&public, pair.public_file_text().as_bytes())?;
    emit(&format!(
        "wrote {} (secret: keep it private) and {}\n  public key {}\n  fingerprint {}\n",
        secret.display(),
        public.display(),
        pair.public,
        pair.public.fingerprint()
    ));
    Ok(())
}

/// A secret key file: readable by its owner only (on Unix).
fn write_secret(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    use std::io::Write as _;
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options
        .open(path)
        .and_then(|mut f| f.write_all(bytes))
        .map_err(|e| io(format!("cannot write `{}`: {e}", path.display())))
}

fn is_archive(path: &Path) -> bool {
    path.is_file()
}

/// `ARCHIVE.sig`.
fn archive_signature(archive: &Path) -> PathBuf {
    let mut s = archive.as_os_str().to_owned();
    s.push(".sig");
    PathBuf::from(s)
}

fn sign(path: &Path, key: &Path) -> Result<(), Failure> {
    let pair = KeyPair::from_file_text(&read_text(key)?)
        .map_err(|e| io(format!("`{}`: {e}", key.display())))?;
    let (id, entries, sig_path) = if is_archive(path) {
        let (id, entries, _) = open_archive(path)?;
        (id, entries, archive_signature(path))
    } else {
        let loaded = load_pack(path, true)?;
        (
            identity(&loaded.manifest),
            loaded.entries,
            path.join(SIGNATURE_FILE),
        )
    };
    let sig = Signature::sign(id, &entries, &pair).map_err(refused)?;
    write(&sig_path, sig.render().as_bytes())?;
    emit(&format!(
        "signed {} {} with {} key {}\n  sha256 {}\n  sm3    {}\n  wrote {}\n",
        sig.identity.name,
        sig.identity.version,
        sig.key.algorithm,
        sig.key.fingerprint(),
        sig.digests.sha256,
        sig.digests.sm3,
        sig_path.display()
    ));
    Ok(())
}

/// Reads an archive, refusing hostile entries: its identity (from the
/// manifest inside), its entries, its bytes.
fn open_archive(path: &Path) -> Result<(Identity, Vec<Entry>, Vec<u8>), Failure> {
    let meta =
        fs::metadata(path).map_err(|e| io(format!("cannot read `{}`: {e}", path.display())))?;
    let limits = Limits::default();
    // An archive is its entries plus a header each and the end: past this
    // it cannot be one we accept, and it is not read.
    if meta.len() > limits.total_bytes.saturating_mul(2) {
        return Err(refused(format!(
            "`{}` is {} bytes, too large for a pack archive",
            path.display(),
            meta.len()
        )));
    }
    let bytes = read(path)?;
    let (top, entries) = tiaoli_publish::archive::unpack(&bytes, limits)
        .map_err(|e| refused(format!("`{}` is refused: {e}", path.display())))?;
    let manifest_text = entries
        .iter()
        .find(|e| e.path == tiaoli_workspace::pack_files::MANIFEST)
        .and_then(|e| std::str::from_utf8(&e.bytes).ok())
        .ok_or_else(|| {
            refused(format!(
                "`{}` is refused: it has no `{top}/tiaoli.toml`",
                path.display()
            ))
        })?;
    let mut sources = tiaoli_text::Sources::default();
    let file = sources.add(format!("{top}/tiaoli.toml"), manifest_text.to_owned());
    let manifest = tiaoli_pack::parse_manifest(manifest_text, file).map_err(|diags| {
        crate::output::print(&diags, &sources, Format::Human, Color::Auto);
        refused(format!(
            "`{}` is refused: its manifest is invalid",
            path.display()
        ))
    })?;
    let id = identity(&manifest);
    let expected = tiaoli_publish::top_folder(&id.name, &id.version);
    if top != expected {
        return Err(refused(format!(
            "`{}` is refused: its folder is `{top}/` but its manifest says {} {} (`{expected}/`)",
            path.display(),
            id.name,
            id.version
        )));
    }
    Ok((id, entries, bytes))
}

/// Checks a signed folder or archive; the signature that holds.
fn verify(
    path: &Path,
    trust: Option<&Path>,
    signature: Option<&Path>,
) -> Result<Signature, Failure> {
    let trust = trust.map(read_trust).transpose()?;
    let (id, entries, bytes, default_sig) = if is_archive(path) {
        let (id, entries, bytes) = open_archive(path)?;
        (id, entries, Some(bytes), archive_signature(path))
    } else {
        if !path.join(tiaoli_workspace::pack_files::MANIFEST).is_file() {
            return Err(io(format!(
                "`{}` is neither an archive nor a pack folder",
                path.display()
            )));
        }
        let entries = tiaoli_workspace::pack_entries(&Disk, path).map_err(io)?;
        let manifest = entries
            .iter()
            .find(|e| e.path == tiaoli_workspace::pack_files::MANIFEST)
            .and_then(|e| std::str::from_utf8(&e.bytes).ok())
            .and_then(|t| tiaoli_pack::parse_manifest(t, tiaoli_text::FileId(0)).ok())
            .ok_or_else(|| refused(format!("`{}` has no valid manifest", path.display())))?;
        (
            identity(&manifest),
            entries,
            None,
            path.join(SIGNATURE_FILE),
        )
    };
    let sig_path = signature.map_or(default_sig, Path::to_path_buf);
    if !sig_path.is_file() {
        return Err(refused(format!(
            "{} {} is not signed: there is no `{}`",
            id.name,
            id.version,
            sig_path.display()
        )));
    }
    let sig = Signature::parse(&read_text(&sig_path)?)
        .map_err(|e| refused(format!("`{}`: {e}", sig_path.display())))?;
    if sig.identity != id {
        return Err(refused(format!(
            "`{}` signs {} {} ({}), not this pack, {} {} ({})",
            sig_path.display(),
            sig.identity.name,
            sig.identity.version,
            sig.identity.issuer_zh,
            id.name,
            id.version,
            id.issuer_zh
        )));
    }
    let held = match &bytes {
        Some(b) => sig.verify_archive(b, &entries),
        None => sig.verify(&entries),
    };
    if let Err(why) = held {
        return Err(refused(format!(
            "{} {}: the signature does not hold: {why}",
            id.name, id.version
        )));
    }
    let trusted = match &trust {
        Some(t) => {
            t.check(&sig)
                .map_err(|e| refused(format!("{} {}: {e}", id.name, id.version)))?;
            "trusted for its issuer"
        }
        None => "not checked against a trust file (give --trust FILE)",
    };
    emit(&format!(
        "verified {} {}: the files are the ones signed\n  signed by {} key {} ({trusted})\n  sha256 {}\n  sm3    {}\n",
        id.name,
        id.version,
        sig.key.algorithm,
        sig.key.fingerprint(),
        sig.digests.sha256,
        sig.digests.sm3
    ));
    Ok(sig)
}

fn read_trust(path: &Path) -> Result<Trust, Failure> {
    Trust::parse(&read_text(path)?).map_err(|e| io(format!("`{}`: {e}", path.display())))
}

fn unpack(archive: &Path, out: &Path, trust: Option<&Path>) -> Result<(), Failure> {
    let (id, entries, _) = open_archive(archive)?;
    let sig_path = archive_signature(archive);
    let signed = sig_path.is_file() || trust.is_some();
    if signed {
        verify(archive, trust, None)?;
    }
    let dest = out.join(tiaoli_publish::top_folder(&id.name, &id.version));
    if dest.exists() {
        return Err(io(format!(
            "`{}` exists; unpack does not overwrite",
            dest.display()
        )));
    }
    for e in &entries {
        // Entries are plain relative paths (checked by `unpack`).
        let path = e.path.split('/').fold(dest.clone(), |p, part| p.join(part));
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|err| io(format!("cannot create `{}`: {err}", parent.display())))?;
        }
        write(&path, &e.bytes)?;
    }
    if sig_path.is_file() {
        write(&dest.join(SIGNATURE_FILE), &read(&sig_path)?)?;
    }
    emit(&format!(
        "unpacked {} {} into {}{}\n",
        id.name,
        id.version,
        dest.display(),
        if signed {
            " (signature kept as tiaoli.sig)"
        } else {
            " (unsigned)"
        }
    ));
    Ok(())
}

/// `eval --trust` / `--require-signed`: every pack loaded from disk is
/// signed by a trusted key (or, without --require-signed, every signed
/// pack is). The bundled packs are part of the binary and pass. Prints the
/// refusal; returns the exit status.
pub fn check_trust(
    ws: &tiaoli_workspace::Workspace,
    trust: Option<&Path>,
    require_signed: bool,
) -> Result<(), u8> {
    let trust = match trust.map(read_trust).transpose() {
        Ok(t) => t,
        Err(f) => {
            stderr!("error: {}", f.message);
            return Err(f.status);
        }
    };
    let mut refusals = Vec::new();
    for (manifest, sig) in ws.manifests.iter().zip(&ws.signatures) {
        let name = manifest.as_ref().map_or_else(
            || "a pack".to_owned(),
            |m| format!("`{}` {}", m.name, m.version),
        );
        match (sig, &trust) {
            (None, _) if require_signed => refusals.push(format!(
                "{name} is not signed (`--require-signed`): it has no `{SIGNATURE_FILE}`"
            )),
            (Some(sig), Some(t)) => {
                if let Err(e) = t.check(sig) {
                    refusals.push(format!("{name}: {e}"));
                }
            }
            _ => {}
        }
    }
    if refusals.is_empty() {
        return Ok(());
    }
    for r in &refusals {
        stderr!("error: {r}");
    }
    stderr!(
        "error: the packs are refused; `tiaoli pack verify DIR --trust FILE` shows each signature"
    );
    Err(1)
}
