//! A ledger read for the import screen before anything is written: the header mapping,
//! the first rows as the importer maps them, the rows skipped and why, every problem and
//! warning with its line, and the totals. It runs the same reader as the import
//! ([`read_ledger`]), so the preview and the import cannot disagree about a file, and it
//! never touches the book: the book calls it ([`crate::book::Book::preview_file`]).

use std::collections::HashSet;

use chrono::NaiveDate;

use super::fields::Field;
use super::profile::ReadOptions;
use super::reader::{Layout, MappedBy, SkippedRow};
use super::table::Rows;
use super::{
    Finding, ImportError, LedgerContext, LedgerRow, MAX_ERRORS, Problem, Progress, Warning,
    read_ledger,
};
use crate::domain::customer_type::CustomerType;
use crate::domain::money::Money;

/// How many rows the import screen shows.
pub const PREVIEW_ROWS: usize = 20;

/// A file column: its 1-based position and its header text as written in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileColumn {
    /// 1-based position in the header.
    pub index: usize,
    /// The header text, trimmed.
    pub name: String,
}

/// One canonical field and the file column that feeds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMapping {
    /// The canonical field name, e.g. `open_amount`.
    pub field: &'static str,
    /// Whether the import needs it.
    pub required: bool,
    /// The column that feeds it, if the header has one.
    pub column: Option<FileColumn>,
    /// How the column was found.
    pub by: Option<MappedBy>,
}

/// Which file column feeds which canonical field, and the columns nothing reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMapping {
    /// Every canonical field, in canonical order.
    pub fields: Vec<FieldMapping>,
    /// Columns the importer does not read (duplicates of a mapped name included).
    pub unused: Vec<FileColumn>,
}

impl ColumnMapping {
    /// The mapping the reader found.
    pub fn from_layout(layout: &Layout) -> ColumnMapping {
        let column = |c: usize| FileColumn {
            index: c + 1,
            name: layout.columns.get(c).cloned().unwrap_or_default(),
        };
        ColumnMapping {
            fields: Field::ALL
                .iter()
                .map(|f| {
                    let found = layout.fields.get(f.index()).copied().flatten();
                    FieldMapping {
                        field: f.name(),
                        required: f.required(),
                        column: found.map(|(c, _)| column(c)),
                        by: found.map(|(_, by)| by),
                    }
                })
                .collect(),
            unused: layout.unused_columns().into_iter().map(column).collect(),
        }
    }

    /// Required fields no column feeds.
    pub fn missing(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields
            .iter()
            .filter(|f| f.required && f.column.is_none())
            .map(|f| f.field)
    }
}

/// One valid row as the importer maps it, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewRow {
    /// Line in the file.
    pub line: u64,
    /// Customer code.
    pub customer_id: String,
    /// Customer name.
    pub customer_name: String,
    /// The type the row names, when the book recognises it.
    pub customer_type: Option<CustomerType>,
    /// Document number.
    pub document_no: String,
    /// Document date.
    pub document_date: NaiveDate,
    /// Due date (given, or document date plus the book's default terms).
    pub due_date: NaiveDate,
    /// Currency.
    pub currency: String,
    /// In dispute.
    pub disputed: bool,
    /// Original amount.
    pub amount: Option<Money>,
    /// Outstanding amount; negative for credits.
    pub open_amount: Money,
}

impl From<&LedgerRow<'_>> for PreviewRow {
    fn from(row: &LedgerRow<'_>) -> PreviewRow {
        PreviewRow {
            line: row.line,
            customer_id: row.customer_id.to_string(),
            customer_name: row.customer_name.to_string(),
            customer_type: row.customer_type.cloned(),
            document_no: row.document_no.to_string(),
            document_date: row.document_date,
            due_date: row.due_date,
            currency: row.currency.to_string(),
            disputed: row.disputed,
            amount: row.amount,
            open_amount: row.open_amount,
        }
    }
}

/// What a whole file holds, read without touching the book.
#[derive(Debug, Clone)]
pub struct LedgerPreview {
    /// File name as messages give it.
    pub file: String,
    /// The as-of date the file was read against.
    pub as_of: NaiveDate,
    /// The header mapping.
    pub mapping: ColumnMapping,
    /// The file's shape (header, columns, encoding, delimiter, date order), when its
    /// header was found.
    pub layout: Option<Layout>,
    /// Rows that are not documents, and why.
    pub skipped: Vec<SkippedRow>,
    /// The file's own grand total and its line, when it has one.
    pub file_total: Option<(u64, Money)>,
    /// The first valid rows, as mapped.
    pub rows: Vec<PreviewRow>,
    /// Document rows in the file, valid or not.
    pub row_count: u64,
    /// Valid rows (what an import of a file without errors writes).
    pub valid_rows: u64,
    /// Net total of the valid rows' open amounts.
    pub total: Money,
    /// Distinct customers among the valid rows.
    pub customers: usize,
    /// Every error found (reading stops after [`MAX_ERRORS`]).
    pub problems: Vec<Finding<Problem>>,
    /// Every warning.
    pub warnings: Vec<Finding<Warning>>,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// SHA-256 of the file, hex: the key the import uses to detect a file seen before.
    pub content_hash: String,
    /// Set when the as-of date falls in a closed period: the import will be refused.
    pub closed: Option<crate::domain::writeoff::PeriodClosed>,
}

impl LedgerPreview {
    /// True when the file has no errors, so an import would go through (unless the
    /// snapshot or the content is already in the book).
    pub fn is_importable(&self) -> bool {
        self.problems.is_empty()
    }

    /// True when reading stopped at [`MAX_ERRORS`], so more errors may follow.
    pub fn stopped_early(&self) -> bool {
        self.problems.len() >= MAX_ERRORS
    }
}

/// Reads a whole text ledger with detection only and keeps its first `max_rows` valid
/// rows; see [`preview_rows`].
pub fn preview_ledger(
    bytes: &[u8],
    ctx: &LedgerContext,
    max_rows: usize,
) -> Result<LedgerPreview, ImportError> {
    let options = ReadOptions::default();
    let rows = super::open_rows(bytes, &ctx.file, &options)?;
    preview_rows(rows, ctx, &options, max_rows, &mut |_| true)
}

/// Reads a whole ledger and keeps its first `max_rows` valid rows. `progress` is called
/// every few hundred rows and returns false to stop, which ends the preview with
/// [`ImportError::Cancelled`]. Only I/O failures and a stop are errors: problems in the
/// file are part of the preview.
pub fn preview_rows(
    source: Box<dyn Rows + '_>,
    ctx: &LedgerContext,
    options: &ReadOptions,
    max_rows: usize,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<LedgerPreview, ImportError> {
    let mut rows = Vec::with_capacity(max_rows.min(1024));
    let mut valid_rows = 0u64;
    let mut customers: HashSet<Box<str>> = HashSet::new();
    let mut stopped = false;
    let summary = read_ledger(source, ctx, options, &mut |row: &LedgerRow<'_>, read| {
        if read.rows.is_multiple_of(512) && !progress(read) {
            stopped = true;
            return false;
        }
        valid_rows += 1;
        if !customers.contains(row.customer_id) {
            customers.insert(Box::from(row.customer_id));
        }
        if rows.len() < max_rows {
            rows.push(PreviewRow::from(row));
        }
        true
    })?;
    if stopped {
        return Err(ImportError::Cancelled);
    }
    let mapping = summary
        .layout
        .as_ref()
        .map(ColumnMapping::from_layout)
        .unwrap_or_default();
    Ok(LedgerPreview {
        file: ctx.file.clone(),
        as_of: ctx.as_of,
        mapping,
        layout: summary.layout,
        skipped: summary.skipped,
        file_total: summary.file_total,
        rows,
        row_count: summary.rows,
        valid_rows,
        total: summary.total,
        customers: customers.len(),
        problems: summary.problems,
        warnings: summary.warnings,
        bytes: summary.bytes,
        content_hash: summary.content_hash,
        closed: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "customer_id,customer_name,customer_type,document_no,document_date,due_date,currency,disputed,amount,open_amount";

    fn ctx() -> LedgerContext {
        LedgerContext {
            file: "ar_2016-12-31.csv".into(),
            as_of: NaiveDate::from_ymd_opt(2016, 12, 31).unwrap(),
            currency: "CNY".into(),
            minor_digits: 2,
            default_terms_days: 30,
            date_order: crate::import::dates::DateOrder::DayFirst,
            check_duplicates: true,
            check_names: true,
        }
    }

    fn money(text: &str) -> Money {
        Money::parse(text).unwrap()
    }

    fn ledger(rows: &[&str]) -> String {
        let mut text = format!("{HEADER}\n");
        for r in rows {
            text.push_str(r);
            text.push('\n');
        }
        text
    }

    #[test]
    fn a_clean_file_previews_its_first_rows_and_totals_all_of_them() {
        let text = ledger(&[
            "C1,中原重型机械集团有限公司,SOE,INV-1,2016-10-01,2016-10-31,CNY,no,100.00,100.00",
            "C1,中原重型机械集团有限公司,SOE,INV-2,2016-11-01,,,yes,,1200.50",
            "C2,Beta,private,CR-1,2016-12-01,2016-12-01,CNY,no,-20.00,-20.00",
        ]);
        let preview = preview_ledger(text.as_bytes(), &ctx(), 2).unwrap();
        assert!(preview.is_importable(), "{:?}", preview.problems);
        assert_eq!(preview.row_count, 3);
        assert_eq!(preview.valid_rows, 3);
        assert_eq!(preview.customers, 2);
        assert_eq!(preview.total, money("1280.50"));
        assert_eq!(
            preview.rows.len(),
            2,
            "only the first max_rows rows are kept"
        );
        let second = &preview.rows[1];
        assert_eq!(second.line, 3);
        assert_eq!(second.customer_name, "中原重型机械集团有限公司");
        assert_eq!(
            second.customer_type.as_ref().map(CustomerType::as_str),
            Some("state_owned")
        );
        assert_eq!(
            second.due_date,
            NaiveDate::from_ymd_opt(2016, 12, 1).unwrap(),
            "no due date: document date plus the book's terms"
        );
        assert_eq!(second.currency, "CNY");
        assert!(second.disputed);
        assert_eq!(second.amount, None);
        assert_eq!(second.open_amount, money("1200.50"));
        assert_eq!(preview.bytes, text.len() as u64);
        assert_eq!(preview.content_hash.len(), 64);
    }

    #[test]
    fn every_problem_and_warning_is_kept_with_its_line() {
        let text = ledger(&[
            "C1,Alpha,private,INV-1,2016-10-01,,,,,100.00",
            "C1,Alpha,private,INV-2,2016-13-01,,,,,50.00",
            "C1,Alpha,martian,INV-3,2016-10-01,,,,,abc",
            "C2,Beta,martian,INV-4,2016-10-01,,,,,10.00",
        ]);
        let preview = preview_ledger(text.as_bytes(), &ctx(), 20).unwrap();
        assert!(!preview.is_importable());
        let lines: Vec<u64> = preview.problems.iter().map(|p| p.at.line).collect();
        assert_eq!(lines, vec![3, 4]);
        assert_eq!(
            preview.problems[0].at.column,
            Some((5, "document_date".to_string()))
        );
        assert!(matches!(preview.problems[1].kind, Problem::BadAmount(_)));
        assert_eq!(preview.warnings.len(), 1, "an unknown type is warned once");
        assert_eq!(preview.warnings[0].at.line, 5);
        assert_eq!(preview.row_count, 4);
        assert_eq!(preview.valid_rows, 2);
        assert_eq!(preview.total, money("110.00"));
    }

    #[test]
    fn the_mapping_names_the_column_behind_each_field_and_the_unused_ones() {
        let text = "\u{feff}Document_No, Customer Name ,open_amount,Branch,customer_id,Document Date,branch\nD1,n,1.00,b,C1,2016-01-01,b\n";
        let preview = preview_ledger(text.as_bytes(), &ctx(), 20).unwrap();
        let column = |field: &str| {
            preview
                .mapping
                .fields
                .iter()
                .find(|f| f.field == field)
                .and_then(|f| f.column.as_ref())
                .map(|c| (c.index, c.name.as_str()))
        };
        assert_eq!(column("document_no"), Some((1, "Document_No")));
        assert_eq!(column("customer_name"), Some((2, "Customer Name")));
        assert_eq!(column("open_amount"), Some((3, "open_amount")));
        assert_eq!(column("customer_id"), Some((5, "customer_id")));
        assert_eq!(column("document_date"), Some((6, "Document Date")));
        assert_eq!(column("due_date"), None);
        let unused: Vec<(usize, &str)> = preview
            .mapping
            .unused
            .iter()
            .map(|c| (c.index, c.name.as_str()))
            .collect();
        assert_eq!(unused, vec![(4, "Branch"), (7, "branch")]);
        assert_eq!(preview.mapping.missing().count(), 0);
        assert!(preview.is_importable(), "{:?}", preview.problems);
    }

    #[test]
    fn the_mapping_agrees_with_the_reader_on_missing_and_unused_columns() {
        // Drop each field in turn and add a stray column: the preview's mapping and the
        // reader's findings must name the same columns.
        for dropped in Field::ALL.map(Field::name) {
            let mut names: Vec<&str> = Field::ALL
                .iter()
                .map(|f| f.name())
                .filter(|n| *n != dropped)
                .collect();
            names.push("branch");
            let text = format!("{}\n", names.join(","));
            let preview = preview_ledger(text.as_bytes(), &ctx(), 20).unwrap();
            let missing: Vec<String> = preview
                .problems
                .iter()
                .filter_map(|p| match &p.kind {
                    Problem::MissingColumn { field, .. } => Some(field.clone()),
                    _ => None,
                })
                .collect();
            let expected: Vec<&str> = preview.mapping.missing().collect();
            assert_eq!(missing, expected, "without {dropped}");
            let unused: Vec<String> = preview
                .warnings
                .iter()
                .filter_map(|w| match &w.kind {
                    Warning::UnusedColumn(c) => Some(c.clone()),
                    _ => None,
                })
                .collect();
            assert_eq!(unused, vec!["branch".to_string()], "without {dropped}");
            assert_eq!(preview.mapping.unused.len(), 1);
        }
    }

    #[test]
    fn a_stop_from_progress_ends_the_preview_as_cancelled() {
        let rows: Vec<String> = (0..2000)
            .map(|i| format!("C1,Alpha,,INV-{i},2016-10-01,,,,,1.00"))
            .collect();
        let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
        let text = ledger(&refs);
        let result = preview_rows(
            crate::import::open_rows(text.as_bytes(), "f", &ReadOptions::default()).unwrap(),
            &ctx(),
            &ReadOptions::default(),
            20,
            &mut |_| false,
        );
        assert!(matches!(result, Err(ImportError::Cancelled)));
        let full = preview_ledger(text.as_bytes(), &ctx(), 20).unwrap();
        assert_eq!(full.valid_rows, 2000);
        assert_eq!(full.total, money("2000.00"));
    }
}
