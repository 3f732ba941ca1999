//! Finding a pack's chapters and articles in the syntax trees of its files:
//! the model knows where an article is (`ArticleInfo`), the tree holds its
//! titles and texts.

use tiaoli_syntax::ast::{Article, Chapter, Item, Labels};
use tiaoli_text::FileId;

use crate::world::World;

/// Article `number` of model pack `pack`, as written.
pub(crate) fn article(world: &dyn World, pack: usize, number: u32) -> Option<(FileId, Article)> {
    let checked = world.checked();
    let info = checked.model.packs.get(pack)?.articles.get(&number)?;
    let parse = world.parse(info.file);
    parse.file.items.iter().find_map(|item| match item {
        Item::Article(a) if a.number.value == number => Some((info.file, a.clone())),
        _ => None,
    })
}

/// Chapter `number` of model pack `pack`, as written (in any of its files).
pub(crate) fn chapter(world: &dyn World, pack: usize, number: u32) -> Option<(FileId, Chapter)> {
    world
        .files()
        .into_iter()
        .filter(|&f| world.pack_of(f) == Some(pack))
        .find_map(|f| {
            let parse = world.parse(f);
            parse.file.items.iter().find_map(|item| match item {
                Item::Chapter(c) if c.number.value == number => Some((f, c.clone())),
                _ => None,
            })
        })
}

/// The chapter holding article `number` of `pack` (from the model's
/// chapter assignment).
pub(crate) fn chapter_of(world: &dyn World, pack: usize, number: u32) -> Option<Chapter> {
    let checked = world.checked();
    let n = checked
        .model
        .packs
        .get(pack)?
        .articles
        .get(&number)?
        .chapter?;
    chapter(world, pack, n).map(|(_, c)| c)
}

/// `zh / en` of a label pair, whichever are present.
pub(crate) fn both(labels: Option<&Labels>) -> Option<String> {
    let labels = labels?;
    let parts: Vec<&str> = [labels.zh.as_ref(), labels.en.as_ref()]
        .into_iter()
        .flatten()
        .map(|s| s.value.as_str())
        .collect();
    (!parts.is_empty()).then(|| parts.join(" / "))
}

/// A symbol's declaration as written: a top-level item, or a rule of an
/// article.
#[derive(Clone, Debug)]
#[expect(
    clippy::large_enum_variant,
    reason = "one lives for one request; boxing would burden every match"
)]
pub(crate) enum Decl {
    Item(Item),
    Rule(tiaoli_syntax::ast::Rule),
}

/// The declaration spanning exactly `span` in `file`.
pub(crate) fn decl(world: &dyn World, file: FileId, span: tiaoli_text::TextRange) -> Option<Decl> {
    let parse = world.parse(file);
    parse.file.items.iter().find_map(|item| {
        if item.span() == span {
            return Some(Decl::Item(item.clone()));
        }
        match item {
            Item::Article(a) if a.span.contains(span.start()) => a
                .rules()
                .find(|r| r.span() == span)
                .map(|r| Decl::Rule(r.clone())),
            _ => None,
        }
    })
}
