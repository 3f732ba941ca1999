//! tiaoli diagnostics as LSP diagnostics: the code with a link to its page,
//! the severity, help and notes in the message, and the secondary labels as
//! related information, in the client's language.

use tiaoli_diagnostics::{Diagnostic, Lang, Severity};
use tiaoli_text::FileId;
use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Uri,
};

use crate::convert::Lines;
use crate::docs::DocsLinks;

/// What conversion needs of the files a diagnostic's labels point into.
pub trait Files {
    fn uri(&self, file: FileId) -> Option<Uri>;
    fn lines(&self, file: FileId) -> Option<Lines<'_>>;
}

/// The LSP form of `diagnostic` with its texts in `lang`, for the file of
/// its primary label (`None` for a diagnostic without one: it belongs to no
/// document).
pub fn to_lsp(
    diagnostic: &Diagnostic,
    files: &impl Files,
    docs: &DocsLinks,
    lang: Lang,
) -> Option<lsp::Diagnostic> {
    let primary = diagnostic.primary()?;
    let range = files.lines(primary.file)?.range(primary.range);
    let (help_heading, note_heading) = match lang {
        Lang::En => ("help: ", "note: "),
        Lang::Zh => ("帮助：", "注："),
    };
    let mut message = diagnostic.message.get(lang).to_owned();
    if !primary.message.is_empty() && primary.message != diagnostic.message {
        message.push('\n');
        message.push_str(primary.message.get(lang));
    }
    if let Some(help) = &diagnostic.help {
        message.push('\n');
        message.push_str(help_heading);
        message.push_str(help.get(lang));
    }
    for note in &diagnostic.notes {
        message.push('\n');
        message.push_str(note_heading);
        message.push_str(note.get(lang));
    }
    let related: Vec<_> = diagnostic
        .labels
        .iter()
        .filter(|label| !std::ptr::eq(*label, primary))
        .filter_map(|label| {
            Some(DiagnosticRelatedInformation {
                location: Location::new(
                    files.uri(label.file)?,
                    files.lines(label.file)?.range(label.range),
                ),
                message: if label.message.is_empty() {
                    diagnostic.message.get(lang).to_owned()
                } else {
                    label.message.get(lang).to_owned()
                },
            })
        })
        .collect();
    let code = diagnostic.code;
    Some(lsp::Diagnostic {
        range,
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Note => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(code.as_str().to_string())),
        code_description: docs.href(code).map(|href| CodeDescription { href }),
        source: Some("tiaoli".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    })
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;
    use crate::convert::Encoding;
    use tiaoli_diagnostics::{Code, msg};
    use tiaoli_text::{LineIndex, TextRange};
    use tower_lsp_server::ls_types::{Position, Range};

    struct Two {
        texts: [(String, LineIndex); 2],
    }

    impl Files for Two {
        fn uri(&self, file: FileId) -> Option<Uri> {
            Uri::from_str(&format!("file:///pack/f{}.tiaoli", file.0)).ok()
        }
        fn lines(&self, file: FileId) -> Option<Lines<'_>> {
            let (text, index) = self.texts.get(file.0 as usize)?;
            Some(Lines {
                text,
                index,
                encoding: Encoding::Utf16,
            })
        }
    }

    #[test]
    fn code_link_severity_and_secondary_labels_in_utf16() {
        let a = "title zh \"运营者😀\" x".to_string();
        let b = "\r\nfact 运营 y".to_string();
        let files = Two {
            texts: [
                (a.clone(), LineIndex::new(&a)),
                (b.clone(), LineIndex::new(&b)),
            ],
        };
        let x = a.find(" x").unwrap_or(0) + 1;
        let y = b.find(" y").unwrap_or(0) + 1;
        let diagnostic = Diagnostic::new(
            Code::N002,
            msg!(en: "`x` is declared twice", zh: "`x` 重复声明"),
        )
        .with_primary(
            FileId(0),
            TextRange::new(x, x + 1),
            msg!(en: "declared again here", zh: "在此处再次声明"),
        )
        .with_secondary(
            FileId(1),
            TextRange::new(y, y + 1),
            msg!(en: "first declared here", zh: "首次在此处声明"),
        )
        .with_help(msg!(en: "rename one of them", zh: "请将其中一个重命名"))
        .with_note(msg!(en: "names are per pack", zh: "名称在规则包内唯一"))
        .with_severity(Severity::Warning);
        let docs = DocsLinks::Base("https://docs.example.org".to_string());
        let lsp = to_lsp(&diagnostic, &files, &docs, Lang::En).expect("has a primary label");
        // `title zh "` 10 + 运营者 3 + 😀 2 + `" ` 2 = 17 UTF-16 units.
        assert_eq!(
            lsp.range,
            Range::new(Position::new(0, 17), Position::new(0, 18))
        );
        assert_eq!(lsp.severity, Some(DiagnosticSeverity::WARNING));
        assert_eq!(lsp.code, Some(NumberOrString::String("N002".to_string())));
        let href = lsp.code_description.map(|d| d.href.to_string());
        assert_eq!(href.as_deref(), Some("https://docs.example.org/N002"));
        assert_eq!(
            lsp.message,
            "`x` is declared twice\ndeclared again here\nhelp: rename one of them\n\
             note: names are per pack"
        );
        let related = lsp.related_information.unwrap_or_default();
        assert_eq!(related.len(), 1);
        assert_eq!(related[0].message, "first declared here");
        assert_eq!(related[0].location.uri.as_str(), "file:///pack/f1.tiaoli");
        assert_eq!(
            related[0].location.range,
            Range::new(Position::new(1, 8), Position::new(1, 9))
        );
        let nowhere = Diagnostic::new(Code::N002, msg!(en: "nowhere", zh: "无处"));
        assert!(to_lsp(&nowhere, &files, &docs, Lang::En).is_none());

        // A Chinese locale reads every text, and the headings, in Chinese.
        let zh = to_lsp(&diagnostic, &files, &docs, Lang::Zh).expect("has a primary label");
        assert_eq!(
            zh.message,
            "`x` 重复声明\n在此处再次声明\n帮助：请将其中一个重命名\n注：名称在规则包内唯一"
        );
        let related = zh.related_information.unwrap_or_default();
        assert_eq!(related[0].message, "首次在此处声明");
    }
}
