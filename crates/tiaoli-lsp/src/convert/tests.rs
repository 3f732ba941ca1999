use super::*;
use proptest::prelude::*;
use tower_lsp_server::ls_types::GeneralClientCapabilities;

/// Texts of Chinese, emoji (surrogate pairs in UTF-16), ASCII, CRLF and LF
/// line endings, optionally after a byte-order mark.
fn text() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop::collection::vec(
            prop::sample::select(vec![
                "运营者",
                "第三十一条",
                "😀",
                "👨‍👩‍👧",
                "a",
                "x = 1",
                " ",
                "\r\n",
                "\n",
                "\r",
                "{",
                "}",
                "\"",
                "é",
            ]),
            0..40,
        ),
    )
        .prop_map(|(bom, parts)| {
            let mut text = if bom {
                "\u{feff}".to_string()
            } else {
                String::new()
            };
            text.extend(parts);
            text
        })
}

/// The position of `offset` computed naively: count the line breaks before
/// it, then the units of the characters between the line's start and it
/// (a `\r` right before a `\n` counts as the line ending).
fn naive_position(text: &str, offset: usize, encoding: Encoding) -> Position {
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column: usize = text[line_start..offset]
        .chars()
        .map(|c| match encoding {
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf8 => c.len_utf8(),
        })
        .sum();
    Position::new(line, column as u32)
}

fn lines<'a>(text: &'a str, index: &'a LineIndex, encoding: Encoding) -> Lines<'a> {
    Lines {
        text,
        index,
        encoding,
    }
}

const ENCODINGS: [Encoding; 2] = [Encoding::Utf16, Encoding::Utf8];

proptest! {
    #[test]
    fn positions_match_a_naive_count_and_round_trip(text in text()) {
        let index = LineIndex::new(&text);
        for encoding in ENCODINGS {
            let lines = lines(&text, &index, encoding);
            for (offset, ch) in text.char_indices().chain([(text.len(), ' ')]) {
                let position = lines.position(offset);
                prop_assert_eq!(position, naive_position(&text, offset, encoding));
                // An offset between `\r` and `\n` is inside the line ending.
                let in_crlf = ch == '\n' && text[..offset].ends_with('\r');
                if !in_crlf {
                    prop_assert_eq!(lines.offset(position), offset, "{:?} {:?}", encoding, position);
                }
            }
        }
    }

    #[test]
    fn offsets_inside_a_character_mean_the_character(text in text()) {
        let index = LineIndex::new(&text);
        for encoding in ENCODINGS {
            let lines = lines(&text, &index, encoding);
            for (start, ch) in text.char_indices() {
                for inside in start + 1..start + ch.len_utf8() {
                    prop_assert_eq!(lines.position(inside), lines.position(start));
                }
            }
            prop_assert_eq!(lines.position(text.len() + 10), lines.position(text.len()));
        }
    }

    #[test]
    fn any_position_clamps_to_a_character_boundary(
        text in text(),
        line in 0u32..50,
        character in 0u32..300,
    ) {
        let index = LineIndex::new(&text);
        for encoding in ENCODINGS {
            let lines = lines(&text, &index, encoding);
            let asked = Position::new(line, character);
            let offset = lines.offset(asked);
            prop_assert!(offset <= text.len());
            prop_assert!(text.is_char_boundary(offset));
            let line_count = text.matches('\n').count() as u32 + 1;
            if line >= line_count {
                prop_assert_eq!(offset, text.len());
            } else {
                // Clamped onto the asked line, never past the asked column.
                let got = lines.position(offset);
                prop_assert_eq!(got.line, line);
                prop_assert!(got.character <= character);
                let next = text[offset..].chars().next();
                let at_line_end = matches!(next, None | Some('\n'))
                    || text[offset..].starts_with("\r\n");
                if !at_line_end {
                    // Only the asked column's own character can straddle it.
                    let width = next.map_or(0, |c| match encoding {
                        Encoding::Utf16 => c.len_utf16(),
                        Encoding::Utf8 => c.len_utf8(),
                    }) as u32;
                    prop_assert!(got.character + width > character);
                }
            }
            let range = lines.text_range(Range::new(asked, Position::new(0, 0)));
            prop_assert!(range.start() <= range.end());
        }
    }
}

#[test]
fn chinese_and_emoji_columns_differ_by_encoding() {
    let text = "\u{feff}title zh \"运营者😀\" x\r\n  第一条 bad";
    let index = LineIndex::new(text);
    let x = text.find(" x").unwrap_or(0) + 1;
    let bad = text.find("bad").unwrap_or(0);
    let utf16 = lines(text, &index, Encoding::Utf16);
    let utf8 = lines(text, &index, Encoding::Utf8);
    // BOM 1 + `title zh "` 10 + 运营者 3 + 😀 2 + `" ` 2 = 18 UTF-16 units.
    assert_eq!(utf16.position(x), Position::new(0, 18));
    // BOM 3 + 10 + 9 + 4 + 2 = 28 bytes.
    assert_eq!(utf8.position(x), Position::new(0, 28));
    assert_eq!(utf16.position(bad), Position::new(1, 6));
    assert_eq!(utf8.position(bad), Position::new(1, 12));
    let range = utf16.range(TextRange::new(bad, bad + 3));
    assert_eq!(range, Range::new(Position::new(1, 6), Position::new(1, 9)));
    assert_eq!(utf16.text_range(range), TextRange::new(bad, bad + 3));
}

#[test]
fn utf8_is_chosen_only_when_offered() {
    let offering = |encodings: Option<Vec<PositionEncodingKind>>| ClientCapabilities {
        general: Some(GeneralClientCapabilities {
            position_encodings: encodings,
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(
        Encoding::negotiate(&ClientCapabilities::default()),
        Encoding::Utf16
    );
    assert_eq!(Encoding::negotiate(&offering(None)), Encoding::Utf16);
    assert_eq!(
        Encoding::negotiate(&offering(Some(vec![PositionEncodingKind::UTF16]))),
        Encoding::Utf16
    );
    assert_eq!(
        Encoding::negotiate(&offering(Some(vec![
            PositionEncodingKind::UTF16,
            PositionEncodingKind::UTF8
        ]))),
        Encoding::Utf8
    );
    let clangd = ClientCapabilities {
        offset_encoding: Some(vec!["utf-8".to_string(), "utf-16".to_string()]),
        ..Default::default()
    };
    assert_eq!(Encoding::negotiate(&clangd), Encoding::Utf8);
    assert_eq!(Encoding::Utf8.kind(), PositionEncodingKind::UTF8);
}
