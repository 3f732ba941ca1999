//! The one diagnostic type shared by every phase of tiaoli (syntax, names,
//! types, graph, lints, facility input, evaluation), the catalog of stable
//! codes with their documentation pages, and the renderers.
//!
//! Phases build [`Diagnostic`] values; miette only renders them.

mod code;
mod diagnostic;
mod render_human;
mod render_json;

pub use code::{Code, Phase};
pub use diagnostic::{Diagnostic, Fix, Label, Severity};
pub use render_human::{HumanOptions, render_human, write_human};
pub use render_json::{json_value, render_json, write_json};

mod pages {
    include!(concat!(env!("OUT_DIR"), "/pages.rs"));
}

/// The documentation page of a code (`docs/diagnostics/CODE.md`), if any.
pub fn page(code: &str) -> Option<&'static str> {
    let code = code.to_ascii_uppercase();
    pages::PAGES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, text)| *text)
}

/// Every documented code, in order.
pub fn documented_codes() -> impl Iterator<Item = &'static str> {
    pages::PAGES.iter().map(|(c, _)| *c)
}
