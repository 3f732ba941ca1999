//! Small Markdown pieces the hovers share.

use tiaoli_syntax::ast::{Labels, Lang};

/// A fenced tiaoli code block.
pub(super) fn code_block(out: &mut String, code: &str) {
    out.push_str("```tiaoli\n");
    out.push_str(code.trim_end());
    out.push_str("\n```\n");
}

/// Code inline when it is one line, else a block after the label.
pub(super) fn clause(out: &mut String, label: &str, code: &str) {
    let code = code.trim();
    if code.contains('\n') || code.contains('`') {
        out.push_str(&format!("\n**{label}**\n"));
        code_block(out, code);
    } else {
        out.push_str(&format!("\n**{label}** `{code}`\n"));
    }
}

/// `zh · en` on one line (either may be missing).
pub(super) fn title_line(labels: Option<&Labels>) -> Option<String> {
    let labels = labels?;
    let parts: Vec<&str> = [labels.get(Lang::Zh), labels.get(Lang::En)]
        .into_iter()
        .flatten()
        .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// Each language's text as a paragraph of its own, Chinese first.
pub(super) fn texts(out: &mut String, labels: Option<&Labels>) {
    let Some(labels) = labels else { return };
    for lang in [Lang::Zh, Lang::En] {
        if let Some(t) = labels.get(lang) {
            out.push('\n');
            out.push_str(t);
            out.push('\n');
        }
    }
}
