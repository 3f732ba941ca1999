//! Issue 9, D5 and D6: `fmt` never destroys a source when its write fails,
//! and an output that cannot be written stops the run instead of exiting 0.

#![expect(
    clippy::expect_used,
    reason = "a test that cannot set up its files or run the binary should fail loudly"
)]

mod common;
use common::{root, tiaoli};

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A fresh scratch folder for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tiaoli-io-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

const UNFORMATTED: &str = "define a:bool=true\ndefine b:bool=false\n";

#[test]
fn fmt_leaves_the_file_intact_when_the_new_text_cannot_be_written() {
    let dir = scratch("fmt-fails");
    let file = dir.join("defs.tiaoli");
    std::fs::write(&file, UNFORMATTED).expect("write source");
    // The temporary sibling fmt writes first cannot be created: a folder has
    // its name. (This fails for root too, unlike a read-only folder.)
    std::fs::create_dir(dir.join(".defs.tiaoli.tiaoli-fmt.tmp")).expect("block temp");
    let out = tiaoli(&["fmt", file.to_str().expect("utf-8 path")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(
        stderr.contains("cannot write") && stderr.contains("defs.tiaoli"),
        "stderr: {stderr}"
    );
    assert!(stderr.contains("left unchanged"), "stderr: {stderr}");
    assert_eq!(
        std::fs::read_to_string(&file).expect("read source"),
        UNFORMATTED,
        "the original must not be touched"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fmt_rewrites_the_file_keeps_its_permissions_and_leaves_no_temp_file() {
    let dir = scratch("fmt-ok");
    let file = dir.join("defs.tiaoli");
    std::fs::write(&file, UNFORMATTED).expect("write source");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    }
    // A temporary file left by an interrupted run does not block fmt.
    std::fs::write(dir.join(".defs.tiaoli.tiaoli-fmt.tmp"), "stale").expect("stale temp");
    let out = tiaoli(&["fmt", file.to_str().expect("utf-8 path")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&file).expect("read source"),
        "define a: bool = true\n\ndefine b: bool = false\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("stat").permissions().mode();
        assert_eq!(mode & 0o777, 0o640, "permissions kept");
    }
    let left: Vec<_> = std::fs::read_dir(&dir)
        .expect("list")
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("defs.tiaoli")]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn fmt_through_a_symlink_formats_its_target_and_keeps_the_link() {
    let dir = scratch("fmt-link");
    let target = dir.join("real.tiaoli");
    let link = dir.join("link.tiaoli");
    std::fs::write(&target, UNFORMATTED).expect("write source");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let out = tiaoli(&["fmt", link.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let meta = std::fs::symlink_metadata(&link).expect("link metadata");
    assert!(meta.file_type().is_symlink(), "the link must stay a link");
    let formatted = std::fs::read_to_string(&target).expect("read target");
    assert_ne!(formatted, UNFORMATTED, "the link's target is formatted");
    let check = tiaoli(&["fmt", "--check", target.to_str().expect("utf-8 path")]);
    assert_eq!(check.status.code(), Some(0), "{check:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn eval_to_a_full_disk_fails_with_a_message() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("open /dev/full");
    let out = Command::new(env!("CARGO_BIN_EXE_tiaoli"))
        .args(["eval", "examples/grid-dispatch.yaml", "--format", "json"])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::from(full))
        .output()
        .expect("run tiaoli");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(
        stderr.contains("cannot write the output") && stderr.contains("No space left"),
        "stderr: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
}

#[test]
fn eval_into_a_closed_pipe_stops_promptly_and_quietly() {
    // 2,000 facilities: megabytes of JSON, far more than a pipe holds.
    let dir = scratch("pipe");
    let inventory =
        std::fs::read_to_string(root().join("examples/inventory.jsonl")).expect("read inventory");
    let big = dir.join("big.jsonl");
    std::fs::write(&big, inventory.repeat(40)).expect("write inventory");
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tiaoli"))
        .args([
            "eval",
            big.to_str().expect("utf-8 path"),
            "--format",
            "json",
        ])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tiaoli");
    // The reader goes away at once, as `| head -c 0` would.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait for tiaoli");
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // 141 = 128 + SIGPIPE: stopped by the closed pipe, not run to the end (0).
    assert_eq!(out.status.code(), Some(141), "stderr: {stderr}");
    assert!(stderr.is_empty(), "a closed pipe is not reported: {stderr}");
    assert!(
        elapsed < Duration::from_secs(20),
        "took {elapsed:?}: evaluation went on after the pipe closed"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn errors_to_a_full_stderr_do_not_panic() {
    for (args, code) in [
        (&["eval", "no-such-file.yaml"][..], 2),
        (
            &["eval", "examples/grid-dispatch.yaml", "--as-of", "garbage"][..],
            2,
        ),
        (&["explain", "not-a-thing"][..], 2),
        (&["check", "no-such-folder"][..], 2),
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("open /dev/full");
        let out = Command::new(env!("CARGO_BIN_EXE_tiaoli"))
            .args(args)
            .current_dir(root())
            .env("NO_COLOR", "1")
            .stderr(Stdio::from(full))
            .output()
            .expect("run tiaoli");
        assert_eq!(out.status.code(), Some(code), "{args:?}");
    }
}
