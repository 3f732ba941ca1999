//! Parsing and validating one `tiaoli.toml` (the format is described in the
//! crate documentation).

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use semver::{Version, VersionReq};
use tiaoli_diagnostics::{Code, Diagnostic};
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

const ROOT_FIELDS: &[&str] = &["pack", "dependencies"];
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
fn found(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "found a string",
        DeValue::Integer(_) => "found an integer",
        DeValue::Float(_) => "found a float",
        DeValue::Boolean(_) => "found a boolean",
        DeValue::Datetime(_) => "found a date-time",
        DeValue::Array(_) => "found an array",
        DeValue::Table(_) => "found a table",
    }
}

/// A table being read: where it is and how messages name it.
#[derive(Clone, Copy)]
struct Place<'p> {
    /// `[pack]`, `[pack.title]`, the dependency `decree-745`…
    what: &'p str,
    /// Prefix of dotted field paths: `pack.`, `pack.title.`…
    path: &'p str,
    span: TextRange,
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
            Diagnostic::new(Code::M001, format!("duplicate key `{key}`"))
                .with_primary(self.file, range, "this key is already set above")
                .with_help("set each key once per table")
        } else if let Some((what, expected)) = message.split_once(", expected ") {
            Diagnostic::new(Code::M001, format!("invalid TOML: {what}")).with_primary(
                self.file,
                range,
                format!("expected {expected}"),
            )
        } else {
            Diagnostic::new(Code::M001, format!("invalid TOML: {message}")).with_primary(
                self.file,
                range,
                message.to_owned(),
            )
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
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "the fields of {} are {}",
                    place.what,
                    suggest::list(allowed, "and")
                ),
            };
            self.push(
                Diagnostic::new(
                    Code::M001,
                    format!("unknown field `{name}` in {}", place.what),
                )
                .with_primary(self.file, span(key), "unknown field")
                .with_help(help),
            );
        }
    }

    fn required<'a, 'i>(
        &mut self,
        table: &'a DeTable<'i>,
        key: &str,
        place: Place<'_>,
        help: &str,
    ) -> Option<&'a Spanned<DeValue<'i>>> {
        let value = table.get(key);
        if value.is_none() {
            self.push(
                Diagnostic::new(
                    Code::M001,
                    format!("missing field `{key}` in {}", place.what),
                )
                .with_primary(self.file, place.span, format!("this table has no `{key}`"))
                .with_help(help.to_owned()),
            );
        }
        value
    }

    fn wrong_type(&mut self, value: &Spanned<DeValue<'_>>, message: String, help: &str) {
        self.push(
            Diagnostic::new(Code::M001, message)
                .with_primary(self.file, span(value), found(value.get_ref()))
                .with_help(help.to_owned()),
        );
    }

    fn string<'a>(
        &mut self,
        value: &'a Spanned<DeValue<'_>>,
        field: &str,
        help: &str,
    ) -> Option<&'a str> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.as_ref()),
            _ => {
                self.wrong_type(value, format!("`{field}` must be a string"), help);
                None
            }
        }
    }

    fn table<'a, 'i>(
        &mut self,
        value: &'a Spanned<DeValue<'i>>,
        field: &str,
        help: &str,
    ) -> Option<&'a DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.wrong_type(value, format!("`{field}` must be a table"), help);
                None
            }
        }
    }

    fn manifest(&mut self, root: &DeTable<'_>) -> Option<Manifest> {
        let root_place = Place {
            what: "the manifest",
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
                Diagnostic::new(Code::M001, "missing table `[pack]`")
                    .with_primary(
                        self.file,
                        TextRange::empty(0),
                        "the manifest has no `[pack]` table",
                    )
                    .with_help(
                        "start the manifest with `[pack]` and its `name`, `version`, `kind`, \
                         `effective`, `title` and `issuer`",
                    ),
            );
            return None;
        };
        let pack = self.table(
            pack_value,
            "pack",
            "write a `[pack]` table with the pack's `name`, `version`, `kind`, `effective`, \
             `title` and `issuer`",
        )?;
        let place = Place {
            what: "`[pack]`",
            path: "pack.",
            span: span(pack_value),
        };
        self.unknown_fields(pack, PACK_FIELDS, place);

        let name = self
            .required(pack, "name", place, "add `name = \"decree-745\"`")
            .and_then(|v| self.pack_name(v));
        let version = self
            .required(pack, "version", place, "add `version = \"1.0.0\"`")
            .and_then(|v| self.version(v));
        let kind = self
            .required(pack, "kind", place, "add `kind = \"regulation\"`")
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
                            format!(
                                "a draft pack gives `{field}`, but a draft never came into force"
                            ),
                        )
                        .with_primary(self.file, span(v), "a draft has no days in force")
                        .with_help(
                            "remove it and give the day the draft was published for comment, \
                             `published = \"YYYY-MM-DD\"`; or, if the text was issued, remove \
                             `status = \"draft\"`",
                        ),
                    );
                }
            }
        } else if let (Some(PackStatus::Issued), Some(v)) = (status, pack.get("published")) {
            self.push(
                Diagnostic::new(
                    Code::M013,
                    "`published` is for a draft, but this pack is not `status = \"draft\"`",
                )
                .with_primary(self.file, span(v), "only a draft gives `published`")
                .with_help(
                    "an issued text gives the day it came into force as `effective`; \
                     for a draft that never came into force, add `status = \"draft\"`",
                ),
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
                "a draft gives the day it was published for comment: add `published = \"2017-07-10\"`",
            )
            .and_then(|v| Some((self.date(v, "published")?, span(v))))
        } else {
            self.required(pack, "effective", place, "add `effective = \"2021-09-01\"`")
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
                    format!("`expires` ({until}) is not after `effective` ({from})"),
                )
                .with_primary(
                    self.file,
                    *until_span,
                    "the pack would be in force on no day",
                )
                .with_help(
                    "`expires` is the first day the pack is no longer in force: \
                     write a date after `effective`, or remove `expires`",
                ),
            );
        }
        let model = match pack.get("model") {
            None => Some(false),
            Some(value) => match value.get_ref() {
                DeValue::Boolean(b) => Some(*b),
                _ => {
                    self.wrong_type(
                        value,
                        "`pack.model` must be a boolean".to_owned(),
                        "write `model = true` or `model = false`, without quotes",
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
                "add a `[pack.title]` table with `zh` and `en`",
            )
            .and_then(|v| self.bilingual(v, "title", "[pack.title]"));
        let issuer = self
            .required(
                pack,
                "issuer",
                place,
                "add a `[pack.issuer]` table with `zh` and `en`",
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
        let name = self.string(value, "pack.name", "write `name = \"decree-745\"`")?;
        let range = span(value);
        match check_name(name) {
            Ok(()) => Some((name.to_owned(), range)),
            Err(problem) => {
                self.push(
                    Diagnostic::new(Code::M003, format!("invalid pack name `{name}`"))
                        .with_primary(self.file, range, problem.label)
                        .with_help(problem.help),
                );
                None
            }
        }
    }

    fn version(&mut self, value: &Spanned<DeValue<'_>>) -> Option<(Version, TextRange)> {
        let help = "write a semantic version with three numbers, like `1.0.0`";
        let text = self.string(value, "pack.version", help)?;
        let range = span(value);
        match Version::parse(text) {
            Ok(v) => Some((v, range)),
            Err(e) => {
                self.push(
                    Diagnostic::new(Code::M003, format!("invalid pack version `{text}`"))
                        .with_primary(self.file, range, e.to_string())
                        .with_help(help),
                );
                None
            }
        }
    }

    fn kind(&mut self, value: &Spanned<DeValue<'_>>) -> Option<(PackKind, TextRange)> {
        let kinds: Vec<&str> = PackKind::ALL.iter().map(|k| k.as_str()).collect();
        let listed = suggest::list(&kinds, "or");
        let text = self.string(value, "pack.kind", &format!("write one of {listed}"))?;
        let range = span(value);
        match text.parse::<PackKind>() {
            Ok(kind) => Some((kind, range)),
            Err(()) => {
                let mut d = Diagnostic::new(Code::M001, format!("unknown pack kind `{text}`"))
                    .with_primary(self.file, range, format!("expected {listed}"));
                if let Some(s) = suggest::closest(text, kinds.iter().copied()) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
                self.push(d);
                None
            }
        }
    }

    fn status(&mut self, value: &Spanned<DeValue<'_>>) -> Option<PackStatus> {
        let all: Vec<&str> = PackStatus::ALL.iter().map(|k| k.as_str()).collect();
        let listed = suggest::list(&all, "or");
        let text = self.string(value, "pack.status", &format!("write one of {listed}"))?;
        let range = span(value);
        let found = PackStatus::ALL.into_iter().find(|s| s.as_str() == text);
        if found.is_none() {
            let mut d = Diagnostic::new(Code::M001, format!("unknown pack status `{text}`"))
                .with_primary(self.file, range, format!("expected {listed}"));
            if let Some(s) = suggest::closest(text, all.iter().copied()) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            self.push(d);
        }
        found
    }

    fn citation(&mut self, value: &Spanned<DeValue<'_>>) -> Option<CitationStyle> {
        let styles: Vec<&str> = CitationStyle::ALL.iter().map(|k| k.as_str()).collect();
        let listed = suggest::list(&styles, "or");
        let text = self.string(value, "pack.citation", &format!("write one of {listed}"))?;
        let range = span(value);
        match CitationStyle::ALL.into_iter().find(|s| s.as_str() == text) {
            Some(style) => Some(style),
            None => {
                let mut d = Diagnostic::new(Code::M001, format!("unknown citation style `{text}`"))
                    .with_primary(self.file, range, format!("expected {listed}"));
                if let Some(s) = suggest::closest(text, styles.iter().copied()) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
                self.push(d);
                None
            }
        }
    }

    fn date(&mut self, value: &Spanned<DeValue<'_>>, field: &str) -> Option<Date> {
        let range = span(value);
        let help = format!("write the date as `YYYY-MM-DD`, like `{field} = \"2021-09-01\"`");
        let help = help.as_str();
        match value.get_ref() {
            DeValue::String(s) => match parse_date(s) {
                Ok(date) => Some(date),
                Err(DateProblem::Format) => {
                    self.push(
                        Diagnostic::new(Code::M001, format!("invalid {field} date `{s}`"))
                            .with_primary(self.file, range, "expected a date written `YYYY-MM-DD`")
                            .with_help(help),
                    );
                    None
                }
                Err(DateProblem::NoSuchDay(label)) => {
                    self.push(
                        Diagnostic::new(Code::M001, format!("{field} date `{s}` does not exist"))
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
                        Diagnostic::new(Code::M001, format!("`pack.{field}` must be a date"))
                            .with_primary(self.file, range, "found a date-time")
                            .with_help(help),
                    );
                }
                date
            }
            _ => {
                self.wrong_type(value, format!("`pack.{field}` must be a date"), help);
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
        let help = format!("write a `{header}` table with `zh = \"…\"` and `en = \"…\"`");
        let table = self.table(value, &path, &help)?;
        let what = format!("`{header}`");
        let prefix = format!("{path}.");
        let place = Place {
            what: &what,
            path: &prefix,
            span: span(value),
        };
        self.unknown_fields(table, TEXT_FIELDS, place);
        let zh = self.text_field(table, "zh", "Chinese", place);
        let en = self.text_field(table, "en", "English", place);
        Some(Bilingual { zh: zh?, en: en? })
    }

    fn text_field(
        &mut self,
        table: &DeTable<'_>,
        key: &str,
        language: &str,
        place: Place<'_>,
    ) -> Option<String> {
        let help = format!("add the {language} text: `{key} = \"…\"`");
        let value = self.required(table, key, place, &help)?;
        let field = format!("{}{key}", place.path);
        let text = self.string(value, &field, &help)?;
        if text.trim().is_empty() {
            self.push(
                Diagnostic::new(Code::M001, format!("`{field}` is empty"))
                    .with_primary(
                        self.file,
                        span(value),
                        format!("the {language} text is empty"),
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
            "write a `[dependencies]` table, like `decree-745 = \"^1.0\"`",
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
                    Diagnostic::new(Code::M003, format!("invalid dependency name `{name}`"))
                        .with_primary(self.file, name_span, problem.label)
                        .with_help(problem.help),
                );
                false
            }
        };
        let example = format!(
            "write `{name} = \"^1.0\"` or `{name} = {{ version = \"^1.0\", path = \"../{name}\" }}`"
        );
        let (req_value, path) = match value.get_ref() {
            DeValue::String(_) => (Some(value), Some(None)),
            DeValue::Table(table) => {
                let what = format!("the dependency `{name}`");
                let prefix = format!("dependencies.{name}.");
                let place = Place {
                    what: &what,
                    path: &prefix,
                    span: span(value),
                };
                self.unknown_fields(table, DEPENDENCY_FIELDS, place);
                let req_value = self.required(table, "version", place, "add `version = \"^1.0\"`");
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
                    format!("dependency `{name}` must be a version requirement or a table"),
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
                            format!("invalid version requirement `{text}` for `{name}`"),
                        )
                        .with_primary(self.file, span(v), e.to_string())
                        .with_help("write a requirement like `^1.0`, `~1.2.3` or `>=1.0, <2`"),
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
    label: String,
    help: String,
}

/// Lowercase ASCII letters, digits and `-`, starting with a letter.
fn check_name(name: &str) -> Result<(), NameProblem> {
    let rule = "a pack name uses lowercase letters, digits and `-`, and starts with a letter";
    let help = |label: String| {
        let fixed = normalise_name(name);
        let help = if fixed != name && check_name_chars(&fixed).is_none() && starts_ok(&fixed) {
            format!("{rule}: write `{fixed}`")
        } else {
            rule.to_owned()
        };
        NameProblem { label, help }
    };
    if name.is_empty() {
        return Err(help("the name is empty".to_owned()));
    }
    if let Some(c) = check_name_chars(name) {
        return Err(help(format!("`{c}` is not allowed in a pack name")));
    }
    if !starts_ok(name) {
        return Err(help("a pack name must start with a letter".to_owned()));
    }
    Ok(())
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
    NoSuchDay(String),
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
        return Err(DateProblem::NoSuchDay(format!("there is no month {month}")));
    }
    let first = Date::new(year, month as i8, 1).map_err(|_| DateProblem::Format)?;
    let days = i16::from(first.days_in_month());
    if day == 0 {
        return Err(DateProblem::NoSuchDay("there is no day 0".to_owned()));
    }
    if day > days {
        return Err(DateProblem::NoSuchDay(format!(
            "{year:04}-{month:02} has only {days} days"
        )));
    }
    Date::new(year, month as i8, day as i8).map_err(|_| DateProblem::Format)
}

#[cfg(test)]
mod tests;
