//! `textDocument/completion`: facts with their types, fields, variants,
//! rules, articles, keywords, and snippets for whole blocks.

use tiaoli_ide::CompletionKind as Kind;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    InsertTextFormat, TextEdit,
};

use crate::read::{cancelled, read_file};
use crate::server::Backend;

pub async fn handle(
    backend: &Backend,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let at = params.text_document_position;
    read_file(backend, &at.text_document.uri, move |snapshot, lines| {
        let offset = lines.offset(at.position);
        let found = tiaoli_ide::completions(&snapshot.db, lines.file, offset).map_err(cancelled)?;
        let items = found
            .into_iter()
            .map(|c| CompletionItem {
                label: c.label,
                kind: Some(kind(c.kind)),
                detail: c.detail,
                insert_text_format: Some(if c.is_snippet {
                    InsertTextFormat::SNIPPET
                } else {
                    InsertTextFormat::PLAIN_TEXT
                }),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                    lines.range(c.range),
                    c.insert_text,
                ))),
                ..Default::default()
            })
            .collect();
        Ok(Some(CompletionResponse::Array(items)))
    })
    .await
}

fn kind(kind: Kind) -> CompletionItemKind {
    match kind {
        Kind::Fact => CompletionItemKind::PROPERTY,
        Kind::Field => CompletionItemKind::FIELD,
        Kind::Variant => CompletionItemKind::ENUM_MEMBER,
        Kind::Definition => CompletionItemKind::VARIABLE,
        Kind::Determination => CompletionItemKind::FUNCTION,
        Kind::Rule => CompletionItemKind::METHOD,
        Kind::Party => CompletionItemKind::INTERFACE,
        Kind::Measure => CompletionItemKind::CONSTANT,
        Kind::Type => CompletionItemKind::CLASS,
        Kind::Article => CompletionItemKind::MODULE,
        Kind::Keyword => CompletionItemKind::KEYWORD,
        Kind::Snippet => CompletionItemKind::SNIPPET,
    }
}
