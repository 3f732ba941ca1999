//! The format of a hostile-input case: `tests/hostile/ID-name/case.toml`,
//! next to the case's input files. See `tests/hostile/README.md`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// What the case tries (as reliability.md's table says it).
    pub title: String,
    /// Why the case does not pass yet: the defect and who fixes it
    /// (`"D2: helper render"`). A pending case is listed, not run (run it
    /// with `HOSTILE_PENDING=1`).
    pub pending: Option<String>,
    /// Inputs too big to commit, made in the scratch folder before the runs.
    #[serde(default)]
    pub generate: Vec<Generate>,
    /// Symbolic links made in the scratch folder (git keeps none here);
    /// `{root}` in a target is the repository root.
    #[serde(default)]
    pub link: Vec<Link>,
    /// The commands, run in order in one scratch copy of the case folder.
    pub run: Vec<Run>,
}

/// A block of a generated file: its parts, each `[text, times]`
/// (`[["(", 100000], ["x", 1]]`), the whole block written `times` times,
/// with `{i}` in a part replaced by the block's number (0, 1, …).
/// Blocks naming the same file are written one after another.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Generate {
    pub file: String,
    pub parts: Vec<(String, usize)>,
    #[serde(default = "once")]
    pub times: usize,
}

fn once() -> usize {
    1
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub path: String,
    pub target: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Run {
    /// `tiaoli`'s arguments; `{root}` is the repository root.
    pub args: Vec<String>,
    pub exit: i32,
    /// The distinct diagnostic codes reported, exactly (in any order).
    pub codes: Option<Vec<String>>,
    /// Codes that must be among those reported.
    #[serde(default)]
    pub codes_include: Vec<String>,
    /// Codes that must not be reported.
    #[serde(default)]
    pub codes_exclude: Vec<String>,
    #[serde(default)]
    pub stdout_has: Vec<String>,
    #[serde(default)]
    pub stdout_lacks: Vec<String>,
    #[serde(default)]
    pub stderr_has: Vec<String>,
    #[serde(default)]
    pub stderr_lacks: Vec<String>,
    /// stdout must be one JSON document (`"document"`) or JSON lines
    /// (`"lines"`): nothing was cut off.
    pub stdout_json: Option<JsonShape>,
    /// A file of the case fed to stdin (otherwise stdin is empty).
    pub stdin: Option<String>,
    /// Where stdout goes: captured (default), `"full"` (`/dev/full`) or
    /// `"closed"` (a pipe whose reader has gone).
    pub stdout: Option<Sink>,
    /// Seconds before the run counts as a hang (default 60).
    pub timeout: Option<u64>,
    /// stdout must be byte for byte that of this earlier run (1-based):
    /// the output is deterministic.
    pub same_stdout_as: Option<usize>,
    /// Files that must be byte for byte as they were before the run.
    #[serde(default)]
    pub unchanged: Vec<String>,
    #[serde(default)]
    pub env: BTreeMap<String, String>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum JsonShape {
    Document,
    Lines,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Sink {
    Full,
    Closed,
}

impl Case {
    pub fn load(dir: &Path) -> Result<Case, String> {
        let path = dir.join("case.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read: {e}"))?;
        let case: Case = toml::from_str(&text).map_err(|e| format!("invalid case.toml: {e}"))?;
        if case.run.is_empty() {
            return Err("case.toml has no [[run]]".into());
        }
        Ok(case)
    }
}
