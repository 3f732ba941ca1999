use std::fmt;
use std::ops::Deref;

use crate::Lang;

/// A text of a diagnostic (its message, a label, the help, a note) in
/// English and Chinese. Every phase writes both: [`msg!`](crate::msg) takes
/// the two format strings, and there is no way to make a `Msg` from one
/// language alone.
///
/// A `Msg` reads as its English text (`Deref<Target = str>`, `Display`,
/// comparisons with strings), the stable text of the JSON output; the
/// renderers pick a language with [`Msg::get`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Msg {
    en: String,
    zh: String,
}

impl Msg {
    /// The two texts. Prefer [`msg!`](crate::msg) when they are literals
    /// or format strings; this is for texts assembled from parts.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Self {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// A text that is the same in both languages: a name, a value quoted
    /// from the input, a message of another tool (TOML, YAML) passed on.
    pub fn verbatim(text: impl Into<String>) -> Self {
        let en = text.into();
        Self { zh: en.clone(), en }
    }

    pub fn en(&self) -> &str {
        &self.en
    }

    pub fn zh(&self) -> &str {
        &self.zh
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }

    /// The English text.
    pub fn as_str(&self) -> &str {
        &self.en
    }

    pub fn is_empty(&self) -> bool {
        self.en.is_empty() && self.zh.is_empty()
    }

    /// Each text with `f` applied (the same change in both languages).
    pub fn map(self, mut f: impl FnMut(String) -> String) -> Self {
        Self {
            en: f(self.en),
            zh: f(self.zh),
        }
    }
}

/// A bilingual diagnostic text: `msg!(en: "unknown fact `{name}`", zh:
/// "未知的事实 `{name}`")`, each a `format!` string. Arguments after the two
/// strings are shared (`msg!(en: "{} of {}", zh: "{1}的{0}", a, b)`); each
/// string must use every one of them, so neither language can drop a value.
#[macro_export]
macro_rules! msg {
    (en: $en:literal, zh: $zh:literal $(, $($arg:tt)*)?) => {
        $crate::Msg::new(
            ::std::format!($en $(, $($arg)*)?),
            ::std::format!($zh $(, $($arg)*)?),
        )
    };
}

impl Deref for Msg {
    type Target = str;

    fn deref(&self) -> &str {
        &self.en
    }
}

impl AsRef<str> for Msg {
    fn as_ref(&self) -> &str {
        &self.en
    }
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

impl PartialEq<str> for Msg {
    fn eq(&self, other: &str) -> bool {
        self.en == other
    }
}

impl PartialEq<&str> for Msg {
    fn eq(&self, other: &&str) -> bool {
        self.en == *other
    }
}

impl PartialEq<String> for Msg {
    fn eq(&self, other: &String) -> bool {
        &self.en == other
    }
}

impl PartialEq<Msg> for str {
    fn eq(&self, other: &Msg) -> bool {
        self == other.en
    }
}

impl PartialEq<Msg> for &str {
    fn eq(&self, other: &Msg) -> bool {
        *self == other.en
    }
}

impl PartialEq<Msg> for String {
    fn eq(&self, other: &Msg) -> bool {
        *self == other.en
    }
}
