//! Running one command of a case: a scratch copy of the case folder with
//! its generated files and links, the real `tiaoli` binary, stdout captured
//! or sent to `/dev/full` or a closed pipe, and a deadline after which the
//! run is killed and counted as a hang.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::spec::{Case, Run, Sink};

/// What a run did.
#[derive(Debug)]
pub struct Outcome {
    /// `None`: killed by a signal (or by the deadline).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub hung: bool,
}

/// A fresh copy of `dir` (files and folders) with `case`'s generated
/// files and links, under the system's temporary folder.
pub fn scratch(dir: &Path, root: &Path, case: &Case) -> Result<PathBuf, String> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let to = std::env::temp_dir().join(format!("tiaoli-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&to);
    copy_dir(dir, &to).map_err(|e| format!("cannot copy the case: {e}"))?;
    let mut made: Vec<(&str, String)> = Vec::new();
    for g in &case.generate {
        let mut block = String::new();
        for (part, times) in &g.parts {
            block.push_str(&part.repeat(*times));
        }
        let text = if block.contains("{i}") {
            (0..g.times)
                .map(|i| block.replace("{i}", &i.to_string()))
                .collect()
        } else {
            block.repeat(g.times)
        };
        match made.iter_mut().find(|(f, _)| *f == g.file) {
            Some((_, t)) => t.push_str(&text),
            None => made.push((&g.file, text)),
        }
    }
    for (file, text) in made {
        let path = to.join(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot generate {file}: {e}"))?;
    }
    for l in &case.link {
        let path = to.join(&l.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        let target = l.target.replace("{root}", &root.to_string_lossy());
        std::os::unix::fs::symlink(target, &path)
            .map_err(|e| format!("cannot link {}: {e}", l.path))?;
    }
    Ok(to)
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Runs `tiaoli` as `run` says, in `dir`.
pub fn run(bin: &Path, root: &Path, dir: &Path, run: &Run) -> Result<Outcome, String> {
    let root = root.to_string_lossy();
    let args: Vec<String> = run
        .args
        .iter()
        .map(|a| a.replace("{root}", &root))
        .collect();
    let mut cmd = Command::new(bin);
    cmd.args(&args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .envs(&run.env)
        .stderr(Stdio::piped());
    cmd.stdin(match &run.stdin {
        Some(f) => Stdio::from(File::open(dir.join(f)).map_err(|e| format!("stdin {f}: {e}"))?),
        None => Stdio::null(),
    });
    cmd.stdout(match run.stdout {
        Some(Sink::Full) => Stdio::from(
            File::options()
                .write(true)
                .open("/dev/full")
                .map_err(|e| format!("/dev/full: {e}"))?,
        ),
        Some(Sink::Closed) | None => Stdio::piped(),
    });
    let mut child = cmd.spawn().map_err(|e| format!("cannot run tiaoli: {e}"))?;
    let stdout = match run.stdout {
        // The reader goes away before the first write.
        Some(Sink::Closed) => {
            drop(child.stdout.take());
            None
        }
        _ => child.stdout.take().map(drain),
    };
    let stderr = child.stderr.take().map(drain);
    let timeout = Duration::from_secs(run.timeout.unwrap_or(60));
    let (code, hung) = wait(&mut child, timeout)?;
    Ok(Outcome {
        code,
        stdout: collect(stdout),
        stderr: collect(stderr),
        hung,
    })
}

fn drain(mut r: impl Read + Send + 'static) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = r.read_to_end(&mut buf);
        buf
    })
}

fn collect(h: Option<JoinHandle<Vec<u8>>>) -> String {
    let bytes = h.and_then(|h| h.join().ok()).unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Waits for `child` until `timeout`, then kills it: (exit code, hung).
fn wait(child: &mut Child, timeout: Duration) -> Result<(Option<i32>, bool), String> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return Ok((status.code(), false));
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Ok((None, true));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}
