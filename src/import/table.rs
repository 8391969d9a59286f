//! A ledger as rows of cells, whatever the file: delimited text (any encoding, any
//! delimiter) or a workbook sheet. The reader above sees only [`Rows`].

/// The rows of one ledger file, in file order.
pub trait Rows {
    /// Reads the next row into `record` and returns its 1-based place in the file: the
    /// line where the row starts for text, the sheet row for a workbook. `None` at the
    /// end.
    fn next_row(&mut self, record: &mut csv::ByteRecord) -> std::io::Result<Option<u64>>;

    /// Bytes of the file read so far, for progress.
    fn bytes_read(&self) -> u64;

    /// The sheet the rows come from, when they come from a workbook; positions then read
    /// `Sheet1!F57`.
    fn sheet(&self) -> Option<&str>;

    /// Reads what is left of the file and returns its size in bytes and the SHA-256 of
    /// its bytes, hex (the key that finds a file imported before).
    fn finish(self: Box<Self>) -> std::io::Result<(u64, String)>;

    /// How the file was read, for the user: encoding, delimiter or sheet.
    fn describe(&self) -> SourceInfo;
}

/// How a file was read, as the preview and the CLI report it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceInfo {
    /// `UTF-8`, `GBK`, `UTF-16LE`, ... (text files).
    pub encoding: Option<String>,
    /// Whether the encoding was detected (rather than given).
    pub encoding_detected: bool,
    /// The delimiter (text files).
    pub delimiter: Option<u8>,
    /// The sheet (workbooks).
    pub sheet: Option<String>,
    /// The other sheets of the workbook, to choose from.
    pub sheets: Vec<String>,
}

/// The spreadsheet letters of a 1-based column: 1 is `A`, 27 is `AA`.
pub fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        let rem = (column - 1) % 26;
        letters.push(b'A' + rem as u8);
        column = (column - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(6), "F");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(702), "ZZ");
        assert_eq!(column_letters(703), "AAA");
        assert_eq!(column_letters(0), "");
    }
}
