//! The server's stdio framing, with limits: each header line is at most 8 KB and each
//! message body at most [`BODY_LIMIT`], refused from its `Content-Length` before any
//! memory is set aside for it. lsp-server's own transport reserves whatever length a
//! client announces.

use lsp_server::{Connection, Message};
use std::io::{self, BufRead, Read, Write};
use std::thread::JoinHandle;

/// The largest message body the server accepts: 64 MB.
pub const BODY_LIMIT: usize = 64 << 20;

/// The longest header line the server reads.
const HEADER_LIMIT: usize = 8 << 10;

/// The threads that move messages between stdio and the connection.
pub struct Threads {
    reader: JoinHandle<io::Result<()>>,
    writer: JoinHandle<io::Result<()>>,
}

impl Threads {
    /// Waits for both threads; the reader's error first.
    pub fn join(self) -> io::Result<()> {
        let reader = self
            .reader
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("reader panicked")));
        let writer = self
            .writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("writer panicked")));
        reader.and(writer)
    }
}

/// A connection over stdin and stdout.
pub fn stdio() -> (Connection, Threads) {
    let (server, client) = Connection::memory();
    let Connection { sender, receiver } = client;
    let reader = std::thread::spawn(move || {
        let mut input = io::BufReader::new(io::stdin().lock());
        while let Some(message) = read_message(&mut input)? {
            let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
            if sender.send(message).is_err() || exit {
                break;
            }
        }
        Ok(())
    });
    let writer = std::thread::spawn(move || {
        let mut output = io::stdout().lock();
        for message in receiver {
            message.write(&mut output)?;
            output.flush()?;
        }
        Ok(())
    });
    (server, Threads { reader, writer })
}

/// The next message, `None` at the end of the input.
pub fn read_message(input: &mut impl BufRead) -> io::Result<Option<Message>> {
    let Some(body) = read_body(input)? else {
        return Ok(None);
    };
    let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    framed.extend_from_slice(&body);
    Message::read(&mut framed.as_slice())
}

/// The next message's body, read within the limits.
fn read_body(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = input
            .by_ref()
            .take(HEADER_LIMIT as u64 + 1)
            .read_until(b'\n', &mut line)?;
        if read == 0 {
            return match length {
                None => Ok(None),
                Some(_) => Err(invalid("the input ended inside a message's header")),
            };
        }
        if line.len() > HEADER_LIMIT {
            return Err(invalid("a header line is longer than 8 KB"));
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            break;
        }
        let Some((name, value)) = text.split_once(':') else {
            return Err(invalid(&format!("`{text}` is not a header")));
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            let size: u64 = value.trim().parse().map_err(|_| {
                invalid(&format!(
                    "Content-Length `{}` is not a number",
                    value.trim()
                ))
            })?;
            if size > BODY_LIMIT as u64 {
                return Err(invalid(&format!(
                    "a message of {size} bytes is larger than the {} MB okr lsp accepts",
                    BODY_LIMIT >> 20
                )));
            }
            length = Some(size as usize);
        }
    }
    let size = length.ok_or_else(|| invalid("a message has no Content-Length"))?;
    let mut body = vec![0; size];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}

fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_framed_message() {
        let body = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        let message = read_message(&mut input.as_bytes()).unwrap().unwrap();
        assert!(matches!(message, Message::Notification(n) if n.method == "initialized"));
        assert!(read_message(&mut &b""[..]).unwrap().is_none());
    }

    #[test]
    fn refuses_a_huge_length_before_reading_it() {
        let input = b"Content-Length: 99999999999\r\n\r\n{}";
        let err = read_message(&mut &input[..]).unwrap_err();
        assert!(err.to_string().contains("larger than the 64 MB"), "{err}");
    }

    #[test]
    fn refuses_an_endless_header_line() {
        let input = vec![b'x'; HEADER_LIMIT + 10];
        let err = read_message(&mut input.as_slice()).unwrap_err();
        assert!(err.to_string().contains("longer than 8 KB"), "{err}");
    }
}
