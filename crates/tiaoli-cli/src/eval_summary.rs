//! The human report of an inventory: what `tiaoli eval` prints for more
//! than one record unless `--detail` — each obligation's count of
//! facilities by status, the largest exposures, then (from `cmd_eval`) the
//! failed records' problems and the totals line. Numbers come first in each
//! row, so the columns line up whatever the width of the Chinese titles.

use tiaoli_eval::Program;
use tiaoli_eval::human::{self, Lang};

use tiaoli_text::display_width;

use crate::eval_totals::{TOP, Totals};

struct Labels {
    heading: &'static str,
    columns: [&'static str; 5],
    obligation: &'static str,
    none_apply: &'static str,
    largest: &'static str,
    operator: &'static str,
    more: &'static str,
}

const EN: Labels = Labels {
    heading: "Obligations across the facilities",
    columns: ["violated", "undecided", "satisfied", "n/a", "not in force"],
    obligation: "obligation",
    none_apply: "obligation(s) apply to none of these facilities",
    largest: "Largest exposures (each facility's operator fines)",
    operator: "operator",
    more: "--detail prints each facility's report",
};

const ZH: Labels = Labels {
    heading: "各项义务（按设施计）",
    columns: ["违反", "无法判定", "已履行", "不适用", "未施行"],
    obligation: "义务",
    none_apply: "项义务对这些设施均不适用",
    largest: "罚款风险最高的设施（运营者本身的罚款）",
    operator: "运营者",
    more: "--detail 输出每个设施的报告",
};

/// The summary's tables (before the failed records and the totals line).
pub fn render(t: &Totals, p: &Program, lang: Lang) -> String {
    let l = match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    };
    let mut out = String::new();
    let rules = human::view::rules(p, lang, &[]);
    // Obligations some facility has to meet (or may), most violated first.
    let mut rows: Vec<(usize, &[usize; 5])> = t
        .by_duty
        .iter()
        .enumerate()
        .filter(|(_, c)| c[0] + c[1] + c[2] > 0)
        .collect();
    rows.sort_by_key(|(i, c)| (std::cmp::Reverse(c[0]), std::cmp::Reverse(c[1]), *i));
    let in_force_column = t.by_duty.iter().any(|c| c[4] > 0);
    let shown = if in_force_column { 5 } else { 4 };
    let widths: Vec<usize> = l.columns[..shown]
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let widest = rows.iter().map(|(_, c)| digits(c[k])).max().unwrap_or(1);
            display_width(name).max(widest)
        })
        .collect();
    out.push_str(l.heading);
    out.push('\n');
    out.push_str("  ");
    for (name, w) in l.columns[..shown].iter().zip(&widths) {
        out.push_str(&pad_left(name, *w));
        out.push_str("  ");
    }
    out.push_str(l.obligation);
    out.push('\n');
    for (i, counts) in &rows {
        out.push_str("  ");
        for (k, w) in widths.iter().enumerate() {
            out.push_str(&pad_left(&counts[k].to_string(), *w));
            out.push_str("  ");
        }
        match rules.get(*i) {
            Some(r) => {
                out.push_str(&r.name);
                if let Some(title) = &r.title {
                    out.push_str("  ");
                    out.push_str(title);
                }
                out.push_str(" · ");
                out.push_str(&r.cite);
            }
            None => out.push('?'),
        }
        out.push('\n');
    }
    let idle = t.by_duty.len() - rows.len();
    if idle > 0 {
        out.push_str(&format!("  ({idle} {})\n", l.none_apply));
    }
    if !t.top.is_empty() {
        out.push('\n');
        out.push_str(l.largest);
        out.push('\n');
        let amounts: Vec<String> = t
            .top
            .iter()
            .map(|x| human::totals_exposure(&x.exposure, lang))
            .collect();
        let w = amounts.iter().map(|a| display_width(a)).max().unwrap_or(0);
        for (x, amount) in t.top.iter().zip(&amounts).take(TOP) {
            out.push_str("  ");
            out.push_str(amount);
            out.push_str(&" ".repeat(w - display_width(amount) + 2));
            out.push_str(&x.id);
            if let Some(name) = &x.name {
                out.push(' ');
                out.push_str(name);
            }
            if let Some(op) = &x.operator {
                out.push_str(&format!(" · {} {op}", l.operator));
            }
            out.push('\n');
        }
    }
    out.push_str(&format!("\n({})\n\n", l.more));
    out
}

fn digits(n: usize) -> usize {
    n.to_string().len()
}

fn pad_left(s: &str, width: usize) -> String {
    let w = display_width(s);
    format!("{}{s}", " ".repeat(width.saturating_sub(w)))
}
