//! A generated regulation pack of about 11,000 lines that checks clean:
//! 200 facts, 400 articles in 10 files (each with a definition, an
//! obligation, a prohibition, and every third a penalty), and a test for
//! every fifth article. Shared by the keystroke benchmarks of the database
//! (`tiaoli-db`) and of the language server (`tiaoli-cli`).

use std::fmt::Write as _;
use std::path::PathBuf;

const FACTS: usize = 200;
const FILES: usize = 10;
const ARTICLES_PER_FILE: usize = 40;

/// Writes the generated pack to a scratch folder and returns it.
pub fn generated_pack() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tiaoli-keystroke-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let write = |name: &str, text: String| {
        std::fs::write(dir.join(name), text).expect("write the generated pack");
    };
    write(
        "tiaoli.toml",
        "[pack]\nname = \"keystroke-bench\"\nversion = \"1.0.0\"\nkind = \"regulation\"\n\
         effective = \"2021-09-01\"\n\n[pack.title]\nzh = \"基准规则包\"\nen = \"Benchmark pack\"\n\n\
         [pack.issuer]\nzh = \"基准\"\nen = \"Benchmark\"\n"
            .to_owned(),
    );
    let mut vocabulary = String::new();
    vocabulary.push_str("party operator { zh \"运营者\" en \"operator\" }\n\n");
    vocabulary.push_str("measure warning { zh \"警告\" en \"warning\" }\n\n");
    for i in 0..FACTS {
        let _ = write!(
            vocabulary,
            "fact f{i}: bool {{\n  zh \"第{i}项事实：设施是否满足要求\"\n  en \"whether the facility meets requirement {i}\"\n  cite art{}\n}}\n\n",
            1 + i % (FILES * ARTICLES_PER_FILE)
        );
    }
    write("vocabulary.tiaoli", vocabulary);
    let mut tests = String::new();
    for k in 0..FILES {
        let mut out = format!("// Generated chapter {}.\n\n", k + 1);
        for j in 0..ARTICLES_PER_FILE {
            let n = k * ARTICLES_PER_FILE + j + 1;
            article(&mut out, n);
            if n.is_multiple_of(5) {
                test(&mut tests, n);
            }
        }
        write(&format!("ch{:02}.tiaoli", k + 1), out);
    }
    write("tests.tiaoli", tests);
    dir
}

/// The facts article `n` reads.
fn facts_of(n: usize) -> (usize, usize, usize) {
    (n % FACTS, (n * 7 + 1) % FACTS, (n * 13 + 2) % FACTS)
}

fn article(out: &mut String, n: usize) {
    let (a, b, c) = facts_of(n);
    let _ = write!(
        out,
        "article {n} {{
  title zh \"第{n}条 安全保护义务\" en \"Article {n}: a protection duty\"
  text zh \"运营者应当落实第{n}条规定的安全保护措施，并定期检查其有效性。\"
       en \"The operator shall put the protection measures of article {n} in place and check regularly that they work.\"

  define ready_{n} = facility.f{a} and (facility.f{b} or not facility.f{c})

  obligation duty_{n} {{
    title zh \"落实第{n}条措施\" en \"Put the measures of article {n} in place\"
    bearer operator
    requires ready_{n}
  }}

  prohibition no_bypass_{n} {{
    title zh \"不得绕过第{n}条措施\" en \"Do not bypass the measures of article {n}\"
    bearer operator
    forbids facility.f{c} and not facility.f{a}
  }}
"
    );
    if n.is_multiple_of(3) {
        let _ = write!(
            out,
            "
  penalty penalty_{n} {{
    title zh \"违反第{n}条的处罚\" en \"Penalty for breaching article {n}\"
    addressee operator
    trigger duty_{n}
    trigger no_bypass_{n}
    measures warning
    fine operator 10_000 CNY ..= 100_000 CNY
  }}
"
        );
    }
    out.push_str("}\n\n");
}

fn test(out: &mut String, n: usize) {
    let (a, b, c) = facts_of(n);
    let _ = write!(
        out,
        "test \"article {n}: a facility without its measures breaches the duty\" {{
  as_of 2025-06-01
  given {{
    f{a} = false
    f{b} = true
    f{c} = false
  }}
  expect duty_{n} is violated
  expect no_bypass_{n} is satisfied
}}

"
    );
}
