//! The Neovim and Helix configurations in editors/ keep in step with the
//! language: Neovim's syntax file names every keyword of grammar/tiaoli.pest,
//! and Helix's languages.toml parses and starts `tiaoli lsp` for `.tiaoli`
//! files rooted at `tiaoli.toml`. (VS Code: tests/textmate.rs.)

use std::collections::BTreeSet;

#[path = "support/pest_keywords.rs"]
mod pest_keywords;
use pest_keywords::keywords;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../");

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(format!("{ROOT}{path}")).map_err(|e| format!("cannot read {path}: {e}"))
}

/// The words of the `syntax keyword` lines of a Vim syntax file.
fn vim_syntax_keywords(syntax: &str) -> BTreeSet<String> {
    syntax
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("syntax keyword "))
        // The first word names the highlight group.
        .flat_map(|rest| rest.split_whitespace().skip(1))
        .map(str::to_string)
        .collect()
}

#[test]
fn neovim_syntax_names_every_pest_keyword() -> Result<(), String> {
    let keywords = keywords(&read("grammar/tiaoli.pest")?);
    assert!(
        keywords.len() >= 80,
        "only {} keywords extracted",
        keywords.len()
    );
    let path = "editors/neovim/syntax/tiaoli.vim";
    let syntax = read(path)?;
    let known = vim_syntax_keywords(&syntax);
    // `art` only starts a citation (`art17`), which a match rule colours.
    let missing: Vec<&String> = keywords
        .iter()
        .filter(|k| *k != "art" && !known.contains(*k))
        .collect();
    assert!(
        missing.is_empty(),
        "keywords of grammar/tiaoli.pest that {path} does not highlight: {missing:?}\n\
         add each to a `syntax keyword` line there"
    );
    assert!(syntax.contains("syntax match tiaoliCitation /\\<\\%(\\h\\w*::\\)\\=art\\d"));
    Ok(())
}

#[test]
fn vim_keyword_lines_are_read() {
    let words = vim_syntax_keywords(
        "syntax keyword tiaoliType bool int\n  syntax keyword tiaoliX a\n\" syntax keyword no\n",
    );
    assert_eq!(
        words.into_iter().collect::<Vec<_>>(),
        vec!["a".to_string(), "bool".to_string(), "int".to_string()]
    );
}

#[test]
fn neovim_files_are_where_neovim_looks() -> Result<(), String> {
    let detect = read("editors/neovim/ftdetect/tiaoli.vim")?;
    assert!(detect.contains("*.tiaoli setfiletype tiaoli"), "{detect}");
    let ftplugin = read("editors/neovim/ftplugin/tiaoli.vim")?;
    assert!(ftplugin.contains("commentstring=//\\ %s"), "{ftplugin}");
    let lua = read("editors/neovim/lua/tiaoli/init.lua")?;
    for needed in [
        "vim.lsp.start_client",
        "vim.lsp.buf_attach_client",
        "vim.lsp.start(",
        "/tiaoli.toml'",
        "{ 'tiaoli', 'lsp' }",
    ] {
        assert!(lua.contains(needed), "lua/tiaoli/init.lua lacks {needed:?}");
    }
    read("editors/neovim/lua/tiaoli/health.lua")?;
    Ok(())
}

#[test]
fn helix_languages_toml_starts_tiaoli_lsp() -> Result<(), String> {
    let path = "editors/helix/languages.toml";
    let config: toml::Table =
        toml::from_str(&read(path)?).map_err(|e| format!("{path} is not valid TOML: {e}"))?;

    let languages = config["language"]
        .as_array()
        .ok_or("no [[language]] array")?;
    assert_eq!(languages.len(), 1);
    let language = languages[0].as_table().ok_or("[[language]] is no table")?;
    let string = |key: &str| language.get(key).and_then(toml::Value::as_str);
    let strings = |key: &str| -> Vec<&str> {
        language
            .get(key)
            .and_then(toml::Value::as_array)
            .map(|a| a.iter().filter_map(toml::Value::as_str).collect())
            .unwrap_or_default()
    };
    assert_eq!(string("name"), Some("tiaoli"));
    assert_eq!(string("scope"), Some("source.tiaoli"));
    assert_eq!(strings("file-types"), ["tiaoli"]);
    assert_eq!(strings("roots"), ["tiaoli.toml"]);
    assert_eq!(string("comment-token"), Some("//"));
    assert_eq!(strings("language-servers"), ["tiaoli"]);
    let indent = language["indent"].as_table().ok_or("no indent table")?;
    assert_eq!(indent["tab-width"].as_integer(), Some(2));
    assert_eq!(indent["unit"].as_str(), Some("  "));

    let server = config["language-server"]["tiaoli"]
        .as_table()
        .ok_or("no [language-server.tiaoli]")?;
    assert_eq!(server["command"].as_str(), Some("tiaoli"));
    let args: Vec<&str> = server["args"]
        .as_array()
        .ok_or("no args")?
        .iter()
        .filter_map(toml::Value::as_str)
        .collect();
    assert_eq!(args, ["lsp"]);
    Ok(())
}

/// The Neovim and Helix READMEs say how to pass the server's `docsBaseUrl`
/// initialization option, under the name the server reads
/// (`crates/tiaoli-lsp/src/docs.rs`): Neovim's `init_options` through
/// `setup({ lsp = … })`, Helix's `config` (its snippet parses as TOML and
/// puts the option where Helix sends it).
#[test]
fn neovim_and_helix_say_how_to_pass_docs_base_url() -> Result<(), String> {
    let option = "docsBaseUrl";
    let server = read("crates/tiaoli-lsp/src/docs.rs")?;
    assert!(
        server.contains(&format!("get(\"{option}\")")),
        "the server reads {option}"
    );

    let lua = read("editors/neovim/lua/tiaoli/init.lua")?;
    assert!(lua.contains("lsp = {},"), "setup's lsp table is passed on");
    assert!(lua.contains("M.config.lsp"), "{lua}");
    let neovim = read("editors/neovim/README.md")?;
    assert!(
        neovim.contains(&format!("init_options = {{ {option} = '")),
        "editors/neovim/README.md"
    );

    let helix = read("editors/helix/README.md")?;
    let snippet = helix
        .split("```toml\n")
        .skip(1)
        .filter_map(|s| s.split_once("```").map(|(toml, _)| toml))
        .find(|s| s.contains(option))
        .ok_or("no TOML snippet with docsBaseUrl in editors/helix/README.md")?;
    let config: toml::Table = toml::from_str(snippet).map_err(|e| format!("{e}"))?;
    let url = config["language-server"]["tiaoli"]["config"][option].as_str();
    assert!(url.is_some_and(|u| u.starts_with("https://")), "{snippet}");
    let languages = read("editors/helix/languages.toml")?;
    assert!(
        languages.contains(&format!("# config = {{ {option} = \"")),
        "languages.toml shows the option"
    );
    Ok(())
}
