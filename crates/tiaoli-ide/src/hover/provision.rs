//! The hover of an article, paragraph or item: its title, its chapter, and
//! its text in Chinese then English.

use tiaoli_syntax::ast::{Article, Labels, Lang};

use super::markdown::{texts, title_line};
use crate::world::World;
use crate::{cited, pack_ast};

pub(super) fn markdown(
    world: &dyn World,
    pack: usize,
    article: u32,
    para: Option<u32>,
    item: Option<u32>,
) -> Option<String> {
    let (_, a) = pack_ast::article(world, pack, article)?;
    let checked = world.checked();
    let ident = checked
        .model
        .packs
        .get(pack)
        .map_or("", |p| p.ident.as_str());
    let mut out = format!("**Article {article}**");
    if let Some(t) = title_line(a.title()) {
        out.push_str(&format!(" · {t}"));
    }
    out.push_str(&format!(" · `{ident}`\n"));
    if let Some(c) = pack_ast::chapter_of(world, pack, article) {
        out.push_str(&format!("\nChapter {}", c.number.value));
        if let Some(t) = title_line(c.title.as_ref()) {
            out.push_str(&format!(" · {t}"));
        }
        out.push('\n');
    }
    match cited::part(&a, para, item) {
        Some((label, text)) => {
            out.push_str(&format!("\n**{label}**\n"));
            texts(&mut out, Some(&text));
        }
        None => whole_text(&mut out, &a),
    }
    Some(out)
}

/// The article's own text, or (when it has paragraphs) every paragraph's
/// and item's, all the Chinese first, then all the English.
fn whole_text(out: &mut String, a: &Article) {
    if a.text().is_some() {
        texts(out, a.text());
        return;
    }
    let parts: Vec<&Labels> = a
        .paras()
        .flat_map(|p| {
            p.text
                .iter()
                .chain(p.items.iter().filter_map(|i| i.text.as_ref()))
        })
        .collect();
    for lang in [Lang::Zh, Lang::En] {
        let lines: Vec<&str> = parts.iter().filter_map(|l| l.get(lang)).collect();
        if !lines.is_empty() {
            out.push('\n');
            out.push_str(&lines.join("\n\n"));
            out.push('\n');
        }
    }
}

/// A chapter: its titles and the articles it holds, with theirs.
pub(super) fn chapter_markdown(world: &dyn World, pack: usize, number: u32) -> Option<String> {
    let (_, c) = pack_ast::chapter(world, pack, number)?;
    let mut out = format!("**Chapter {number}**");
    if let Some(t) = title_line(c.title.as_ref()) {
        out.push_str(&format!(" · {t}"));
    }
    out.push('\n');
    if let Some((from, to)) = c.articles {
        out.push('\n');
        for n in from.value..=to.value.min(from.value.saturating_add(200)) {
            let title = pack_ast::article(world, pack, n).and_then(|(_, a)| title_line(a.title()));
            match title {
                Some(t) => out.push_str(&format!("- Article {n} · {t}\n")),
                None => out.push_str(&format!("- Article {n}\n")),
            }
        }
    }
    Some(out)
}
