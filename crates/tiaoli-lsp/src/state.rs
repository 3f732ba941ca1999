//! What the server knows: the negotiated encoding and the open documents.
//!
//! Only notification handlers write it, each under one lock taken and
//! released without an `.await` in between, so edits apply in the order
//! the client sent them.

use std::collections::HashMap;

use tower_lsp_server::ls_types::Uri;

use crate::convert::Encoding;

#[derive(Debug, Default)]
pub struct State {
    pub encoding: Encoding,
    pub documents: HashMap<Uri, Document>,
}

/// An open document: its text as the client has it, and its version.
#[derive(Debug)]
pub struct Document {
    pub version: i32,
    pub text: String,
}
