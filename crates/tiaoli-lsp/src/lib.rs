//! The tiaoli language server on tower-lsp-server, run by `tiaoli lsp` over stdio.

pub mod convert;
