//! Facility records from a YAML event stream: the pull parser of
//! serde-saphyr (granit) yields events with byte spans, and records are
//! built from them one at a time.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_saphyr::granit_parser::{
    Event, Parser, ScalarStyle, ScanError, Span, StrInput, StructureStyle, Tag,
};
use tiaoli_diagnostics::{Code, Diagnostic, Msg, msg};
use tiaoli_eval::bind::{RawKey, RawKind, RawNode};
use tiaoli_text::{FileId, TextRange};

use crate::{Record, not_a_facility, scalar};

/// Which language a text is read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// YAML 1.2: a mapping, a sequence of mappings, or several documents.
    Yaml,
    /// JSON: an object or an array of objects.
    Json,
    /// One line of a JSON lines file: one object.
    JsonLine,
}

impl Dialect {
    fn is_json(self) -> bool {
        self != Dialect::Yaml
    }

    fn name(self) -> &'static str {
        match self {
            Dialect::Yaml => "YAML",
            Dialect::Json => "JSON",
            Dialect::JsonLine => "JSON lines",
        }
    }
}

/// Nodes that aliases may add to one document, at least: the budget is the
/// larger of this and the document's length in bytes. It stops "billion
/// laughs" documents, whose few aliases expand to billions of nodes.
const MIN_ALIAS_BUDGET: usize = 100_000;

/// How deep aliases may nest collections. The parser already limits the
/// nesting it reads to 255 levels; aliases could otherwise stack copies of
/// deep collections inside each other.
const MAX_DEPTH: usize = 512;

/// The labels of the diagnostics for YAML in a JSON file (English, Chinese).
const NOT_JSON_FILE: (&str, &str) = ("not valid in a JSON file", "在 JSON 文件中无效");
const NOT_JSON_LINE: (&str, &str) = ("not valid in a JSON lines file", "在 JSON lines 文件中无效");
/// The message for a block (indented) collection in JSON: YAML was written
/// where JSON was expected, and each key and value of it would be a
/// diagnostic of its own, so this one stands for all of them.
const YAML_NOT_JSON: (&str, &str) = ("this is YAML, not JSON", "这是 YAML，不是 JSON");

/// A node with an anchor, kept to be copied where an alias names it.
struct Anchored {
    node: RawNode,
    /// Number of nodes in it.
    size: usize,
    /// Nesting depth of it (a scalar is 1).
    depth: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Before a document, or between two.
    Between,
    /// Inside a document, before its root node.
    Root,
    /// Inside a top-level sequence, before an element or its end.
    TopSequence,
    /// After the root node, before the end of the document.
    AfterRoot,
    /// The stream ended, or a syntax error stopped reading.
    Done,
}

/// A syntax error: where, and what the parser said.
struct Fatal {
    at: usize,
    message: Msg,
}

/// Records read from one YAML or JSON text (or one JSON line), lazily.
pub(crate) struct EventRecords<'a> {
    parser: Parser<'a, StrInput<'a>>,
    /// The text being parsed.
    text: &'a str,
    /// Where `text` starts in the file: spans are `base` + offset in `text`.
    base: usize,
    file: FileId,
    dialect: Dialect,
    state: State,
    next_index: usize,
    /// How far (in the file) the parser has reported events.
    offset: usize,
    anchors: HashMap<usize, Anchored>,
    alias_nodes: usize,
    alias_budget: usize,
    /// Problems found outside any record, reported with the next one.
    pending: Vec<Diagnostic>,
    /// Whether the record being read already has a "block collection in
    /// JSON" diagnostic (one is enough).
    block_reported: bool,
}

impl std::fmt::Debug for EventRecords<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventRecords")
            .field("base", &self.base)
            .field("len", &self.text.len())
            .field("dialect", &self.dialect)
            .field("state", &self.state)
            .field("next_index", &self.next_index)
            .field("offset", &self.offset)
            .finish_non_exhaustive()
    }
}

/// A collection being built.
enum Frame {
    Seq {
        start: usize,
        end: usize,
        flow: bool,
        anchor: usize,
        items: Vec<RawNode>,
    },
    Map {
        start: usize,
        end: usize,
        flow: bool,
        anchor: usize,
        entries: Vec<(RawKey, RawNode)>,
        slot: Slot,
        seen: HashMap<String, TextRange>,
    },
}

impl Frame {
    /// End of the last child read so far (or the start).
    fn last_end(&self) -> usize {
        match self {
            Frame::Seq { end, .. } | Frame::Map { end, .. } => *end,
        }
    }
}

/// What a mapping expects next.
enum Slot {
    Key,
    /// The value of this key.
    Value(RawKey),
    /// The value of a rejected key (duplicate, missing, not a name).
    Skip,
}

impl<'a> EventRecords<'a> {
    /// Reads `text`, which starts at byte `base` of the file.
    pub(crate) fn new(text: &'a str, base: usize, file: FileId, dialect: Dialect) -> Self {
        Self {
            parser: Parser::new_from_str(text),
            text,
            base,
            file,
            dialect,
            state: State::Between,
            next_index: 0,
            offset: base,
            anchors: HashMap::new(),
            alias_nodes: 0,
            alias_budget: MIN_ALIAS_BUDGET.max(text.len()),
            pending: Vec::new(),
            block_reported: false,
        }
    }

    /// How far into the file the reader has got.
    pub(crate) fn offset(&self) -> usize {
        self.offset
    }

    fn range(&self, span: &Span) -> TextRange {
        match span.byte_range() {
            Some(r) => TextRange::new(self.base + r.start, self.base + r.end),
            None => TextRange::empty(self.offset),
        }
    }

    /// The next event, or None at the end of the input.
    fn pull(&mut self) -> Result<Option<(Event<'a>, Span)>, Fatal> {
        match self.parser.next_event() {
            None => Ok(None),
            Some(Ok((event, span))) => {
                let end = self.range(&span).end();
                self.offset = self.offset.max(end);
                Ok(Some((event, span)))
            }
            Some(Err(e)) => Err(self.scan_error(&e)),
        }
    }

    fn scan_error(&self, e: &ScanError) -> Fatal {
        let at = e
            .marker()
            .byte_offset()
            .map_or(self.offset, |b| self.base + b);
        let info = e.info();
        Fatal {
            at,
            message: if info.is_empty() {
                msg!(en: "the parser could not read this", zh: "解析器无法读取此处")
            } else {
                // The YAML parser's own words.
                Msg::verbatim(info)
            },
        }
    }

    /// A record for a syntax error. YAML reading goes on at the next
    /// document (`---` at the start of a line), if any; otherwise this is
    /// the last record.
    fn fatal(&mut self, fatal: Fatal, mut diagnostics: Vec<Diagnostic>) -> Record {
        self.state = State::Done;
        if self.dialect == Dialect::Yaml && matches!(self.parser.proceed_next_document(), Ok(true))
        {
            self.anchors.clear();
            self.alias_nodes = 0;
            self.state = State::Between;
        }
        let index = self.next_index;
        self.next_index += 1;
        // At the end of the text, point at the end of its last line (a
        // label past the last line break would not be shown).
        let content_end = self.text.trim_end().len();
        let local = fatal.at.saturating_sub(self.base).min(content_end);
        let at = self.base + local;
        let width = self.text.get(local..).and_then(|rest| {
            rest.chars()
                .next()
                .filter(|c| *c != '\n' && *c != '\r')
                .map(char::len_utf8)
        });
        let range = TextRange::new(at, at + width.unwrap_or(0));
        let label = if local == content_end {
            match self.dialect {
                Dialect::JsonLine => msg!(
                    en: "the line ends before the value does",
                    zh: "值尚未结束，该行就结束了"
                ),
                _ => msg!(
                    en: "the file ends before the value does",
                    zh: "值尚未结束，文件就结束了"
                ),
            }
        } else {
            msg!(en: "the file cannot be read past here", zh: "此处之后的内容无法读取")
        };
        let name = self.dialect.name();
        let mut d = Diagnostic::new(
            Code::F001,
            Msg::new(
                format!("invalid {name}: {}", fatal.message.en()),
                format!("无效的 {name}：{}", fatal.message.zh()),
            ),
        )
        .with_primary(self.file, range, label);
        d = match self.dialect {
            Dialect::Yaml => d.with_help(msg!(
                en: "fix the syntax at this point; the records before it were read, \
                     and reading goes on at the next `---` document, if any",
                zh: "请修正此处的语法；此前的记录已读取，\
                     如有下一个 `---` 文档，将从那里继续读取"
            )),
            Dialect::Json => d.with_help(msg!(
                en: "a .json file holds one JSON object, or an array of them; \
                     for one object per line, name the file .jsonl",
                zh: ".json 文件包含一个 JSON 对象或由 JSON 对象组成的数组；\
                     如需每行一个对象，请将文件命名为 .jsonl"
            )),
            Dialect::JsonLine => d.with_help(msg!(
                en: "each line of a JSON lines file is one complete JSON object; \
                     the other lines are still read",
                zh: "JSON lines 文件的每一行都是一个完整的 JSON 对象；其他行仍会读取"
            )),
        };
        diagnostics.push(d);
        Record {
            index,
            node: Err(diagnostics),
        }
    }

    /// A record for problems left over at the end of the input, if any.
    fn flush_pending(&mut self) -> Option<Record> {
        if self.pending.is_empty() {
            return None;
        }
        let index = self.next_index;
        self.next_index += 1;
        Some(Record {
            index,
            node: Err(std::mem::take(&mut self.pending)),
        })
    }

    fn end_document(&mut self) {
        self.anchors.clear();
        self.alias_nodes = 0;
        self.state = State::Between;
    }

    /// Reads one record whose first event is `event`.
    fn record(&mut self, event: Event<'a>, span: Span) -> Record {
        let mut diagnostics = std::mem::take(&mut self.pending);
        self.block_reported = false;
        let built = self.build(event, span, &mut diagnostics);
        if self.block_reported {
            diagnostics.retain(|d| {
                d.message == YAML_NOT_JSON.0
                    || !d
                        .labels
                        .iter()
                        .any(|l| l.message == NOT_JSON_FILE.0 || l.message == NOT_JSON_LINE.0)
            });
        }
        match built {
            Err(fatal) => self.fatal(fatal, diagnostics),
            Ok(node) => {
                let index = self.next_index;
                self.next_index += 1;
                if !matches!(node.kind, RawKind::Map(_)) {
                    diagnostics.push(not_a_facility(self.file, &node, self.dialect));
                }
                Record {
                    index,
                    node: if diagnostics.is_empty() {
                        Ok(node)
                    } else {
                        Err(diagnostics)
                    },
                }
            }
        }
    }

    /// Builds the node that starts with `event`.
    fn build(
        &mut self,
        event: Event<'a>,
        span: Span,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<RawNode, Fatal> {
        let mut stack: Vec<Frame> = Vec::new();
        let mut next = Some((event, span));
        loop {
            let (event, span) = match next.take() {
                Some(e) => e,
                None => match self.pull()? {
                    Some(e) => e,
                    None => {
                        return Err(Fatal {
                            at: self.base + self.text.len(),
                            message: msg!(
                                en: "the input ends inside a value",
                                zh: "输入在某个值的内部结束"
                            ),
                        });
                    }
                },
            };
            let range = self.range(&span);
            let node = match event {
                Event::Scalar(value, style, anchor, tag) => {
                    if let Some(Frame::Map {
                        slot: slot @ Slot::Key,
                        seen,
                        end,
                        ..
                    }) = stack.last_mut()
                    {
                        *end = range.end();
                        *slot = self.key(&value, style, anchor, tag.as_deref(), &span, seen, diags);
                        continue;
                    }
                    self.scalar(value, style, anchor, tag.as_deref(), &span, diags)
                }
                Event::SequenceStart(style, anchor, tag) => {
                    self.collection_start(style, anchor, tag.as_deref(), &span, "seq", diags);
                    stack.push(Frame::Seq {
                        start: range.start(),
                        end: range.start(),
                        flow: style == StructureStyle::Flow,
                        anchor,
                        items: Vec::new(),
                    });
                    self.check_depth(stack.len(), range, diags);
                    continue;
                }
                Event::MappingStart(style, anchor, tag) => {
                    self.collection_start(style, anchor, tag.as_deref(), &span, "map", diags);
                    stack.push(Frame::Map {
                        start: range.start(),
                        end: range.start(),
                        flow: style == StructureStyle::Flow,
                        anchor,
                        entries: Vec::new(),
                        slot: Slot::Key,
                        seen: HashMap::new(),
                    });
                    self.check_depth(stack.len(), range, diags);
                    continue;
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let Some(frame) = stack.pop() else {
                        return Err(Fatal {
                            at: range.start(),
                            message: msg!(
                                en: "a collection ends that never started",
                                zh: "一个从未开始的集合结束了"
                            ),
                        });
                    };
                    self.collection_end(frame, range, diags)
                }
                Event::Alias(id) => self.alias(id, range, stack.len(), diags),
                // Comments and anchor metadata are not nodes; documents
                // cannot start or end inside a node.
                _ => continue,
            };
            match stack.last_mut() {
                None => return Ok(node),
                Some(frame) => self.attach(frame, node, diags),
            }
        }
    }

    /// Puts a finished node into its parent collection.
    fn attach(&self, frame: &mut Frame, node: RawNode, diags: &mut Vec<Diagnostic>) {
        match frame {
            Frame::Seq { end, items, .. } => {
                *end = (*end).max(node.span.end());
                items.push(node);
            }
            Frame::Map {
                end, entries, slot, ..
            } => {
                *end = (*end).max(node.span.end());
                match std::mem::replace(slot, Slot::Key) {
                    Slot::Key => {
                        // A collection or an alias where a key belongs.
                        diags.push(
                            Diagnostic::new(
                                Code::F001,
                                Msg::new(
                                    format!("a key must be a name, not {}", node.kind.describe().0),
                                    format!("键必须是名称，而不是{}", node.kind.describe().1),
                                ),
                            )
                            .with_primary(
                                self.file,
                                node.span,
                                msg!(en: "not a name", zh: "不是名称"),
                            )
                            .with_help(msg!(
                                en: "keys are fact or field names, e.g. `sector`",
                                zh: "键是事实名称或字段名称，如 `sector`"
                            )),
                        );
                        *slot = Slot::Skip;
                    }
                    Slot::Value(key) => entries.push((key, node)),
                    Slot::Skip => {}
                }
            }
        }
    }

    /// Reads a key; says what the mapping expects next.
    #[expect(clippy::too_many_arguments, reason = "one scalar event's parts")]
    fn key(
        &mut self,
        value: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        span: &Span,
        seen: &mut HashMap<String, TextRange>,
        diags: &mut Vec<Diagnostic>,
    ) -> Slot {
        let range = self.range(span);
        if is_empty_node(value, style, span) {
            diags.push(
                Diagnostic::new(Code::F001, msg!(en: "a key is missing", zh: "缺少键"))
                    .with_primary(
                        self.file,
                        range,
                        msg!(en: "a value without a key", zh: "没有键的值"),
                    )
                    .with_help(msg!(
                        en: "write each fact as `name: value`",
                        zh: "请将每个事实写作 `name: value`"
                    )),
            );
            return Slot::Skip;
        }
        if self.dialect.is_json() && style != ScalarStyle::DoubleQuoted {
            diags.push(self.not_json(
                range,
                msg!(
                    en: "`{}` is not a JSON key",
                    zh: "`{}` 不是 JSON 键",
                    self.source(range)
                ),
                msg!(
                    en: "JSON keys are written in double quotes",
                    zh: "JSON 键须写在双引号中"
                ),
            ));
        }
        if let Some(tag) = tag
            && (self.dialect.is_json() || !tag.is_yaml_core_schema_tag("str"))
        {
            diags.push(self.bad_tag(tag, span));
        }
        if anchor != 0 {
            let node = RawNode {
                kind: RawKind::Str(value.to_owned()),
                span: range,
            };
            self.anchor(anchor, &node, range, diags);
        }
        if self.dialect == Dialect::Yaml && style == ScalarStyle::Plain && value == "<<" {
            diags.push(
                Diagnostic::new(
                    Code::F001,
                    msg!(en: "merge keys (`<<`) are not supported", zh: "不支持合并键（`<<`）"),
                )
                .with_primary(
                    self.file,
                    range,
                    msg!(en: "a YAML 1.1 merge key", zh: "YAML 1.1 的合并键"),
                )
                .with_help(msg!(
                    en: "write the facts out in full (an alias `*name` may stand for a whole value)",
                    zh: "请完整写出各项事实（别名 `*name` 可以代表一个完整的值）"
                )),
            );
            return Slot::Skip;
        }
        if let Some(first) = seen.get(value) {
            diags.push(
                Diagnostic::new(
                    Code::F001,
                    msg!(en: "duplicate key `{value}`", zh: "重复的键 `{value}`"),
                )
                .with_primary(
                    self.file,
                    range,
                    msg!(en: "`{value}` is given again here", zh: "`{value}` 在此处再次给出"),
                )
                .with_secondary(
                    self.file,
                    *first,
                    msg!(en: "first given here", zh: "首次在此处给出"),
                )
                .with_help(msg!(
                    en: "give each fact or field once: remove one of the two",
                    zh: "每个事实或字段只能给出一次：请删除其中一个"
                )),
            );
            return Slot::Skip;
        }
        seen.insert(value.to_owned(), range);
        Slot::Value(RawKey {
            name: value.to_owned(),
            span: range,
        })
    }

    fn scalar(
        &mut self,
        value: Cow<'a, str>,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        span: &Span,
        diags: &mut Vec<Diagnostic>,
    ) -> RawNode {
        let range = self.range(span);
        let kind = if self.dialect.is_json() {
            self.json_scalar(&value, style, tag, span, diags)
        } else {
            self.yaml_scalar(value, style, tag, span, diags)
        };
        let node = RawNode { kind, span: range };
        if anchor != 0 {
            self.anchor(anchor, &node, range, diags);
        }
        node
    }

    fn yaml_scalar(
        &self,
        value: Cow<'a, str>,
        style: ScalarStyle,
        tag: Option<&Tag>,
        span: &Span,
        diags: &mut Vec<Diagnostic>,
    ) -> RawKind {
        let Some(tag) = tag else {
            return if style == ScalarStyle::Plain {
                scalar::resolve_plain_yaml(&value)
            } else {
                RawKind::Str(value.into_owned())
            };
        };
        let wrong = |(what, what_zh): (&str, &str)| {
            let v = value.trim();
            Diagnostic::new(
                Code::F001,
                msg!(en: "`{v}` is not {what}", zh: "`{v}` 不是{what_zh}"),
            )
            .with_primary(
                self.file,
                self.range(span),
                msg!(en: "tagged as {what}", zh: "标签表明其为{what_zh}"),
            )
        };
        match tag.core_suffix() {
            Some("str") => RawKind::Str(value.into_owned()),
            Some("null") => RawKind::Null,
            Some("bool") => match scalar::yaml_bool(value.trim()) {
                Some(b) => RawKind::Bool(b),
                None => {
                    diags.push(wrong(("a boolean", "布尔值")));
                    RawKind::Str(value.into_owned())
                }
            },
            Some("int" | "float") => {
                if scalar::is_yaml_number(value.trim()) {
                    RawKind::Number(value.trim().to_owned())
                } else {
                    diags.push(wrong(("a decimal number", "十进制数")));
                    RawKind::Str(value.into_owned())
                }
            }
            // `!` alone: a non-specific tag, which makes a string.
            None if tag.handle() == "!" && tag.suffix().is_empty() => {
                RawKind::Str(value.into_owned())
            }
            _ => {
                diags.push(self.bad_tag(tag, span));
                RawKind::Str(value.into_owned())
            }
        }
    }

    fn json_scalar(
        &self,
        value: &str,
        style: ScalarStyle,
        tag: Option<&Tag>,
        span: &Span,
        diags: &mut Vec<Diagnostic>,
    ) -> RawKind {
        let range = self.range(span);
        if let Some(tag) = tag {
            diags.push(self.bad_tag(tag, span));
        }
        match style {
            ScalarStyle::DoubleQuoted => RawKind::Str(value.to_owned()),
            ScalarStyle::Plain if is_empty_node(value, style, span) => {
                diags.push(self.not_json(
                    range,
                    msg!(en: "a value is missing", zh: "缺少值"),
                    msg!(
                        en: "write the value after the `:`, or `null` if it is not known",
                        zh: "请在 `:` 之后写出值；如果值未知，请写 `null`"
                    ),
                ));
                RawKind::Null
            }
            ScalarStyle::Plain => match scalar::resolve_plain_json(value) {
                Some(kind) => kind,
                None => {
                    diags.push(self.not_json(
                        range,
                        msg!(
                            en: "`{}` is not a JSON value",
                            zh: "`{}` 不是 JSON 值",
                            self.source(range)
                        ),
                        msg!(
                            en: "JSON strings are written in double quotes; \
                                 the other values are numbers, `true`, `false` and `null`",
                            zh: "JSON 字符串须写在双引号中；\
                                 其他值为数字、`true`、`false` 和 `null`"
                        ),
                    ));
                    RawKind::Str(value.to_owned())
                }
            },
            _ => {
                diags.push(self.not_json(
                    range,
                    msg!(
                        en: "this string is written in a YAML style",
                        zh: "此字符串是按 YAML 风格书写的"
                    ),
                    msg!(
                        en: "JSON strings are written in double quotes",
                        zh: "JSON 字符串须写在双引号中"
                    ),
                ));
                RawKind::Str(value.to_owned())
            }
        }
    }

    /// Checks a collection's start: its style and tag (and its anchor in JSON).
    fn collection_start(
        &mut self,
        style: StructureStyle,
        anchor: usize,
        tag: Option<&Tag>,
        span: &Span,
        core: &str,
        diags: &mut Vec<Diagnostic>,
    ) {
        let range = self.range(span);
        if let Some(tag) = tag
            && (self.dialect.is_json() || !tag.is_yaml_core_schema_tag(core))
        {
            diags.push(self.bad_tag(tag, span));
        }
        if self.dialect.is_json() {
            if style == StructureStyle::Block && !self.block_reported {
                self.block_reported = true;
                // The collection's first line (its start is an empty span).
                let line = self.source(TextRange::new(range.start(), self.base + self.text.len()));
                let line = line.lines().next().unwrap_or_default().trim_end();
                diags.push(self.not_json(
                    TextRange::new(range.start(), range.start() + line.len()),
                    Msg::new(YAML_NOT_JSON.0, YAML_NOT_JSON.1),
                    msg!(
                        en: "write JSON objects with `{{`, `}}` and double-quoted keys, \
                             or name the file .yaml",
                        zh: "请用 `{{`、`}}` 和带双引号的键书写 JSON 对象，\
                             或将文件命名为 .yaml"
                    ),
                ));
            }
            if anchor != 0 {
                diags.push(self.not_json(
                    range,
                    msg!(en: "anchors (`&name`) are YAML, not JSON", zh: "锚点（`&name`）是 YAML 的写法，不是 JSON"), msg!(en: "write the value out in full", zh: "请完整写出该值"),
                ));
            }
        }
    }

    fn collection_end(
        &mut self,
        frame: Frame,
        closer: TextRange,
        diags: &mut Vec<Diagnostic>,
    ) -> RawNode {
        let last_end = frame.last_end();
        let (node, anchor) = match frame {
            Frame::Seq {
                start,
                end,
                flow,
                anchor,
                items,
            } => {
                let end = if flow { closer.end() } else { end };
                if flow && !items.is_empty() {
                    self.trailing_comma(last_end, closer.start(), diags);
                }
                (
                    RawNode {
                        kind: RawKind::List(items),
                        span: TextRange::new(start, end),
                    },
                    anchor,
                )
            }
            Frame::Map {
                start,
                end,
                flow,
                anchor,
                entries,
                slot,
                ..
            } => {
                let end = if flow { closer.end() } else { end };
                if flow && (!entries.is_empty() || !matches!(slot, Slot::Key)) {
                    self.trailing_comma(last_end, closer.start(), diags);
                }
                (
                    RawNode {
                        kind: RawKind::Map(entries),
                        span: TextRange::new(start, end),
                    },
                    anchor,
                )
            }
        };
        if anchor != 0 && !self.dialect.is_json() {
            self.anchor(anchor, &node, node.span, diags);
        }
        node
    }

    /// The last element of a top-level JSON array may not be followed by a
    /// comma: looks at the next event, and if it closes the array, checks
    /// the gap. The element itself is complete, so it stays readable: the
    /// comma is reported on its own, after it (as the input's leftovers).
    fn trailing_comma_after(&mut self) {
        let last_end = self.offset;
        let closer = match self.parser.peek() {
            Some(Ok((Event::SequenceEnd, span))) => span.byte_range(),
            _ => None,
        };
        let Some(closer) = closer else {
            return;
        };
        let mut diags = Vec::new();
        self.trailing_comma(last_end, self.base + closer.start, &mut diags);
        self.pending.extend(diags);
    }

    /// JSON has no comma before `]` or `}`.
    fn trailing_comma(&self, from: usize, to: usize, diags: &mut Vec<Diagnostic>) {
        if !self.dialect.is_json() || from >= to {
            return;
        }
        let local = from.saturating_sub(self.base)..to.saturating_sub(self.base);
        if let Some(comma) = self.text.get(local).and_then(|gap| gap.find(',')) {
            let at = from + comma;
            diags.push(self.not_json(
                TextRange::new(at, at + 1),
                msg!(
                    en: "a comma before the closing bracket",
                    zh: "右括号之前有逗号"
                ),
                msg!(en: "remove the trailing comma", zh: "请删除末尾的逗号"),
            ));
        }
    }

    fn alias(
        &mut self,
        id: usize,
        range: TextRange,
        depth: usize,
        diags: &mut Vec<Diagnostic>,
    ) -> RawNode {
        let null = RawNode {
            kind: RawKind::Null,
            span: range,
        };
        if self.dialect.is_json() {
            diags.push(self.not_json(
                range,
                msg!(en: "aliases (`*name`) are YAML, not JSON", zh: "别名（`*name`）是 YAML 的写法，不是 JSON"), msg!(en: "write the value out in full", zh: "请完整写出该值"),
            ));
            return null;
        }
        let name = self.source(range).to_owned();
        let Some(anchored) = self.anchors.get(&id) else {
            diags.push(
                Diagnostic::new(
                    Code::F001,
                    msg!(
                        en: "the alias `{name}` is inside its own anchor",
                        zh: "别名 `{name}` 位于其自身的锚点之内"
                    ),
                )
                .with_primary(
                    self.file,
                    range,
                    msg!(en: "a value cannot contain itself", zh: "值不能包含其自身"),
                ),
            );
            return null;
        };
        if self.alias_nodes + anchored.size > self.alias_budget {
            diags.push(
                Diagnostic::new(
                    Code::F001,
                    msg!(en: "aliases expand to too many values", zh: "别名展开后的值过多"),
                )
                .with_primary(
                    self.file,
                    range,
                    msg!(en: "this alias goes over the limit", zh: "此别名超出了限制"),
                )
                .with_note(msg!(
                    en: "aliases may add at most {} values to a document",
                    zh: "别名最多可为一个文档增加 {} 个值",
                    self.alias_budget
                )),
            );
            return null;
        }
        if depth + anchored.depth > MAX_DEPTH {
            diags.push(
                Diagnostic::new(
                    Code::F001,
                    msg!(en: "aliases nest values too deeply", zh: "别名使值嵌套过深"),
                )
                .with_primary(
                    self.file,
                    range,
                    msg!(en: "this alias goes over the limit", zh: "此别名超出了限制"),
                )
                .with_note(msg!(
                    en: "values may nest at most {MAX_DEPTH} levels deep",
                    zh: "值最多可嵌套 {MAX_DEPTH} 层"
                )),
            );
            return null;
        }
        self.alias_nodes += anchored.size;
        // The copy points at the alias; what is inside it at its anchor.
        let mut node = anchored.node.clone();
        node.span = range;
        node
    }

    /// Keeps a copy of an anchored node for its aliases.
    fn anchor(&mut self, id: usize, node: &RawNode, range: TextRange, diags: &mut Vec<Diagnostic>) {
        if self.dialect.is_json() {
            diags.push(self.not_json(
                range,
                msg!(en: "anchors (`&name`) are YAML, not JSON", zh: "锚点（`&name`）是 YAML 的写法，不是 JSON"), msg!(en: "write the value out in full", zh: "请完整写出该值"),
            ));
            return;
        }
        let (size, depth) = measure(node);
        self.anchors.insert(
            id,
            Anchored {
                node: node.clone(),
                size,
                depth,
            },
        );
    }

    fn check_depth(&self, depth: usize, range: TextRange, diags: &mut Vec<Diagnostic>) {
        // The parser stops at 255 levels; this only matters with aliases.
        if depth == MAX_DEPTH + 1 {
            diags.push(
                Diagnostic::new(
                    Code::F001,
                    msg!(en: "values nest too deeply", zh: "值嵌套过深"),
                )
                .with_primary(self.file, range, msg!(en: "too deep", zh: "嵌套过深"))
                .with_note(msg!(
                    en: "values may nest at most {MAX_DEPTH} levels deep",
                    zh: "值最多可嵌套 {MAX_DEPTH} 层"
                )),
            );
        }
    }

    fn bad_tag(&self, tag: &Tag, span: &Span) -> Diagnostic {
        let written = span
            .tag_span()
            .and_then(|s| s.slice(self.text))
            .map_or_else(
                || format!("{}{}", tag.original_handle(), tag.suffix()),
                str::to_owned,
            );
        let range = span
            .tag_span()
            .map_or_else(|| self.range(span), |s| self.range(&s));
        let d = Diagnostic::new(
            Code::F001,
            msg!(en: "the tag `{written}` is not supported", zh: "不支持标签 `{written}`"),
        )
        .with_primary(
            self.file,
            range,
            msg!(en: "unsupported tag", zh: "不支持的标签"),
        );
        if self.dialect.is_json() {
            d.with_help(msg!(en: "JSON has no tags; remove it", zh: "JSON 没有标签；请删除它"))
        } else {
            d.with_help(msg!(
                en: "facility files use plain values; the tags `!!str`, `!!int`, `!!float`, \
                     `!!bool` and `!!null` are understood, others are not",
                zh: "设施文件使用普通值；只识别标签 `!!str`、`!!int`、`!!float`、\
                     `!!bool` 和 `!!null`，不识别其他标签"
            ))
        }
    }

    fn not_json(&self, range: TextRange, message: Msg, help: Msg) -> Diagnostic {
        let (en, zh) = match self.dialect {
            Dialect::JsonLine => NOT_JSON_LINE,
            _ => NOT_JSON_FILE,
        };
        Diagnostic::new(Code::F001, message)
            .with_primary(self.file, range, Msg::new(en, zh))
            .with_help(help)
    }

    /// The text of a range of the file (empty if outside what is parsed).
    fn source(&self, range: TextRange) -> &'a str {
        let start = range.start().saturating_sub(self.base);
        let end = range.end().saturating_sub(self.base);
        self.text.get(start..end).unwrap_or_default()
    }
}

/// The parser reports an empty node (`key:` with nothing after it) as a
/// plain `~` with an empty span.
fn is_empty_node(value: &str, style: ScalarStyle, span: &Span) -> bool {
    style == ScalarStyle::Plain && value == "~" && span.byte_range().is_none_or(|r| r.is_empty())
}

/// Number of nodes and nesting depth of a node.
fn measure(node: &RawNode) -> (usize, usize) {
    match &node.kind {
        RawKind::List(items) => items.iter().fold((1, 1), |(size, depth), n| {
            let (s, d) = measure(n);
            (size + s, depth.max(d + 1))
        }),
        RawKind::Map(entries) => entries.iter().fold((1, 1), |(size, depth), (_, n)| {
            let (s, d) = measure(n);
            (size + s + 1, depth.max(d + 1))
        }),
        _ => (1, 1),
    }
}

impl Iterator for EventRecords<'_> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        loop {
            if self.state == State::Done {
                return None;
            }
            let (event, span) = match self.pull() {
                Ok(Some(e)) => e,
                Ok(None) => {
                    self.state = State::Done;
                    return self.flush_pending();
                }
                Err(fatal) => {
                    let pending = std::mem::take(&mut self.pending);
                    return Some(self.fatal(fatal, pending));
                }
            };
            let range = self.range(&span);
            match self.state {
                State::Done => return None,
                State::Between => match event {
                    Event::DocumentStart(explicit, _) => {
                        if explicit && self.dialect.is_json() {
                            let d = self.not_json(
                                range,
                                msg!(
                                    en: "`---` starts a YAML document",
                                    zh: "`---` 表示 YAML 文档的开始"
                                ),
                                msg!(
                                    en: "a JSON file holds one value; name the file .yaml for several documents",
                                    zh: "JSON 文件只包含一个值；如有多个文档，请将文件命名为 .yaml"
                                ),
                            );
                            self.pending.push(d);
                        }
                        self.state = State::Root;
                    }
                    Event::StreamEnd => {
                        self.state = State::Done;
                        return self.flush_pending();
                    }
                    _ => {}
                },
                State::Root => match event {
                    Event::DocumentEnd => self.end_document(),
                    Event::SequenceStart(style, anchor, ref tag)
                        if self.dialect != Dialect::JsonLine =>
                    {
                        let mut diags = std::mem::take(&mut self.pending);
                        self.block_reported = false;
                        self.collection_start(
                            style,
                            anchor,
                            tag.as_deref(),
                            &span,
                            "seq",
                            &mut diags,
                        );
                        self.pending = diags;
                        self.state = State::TopSequence;
                    }
                    // An empty document (`---` and nothing) holds no record.
                    Event::Scalar(ref value, style, 0, None)
                        if is_empty_node(value, style, &span) =>
                    {
                        self.state = State::AfterRoot;
                    }
                    _ if event.is_node() => {
                        self.state = State::AfterRoot;
                        return Some(self.record(event, span));
                    }
                    _ => {}
                },
                State::TopSequence => match event {
                    Event::SequenceEnd => self.state = State::AfterRoot,
                    _ if event.is_node() => {
                        let record = self.record(event, span);
                        if self.state == State::TopSequence && self.dialect.is_json() {
                            self.trailing_comma_after();
                        }
                        return Some(record);
                    }
                    _ => {}
                },
                State::AfterRoot => {
                    if matches!(event, Event::DocumentEnd) {
                        self.end_document();
                    }
                }
            }
        }
    }
}
