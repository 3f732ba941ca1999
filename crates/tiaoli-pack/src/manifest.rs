//! Parsing and validating one `tiaoli.toml` (the format is described in the
//! crate documentation).

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use semver::{Version, VersionReq};
use tiaoli_diagnostics::{Code, Diagnostic, Msg, msg};
use tiaoli_text::{FileId, TextRange};
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

use crate::suggest;

/// What a pack is, which decides what it may declare and depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PackKind {
    /// A law or administrative regulation as enacted.
    Regulation,
    /// A sector's implementation of a regulation's extension points; it
    /// depends on the regulation it implements.
    Sector,
    /// Official guidance (standards, guidelines) interpreting a regulation.
    Guidance,
    /// Non-binding advice.
    Advisory,
}

impl PackKind {
    pub const ALL: [PackKind; 4] = [
        PackKind::Regulation,
        PackKind::Sector,
        PackKind::Guidance,
        PackKind::Advisory,
    ];

    /// The spelling in `tiaoli.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            PackKind::Regulation => "regulation",
            PackKind::Sector => "sector",
            PackKind::Guidance => "guidance",
            PackKind::Advisory => "advisory",
        }
    }

    /// The Chinese name of the kind, for diagnostics.
    pub fn zh_name(self) -> &'static str {
        match self {
            PackKind::Regulation => "法规",
            PackKind::Sector => "行业",
            PackKind::Guidance => "指南",
            PackKind::Advisory => "建议",
        }
    }
}

impl fmt::Display for PackKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PackKind {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        PackKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or(())
    }
}

/// How the pack's own structure is cited in reports. A regulation has
/// articles (条), paragraphs (款) and items (项); guidance documents such as
/// the MPS 2020 guidance are divided into parts (一、二、…) and sections
/// (（一）（二）…), which the pack writes as its articles and paragraphs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CitationStyle {
    /// `art. 17(1)`, `第17条第1款`.
    #[default]
    Articles,
    /// `part 2(2)`, `二（二）`: article N is part N, paragraph M section M.
    Parts,
}

impl CitationStyle {
    pub const ALL: [CitationStyle; 2] = [CitationStyle::Articles, CitationStyle::Parts];

    /// The spelling in `tiaoli.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            CitationStyle::Articles => "articles",
            CitationStyle::Parts => "parts",
        }
    }
}

/// Whether the pack encodes an issued text or a draft of one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PackStatus {
    /// The text as issued (the default).
    #[default]
    Issued,
    /// A draft published for comment that never came into force (such as
    /// the 2017 draft of the CII regulation). It has no `effective` date,
    /// only the day it was `published`; its rules are evaluated as if it
    /// had been enacted from that day, and every report marks what they
    /// decide as a draft's, its fines counted in no exposure.
    Draft,
}

impl PackStatus {
    pub const ALL: [PackStatus; 2] = [PackStatus::Issued, PackStatus::Draft];

    /// The spelling in `tiaoli.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            PackStatus::Issued => "issued",
            PackStatus::Draft => "draft",
        }
    }
}

/// A text in Chinese and English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bilingual {
    pub zh: String,
    pub en: String,
}

/// One entry of `[dependencies]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    /// The depended-on pack's name as written (`decree-745`).
    pub name: String,
    /// The key naming the pack.
    pub name_span: TextRange,
    pub req: VersionReq,
    /// The requirement string (with its quotes).
    pub req_span: TextRange,
    /// The folder of the pack, relative to the manifest, as written.
    pub path: Option<String>,
    /// The whole entry, key through value.
    pub span: TextRange,
}

/// A parsed and validated `tiaoli.toml`. Spans point into the manifest's
/// text, in `file`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    pub name: String,
    /// The name's string value (with its quotes).
    pub name_span: TextRange,
    pub version: Version,
    pub version_span: TextRange,
    pub kind: PackKind,
    pub kind_span: TextRange,
    /// The first day the pack is in force; for a draft (which never came
    /// into force and gives no `effective`), the day it was `published`,
    /// from which its rules are evaluated as a draft's.
    pub effective: Date,
    /// The `effective` value's span.
    pub effective_span: TextRange,
    /// The first day the pack is no longer in force (`expires`), if it
    /// has one: the pack is in force on `[effective, expires)`.
    pub expires: Option<Date>,
    /// A model rule set, not the issuing department's official rules.
    pub model: bool,
    /// `status = "draft"`: a draft that never came into force.
    pub status: PackStatus,
    /// How reports cite the pack's articles (`citation = "parts"`).
    pub citation: CitationStyle,
    pub title: Bilingual,
    pub issuer: Bilingual,
    /// In the order they are written.
    pub dependencies: Vec<Dependency>,
    pub file: FileId,
}

impl Manifest {
    /// The days the pack is in force, `[effective, expires)` (a draft: from
    /// its publication): the one reading of the manifest's dates that
    /// loading, the database and evaluation share.
    pub fn window(&self) -> (Option<Date>, Option<Date>) {
        (Some(self.effective), self.expires)
    }

    /// The pack's name as written in tiaoli source, where `-` is not an
    /// identifier character: `decree-745` is `decree_745` (as in
    /// `decree_745::operator`).
    pub fn ident(&self) -> String {
        self.name.replace('-', "_")
    }

    /// The dependency on the pack called `name`, if any.
    pub fn dependency(&self, name: &str) -> Option<&Dependency> {
        self.dependencies.iter().find(|d| d.name == name)
    }
}

// `tool`: the project configuration (`crate::parse_config`), not the pack's.
const ROOT_FIELDS: &[&str] = &["pack", "dependencies", "tool"];
const PACK_FIELDS: &[&str] = &[
    "name",
    "version",
    "kind",
    "effective",
    "expires",
    "status",
    "published",
    "model",
    "citation",
    "title",
    "issuer",
];
const TEXT_FIELDS: &[&str] = &["zh", "en"];
const DEPENDENCY_FIELDS: &[&str] = &["version", "path"];

/// Parses and validates a manifest. Every problem found is reported, each
/// with a label in `file`; invalid TOML stops before the field checks.
pub fn parse_manifest(text: &str, file: FileId) -> Result<Manifest, Vec<Diagnostic>> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    let mut reader = Reader {
        text,
        file,
        diags: Vec::new(),
    };
    if !errors.is_empty() {
        for error in &errors {
            reader.toml_error(error);
        }
        return Err(reader.finish());
    }
    let manifest = reader.manifest(doc.get_ref());
    match manifest {
        Some(m) if reader.diags.is_empty() => Ok(m),
        _ => Err(reader.finish()),
    }
}

type Entry<'a, 'i> = (&'a Spanned<DeString<'i>>, &'a Spanned<DeValue<'i>>);

/// A table's entries in the order they are written.
fn entries<'a, 'i>(table: &'a DeTable<'i>) -> Vec<Entry<'a, 'i>> {
    let mut entries: Vec<Entry<'a, 'i>> = table.iter().collect();
    entries.sort_by_key(|(k, _)| (k.span().start, k.span().end));
    entries
}

fn span<T>(s: &Spanned<T>) -> TextRange {
    TextRange::from(s.span())
}

/// `found a string`, `found an integer`…
fn found(value: &DeValue<'_>) -> Msg {
    match value {
        DeValue::String(_) => msg!(en: "found a string", zh: "实际为字符串"),
        DeValue::Integer(_) => msg!(en: "found an integer", zh: "实际为整数"),
        DeValue::Float(_) => msg!(en: "found a float", zh: "实际为浮点数"),
        DeValue::Boolean(_) => msg!(en: "found a boolean", zh: "实际为布尔值"),
        DeValue::Datetime(_) => msg!(en: "found a date-time", zh: "实际为日期时间"),
        DeValue::Array(_) => msg!(en: "found an array", zh: "实际为数组"),
        DeValue::Table(_) => msg!(en: "found a table", zh: "实际为表"),
    }
}

/// A table being read: where it is and how messages name it.
#[derive(Clone, Copy)]
struct Place<'p> {
    /// `[pack]`, `[pack.title]`, the dependency `decree-745`…
    what: &'p Msg,
    /// Prefix of dotted field paths: `pack.`, `pack.title.`…
    path: &'p str,
    span: TextRange,
}

impl Place<'_> {
    /// The Chinese name, followed by a space when it ends in code, so that
    /// the Chinese word after it stands apart (`` `[pack]` 中 ``).
    fn what_zh(&self) -> String {
        let zh = self.what.zh();
        if zh.ends_with('`') {
            format!("{zh} ")
        } else {
            zh.to_owned()
        }
    }
}

struct Reader<'t> {
    text: &'t str,
    file: FileId,
    diags: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn finish(mut self) -> Vec<Diagnostic> {
        self.diags.sort_by_key(Diagnostic::sort_key);
        self.diags.dedup();
        self.diags
    }

    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn toml_error(&mut self, error: &toml::de::Error) {
        let range = error.span().map_or(TextRange::empty(0), TextRange::from);
        let message = error.message();
        let d = if message == "duplicate key" {
            let key = self.text.get(range.as_range()).unwrap_or("").trim();
            Diagnostic::new(
                Code::M001,
                msg!(en: "duplicate key `{key}`", zh: "重复的键 `{key}`"),
            )
            .with_primary(
                self.file,
                range,
                msg!(en: "this key is already set above", zh: "此键已在上文设置"),
            )
            .with_help(msg!(en: "set each key once per table", zh: "每个表中每个键只能设置一次"))
        } else if let Some((what, expected)) = message.split_once(", expected ") {
            // The TOML parser's own words, passed on within our sentence.
            Diagnostic::new(
                Code::M001,
                msg!(en: "invalid TOML: {what}", zh: "无效的 TOML：{what}"),
            )
            .with_primary(
                self.file,
                range,
                msg!(en: "expected {expected}", zh: "应为 {expected}"),
            )
        } else {
            Diagnostic::new(
                Code::M001,
                msg!(en: "invalid TOML: {message}", zh: "无效的 TOML：{message}"),
            )
            .with_primary(self.file, range, Msg::verbatim(message))
        };
        self.push(d);
    }

    /// Reports every key of `table` not in `allowed`.
    fn unknown_fields(&mut self, table: &DeTable<'_>, allowed: &[&str], place: Place<'_>) {
        for (key, _) in entries(table) {
            let name = key.get_ref().as_ref();
            if allowed.contains(&name) {
                continue;
            }
            let help = match suggest::closest(name, allowed.iter().copied()) {
                Some(s) => msg!(en: "did you mean `{s}`?", zh: "您是否想写 `{s}`？"),
                None => Msg::new(
                    format!(
                        "the fields of {} are {}",
                        place.what.en(),
                        suggest::list(allowed, "and")
                    ),
                    format!(
                        "{}的字段为 {}",
                        place.what_zh(),
                        suggest::list_zh(allowed, "和")
                    ),
                ),
            };
            self.push(
                Diagnostic::new(
                    Code::M001,
                    Msg::new(
                        format!("unknown field `{name}` in {}", place.what.en()),
                        format!("{}中的未知字段 `{name}`", place.what_zh()),
                    ),
                )
                .with_primary(
                    self.file,
                    span(key),
                    msg!(en: "unknown field", zh: "未知字段"),
                )
                .with_help(help),
            );
        }
    }

    fn required<'a, 'i>(
        &mut self,
        table: &'a DeTable<'i>,
        key: &str,
        place: Place<'_>,
        help: Msg,
    ) -> Option<&'a Spanned<DeValue<'i>>> {
        let value = table.get(key);
        if value.is_none() {
            self.push(
                Diagnostic::new(
                    Code::M001,
                    Msg::new(
                        format!("missing field `{key}` in {}", place.what.en()),
                        format!("{}缺少字段 `{key}`", place.what_zh()),
                    ),
                )
                .with_primary(
                    self.file,
                    place.span,
                    msg!(en: "this table has no `{key}`", zh: "此表没有 `{key}`"),
                )
                .with_help(help),
            );
        }
        value
    }

    fn wrong_type(&mut self, value: &Spanned<DeValue<'_>>, message: Msg, help: &Msg) {
        self.push(
            Diagnostic::new(Code::M001, message)
                .with_primary(self.file, span(value), found(value.get_ref()))
                .with_help(help.clone()),
        );
    }

    fn string<'a>(
        &mut self,
        value: &'a Spanned<DeValue<'_>>,
        field: &str,
        help: &Msg,
    ) -> Option<&'a str> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.as_ref()),
            _ => {
                self.wrong_type(
                    value,
                    msg!(en: "`{field}` must be a string", zh: "`{field}` 必须是字符串"),
                    help,
                );
                None
            }
        }
    }

    fn table<'a, 'i>(
        &mut self,
        value: &'a Spanned<DeValue<'i>>,
        field: &str,
        help: &Msg,
    ) -> Option<&'a DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.wrong_type(
                    value,
                    msg!(en: "`{field}` must be a table", zh: "`{field}` 必须是表"),
                    help,
                );
                None
            }
        }
    }

    fn manifest(&mut self, root: &DeTable<'_>) -> Option<Manifest> {
        let root_what = msg!(en: "the manifest", zh: "清单");
        let root_place = Place {
            what: &root_what,
            path: "",
            span: TextRange::empty(0),
        };
        self.unknown_fields(root, ROOT_FIELDS, root_place);
        let dependencies = match root.get("dependencies") {
            Some(value) => self.dependencies(value),
            None => Some(Vec::new()),
        };
        let Some(pack_value) = root.get("pack") else {
            self.push(
                Diagnostic::new(
                    Code::M001,
                    msg!(en: "missing table `[pack]`", zh: "缺少表 `[pack]`"),
                )
                .with_primary(
                    self.file,
                    TextRange::empty(0),
                    msg!(
                        en: "the manifest has no `[pack]` table",
                        zh: "清单中没有 `[pack]` 表"
                    ),
                )
                .with_help(msg!(
                    en: "start the manifest with `[pack]` and its `name`, `version`, `kind`, \
                         `effective`, `title` and `issuer`",
                    zh: "请以 `[pack]` 开始清单，并写明其 `name`、`version`、`kind`、\
                         `effective`、`title` 和 `issuer`"
                )),
            );
            return None;
        };
        let pack = self.table(
            pack_value,
            "pack",
            &msg!(
                en: "write a `[pack]` table with the pack's `name`, `version`, `kind`, `effective`, \
                     `title` and `issuer`",
                zh: "请编写 `[pack]` 表，写明规则包的 `name`、`version`、`kind`、`effective`、\
                     `title` 和 `issuer`"
            ),
        )?;
        let pack_what = Msg::verbatim("`[pack]`");
        let place = Place {
            what: &pack_what,
            path: "pack.",
            span: span(pack_value),
        };
        self.unknown_fields(pack, PACK_FIELDS, place);

        let name = self
            .required(pack, "name", place, add("name = \"decree-745\""))
            .and_then(|v| self.pack_name(v));
        let version = self
            .required(pack, "version", place, add("version = \"1.0.0\""))
            .and_then(|v| self.version(v));
        let kind = self
            .required(pack, "kind", place, add("kind = \"regulation\""))
            .and_then(|v| self.kind(v));
        let status = match pack.get("status") {
            None => Some(PackStatus::Issued),
            Some(value) => self.status(value),
        };
        // M013: a draft never came into force, so it gives the day it was
        // published, never days in force; an issued text has no `published`.
        let draft = status == Some(PackStatus::Draft);
        if draft {
            for field in ["effective", "expires"] {
                if let Some(v) = pack.get(field) {
                    self.push(
                        Diagnostic::new(
                            Code::M013,
                            msg!(
                                en: "a draft pack gives `{field}`, but a draft never came into force",
                                zh: "草案规则包给出了 `{field}`，但草案从未生效"
                            ),
                        )
                        .with_primary(
                            self.file,
                            span(v),
                            msg!(en: "a draft has no days in force", zh: "草案没有生效期"),
                        )
                        .with_help(msg!(
                            en: "remove it and give the day the draft was published for comment, \
                                 `published = \"YYYY-MM-DD\"`; or, if the text was issued, remove \
                                 `status = \"draft\"`",
                            zh: "请删除它，并给出草案公开征求意见的日期 \
                                 `published = \"YYYY-MM-DD\"`；如果文本已正式发布，请删除 \
                                 `status = \"draft\"`"
                        )),
                    );
                }
            }
        } else if let (Some(PackStatus::Issued), Some(v)) = (status, pack.get("published")) {
            self.push(
                Diagnostic::new(
                    Code::M013,
                    msg!(
                        en: "`published` is for a draft, but this pack is not `status = \"draft\"`",
                        zh: "`published` 仅用于草案，但此规则包不是 `status = \"draft\"`"
                    ),
                )
                .with_primary(
                    self.file,
                    span(v),
                    msg!(en: "only a draft gives `published`", zh: "只有草案才给出 `published`"),
                )
                .with_help(msg!(
                    en: "an issued text gives the day it came into force as `effective`; \
                         for a draft that never came into force, add `status = \"draft\"`",
                    zh: "已发布的文本以 `effective` 给出其生效日期；\
                         对于从未生效的草案，请添加 `status = \"draft\"`"
                )),
            );
        }
        let effective = if status.is_none() {
            // An unknown status (M001): which date is owed is not known.
            None
        } else if draft {
            self.required(
                pack,
                "published",
                place,
                msg!(
                    en: "a draft gives the day it was published for comment: add `published = \"2017-07-10\"`",
                    zh: "草案须给出其公开征求意见的日期：请添加 `published = \"2017-07-10\"`"
                ),
            )
            .and_then(|v| Some((self.date(v, "published")?, span(v))))
        } else {
            self.required(pack, "effective", place, add("effective = \"2021-09-01\""))
                .and_then(|v| Some((self.date(v, "effective")?, span(v))))
        };
        let expires = match pack.get("expires") {
            None => Some(None),
            // Reported above (M013): a draft has no days in force.
            Some(_) if draft => Some(None),
            Some(v) => self.date(v, "expires").map(|d| Some((d, span(v)))),
        };
        // M009: an expiry on or before the effective date leaves the pack
        // in force on no day at all.
        if let (Some((from, _)), Some(Some((until, until_span)))) = (&effective, &expires)
            && until <= from
        {
            self.push(
                Diagnostic::new(
                    Code::M009,
                    msg!(
                        en: "`expires` ({until}) is not after `effective` ({from})",
                        zh: "`expires`（{until}）不晚于 `effective`（{from}）"
                    ),
                )
                .with_primary(
                    self.file,
                    *until_span,
                    msg!(
                        en: "the pack would be in force on no day",
                        zh: "规则包将在任何一天都不生效"
                    ),
                )
                .with_help(msg!(
                    en: "`expires` is the first day the pack is no longer in force: \
                         write a date after `effective`, or remove `expires`",
                    zh: "`expires` 是规则包不再生效的第一天：\
                         请写一个晚于 `effective` 的日期，或删除 `expires`"
                )),
            );
        }
        let model = match pack.get("model") {
            None => Some(false),
            Some(value) => match value.get_ref() {
                DeValue::Boolean(b) => Some(*b),
                _ => {
                    self.wrong_type(
                        value,
                        msg!(en: "`pack.model` must be a boolean", zh: "`pack.model` 必须是布尔值"),
                        &msg!(
                            en: "write `model = true` or `model = false`, without quotes",
                            zh: "请写 `model = true` 或 `model = false`，不加引号"
                        ),
                    );
                    None
                }
            },
        };
        let citation = match pack.get("citation") {
            None => Some(CitationStyle::Articles),
            Some(value) => self.citation(value),
        };
        let title = self
            .required(
                pack,
                "title",
                place,
                msg!(
                    en: "add a `[pack.title]` table with `zh` and `en`",
                    zh: "请添加含 `zh` 和 `en` 的 `[pack.title]` 表"
                ),
            )
            .and_then(|v| self.bilingual(v, "title", "[pack.title]"));
        let issuer = self
            .required(
                pack,
                "issuer",
                place,
                msg!(
                    en: "add a `[pack.issuer]` table with `zh` and `en`",
                    zh: "请添加含 `zh` 和 `en` 的 `[pack.issuer]` 表"
                ),
            )
            .and_then(|v| self.bilingual(v, "issuer", "[pack.issuer]"));

        let (name, name_span) = name?;
        let (version, version_span) = version?;
        let (kind, kind_span) = kind?;
        Some(Manifest {
            name,
            name_span,
            version,
            version_span,
            kind,
            kind_span,
            effective: effective?.0,
            effective_span: effective?.1,
            expires: expires?.map(|(d, _)| d),
            model: model?,
            status: status?,
            citation: citation?,
            title: title?,
            issuer: issuer?,
            dependencies: dependencies?,
            file: self.file,
        })
    }

    fn pack_name(&mut self, value: &Spanned<DeValue<'_>>) -> Option<(String, TextRange)> {
        let name = self.string(value, "pack.name", &write("name = \"decree-745\""))?;
        let range = span(value);
        match check_name(name) {
            Ok(()) => Some((name.to_owned(), range)),
            Err(problem) => {
                self.push(
                    Diagnostic::new(
                        Code::M003,
                        msg!(en: "invalid pack name `{name}`", zh: "无效的规则包名称 `{name}`"),
                    )
                    .with_primary(self.file, range, problem.label)
                    .with_help(problem.help),
                );
                None
            }
        }
    }

    fn version(&mut self, value: &Spanned<DeValue<'_>>) -> Option<(Version, TextRange)> {
        let help = msg!(
            en: "write a semantic version with three numbers, like `1.0.0`",
            zh: "请写由三个数字组成的语义化版本号，如 `1.0.0`"
        );
        let text = self.string(value, "pack.version", &help)?;
        let range = span(value);
        match Version::parse(text) {
            Ok(v) => Some((v, range)),
            Err(e) => {
                self.push(
                    Diagnostic::new(
                        Code::M003,
                        msg!(en: "invalid pack version `{text}`", zh: "无效的规则包版本 `{text}`"),
                    )
                    // The semver parser's own explanation.
                    .with_primary(self.file, range, Msg::verbatim(e.to_string()))
                    .with_help(help),
                );
                None
            }
        }
    }

    fn kind(&mut self, value: &Spanned<DeValue<'_>>) -> Option<(PackKind, TextRange)> {
        let kinds: Vec<&str> = PackKind::ALL.iter().map(|k| k.as_str()).collect();
        let text = self.string(value, "pack.kind", &write_one_of(&kinds))?;
        let range = span(value);
        match text.parse::<PackKind>() {
            Ok(kind) => Some((kind, range)),
            Err(()) => {
                let mut d = Diagnostic::new(
                    Code::M001,
                    msg!(en: "unknown pack kind `{text}`", zh: "未知的规则包类型 `{text}`"),
                )
                .with_primary(self.file, range, expected_one_of(&kinds));
                if let Some(s) = suggest::closest(text, kinds.iter().copied()) {
                    d = d.with_help(msg!(en: "did you mean `{s}`?", zh: "您是否想写 `{s}`？"));
                }
                self.push(d);
                None
            }
        }
    }

    fn status(&mut self, value: &Spanned<DeValue<'_>>) -> Option<PackStatus> {
        let all: Vec<&str> = PackStatus::ALL.iter().map(|k| k.as_str()).collect();
        let text = self.string(value, "pack.status", &write_one_of(&all))?;
        let range = span(value);
        let found = PackStatus::ALL.into_iter().find(|s| s.as_str() == text);
        if found.is_none() {
            let mut d = Diagnostic::new(
                Code::M001,
                msg!(en: "unknown pack status `{text}`", zh: "未知的规则包状态 `{text}`"),
            )
            .with_primary(self.file, range, expected_one_of(&all));
            if let Some(s) = suggest::closest(text, all.iter().copied()) {
                d = d.with_help(msg!(en: "did you mean `{s}`?", zh: "您是否想写 `{s}`？"));
            }
            self.push(d);
        }
        found
    }

    fn citation(&mut self, value: &Spanned<DeValue<'_>>) -> Option<CitationStyle> {
        let styles: Vec<&str> = CitationStyle::ALL.iter().map(|k| k.as_str()).collect();
        let text = self.string(value, "pack.citation", &write_one_of(&styles))?;
        let range = span(value);
        match CitationStyle::ALL.into_iter().find(|s| s.as_str() == text) {
            Some(style) => Some(style),
            None => {
                let mut d = Diagnostic::new(
                    Code::M001,
                    msg!(en: "unknown citation style `{text}`", zh: "未知的引用格式 `{text}`"),
                )
                .with_primary(self.file, range, expected_one_of(&styles));
                if let Some(s) = suggest::closest(text, styles.iter().copied()) {
                    d = d.with_help(msg!(en: "did you mean `{s}`?", zh: "您是否想写 `{s}`？"));
                }
                self.push(d);
                None
            }
        }
    }

    fn date(&mut self, value: &Spanned<DeValue<'_>>, field: &str) -> Option<Date> {
        let range = span(value);
        let help = msg!(
            en: "write the date as `YYYY-MM-DD`, like `{field} = \"2021-09-01\"`",
            zh: "请按 `YYYY-MM-DD` 格式写日期，如 `{field} = \"2021-09-01\"`"
        );
        let help = &help;
        match value.get_ref() {
            DeValue::String(s) => match parse_date(s) {
                Ok(date) => Some(date),
                Err(DateProblem::Format) => {
                    self.push(
                        Diagnostic::new(
                            Code::M001,
                            msg!(en: "invalid {field} date `{s}`", zh: "无效的 {field} 日期 `{s}`"),
                        )
                        .with_primary(
                            self.file,
                            range,
                            msg!(
                                en: "expected a date written `YYYY-MM-DD`",
                                zh: "应为按 `YYYY-MM-DD` 格式书写的日期"
                            ),
                        )
                        .with_help(help.clone()),
                    );
                    None
                }
                Err(DateProblem::NoSuchDay(label)) => {
                    self.push(
                        Diagnostic::new(
                            Code::M001,
                            msg!(en: "{field} date `{s}` does not exist", zh: "{field} 日期 `{s}` 不存在"),
                        )
                        .with_primary(self.file, range, label),
                    );
                    None
                }
            },
            DeValue::Datetime(dt) => {
                let date = match (dt.date, dt.time, dt.offset) {
                    (Some(d), None, None) => {
                        Date::new(d.year as i16, d.month as i8, d.day as i8).ok()
                    }
                    _ => None,
                };
                if date.is_none() {
                    self.push(
                        Diagnostic::new(
                            Code::M001,
                            msg!(en: "`pack.{field}` must be a date", zh: "`pack.{field}` 必须是日期"),
                        )
                        .with_primary(
                            self.file,
                            range,
                            msg!(en: "found a date-time", zh: "实际为日期时间"),
                        )
                        .with_help(help.clone()),
                    );
                }
                date
            }
            _ => {
                self.wrong_type(
                    value,
                    msg!(en: "`pack.{field}` must be a date", zh: "`pack.{field}` 必须是日期"),
                    help,
                );
                None
            }
        }
    }

    fn bilingual(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        field: &str,
        header: &str,
    ) -> Option<Bilingual> {
        let path = format!("pack.{field}");
        let help = msg!(
            en: "write a `{header}` table with `zh = \"…\"` and `en = \"…\"`",
            zh: "请编写含 `zh = \"…\"` 和 `en = \"…\"` 的 `{header}` 表"
        );
        let table = self.table(value, &path, &help)?;
        let what = Msg::verbatim(format!("`{header}`"));
        let prefix = format!("{path}.");
        let place = Place {
            what: &what,
            path: &prefix,
            span: span(value),
        };
        self.unknown_fields(table, TEXT_FIELDS, place);
        let zh = self.text_field(table, "zh", ("Chinese", "中文"), place);
        let en = self.text_field(table, "en", ("English", "英文"), place);
        Some(Bilingual { zh: zh?, en: en? })
    }

    fn text_field(
        &mut self,
        table: &DeTable<'_>,
        key: &str,
        (language, language_zh): (&str, &str),
        place: Place<'_>,
    ) -> Option<String> {
        let help = msg!(
            en: "add the {language} text: `{key} = \"…\"`",
            zh: "请添加{language_zh}文本：`{key} = \"…\"`"
        );
        let value = self.required(table, key, place, help.clone())?;
        let field = format!("{}{key}", place.path);
        let text = self.string(value, &field, &help)?;
        if text.trim().is_empty() {
            self.push(
                Diagnostic::new(
                    Code::M001,
                    msg!(en: "`{field}` is empty", zh: "`{field}` 为空"),
                )
                .with_primary(
                    self.file,
                    span(value),
                    msg!(en: "the {language} text is empty", zh: "{language_zh}文本为空"),
                )
                .with_help(help),
            );
            return None;
        }
        Some(text.to_owned())
    }

    fn dependencies(&mut self, value: &Spanned<DeValue<'_>>) -> Option<Vec<Dependency>> {
        let table = self.table(
            value,
            "dependencies",
            &msg!(
                en: "write a `[dependencies]` table, like `decree-745 = \"^1.0\"`",
                zh: "请编写 `[dependencies]` 表，如 `decree-745 = \"^1.0\"`"
            ),
        )?;
        let mut out = Vec::new();
        let mut ok = true;
        for (key, value) in entries(table) {
            match self.dependency(key, value) {
                Some(d) => out.push(d),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn dependency(
        &mut self,
        key: &Spanned<DeString<'_>>,
        value: &Spanned<DeValue<'_>>,
    ) -> Option<Dependency> {
        let name: &str = key.get_ref().as_ref();
        let name_span = span(key);
        let name_ok = match check_name(name) {
            Ok(()) => true,
            Err(problem) => {
                self.push(
                    Diagnostic::new(
                        Code::M003,
                        msg!(en: "invalid dependency name `{name}`", zh: "无效的依赖名称 `{name}`"),
                    )
                    .with_primary(self.file, name_span, problem.label)
                    .with_help(problem.help),
                );
                false
            }
        };
        let example = msg!(
            en: "write `{name} = \"^1.0\"` or `{name} = {{ version = \"^1.0\", path = \"../{name}\" }}`",
            zh: "请写 `{name} = \"^1.0\"` 或 `{name} = {{ version = \"^1.0\", path = \"../{name}\" }}`"
        );
        let (req_value, path) = match value.get_ref() {
            DeValue::String(_) => (Some(value), Some(None)),
            DeValue::Table(table) => {
                let what = msg!(en: "the dependency `{name}`", zh: "依赖 `{name}`");
                let prefix = format!("dependencies.{name}.");
                let place = Place {
                    what: &what,
                    path: &prefix,
                    span: span(value),
                };
                self.unknown_fields(table, DEPENDENCY_FIELDS, place);
                let req_value = self.required(table, "version", place, add("version = \"^1.0\""));
                let path = match table.get("path") {
                    None => Some(None),
                    Some(p) => self
                        .string(p, &format!("{prefix}path"), &example)
                        .map(|p| Some(p.to_owned())),
                };
                (req_value, path)
            }
            _ => {
                self.wrong_type(
                    value,
                    msg!(
                        en: "dependency `{name}` must be a version requirement or a table",
                        zh: "依赖 `{name}` 必须是版本要求或表"
                    ),
                    &example,
                );
                (None, None)
            }
        };
        let req = req_value.and_then(|v| {
            let text = self.string(v, &format!("dependencies.{name}.version"), &example)?;
            match VersionReq::parse(text) {
                Ok(req) => Some((req, span(v))),
                Err(e) => {
                    self.push(
                        Diagnostic::new(
                            Code::M003,
                            msg!(
                                en: "invalid version requirement `{text}` for `{name}`",
                                zh: "`{name}` 的版本要求 `{text}` 无效"
                            ),
                        )
                        // The semver parser's own explanation.
                        .with_primary(self.file, span(v), Msg::verbatim(e.to_string()))
                        .with_help(msg!(
                            en: "write a requirement like `^1.0`, `~1.2.3` or `>=1.0, <2`",
                            zh: "请写形如 `^1.0`、`~1.2.3` 或 `>=1.0, <2` 的版本要求"
                        )),
                    );
                    None
                }
            }
        });
        let (req, req_span) = req?;
        if !name_ok {
            return None;
        }
        Some(Dependency {
            name: name.to_owned(),
            name_span,
            req,
            req_span,
            path: path?,
            span: name_span.cover(span(value)),
        })
    }
}

struct NameProblem {
    label: Msg,
    help: Msg,
}

/// Lowercase ASCII letters, digits and `-`, starting with a letter.
fn check_name(name: &str) -> Result<(), NameProblem> {
    let rule = msg!(
        en: "a pack name uses lowercase letters, digits and `-`, and starts with a letter",
        zh: "规则包名称由小写字母、数字和 `-` 组成，并以字母开头"
    );
    let help = |label: Msg| {
        let fixed = normalise_name(name);
        let help = if fixed != name && check_name_chars(&fixed).is_none() && starts_ok(&fixed) {
            Msg::new(
                format!("{}: write `{fixed}`", rule.en()),
                format!("{}：请写 `{fixed}`", rule.zh()),
            )
        } else {
            rule.clone()
        };
        NameProblem { label, help }
    };
    if name.is_empty() {
        return Err(help(msg!(en: "the name is empty", zh: "名称为空")));
    }
    if let Some(c) = check_name_chars(name) {
        return Err(help(msg!(
            en: "`{c}` is not allowed in a pack name",
            zh: "规则包名称中不允许出现 `{c}`"
        )));
    }
    if !starts_ok(name) {
        return Err(help(msg!(
            en: "a pack name must start with a letter",
            zh: "规则包名称必须以字母开头"
        )));
    }
    Ok(())
}

/// `add `key = value``: the help for a missing field.
fn add(example: &str) -> Msg {
    msg!(en: "add `{example}`", zh: "请添加 `{example}`")
}

/// `write `key = value``: the help for a field of the wrong type.
fn write(example: &str) -> Msg {
    msg!(en: "write `{example}`", zh: "请写 `{example}`")
}

/// `write one of `a`, `b` or `c``.
fn write_one_of(values: &[&str]) -> Msg {
    Msg::new(
        format!("write one of {}", suggest::list(values, "or")),
        format!("请写 {} 之一", suggest::list_zh(values, "或")),
    )
}

/// `expected `a`, `b` or `c``.
fn expected_one_of(values: &[&str]) -> Msg {
    Msg::new(
        format!("expected {}", suggest::list(values, "or")),
        format!("应为 {} 之一", suggest::list_zh(values, "或")),
    )
}

/// The first character not allowed in a name.
fn check_name_chars(name: &str) -> Option<char> {
    name.chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
}

fn starts_ok(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
}

/// `Decree_745` → `decree-745`: the likely intended name.
fn normalise_name(name: &str) -> String {
    name.trim()
        .chars()
        .filter_map(|c| match c {
            'A'..='Z' => Some(c.to_ascii_lowercase()),
            '_' | ' ' | '.' => Some('-'),
            c if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' => Some(c),
            _ => None,
        })
        .collect()
}

enum DateProblem {
    Format,
    NoSuchDay(Msg),
}

/// A `YYYY-MM-DD` date that exists.
fn parse_date(s: &str) -> Result<Date, DateProblem> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .and_then(|_| s.get(r))
            .and_then(|t| t.parse::<i16>().ok())
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(DateProblem::Format);
    }
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return Err(DateProblem::Format);
    };
    if !(1..=12).contains(&month) {
        return Err(DateProblem::NoSuchDay(msg!(
            en: "there is no month {month}",
            zh: "没有 {month} 月"
        )));
    }
    let first = Date::new(year, month as i8, 1).map_err(|_| DateProblem::Format)?;
    let days = i16::from(first.days_in_month());
    if day == 0 {
        return Err(DateProblem::NoSuchDay(msg!(
            en: "there is no day 0",
            zh: "没有 0 日"
        )));
    }
    if day > days {
        return Err(DateProblem::NoSuchDay(msg!(
            en: "{year:04}-{month:02} has only {days} days",
            zh: "{year:04}-{month:02} 只有 {days} 天"
        )));
    }
    Date::new(year, month as i8, day as i8).map_err(|_| DateProblem::Format)
}

#[cfg(test)]
mod tests;
