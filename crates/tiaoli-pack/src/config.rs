//! The project configuration: `.tiaoli.toml` (its keys at the top level) or
//! the `[tool]` table of a pack's `tiaoli.toml`. It sets the defaults the
//! command line would otherwise take: the language, the packs, the zone
//! "today" is read in, `eval`'s format. Every key is checked (M017): a
//! misspelt key would otherwise be a default silently not taken.

use tiaoli_diagnostics::{Code, Diagnostic, Msg, msg};
use tiaoli_text::{FileId, TextRange};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::suggest;

/// The keys of the configuration.
pub const CONFIG_KEYS: &[&str] = &["lang", "packs", "as_of_zone", "format"];

/// The `format` values: those of `tiaoli eval --format`.
pub const CONFIG_FORMATS: &[&str] = &[
    "human", "json", "jsonl", "sarif", "junit", "github", "markdown", "html", "ics",
];

/// A configuration as written (values checked, paths not yet resolved).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// `zh` or `en`.
    pub lang: Option<String>,
    /// Pack folders, relative to the configuration file's folder.
    pub packs: Option<Vec<String>>,
    /// The UTC offset in minutes "today" is read in (`+08:00`, `UTC`).
    pub as_of_zone: Option<i32>,
    /// One of [`CONFIG_FORMATS`].
    pub format: Option<String>,
}

/// Parses `.tiaoli.toml` (`in_manifest: false`) or the `[tool]` table of a
/// `tiaoli.toml` (`true`; None when it has none).
pub fn parse_config(
    text: &str,
    file: FileId,
    in_manifest: bool,
) -> Result<Option<Config>, Vec<Diagnostic>> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    let mut diags = Vec::new();
    if !errors.is_empty() {
        if in_manifest {
            // The manifest's own check reports it (M001).
            return Ok(None);
        }
        for e in &errors {
            let range = e.span().map_or(TextRange::empty(0), TextRange::from);
            diags.push(
                Diagnostic::new(
                    Code::M017,
                    msg!(en: "invalid TOML: {}", zh: "无效的 TOML：{}", e.message()),
                )
                .with_primary(file, range, Msg::verbatim(e.message())),
            );
        }
        return Err(diags);
    }
    let root = doc.get_ref();
    let table = if in_manifest {
        match root.get("tool") {
            None => return Ok(None),
            Some(v) => match v.get_ref() {
                DeValue::Table(t) => t,
                _ => {
                    return Err(vec![wrong(file, v, "a table", "表")]);
                }
            },
        }
    } else {
        root
    };
    let mut config = Config::default();
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        match name {
            "lang" => match choice(value, &["zh", "en"]) {
                Ok(v) => config.lang = Some(v),
                Err(d) => diags.push(d(file)),
            },
            "format" => match choice(value, CONFIG_FORMATS) {
                Ok(v) => config.format = Some(v),
                Err(d) => diags.push(d(file)),
            },
            "as_of_zone" => match value.get_ref() {
                DeValue::String(s) => match offset_minutes(s) {
                    Some(m) => config.as_of_zone = Some(m),
                    None => diags.push(
                        Diagnostic::new(
                            Code::M017,
                            msg!(en: "`{s}` is not a UTC offset", zh: "`{s}` 不是 UTC 偏移量"),
                        )
                        .with_primary(
                            file,
                            TextRange::from(value.span()),
                            msg!(en: "expected `+08:00`, `-05:30` or `UTC`", zh: "应为 `+08:00`、`-05:30` 或 `UTC`"),
                        ),
                    ),
                },
                _ => diags.push(wrong(file, value, "a string", "字符串")),
            },
            "packs" => match value.get_ref() {
                DeValue::Array(items) => {
                    let mut packs = Vec::new();
                    for item in items.iter() {
                        match item.get_ref() {
                            DeValue::String(s) => packs.push(s.to_string()),
                            _ => diags.push(wrong(file, item, "a folder (a string)", "文件夹（字符串）")),
                        }
                    }
                    config.packs = Some(packs);
                }
                _ => diags.push(wrong(file, value, "a list of folders", "文件夹列表")),
            },
            _ => {
                let help = match suggest::closest(name, CONFIG_KEYS.iter().copied()) {
                    Some(s) => msg!(en: "did you mean `{s}`?", zh: "您是否想写 `{s}`？"),
                    None => Msg::new(
                        format!("the keys are {}", suggest::list(CONFIG_KEYS, "and")),
                        format!("可用的键为 {}", suggest::list_zh(CONFIG_KEYS, "和")),
                    ),
                };
                diags.push(
                    Diagnostic::new(
                        Code::M017,
                        msg!(en: "unknown configuration key `{name}`", zh: "未知的配置键 `{name}`"),
                    )
                    .with_primary(
                        file,
                        TextRange::from(key.span()),
                        msg!(en: "not a key tiaoli reads", zh: "tiaoli 不读取此键"),
                    )
                    .with_help(help),
                );
            }
        }
    }
    if diags.is_empty() {
        Ok(Some(config))
    } else {
        diags.sort_by_key(Diagnostic::sort_key);
        Err(diags)
    }
}

type Pending = Box<dyn FnOnce(FileId) -> Diagnostic>;

/// A string among `allowed`.
fn choice(value: &Spanned<DeValue<'_>>, allowed: &[&str]) -> Result<String, Pending> {
    let range = TextRange::from(value.span());
    let (list, list_zh) = (
        suggest::list(allowed, "or"),
        suggest::list_zh(allowed, "或"),
    );
    match value.get_ref() {
        DeValue::String(s) if allowed.contains(&s.as_ref()) => Ok(s.to_string()),
        DeValue::String(s) => {
            let s = s.to_string();
            Err(Box::new(move |file| {
                Diagnostic::new(
                    Code::M017,
                    Msg::new(
                        format!("`{s}` is not one of {list}"),
                        format!("`{s}` 不是 {list_zh} 之一"),
                    ),
                )
                .with_primary(
                    file,
                    range,
                    msg!(en: "not a value of this key", zh: "不是此键的取值"),
                )
            }))
        }
        _ => Err(Box::new(move |file| {
            Diagnostic::new(
                Code::M017,
                Msg::new(
                    format!("expected one of {list}"),
                    format!("应为 {list_zh} 之一"),
                ),
            )
            .with_primary(file, range, msg!(en: "not a string", zh: "不是字符串"))
        })),
    }
}

fn wrong(file: FileId, value: &Spanned<DeValue<'_>>, en: &str, zh: &str) -> Diagnostic {
    Diagnostic::new(Code::M017, msg!(en: "expected {en}", zh: "应为{zh}")).with_primary(
        file,
        TextRange::from(value.span()),
        msg!(en: "wrong type", zh: "类型不对"),
    )
}

/// `UTC`, `Z`, `+08:00`, `-0530`, `+8`: minutes east of UTC (at most 14 h).
fn offset_minutes(s: &str) -> Option<i32> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("utc") || s == "Z" {
        return Some(0);
    }
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = match rest.split_once(':') {
        Some((h, m)) => (h, m),
        None if rest.len() == 4 => rest.split_at(2),
        None => (rest, "0"),
    };
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 14 && m < 60 && !(h == 14 && m > 0)).then_some(sign * (h * 60 + m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_read_and_checked() {
        let text =
            "lang = \"zh\"\npacks = [\"policies\"]\nas_of_zone = \"+08:00\"\nformat = \"sarif\"\n";
        let c = parse_config(text, FileId(0), false).unwrap().unwrap();
        assert_eq!(c.lang.as_deref(), Some("zh"));
        assert_eq!(c.packs, Some(vec!["policies".to_owned()]));
        assert_eq!(c.as_of_zone, Some(480));
        assert_eq!(c.format.as_deref(), Some("sarif"));
        let bad = parse_config(
            "lnag = \"zh\"\nformat = \"pdf\"\nas_of_zone = \"+25:00\"\n",
            FileId(0),
            false,
        )
        .unwrap_err();
        let texts: Vec<&str> = bad.iter().map(|d| d.message.en()).collect();
        assert_eq!(bad.len(), 3, "{texts:?}");
        assert!(bad.iter().all(|d| d.code == Code::M017));
        assert_eq!(
            bad[0].help.as_ref().map(|h| h.en()),
            Some("did you mean `lang`?")
        );
        assert!(texts[1].contains("`pdf` is not one of"), "{texts:?}");
        assert!(bad.iter().all(|d| d.message.zh() != d.message.en()));
    }

    #[test]
    fn a_manifest_without_tool_has_no_configuration() {
        let manifest = "[pack]\nname = \"x\"\n";
        assert_eq!(parse_config(manifest, FileId(0), true), Ok(None));
        let with = "[pack]\nname = \"x\"\n[tool]\nlang = \"en\"\n";
        let c = parse_config(with, FileId(0), true).unwrap().unwrap();
        assert_eq!(c.lang.as_deref(), Some("en"));
    }

    #[test]
    fn offsets() {
        assert_eq!(offset_minutes("UTC"), Some(0));
        assert_eq!(offset_minutes("-05:30"), Some(-330));
        assert_eq!(offset_minutes("+0800"), Some(480));
        assert_eq!(offset_minutes("+8"), Some(480));
        assert_eq!(offset_minutes("+15:00"), None);
        assert_eq!(offset_minutes("Asia/Shanghai"), None);
    }
}
