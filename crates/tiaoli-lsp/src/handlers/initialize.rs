//! `initialize`: negotiate the position encoding, load the packs of the
//! client's folders, announce what works.

use std::sync::Arc;

use tower_lsp_server::ls_types::*;

use crate::convert::Encoding;
use crate::docs::DocsLinks;
use crate::server::Backend;
use crate::state::path_of;

pub fn handle(backend: &Backend, params: InitializeParams) -> (InitializeResult, Vec<String>) {
    let encoding = Encoding::negotiate(&params.capabilities);
    let mut roots: Vec<_> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|folder| path_of(&folder.uri))
        .collect();
    #[expect(deprecated, reason = "clients without workspace folders send rootUri")]
    if roots.is_empty()
        && let Some(root) = params.root_uri.as_ref().and_then(path_of)
    {
        roots.push(root);
    }
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files)
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    let prepare_rename = params
        .capabilities
        .text_document
        .as_ref()
        .and_then(|t| t.rename.as_ref())
        .and_then(|r| r.prepare_support)
        .unwrap_or(false);
    let (docs, docs_error) = DocsLinks::new(params.initialization_options.as_ref());
    let errors = {
        let mut state = backend.state();
        state.docs = Arc::new(docs);
        state.encoding = encoding;
        state.roots = roots;
        state.watch_files = watch;
        state.lang = lang_of(params.locale.as_deref());
        state.code_lens_refresh = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.code_lens.as_ref())
            .and_then(|c| c.refresh_support)
            .unwrap_or(false);
        let mut errors = state.reload();
        errors.extend(docs_error);
        crate::publish::schedule(&backend.client, &backend.shared, &mut state);
        errors
    };
    let result = InitializeResult {
        capabilities: capabilities(encoding, prepare_rename),
        server_info: Some(ServerInfo {
            name: "tiaoli".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
        offset_encoding: Some(encoding.kind().as_str().to_string()),
    };
    (result, errors)
}

/// What the server does: only what works end to end.
fn capabilities(encoding: Encoding, prepare_rename: bool) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".to_string()]),
            ..Default::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: crate::handlers::semantic_tokens::legend(),
                full: Some(SemanticTokensFullOptions::Delta { delta: Some(true) }),
                range: Some(true),
                ..Default::default()
            },
        )),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        code_lens_provider: Some(CodeLensOptions {
            resolve_provider: Some(false),
        }),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![crate::handlers::code_lens::RUN_TEST.to_string()],
            ..Default::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        // `prepareRename` only for clients that say they send it.
        rename_provider: Some(if prepare_rename {
            OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: Default::default(),
            })
        } else {
            OneOf::Left(true)
        }),
        ..Default::default()
    }
}

/// Titles and diagnostics in Chinese for a Chinese locale (`zh`, `zh-CN`…),
/// else English.
fn lang_of(locale: Option<&str>) -> tiaoli_ide::Lang {
    match locale {
        Some(l) if l.to_ascii_lowercase().starts_with("zh") => tiaoli_ide::Lang::Zh,
        _ => tiaoli_ide::Lang::En,
    }
}
