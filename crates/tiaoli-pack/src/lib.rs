//! Pack manifests (`tiaoli.toml`) and dependency resolution between packs.
//!
//! A pack is a folder of `.tiaoli` files with a `tiaoli.toml` manifest at its
//! root. This crate does no I/O: the caller reads each manifest, registers it
//! in [`tiaoli_text::Sources`] and hands the text to [`parse_manifest`]; the
//! parsed manifests of every loaded pack then go to [`resolve`], which links
//! dependencies and orders the packs.
//!
//! # The manifest format
//!
//! ```toml
//! [pack]
//! name = "decree-745"              # required
//! version = "1.0.0"                # required
//! kind = "regulation"              # required
//! effective = "2021-09-01"         # required
//! model = false                    # optional, default false
//! # status = "draft"               # optional: "issued" (default) or "draft"
//! # published = "2017-07-10"       # a draft's publication day, instead of `effective`
//! citation = "articles"            # optional: "articles" (default) or "parts"
//!
//! [pack.title]                     # required, both languages
//! zh = "关键信息基础设施安全保护条例"
//! en = "Regulation on Protecting the Security of Critical Information Infrastructure"
//!
//! [pack.issuer]                    # required, both languages
//! zh = "国务院"
//! en = "State Council"
//!
//! [dependencies]                   # optional
//! decree-745 = "^1.0"
//! # or, with a folder to load it from (relative to this manifest):
//! # decree-745 = { version = "^1.0", path = "../decree-745" }
//! ```
//!
//! The fields:
//!
//! - `name`: lowercase ASCII letters, digits and `-`, starting with a letter.
//!   In tiaoli source a pack is named with `-` written as `_`
//!   (`decree_745::name`), see [`Manifest::ident`]. Otherwise `M003`.
//! - `version`: a [semantic version](https://semver.org) such as `1.0.0`.
//!   Otherwise `M003`.
//! - `kind`: one of `regulation` (a law or regulation as enacted), `sector`
//!   (a sector's implementation of a regulation's extension points; it must
//!   depend on a regulation pack, `M008`), `guidance` or `advisory`.
//!   Otherwise `M001`.
//! - `effective`: the date the rules take effect, `YYYY-MM-DD`, as a string
//!   or a TOML local date (`effective = 2021-09-01`); the day must exist.
//!   Otherwise `M001`.
//! - `status`: `"issued"` (the default) or `"draft"`, a draft published for
//!   comment that never came into force. A draft gives `published` (the day
//!   it was published) instead of `effective`, and no `expires`: `effective`
//!   or `expires` in a draft, or `published` in an issued pack, is `M013`.
//!   Its rules are evaluated as if it had been enacted from `published`, and
//!   reports mark every outcome as a draft's.
//! - `model`: `true` marks a model rule set written for illustration, not the
//!   issuing department's official rules.
//! - `citation`: how reports cite the pack's articles. `"articles"` (the
//!   default): article, paragraph, item (`art. 17(1)`, `第17条第1款`).
//!   `"parts"`, for guidance documents divided into parts (一、二、…) and
//!   sections (（一）（二）…): the pack writes part N as article N and section
//!   M as its paragraph M, and reports cite `part 2(2)`, `二（二）`.
//!   Otherwise `M001`.
//! - `title`, `issuer`: tables with a non-empty `zh` (Chinese) and `en`
//!   (English) string each.
//! - `[dependencies]`: one entry per pack this pack uses, keyed by the pack's
//!   name. The value is a version requirement in Cargo syntax (`"^1.0"`,
//!   `">=1.2, <2"`, `"=1.0.0"`), or a table with a required `version` and an
//!   optional `path` to the folder of the pack. A malformed name or
//!   requirement is `M003`.
//!
//! Unknown fields anywhere are rejected (`M001`) with a did-you-mean hint, as
//! are fields of the wrong type and missing required fields. Invalid TOML is
//! `M001` at the position the TOML parser reports.
//!
//! # Resolution
//!
//! [`resolve`] checks the loaded packs as a whole: `M004` a dependency names
//! no loaded pack, `M005` a loaded pack does not satisfy a version
//! requirement, `M006` packs depend on each other in a cycle, `M007` two packs
//! have the same name, `M008` a sector pack depends on no regulation pack.
//!
//! # The lockfile
//!
//! `tiaoli.lock` pins what a pack depends on, by version and content: see
//! [`parse_lockfile`] and the `lockfile` module for its format. Checking it
//! against the loaded packs (`M015`) needs their files' digests, so it is
//! done by the loader (tiaoli-workspace); a lockfile that cannot be read is
//! `M016`.

mod config;
mod lockfile;
mod manifest;
mod resolve;
mod suggest;

pub use config::{CONFIG_FORMATS, CONFIG_KEYS, Config, parse_config};
pub use lockfile::{LOCK_FORMAT, LockedPack, Lockfile, parse_lockfile, render_lockfile};
pub use manifest::{
    Bilingual, CitationStyle, Dependency, Manifest, PackKind, PackStatus, parse_manifest,
};
pub use resolve::{Resolution, resolve};
