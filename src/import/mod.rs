//! Reading ledgers into the book.
//!
//! An import is one transaction: the whole file or nothing. Every problem is reported
//! with its file, line and column; all problems of a file are collected (up to
//! [`MAX_ERRORS`]) so a user fixes them in one pass, and the book is left untouched.

mod batch;
pub mod dates;
pub mod fields;
pub mod numbers;
pub mod policy;
pub mod preview;
pub mod profile;
pub mod reader;
pub mod table;
pub mod text;
pub mod workbook;

use std::fmt;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;

use crate::domain::date::as_of_from_file_name;
use crate::domain::money::Money;
use crate::domain::reconcile::Reconciliation;
use crate::store::{SnapshotInfo, SnapshotTotals, Store, StoreError};
use batch::Batch;
use fields::Field;

pub use reader::{
    Layout, LedgerContext, LedgerRow, ReadSummary, SkipReason, SkippedRow, read_ledger,
};

/// After this many errors a file is not read further.
pub const MAX_ERRORS: usize = 200;

/// Where in a file a finding is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// File name as the user gave it.
    pub file: String,
    /// 1-based line (the sheet row, in a workbook).
    pub line: u64,
    /// 1-based column and its header name, when the finding is about one field.
    pub column: Option<(usize, String)>,
    /// The sheet, when the file is a workbook: the place then reads `Sheet1!F57`.
    pub sheet: Option<String>,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(sheet) = &self.sheet {
            match &self.column {
                Some((index, name)) => write!(
                    f,
                    "{} {sheet}!{}{} ({name})",
                    self.file,
                    table::column_letters(*index),
                    self.line
                ),
                None => write!(f, "{} {sheet} row {}", self.file, self.line),
            }
        } else {
            write!(f, "{}:{}", self.file, self.line)?;
            if let Some((index, name)) = &self.column {
                write!(f, ":{index} ({name})")?;
            }
            Ok(())
        }
    }
}

/// What is wrong with a ledger (an error: the import is refused).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// A required field has no column.
    #[error("{}", missing_column_text(field, columns, closest.as_deref()))]
    MissingColumn {
        /// The field.
        field: String,
        /// The columns the header has.
        columns: Vec<String>,
        /// The one whose name is closest, to suggest.
        closest: Option<String>,
    },
    /// The user's map names a column the header does not have.
    #[error(
        "--map {field}={column}: the header has no column '{column}'; its columns are {}",
        quoted(columns)
    )]
    MappedColumnMissing {
        /// The field.
        field: String,
        /// The column as given.
        column: String,
        /// The columns the header has.
        columns: Vec<String>,
    },
    /// No row among the first ones names the columns.
    #[error(
        "no header found: none of the first rows names the columns (customer, document \
         number, date, open amount...); the first row holds {}; map the columns with \
         --map FIELD=COLUMN",
        quoted(first_row)
    )]
    NoHeader {
        /// The first row's cells.
        first_row: Vec<String>,
    },
    /// Dates in both orders in one file.
    #[error(
        "the file mixes date orders: '{day_first}' on line {day_first_line} is day-first, \
         '{month_first}' on line {month_first_line} is month-first; export the ledger \
         again with one date format"
    )]
    MixedDateOrders {
        /// A date only readable day-first, and its line.
        day_first_line: u64,
        /// Its text.
        day_first: String,
        /// A date only readable month-first, and its line.
        month_first_line: u64,
        /// Its text.
        month_first: String,
    },
    /// Amounts in both decimal styles in one file.
    #[error(
        "the file mixes decimal separators: '{point}' has a decimal point, '{comma}' a \
         decimal comma"
    )]
    MixedNumberStyles {
        /// A value only readable with a decimal point.
        point: String,
        /// A value only readable with a decimal comma.
        comma: String,
    },
    /// The file's grand total is not the sum of its documents.
    #[error(
        "the file's total is {file_total} but its documents add up to {documents}; rows \
         are missing or the export is damaged; nothing was imported"
    )]
    TotalDiffers {
        /// The total the file states.
        file_total: Money,
        /// The sum of the documents read.
        documents: Money,
    },
    /// A column appears twice in the header.
    #[error("the header names '{0}' twice")]
    DuplicateColumn(String),
    /// A required field is blank.
    #[error("'{0}' is required and blank")]
    MissingValue(String),
    /// A date that does not parse.
    #[error("{0}")]
    BadDate(#[from] dates::DateError),
    /// An amount that does not parse.
    #[error("{0}")]
    BadAmount(#[from] numbers::AmountError),
    /// A yes/no field with other text.
    #[error("'{0}' is not yes or no")]
    BadFlag(String),
    /// The same document twice for one customer.
    #[error("document '{document}' of customer '{customer}' already appears on line {first_line}")]
    DuplicateDocument {
        /// Customer code.
        customer: String,
        /// Document number.
        document: String,
        /// Where it first appears.
        first_line: u64,
    },
    /// A date implausibly far after the as-of date.
    #[error("{date} is far after the as-of date {as_of}")]
    FarFuture {
        /// The date.
        date: NaiveDate,
        /// The snapshot's as-of date.
        as_of: NaiveDate,
    },
    /// A currency other than the book's.
    #[error(
        "currency {found} is not the book's currency {book}; this book has no exchange \
         rates, so documents in other currencies cannot be imported (a ledger kept in \
         {found} goes into a book of its own: agebook new --currency {found})"
    )]
    ForeignCurrency {
        /// The document's currency.
        found: String,
        /// The book's.
        book: String,
    },
    /// A row with a different number of fields than the header.
    #[error("the row has {found} fields, the header has {expected}")]
    FieldCount {
        /// Header fields.
        expected: usize,
        /// Row fields.
        found: usize,
    },
    /// Bytes that are not UTF-8 text.
    #[error("the text is not UTF-8 (save the file as UTF-8)")]
    NotUtf8,
    /// A control character (NUL, escape, a line break...) inside a field: the file is
    /// damaged or not a ledger.
    #[error(
        "the field holds the control character {code} at character {position}; \
         the file is damaged or was not exported as text"
    )]
    ControlCharacter {
        /// The character, as `U+0000`.
        code: String,
        /// 1-based character position in the field.
        position: usize,
    },
    /// The ledger's amounts add up to more than a book can hold.
    #[error(
        "the open amounts add up to more than the {max} one ledger may hold \
         (from this line on); split the ledger or check its amounts"
    )]
    LedgerTooLarge {
        /// The bound, formatted.
        max: String,
    },
    /// A header and no data.
    #[error("the file has no data rows")]
    NoDataRows,
}

/// Something odd that does not stop the import.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Warning {
    /// A customer type the book does not recognise; the customer keeps its type, or
    /// becomes `other` if new.
    #[error("unknown customer type '{0}'; the customer is kept as its current type (or 'other')")]
    UnknownType(String),
    /// The file's type differs from one a user set.
    #[error("the file says type '{file}', a user set '{book}'; the user's type is kept")]
    TypeKept {
        /// The file's type.
        file: String,
        /// The book's.
        book: String,
    },
    /// The customer's type changed in the ERP.
    #[error("customer '{customer}' changes type from '{from}' to '{to}' from this snapshot on")]
    TypeChanged {
        /// Customer code.
        customer: String,
        /// Before.
        from: String,
        /// After.
        to: String,
    },
    /// One customer id with two names in a file.
    #[error("customer '{customer}' is also named '{other}' on line {line}; the first name is kept")]
    NameDiffers {
        /// Customer code.
        customer: String,
        /// The other name.
        other: String,
        /// Where.
        line: u64,
    },
    /// A document dated after the as-of date.
    #[error("document date {date} is after the as-of date {as_of}")]
    AfterAsOf {
        /// The date.
        date: NaiveDate,
        /// The as-of date.
        as_of: NaiveDate,
    },
    /// Due before issued.
    #[error("due date {due} is before the document date {document}")]
    DueBeforeDocument {
        /// Due date.
        due: NaiveDate,
        /// Document date.
        document: NaiveDate,
    },
    /// A column the importer does not use.
    #[error("column '{0}' is not used")]
    UnusedColumn(String),
    /// Every date reads both ways; an order was assumed.
    #[error(
        "{values} date(s) read either day-first or month-first and none settles it; they \
         were read {order} ({source}); give --date-format DMY or MDY if that is wrong",
        source = if *given { "as --date-format says" } else { "the book's setting" }
    )]
    DateOrderAssumed {
        /// The order used.
        order: dates::DateOrder,
        /// How many dates depend on it.
        values: usize,
        /// Whether the user gave it.
        given: bool,
    },
    /// Amounts that read differently with either decimal separator.
    #[error(
        "amounts such as '{example}' read differently with a decimal point or comma; \
         '{decimal}' was taken as the decimal separator"
    )]
    NumberStyleAssumed {
        /// The first such amount.
        example: String,
        /// The separator used.
        decimal: char,
    },
    /// Amounts with more decimals than the currency has.
    #[error(
        "{count} amount(s) had more than {digits} decimal places and were rounded half \
         away from zero (lines {})",
        lines_text(lines)
    )]
    Rounded {
        /// How many.
        count: u64,
        /// The currency's decimal places.
        digits: u32,
        /// The first lines.
        lines: Vec<u64>,
    },
    /// Rows that are not documents were skipped.
    #[error(
        "{count} row(s) that are not documents (group headings, subtotals, totals) were \
         skipped (lines {})",
        lines_text(lines)
    )]
    RowsSkipped {
        /// How many.
        count: usize,
        /// The first lines.
        lines: Vec<u64>,
    },
    /// A field without a column of its own takes another's.
    #[error("the file has no {field} column; {field} is taken from {from}")]
    StandIn {
        /// The field.
        field: String,
        /// Where it comes from.
        from: String,
    },
}

/// Names as the messages list them: `'A', 'B'`.
pub fn quoted(names: &[String]) -> String {
    if names.is_empty() {
        return "nothing".to_string();
    }
    names
        .iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn lines_text(lines: &[u64]) -> String {
    let list: Vec<String> = lines.iter().map(u64::to_string).collect();
    format!(
        "{}{}",
        list.join(", "),
        if lines.len() >= 5 { ", ..." } else { "" }
    )
}

fn missing_column_text(field: &str, columns: &[String], closest: Option<&str>) -> String {
    let mut text = format!(
        "the header has no column for '{field}' (required); its columns are {}",
        quoted(columns)
    );
    if let Some(c) = closest {
        text.push_str(&format!(
            "; the closest is '{c}': map it with --map {field}=\"{c}\""
        ));
    } else {
        text.push_str(&format!("; map one with --map {field}=COLUMN"));
    }
    text
}

/// A problem or warning with its place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding<K> {
    /// Where.
    pub at: Position,
    /// What.
    pub kind: K,
}

impl<K: fmt::Display> fmt::Display for Finding<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.kind)
    }
}

/// Why an import did not happen. The book is unchanged in every case.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be opened or read.
    #[error("cannot read {file}: {source}")]
    Io {
        /// The file.
        file: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file has errors; all of them (up to [`MAX_ERRORS`]) are listed.
    #[error("{file}: {count} error(s), nothing was imported:\n{list}",
        count = problems.len(), list = list_findings(problems))]
    Invalid {
        /// The file.
        file: String,
        /// Every problem found.
        problems: Vec<Finding<Problem>>,
    },
    /// An as-of date outside the dates a book accepts.
    #[error("{file}: {source}")]
    AsOfOutOfRange {
        /// The file.
        file: String,
        /// Why.
        source: crate::domain::date::DateError,
    },
    /// No as-of date given and none in the file name.
    #[error(
        "{file}: no as-of date; give --as-of YYYY-MM-DD or name the file like ar_2016-12-31.csv"
    )]
    NoAsOf {
        /// The file.
        file: String,
    },
    /// A snapshot for that date exists.
    #[error(
        "the book already has a snapshot as of {as_of} (from {source_name}); \
         use --replace to replace it"
    )]
    SnapshotExists {
        /// The date.
        as_of: NaiveDate,
        /// Where the existing one came from.
        source_name: String,
    },
    /// The same bytes were imported before.
    #[error(
        "{file} has the same content as the snapshot as of {as_of} (from {source_name}); \
         use --replace to import it again"
    )]
    DuplicateContent {
        /// The file.
        file: String,
        /// The existing snapshot's date.
        as_of: NaiveDate,
        /// Where it came from.
        source_name: String,
    },
    /// A workbook that cannot be read, or has no such sheet.
    #[error("{file}: {source}")]
    Workbook {
        /// The file.
        file: String,
        /// What is wrong.
        source: workbook::WorkbookError,
    },
    /// The user cancelled.
    #[error("import cancelled; the book is unchanged")]
    Cancelled,
    /// The book could not be written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn list_findings(problems: &[Finding<Problem>]) -> String {
    let mut out = String::new();
    for p in problems {
        out.push_str("  ");
        out.push_str(&p.to_string());
        out.push('\n');
    }
    if problems.len() >= MAX_ERRORS {
        out.push_str("  (stopped reading after this many errors)\n");
    }
    out.trim_end().to_string()
}

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The as-of date; from the file name when `None`.
    pub as_of: Option<NaiveDate>,
    /// Replace a snapshot with the same date or content.
    pub replace: bool,
    /// Who imports.
    pub user: String,
    /// Overrides of what is detected: column map, encoding, delimiter, date order,
    /// sheet.
    pub read: profile::ReadOptions,
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct ImportOutcome {
    /// The new snapshot.
    pub snapshot: SnapshotInfo,
    /// How the ledger total moved from the snapshot before it by date (what
    /// [`crate::book::Book::reconcile`] gives for it), counted as the items were written.
    pub reconciliation: Reconciliation,
    /// The snapshot it replaced, if any.
    pub replaced: Option<SnapshotInfo>,
    /// Customers the book had not seen.
    pub new_customers: usize,
    /// Warnings, with their lines.
    pub warnings: Vec<Finding<Warning>>,
    /// How the file was read: encoding, delimiter, header, columns, dialects.
    pub layout: Option<Layout>,
    /// The rows that were not documents, skipped, with why.
    pub skipped: Vec<SkippedRow>,
    /// The file's own grand total and its line, when it has one (it matched: a total
    /// that differs refuses the import).
    pub file_total: Option<(u64, Money)>,
}

/// Progress of a running import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Bytes read so far.
    pub bytes: u64,
    /// Rows read so far.
    pub rows: u64,
}

/// The as-of date for a file: the one given, else the one in its name.
pub fn resolve_as_of(file_name: &str, given: Option<NaiveDate>) -> Result<NaiveDate, ImportError> {
    let as_of = given
        .or_else(|| as_of_from_file_name(file_name))
        .ok_or_else(|| ImportError::NoAsOf {
            file: file_name.to_string(),
        })?;
    crate::domain::date::check_date(as_of).map_err(|source| ImportError::AsOfOutOfRange {
        file: file_name.to_string(),
        source,
    })
}

/// The rows of a ledger file: a workbook's sheet (the first, or the one the options
/// name) when the file starts as XLSX or XLS do, else delimited text in any encoding
/// and delimiter the options give or detection finds.
pub fn open_rows<'a>(
    mut source: impl Read + 'a,
    file_name: &str,
    options: &profile::ReadOptions,
) -> Result<Box<dyn table::Rows + 'a>, ImportError> {
    let io = |source| ImportError::Io {
        file: file_name.to_string(),
        source,
    };
    let mut head = Vec::with_capacity(8);
    (&mut source).take(8).read_to_end(&mut head).map_err(io)?;
    if workbook::is_workbook(&head) {
        source.read_to_end(&mut head).map_err(io)?;
        let sheet = workbook::open_workbook(head, options.sheet.as_deref()).map_err(|source| {
            ImportError::Workbook {
                file: file_name.to_string(),
                source,
            }
        })?;
        return Ok(Box::new(sheet));
    }
    let source = std::io::Cursor::new(head).chain(source);
    let rows =
        text::open_text(Box::new(source), options.encoding, options.delimiter).map_err(io)?;
    Ok(Box::new(rows))
}

/// Imports a ledger as one snapshot, all or nothing. `progress` is called
/// every few thousand rows; setting `cancel` stops the import and leaves the book as it
/// was.
pub fn import_ledger(
    store: &mut Store,
    source: impl Read + Send,
    file_name: &str,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<ImportOutcome, ImportError> {
    let as_of = resolve_as_of(file_name, options.as_of)?;
    let settings = store.settings()?;
    let user = options.user.as_str();
    // The customers are summed under the matrix in force at the as-of date as the rows
    // go in, so an aging reads a row a customer (see `aging_summaries` in the schema).
    // The summary is keyed by the matrix's basis and buckets: a policy saved meanwhile
    // by another process leaves it true, only unused.
    let matrix = store.policies()?.in_force(as_of).cloned();
    let mut writer = store.begin_snapshot()?;
    writer.refuse_closed(
        as_of,
        if options.replace {
            "an import replacing the snapshot"
        } else {
            "an import of a snapshot"
        },
    )?;
    let mut replaced = None;
    if let Some(existing) = writer.existing(as_of)? {
        if !options.replace {
            return Err(ImportError::SnapshotExists {
                as_of,
                source_name: existing.source_name,
            });
        }
        writer.remove(&existing, user)?;
        replaced = Some(existing);
    }
    writer.create(as_of, file_name, user)?;
    if let Some(matrix) = &matrix {
        // Summed as each customer's block is written: as the rows go in while they come
        // grouped by customer, when the held rows are settled once customers come back.
        writer.summarise_under(as_of, matrix.clone())?;
    }

    let ctx = LedgerContext {
        file: file_name.to_string(),
        as_of,
        minor_digits: crate::domain::currency::minor_digits(&settings.currency),
        currency: settings.currency.clone(),
        default_terms_days: settings.default_terms_days,
        date_order: settings.date_order,
        // The snapshot's primary key finds them as the rows go in (see `SnapshotWriter::item`).
        check_duplicates: false,
        // The writer keeps each customer's first name and says which rows differ.
        check_names: false,
    };
    let mut totals = SnapshotTotals::default();
    let mut new_customers = 0usize;
    let mut extra_warnings: Vec<Finding<Warning>> = Vec::new();
    // The last row's customer and name: the writer looks a customer up when they change.
    let (mut last_customer, mut last_name) = (String::new(), String::new());
    // (customer, other name, line): rows naming a customer otherwise than its first.
    let mut named_otherwise: Vec<(String, String, u64)> = Vec::new();
    let mut store_error: Option<StoreError> = None;
    // How many documents the writer found listed twice so far. Shared with the loop
    // below, which stops the reading once there are enough to refuse the file with.
    let found_twice = std::cell::Cell::new(0usize);
    // A row to write, or `None` while the reader has none ready: the new customers so
    // far are written meanwhile (see `SnapshotWriter::save_new_customers`).
    let mut write_row = |row: Option<&LedgerRow<'_>>| -> Result<(), StoreError> {
        let Some(row) = row else {
            return writer.save_new_customers();
        };
        if row.customer_id != last_customer || row.customer_name != last_name {
            use crate::store::CustomerChange as C;
            let seen = writer.customer(
                row.customer_id,
                row.customer_name,
                row.customer_type,
                as_of,
                user,
            )?;
            if seen.named_otherwise {
                named_otherwise.push((
                    row.customer_id.to_string(),
                    row.customer_name.to_string(),
                    row.line,
                ));
            }
            match seen.change {
                C::New => new_customers += 1,
                C::Unchanged => {}
                C::TypeChanged { from } => extra_warnings.push(Finding {
                    at: row.position(file_name),
                    kind: Warning::TypeChanged {
                        customer: row.customer_id.to_string(),
                        from: from.to_string(),
                        to: row.customer_type.map(|t| t.to_string()).unwrap_or_default(),
                    },
                }),
                C::TypeKept { book } => extra_warnings.push(Finding {
                    at: row.position(file_name),
                    kind: Warning::TypeKept {
                        file: row.customer_type.map(|t| t.to_string()).unwrap_or_default(),
                        book: book.to_string(),
                    },
                }),
            }
            last_customer.clear();
            last_customer.push_str(row.customer_id);
            last_name.clear();
            last_name.push_str(row.customer_name);
        }
        writer.item(&row.to_new_item())?;
        found_twice.set(writer.duplicates());
        totals.rows += 1;
        if row.open_amount.is_negative() {
            totals.credits += row.open_amount;
        } else {
            totals.debits += row.open_amount;
        }
        Ok(())
    };
    // The file is read and checked on a second thread while this one writes (see
    // `batch`). Writing stops at the first store error; dropping the receiver then
    // stops the reading.
    let summary = std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<Batch>(4);
        let (give_back, take_back) = std::sync::mpsc::channel::<Batch>();
        let ctx = &ctx;
        let reading = std::thread::Builder::new()
            .name("ledger reader".to_string())
            .spawn_scoped(scope, move || {
                let rows = open_rows(source, file_name, &options.read)?;
                let mut batch = Batch::new();
                let summary = read_ledger(
                    rows,
                    ctx,
                    &options.read,
                    &mut |row: &LedgerRow<'_>, read: Progress| {
                        batch.push(row, read);
                        if batch.len() < Batch::ROWS {
                            return true;
                        }
                        let empty = take_back.try_recv().unwrap_or_else(|_| Batch::new());
                        !cancel.load(Ordering::Relaxed)
                            && send.send(std::mem::replace(&mut batch, empty)).is_ok()
                    },
                )?;
                if batch.len() > 0 {
                    // A closed channel means the writing stopped, with its own error.
                    let _ = send.send(batch);
                }
                Ok::<_, ImportError>(summary)
            })
            .map_err(|source| ImportError::Io {
                file: file_name.to_string(),
                source,
            })?;
        loop {
            let mut batch = match receive.try_recv() {
                Ok(batch) => batch,
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    if let Err(e) = write_row(None) {
                        store_error = Some(e);
                        break;
                    }
                    match receive.recv() {
                        Ok(batch) => batch,
                        Err(_) => break,
                    }
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => break,
            };
            if let Some(read) = batch.read {
                progress(read);
            }
            if let Err(e) = batch.drain(|row| write_row(Some(row))) {
                store_error = Some(e);
                break;
            }
            // Enough to refuse the file with: the reading stops.
            if found_twice.get() >= MAX_ERRORS {
                break;
            }
            // The reader may have finished; then the batch is simply dropped.
            let _ = give_back.send(batch);
        }
        reading
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })?;
    if let Some(e) = store_error {
        return Err(e.into());
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(ImportError::Cancelled);
    }
    // Rows not grouped by customer were staged: their key is checked as they are
    // settled into the snapshot.
    let listed_twice = writer.settle_items(MAX_ERRORS)?;
    let mut problems = summary.problems;
    if let Some(layout) = &summary.layout {
        problems.extend(listed_twice.into_iter().map(|d| Finding {
            at: layout.position(file_name, d.line, Field::DocumentNo),
            kind: Problem::DuplicateDocument {
                customer: d.customer_id,
                document: d.document_no,
                first_line: d.first_line,
            },
        }));
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.at.line);
        problems.truncate(MAX_ERRORS);
        return Err(ImportError::Invalid {
            file: file_name.to_string(),
            problems,
        });
    }
    if let Some(same) = writer.with_hash(&summary.content_hash)?
        && !options.replace
    {
        return Err(ImportError::DuplicateContent {
            file: file_name.to_string(),
            as_of: same.as_of,
            source_name: same.source_name,
        });
    }
    progress(Progress {
        bytes: summary.bytes,
        rows: summary.rows,
    });
    writer.finish_summary()?;
    let (snapshot, reconciliation) = writer.commit(totals, &summary.content_hash, user)?;
    let mut warnings = summary.warnings;
    warnings.extend(extra_warnings);
    if let Some(layout) = &summary.layout {
        warnings.extend(
            named_otherwise
                .into_iter()
                .map(|(customer, other, line)| Finding {
                    at: layout.position(file_name, line, Field::CustomerName),
                    kind: Warning::NameDiffers {
                        customer,
                        other,
                        line,
                    },
                }),
        );
    }
    warnings.sort_by_key(|w| w.at.line);
    Ok(ImportOutcome {
        snapshot,
        reconciliation,
        replaced,
        new_customers,
        warnings,
        layout: summary.layout,
        skipped: summary.skipped,
        file_total: summary.file_total,
    })
}
