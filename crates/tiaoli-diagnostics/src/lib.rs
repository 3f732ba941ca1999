//! The one diagnostic type shared by every phase of tiaoli (syntax, names,
//! types, graph, lints, facility input, evaluation), the catalog of stable
//! codes with their documentation pages, and the renderers.
//!
//! Phases build [`Diagnostic`] values; miette only renders them.

mod code;
mod dates;
mod diagnostic;
mod lang;
mod msg;
mod render_human;
mod render_json;

pub use code::{Code, Phase};
pub use dates::no_such_date;
pub use diagnostic::{Diagnostic, Fix, Label, Severity};
pub use lang::Lang;
pub use msg::Msg;
pub use render_human::{HumanOptions, render_human, write_human};
pub use render_json::{
    json_value, json_value_in, render_json, render_json_in, write_json, write_json_in,
};

mod pages {
    include!(concat!(env!("OUT_DIR"), "/pages.rs"));
}

/// The documentation page of a code (`docs/diagnostics/CODE.md`), if any.
pub fn page(code: &str) -> Option<&'static str> {
    page_in(code, Lang::En)
}

/// The page of a code in `lang`: `docs/diagnostics/CODE.md`, or its
/// Chinese version `docs/diagnostics/zh/CODE.md`.
pub fn page_in(code: &str, lang: Lang) -> Option<&'static str> {
    let code = code.to_ascii_uppercase();
    let pages = match lang {
        Lang::En => pages::PAGES,
        Lang::Zh => pages::PAGES_ZH,
    };
    pages
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, text)| *text)
}

/// Every code with a page in `lang`, in order.
pub fn documented_codes_in(lang: Lang) -> impl Iterator<Item = &'static str> {
    match lang {
        Lang::En => pages::PAGES,
        Lang::Zh => pages::PAGES_ZH,
    }
    .iter()
    .map(|(c, _)| *c)
}

/// Every documented code, in order.
pub fn documented_codes() -> impl Iterator<Item = &'static str> {
    pages::PAGES.iter().map(|(c, _)| *c)
}
