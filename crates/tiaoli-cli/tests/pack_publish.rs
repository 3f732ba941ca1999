//! Publishing, as a department and an engineer meet it through the real
//! binary: `tiaoli pack build` gives the same bytes for the same files
//! wherever they sit; `pack sign`/`verify` with Ed25519 and SM2; a signed
//! pack changed by one byte is refused by `eval`, `check` and `test` (M014);
//! a key the trust file does not name, an unsigned pack under
//! `--require-signed`, and hostile archives (traversal, links, duplicates,
//! absurd sizes, tampering) are each refused with a clear error, never a
//! panic.

#![expect(
    clippy::expect_used,
    reason = "a test that cannot run the binary should fail loudly"
)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{root, tiaoli};

#[test]
fn pack_help_names_its_commands() {
    let out = tiaoli(&["pack", "--help"]);
    let help = text(&out);
    for cmd in ["build", "keygen", "sign", "verify", "unpack"] {
        assert!(help.contains(cmd), "{help}");
    }
}

fn tiaoli_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tiaoli"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run tiaoli")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn status(o: &Output) -> i32 {
    o.status.code().expect("exited, not killed")
}

/// Copies a folder, recursively.
fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create");
    for entry in fs::read_dir(from).expect("read") {
        let path = entry.expect("entry").path();
        let dest = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_dir(&path, &dest);
        } else {
            fs::copy(&path, &dest).expect("copy");
        }
    }
}

/// `policies/` (decree-745, the guidance, the energy pack) in a fresh
/// temporary folder.
fn policies() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&root().join("policies"), &dir.path().join("policies"));
    fs::copy(
        root().join("examples/grid-dispatch.yaml"),
        dir.path().join("grid-dispatch.yaml"),
    )
    .expect("copy example");
    dir
}

fn ok(o: &Output) -> String {
    assert_eq!(status(o), 0, "{}", text(o));
    text(o)
}

fn keygen(dir: &Path, alg: &str, name: &str) -> String {
    ok(&tiaoli_in(
        dir,
        &[
            "pack",
            "keygen",
            "--algorithm",
            alg,
            "--out",
            &format!("keys/{name}"),
        ],
    ));
    fs::read_to_string(dir.join(format!("keys/{name}.pub")))
        .expect("public key")
        .lines()
        .find(|l| !l.starts_with('#'))
        .expect("key line")
        .to_owned()
}

fn trust_file(dir: &Path, issuer: &str, keys: &[&str]) -> PathBuf {
    let path = dir.join("trust.toml");
    let list: Vec<String> = keys.iter().map(|k| format!("\"{k}\"")).collect();
    fs::write(
        &path,
        format!(
            "[[issuer]]\nname = \"{issuer}\"\nkeys = [{}]\n",
            list.join(", ")
        ),
    )
    .expect("write trust");
    path
}

const DECREE_ISSUER: &str = "国务院";
const MODEL_ISSUER: &str = "tiaoli project (model rules, not the department's official rules)";

#[test]
fn build_twice_and_in_a_copied_folder_gives_the_same_bytes() {
    let a = policies();
    ok(&tiaoli_in(
        a.path(),
        &["pack", "build", "policies/decree-745", "--out", "one"],
    ));
    ok(&tiaoli_in(
        a.path(),
        &["pack", "build", "policies/decree-745", "--out", "two"],
    ));
    let name = "decree-745-1.0.0.tar";
    let one = fs::read(a.path().join("one").join(name)).expect("archive");
    let two = fs::read(a.path().join("two").join(name)).expect("archive");
    assert_eq!(one, two, "two builds differ");

    // Another folder, other modification times and permissions.
    let b = policies();
    let pack = b.path().join("policies/decree-745");
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    for entry in fs::read_dir(&pack).expect("read") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            let f = fs::File::options().append(true).open(&path).expect("open");
            f.set_modified(old).expect("set mtime");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt as _;
                fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).expect("chmod");
            }
        }
    }
    ok(&tiaoli_in(
        b.path(),
        &["pack", "build", "policies/decree-745", "--out", "dist"],
    ));
    let three = fs::read(b.path().join("dist").join(name)).expect("archive");
    assert_eq!(one, three, "a build in another folder differs");

    // The digests written beside it are the archive's (`sha256sum -c` form),
    // and the filing summary names them and the rules.
    let sha = fs::read_to_string(a.path().join("one").join(format!("{name}.sha256"))).expect("sha");
    assert_eq!(
        sha,
        format!("{}  {name}\n", tiaoli_publish::digest::sha256_hex(&one))
    );
    let sm3 = fs::read_to_string(a.path().join("one").join(format!("{name}.sm3"))).expect("sm3");
    assert_eq!(
        sm3,
        format!("{}  {name}\n", tiaoli_publish::digest::sm3_hex(&one))
    );
    let filing: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(a.path().join("one/decree-745-1.0.0.filing.json")).expect("filing"),
    )
    .expect("json");
    assert_eq!(filing["pack"], "decree-745");
    assert_eq!(filing["issuer"]["zh"], DECREE_ISSUER);
    assert_eq!(
        filing["archive"]["sm3"],
        tiaoli_publish::digest::sm3_hex(&one)
    );
    let rules = filing["rules"].as_array().expect("rules");
    assert!(
        rules
            .iter()
            .any(|r| r["kind"] == "obligation" && r["article"] == 17),
        "{rules:?}"
    );
    assert!(
        filing["articles_cited"]
            .as_array()
            .expect("cited")
            .contains(&serde_json::json!(17))
    );
    let human =
        fs::read_to_string(a.path().join("one/decree-745-1.0.0.filing.txt")).expect("filing");
    assert!(human.contains("SM3") && human.contains(&tiaoli_publish::digest::sm3_hex(&one)));
}

#[test]
fn a_one_byte_change_to_a_signed_pack_is_refused_by_eval_check_and_test() {
    let t = policies();
    let dir = t.path();
    let ed = keygen(dir, "ed25519", "state-council");
    ok(&tiaoli_in(
        dir,
        &[
            "pack",
            "sign",
            "policies/decree-745",
            "--key",
            "keys/state-council.key",
        ],
    ));
    let trust = trust_file(dir, DECREE_ISSUER, &[&ed]);
    let trust = trust.to_str().expect("utf-8");
    let eval = [
        "eval",
        "grid-dispatch.yaml",
        "--as-of",
        "2026-11-21",
        "--pack",
        "policies/decree-745",
        "--trust",
        trust,
        "--require-signed",
    ];
    let before = tiaoli_in(dir, &eval);
    assert_ne!(status(&before), 1, "{}", text(&before));
    assert!(!text(&before).contains("M014"), "{}", text(&before));

    // One byte: a space at the end of one file.
    let file = dir.join("policies/decree-745/ch3-operator-duties.tiaoli");
    let mut bytes = fs::read(&file).expect("read");
    bytes.push(b' ');
    fs::write(&file, bytes).expect("write");
    let after = tiaoli_in(dir, &eval);
    assert_eq!(status(&after), 1, "{}", text(&after));
    let out = text(&after);
    assert!(out.contains("M014"), "{out}");

    let check = tiaoli_in(dir, &["check", "policies/decree-745", "--format", "json"]);
    assert_eq!(status(&check), 1);
    assert!(text(&check).contains("\"M014\""), "{}", text(&check));
    assert!(
        text(&check).contains("changed: `ch3-operator-duties.tiaoli`"),
        "{}",
        text(&check)
    );
    let test = tiaoli_in(dir, &["test", "policies/decree-745"]);
    assert_ne!(status(&test), 0);
    assert!(text(&test).contains("M014"), "{}", text(&test));

    // An added file is named too, and `pack verify` agrees.
    fs::write(dir.join("policies/decree-745/extra.tiaoli"), "").expect("write");
    let verify = tiaoli_in(dir, &["pack", "verify", "policies/decree-745"]);
    assert_eq!(status(&verify), 1, "{}", text(&verify));
    assert!(
        text(&verify).contains("added: `extra.tiaoli`"),
        "{}",
        text(&verify)
    );
}

#[test]
fn both_algorithms_sign_and_verify_and_a_wrong_key_is_refused() {
    let t = policies();
    let dir = t.path();
    let sm2 = keygen(dir, "sm2", "nea");
    let ed = keygen(dir, "ed25519", "nea-backup");
    let other = keygen(dir, "sm2", "someone-else");
    assert!(sm2.starts_with("sm2:04") && ed.starts_with("ed25519:"));
    ok(&tiaoli_in(
        dir,
        &["pack", "build", "policies/sectors/energy", "--out", "dist"],
    ));
    let archive = "dist/energy-0.2.0.tar";
    let trust = trust_file(dir, MODEL_ISSUER, &[&sm2, &ed]);
    let trust = trust.to_str().expect("utf-8");
    for key in ["keys/nea.key", "keys/nea-backup.key"] {
        ok(&tiaoli_in(dir, &["pack", "sign", archive, "--key", key]));
        let out = ok(&tiaoli_in(
            dir,
            &["pack", "verify", archive, "--trust", trust],
        ));
        assert!(out.contains("trusted for its issuer"), "{out}");
        ok(&tiaoli_in(
            dir,
            &["pack", "sign", "policies/sectors/energy", "--key", key],
        ));
        ok(&tiaoli_in(
            dir,
            &[
                "pack",
                "verify",
                "policies/sectors/energy",
                "--trust",
                trust,
            ],
        ));
    }
    // Signed with a key the trust file does not name.
    ok(&tiaoli_in(
        dir,
        &["pack", "sign", archive, "--key", "keys/someone-else.key"],
    ));
    let wrong = tiaoli_in(dir, &["pack", "verify", archive, "--trust", trust]);
    assert_eq!(status(&wrong), 1, "{}", text(&wrong));
    assert!(text(&wrong).contains("does not trust"), "{}", text(&wrong));
    ok(&tiaoli_in(
        dir,
        &[
            "pack",
            "sign",
            "policies/sectors/energy",
            "--key",
            "keys/someone-else.key",
        ],
    ));
    let eval = tiaoli_in(
        dir,
        &[
            "eval",
            "grid-dispatch.yaml",
            "--as-of",
            "2026-11-21",
            "--pack",
            "policies/sectors/energy",
            "--trust",
            trust,
        ],
    );
    assert_eq!(status(&eval), 1, "{}", text(&eval));
    assert!(text(&eval).contains("does not trust"), "{}", text(&eval));
    assert!(!other.is_empty());

    // A signature file whose key was swapped for a trusted one: the
    // signature no longer verifies.
    let sig_path = dir.join("policies/sectors/energy/tiaoli.sig");
    let sig = fs::read_to_string(&sig_path).expect("sig");
    fs::write(&sig_path, sig.replace(&other, &sm2)).expect("write");
    let forged = tiaoli_in(
        dir,
        &[
            "pack",
            "verify",
            "policies/sectors/energy",
            "--trust",
            trust,
        ],
    );
    assert_eq!(status(&forged), 1, "{}", text(&forged));
    assert!(
        text(&forged).contains("does not verify"),
        "{}",
        text(&forged)
    );
}

#[test]
fn require_signed_refuses_an_unsigned_pack() {
    let t = policies();
    let dir = t.path();
    let key = keygen(dir, "sm2", "k");
    let trust = trust_file(dir, DECREE_ISSUER, &[&key]);
    let out = tiaoli_in(
        dir,
        &[
            "eval",
            "grid-dispatch.yaml",
            "--as-of",
            "2026-11-21",
            "--pack",
            "policies/decree-745",
            "--trust",
            trust.to_str().expect("utf-8"),
            "--require-signed",
        ],
    );
    assert_eq!(status(&out), 1, "{}", text(&out));
    assert!(text(&out).contains("is not signed"), "{}", text(&out));
    // --require-signed without a trust file is a usage error.
    let usage = tiaoli_in(
        dir,
        &[
            "eval",
            "grid-dispatch.yaml",
            "--pack",
            "policies/decree-745",
            "--require-signed",
        ],
    );
    assert_eq!(status(&usage), 2, "{}", text(&usage));
}

#[test]
fn a_tampered_archive_is_refused_and_unpack_keeps_the_signature() {
    let t = policies();
    let dir = t.path();
    let key = keygen(dir, "ed25519", "k");
    ok(&tiaoli_in(
        dir,
        &["pack", "build", "policies/sectors/energy", "--out", "dist"],
    ));
    let archive = dir.join("dist/energy-0.2.0.tar");
    ok(&tiaoli_in(
        dir,
        &[
            "pack",
            "sign",
            "dist/energy-0.2.0.tar",
            "--key",
            "keys/k.key",
        ],
    ));
    let trust = trust_file(dir, MODEL_ISSUER, &[&key]);
    let trust = trust.to_str().expect("utf-8");

    // Unpacked, the folder is signed and loads clean.
    ok(&tiaoli_in(
        dir,
        &[
            "pack",
            "unpack",
            "dist/energy-0.2.0.tar",
            "--out",
            "got",
            "--trust",
            trust,
        ],
    ));
    assert!(dir.join("got/energy-0.2.0/tiaoli.sig").is_file());
    ok(&tiaoli_in(
        dir,
        &["pack", "verify", "got/energy-0.2.0", "--trust", trust],
    ));
    let again = tiaoli_in(
        dir,
        &["pack", "unpack", "dist/energy-0.2.0.tar", "--out", "got"],
    );
    assert_eq!(status(&again), 2, "unpack overwrote: {}", text(&again));

    // One byte of a file's data: the digest no longer matches.
    let good = fs::read(&archive).expect("archive");
    let mut bad = good.clone();
    let at = 512 + 10;
    bad[at] ^= 0x01;
    fs::write(&archive, &bad).expect("write");
    let out = tiaoli_in(dir, &["pack", "verify", "dist/energy-0.2.0.tar"]);
    assert_eq!(status(&out), 1, "{}", text(&out));
    assert!(
        text(&out).contains("changed: `identification.tiaoli`"),
        "{}",
        text(&out)
    );
    let out = tiaoli_in(
        dir,
        &["pack", "unpack", "dist/energy-0.2.0.tar", "--out", "bad"],
    );
    assert_eq!(status(&out), 1, "{}", text(&out));
    assert!(!dir.join("bad").exists(), "a refused archive was unpacked");

    // One byte of a header: its checksum fails.
    let mut bad = good;
    bad[0] = b'X';
    fs::write(&archive, &bad).expect("write");
    let out = tiaoli_in(dir, &["pack", "verify", "dist/energy-0.2.0.tar"]);
    assert_eq!(status(&out), 1, "{}", text(&out));
    assert!(text(&out).contains("checksum"), "{}", text(&out));
}

/// A ustar header as any tar tool writes it: for crafting hostile archives.
fn header(path: &str, size: u64, kind: u8, link: &str) -> [u8; 512] {
    let mut h = [0u8; 512];
    let put = |h: &mut [u8; 512], at: usize, b: &[u8]| h[at..at + b.len()].copy_from_slice(b);
    put(&mut h, 0, path.as_bytes());
    put(&mut h, 100, b"0000644\0");
    put(&mut h, 108, b"0000000\0");
    put(&mut h, 116, b"0000000\0");
    put(&mut h, 124, format!("{size:011o}\0").as_bytes());
    put(&mut h, 136, b"00000000000\0");
    put(&mut h, 148, b"        ");
    h[156] = kind;
    put(&mut h, 157, link.as_bytes());
    put(&mut h, 257, b"ustar\0");
    put(&mut h, 263, b"00");
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    put(&mut h, 148, format!("{sum:06o}\0 ").as_bytes());
    h
}

fn archive(entries: &[(&str, &[u8], u8, &str)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (path, data, kind, link) in entries {
        out.extend_from_slice(&header(path, data.len() as u64, *kind, link));
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.resize(out.len() + 1024, 0);
    out
}

const MANIFEST: &[u8] = b"[pack]\nname = \"p\"\nversion = \"1.0.0\"\nkind = \"regulation\"\neffective = \"2021-09-01\"\n[pack.title]\nzh = \"p\"\nen = \"p\"\n[pack.issuer]\nzh = \"p\"\nen = \"p\"\n";

fn refused(bytes: &[u8], expect: &str) {
    let t = tempfile::tempdir().expect("temp dir");
    fs::write(t.path().join("p-1.0.0.tar"), bytes).expect("write");
    for args in [
        vec!["pack", "verify", "p-1.0.0.tar"],
        vec!["pack", "unpack", "p-1.0.0.tar", "--out", "out"],
    ] {
        let out = tiaoli_in(t.path(), &args);
        assert_eq!(status(&out), 1, "{args:?}: {}", text(&out));
        assert!(text(&out).contains(expect), "{args:?}: {}", text(&out));
        assert!(
            !t.path().join("out").exists(),
            "a refused archive was unpacked"
        );
        assert!(!t.path().join("evil").exists() && !t.path().join("../evil").exists());
    }
}

#[test]
fn a_traversal_entry_is_refused() {
    refused(
        &archive(&[
            ("p-1.0.0/tiaoli.toml", MANIFEST, b'0', ""),
            ("p-1.0.0/../../evil", b"x", b'0', ""),
        ]),
        "outside the pack's folder",
    );
    refused(
        &archive(&[("/tmp/evil", b"x", b'0', "")]),
        "outside the pack's folder",
    );
}

#[test]
fn link_entries_are_refused() {
    for kind in [b'1', b'2'] {
        refused(
            &archive(&[
                ("p-1.0.0/tiaoli.toml", MANIFEST, b'0', ""),
                ("p-1.0.0/x.tiaoli", b"", kind, "/etc/passwd"),
            ]),
            "is a link (to `/etc/passwd`)",
        );
    }
}

#[test]
fn duplicate_entries_are_refused() {
    refused(
        &archive(&[
            ("p-1.0.0/tiaoli.toml", MANIFEST, b'0', ""),
            ("p-1.0.0/tiaoli.toml", MANIFEST, b'0', ""),
        ]),
        "appears twice",
    );
}

#[test]
fn an_absurd_size_is_refused_without_reading_it() {
    let mut bytes = archive(&[("p-1.0.0/tiaoli.toml", MANIFEST, b'0', "")]);
    // Claim 64 GiB for the manifest: refused from the header alone.
    let h = header("p-1.0.0/tiaoli.toml", 0o777_7777_7777, b'0', "");
    bytes[..512].copy_from_slice(&h);
    refused(&bytes, "too large");
}

#[test]
fn a_well_formed_archive_from_another_tool_is_not_canonical() {
    // Same files, but the entries out of order: reads, yet is not what
    // `pack build` writes, so it is refused rather than trusted.
    refused(
        &archive(&[
            ("p-1.0.0/tiaoli.toml", MANIFEST, b'0', ""),
            ("p-1.0.0/a.tiaoli", b"", b'0', ""),
        ]),
        "not in the canonical form",
    );
}
