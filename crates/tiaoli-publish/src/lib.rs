//! Publishing packs: a reproducible archive of a pack's files, its SHA-256
//! and SM3 digests, signatures over them (Ed25519, or SM2 with SM3), trust
//! files naming the keys each issuer signs with, and unpacking that refuses
//! hostile archives.
//!
//! This crate knows nothing of folders: which files make a pack is
//! [`tiaoli_workspace::pack_files`]'s one definition, and the workspace
//! hands the files' bytes here (to build, and to check a signed pack at
//! load time).
//!
//! - [`archive`]: the archive format (ustar, canonical) and safe reading;
//! - [`digest`]: SHA-256 and SM3, in hex;
//! - [`keys`]: key pairs and their files;
//! - [`signature`]: the signature file (`tiaoli.sig`), signing, verifying;
//! - [`trust`]: the trust file (`--trust FILE`).

pub mod archive;
pub mod digest;
pub mod keys;
pub mod signature;
pub mod trust;

pub use archive::{Entry, Limits, UnpackError};
pub use digest::Digests;
pub use keys::{Algorithm, KeyPair, PublicKey};
pub use signature::{SIGNATURE_FILE, Signature, Verified};
pub use trust::Trust;

/// The folder an archive's entries sit in: `NAME-VERSION`.
pub fn top_folder(name: &str, version: &str) -> String {
    format!("{name}-{version}")
}

/// The archive's file name: `NAME-VERSION.tar`.
pub fn archive_name(name: &str, version: &str) -> String {
    format!("{}.tar", top_folder(name, version))
}
