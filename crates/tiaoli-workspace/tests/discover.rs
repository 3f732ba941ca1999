//! Discovery and loading over an in-memory tree: nested packs, dependencies
//! by path and by name in a parent folder, a lone file, symlink cycles,
//! files that are not UTF-8, and an editor's overlay.

use std::path::{Path, PathBuf};

use tiaoli_diagnostics::Code;
use tiaoli_workspace::{
    Disk, Host, Layout, Memory, Overlay, discover, load, pack_files, pack_root_of,
};

fn manifest(name: &str, kind: &str, deps: &str) -> String {
    format!(
        "[pack]\nname = \"{name}\"\nversion = \"1.0.0\"\nkind = \"{kind}\"\n\
         effective = \"2021-09-01\"\n\n[pack.title]\nzh = \"甲\"\nen = \"A\"\n\n\
         [pack.issuer]\nzh = \"乙\"\nen = \"B\"\n{deps}"
    )
}

const DEFINE: &str = "define x: bool = true\n";

fn paths(list: &[&str]) -> Vec<PathBuf> {
    list.iter().map(PathBuf::from).collect()
}

/// Each pack's ident and its files' names, in loading order.
fn packs(layout: &Layout) -> Vec<(String, Vec<String>)> {
    layout
        .packs
        .iter()
        .map(|p| {
            let names = p
                .files
                .iter()
                .map(|&f| layout.sources.name(f).to_owned())
                .collect();
            (p.ident.clone(), names)
        })
        .collect()
}

fn codes(layout: &Layout) -> Vec<Code> {
    layout.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn packs_are_found_at_any_depth_and_a_nested_pack_is_not_its_parents_content() {
    let tree = Memory::new()
        .with("root/a/tiaoli.toml", manifest("a", "regulation", ""))
        .with("root/a/one.tiaoli", DEFINE)
        .with("root/a/sub/two.tiaoli", DEFINE)
        .with("root/a/source/reference.tiaoli", DEFINE)
        .with(
            "root/a/inner/tiaoli.toml",
            manifest("inner", "regulation", ""),
        )
        .with("root/a/inner/three.tiaoli", DEFINE)
        .with("root/deep/er/b/tiaoli.toml", manifest("b", "guidance", ""))
        .with("root/deep/er/b/four.tiaoli", DEFINE);
    let layout = discover(&tree, &paths(&["root"])).expect("discover");
    assert_eq!(
        packs(&layout),
        vec![
            (
                "a".to_owned(),
                vec![
                    "root/a/one.tiaoli".to_owned(),
                    "root/a/sub/two.tiaoli".to_owned()
                ]
            ),
            (
                "b".to_owned(),
                vec!["root/deep/er/b/four.tiaoli".to_owned()]
            ),
        ]
    );
    assert!(layout.diagnostics.is_empty(), "{:?}", layout.diagnostics);
    assert_eq!(layout.packs[1].authority, tiaoli_check::Authority::Guidance);
    // The nested pack is content of its own.
    let inner = pack_files(&tree, Path::new("root/a/inner")).expect("pack files");
    assert_eq!(
        inner,
        paths(&["root/a/inner/three.tiaoli", "root/a/inner/tiaoli.toml"])
    );
    let outer = pack_files(&tree, Path::new("root/a")).expect("pack files");
    assert_eq!(
        outer,
        paths(&[
            "root/a/one.tiaoli",
            "root/a/sub/two.tiaoli",
            "root/a/tiaoli.toml"
        ])
    );
}

#[test]
fn dependencies_are_found_by_path_and_by_name_in_a_parent_folder() {
    let by_name = "\n[dependencies]\nbase = \"^1.0\"\n";
    let by_path = "\n[dependencies]\nbase = { version = \"^1.0\", path = \"../../base\" }\n";
    let tree = Memory::new()
        .with("ws/base/tiaoli.toml", manifest("base", "regulation", ""))
        .with("ws/base/base.tiaoli", DEFINE)
        .with(
            "ws/sectors/named/tiaoli.toml",
            manifest("named", "sector", by_name),
        )
        .with("ws/sectors/named/n.tiaoli", DEFINE)
        .with(
            "ws/sectors/pathed/tiaoli.toml",
            manifest("pathed", "sector", by_path),
        )
        .with("ws/sectors/pathed/p.tiaoli", DEFINE);
    for (start, ident) in [
        ("ws/sectors/named", "named"),
        ("ws/sectors/pathed", "pathed"),
    ] {
        let layout = discover(&tree, &paths(&[start])).expect("discover");
        let idents: Vec<&str> = layout.packs.iter().map(|p| p.ident.as_str()).collect();
        assert_eq!(idents, [ident, "base"], "{start}");
        assert_eq!(layout.packs[0].deps, [1], "{start}");
        assert!(layout.packs[0].is_sector);
        assert!(layout.diagnostics.is_empty(), "{:?}", layout.diagnostics);
    }
    // Loaded twice (given, and as a dependency): one pack.
    let layout = discover(&tree, &paths(&["ws/sectors", "ws/base"])).expect("discover");
    assert_eq!(layout.packs.len(), 3);
    assert_eq!(layout.packs.iter().filter(|p| p.ident == "base").count(), 1);
}

#[test]
fn a_dependency_path_without_a_manifest_is_m002_and_not_also_m004() {
    let deps = "\n[dependencies]\nbase = { version = \"^1.0\", path = \"../nowhere\" }\n";
    let tree = Memory::new()
        .with("ws/s/tiaoli.toml", manifest("s", "sector", deps))
        .with("ws/s/s.tiaoli", DEFINE)
        .with("ws/nowhere/x.tiaoli", DEFINE);
    let layout = discover(&tree, &paths(&["ws"])).expect("discover");
    assert_eq!(codes(&layout), [Code::M002], "{:?}", layout.diagnostics);
}

#[test]
fn a_lone_file_is_a_pack_of_its_own_and_a_file_in_a_pack_means_the_pack() {
    let tree = Memory::new()
        .with("loose/my-rules.tiaoli", DEFINE)
        .with("p/tiaoli.toml", manifest("p", "regulation", ""))
        .with("p/a.tiaoli", DEFINE)
        .with("p/b.tiaoli", DEFINE);
    let layout = discover(&tree, &paths(&["loose/my-rules.tiaoli"])).expect("discover");
    assert_eq!(
        packs(&layout),
        [(
            "my_rules".to_owned(),
            vec!["loose/my-rules.tiaoli".to_owned()]
        )]
    );
    assert!(layout.packs[0].manifest.is_none() && layout.packs[0].manifest_file.is_none());
    let layout = discover(&tree, &paths(&["p/a.tiaoli"])).expect("discover");
    assert_eq!(packs(&layout)[0].1.len(), 2);
    // A folder of .tiaoli files without a manifest is reported, not loaded.
    let layout = discover(&tree, &paths(&["loose"])).expect("discover");
    assert!(layout.packs.is_empty());
    assert_eq!(codes(&layout), [Code::M002]);
}

#[test]
fn a_missing_path_is_an_io_error() {
    let err = discover(&Memory::new(), &paths(&["nothing"])).expect_err("no such path");
    assert!(err.contains("no such file or folder"), "{err}");
}

#[test]
fn symlink_cycles_end_and_each_real_file_is_read_once() {
    let mut tree = Memory::new()
        .with("loop/tiaoli.toml", manifest("looped", "regulation", ""))
        .with("loop/p/a.tiaoli", DEFINE);
    tree.link("loop/p/l1", "..");
    tree.link("loop/p/l2", "..");
    // A link to itself resolves to nothing (ELOOP), not for ever.
    tree.link("loop/p/self", "self");
    let layout = discover(&tree, &paths(&["loop"])).expect("discover");
    assert_eq!(
        packs(&layout),
        [("looped".to_owned(), vec!["loop/p/a.tiaoli".to_owned()])]
    );
    // Without a manifest: one M002 for the one real folder.
    let mut bare = Memory::new().with("loop/p/a.tiaoli", DEFINE);
    bare.link("loop/p/l1", "..");
    bare.link("loop/p/l2", "..");
    let layout = discover(&bare, &paths(&["loop"])).expect("discover");
    assert_eq!(codes(&layout), [Code::M002]);
}

#[test]
fn a_file_that_is_not_utf8_is_s009_and_its_pack_counts_as_broken() {
    let tree = Memory::new()
        .with("p/tiaoli.toml", manifest("p", "regulation", ""))
        .with("p/good.tiaoli", DEFINE)
        .with("p/gbk.tiaoli", b"define x: bool = \xB2\xE2\n".to_vec());
    let layout = discover(&tree, &paths(&["p"])).expect("discover");
    assert_eq!(codes(&layout), [Code::S009]);
    assert_eq!(layout.packs[0].files.len(), 1);
    assert_eq!(layout.packs[0].not_utf8.len(), 1);
    let ws = load(&tree, &paths(&["p"])).expect("load");
    assert_eq!(ws.files, 2);
    assert!(ws.packs[0].has_syntax_errors);
}

#[test]
fn discover_parses_nothing_and_load_parses_everything() {
    let tree = Memory::new()
        .with("p/tiaoli.toml", manifest("p", "regulation", ""))
        .with("p/broken.tiaoli", "define x: = \n");
    let layout = discover(&tree, &paths(&["p"])).expect("discover");
    assert!(layout.diagnostics.is_empty(), "{:?}", layout.diagnostics);
    let ws = load(&tree, &paths(&["p"])).expect("load");
    assert!(
        ws.diagnostics
            .iter()
            .any(|d| d.code.as_str().starts_with('S'))
    );
    assert!(ws.packs[0].has_syntax_errors);
    assert_eq!(layout.sources.len(), ws.sources.len());
}

#[test]
fn the_pack_root_of_a_file_is_the_nearest_manifest_above_it() {
    let tree = Memory::new()
        .with("ws/p/tiaoli.toml", manifest("p", "regulation", ""))
        .with("ws/p/chapters/deep/a.tiaoli", DEFINE)
        .with(
            "ws/p/inner/tiaoli.toml",
            manifest("inner", "regulation", ""),
        )
        .with("ws/p/inner/b.tiaoli", DEFINE)
        .with("ws/loose.tiaoli", DEFINE);
    let root = |f: &str| pack_root_of(&tree, Path::new(f));
    assert_eq!(
        root("ws/p/chapters/deep/a.tiaoli"),
        Some(PathBuf::from("ws/p"))
    );
    assert_eq!(
        root("ws/p/inner/b.tiaoli"),
        Some(PathBuf::from("ws/p/inner"))
    );
    assert_eq!(root("ws/loose.tiaoli"), None);
    // A file not created yet still has a pack.
    assert_eq!(root("ws/p/new.tiaoli"), Some(PathBuf::from("ws/p")));
}

#[test]
fn an_overlay_shows_open_documents_over_the_base() {
    let disk = Memory::new()
        .with("p/tiaoli.toml", manifest("p", "regulation", ""))
        .with("p/a.tiaoli", DEFINE);
    let mut overlay = Overlay::new(&disk);
    overlay.open(Path::new("p/a.tiaoli"), "define y: bool = false\n");
    overlay.open(Path::new("p/new/unsaved.tiaoli"), DEFINE);
    let layout = discover(&overlay, &paths(&["p"])).expect("discover");
    assert_eq!(packs(&layout)[0].1, ["p/a.tiaoli", "p/new/unsaved.tiaoli"]);
    assert_eq!(
        layout.sources.text(layout.packs[0].files[0]),
        "define y: bool = false\n"
    );
    assert!(overlay.is_dir(Path::new("p/new")));
    overlay.close(Path::new("p/a.tiaoli"));
    assert_eq!(overlay.read(Path::new("p/a.tiaoli")).expect("read"), DEFINE);
    // Over the real disk, an unsaved file in a real folder is listed too.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("tiaoli.toml"),
        manifest("t", "regulation", ""),
    )
    .expect("write");
    let mut overlay = Overlay::new(&Disk);
    overlay.open(&dir.path().join("open.tiaoli"), DEFINE);
    let layout = discover(&overlay, &[dir.path().to_path_buf()]).expect("discover");
    assert_eq!(layout.packs[0].files.len(), 1);
}

/// Discovery's diagnostics read in Chinese too (`--lang zh`): message,
/// labels and help.
#[test]
fn discovery_diagnostics_read_in_chinese() {
    let deps = "\n[dependencies]\nbase = { version = \"^1.0\", path = \"../nowhere\" }\n";
    let tree = Memory::new()
        .with("ws/s/tiaoli.toml", manifest("s", "sector", deps))
        .with("ws/s/s.tiaoli", DEFINE)
        .with("ws/p/tiaoli.toml", manifest("p", "regulation", ""))
        .with("ws/p/gbk.tiaoli", b"define x: bool = \xB2\xE2\n".to_vec())
        .with("ws/loose/x.tiaoli", DEFINE);
    let layout = discover(&tree, &paths(&["ws"])).expect("discover");
    let mut found = codes(&layout);
    found.sort();
    let mut expected = [Code::M002, Code::M002, Code::S009];
    expected.sort();
    assert_eq!(found, expected, "{:?}", layout.diagnostics);
    let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    for d in &layout.diagnostics {
        let texts = std::iter::once(&d.message)
            .chain(d.labels.iter().map(|l| &l.message))
            .chain(&d.help);
        for m in texts {
            assert!(m.zh() != m.en() && cjk(m.zh()), "no Chinese: {m:?}");
        }
    }
    let s009 = layout
        .diagnostics
        .iter()
        .find(|d| d.code == Code::S009)
        .expect("S009");
    assert_eq!(
        s009.message.zh(),
        "此文件不是 UTF-8 文本：偏移量 17 处的字节为 0xB2"
    );
}
