//! The keywords of grammar/tiaoli.pest, which every editor's highlighting
//! must know (tests/textmate.rs for VS Code, tests/editors.rs for Neovim).

use std::collections::BTreeSet;

/// The double-quoted literals of a pest grammar, escapes kept, comments skipped.
pub fn pest_literals(pest: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = pest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '"' | '\'' => {
                let mut literal = String::new();
                while let Some(d) = chars.next() {
                    match d {
                        // Escapes stay as written: `"\n"` is no keyword `n`.
                        '\\' => {
                            literal.push('\\');
                            literal.extend(chars.next());
                        }
                        d if d == c => break,
                        d => literal.push(d),
                    }
                }
                if c == '"' {
                    out.push(literal);
                }
            }
            _ => {}
        }
    }
    out
}

pub fn keywords(pest: &str) -> BTreeSet<String> {
    pest_literals(pest)
        .into_iter()
        .filter(|l| {
            l.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
                && l.chars().any(|c| c.is_ascii_alphabetic())
        })
        .collect()
}
