//! `textDocument/semanticTokens/full`: what each token means (a fact, a
//! rule, an article number, a name that did not resolve…), relative-encoded
//! as the protocol wants, a token that spans lines split at each line.

use tiaoli_ide::SemanticKind as Kind;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    SemanticToken, SemanticTokenType, SemanticTokens, SemanticTokensLegend, SemanticTokensParams,
    SemanticTokensResult,
};

use crate::read::{cancelled, read_file};
use crate::server::Backend;

/// The legend: a kind's token type is its index here.
const TYPES: &[(Kind, SemanticTokenType)] = &[
    (Kind::Keyword, SemanticTokenType::KEYWORD),
    (Kind::Type, SemanticTokenType::TYPE),
    (Kind::Fact, SemanticTokenType::PROPERTY),
    (Kind::Field, SemanticTokenType::PROPERTY),
    (Kind::Variant, SemanticTokenType::ENUM_MEMBER),
    (Kind::Definition, SemanticTokenType::VARIABLE),
    (Kind::Determination, SemanticTokenType::FUNCTION),
    (Kind::Rule, SemanticTokenType::METHOD),
    (Kind::Extension, SemanticTokenType::INTERFACE),
    (Kind::Party, SemanticTokenType::CLASS),
    (Kind::Measure, SemanticTokenType::ENUM_MEMBER),
    (Kind::Local, SemanticTokenType::PARAMETER),
    (Kind::Article, SemanticTokenType::NAMESPACE),
    (Kind::Name, SemanticTokenType::VARIABLE),
    (Kind::String, SemanticTokenType::STRING),
    (Kind::Number, SemanticTokenType::NUMBER),
    (Kind::Date, SemanticTokenType::NUMBER),
    (Kind::Money, SemanticTokenType::NUMBER),
    (Kind::Comment, SemanticTokenType::COMMENT),
    (Kind::Operator, SemanticTokenType::OPERATOR),
];

pub fn legend() -> SemanticTokensLegend {
    let mut token_types: Vec<SemanticTokenType> = Vec::new();
    for (_, ty) in TYPES {
        if !token_types.contains(ty) {
            token_types.push(ty.clone());
        }
    }
    SemanticTokensLegend {
        token_types,
        token_modifiers: Vec::new(),
    }
}

fn type_index(legend: &SemanticTokensLegend, kind: Kind) -> Option<u32> {
    let ty = &TYPES.iter().find(|(k, _)| *k == kind)?.1;
    legend
        .token_types
        .iter()
        .position(|t| t == ty)
        .map(|i| i as u32)
}

pub async fn handle(
    backend: &Backend,
    params: SemanticTokensParams,
) -> Result<Option<SemanticTokensResult>> {
    read_file(backend, &params.text_document.uri, |snapshot, lines| {
        let tokens = tiaoli_ide::semantic_tokens(&snapshot.db, lines.file).map_err(cancelled)?;
        let lines = lines.lines();
        let legend = legend();
        let mut data = Vec::new();
        let (mut last_line, mut last_start) = (0u32, 0u32);
        for (range, kind) in tokens {
            let Some(token_type) = type_index(&legend, kind) else {
                continue;
            };
            let (start, end) = (lines.position(range.start()), lines.position(range.end()));
            for line in start.line..=end.line {
                let from = if line == start.line {
                    start.character
                } else {
                    0
                };
                let to = if line == end.line {
                    end.character
                } else {
                    // The rest of the line: its end, as the line's last position.
                    let line_end =
                        lines.offset(tower_lsp_server::ls_types::Position::new(line, u32::MAX));
                    lines.position(line_end).character
                };
                // Tokens come in order; one that does not is left out
                // rather than encoded as a negative delta.
                let Some(delta_line) = line.checked_sub(last_line) else {
                    continue;
                };
                let delta_start = match delta_line {
                    0 => match from.checked_sub(last_start) {
                        Some(delta) if !data.is_empty() && delta == 0 && to > from => continue,
                        Some(delta) => delta,
                        None => continue,
                    },
                    _ => from,
                };
                if to <= from {
                    continue;
                }
                data.push(SemanticToken {
                    delta_line,
                    delta_start,
                    length: to - from,
                    token_type,
                    token_modifiers_bitset: 0,
                });
                (last_line, last_start) = (line, from);
            }
        }
        Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
            result_id: None,
            data,
        })))
    })
    .await
}
