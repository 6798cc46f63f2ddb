//! Output written one document at a time: the bytes are the same as rendering the
//! whole list at once, but only one window of documents is ever held.

use serde::Serialize;
use std::io::{self, Write};

/// `{"version": N, "<key>": [ … ]}` written one element at a time, byte for byte as
/// serde_json's pretty printer writes the whole value.
pub struct PrettyArray<'a> {
    out: &'a mut dyn Write,
    count: usize,
}

impl<'a> PrettyArray<'a> {
    /// Writes the opening, up to the array's `[`.
    pub fn start(out: &'a mut dyn Write, version: u32, key: &str) -> io::Result<Self> {
        write!(out, "{{\n  \"version\": {version},\n  \"{key}\": [")?;
        Ok(Self { out, count: 0 })
    }

    /// `value` pretty-printed at an array element's depth, ready for [`PrettyArray::push`];
    /// made apart from the writer so that elements can be rendered on every core.
    pub fn element<T: Serialize>(value: &T) -> io::Result<Vec<u8>> {
        let flat = serde_json::to_vec_pretty(value)?;
        let mut indented = Vec::with_capacity(flat.len() + flat.len() / 8);
        for &byte in &flat {
            indented.push(byte);
            // A JSON string never holds a raw newline, so every newline is layout.
            if byte == b'\n' {
                indented.extend_from_slice(b"    ");
            }
        }
        Ok(indented)
    }

    /// Writes one element made by [`PrettyArray::element`].
    pub fn push(&mut self, element: &[u8]) -> io::Result<()> {
        let separator: &[u8] = if self.count == 0 {
            b"\n    "
        } else {
            b",\n    "
        };
        self.out.write_all(separator)?;
        self.out.write_all(element)?;
        self.count += 1;
        Ok(())
    }

    /// Closes the array and the object, and ends the line.
    pub fn finish(self) -> io::Result<()> {
        let close: &[u8] = if self.count == 0 {
            b"]\n}\n"
        } else {
            b"\n  ]\n}\n"
        };
        self.out.write_all(close)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn streamed(items: &[serde_json::Value]) -> String {
        let mut out = Vec::new();
        let mut array = PrettyArray::start(&mut out, 1, "things").unwrap();
        for item in items {
            array.push(&PrettyArray::element(item).unwrap()).unwrap();
        }
        array.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn matches_serde_json_pretty_output() {
        let cases = [
            vec![],
            vec![json!({"a": 1, "b": [1, 2], "c": {"d": "x\ny"}})],
            vec![
                json!({"a": []}),
                json!({}),
                json!("text"),
                json!({"n": null}),
            ],
        ];
        for items in cases {
            #[derive(Serialize)]
            struct Whole<'a> {
                version: u32,
                things: &'a [serde_json::Value],
            }
            let whole = Whole {
                version: 1,
                things: &items,
            };
            let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
            assert_eq!(streamed(&items), expected);
        }
    }
}
