//! A workbook sheet (XLSX, XLS, XLSB, ODS, read by calamine) as [`Rows`]: each cell
//! becomes the text the reader above parses, so a workbook is read by the same rules as
//! a CSV file. Numbers are written out in full (`2309.7899999999995`, `20190906`, never
//! an exponent) and rounded to the currency later, with the warning a CSV file gets;
//! date cells become ISO dates; error cells keep their text (`#N/A`), so the reader
//! refuses them naming the cell.
//!
//! Rows are numbered as the sheet numbers them, and cells are placed from column A,
//! so a finding reads `Sheet1!F57` whatever the used range.

use std::io::{self, Cursor};

use calamine::{Data, Reader};
use sha2::{Digest, Sha256};

use super::table::{Rows, SourceInfo};
use super::text::hex;

/// The first bytes of a zip archive (XLSX, XLSB, ODS).
const ZIP: &[u8] = b"PK\x03\x04";
/// The first bytes of an OLE2 compound file (XLS).
const OLE2: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether a file that starts with `head` is a workbook rather than text.
pub fn is_workbook(head: &[u8]) -> bool {
    head.starts_with(ZIP) || head.starts_with(OLE2)
}

/// Why a workbook cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkbookError {
    /// Not a workbook calamine reads, or a damaged one.
    #[error("it is not a workbook this importer reads (XLSX, XLS, XLSB, ODS): {0}")]
    Unreadable(String),
    /// `--sheet` names a sheet the workbook does not have.
    #[error("it has no sheet '{sheet}'; its sheets are {}", list(.sheets))]
    NoSuchSheet {
        /// The sheet asked for.
        sheet: String,
        /// The sheets it has.
        sheets: Vec<String>,
    },
    /// A workbook without a sheet.
    #[error("it has no sheets")]
    NoSheets,
}

fn list(sheets: &[String]) -> String {
    sheets
        .iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One sheet of a workbook, read whole (a workbook is not a stream), as rows of text.
pub struct SheetRows {
    /// The sheet's rows as text, from column A.
    rows: Vec<Vec<String>>,
    /// The sheet row (1-based) of `rows[0]`.
    first_row: u64,
    /// The next row to hand out.
    next: usize,
    size: u64,
    hash: String,
    info: SourceInfo,
}

/// Opens the sheet `sheet` (default the first) of the workbook in `bytes`.
pub fn open_workbook(bytes: Vec<u8>, sheet: Option<&str>) -> Result<SheetRows, WorkbookError> {
    let size = bytes.len() as u64;
    let hash = hex(&Sha256::digest(&bytes));
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| WorkbookError::Unreadable(e.to_string()))?;
    let sheets = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => sheets
            .iter()
            .find(|s| s.as_str() == wanted)
            .or_else(|| {
                sheets
                    .iter()
                    .find(|s| s.eq_ignore_ascii_case(wanted.trim()))
            })
            .cloned()
            .ok_or_else(|| WorkbookError::NoSuchSheet {
                sheet: wanted.to_string(),
                sheets: sheets.clone(),
            })?,
        None => sheets.first().cloned().ok_or(WorkbookError::NoSheets)?,
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| WorkbookError::Unreadable(e.to_string()))?;
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .map(|row| {
            std::iter::repeat_n(String::new(), first_column as usize)
                .chain(row.iter().map(cell_text))
                .collect()
        })
        .collect();
    Ok(SheetRows {
        rows,
        first_row: u64::from(first_row) + 1,
        next: 0,
        size,
        hash,
        info: SourceInfo {
            sheet: Some(name.clone()),
            sheets: sheets.into_iter().filter(|s| *s != name).collect(),
            ..SourceInfo::default()
        },
    })
}

/// A cell as the text a ledger file would hold.
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "true" } else { "false" }.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        // A duration is a number of days as a spreadsheet keeps it.
        Data::DateTime(d) => float_text(d.as_f64()),
        // `2016-12-31T00:00:00`: the date is what a ledger means.
        Data::DateTimeIso(s) => s.split('T').next().unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// A float in full, without an exponent: Rust writes the shortest text that reads back
/// as the same float, so `2309.7899999999995` stays what the cell holds and `20190906.0`
/// becomes `20190906`.
fn float_text(f: f64) -> String {
    if f.is_finite() {
        format!("{f}")
    } else {
        "#NUM!".to_string()
    }
}

impl Rows for SheetRows {
    fn next_row(&mut self, record: &mut csv::ByteRecord) -> io::Result<Option<u64>> {
        let Some(row) = self.rows.get(self.next) else {
            return Ok(None);
        };
        record.clear();
        for cell in row {
            record.push_field(cell.as_bytes());
        }
        let line = self.first_row + self.next as u64;
        self.next += 1;
        Ok(Some(line))
    }

    fn bytes_read(&self) -> u64 {
        // The sheet is read whole before the first row: progress goes by rows.
        if self.rows.is_empty() {
            self.size
        } else {
            self.size * self.next as u64 / self.rows.len() as u64
        }
    }

    fn sheet(&self) -> Option<&str> {
        self.info.sheet.as_deref()
    }

    fn finish(self: Box<Self>) -> io::Result<(u64, String)> {
        Ok((self.size, self.hash))
    }

    fn describe(&self) -> SourceInfo {
        self.info.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A workbook written by rust_xlsxwriter: a title row, a header, a date cell, a
    /// float with noise and a number that is a `YYYYMMDD` date, starting at column B.
    fn workbook() -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet().set_name("Aging").unwrap();
        sheet.write_string(0, 1, "Aged Receivables").unwrap();
        for (c, h) in ["Customer", "Document No", "Due Date", "Posted", "Balance"]
            .iter()
            .enumerate()
        {
            sheet.write_string(2, 1 + c as u16, *h).unwrap();
        }
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2016, 12, 31).unwrap();
        let format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
        sheet.write_string(3, 1, "0000611365").unwrap();
        sheet.write_number(3, 2, 100_234.0).unwrap();
        sheet
            .write_datetime_with_format(3, 3, &date, &format)
            .unwrap();
        sheet.write_number(3, 4, 20_190_906.0).unwrap();
        sheet.write_number(3, 5, 2_309.789_999_999_999_5).unwrap();
        book.add_worksheet().set_name("Notes").unwrap();
        book.save_to_buffer().unwrap()
    }

    fn all_rows(rows: &mut SheetRows) -> Vec<(u64, Vec<String>)> {
        let mut record = csv::ByteRecord::new();
        let mut out = Vec::new();
        while let Some(line) = rows.next_row(&mut record).unwrap() {
            let cells = record
                .iter()
                .map(|c| String::from_utf8(c.to_vec()).unwrap())
                .collect();
            out.push((line, cells));
        }
        out
    }

    #[test]
    fn a_sheets_cells_read_as_the_text_a_ledger_holds_placed_from_column_a() {
        let bytes = workbook();
        assert!(is_workbook(&bytes));
        let mut rows = open_workbook(bytes.clone(), None).unwrap();
        assert_eq!(rows.sheet(), Some("Aging"));
        assert_eq!(rows.describe().sheets, vec!["Notes".to_string()]);
        let read = all_rows(&mut rows);
        assert_eq!(read[0].0, 1, "sheet row numbers, from the first used row");
        assert_eq!(
            read[0].1,
            vec!["", "Aged Receivables", "", "", "", ""],
            "every row as wide as the sheet's used range"
        );
        let data = read.iter().find(|(line, _)| *line == 4).unwrap();
        assert_eq!(
            data.1,
            vec![
                "",
                "0000611365",
                "100234",
                "2016-12-31",
                "20190906",
                "2309.7899999999995"
            ]
        );
        let (size, hash) = Box::new(rows).finish().unwrap();
        assert_eq!(size, bytes.len() as u64);
        assert_eq!(hash, hex(&Sha256::digest(&bytes)));
    }

    #[test]
    fn a_sheet_that_is_not_there_names_the_sheets_there_are() {
        let err = open_workbook(workbook(), Some("Sheet9")).err().unwrap();
        assert_eq!(
            err.to_string(),
            "it has no sheet 'Sheet9'; its sheets are 'Aging', 'Notes'"
        );
        assert_eq!(
            open_workbook(workbook(), Some("notes")).unwrap().sheet(),
            Some("Notes")
        );
    }

    #[test]
    fn text_is_not_taken_for_a_workbook() {
        assert!(!is_workbook(b"customer_id,customer_name\n"));
        assert!(!is_workbook(b"PK"));
        let err = open_workbook(b"PK\x03\x04 not a zip".to_vec(), None)
            .err()
            .unwrap();
        assert!(matches!(err, WorkbookError::Unreadable(_)), "{err}");
    }
}
