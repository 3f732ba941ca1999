//! The signature file: `tiaoli.sig` beside a signed pack's `tiaoli.toml`
//! (and `NAME-VERSION.tar.sig` beside an archive; the same text).
//!
//! It is TOML, written by `tiaoli pack sign`:
//!
//! ```toml
//! format = 1
//! pack = "energy"
//! version = "1.0.0"
//! issuer-zh = "国家能源局"
//! issuer-en = "National Energy Administration"
//! archive = "energy-1.0.0.tar"
//! sha256 = "…"            # of the archive
//! sm3 = "…"               # of the archive
//! key = "sm2:04…"         # the signer's public key
//! signature = "…"         # hex, 64 bytes
//!
//! [files]                 # each file's SHA-256, to say which one changed
//! "tiaoli.toml" = "…"
//! "rules.tiaoli" = "…"
//! ```
//!
//! What is signed is the [statement](Signature::statement): every field
//! above but `signature`, one per line in a fixed order, so the signature
//! binds the pack's identity (name, version, issuer), the archive's two
//! digests, every file's digest and the signer's key. The signature file is
//! not pack content: the archive (and so the digests) never holds it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;

use crate::archive::{self, Entry};
use crate::digest::{Digests, hex, sha256_hex, unhex};
use crate::keys::{KeyPair, PublicKey};

/// The name of a signed pack's signature file, beside its `tiaoli.toml`.
pub const SIGNATURE_FILE: &str = "tiaoli.sig";
/// The format written in `format`.
pub const FORMAT: u32 = 1;

/// A pack's identity, as its manifest gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub version: String,
    pub issuer_zh: String,
    pub issuer_en: String,
}

/// A parsed signature file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub identity: Identity,
    pub digests: Digests,
    /// (path under the pack folder, SHA-256 of its bytes), sorted by path.
    pub files: Vec<(String, String)>,
    pub key: PublicKey,
    pub signature: Vec<u8>,
}

/// A signature that holds: who signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub key: PublicKey,
}

/// Why a signature does not hold for the files at hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// The files differ from those signed: which were changed, added,
    /// removed (paths under the pack folder).
    Contents {
        changed: Vec<String>,
        added: Vec<String>,
        removed: Vec<String>,
    },
    /// The files are those listed, but the signature does not verify with
    /// the key it names (the signature file was edited).
    BadSignature,
    /// The files cannot be archived at all.
    Unarchivable(String),
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mismatch::Contents {
                changed,
                added,
                removed,
            } => {
                let mut parts = Vec::new();
                let list = |v: &[String]| {
                    v.iter()
                        .map(|p| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                if !changed.is_empty() {
                    parts.push(format!("changed: {}", list(changed)));
                }
                if !added.is_empty() {
                    parts.push(format!("added: {}", list(added)));
                }
                if !removed.is_empty() {
                    parts.push(format!("removed: {}", list(removed)));
                }
                if parts.is_empty() {
                    // Same files, same bytes, other digest: the signature
                    // file's digests were edited.
                    parts.push("the signed digests were edited".into());
                }
                f.write_str(&parts.join("; "))
            }
            Mismatch::BadSignature => f.write_str(
                "the signature does not verify with the key it names (the signature file was altered)",
            ),
            Mismatch::Unarchivable(why) => f.write_str(why),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    format: u32,
    pack: String,
    version: String,
    issuer_zh: String,
    issuer_en: String,
    #[serde(rename = "archive")]
    _archive: String,
    sha256: String,
    sm3: String,
    key: String,
    signature: String,
    files: BTreeMap<String, String>,
}

impl Signature {
    /// Signs the archive of `entries` (built by [`archive::build`] under
    /// `NAME-VERSION`) for `identity` with `key`.
    pub fn sign(identity: Identity, entries: &[Entry], key: &KeyPair) -> Result<Self, String> {
        let top = crate::top_folder(&identity.name, &identity.version);
        let bytes = archive::build(&top, entries).map_err(|e| e.to_string())?;
        let mut sig = Signature {
            identity,
            digests: Digests::of(&bytes),
            files: file_digests(entries),
            key: key.public.clone(),
            signature: Vec::new(),
        };
        sig.signature = key.sign(&sig.statement())?;
        Ok(sig)
    }

    /// What is signed: every field but the signature, in a fixed order.
    pub fn statement(&self) -> Vec<u8> {
        let id = &self.identity;
        let mut s = format!(
            "tiaoli pack signature {FORMAT}\npack {}\nversion {}\nissuer-zh {}\nissuer-en {}\nsha256 {}\nsm3 {}\nkey {}\n",
            one_line(&id.name),
            one_line(&id.version),
            one_line(&id.issuer_zh),
            one_line(&id.issuer_en),
            self.digests.sha256,
            self.digests.sm3,
            self.key
        );
        for (path, digest) in &self.files {
            let _ = writeln!(s, "file {digest} {}", one_line(path));
        }
        s.into_bytes()
    }

    /// Checks the signature against the pack's files: the archive they make
    /// has the signed digests, and the signature verifies with its key.
    /// Whether that key is trusted is [`crate::Trust`]'s question.
    pub fn verify(&self, entries: &[Entry]) -> Result<Verified, Mismatch> {
        let top = crate::top_folder(&self.identity.name, &self.identity.version);
        let bytes =
            archive::build(&top, entries).map_err(|e| Mismatch::Unarchivable(e.to_string()))?;
        self.verify_archive(&bytes, entries)
    }

    /// As [`Signature::verify`], for an archive's bytes and its entries.
    pub fn verify_archive(&self, bytes: &[u8], entries: &[Entry]) -> Result<Verified, Mismatch> {
        if Digests::of(bytes) != self.digests {
            return Err(self.difference(entries));
        }
        if !self.key.verify(&self.statement(), &self.signature) {
            return Err(Mismatch::BadSignature);
        }
        Ok(Verified {
            key: self.key.clone(),
        })
    }

    /// Which files differ from the signed list.
    fn difference(&self, entries: &[Entry]) -> Mismatch {
        let now = file_digests(entries);
        let signed: BTreeMap<&str, &str> = self
            .files
            .iter()
            .map(|(p, d)| (p.as_str(), d.as_str()))
            .collect();
        let current: BTreeMap<&str, &str> =
            now.iter().map(|(p, d)| (p.as_str(), d.as_str())).collect();
        let changed = current
            .iter()
            .filter(|(p, d)| signed.get(*p).is_some_and(|s| s != *d))
            .map(|(p, _)| (*p).to_owned())
            .collect();
        let added = current
            .keys()
            .filter(|p| !signed.contains_key(*p))
            .map(|p| (*p).to_owned())
            .collect();
        let removed = signed
            .keys()
            .filter(|p| !current.contains_key(*p))
            .map(|p| (*p).to_owned())
            .collect();
        Mismatch::Contents {
            changed,
            added,
            removed,
        }
    }

    /// The signature file's text.
    pub fn render(&self) -> String {
        let id = &self.identity;
        let mut s = String::from(
            "# tiaoli pack signature: written by `tiaoli pack sign`, checked when the pack is loaded\n",
        );
        let _ = writeln!(s, "format = {FORMAT}");
        for (k, v) in [
            ("pack", id.name.as_str()),
            ("version", id.version.as_str()),
            ("issuer-zh", id.issuer_zh.as_str()),
            ("issuer-en", id.issuer_en.as_str()),
            (
                "archive",
                crate::archive_name(&id.name, &id.version).as_str(),
            ),
            ("sha256", self.digests.sha256.as_str()),
            ("sm3", self.digests.sm3.as_str()),
            ("key", self.key.to_string().as_str()),
            ("signature", hex(&self.signature).as_str()),
        ] {
            let _ = writeln!(s, "{k} = {}", quote(v));
        }
        s.push_str("\n[files]\n");
        for (path, digest) in &self.files {
            let _ = writeln!(s, "{} = {}", quote(path), quote(digest));
        }
        s
    }

    /// Parses a signature file.
    pub fn parse(text: &str) -> Result<Self, String> {
        let raw: Raw = toml::from_str(text).map_err(|e| {
            format!(
                "not a valid signature file: {}",
                e.message().trim_end_matches('\n')
            )
        })?;
        if raw.format != FORMAT {
            return Err(format!(
                "signature format {} is not known to this tiaoli (it reads format {FORMAT})",
                raw.format
            ));
        }
        let hex_of = |field: &str, v: &str, len: usize| -> Result<(), String> {
            match unhex(v) {
                Some(b) if b.len() == len => Ok(()),
                _ => Err(format!("`{field}` is not {len} bytes of hex")),
            }
        };
        hex_of("sha256", &raw.sha256, 32)?;
        hex_of("sm3", &raw.sm3, 32)?;
        for (path, d) in &raw.files {
            hex_of(&format!("files.\"{path}\""), d, 32)?;
        }
        let signature = unhex(&raw.signature)
            .filter(|b| b.len() == 64)
            .ok_or_else(|| "`signature` is not 64 bytes of hex".to_owned())?;
        Ok(Signature {
            identity: Identity {
                name: raw.pack,
                version: raw.version,
                issuer_zh: raw.issuer_zh,
                issuer_en: raw.issuer_en,
            },
            digests: Digests {
                sha256: raw.sha256.to_ascii_lowercase(),
                sm3: raw.sm3.to_ascii_lowercase(),
            },
            files: raw
                .files
                .into_iter()
                .map(|(p, d)| (p, d.to_ascii_lowercase()))
                .collect(),
            key: PublicKey::parse(&raw.key).map_err(|e| format!("`key`: {e}"))?,
            signature,
        })
    }
}

fn file_digests(entries: &[Entry]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = entries
        .iter()
        .map(|e| (e.path.clone(), sha256_hex(&e.bytes)))
        .collect();
    v.sort();
    v
}

/// A value on one line of the statement: line breaks escaped.
fn one_line(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::keys::Algorithm;

    fn entries() -> Vec<Entry> {
        vec![
            Entry {
                path: "tiaoli.toml".into(),
                bytes: b"[pack]\n".to_vec(),
            },
            Entry {
                path: "rules.tiaoli".into(),
                bytes: b"article 1 {}\n".to_vec(),
            },
        ]
    }

    fn identity() -> Identity {
        Identity {
            name: "energy".into(),
            version: "1.0.0".into(),
            issuer_zh: "国家能源局 \"试\"".into(),
            issuer_en: "National Energy Administration".into(),
        }
    }

    #[test]
    fn a_signature_survives_its_file_and_names_what_changed() {
        for alg in [Algorithm::Ed25519, Algorithm::Sm2] {
            let key = KeyPair::generate(alg).unwrap();
            let sig = Signature::sign(identity(), &entries(), &key).unwrap();
            let back = Signature::parse(&sig.render()).unwrap();
            assert_eq!(back, sig);
            assert_eq!(back.verify(&entries()).unwrap().key, key.public);
            let mut edited = entries();
            edited[1].bytes.push(b' ');
            edited.push(Entry {
                path: "extra.tiaoli".into(),
                bytes: Vec::new(),
            });
            edited.remove(0);
            assert_eq!(
                back.verify(&edited),
                Err(Mismatch::Contents {
                    changed: vec!["rules.tiaoli".into()],
                    added: vec!["extra.tiaoli".into()],
                    removed: vec!["tiaoli.toml".into()],
                })
            );
        }
    }

    #[test]
    fn an_edited_identity_breaks_the_signature() {
        let key = KeyPair::generate(Algorithm::Ed25519).unwrap();
        let sig = Signature::sign(identity(), &entries(), &key).unwrap();
        let mut forged = sig.clone();
        forged.identity.issuer_en = "Someone Else".into();
        assert_eq!(forged.verify(&entries()), Err(Mismatch::BadSignature));
        // Another key in the file: the signature is not that key's.
        let mut swapped = sig;
        swapped.key = KeyPair::generate(Algorithm::Ed25519).unwrap().public;
        assert_eq!(swapped.verify(&entries()), Err(Mismatch::BadSignature));
    }

    #[test]
    fn malformed_signature_files_are_errors() {
        assert!(Signature::parse("").is_err());
        assert!(Signature::parse("format = 2").is_err());
        let key = KeyPair::generate(Algorithm::Sm2).unwrap();
        let text = Signature::sign(identity(), &entries(), &key)
            .unwrap()
            .render();
        assert!(Signature::parse(&text.replace("format = 1", "format = 9")).is_err());
        assert!(Signature::parse(&text.replace("sm2:04", "sm2:05")).is_err());
    }
}
