//! The trust file: which keys may sign the packs of which issuer.
//!
//! ```toml
//! # trust.toml
//! [[issuer]]
//! name = "国家能源局"                 # the manifest's issuer, zh or en
//! keys = [
//!   "sm2:04…",                         # the department's current key
//!   "ed25519:…",                       # its second key
//! ]
//! ```
//!
//! An issuer may have several keys (a new key before the old one is
//! retired, a key per signing officer); a key trusted for one issuer signs
//! nothing of another's.

use serde::Deserialize;

use crate::keys::PublicKey;
use crate::signature::Signature;

/// Parsed trust file.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    pub issuers: Vec<TrustedIssuer>,
}

#[derive(Debug, Clone)]
pub struct TrustedIssuer {
    pub name: String,
    pub keys: Vec<PublicKey>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    issuer: Vec<RawIssuer>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIssuer {
    name: String,
    keys: Vec<String>,
}

impl Trust {
    pub fn parse(text: &str) -> Result<Self, String> {
        let raw: Raw = toml::from_str(text).map_err(|e| {
            format!(
                "not a valid trust file: {}",
                e.message().trim_end_matches('\n')
            )
        })?;
        let issuers = raw
            .issuer
            .into_iter()
            .map(|i| {
                let keys = i
                    .keys
                    .iter()
                    .map(|k| PublicKey::parse(k).map_err(|e| format!("issuer `{}`: {e}", i.name)))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(TrustedIssuer { name: i.name, keys })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Trust { issuers })
    }

    /// Whether the signature's key is trusted for the issuer it signs for
    /// (the manifest's issuer, bound into the signature). The error says
    /// why not.
    pub fn check(&self, sig: &Signature) -> Result<(), String> {
        let id = &sig.identity;
        let mine: Vec<&TrustedIssuer> = self
            .issuers
            .iter()
            .filter(|i| i.name == id.issuer_zh || i.name == id.issuer_en)
            .collect();
        if mine.is_empty() {
            return Err(format!(
                "the trust file trusts no key of the issuer `{}` ({})",
                id.issuer_zh, id.issuer_en
            ));
        }
        if mine.iter().any(|i| i.keys.contains(&sig.key)) {
            Ok(())
        } else {
            Err(format!(
                "signed with key {} ({}), which the trust file does not trust for `{}`",
                sig.key.fingerprint(),
                sig.key.algorithm,
                id.issuer_zh
            ))
        }
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::archive::Entry;
    use crate::keys::{Algorithm, KeyPair};
    use crate::signature::Identity;

    #[test]
    fn several_keys_per_issuer_and_none_across_issuers() {
        let a = KeyPair::generate(Algorithm::Sm2).unwrap();
        let b = KeyPair::generate(Algorithm::Ed25519).unwrap();
        let c = KeyPair::generate(Algorithm::Ed25519).unwrap();
        let trust = Trust::parse(&format!(
            "[[issuer]]\nname = \"国家能源局\"\nkeys = [\"{}\", \"{}\"]\n[[issuer]]\nname = \"Other\"\nkeys = [\"{}\"]\n",
            a.public, b.public, c.public
        ))
        .unwrap();
        let id = Identity {
            name: "energy".into(),
            version: "1.0.0".into(),
            issuer_zh: "国家能源局".into(),
            issuer_en: "National Energy Administration".into(),
        };
        let files = [Entry {
            path: "tiaoli.toml".into(),
            bytes: vec![],
        }];
        for key in [&a, &b] {
            let sig = Signature::sign(id.clone(), &files, key).unwrap();
            assert!(trust.check(&sig).is_ok());
        }
        let sig = Signature::sign(id, &files, &c).unwrap();
        assert!(trust.check(&sig).unwrap_err().contains("does not trust"));
    }

    #[test]
    fn malformed_trust_files_are_errors() {
        assert!(Trust::parse("[[issuer]]\nname = \"x\"\nkeys = [\"ed25519:00\"]\n").is_err());
        assert!(Trust::parse("[[issuers]]\n").is_err());
        assert!(Trust::parse("").unwrap().issuers.is_empty());
    }
}
