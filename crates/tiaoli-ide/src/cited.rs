//! What a citation cites: the pack whose article it names, and the
//! paragraph's or item's text as written.

use tiaoli_check::Model;
use tiaoli_syntax::ast::{Article, Citation, Labels};

/// The pack `c` cites from `pack`: its qualifier, else the pack itself,
/// else (a sector pack, which has no articles) the regulation it depends
/// on, as the checker resolves citations.
pub(crate) fn cited_pack(model: &Model, pack: usize, c: &Citation) -> Option<usize> {
    let target = match &c.pack {
        Some(q) => model.pack_by_ident(pack, &q.name)?,
        None => pack,
    };
    let packs = &model.packs;
    if c.pack.is_none() && packs.get(target)?.articles.is_empty() {
        return packs[target]
            .deps
            .iter()
            .copied()
            .find(|&d| packs.get(d).is_some_and(|p| !p.articles.is_empty()))
            .or(Some(target));
    }
    Some(target)
}

/// The text of paragraph `para` (item `item`) of an article, with how to
/// name it ("paragraph 1 item 3").
pub(crate) fn part(
    article: &Article,
    para: Option<u32>,
    item: Option<u32>,
) -> Option<(String, Labels)> {
    let p = article.paras().find(|p| Some(p.number.value) == para)?;
    match item {
        None => Some((format!("paragraph {}", p.number.value), p.text.clone()?)),
        Some(i) => {
            let it = p.items.iter().find(|x| x.number.value == i)?;
            Some((
                format!("paragraph {} item {}", p.number.value, i),
                it.text.clone()?,
            ))
        }
    }
}
