//! `textDocument/semanticTokens/full`, `/full/delta` and `/range`: what each
//! token means (a fact, a rule, an article number, a name that did not
//! resolve…), relative-encoded as the protocol wants, a token that spans
//! lines split at each line. Each full answer has a result id; the last one
//! per document is kept, so that a delta request naming it gets only the
//! edit between the two arrays.

use tiaoli_ide::SemanticKind as Kind;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    Position, Range, SemanticToken, SemanticTokenType, SemanticTokens, SemanticTokensDelta,
    SemanticTokensDeltaParams, SemanticTokensEdit, SemanticTokensFullDeltaResult,
    SemanticTokensLegend, SemanticTokensParams, SemanticTokensRangeParams,
    SemanticTokensRangeResult, SemanticTokensResult, Uri,
};

use crate::read::{FileLines, Snapshot, cancelled, read_file};
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

/// A token at its absolute place: line, start column, length, type.
type Absolute = (u32, u32, u32, u32);

/// The file's tokens in order, each on one line.
fn absolute(snapshot: &Snapshot, file: &FileLines) -> Result<Vec<Absolute>> {
    let tokens = tiaoli_ide::semantic_tokens(&snapshot.db, file.file).map_err(cancelled)?;
    let lines = file.lines();
    let legend = legend();
    let mut out: Vec<Absolute> = Vec::new();
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
                let line_end = lines.offset(Position::new(line, u32::MAX));
                lines.position(line_end).character
            };
            if to <= from {
                continue;
            }
            // Tokens come in order; one that does not (or that starts
            // where the last did) is left out rather than encoded as a
            // negative or empty delta.
            if let Some(&(last_line, last_start, _, _)) = out.last()
                && (line, from) <= (last_line, last_start)
            {
                continue;
            }
            out.push((line, from, to - from, token_type));
        }
    }
    Ok(out)
}

/// Relative encoding, as the protocol wants.
fn encode(tokens: &[Absolute]) -> Vec<SemanticToken> {
    let (mut last_line, mut last_start) = (0, 0);
    tokens
        .iter()
        .map(|&(line, start, length, token_type)| {
            // Never negative: `absolute` gives them in order.
            let delta_line = line.saturating_sub(last_line);
            let delta_start = if delta_line == 0 {
                start.saturating_sub(last_start)
            } else {
                start
            };
            (last_line, last_start) = (line, start);
            SemanticToken {
                delta_line,
                delta_start,
                length,
                token_type,
                token_modifiers_bitset: 0,
            }
        })
        .collect()
}

/// The one edit turning `old` into `new` (in the protocol's units: five
/// integers a token), `None` when they are equal.
pub fn edit(old: &[SemanticToken], new: &[SemanticToken]) -> Option<SemanticTokensEdit> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let (old_rest, new_rest) = (&old[prefix..], &new[prefix..]);
    let suffix = old_rest
        .iter()
        .rev()
        .zip(new_rest.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let deleted = old_rest.len() - suffix;
    let inserted = &new_rest[..new_rest.len() - suffix];
    if deleted == 0 && inserted.is_empty() {
        return None;
    }
    let ints = |n: usize| u32::try_from(n * 5).unwrap_or(u32::MAX);
    Some(SemanticTokensEdit {
        start: ints(prefix),
        delete_count: ints(deleted),
        data: (!inserted.is_empty()).then(|| inserted.to_vec()),
    })
}

/// Computes a document's tokens and keeps them under a new result id;
/// returns the id, the tokens and the ones kept before under
/// `previous` (if that was the last id given for the document).
async fn full(
    backend: &Backend,
    uri: &Uri,
    previous: Option<String>,
) -> Result<Option<(String, Vec<SemanticToken>, Option<Vec<SemanticToken>>)>> {
    let tokens = read_file(backend, uri, |snapshot, lines| {
        Ok(Some(encode(&absolute(snapshot, lines)?)))
    })
    .await?;
    let Some(tokens) = tokens else {
        return Ok(None);
    };
    let mut state = backend.state();
    state.token_results += 1;
    let id = state.token_results.to_string();
    let kept = state
        .semantic_tokens
        .insert(uri.clone(), (id.clone(), tokens.clone()));
    let before = kept.filter(|(old, _)| Some(old) == previous.as_ref());
    Ok(Some((id, tokens, before.map(|(_, t)| t))))
}

pub async fn handle(
    backend: &Backend,
    params: SemanticTokensParams,
) -> Result<Option<SemanticTokensResult>> {
    let answer = full(backend, &params.text_document.uri, None).await?;
    Ok(answer.map(|(id, data, _)| {
        SemanticTokensResult::Tokens(SemanticTokens {
            result_id: Some(id),
            data,
        })
    }))
}

pub async fn delta(
    backend: &Backend,
    params: SemanticTokensDeltaParams,
) -> Result<Option<SemanticTokensFullDeltaResult>> {
    let previous = Some(params.previous_result_id);
    let answer = full(backend, &params.text_document.uri, previous).await?;
    Ok(answer.map(|(id, data, before)| match before {
        Some(before) => SemanticTokensFullDeltaResult::TokensDelta(SemanticTokensDelta {
            result_id: Some(id),
            edits: edit(&before, &data).into_iter().collect(),
        }),
        // Not the last result given: the whole array.
        None => SemanticTokensFullDeltaResult::Tokens(SemanticTokens {
            result_id: Some(id),
            data,
        }),
    }))
}

pub async fn range(
    backend: &Backend,
    params: SemanticTokensRangeParams,
) -> Result<Option<SemanticTokensRangeResult>> {
    let Range { start, end } = params.range;
    read_file(
        backend,
        &params.text_document.uri,
        move |snapshot, lines| {
            let tokens: Vec<Absolute> = absolute(snapshot, lines)?
                .into_iter()
                .filter(|&(line, from, length, _)| {
                    (line, from + length) > (start.line, start.character)
                        && (line, from) < (end.line, end.character)
                })
                .collect();
            Ok(Some(SemanticTokensRangeResult::Tokens(SemanticTokens {
                result_id: None,
                data: encode(&tokens),
            })))
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(delta_line: u32, delta_start: u32) -> SemanticToken {
        SemanticToken {
            delta_line,
            delta_start,
            length: 1,
            token_type: 0,
            token_modifiers_bitset: 0,
        }
    }

    #[test]
    fn the_edit_replaces_what_lies_between_the_common_prefix_and_suffix() {
        let old = [token(0, 0), token(1, 0), token(1, 2), token(1, 0)];
        let new = [token(0, 0), token(2, 0), token(1, 0)];
        let edit = edit(&old, &new).unwrap_or_else(|| panic!("they differ"));
        assert_eq!((edit.start, edit.delete_count), (5, 10));
        assert_eq!(edit.data, Some(vec![token(2, 0)]));
        // Applying it gives the new array.
        let mut applied = old.to_vec();
        applied.splice(1..3, edit.data.unwrap_or_default());
        assert_eq!(applied, new);
        assert!(super::edit(&new, &new).is_none());
        let grown = super::edit(&new, &[new.as_slice(), &[token(3, 1)]].concat());
        assert_eq!(grown.map(|e| (e.start, e.delete_count)), Some((15, 0)));
    }
}
