//! A database built from a discovered layout reports what the batch load
//! and check report, file ids included; setting the same layout again
//! re-runs nothing.

use std::path::{Path, PathBuf};

use tiaoli_db::Database;
use tiaoli_workspace::{Memory, discover, load};

fn tree() -> Memory {
    let manifest = |name: &str, kind: &str, deps: &str| {
        format!(
            "[pack]\nname = \"{name}\"\nversion = \"1.0.0\"\nkind = \"{kind}\"\n\
             effective = \"2021-09-01\"\n\n[pack.title]\nzh = \"甲\"\nen = \"A\"\n\n\
             [pack.issuer]\nzh = \"乙\"\nen = \"B\"\n{deps}"
        )
    };
    Memory::new()
        .with("ws/base/tiaoli.toml", manifest("base", "regulation", ""))
        .with(
            "ws/base/a.tiaoli",
            "define used: bool = true\ndefine x: bool = used\n",
        )
        .with("ws/base/b.tiaoli", "define y: bool = nothing\n")
        .with(
            "ws/s/tiaoli.toml",
            manifest(
                "s",
                "sector",
                "\n[dependencies]\nbase = \"^1.0\"\nmissing = \"^1.0\"\n",
            ),
        )
        .with("ws/s/s.tiaoli", "define z: bool = \n")
        .with("ws/s/gbk.tiaoli", b"define w: bool = \xB2\xE2\n".to_vec())
}

#[test]
fn the_database_reports_what_load_and_check_report() {
    let tree = tree();
    let paths = [PathBuf::from("ws")];
    let ws = load(&tree, &paths).expect("load");
    let expected = ws.all_diagnostics(&ws.check());
    let db = Database::from_layout(discover(&tree, &paths).expect("discover"));
    let got = db.diagnostics().expect("not cancelled");
    assert_eq!(got, expected);
    // Loading (M004, S009), syntax and check problems are all there.
    for code in ["M004", "S009", "N001"] {
        assert!(
            got.iter().any(|d| d.code.as_str() == code),
            "{code}: {got:#?}"
        );
    }
    let sources = db.sources().expect("not cancelled");
    assert_eq!(sources.len(), ws.sources.len());
    for (id, file) in ws.sources.iter() {
        assert_eq!(sources.name(id), file.name);
        assert_eq!(db.file_for_path(&file.name), Some(id));
    }
    let s = db.file_for_path("ws/s/s.tiaoli").expect("a file of pack s");
    assert_eq!(db.pack_of(s), Some(1));
}

#[test]
fn setting_the_same_layout_again_reruns_nothing() {
    let tree = tree();
    let layout = discover(&tree, &[PathBuf::from("ws")]).expect("discover");
    let mut db = Database::logging();
    db.set_layout(&layout);
    let first = db.diagnostics().expect("not cancelled");
    assert!(!db.take_executed().is_empty());
    db.set_layout(&layout);
    assert_eq!(db.diagnostics().expect("not cancelled"), first);
    assert_eq!(db.take_executed(), Vec::<String>::new());
    // A layout with one file changed re-parses that file only.
    let mut edited = tree.clone();
    edited.insert(Path::new("ws/base/b.tiaoli"), "define y: bool = used\n");
    db.set_layout(&discover(&edited, &[PathBuf::from("ws")]).expect("discover"));
    let after = db.diagnostics().expect("not cancelled");
    let executed = db.take_executed();
    assert_eq!(
        executed.iter().filter(|q| *q == "chunks").count(),
        1,
        "{executed:?}"
    );
    assert!(after.len() < first.len(), "{after:#?}");
}
