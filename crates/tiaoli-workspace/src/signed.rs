//! Signed packs: a pack folder with a `tiaoli.sig` beside its `tiaoli.toml`
//! is checked as it is loaded, so that `check`, `eval`, `test`, `explain`
//! and the language server all refuse the same packs. The files read (the
//! pack's content, [`pack_files`](crate::pack_files)) must make the archive
//! the signature signed, byte for byte, and the signature must verify with
//! the key it names; otherwise M014, which says which files changed.
//!
//! The signature file is not pack content (it is neither the manifest nor a
//! `.tiaoli` file), so signing a pack does not change what is signed.

use std::path::{Path, PathBuf};

use tiaoli_diagnostics::{Code, Diagnostic, Msg, msg};
use tiaoli_pack::Manifest;
use tiaoli_publish::{Entry, SIGNATURE_FILE, Signature};
use tiaoli_text::FileId;

use crate::discover::{Layout, display};
use crate::host::{Contents, Host, IoError};

/// Where the signature of the pack in `dir` is kept.
pub fn signature_path(dir: &Path) -> PathBuf {
    dir.join(SIGNATURE_FILE)
}

/// The pack's content as archive entries: its files (by
/// [`pack_files`](crate::pack_files)), as paths under `dir` with `/`
/// between parts, and their bytes. A file that is not UTF-8 cannot be
/// published (tiaoli would not load it).
pub fn pack_entries(host: &dyn Host, dir: &Path) -> Result<Vec<Entry>, IoError> {
    crate::pack_files(host, dir)?
        .into_iter()
        .map(|path| {
            let bytes = match host.read_source(&path)? {
                Contents::Text(t) => t.into_bytes(),
                Contents::NotUtf8(_) => {
                    return Err(format!(
                        "`{}` is not UTF-8 text; save it as UTF-8 before publishing",
                        display(&path)
                    ));
                }
            };
            Ok(Entry {
                path: relative(dir, &path)?,
                bytes,
            })
        })
        .collect()
}

/// `path` under `dir`, `/`-separated.
pub(crate) fn relative(dir: &Path, path: &Path) -> Result<String, IoError> {
    let rel = path
        .strip_prefix(dir)
        .map_err(|_| format!("`{}` is not inside `{}`", path.display(), dir.display()))?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    parts
        .map(|p| p.join("/"))
        .ok_or_else(|| format!("`{}` has a name that is not UTF-8", path.display()))
}

/// Checks the signature of the pack in `dir`, if it has one, against the
/// files read (`contents`: each file's path and its source). Reports M014
/// into the layout when it does not hold; returns it when it does.
pub(crate) fn check(
    host: &dyn Host,
    dir: &Path,
    contents: &[(PathBuf, FileId)],
    manifest: Option<&Manifest>,
    layout: &mut Layout,
) -> Option<Signature> {
    let sig_path = signature_path(dir);
    if !host.is_file(&sig_path) {
        return None;
    }
    let shown = display(&sig_path);
    let at = manifest.map(|m| (m.file, m.name_span));
    // `why` below is the reason the signature code gives, passed on.
    let report = |layout: &mut Layout, message: Msg, help: Msg| {
        let mut d = Diagnostic::new(Code::M014, message).with_help(help);
        if let Some((file, span)) = at {
            d = d.with_primary(
                file,
                span,
                msg!(en: "this pack is signed", zh: "此规则包已签名"),
            );
        }
        layout.diagnostics.push(d);
    };
    let sig = match host
        .read(&sig_path)
        .map_err(|e| e.to_string())
        .and_then(|t| Signature::parse(&t))
    {
        Ok(sig) => sig,
        Err(why) => {
            report(
                layout,
                msg!(
                    en: "the pack's signature `{shown}` cannot be read: {why}",
                    zh: "无法读取规则包的签名 `{shown}`：{why}"
                ),
                msg!(
                    en: "sign the pack again (`tiaoli pack sign`), or get the signature file as the issuer published it",
                    zh: "请重新签名该规则包（`tiaoli pack sign`），或按发布者发布时的样子重新获取签名文件"
                ),
            );
            return None;
        }
    };
    let mut entries = Vec::with_capacity(contents.len());
    for (path, id) in contents {
        match relative(dir, path) {
            Ok(rel) => entries.push(Entry {
                path: rel,
                bytes: layout.sources.text(*id).as_bytes().to_vec(),
            }),
            Err(why) => {
                report(
                    layout,
                    msg!(
                        en: "the signed pack cannot be checked: {why}",
                        zh: "无法检查已签名的规则包：{why}"
                    ),
                    msg!(en: "rename the file", zh: "请重命名该文件"),
                );
                return None;
            }
        }
    }
    match sig.verify(&entries) {
        Ok(_) => Some(sig),
        Err(why) => {
            report(
                layout,
                msg!(
                    en: "`{}` {} is signed, but its files are not the ones signed: {why}",
                    zh: "`{}` {} 已签名，但其文件与签名时的文件不同：{why}",
                    sig.identity.name,
                    sig.identity.version
                ),
                msg!(
                    en: "undo the change (get the pack again as its issuer published it); if you are its issuer, sign the new version (`tiaoli pack sign`)",
                    zh: "请撤销更改（按发布者发布时的样子重新获取该规则包）；如果您是其发布者，请对新版本签名（`tiaoli pack sign`）"
                ),
            );
            None
        }
    }
}
