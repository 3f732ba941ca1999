#[test]
fn dump() {
    let dir = std::env::var("DUMP_IN").unwrap();
    let out = std::env::var("DUMP_OUT").unwrap();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().map_or(false, |e| e == "tiaoli") {
            let t = std::fs::read_to_string(&p).unwrap();
            let parsed = tiaoli_syntax::parse(&t, tiaoli_text::FileId(0));
            let f = tiaoli_syntax::format(&t, &parsed).unwrap();
            std::fs::write(format!("{}/{}", out, p.file_name().unwrap().to_str().unwrap()), f).unwrap();
        }
    }
}
