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
pub mod pack_tests;
mod test_lens;
pub use test_lens::{TestLens, TestRun, run_test, test_lenses};
mod cited;
mod pack_ast;
mod snapshot;
mod visit;
mod world;

mod document_symbols;
pub use document_symbols::{DocumentSymbol, SymbolKind, document_symbols};
mod workspace_symbols;
pub use workspace_symbols::{MAX_WORKSPACE_SYMBOLS, WorkspaceSymbol, workspace_symbols};
mod folding;
pub use folding::{Fold, FoldKind, folding_ranges};
mod hover;
pub use hover::{Hover, hover};
mod inlay_hints;
pub use inlay_hints::{InlayHint, inlay_hints};
pub use tiaoli_syntax::ast::Lang;
mod definition;
pub use definition::Location;
mod goto_definition;
pub use goto_definition::goto_definition;
mod references;
pub use references::references;
mod rename;
pub use rename::{Rename, RenameError, TextEdit, prepare_rename, rename};
