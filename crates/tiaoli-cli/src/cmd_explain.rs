use std::str::FromStr;

use tiaoli_diagnostics::Code;

pub fn run(code: &str) -> u8 {
    match (Code::from_str(code), tiaoli_diagnostics::page(code)) {
        (Ok(_), Some(page)) => {
            crate::output::emit(page);
            0
        }
        (Ok(c), None) => {
            crate::output::emit(&format!("{c}: {}\n", c.summary()));
            0
        }
        (Err(()), _) => {
            eprintln!("error: `{code}` is not a tiaoli diagnostic code");
            eprintln!(
                "the codes are: {}",
                Code::ALL
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            2
        }
    }
}
