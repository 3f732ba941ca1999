//! The language of everything a command prints for people: `--lang`, else
//! the `TIAOLI_LANG` environment variable, else the configuration's `lang`,
//! else English. Resolved once, in
//! [`resolve`], so that a later source (a configuration file) slots in there.

use std::sync::OnceLock;

use tiaoli_diagnostics::Lang;

use crate::LangArg;

static CHOSEN: OnceLock<Lang> = OnceLock::new();

/// The language from the flag, the environment or the default; an
/// unknown `TIAOLI_LANG` is a usage error (never silently English).
pub fn resolve(flag: Option<LangArg>) -> Result<Lang, String> {
    if let Some(flag) = flag {
        return Ok(match flag {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        });
    }
    match std::env::var("TIAOLI_LANG") {
        Ok(value) if !value.trim().is_empty() => value
            .parse()
            .map_err(|()| format!("TIAOLI_LANG is `{value}`; it must be `zh` or `en`")),
        _ => Ok(crate::config::get()
            .and_then(|f| f.config.lang.as_deref())
            .and_then(|l| l.parse().ok())
            .unwrap_or_default()),
    }
}

/// Fixes the language for the run (the first call wins).
pub fn set(lang: Lang) {
    let _ = CHOSEN.set(lang);
}

/// The language of the run (English before [`set`]).
pub fn get() -> Lang {
    CHOSEN.get().copied().unwrap_or_default()
}

/// `en` or `zh`, whichever the run's language is: for the CLI's own words.
pub fn pick<'a>(en: &'a str, zh: &'a str) -> &'a str {
    match get() {
        Lang::En => en,
        Lang::Zh => zh,
    }
}
