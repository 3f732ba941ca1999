//! A copy of a bundled pack in a temporary folder, for the server to load
//! from disk while the test edits an open document.

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::client::{Client, file_uri};

/// The mistake written into chapter 3: `em` for `en` after a Chinese title.
pub const MISTAKE: &str = "\"同步规划建设使用\" em \"";

pub struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    /// `policies/decree-745` copied (without `source/`).
    pub fn decree() -> Fixture {
        let dir = tempfile::tempdir().expect("temporary folder");
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/decree-745");
        let to = dir.path().join("decree-745");
        std::fs::create_dir_all(&to).expect("create pack folder");
        for entry in std::fs::read_dir(&from).expect("read pack") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
            }
        }
        Fixture { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.path().join("decree-745").join(file)
    }

    pub fn uri(&self, file: &str) -> String {
        file_uri(&self.path(file))
    }

    pub fn text(&self, file: &str) -> String {
        std::fs::read_to_string(self.path(file)).expect("read fixture file")
    }

    /// Opens chapter 3 with the mistake in it (the disk keeps the text
    /// without it); returns its URI and the text sent.
    pub fn open_with_mistake(&self, client: &mut Client) -> (String, String) {
        let file = "ch3-operator-duties.tiaoli";
        let text = self
            .text(file)
            .replacen("\"同步规划建设使用\" en \"", MISTAKE, 1);
        assert!(text.contains(MISTAKE));
        let uri = self.uri(file);
        open(client, &uri, &text);
        (uri, text)
    }
}

pub fn open(client: &mut Client, uri: &str, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "tiaoli", "version": 1, "text": text } }),
    );
}

/// UTF-16 code units in `s`.
pub fn utf16_len(s: &str) -> u32 {
    s.encode_utf16().count() as u32
}
