//! `tiaoli template`: a facility file to fill in — every fact of the packs
//! in use, each with its type, allowed values and description in Chinese
//! and English as comments.
//!
//! Every fact's key is commented out, so the file as written evaluates with
//! every fact unknown (a `null` would not do: for an `optional` fact it
//! says "known absent", and for any other it is F009). Only `id` is given,
//! a placeholder (when the packs declare it): a file of comments alone
//! holds no record.

use std::io::Write as _;
use std::path::PathBuf;

use tiaoli_check::Type;
use tiaoli_eval::Program;
use tiaoli_eval::human::{Lang, cite};
use tiaoli_eval::questions::{allowed_values, type_name};

use crate::Format;
use crate::prepare::{self, Prepared};

#[derive(Debug, clap::Args)]
pub struct TemplateArgs {
    /// Pack folders whose facts to list [default: the bundled packs]
    #[arg(long)]
    pack: Vec<PathBuf>,
    /// Write the template to FILE instead of stdout (an existing file is
    /// refused without --force).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Overwrite FILE if it exists.
    #[arg(long, requires = "output")]
    force: bool,
}

pub fn run(args: &TemplateArgs) -> u8 {
    let (fs, paths) = prepare::source(&args.pack);
    let Prepared { ws, program } = match prepare::prepare(fs, &paths, Format::Human) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let packs: Vec<String> = prepare::pack_list(&ws)
        .iter()
        .map(|p| {
            let model = if p.model { " (model rules)" } else { "" };
            format!("{} {}{model}", p.name, p.version)
        })
        .collect();
    let text = template(&program, &packs);
    let Some(path) = &args.output else {
        crate::output::emit(&text);
        return 0;
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if args.force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let written = options
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()));
    match written {
        Ok(()) => {
            stderr!("wrote {}", path.display());
            0
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            stderr!(
                "error: {} exists; give another file, or --force to overwrite it",
                path.display()
            );
            2
        }
        Err(e) => {
            stderr!("error: cannot write {}: {e}", path.display());
            2
        }
    }
}

/// A comment's text on one line: line breaks and control characters
/// become spaces, so nothing in a description can end the comment.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The template for `p`'s facts.
pub fn template(p: &Program, packs: &[String]) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# tiaoli facility file, written by `tiaoli template` (packs: {})\n",
        packs.join(", ")
    ));
    out.push_str(
        "#\n\
         # Every fact below is commented out: a fact left out is unknown, never false,\n\
         # and the results it decides are reported as undecided, naming it. To state a\n\
         # fact, uncomment its line and give its value. Dates are YYYY-MM-DD; money is\n\
         # CNY, a number or a decimal string. `null` is for optional facts only: it says\n\
         # the thing is known to be absent (it never happened, there is none).\n\
         # `tiaoli eval FILE --questions` ranks the facts still missing by how much\n\
         # they would decide.\n\
         #\n\
         # 以下各项事实均已注释：未填写的事实视为未知（不视为“否”），其决定的结论\n\
         # 列为无法判定，并注明所缺事实。填写某项事实时，取消该行注释并填入取值。\n\
         # 日期格式为 YYYY-MM-DD；金额以人民币元计，可写数字或十进制字符串。null 仅用于\n\
         # 可选事实，表示已知不存在（从未发生、没有）。`tiaoli eval 文件 --questions`\n\
         # 按补充后可判定的结论多少，列出仍缺失的事实。\n\n",
    );
    if p.schema.slot("id").is_some() {
        out.push_str(
            "# The facility's stable identifier: replace it. / 设施的稳定标识符：请替换。\n",
        );
        out.push_str("id: my-facility\n");
    } else {
        out.push_str(
            "# These packs declare no `id`: uncomment at least one fact, since a file of\n\
             # comments alone holds no facility. / 这些规则包未声明 id：请至少取消一项事实的注释，\n\
             # 仅有注释的文件不含任何设施。\n",
        );
    }
    for (name, info) in &p.schema.facts {
        if name == "id" {
            continue;
        }
        out.push('\n');
        let mut head = format!("# {name} · {}", type_text(p, &info.ty, info.bounds));
        if let Some(c) = &info.cite {
            head.push_str(&format!(" · {}", cite(p, c, Lang::En)));
        }
        out.push_str(&one_line(&head));
        out.push('\n');
        describe(&mut out, &info.label, "#   ");
        let boolean = matches!(&info.ty, Type::Bool)
            || matches!(&info.ty, Type::Optional(t) if **t == Type::Bool);
        if boolean {
        } else if let Some(values) = allowed_values(p, &info.ty) {
            out.push_str("#   one of / 取值之一:\n");
            for v in values {
                out.push_str(&one_line(&format!(
                    "#     {} — {} / {}",
                    v.name, v.label.zh, v.label.en
                )));
                out.push('\n');
            }
        } else if matches!(info.ty, Type::Optional(_)) {
            out.push_str("#   null: known to be absent (never happened, none) / 已知不存在（从未发生、没有）\n");
        }
        match record_of(p, &info.ty) {
            Some(fields) => {
                out.push_str(
                    "#   a list of records (`[]` if there are none), each with / 记录列表（没有则为 []），每条记录包括:\n",
                );
                for f in fields {
                    out.push_str(&one_line(&format!(
                        "#     {} · {} — {} / {}",
                        f.name,
                        type_text(p, &f.ty, f.bounds),
                        f.label.zh,
                        f.label.en
                    )));
                    out.push('\n');
                }
                out.push_str(&format!("# {name}:\n"));
                for (k, f) in fields.iter().enumerate() {
                    let lead = if k == 0 { "  - " } else { "    " };
                    out.push_str(&format!("# {lead}{}:\n", f.name));
                }
            }
            None => out.push_str(&format!("# {name}:\n")),
        }
    }
    out
}

fn describe(out: &mut String, label: &tiaoli_eval::ir::Text2, prefix: &str) {
    for text in [&label.zh, &label.en] {
        if !text.is_empty() {
            out.push_str(&one_line(&format!("{prefix}{text}")));
            out.push('\n');
        }
    }
}

/// The fields of a list of records (or of a record).
fn record_of<'p>(p: &'p Program, ty: &Type) -> Option<&'p [tiaoli_eval::FactInfo]> {
    match ty {
        Type::List(inner) | Type::Optional(inner) => record_of(p, inner),
        Type::Record(id) => p.schema.records.get(id).map(|r| r.fields.as_slice()),
        _ => None,
    }
}

/// `int in 1..=5`, `optional date`, `list<Procurement>`.
fn type_text(p: &Program, ty: &Type, bounds: Option<(i64, i64)>) -> String {
    let name = type_name(p, ty);
    match ty {
        Type::Bool => return format!("{name}: true | false"),
        Type::Optional(t) if **t == Type::Bool => return format!("{name}: true | false | null"),
        _ => {}
    }
    match bounds {
        Some((a, b)) => format!("{name} in {a}..={b}"),
        None => name,
    }
}
