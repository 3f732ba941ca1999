//! Diagnostics of `tiaoli eval`, held until the end of the run (the report
//! documents them after the facilities) without growing memory: in memory
//! up to a bound, then in a temporary file, copied out at the end.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};

/// Bytes held in memory before the spool moves to a temporary file.
const IN_MEMORY: usize = 1 << 20;

#[derive(Debug, Default)]
pub struct Spool {
    mem: String,
    file: Option<File>,
    /// Items pushed (for separators between them).
    pub count: usize,
}

impl Spool {
    /// Appends one item (rendered diagnostics), after `sep` unless it is
    /// the first.
    pub fn push(&mut self, item: &str, sep: &str) -> std::io::Result<()> {
        // Written out before the buffer would grow past its bound (so its
        // capacity stays about `IN_MEMORY`).
        if !self.mem.is_empty() && self.mem.len() + sep.len() + item.len() > IN_MEMORY {
            let file = match &mut self.file {
                Some(f) => f,
                None => self.file.insert(tempfile::tempfile()?),
            };
            file.write_all(self.mem.as_bytes())?;
            self.mem.clear();
        }
        if self.mem.capacity() == 0 {
            self.mem.reserve(IN_MEMORY);
        }
        if self.count > 0 {
            self.mem.push_str(sep);
        }
        self.count += 1;
        self.mem.push_str(item);
        Ok(())
    }

    /// Gives everything spooled, in order, in chunks.
    pub fn drain(mut self, mut out: impl FnMut(&str)) -> std::io::Result<()> {
        if let Some(mut file) = self.file.take() {
            file.seek(SeekFrom::Start(0))?;
            let mut buf = vec![0u8; 1 << 20];
            let mut carry: Vec<u8> = Vec::new();
            loop {
                let n = file.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                carry.extend_from_slice(buf.get(..n).unwrap_or_default());
                // Only whole characters (a chunk may end inside one).
                let valid = match std::str::from_utf8(&carry) {
                    Ok(s) => s.len(),
                    Err(e) => e.valid_up_to(),
                };
                if let Ok(s) = std::str::from_utf8(carry.get(..valid).unwrap_or_default()) {
                    out(s);
                }
                carry.drain(..valid);
            }
            // The spool holds only our own UTF-8: bytes left over mean the
            // file was damaged, and dropping them would lose output.
            if !carry.is_empty() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "the temporary file of diagnostics is damaged",
                ));
            }
        }
        out(&self.mem);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_goes_in_comes_out_in_order_past_the_memory_bound() {
        let mut spool = Spool::default();
        let item = "诊断".repeat(100_000);
        let mut expected = String::new();
        for i in 0..30 {
            let it = format!("{i}:{item}");
            if i > 0 {
                expected.push(',');
            }
            expected.push_str(&it);
            assert!(spool.push(&it, ",").is_ok());
        }
        assert!(spool.file.is_some(), "spilled to a file");
        let mut got = String::new();
        assert!(spool.drain(|s| got.push_str(s)).is_ok());
        assert!(got == expected);
    }
}
