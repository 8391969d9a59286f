//! Delimited text as ERPs write it: the encoding (a byte-order mark, else valid UTF-8,
//! else UTF-16 by its zero bytes, else chardetng with a Chinese hint) and the delimiter
//! (comma, semicolon, tab or pipe, by which splits the first lines most evenly) are
//! detected from the first bytes, or given. The bytes are hashed as they pass, before
//! decoding, so a file's content key does not depend on how it was read.

use std::cell::RefCell;
use std::io::{self, Cursor, Read};
use std::rc::Rc;
use std::sync::mpsc;

use encoding_rs::Encoding;
use sha2::{Digest, Sha256};

use super::table::{Rows, SourceInfo};

/// How many bytes of the file decide its encoding and delimiter.
const SNIFF_BYTES: usize = 64 * 1024;
/// How many lines decide the delimiter.
const SNIFF_LINES: usize = 200;
/// The delimiters tried, in the order a tie goes.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The bytes read so far and their hash, shared by the reader under the decoder and the
/// rows above it.
struct Tally {
    bytes: u64,
    hasher: Hasher,
}

/// SHA-256 of the bytes read, on a thread of its own when one can be started: the
/// thread that reads the file also parses every row, and the hash is a tenth of its
/// work. The chunks go over in buffers that come back to be filled again.
enum Hasher {
    Here(Sha256),
    Away {
        chunks: mpsc::SyncSender<Vec<u8>>,
        empty: mpsc::Receiver<Vec<u8>>,
        digest: std::thread::JoinHandle<Sha256>,
    },
}

impl Hasher {
    /// Starts the hashing thread (or hashes here, when no thread can be started).
    fn start() -> Self {
        let (chunks, to_hash) = mpsc::sync_channel::<Vec<u8>>(HASH_CHUNKS_AHEAD);
        let (give_back, empty) = mpsc::sync_channel::<Vec<u8>>(HASH_CHUNKS_AHEAD + 1);
        let spawned = std::thread::Builder::new()
            .name("file hash".to_string())
            .spawn(move || {
                let mut hasher = Sha256::new();
                for chunk in to_hash {
                    hasher.update(&chunk);
                    // The reader may have stopped; then the buffer is dropped.
                    let _ = give_back.try_send(chunk);
                }
                hasher
            });
        match spawned {
            Ok(digest) => Hasher::Away {
                chunks,
                empty,
                digest,
            },
            Err(_) => Hasher::Here(Sha256::new()),
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::Here(hasher) => hasher.update(bytes),
            Hasher::Away { chunks, empty, .. } => {
                let mut chunk = empty.try_recv().unwrap_or_default();
                chunk.clear();
                chunk.extend_from_slice(bytes);
                // Fails only when the thread has panicked: `finalize` then says so.
                let _ = chunks.send(chunk);
            }
        }
    }

    fn finalize(self) -> io::Result<String> {
        let hasher = match self {
            Hasher::Here(hasher) => hasher,
            Hasher::Away { chunks, digest, .. } => {
                drop(chunks);
                digest
                    .join()
                    .map_err(|_| io::Error::other("the file's hash could not be finished"))?
            }
        };
        Ok(hex(&hasher.finalize()))
    }
}

/// How many chunks may wait for the hashing thread.
const HASH_CHUNKS_AHEAD: usize = 8;

struct HashingReader<R> {
    inner: R,
    tally: Rc<RefCell<Tally>>,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut tally = self.tally.borrow_mut();
        tally.hasher.update(&buf[..n]);
        tally.bytes += n as u64;
        Ok(n)
    }
}

/// A delimited text file as rows.
pub struct TextRows<'a> {
    csv: csv::Reader<Box<dyn Read + 'a>>,
    tally: Rc<RefCell<Tally>>,
    info: SourceInfo,
    /// The last byte of text the CSV reader was given: whether the file ends in a line
    /// feed.
    last: Rc<RefCell<u8>>,
    /// The record read ahead, with the line the reader was on after it.
    ahead: Option<(csv::ByteRecord, u64)>,
    started: bool,
}

/// Remembers the last byte that passed.
struct LastByte<R> {
    inner: R,
    last: Rc<RefCell<u8>>,
}

impl<R: Read> Read for LastByte<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            *self.last.borrow_mut() = buf[n - 1];
        }
        Ok(n)
    }
}

/// Opens delimited text from `source`. `encoding` and `delimiter` override detection.
pub fn open_text<'a>(
    source: Box<dyn Read + 'a>,
    encoding: Option<&'static Encoding>,
    delimiter: Option<u8>,
) -> io::Result<TextRows<'a>> {
    let tally = Rc::new(RefCell::new(Tally {
        bytes: 0,
        hasher: Hasher::start(),
    }));
    let mut raw = HashingReader {
        inner: source,
        tally: Rc::clone(&tally),
    };
    let mut prefix = Vec::with_capacity(SNIFF_BYTES);
    (&mut raw)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut prefix)?;
    let (detected, _) = detect_encoding(&prefix);
    let encoding_detected = encoding.is_none();
    let encoding = encoding.unwrap_or(detected);
    let sample = decode_sample(&prefix, encoding);
    let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(&sample));

    let stream: Box<dyn Read + 'a> = if encoding == encoding_rs::UTF_8 {
        // The fast path: UTF-8 goes through as it is, without its byte-order mark.
        if prefix.starts_with(b"\xEF\xBB\xBF") {
            prefix.drain(..3);
        }
        Box::new(Cursor::new(prefix).chain(raw))
    } else {
        let chained = Cursor::new(prefix).chain(raw);
        Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding))
                .strip_bom(true)
                .build(chained),
        )
    };
    let last = Rc::new(RefCell::new(b'\n'));
    let stream: Box<dyn Read + 'a> = Box::new(LastByte {
        inner: stream,
        last: Rc::clone(&last),
    });
    let csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        // Records end at a line feed only: with csv's default (any of CR, LF, CRLF) a
        // CRLF file's rows report the line before their own. The CR left at the end
        // of a row's last field is white space, trimmed with the rest.
        .terminator(csv::Terminator::Any(b'\n'))
        .buffer_capacity(1 << 16)
        .from_reader(stream);
    Ok(TextRows {
        csv,
        tally,
        last,
        ahead: None,
        started: false,
        info: SourceInfo {
            encoding: Some(encoding.name().to_string()),
            encoding_detected,
            delimiter: Some(delimiter),
            sheet: None,
            sheets: Vec::new(),
        },
    })
}

impl TextRows<'_> {
    /// Reads the next record into `record` (a spent one, its buffers reused).
    fn read_one(
        &mut self,
        mut record: csv::ByteRecord,
    ) -> io::Result<Option<(csv::ByteRecord, u64)>> {
        match self.csv.read_byte_record(&mut record) {
            Ok(true) => Ok(Some((record, self.csv.position().line()))),
            Ok(false) => Ok(None),
            Err(e) => {
                let message = e.to_string();
                Err(match e.into_kind() {
                    csv::ErrorKind::Io(source) => source,
                    _ => io::Error::other(message),
                })
            }
        }
    }
}

impl Rows for TextRows<'_> {
    /// The line a record starts on is worked out from the line the reader is on after
    /// it: csv's own start position counts the blank lines it skipped before the record
    /// as part of it. A record is followed by a line feed unless it is the file's last
    /// and the file does not end in one, which the record read ahead tells.
    fn next_row(&mut self, record: &mut csv::ByteRecord) -> io::Result<Option<u64>> {
        if !self.started {
            self.started = true;
            self.ahead = self.read_one(csv::ByteRecord::new())?;
        }
        let Some((mut current, end_line)) = self.ahead.take() else {
            return Ok(None);
        };
        // The caller is done with `record`, the row before: it holds the one after (its
        // buffers swapped, not reallocated).
        std::mem::swap(record, &mut current);
        self.ahead = self.read_one(current)?;
        let ends_in_newline = self.ahead.is_some() || *self.last.borrow() == b'\n';
        let bytes = record.as_slice();
        let inner = if bytes.contains(&b'\n') {
            bytes.iter().filter(|b| **b == b'\n').count() as u64
        } else {
            0
        };
        let line = end_line
            .saturating_sub(u64::from(ends_in_newline))
            .saturating_sub(inner)
            .max(1);
        Ok(Some(line))
    }

    fn bytes_read(&self) -> u64 {
        self.tally.borrow().bytes
    }

    fn sheet(&self) -> Option<&str> {
        None
    }

    fn finish(self: Box<Self>) -> io::Result<(u64, String)> {
        let TextRows {
            csv, tally, last, ..
        } = *self;
        drop(last);
        let mut rest = csv.into_inner();
        io::copy(&mut rest, &mut io::sink())?;
        drop(rest);
        let tally = Rc::try_unwrap(tally)
            .map_err(|_| io::Error::other("the file is still being read"))?
            .into_inner();
        Ok((tally.bytes, tally.hasher.finalize()?))
    }

    fn describe(&self) -> SourceInfo {
        self.info.clone()
    }
}

/// Lower-case hex of a hash.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The encoding of a file from its first bytes, and whether it had a byte-order mark.
pub fn detect_encoding(prefix: &[u8]) -> (&'static Encoding, bool) {
    if let Some((encoding, _)) = Encoding::for_bom(prefix) {
        return (encoding, true);
    }
    if let Some(utf16) = utf16_by_zeros(prefix) {
        return (utf16, false);
    }
    match std::str::from_utf8(prefix) {
        Ok(_) => return (encoding_rs::UTF_8, false),
        // Cut in the middle of a character at the end of the prefix: still UTF-8.
        Err(e) if e.error_len().is_none() => return (encoding_rs::UTF_8, false),
        Err(_) => {}
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(prefix, prefix.len() < SNIFF_BYTES);
    let guess = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    // GBK files are read with the GB18030 decoder, which reads every GBK byte the same
    // and also the characters GBK lacks.
    if guess == encoding_rs::GBK {
        (encoding_rs::GB18030, false)
    } else {
        (guess, false)
    }
}

/// UTF-16 without a byte-order mark: text whose every other byte is zero.
fn utf16_by_zeros(prefix: &[u8]) -> Option<&'static Encoding> {
    let sample = &prefix[..prefix.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    if odd * 10 >= pairs * 7 && even * 10 <= pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even * 10 >= pairs * 7 && odd * 10 <= pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

fn decode_sample(prefix: &[u8], encoding: &'static Encoding) -> String {
    let (text, _, _) = encoding.decode(prefix);
    text.into_owned()
}

/// The delimiter that splits the first lines most evenly into more than one field:
/// the most lines with the most common field count, then the larger count, then
/// comma, semicolon, tab, pipe. A first line `sep=;` (Excel's) decides it.
pub fn sniff_delimiter(sample: &str) -> u8 {
    let first = sample.trim_start_matches('\u{feff}').lines().next();
    if let Some(d) = first
        .and_then(|l| l.trim().strip_prefix("sep="))
        .and_then(|d| d.bytes().next())
    {
        return d;
    }
    let mut best = (0usize, 0usize, b',');
    for delimiter in DELIMITERS {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(sample.as_bytes());
        let mut counts: Vec<usize> = Vec::new();
        for record in reader.byte_records().take(SNIFF_LINES) {
            let Ok(record) = record else { break };
            if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                continue;
            }
            counts.push(record.len());
        }
        // The last line of the sample may be cut.
        if counts.len() > 1 {
            counts.pop();
        }
        let mut modes: std::collections::HashMap<usize, usize> = Default::default();
        for c in counts.iter().filter(|c| **c > 1) {
            *modes.entry(*c).or_default() += 1;
        }
        let Some((fields, lines)) = modes
            .into_iter()
            .max_by_key(|(fields, lines)| (*lines, *fields))
        else {
            continue;
        };
        if (lines, fields) > (best.0, best.1) {
            best = (lines, fields, delimiter);
        }
    }
    best.2
}

/// The delimiter as the user would name it.
pub fn delimiter_name(delimiter: u8) -> String {
    match delimiter {
        b',' => "comma".to_string(),
        b';' => "semicolon".to_string(),
        b'\t' => "tab".to_string(),
        b'|' => "pipe".to_string(),
        d => format!("'{}'", char::from(d)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a file reads as: its description, each row with its line, and its size and hash.
    type Read = (SourceInfo, Vec<(u64, Vec<String>)>, (u64, String));

    fn rows(bytes: &[u8]) -> Read {
        let mut text = open_text(Box::new(Cursor::new(bytes.to_vec())), None, None).unwrap();
        let mut record = csv::ByteRecord::new();
        let mut out = Vec::new();
        while let Some(line) = text.next_row(&mut record).unwrap() {
            let cells = record
                .iter()
                .map(|c| String::from_utf8(c.to_vec()).unwrap())
                .collect();
            out.push((line, cells));
        }
        let info = text.describe();
        (info, out, Box::new(text).finish().unwrap())
    }

    #[test]
    fn a_crlf_file_names_each_rows_own_line_and_a_bom_is_not_part_of_the_text() {
        let bytes = "\u{feff}客户,金额\r\nC1,\"1,234.56\"\r\n".as_bytes();
        let (info, rows, (size, hash)) = rows(bytes);
        assert_eq!(info.encoding.as_deref(), Some("UTF-8"));
        assert_eq!(info.delimiter, Some(b','));
        assert_eq!(rows[0].0, 1);
        assert_eq!(rows[0].1[0], "客户");
        assert_eq!(rows[1].0, 2, "the second row is on line 2");
        assert_eq!(rows[1].1[1].trim(), "1,234.56");
        assert_eq!(size, bytes.len() as u64);
        assert_eq!(hash, hex(&Sha256::digest(bytes)));
    }

    #[test]
    fn rows_after_blank_lines_and_quoted_line_breaks_name_their_own_lines() {
        let (_, rows, _) = rows(b"title\n\n\na,b\n\"x\ny\",2\nc,3");
        let lines: Vec<u64> = rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, vec![1, 4, 5, 7]);
    }

    #[test]
    fn gbk_text_is_detected_and_decoded() {
        let text = "往来单位;单据编号;未核销金额\n中原重型机械集团有限公司;凭-001;1.234,56\n华东电力建设股份有限公司;凭-002;99,00\n";
        let (bytes, _, _) = encoding_rs::GBK.encode(text);
        let (info, rows, (size, hash)) = rows(&bytes);
        assert_eq!(info.encoding.as_deref(), Some("gb18030"));
        assert_eq!(info.delimiter, Some(b';'));
        assert_eq!(rows[1].1[0], "中原重型机械集团有限公司");
        assert_eq!(rows[2].1[2], "99,00");
        assert_eq!(size, bytes.len() as u64);
        assert_eq!(
            hash,
            hex(&Sha256::digest(&bytes)),
            "the hash is of the bytes, not the text"
        );
    }

    #[test]
    fn utf16_with_and_without_a_bom_is_read() {
        let text = "Customer\tAmount\nC1\t10.00\nC2\t20.00\n";
        let mut le: Vec<u8> = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let (info, rows, _) = rows(&le);
        assert_eq!(info.encoding.as_deref(), Some("UTF-16LE"));
        assert_eq!(info.delimiter, Some(b'\t'));
        assert_eq!(rows[0].1, vec!["Customer", "Amount"]);
        assert_eq!(rows[2], (3, vec!["C2".to_string(), "20.00".to_string()]));
        let bare: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let (info, rows, _) = super::tests::rows(&bare);
        assert_eq!(info.encoding.as_deref(), Some("UTF-16LE"));
        assert_eq!(rows[1].1, vec!["C1", "10.00"]);
    }

    #[test]
    fn windows_1252_is_detected_from_its_accented_letters() {
        let text = "Nº client;Nom;Montant\n0042;Société Générale d'Équipement;1.234,56 €\n0043;Crédit Agricole Délégation;€ 99,00\n";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let (info, rows, _) = rows(&bytes);
        assert_eq!(info.encoding.as_deref(), Some("windows-1252"));
        assert_eq!(rows[0].1[0], "Nº client");
        assert_eq!(rows[1].1[2], "1.234,56 €");
    }

    #[test]
    fn the_delimiter_is_the_one_that_splits_lines_evenly() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n4,5,6\n"), b',');
        assert_eq!(sniff_delimiter("a;b;c\n1,5;2;3\n4;5,5;6\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\n1,000.00\t2\n"), b'\t');
        assert_eq!(
            sniff_delimiter(
                "Title line\n\n|Account |DocumentNo|Amount    |\n|0001    |1800001   |1,234.56  |\n|0002    |1800002   |99.00     |\n"
            ),
            b'|'
        );
        assert_eq!(sniff_delimiter("sep=;\na,b;c\n"), b';');
        assert_eq!(sniff_delimiter("one column\nonly\n"), b',');
    }

    #[test]
    fn a_given_encoding_and_delimiter_override_detection() {
        let text = "a|b\n1|2\n";
        let (bytes, _, _) = encoding_rs::GBK.encode(text);
        let mut t = open_text(
            Box::new(Cursor::new(bytes.into_owned())),
            Some(encoding_rs::GBK),
            Some(b'|'),
        )
        .unwrap();
        let info = t.describe();
        assert!(!info.encoding_detected);
        assert_eq!(info.encoding.as_deref(), Some("GBK"));
        let mut record = csv::ByteRecord::new();
        assert_eq!(t.next_row(&mut record).unwrap(), Some(1));
        assert_eq!(record.len(), 2);
    }
}
