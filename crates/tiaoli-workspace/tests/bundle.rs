//! The bundle built into the binary is exactly the `pack_files` of every
//! pack under `policies/`, and loads as the same packs as the disk.

use std::path::{Path, PathBuf};

use tiaoli_workspace::pack_files::packs_under;
use tiaoli_workspace::{BUNDLED_ROOT, Bundled, Disk, Host, load, pack_files};

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A path under the repository, `/`-separated, relative to it.
fn relative(path: &Path) -> String {
    path.strip_prefix(repository())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn the_bundle_is_the_pack_files_of_every_pack_under_policies() {
    let policies = repository().join(BUNDLED_ROOT);
    let mut expected: Vec<(String, String)> = Vec::new();
    for pack in packs_under(&Disk as &dyn Host, &policies).expect("walk policies") {
        for file in pack_files(&Disk, &pack).expect("pack files") {
            let text = std::fs::read_to_string(&file).expect("read");
            expected.push((relative(&file), text));
        }
    }
    expected.sort();
    let bundled: Vec<(String, String)> = Bundled
        .files()
        .iter()
        .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
        .collect();
    assert!(expected.len() > 3, "policies/ holds packs");
    assert_eq!(
        bundled.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        expected.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    assert!(
        bundled == expected,
        "a bundled file's text differs from the disk"
    );
    // Reference texts are not pack content.
    assert!(bundled.iter().all(|(p, _)| !p.contains("/source/")));
}

#[test]
fn the_bundle_loads_as_the_same_packs_as_the_disk() {
    let from_bundle = load(&Bundled, &[PathBuf::from(BUNDLED_ROOT)]).expect("bundle");
    let from_disk = load(&Disk, &[repository().join(BUNDLED_ROOT)]).expect("disk");
    let files = |ws: &tiaoli_workspace::Workspace| -> Vec<(String, String)> {
        ws.sources
            .iter()
            .map(|(_, f)| (relative(Path::new(&f.name)), f.text.clone()))
            .collect()
    };
    assert_eq!(files(&from_bundle), files(&from_disk));
    let idents = |ws: &tiaoli_workspace::Workspace| -> Vec<(String, Vec<usize>)> {
        ws.packs
            .iter()
            .map(|p| (p.ident.clone(), p.deps.clone()))
            .collect()
    };
    assert_eq!(idents(&from_bundle), idents(&from_disk));
    assert!(from_bundle.packs.len() >= 3);
    assert!(from_bundle.errors(&from_bundle.check()).is_empty());
}
