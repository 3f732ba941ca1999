//! Lockfiles honoured: a pack with a `tiaoli.lock` is loaded only with the
//! packs it locked, at the versions and with the contents locked. Checked
//! once per load, after dependencies are resolved, so that `check`, `eval`,
//! `test`, `explain` and the language server refuse the same packs (M015);
//! a lockfile that cannot be read is M016.
//!
//! What a pack is locked with is its content as published (the files
//! [`pack_files`](crate::pack_files) names, read as loaded): each file's
//! SHA-256, and the SHA-256 and SM3 of its archive, which are the digests
//! `tiaoli pack build` prints and the filing summary records.

use tiaoli_diagnostics::{Code, Diagnostic, Msg, msg};
use tiaoli_pack::{LockedPack, Manifest, parse_lockfile};
use tiaoli_publish::{Digests, Entry, digest::sha256_hex};
use tiaoli_text::{FileId, TextRange};

use crate::discover::Layout;

/// What the lockfile check needs of one pack: the batch load gives it from
/// the [`Layout`], the language server's database from its inputs.
#[derive(Clone, Copy, Debug)]
pub struct LockView<'a> {
    pub manifest: Option<&'a Manifest>,
    /// Indices of its direct dependencies.
    pub deps: &'a [usize],
    pub lockfile: Option<FileId>,
}

impl Layout {
    /// The packs as the lockfile check sees them.
    pub fn lock_views(&self) -> Vec<LockView<'_>> {
        self.packs
            .iter()
            .map(|p| LockView {
                manifest: p.manifest.as_ref(),
                deps: &p.deps,
                lockfile: p.lockfile,
            })
            .collect()
    }
}

/// Every pack the pack `k` depends on, directly or not, each once, in the
/// order first reached (breadth first). The pack itself is left out, even
/// in a cycle (reported as M006).
pub fn closure(packs: &[LockView<'_>], k: usize) -> Vec<usize> {
    let deps_of = |j: usize| packs.get(j).map(|p| p.deps.to_vec()).unwrap_or_default();
    let mut out: Vec<usize> = Vec::new();
    let mut next = 0;
    let mut frontier = deps_of(k);
    loop {
        for d in frontier.drain(..) {
            if d != k && !out.contains(&d) {
                out.push(d);
            }
        }
        let Some(&j) = out.get(next) else { break };
        next += 1;
        frontier = deps_of(j);
    }
    out
}

/// A pack as a lockfile records it, from its files: (path under the pack's
/// folder, text, SHA-256 of the text), sorted by path. Err: the files
/// cannot be archived.
pub fn entry(m: &Manifest, files: &[(&str, &str, String)]) -> Result<LockedPack, String> {
    let entries: Vec<Entry> = files
        .iter()
        .map(|(path, text, _)| Entry {
            path: (*path).to_owned(),
            bytes: text.as_bytes().to_vec(),
        })
        .collect();
    let version = m.version.to_string();
    let archive =
        tiaoli_publish::archive::build(&tiaoli_publish::top_folder(&m.name, &version), &entries)
            .map_err(|e| format!("`{}` cannot be archived: {e}", m.name))?;
    let digests = Digests::of(&archive);
    Ok(LockedPack {
        name: m.name.clone(),
        version,
        sha256: digests.sha256,
        sm3: digests.sm3,
        files: files
            .iter()
            .map(|(path, _, hash)| ((*path).to_owned(), hash.clone()))
            .collect(),
        name_span: TextRange::empty(0),
        version_span: TextRange::empty(0),
        sha256_span: TextRange::empty(0),
    })
}

/// The pack `j` of a layout as it is loaded, as a lockfile records it.
pub fn lock_entry(layout: &Layout, j: usize) -> Result<LockedPack, String> {
    let pack = layout.packs.get(j).ok_or("no such pack")?;
    let m = pack
        .manifest
        .as_ref()
        .ok_or_else(|| format!("`{}` has no valid manifest", pack.ident))?;
    let files: Vec<(&str, &str, String)> = pack
        .content
        .iter()
        .map(|(path, id)| {
            let text = layout.sources.text(*id);
            (path.as_str(), text, sha256_hex(text.as_bytes()))
        })
        .collect();
    entry(m, &files)
}

/// Compares every loaded lockfile with the packs loaded, reporting into the
/// layout.
pub(crate) fn check(layout: &mut Layout) {
    let mut now: Vec<Option<Result<LockedPack, String>>> = vec![None; layout.packs.len()];
    let diagnostics = lock_diagnostics(
        &layout.lock_views(),
        &|id| layout.sources.text(id).to_owned(),
        &mut |j| {
            now.get_mut(j)
                .map(|slot| slot.get_or_insert_with(|| lock_entry(layout, j)).clone())
                .unwrap_or_else(|| Err("no such pack".into()))
        },
    );
    layout.diagnostics.extend(diagnostics);
}

/// M015 and M016 for every pack with a lockfile: `text` gives a lockfile's
/// text, `now` a dependency as it is loaded (called at most once per pack
/// per lockfile that needs it; the caller memoises).
pub fn lock_diagnostics(
    packs: &[LockView<'_>],
    text: &dyn Fn(FileId) -> String,
    now: &mut dyn FnMut(usize) -> Result<LockedPack, String>,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (k, pack) in packs.iter().enumerate() {
        let (Some(lock_id), Some(of)) = (pack.lockfile, pack.manifest) else {
            continue;
        };
        let lock = match parse_lockfile(&text(lock_id), lock_id) {
            Ok(lock) => lock,
            Err(d) => {
                diagnostics.push(*d);
                continue;
            }
        };
        let stale = |message: Msg, at: TextRange, label: Msg| {
            Diagnostic::new(Code::M015, message)
                .with_primary(lock_id, at, label)
                .with_help(msg!(
                    en: "if the change is intended, run `tiaoli lock` on `{}` to lock what it depends on now; otherwise get the dependency again as it was locked",
                    zh: "如果这一变化是有意的，请对 `{}` 运行 `tiaoli lock`，锁定其现在的依赖；否则请按锁定时的样子重新获取该依赖",
                    of.name
                ))
        };
        let deps = closure(packs, k);
        for &j in &deps {
            let Some(dep) = packs.get(j).and_then(|p| p.manifest) else {
                continue;
            };
            let Some(locked) = lock.pack(&dep.name) else {
                let at = lock
                    .packs
                    .first()
                    .map_or(TextRange::empty(0), |p| p.name_span);
                diagnostics.push(stale(
                    msg!(
                        en: "`{}` depends on `{}` {}, which its lockfile does not lock",
                        zh: "`{}` 依赖 `{}` {}，但其锁文件没有锁定它",
                        of.name,
                        dep.name,
                        dep.version
                    ),
                    at,
                    msg!(en: "the packs locked", zh: "已锁定的规则包"),
                ));
                continue;
            };
            if locked.version != dep.version.to_string() {
                diagnostics.push(
                    stale(
                        msg!(
                            en: "`{}` is locked at {}, but {} is loaded",
                            zh: "`{}` 锁定的版本为 {}，但加载的是 {}",
                            dep.name,
                            locked.version,
                            dep.version
                        ),
                        locked.version_span,
                        msg!(en: "the version locked", zh: "锁定的版本"),
                    )
                    .with_secondary(
                        dep.file,
                        dep.version_span,
                        msg!(en: "the version loaded", zh: "加载的版本"),
                    ),
                );
                continue;
            }
            match now(j) {
                Ok(current) => {
                    if let Some(why) = difference(locked, &current) {
                        diagnostics.push(
                            stale(
                                Msg::new(
                                    format!(
                                        "`{}` {} is not the one locked: {}",
                                        dep.name,
                                        dep.version,
                                        why.en()
                                    ),
                                    format!(
                                        "`{}` {} 与锁定的不同：{}",
                                        dep.name,
                                        dep.version,
                                        why.zh()
                                    ),
                                ),
                                locked.sha256_span,
                                msg!(en: "the contents locked", zh: "锁定的内容"),
                            )
                            .with_secondary(
                                dep.file,
                                dep.name_span,
                                msg!(en: "the pack loaded", zh: "加载的规则包"),
                            ),
                        );
                    }
                }
                Err(why) => diagnostics.push(stale(
                    entry_problem(why),
                    locked.name_span,
                    msg!(en: "locked here", zh: "在此处锁定"),
                )),
            }
        }
        for locked in &lock.packs {
            let needed = deps.iter().any(|&j| {
                packs
                    .get(j)
                    .and_then(|p| p.manifest)
                    .is_some_and(|m| m.name == locked.name)
            });
            // A dependency that is not loaded at all is M004 already.
            let declared = of.dependency(&locked.name).is_some();
            if !needed && !declared {
                diagnostics.push(stale(
                    msg!(
                        en: "the lockfile locks `{}`, which `{}` no longer depends on",
                        zh: "锁文件锁定了 `{}`，但 `{}` 已不再依赖它",
                        locked.name,
                        of.name
                    ),
                    locked.name_span,
                    msg!(en: "not a dependency", zh: "不是依赖"),
                ));
            }
        }
    }
    diagnostics
}

/// How the pack as loaded differs from the one locked (same version), or
/// None when it is the same.
fn difference(locked: &LockedPack, now: &LockedPack) -> Option<Msg> {
    let mut changed = Vec::new();
    let mut added = Vec::new();
    let mut removed = Vec::new();
    for (path, hash) in &now.files {
        match locked.files.iter().find(|(p, _)| p == path) {
            Some((_, h)) if h == hash => {}
            Some(_) => changed.push(format!("`{path}`")),
            None => added.push(format!("`{path}`")),
        }
    }
    for (path, _) in &locked.files {
        if !now.files.iter().any(|(p, _)| p == path) {
            removed.push(format!("`{path}`"));
        }
    }
    let mut parts = Vec::new();
    let mut parts_zh = Vec::new();
    for (what, what_zh, list) in [
        ("changed", "已更改", changed),
        ("added", "已添加", added),
        ("removed", "已删除", removed),
    ] {
        if !list.is_empty() {
            parts.push(format!("{what}: {}", list.join(", ")));
            parts_zh.push(format!("{what_zh}：{}", list.join("、")));
        }
    }
    if parts.is_empty() && (locked.sha256 != now.sha256 || locked.sm3 != now.sm3) {
        // The same files, other digests: the lockfile's digests were edited.
        parts.push("its locked digests were edited".into());
        parts_zh.push("其锁定的摘要被修改过".into());
    }
    (!parts.is_empty()).then(|| Msg::new(parts.join("; "), parts_zh.join("；")))
}

/// Why a loaded pack could not be read as a lockfile records it (the error
/// of [`entry`] or [`lock_entry`], which callers pass on as text), in both
/// languages.
fn entry_problem(why: String) -> Msg {
    if why == "no such pack" {
        return msg!(en: "no such pack", zh: "没有这个规则包");
    }
    if let Some(name) = why.strip_suffix(" has no valid manifest") {
        return msg!(en: "{why}", zh: "{name} 没有有效的清单");
    }
    if let Some((name, e)) = why.split_once(" cannot be archived: ") {
        // The archiver's own words after the colon.
        return msg!(en: "{why}", zh: "{name} 无法归档：{e}");
    }
    Msg::verbatim(why)
}
