//! A small LSP client for tests: it starts the real `tiaoli lsp`, frames
//! messages with `Content-Length`, numbers requests, answers the server's
//! own requests, and waits for everything with a deadline, so that a server
//! that hangs fails the test instead of blocking it.

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long any one answer may take before the test fails.
pub const DEADLINE: Duration = Duration::from_secs(30);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    next_id: i64,
    /// Notifications received and not yet looked at, in order.
    pub notifications: Vec<Value>,
    /// Responses received and not yet asked for, by request id.
    responses: HashMap<i64, Value>,
    /// Every request id answered so far: a second answer fails the test.
    answered: HashSet<i64>,
    /// The server's `XDG_CACHE_HOME` unless the test gave one: its own, so
    /// that tests write nothing into the user's cache.
    _cache: tempfile::TempDir,
}

impl Client {
    /// Starts `tiaoli lsp` in `dir`.
    pub fn start(dir: &Path) -> Client {
        Client::start_with_env(dir, &[])
    }

    /// Starts `tiaoli lsp` in `dir` with these environment variables set.
    pub fn start_with_env(dir: &Path, env: &[(&str, &OsStr)]) -> Client {
        let cache = tempfile::tempdir().expect("temporary cache folder");
        let mut child = Command::new(env!("CARGO_BIN_EXE_tiaoli"))
            .arg("lsp")
            .current_dir(dir)
            .env("XDG_CACHE_HOME", cache.path())
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start tiaoli lsp");
        let stdout = child.stdout.take().expect("stdout");
        let stdin = child.stdin.take();
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 0,
            notifications: Vec::new(),
            responses: HashMap::new(),
            answered: HashSet::new(),
            _cache: cache,
        }
    }

    /// Starts the server and initializes it for the folder `root`, with
    /// the given client capabilities.
    pub fn initialized(root: &Path, capabilities: Value) -> (Client, Value) {
        let mut client = Client::start(root);
        let result = client.initialize(root, capabilities, Value::Null);
        (client, result)
    }

    /// `initialize` (for the folder `root`, with these capabilities and
    /// initialization options) then `initialized`; returns the result.
    pub fn initialize(&mut self, root: &Path, capabilities: Value, options: Value) -> Value {
        let uri = file_uri(root);
        let result = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri,
                "workspaceFolders": [{ "uri": uri, "name": "root" }],
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        self.notify("initialized", json!({}));
        result
    }

    pub fn send(&mut self, message: &Value) {
        let body = message.to_string();
        let stdin = self.stdin.as_mut().expect("stdin is open");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write to server");
        stdin.flush().expect("flush");
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request without waiting; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// Sends a request and returns its whole response (`result` or `error`).
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// Sends a request and returns its result; an error fails the test.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    /// Waits for the response to request `id`, keeping notifications.
    pub fn response(&mut self, id: i64) -> Value {
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(response) = self.responses.remove(&id) {
                return response;
            }
            self.next_message(deadline, &format!("the response to request {id}"));
        }
    }

    /// Waits for a notification `method` whose params satisfy `accept`;
    /// it and the ones before it are taken off `notifications`.
    pub fn notification(&mut self, method: &str, accept: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(i) = self
                .notifications
                .iter()
                .position(|n| n["method"] == method && accept(&n["params"]))
            {
                let found = self.notifications[i]["params"].clone();
                self.notifications.drain(..=i);
                return found;
            }
            self.next_message(deadline, &format!("a {method} notification"));
        }
    }

    /// The diagnostics published for `uri` once they satisfy `accept`.
    pub fn diagnostics(&mut self, uri: &str, accept: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let params = self.notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["diagnostics"].as_array().is_some_and(|d| accept(d))
        });
        params["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Receives the next message: answers it if it is the server's request,
    /// keeps it if it is a notification or a response.
    fn next_message(&mut self, deadline: Instant, waiting_for: &str) {
        let left = deadline.saturating_duration_since(Instant::now());
        let message = match self.messages.recv_timeout(left) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!("no {waiting_for} within {DEADLINE:?}"),
            Err(RecvTimeoutError::Disconnected) => {
                panic!("the server closed stdout while waiting for {waiting_for}")
            }
        };
        match (message.get("id"), message.get("method")) {
            (Some(id), Some(_)) => {
                // A request from the server (registerCapability, progress…).
                let answer = json!({ "jsonrpc": "2.0", "id": id, "result": null });
                self.send(&answer);
            }
            (None, Some(_)) => self.notifications.push(message),
            (Some(id), None) => {
                if let Some(id) = id.as_i64() {
                    assert!(self.answered.insert(id), "request {id} answered twice");
                    self.responses.insert(id, message);
                }
            }
            (None, None) => panic!("a message that is neither request nor response: {message}"),
        }
    }

    /// `shutdown` then `exit`; returns the exit status.
    pub fn shutdown_and_exit(mut self) -> ExitStatus {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    /// Closes the server's stdin.
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Waits for the process to end, failing the test past the deadline.
    pub fn wait_exit(mut self) -> ExitStatus {
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server did not exit within {DEADLINE:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // A failed test must not leave a server running.
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Reads one `Content-Length` framed message; `None` at the end of stdout.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// The `file://` URI of a path (made absolute), percent-encoding what a URI
/// path may not hold as is (spaces, non-ASCII such as Chinese).
pub fn file_uri(path: &Path) -> String {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                uri.push(byte as char);
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri
}

/// The path a `file://` URI names (percent-decoded).
pub fn path_of_uri(uri: &str) -> PathBuf {
    let encoded = uri.strip_prefix("file://").expect("a file URI");
    let bytes = encoded.as_bytes();
    let mut decoded = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = encoded
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            decoded.push(byte);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    PathBuf::from(String::from_utf8(decoded).expect("a UTF-8 path"))
}
