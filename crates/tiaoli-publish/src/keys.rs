//! Keys: Ed25519 (RFC 8032) and SM2 (GB/T 32918, signing over SM3 with
//! the default distinguishing identifier `1234567812345678` of GM/T 0009).
//!
//! Both files are text, one key per file, `#` lines are comments:
//!
//! - a public key is `ALGORITHM:HEX`: `ed25519:` and the 32-byte key, or
//!   `sm2:` and the 65-byte uncompressed SEC1 point (`04` ‖ x ‖ y);
//! - a secret key is `ALGORITHM-secret:HEX`: the 32-byte Ed25519 seed, or
//!   the 32-byte SM2 private scalar (big-endian).
//!
//! The same `ALGORITHM:HEX` text names a key in a trust file and in a
//! signature file.

use std::fmt;

use ed25519_dalek::Signer as _;
use ed25519_dalek::Verifier as _;

use crate::digest::{hex, sha256_hex, unhex};

/// SM2's distinguishing identifier (GM/T 0009-2012's default user ID).
pub const SM2_DISTID: &str = "1234567812345678";

/// A signature algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    Ed25519,
    /// SM2 signatures over SM3 digests.
    Sm2,
}

impl Algorithm {
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Ed25519 => "ed25519",
            Algorithm::Sm2 => "sm2",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "ed25519" => Some(Algorithm::Ed25519),
            "sm2" => Some(Algorithm::Sm2),
            _ => None,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A public key: its algorithm and its bytes (checked to be a valid key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    pub algorithm: Algorithm,
    pub bytes: Vec<u8>,
}

/// A secret key, with its public key.
pub struct KeyPair {
    secret: Secret,
    pub public: PublicKey,
}

enum Secret {
    Ed25519(ed25519_dalek::SigningKey),
    Sm2(sm2::dsa::SigningKey),
}

impl fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the secret.
        f.debug_struct("KeyPair")
            .field("public", &self.public.to_string())
            .finish_non_exhaustive()
    }
}

impl fmt::Display for PublicKey {
    /// `ALGORITHM:HEX`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.algorithm, hex(&self.bytes))
    }
}

impl PublicKey {
    /// Parses `ALGORITHM:HEX`, checking the key is a valid point.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (alg, h) = text
            .split_once(':')
            .ok_or_else(|| format!("`{}` is not `ALGORITHM:HEX`", shorten(text)))?;
        let algorithm = Algorithm::parse(alg).ok_or_else(|| {
            format!(
                "unknown key algorithm `{}` (expected `ed25519` or `sm2`)",
                shorten(alg)
            )
        })?;
        let bytes = unhex(h).ok_or_else(|| "the key is not hexadecimal".to_owned())?;
        let key = PublicKey { algorithm, bytes };
        key.check()?;
        Ok(key)
    }

    /// Reads a public-key file's text (comments allowed).
    pub fn from_file_text(text: &str) -> Result<Self, String> {
        PublicKey::parse(&key_line(text)?)
    }

    /// A short name for the key: the first 16 hex digits of the SHA-256 of
    /// its `ALGORITHM:HEX` text.
    pub fn fingerprint(&self) -> String {
        let mut s = sha256_hex(self.to_string().as_bytes());
        s.truncate(16);
        s
    }

    fn check(&self) -> Result<(), String> {
        match self.algorithm {
            Algorithm::Ed25519 => self.ed25519().map(|_| ()),
            Algorithm::Sm2 => self.sm2().map(|_| ()),
        }
    }

    fn ed25519(&self) -> Result<ed25519_dalek::VerifyingKey, String> {
        let arr: [u8; 32] = self
            .bytes
            .as_slice()
            .try_into()
            .map_err(|_| format!("an ed25519 key is 32 bytes, not {}", self.bytes.len()))?;
        ed25519_dalek::VerifyingKey::from_bytes(&arr)
            .map_err(|_| "not a valid ed25519 public key".to_owned())
    }

    fn sm2(&self) -> Result<sm2::dsa::VerifyingKey, String> {
        if self.bytes.len() != 65 || self.bytes.first() != Some(&4) {
            return Err(format!(
                "an sm2 key is 65 bytes starting 04 (an uncompressed point), not {} bytes",
                self.bytes.len()
            ));
        }
        sm2::dsa::VerifyingKey::from_sec1_bytes(SM2_DISTID, &self.bytes)
            .map_err(|_| "not a valid sm2 public key (not a point of the curve)".to_owned())
    }

    /// Whether `signature` is this key's signature of `message`.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        match self.algorithm {
            Algorithm::Ed25519 => {
                let Ok(key) = self.ed25519() else {
                    return false;
                };
                let Ok(sig) = ed25519_dalek::Signature::from_slice(signature) else {
                    return false;
                };
                key.verify_strict(message, &sig).is_ok()
            }
            Algorithm::Sm2 => {
                let Ok(key) = self.sm2() else {
                    return false;
                };
                let Ok(sig) = sm2::dsa::Signature::from_slice(signature) else {
                    return false;
                };
                key.verify(message, &sig).is_ok()
            }
        }
    }
}

impl KeyPair {
    /// A new key pair from the operating system's random numbers.
    pub fn generate(algorithm: Algorithm) -> Result<Self, String> {
        // An SM2 scalar must be below the group order: try again in the
        // (about 2^-32) case it is not.
        for _ in 0..64 {
            let mut seed = [0u8; 32];
            getrandom::fill(&mut seed)
                .map_err(|e| format!("cannot get random numbers from the system: {e}"))?;
            if let Ok(pair) = KeyPair::from_secret(algorithm, &seed) {
                return Ok(pair);
            }
        }
        Err("cannot generate a key: the random numbers are not usable".into())
    }

    /// The key pair of a secret key's bytes.
    pub fn from_secret(algorithm: Algorithm, bytes: &[u8]) -> Result<Self, String> {
        let seed: [u8; 32] = bytes
            .try_into()
            .map_err(|_| format!("a {algorithm} secret key is 32 bytes, not {}", bytes.len()))?;
        match algorithm {
            Algorithm::Ed25519 => {
                let key = ed25519_dalek::SigningKey::from_bytes(&seed);
                let public = PublicKey {
                    algorithm,
                    bytes: key.verifying_key().to_bytes().to_vec(),
                };
                Ok(KeyPair {
                    secret: Secret::Ed25519(key),
                    public,
                })
            }
            Algorithm::Sm2 => {
                let key = sm2::dsa::SigningKey::from_slice(SM2_DISTID, &seed).map_err(|_| {
                    "not a valid sm2 secret key (zero, or not below the group order)".to_owned()
                })?;
                let public = PublicKey {
                    algorithm,
                    bytes: key.verifying_key().to_sec1_bytes().to_vec(),
                };
                Ok(KeyPair {
                    secret: Secret::Sm2(key),
                    public,
                })
            }
        }
    }

    /// Reads a secret-key file's text (`ALGORITHM-secret:HEX`).
    pub fn from_file_text(text: &str) -> Result<Self, String> {
        let line = key_line(text)?;
        let (alg, h) = line
            .split_once(':')
            .ok_or_else(|| "a secret key file holds `ALGORITHM-secret:HEX`".to_owned())?;
        let algorithm = alg
            .strip_suffix("-secret")
            .and_then(Algorithm::parse)
            .ok_or_else(|| {
                if Algorithm::parse(alg).is_some() {
                    "this is a public key; signing needs the secret key (`ALGORITHM-secret:HEX`)"
                        .to_owned()
                } else {
                    format!(
                        "unknown secret key type `{}` (expected `ed25519-secret` or `sm2-secret`)",
                        shorten(alg)
                    )
                }
            })?;
        let bytes = unhex(h).ok_or_else(|| "the secret key is not hexadecimal".to_owned())?;
        KeyPair::from_secret(algorithm, &bytes)
    }

    /// The secret-key file's text.
    pub fn secret_file_text(&self) -> String {
        let (alg, bytes) = match &self.secret {
            Secret::Ed25519(k) => (Algorithm::Ed25519, k.to_bytes().to_vec()),
            Secret::Sm2(k) => (Algorithm::Sm2, k.to_bytes().to_vec()),
        };
        format!(
            "# tiaoli secret key: keep it private; its public key is\n# {}\n{alg}-secret:{}\n",
            self.public,
            hex(&bytes)
        )
    }

    /// The public-key file's text.
    pub fn public_file_text(&self) -> String {
        format!(
            "# tiaoli public key (fingerprint {})\n{}\n",
            self.public.fingerprint(),
            self.public
        )
    }

    /// The signature of `message`: 64 bytes (Ed25519, or SM2's r ‖ s).
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, String> {
        match &self.secret {
            Secret::Ed25519(k) => Ok(k.sign(message).to_bytes().to_vec()),
            Secret::Sm2(k) => k
                .try_sign(message)
                .map(|s| s.to_bytes().to_vec())
                .map_err(|_| "sm2 signing failed".to_owned()),
        }
    }
}

/// The one line of a key file that is not a comment or blank.
fn key_line(text: &str) -> Result<String, String> {
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'));
    let first = lines
        .next()
        .ok_or_else(|| "the key file holds no key".to_owned())?;
    if lines.next().is_some() {
        return Err("the key file holds more than one line besides comments".into());
    }
    Ok(first.to_owned())
}

/// At most 40 characters of user input, for messages.
fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn both_algorithms_sign_and_verify_through_their_files() {
        for alg in [Algorithm::Ed25519, Algorithm::Sm2] {
            let pair = KeyPair::generate(alg).unwrap();
            let again = KeyPair::from_file_text(&pair.secret_file_text()).unwrap();
            assert_eq!(again.public, pair.public);
            let public = PublicKey::from_file_text(&pair.public_file_text()).unwrap();
            let sig = again.sign(b"message").unwrap();
            assert_eq!(sig.len(), 64);
            assert!(public.verify(b"message", &sig), "{alg}");
            assert!(!public.verify(b"messagf", &sig), "{alg}");
            let other = KeyPair::generate(alg).unwrap();
            assert!(!other.public.verify(b"message", &sig), "{alg}");
        }
    }

    /// RFC 8032 §7.1, test 1: the public key of the all-zero-ish seed.
    #[test]
    fn ed25519_known_answer() {
        let seed =
            unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60").unwrap();
        let pair = KeyPair::from_secret(Algorithm::Ed25519, &seed).unwrap();
        assert_eq!(
            hex(&pair.public.bytes),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
        );
        let sig = pair.sign(b"").unwrap();
        assert_eq!(
            hex(&sig),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        );
    }

    #[test]
    fn malformed_keys_are_errors() {
        assert!(PublicKey::parse("ed25519:00").is_err());
        assert!(PublicKey::parse("rsa:00").is_err());
        assert!(PublicKey::parse(&format!("sm2:04{}", "00".repeat(64))).is_err());
        assert!(KeyPair::from_file_text("").is_err());
        assert!(KeyPair::from_file_text(&format!("sm2-secret:{}", "00".repeat(32))).is_err());
        let pair = KeyPair::generate(Algorithm::Ed25519).unwrap();
        assert!(KeyPair::from_file_text(&pair.public_file_text()).is_err());
    }
}
