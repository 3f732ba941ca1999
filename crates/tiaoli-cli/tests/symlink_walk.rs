//! Folder walks and symlinks (issue 9, D4): `tiaoli fmt` and `tiaoli check`
//! on a folder whose subfolder links back up the tree (`l1 -> ..`,
//! `l2 -> ..`) finish, and take each real file once.

#![cfg(unix)]
#![expect(clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::tiaoli;

/// A fresh folder `loop/` holding `p/a.tiaoli` (not in the canonical
/// layout) and two symlinks `p/l1 -> ..`, `p/l2 -> ..`: before the fix the
/// walk was exponential and never ended.
fn symlink_loop(name: &str, manifest: bool) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tiaoli-walk-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let p = dir.join("loop/p");
    std::fs::create_dir_all(&p).expect("create folder");
    std::fs::write(p.join("a.tiaoli"), "define   x: bool = true\n").expect("write file");
    std::os::unix::fs::symlink("..", p.join("l1")).expect("symlink");
    std::os::unix::fs::symlink("..", p.join("l2")).expect("symlink");
    if manifest {
        std::fs::write(
            dir.join("loop/tiaoli.toml"),
            "[pack]\nname = \"looped\"\nversion = \"1.0.0\"\nkind = \"regulation\"\n\
             effective = \"2021-09-01\"\n\n[pack.title]\nzh = \"环\"\nen = \"Loop\"\n\n\
             [pack.issuer]\nzh = \"测试\"\nen = \"Test\"\n",
        )
        .expect("write manifest");
    }
    dir
}

/// Runs `tiaoli ARGS` in `cwd`, and fails the test if it has not finished
/// within 30 seconds (the symlink cycle used to run forever).
fn tiaoli_within_deadline(cwd: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tiaoli"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tiaoli");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if child.try_wait().expect("wait for tiaoli").is_some() {
            return child.wait_with_output().expect("collect output");
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`tiaoli {}` did not finish within 30 s", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn fmt_check_takes_each_file_once_through_symlink_cycles() {
    let dir = symlink_loop("fmt", false);
    for arg in ["loop", "loop/p"] {
        let out = tiaoli_within_deadline(&dir, &["fmt", "--check", arg]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(1),
            "fmt --check {arg}: {stdout}{stderr}"
        );
        assert_eq!(stdout.lines().count(), 1, "one file reported: {stdout}");
        assert!(stdout.contains("a.tiaoli"), "{stdout}");
        assert!(stderr.contains("1 file would be reformatted"), "{stderr}");
    }
    // `fmt` writes the one real file once, then it is formatted.
    let out = tiaoli_within_deadline(&dir, &["fmt", "loop"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = std::fs::read_to_string(dir.join("loop/p/a.tiaoli")).expect("read back");
    assert_eq!(text, "define x: bool = true\n");
    let out = tiaoli_within_deadline(&dir, &["fmt", "--check", "loop"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_of_a_folder_ends_on_symlink_cycles_and_reports_once() {
    let dir = symlink_loop("check", false);
    for arg in ["loop", "loop/p"] {
        let out = tiaoli_within_deadline(&dir, &["check", arg]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let all = format!("{stdout}{stderr}");
        assert_eq!(out.status.code(), Some(1), "check {arg}: {all}");
        assert_eq!(all.matches("M002").count(), 1, "one M002: {all}");
        assert!(all.contains("`loop/p` holds .tiaoli files"), "{all}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_pack_with_a_symlink_cycle_reads_each_file_once() {
    let dir = symlink_loop("pack", true);
    let out = tiaoli_within_deadline(&dir, &["check", "loop"]);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("(1 file)"), "the pack's one file, once: {all}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The repository's own packs are unaffected.
#[test]
fn policies_still_walk_the_same() {
    let out = tiaoli(&["fmt", "--check", "policies"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}
