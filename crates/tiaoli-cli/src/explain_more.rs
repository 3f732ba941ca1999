//! `tiaoli explain` for a fact (`sector`, `facility.sector`) and for a pack
//! (`energy`, `decree-745`): what the report and the facility file name but
//! an article or a rule does not.

use tiaoli_check::{Model, SymbolId};
use tiaoli_diagnostics::Lang;
use tiaoli_workspace::Workspace;

/// A fact: its declaration (type, both descriptions), its pack, the rules
/// that read it.
pub fn fact(ws: &Workspace, model: &Model, id: SymbolId) -> String {
    let s = model.symbol(id);
    let zh = crate::lang::get() == Lang::Zh;
    let pack = &model.packs[s.pack].ident;
    let ty = s.ty.display(model).to_string();
    let mut out = if zh {
        format!("事实 `{}`（{pack}）：{ty}\n\n", s.name)
    } else {
        format!("fact `{}` ({pack}): {ty}\n\n", s.name)
    };
    out.push_str(&crate::cmd_explain::dedented(
        ws.sources.text(s.file),
        s.span,
    ));
    out.push_str("\n\n");
    let readers: Vec<String> = model
        .graph
        .dependents(id)
        .iter()
        .map(|r| {
            let r = model.symbol(*r);
            let cite = r.article.map(|a| format!(" (art{a})")).unwrap_or_default();
            format!("  {} {}{cite}", r.kind.describe(), r.name)
        })
        .collect();
    out.push_str(match (zh, readers.is_empty()) {
        (false, false) => "read by:\n",
        (true, false) => "读取它的规则：\n",
        (false, true) => "no rule reads it\n",
        (true, true) => "没有规则读取它\n",
    });
    for r in readers {
        out.push_str(&r);
        out.push('\n');
    }
    out.push_str(if zh {
        "\n在设施文件中以同名的键给出；不给出即为未知。\n"
    } else {
        "\nGiven in a facility file under its own name as the key; left out, it is unknown.\n"
    });
    out
}

/// A pack: its manifest (name, version, kind, title, issuer, dates,
/// dependencies) and what it holds.
pub fn pack(ws: &Workspace, model: &Model, pack: usize) -> String {
    let zh = crate::lang::get() == Lang::Zh;
    let p = &model.packs[pack];
    let mut out = String::new();
    match ws.manifests.get(pack).and_then(Option::as_ref) {
        Some(m) => {
            let (title, issuer) = if zh {
                (&m.title.zh, &m.issuer.zh)
            } else {
                (&m.title.en, &m.issuer.en)
            };
            out.push_str(&format!(
                "{} {} ({}) — {title}\n",
                m.name,
                m.version,
                m.kind.as_str()
            ));
            let model_note = match (m.model, zh) {
                (true, false) => " · model rules, not the issuer's official rules",
                (true, true) => " · 示范规则，非发布机关的正式规则",
                _ => "",
            };
            let draft = match (m.status == tiaoli_pack::PackStatus::Draft, zh) {
                (true, false) => " · a draft, never in force",
                (true, true) => " · 征求意见稿，未施行",
                _ => "",
            };
            if zh {
                out.push_str(&format!("  发布：{issuer}\n  施行：{}", m.effective));
            } else {
                out.push_str(&format!(
                    "  issued by {issuer}\n  in force from {}",
                    m.effective
                ));
            }
            if let Some(until) = m.expires {
                out.push_str(&if zh {
                    format!("，至 {until} 失效")
                } else {
                    format!(" until {until}")
                });
            }
            out.push_str(model_note);
            out.push_str(draft);
            out.push('\n');
            if !m.dependencies.is_empty() {
                let deps: Vec<String> = m
                    .dependencies
                    .iter()
                    .map(|d| format!("{} {}", d.name, d.req))
                    .collect();
                out.push_str(&if zh {
                    format!("  依赖：{}\n", deps.join("、"))
                } else {
                    format!("  depends on {}\n", deps.join(", "))
                });
            }
        }
        None => out.push_str(&format!("{}\n", p.ident)),
    }
    let count = |kind: &str| {
        p.values
            .values()
            .filter(|id| model.symbol(**id).kind.describe() == kind)
            .count()
    };
    let (articles, facts) = (p.articles.len(), p.facts.len());
    let (obligations, prohibitions, penalties) =
        (count("obligation"), count("prohibition"), count("penalty"));
    out.push_str(&if zh {
        format!(
            "  {articles} 条条文，{facts} 项事实，{obligations} 项义务，{prohibitions} 项禁止性规定，{penalties} 项处罚\n"
        )
    } else {
        format!(
            "  {articles} articles, {facts} facts, {obligations} obligations, {prohibitions} prohibitions, {penalties} penalties\n"
        )
    });
    out
}

/// The pack a name means: its manifest's name (`decree-745`) or its
/// identifier (`decree_745`).
pub fn find_pack(ws: &Workspace, model: &Model, name: &str) -> Option<usize> {
    (0..model.packs.len()).find(|&k| {
        model.packs[k].ident == name.replace('-', "_")
            || ws
                .manifests
                .get(k)
                .and_then(Option::as_ref)
                .is_some_and(|m| m.name == name)
    })
}
