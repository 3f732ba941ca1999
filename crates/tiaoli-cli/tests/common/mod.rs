//! What the CLI test files share: the repository root and a way to run the
//! `tiaoli` binary from it, as a user would.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root, where `policies/` and `examples/` are.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `tiaoli ARGS` in the repository root, without colour, in the
/// default language whatever the caller's `TIAOLI_LANG`.
pub fn tiaoli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tiaoli"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("TIAOLI_LANG")
        .output()
        .expect("run tiaoli")
}
