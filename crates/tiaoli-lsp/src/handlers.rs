//! One file per request or notification. Notification handlers are plain
//! functions that take the state's lock and never `.await` while holding
//! it; request handlers read on a snapshot (`read.rs`).

pub mod code_action;
pub mod code_lens;
pub mod completion;
pub mod definition;
pub mod did_change;
pub mod did_change_watched_files;
pub mod did_close;
pub mod did_open;
pub mod document_symbol;
pub mod execute_command;
pub mod folding_range;
pub mod formatting;
pub mod hover;
pub mod initialize;
pub mod initialized;
pub mod inlay_hint;
pub mod prepare_rename;
pub mod references;
pub mod rename;
pub mod semantic_tokens;
pub mod workspace_symbol;
