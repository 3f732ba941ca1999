//! Positions in a fixture's text, and a server started on the decree.

use serde_json::{Value, json};

use crate::client::Client;
use crate::fixture::{Fixture, utf16_len};

/// The LSP position (UTF-16 columns) of the first occurrence of `needle`
/// in `text`, plus `shift` bytes.
pub fn position_of(text: &str, needle: &str, shift: usize) -> Value {
    let at = text.find(needle).expect("needle in text") + shift;
    position_at(text, at)
}

pub fn position_at(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": line, "character": utf16_len(&text[start..offset]) })
}

pub fn at(uri: &str, position: Value) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position })
}

pub fn started() -> (Fixture, Client) {
    let fixture = Fixture::decree();
    let (client, _) = Client::initialized(fixture.root(), json!({}));
    (fixture, client)
}

/// The LSP range of `len` bytes at `offset`.
pub fn range_at(text: &str, offset: usize, len: usize) -> Value {
    json!({ "start": position_at(text, offset), "end": position_at(text, offset + len) })
}
