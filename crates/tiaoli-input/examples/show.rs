use tiaoli_diagnostics::{HumanOptions, render_human};
use tiaoli_text::Sources;
fn main() {
    let cases = [
        ("a.yaml", "id: a\nsector: energy\n  name: x\n"),
        (
            "b.yaml",
            "id: a\nsector: energy\nname: x\nsector: finance\n",
        ),
        (
            "c.json",
            "{\n  \"id\": \"a\",\n  \"sector\" \"energy\"\n}\n",
        ),
        (
            "d.jsonl",
            "{\"id\": \"a\"}\n{\"id\": \"b\", \"sector\": }\n{\"id\": \"c\"\n",
        ),
        ("e.json", "id: a\nsector: energy\n"),
        ("f.yaml", "key: \"unterminated\n"),
        ("g.yaml", "- 1\n"),
        ("h.json", "{\"a\": energy, \"b\": [1,2,],}"),
        ("i.yaml", "a: [1, 2\nb: 3\n"),
        ("j.yaml", "a: *nope\n"),
        ("k.yaml", "a:\tb\n"),
        ("l.yaml", "运营者: 甲\n运营者: 乙\n"),
    ];
    for (name, text) in cases {
        let mut sources = Sources::new();
        let id = sources.add(name, text);
        let fmt = tiaoli_input::detect(name, text);
        for r in tiaoli_input::records(text, id, fmt) {
            if let Err(d) = r.node {
                print!(
                    "{}",
                    render_human(
                        &d,
                        &sources,
                        HumanOptions {
                            color: false,
                            unicode: true,
                            width: 100
                        }
                    )
                );
            }
        }
    }
}
