//! The canonical monthly CSV (SPEC section 3): header names case-insensitive, column
//! order free, UTF-8 with or without BOM. Streams the file through one reused
//! `ByteRecord`, hashing the bytes as they pass, and hands each valid row to a callback.

use std::collections::HashMap;
use std::io::Read;

use chrono::{Duration, NaiveDate};
use sha2::{Digest, Sha256};

use super::{Finding, ImportError, MAX_ERRORS, Position, Problem, Progress, Warning};
use crate::domain::customer_type::CustomerType;
use crate::domain::date::parse_date;
use crate::domain::money::{MAX_LEDGER_MINOR, Money, NegativeStyle};
use crate::store::NewOpenItem;

/// What the reader needs to know about the book and the snapshot.
#[derive(Debug, Clone)]
pub struct LedgerContext {
    /// File name for messages.
    pub file: String,
    /// The snapshot's as-of date.
    pub as_of: NaiveDate,
    /// The book's functional currency.
    pub currency: String,
    /// Terms for items without a due date.
    pub default_terms_days: i64,
}

/// A document date more than this many days after the as-of date is an error.
const FAR_FUTURE_DOCUMENT_DAYS: i64 = 366;
/// A due date more than this many days after the as-of date is an error.
const FAR_FUTURE_DUE_DAYS: i64 = 3660;

/// One valid row, borrowing its text from the reader's buffer.
#[derive(Debug, Clone)]
pub struct LedgerRow<'r> {
    /// Customer code.
    pub customer_id: &'r str,
    /// Customer name.
    pub customer_name: &'r str,
    /// The type the row names, when it is one the book recognises.
    pub customer_type: Option<CustomerType>,
    /// Document number.
    pub document_no: &'r str,
    /// Document date.
    pub document_date: NaiveDate,
    /// Due date (given, or document date plus default terms).
    pub due_date: NaiveDate,
    /// Currency code.
    pub currency: &'r str,
    /// In dispute.
    pub disputed: bool,
    /// Original amount.
    pub amount: Option<Money>,
    /// Outstanding amount.
    pub open_amount: Money,
    /// Line in the file.
    pub line: u64,
}

impl LedgerRow<'_> {
    /// The row's place in `file`.
    pub fn position(&self, file: &str) -> Position {
        Position {
            file: file.to_string(),
            line: self.line,
            column: None,
            sheet: None,
        }
    }

    /// The row as the store writes it.
    pub fn to_new_item(&self) -> NewOpenItem<'_> {
        NewOpenItem {
            customer_id: self.customer_id,
            document_no: self.document_no,
            document_date: self.document_date,
            due_date: self.due_date,
            currency: self.currency,
            disputed: self.disputed,
            amount: self.amount,
            open_amount: self.open_amount,
            line: self.line,
        }
    }
}

/// What reading a whole file found.
#[derive(Debug, Clone, Default)]
pub struct ReadSummary {
    /// Data rows read (valid or not).
    pub rows: u64,
    /// Bytes read.
    pub bytes: u64,
    /// SHA-256 of the bytes, hex.
    pub content_hash: String,
    /// Errors; the import is refused when there is any.
    pub problems: Vec<Finding<Problem>>,
    /// Warnings.
    pub warnings: Vec<Finding<Warning>>,
}

/// The columns of the canonical format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    CustomerId,
    CustomerName,
    CustomerType,
    DocumentNo,
    DocumentDate,
    DueDate,
    Currency,
    Disputed,
    Amount,
    OpenAmount,
}

const FIELDS: [(Field, &str, bool); 10] = [
    (Field::CustomerId, "customer_id", true),
    (Field::CustomerName, "customer_name", true),
    (Field::CustomerType, "customer_type", false),
    (Field::DocumentNo, "document_no", true),
    (Field::DocumentDate, "document_date", true),
    (Field::DueDate, "due_date", false),
    (Field::Currency, "currency", false),
    (Field::Disputed, "disputed", false),
    (Field::Amount, "amount", false),
    (Field::OpenAmount, "open_amount", true),
];

/// Counts and hashes the bytes that pass through.
struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads a canonical CSV, calling `on_row` for each valid row with the progress so far;
/// `on_row` returns false to stop (cancel). Problems and warnings are collected in the
/// summary; after [`MAX_ERRORS`] problems reading stops. Only I/O failures are returned
/// as `Err`.
pub fn read_canonical(
    source: impl Read,
    ctx: &LedgerContext,
    on_row: &mut dyn FnMut(&LedgerRow<'_>, Progress) -> bool,
) -> Result<ReadSummary, ImportError> {
    let hashing = HashingReader {
        inner: source,
        hasher: Sha256::new(),
        bytes: 0,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(std::io::BufReader::with_capacity(1 << 16, hashing));
    let mut summary = ReadSummary::default();
    let file = ctx.file.as_str();
    let at = |line: u64, column: Option<(usize, &str)>| Position {
        file: file.to_string(),
        line,
        column: column.map(|(i, n)| (i + 1, n.to_string())),
        sheet: None,
    };
    // With flexible byte records the CSV reader fails only on I/O.
    let io_error = |e: csv::Error| {
        let message = e.to_string();
        match e.into_kind() {
            csv::ErrorKind::Io(source) => ImportError::Io {
                file: file.to_string(),
                source,
            },
            _ => ImportError::Io {
                file: file.to_string(),
                source: std::io::Error::other(message),
            },
        }
    };

    // Header.
    let header = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(io_error(e)),
    };
    let mut columns: [Option<usize>; 10] = [None; 10];
    let mut header_names = Vec::with_capacity(header.len());
    for (index, raw) in header.iter().enumerate() {
        let Ok(name) = std::str::from_utf8(raw) else {
            summary.problems.push(Finding {
                at: at(1, Some((index, "?"))),
                kind: Problem::NotUtf8,
            });
            header_names.push(String::new());
            continue;
        };
        let name = name
            .trim()
            .trim_start_matches('\u{feff}')
            .to_lowercase()
            .replace(' ', "_");
        match FIELDS.iter().position(|(_, n, _)| *n == name) {
            Some(f) if columns[f].is_some() => summary.problems.push(Finding {
                at: at(1, Some((index, &name))),
                kind: Problem::DuplicateColumn(name.clone()),
            }),
            Some(f) => columns[f] = Some(index),
            None if !name.is_empty() => summary.warnings.push(Finding {
                at: at(1, Some((index, &name))),
                kind: Warning::UnusedColumn(name.clone()),
            }),
            None => {}
        }
        header_names.push(name);
    }
    for (f, (_, name, required)) in FIELDS.iter().enumerate() {
        if *required && columns[f].is_none() {
            summary.problems.push(Finding {
                at: at(1, None),
                kind: Problem::MissingColumn((*name).to_string()),
            });
        }
    }
    if !summary.problems.is_empty() {
        return Ok(summary);
    }
    let col = |f: Field| columns[f as usize];

    let mut record = csv::ByteRecord::new();
    let mut seen: HashMap<(Box<str>, Box<str>), u64> = HashMap::new();
    let mut names: HashMap<Box<str>, Box<str>> = HashMap::new();
    let mut warned_types: HashMap<Box<str>, ()> = HashMap::new();
    let expected_fields = header.len();
    let mut ledger_minor: i64 = 0;
    // Every `continue` below comes back here, so the limit holds whatever the error.
    while summary.problems.len() < MAX_ERRORS {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(io_error(e)),
        }
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let line = record.position().map_or(0, |p| p.line());
        summary.rows += 1;
        let problems_before = summary.problems.len();
        if record.len() != expected_fields {
            summary.problems.push(Finding {
                at: at(line, None),
                kind: Problem::FieldCount {
                    expected: expected_fields,
                    found: record.len(),
                },
            });
            continue;
        }
        // Borrow every field as text, or report it.
        let mut text: [&str; 10] = [""; 10];
        for (f, slot) in text.iter_mut().enumerate() {
            let Some(index) = columns[f] else { continue };
            match std::str::from_utf8(record.get(index).unwrap_or_default()) {
                Ok(t) => {
                    let t = t.trim();
                    if let Some((position, c)) = t.chars().enumerate().find(|(_, c)| c.is_control())
                    {
                        summary.problems.push(Finding {
                            at: at(line, Some((index, &header_names[index]))),
                            kind: Problem::ControlCharacter {
                                code: format!("U+{:04X}", u32::from(c)),
                                position: position + 1,
                            },
                        });
                    }
                    *slot = t;
                }
                Err(_) => summary.problems.push(Finding {
                    at: at(line, Some((index, &header_names[index]))),
                    kind: Problem::NotUtf8,
                }),
            }
        }
        if summary.problems.len() > problems_before {
            continue;
        }
        let mut problem = |f: Field, kind: Problem| {
            let index = col(f).unwrap_or(0);
            summary.problems.push(Finding {
                at: at(line, Some((index, &header_names[index]))),
                kind,
            });
        };
        let get = |f: Field| text[f as usize];
        for f in [
            Field::CustomerId,
            Field::CustomerName,
            Field::DocumentNo,
            Field::DocumentDate,
            Field::OpenAmount,
        ] {
            if get(f).is_empty() {
                problem(f, Problem::MissingValue(FIELDS[f as usize].1.to_string()));
            }
        }
        let document_date = match get(Field::DocumentDate) {
            "" => None,
            t => parse_date(t)
                .map_err(|e| problem(Field::DocumentDate, e.into()))
                .ok(),
        };
        let due_date = match get(Field::DueDate) {
            "" => document_date.and_then(|d| {
                let due = d.checked_add_signed(Duration::days(ctx.default_terms_days));
                if due.is_none() {
                    let e = crate::domain::date::DateError::OutOfRange(d.to_string());
                    problem(Field::DocumentDate, e.into());
                }
                due
            }),
            t => parse_date(t)
                .map_err(|e| problem(Field::DueDate, e.into()))
                .ok(),
        };
        let amount = match get(Field::Amount) {
            "" => None,
            t => Money::parse(t)
                .map_err(|e| problem(Field::Amount, e.into()))
                .ok(),
        };
        let open_amount = match get(Field::OpenAmount) {
            "" => None,
            t => Money::parse(t)
                .map_err(|e| problem(Field::OpenAmount, e.into()))
                .ok(),
        };
        let disputed = match get(Field::Disputed).to_lowercase().as_str() {
            "" | "no" | "n" | "false" | "0" | "否" => false,
            "yes" | "y" | "true" | "1" | "是" => true,
            other => {
                problem(Field::Disputed, Problem::BadFlag(other.to_string()));
                false
            }
        };
        let currency = match get(Field::Currency) {
            "" => ctx.currency.as_str(),
            c if c.eq_ignore_ascii_case(&ctx.currency) => ctx.currency.as_str(),
            c => {
                problem(
                    Field::Currency,
                    Problem::ForeignCurrency {
                        found: c.to_string(),
                        book: ctx.currency.clone(),
                    },
                );
                ctx.currency.as_str()
            }
        };
        if let Some(d) = document_date
            && d > ctx.as_of + Duration::days(FAR_FUTURE_DOCUMENT_DAYS)
        {
            problem(
                Field::DocumentDate,
                Problem::FarFuture {
                    date: d,
                    as_of: ctx.as_of,
                },
            );
        }
        if let Some(d) = due_date
            && d > ctx.as_of + Duration::days(FAR_FUTURE_DUE_DAYS)
        {
            problem(
                Field::DueDate,
                Problem::FarFuture {
                    date: d,
                    as_of: ctx.as_of,
                },
            );
        }
        let customer_id = get(Field::CustomerId);
        let document_no = get(Field::DocumentNo);
        if !customer_id.is_empty() && !document_no.is_empty() {
            let key = (Box::from(customer_id), Box::from(document_no));
            if let Some(first_line) = seen.get(&key) {
                problem(
                    Field::DocumentNo,
                    Problem::DuplicateDocument {
                        customer: customer_id.to_string(),
                        document: document_no.to_string(),
                        first_line: *first_line,
                    },
                );
            } else {
                seen.insert(key, line);
            }
        }
        if summary.problems.len() > problems_before {
            continue;
        }
        let (Some(document_date), Some(due_date), Some(open_amount)) =
            (document_date, due_date, open_amount)
        else {
            continue;
        };
        // The ledger's size: every sum the book forms from it must fit its integers.
        ledger_minor = ledger_minor.saturating_add(open_amount.to_minor().saturating_abs());
        if ledger_minor > MAX_LEDGER_MINOR {
            let index = col(Field::OpenAmount).unwrap_or(0);
            summary.problems.push(Finding {
                at: at(line, Some((index, &header_names[index]))),
                kind: Problem::LedgerTooLarge {
                    max: Money::from_minor(MAX_LEDGER_MINOR).grouped(NegativeStyle::Minus),
                },
            });
            break;
        }

        // Warnings.
        let mut warn = |f: Option<Field>, kind: Warning| {
            let column = f.and_then(col).map(|i| (i, header_names[i].as_str()));
            summary.warnings.push(Finding {
                at: at(line, column),
                kind,
            });
        };
        let type_text = get(Field::CustomerType);
        let customer_type = match type_text {
            "" => None,
            t => {
                let known = CustomerType::from_synonym(t);
                if known.is_none() && warned_types.insert(Box::from(t), ()).is_none() {
                    warn(
                        Some(Field::CustomerType),
                        Warning::UnknownType(t.to_string()),
                    );
                }
                known
            }
        };
        let customer_name = get(Field::CustomerName);
        match names.get(customer_id) {
            Some(first) if **first != *customer_name => warn(
                Some(Field::CustomerName),
                Warning::NameDiffers {
                    customer: customer_id.to_string(),
                    other: customer_name.to_string(),
                    line,
                },
            ),
            Some(_) => {}
            None => {
                names.insert(Box::from(customer_id), Box::from(customer_name));
            }
        }
        if document_date > ctx.as_of {
            warn(
                Some(Field::DocumentDate),
                Warning::AfterAsOf {
                    date: document_date,
                    as_of: ctx.as_of,
                },
            );
        }
        if due_date < document_date {
            warn(
                Some(Field::DueDate),
                Warning::DueBeforeDocument {
                    due: due_date,
                    document: document_date,
                },
            );
        }
        // A name that differs inside the file keeps the first one.
        let customer_name = names.get(customer_id).map_or(customer_name, |n| &**n);
        let row = LedgerRow {
            customer_id,
            customer_name,
            customer_type,
            document_no,
            document_date,
            due_date,
            currency,
            disputed,
            amount,
            open_amount,
            line,
        };
        let progress = Progress {
            bytes: reader.get_ref().get_ref().bytes,
            rows: summary.rows,
        };
        if !on_row(&row, progress) {
            return Ok(summary);
        }
    }
    if summary.rows == 0 && summary.problems.is_empty() {
        summary.problems.push(Finding {
            at: at(1, None),
            kind: Problem::NoDataRows,
        });
    }
    // Read to the end so the hash covers the whole file even if the CSV stopped early.
    let mut inner = reader.into_inner().into_inner();
    std::io::copy(&mut inner, &mut std::io::sink()).map_err(|source| ImportError::Io {
        file: file.to_string(),
        source,
    })?;
    summary.bytes = inner.bytes;
    summary.content_hash = hex(&inner.hasher.finalize());
    Ok(summary)
}
