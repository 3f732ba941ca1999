//! Editor features as plain functions over a database snapshot, a file and a byte offset. No LSP types: the server converts.
