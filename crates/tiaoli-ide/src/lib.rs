//! Editor features as plain functions over a database snapshot, a file and a byte offset. No LSP types: the server converts.

mod grammar_keywords;

mod semantic_tokens;
pub use semantic_tokens::{SemanticKind, semantic_tokens};
mod completion;
pub use completion::{Completion, CompletionKind, completions};
mod code_actions;
pub use code_actions::{Action, code_actions};
mod formatting;
pub use formatting::{Formatting, format};
mod test_lens;
pub use test_lens::{TestLens, TestRun, run_test, test_lenses};
