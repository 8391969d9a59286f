//! Reads a ledger as an ERP exports it: finds the header below any title rows, maps its
//! columns to the fields (the dictionary of [`fields`], or the user's map), decides the
//! file's date order and decimal separator from its values, skips the rows that are not
//! documents (group rows, subtotals, totals) and checks the file's own grand total, then
//! validates every document row and hands each valid one to a callback. The canonical
//! CSV is the simplest case of the same path.

use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};

use chrono::{Duration, NaiveDate};

use super::dates::{self, DateOrder, Detection};
use super::fields::{self, Field};
use super::numbers::{self, NumberDialect, NumberStyle};
use super::profile::{ColumnRef, ReadOptions};
use super::table::{Rows, SourceInfo};
use super::{Finding, ImportError, MAX_ERRORS, Position, Problem, Progress, Warning};
use crate::domain::customer_type::CustomerType;
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
    /// Decimal places of the book's currency.
    pub minor_digits: u32,
    /// Terms for items without a due date.
    pub default_terms_days: i64,
    /// The book's date order, for files whose every date reads both ways.
    pub date_order: DateOrder,
    /// True: the reader finds documents listed twice, keeping a key for every document
    /// it has seen (memory that grows with the file). An import says false and lets
    /// the snapshot's primary key find them as the rows are written.
    pub check_duplicates: bool,
    /// True: the reader gives every row its customer's first name in the file and warns
    /// once for each customer a row names otherwise, keeping every customer's name. An
    /// import says false and lets the writer do it with the customer it looks up
    /// anyway ([`crate::store::SnapshotWriter::customer`]).
    pub check_names: bool,
}

/// A document date more than this many days after the as-of date is an error.
const FAR_FUTURE_DOCUMENT_DAYS: i64 = 366;
/// A due date more than this many days after the as-of date is an error.
const FAR_FUTURE_DUE_DAYS: i64 = 3660;
/// Rows read ahead to find the header and decide the file's dialect.
const SAMPLE_ROWS: usize = 20_000;
/// Rows above the header searched for it.
const HEADER_SEARCH_ROWS: usize = 60;
/// Lines named in a warning that counts rows.
const LINES_NAMED: usize = 5;

/// One valid row, borrowing its text from the reader's buffer.
#[derive(Debug, Clone)]
pub struct LedgerRow<'r> {
    /// Customer code.
    pub customer_id: &'r str,
    /// Customer name.
    pub customer_name: &'r str,
    /// The type the row names, when it is one the book recognises.
    pub customer_type: Option<&'r CustomerType>,
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
    /// Line in the file (the sheet row, in a workbook).
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

/// Why a row is not a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// A title or parameter row above the header.
    AboveHeader,
    /// A row with a customer's name and no document (a group heading).
    Group,
    /// A subtotal ("Total Acme", "小计", `*`).
    Subtotal,
    /// The file's grand total ("Total", "合计", "Summe", `**`).
    GrandTotal,
    /// Amounts with no customer, document or date: a total without a label.
    UnlabelledTotal,
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SkipReason::AboveHeader => "a title row above the header",
            SkipReason::Group => "a group row (a name, no document)",
            SkipReason::Subtotal => "a subtotal",
            SkipReason::GrandTotal => "the file's total",
            SkipReason::UnlabelledTotal => "a total without a label (amounts, no document)",
        })
    }
}

/// A row that was not read as a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRow {
    /// Where.
    pub line: u64,
    /// Why.
    pub reason: SkipReason,
    /// Its first cells that hold something, for the user to recognise it.
    pub text: String,
}

/// How the file's dates were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateReading {
    /// No date depends on the order (ISO dates, month names, serials).
    NotNeeded,
    /// The values settled it: this line holds a date that reads only this way.
    Settled {
        /// The order.
        order: DateOrder,
        /// The line that settled it.
        line: u64,
        /// Its text.
        text: String,
    },
    /// Every date reads both ways; the order was taken from the user.
    Given(DateOrder),
    /// Every date reads both ways; the order was the book's setting.
    BookSetting(DateOrder),
}

impl DateReading {
    /// The order the file was read with.
    pub fn order(&self, fallback: DateOrder) -> DateOrder {
        match self {
            DateReading::NotNeeded => fallback,
            DateReading::Settled { order, .. }
            | DateReading::Given(order)
            | DateReading::BookSetting(order) => *order,
        }
    }
}

/// How the file's amounts were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberReading {
    /// The decimal separator used.
    pub style: NumberStyle,
    /// The value that settled it, when one did.
    pub evidence: Option<String>,
}

/// How a field found its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MappedBy {
    /// The column's name is one the dictionary knows.
    Dictionary,
    /// The user's map (or profile) named the column.
    User,
    /// No column of its own: the column of this other field stands in (a ledger with
    /// no name column uses the customer's code as its name).
    StandIn(Field),
}

/// The shape of the file as the reader found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The line of the header (its first line, for a two-line header).
    pub header_line: u64,
    /// How many rows the header takes (1 or 2).
    pub header_rows: usize,
    /// The header's cells as written (trimmed; a two-line header's cells joined).
    pub columns: Vec<String>,
    /// For each field in [`Field::ALL`] order, the 0-based column and how it was found.
    pub fields: Vec<Option<(usize, MappedBy)>>,
    /// How the file was read.
    pub source: SourceInfo,
    /// How the dates were read.
    pub dates: DateReading,
    /// How the amounts were read.
    pub numbers: NumberReading,
    /// The cells of the first document rows below the header, for a mapping grid to
    /// show what each column holds.
    pub samples: Vec<Vec<String>>,
    /// The sheet read, when the file is a workbook.
    pub sheet: Option<String>,
}

impl Layout {
    /// The place of `field` on `line` of `file`, as the reader names places.
    pub fn position(&self, file: &str, line: u64, field: Field) -> Position {
        Places {
            file,
            sheet: self.sheet.clone(),
            columns: self.columns.clone(),
        }
        .at(line, self.column(field))
    }

    /// The 0-based column of `field`.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.fields
            .get(field.index())
            .copied()
            .flatten()
            .map(|(c, _)| c)
    }

    /// The first values of column `index` among `rows`, for a mapping grid.
    pub fn unused_columns(&self) -> Vec<usize> {
        (0..self.columns.len())
            .filter(|c| self.fields.iter().flatten().all(|(used, _)| used != c))
            .filter(|c| !self.columns[*c].trim().is_empty())
            .collect()
    }
}

/// What reading a whole file found.
#[derive(Debug, Clone, Default)]
pub struct ReadSummary {
    /// Document rows read (valid or not).
    pub rows: u64,
    /// Bytes read.
    pub bytes: u64,
    /// SHA-256 of the bytes, hex.
    pub content_hash: String,
    /// Errors; the import is refused when there is any.
    pub problems: Vec<Finding<Problem>>,
    /// Warnings.
    pub warnings: Vec<Finding<Warning>>,
    /// The file's shape, once the header was found.
    pub layout: Option<Layout>,
    /// Rows that are not documents, skipped.
    pub skipped: Vec<SkippedRow>,
    /// The file's own grand total and its line, when it has one.
    pub file_total: Option<(u64, Money)>,
    /// Net total of the valid documents.
    pub total: Money,
}

/// How many document rows a [`Layout`] keeps as samples.
const SAMPLES: usize = 3;

/// The place of every finding of one file.
struct Places<'a> {
    file: &'a str,
    sheet: Option<String>,
    columns: Vec<String>,
}

impl Places<'_> {
    fn at(&self, line: u64, column: Option<usize>) -> Position {
        Position {
            file: self.file.to_string(),
            line,
            column: column.map(|i| {
                let name = self.columns.get(i).cloned().unwrap_or_default();
                (i + 1, name)
            }),
            sheet: self.sheet.clone(),
        }
    }
}

/// The rows read ahead, then the rest of the file.
struct Lookahead<'a> {
    rows: Box<dyn Rows + 'a>,
    ahead: VecDeque<(u64, csv::ByteRecord)>,
}

impl Lookahead<'_> {
    fn next(&mut self, record: &mut csv::ByteRecord) -> std::io::Result<Option<u64>> {
        if let Some((line, r)) = self.ahead.pop_front() {
            *record = r;
            return Ok(Some(line));
        }
        self.rows.next_row(record)
    }
}

/// Reads a ledger from `rows`, calling `on_row` for each valid document row with the
/// progress so far; `on_row` returns false to stop (cancel). Problems and warnings are
/// collected in the summary; after [`MAX_ERRORS`] problems reading stops. Only I/O
/// failures are returned as `Err`.
pub fn read_ledger(
    rows: Box<dyn Rows + '_>,
    ctx: &LedgerContext,
    options: &ReadOptions,
    on_row: &mut dyn FnMut(&LedgerRow<'_>, Progress) -> bool,
) -> Result<ReadSummary, ImportError> {
    let file = ctx.file.as_str();
    let io = |source: std::io::Error| ImportError::Io {
        file: file.to_string(),
        source,
    };
    let mut summary = ReadSummary::default();
    let mut input = Lookahead {
        rows,
        ahead: VecDeque::new(),
    };
    let mut record = csv::ByteRecord::new();
    while input.ahead.len() < SAMPLE_ROWS {
        match input.rows.next_row(&mut record).map_err(io)? {
            Some(line) => input.ahead.push_back((line, record.clone())),
            None => break,
        }
    }
    let mut places = Places {
        file,
        sheet: input.rows.sheet().map(str::to_string),
        columns: Vec::new(),
    };

    // The header, and which column feeds which field.
    let Some(header) = find_header(&input.ahead, options) else {
        let first: Vec<String> = input
            .ahead
            .iter()
            .find(|(_, r)| !is_blank(r))
            .map(|(_, r)| cells(r))
            .unwrap_or_default();
        summary.problems.push(Finding {
            at: places.at(input.ahead.front().map_or(1, |(l, _)| *l), None),
            kind: if input.ahead.iter().all(|(_, r)| is_blank(r)) {
                Problem::NoDataRows
            } else {
                Problem::NoHeader {
                    first_row: first.into_iter().filter(|c| !c.is_empty()).collect(),
                }
            },
        });
        return finish(summary, input, &places).map_err(io);
    };
    for _ in 0..header.index {
        if let Some((line, r)) = input.ahead.pop_front()
            && !is_blank(&r)
        {
            summary.skipped.push(SkippedRow {
                line,
                reason: SkipReason::AboveHeader,
                text: row_text(&r),
            });
        }
    }
    let header_line = input.ahead.front().map_or(1, |(l, _)| *l);
    for _ in 0..header.rows {
        input.ahead.pop_front();
    }
    places.columns = header.names.clone();
    let mapping = map_columns(&header.names, options);
    for (column, kind) in mapping.problems {
        summary.problems.push(Finding {
            at: places.at(header_line, column),
            kind,
        });
    }
    for (column, kind) in mapping.warnings {
        summary.warnings.push(Finding {
            at: places.at(header_line, column),
            kind,
        });
    }
    let col: [Option<usize>; 10] =
        std::array::from_fn(|i| mapping.fields[i].map(|(column, _)| column));
    let mut layout = Layout {
        header_line,
        header_rows: header.rows,
        columns: header.names.clone(),
        fields: mapping.fields.to_vec(),
        source: input.rows.describe(),
        sheet: places.sheet.clone(),
        dates: DateReading::NotNeeded,
        numbers: NumberReading {
            style: NumberStyle::DecimalPoint,
            evidence: None,
        },
        samples: input
            .ahead
            .iter()
            .filter(|(_, r)| !is_blank(r) && classify(r, &col).is_none())
            .take(SAMPLES)
            .map(|(_, r)| cells(r))
            .collect(),
    };
    if !summary.problems.is_empty() {
        summary.layout = Some(layout);
        return finish(summary, input, &places).map_err(io);
    }

    // The dialect, from the document rows read ahead.
    let text_of = |r: &csv::ByteRecord, f: Field| -> String {
        col[f.index()]
            .and_then(|c| r.get(c))
            .map(|b| String::from_utf8_lossy(b).trim().to_string())
            .unwrap_or_default()
    };
    let mut date_values: Vec<(u64, String)> = Vec::new();
    let mut amount_values: Vec<String> = Vec::new();
    for (line, r) in &input.ahead {
        if classify(r, &col).is_some() {
            continue;
        }
        for f in [Field::DocumentDate, Field::DueDate] {
            let t = text_of(r, f);
            if !t.is_empty() {
                date_values.push((*line, t));
            }
        }
        for f in [Field::OpenAmount, Field::Amount] {
            let t = text_of(r, f);
            if !t.is_empty() {
                amount_values.push(t);
            }
        }
    }
    let fallback = options.date_order.unwrap_or(ctx.date_order);
    layout.dates = match dates::DateDialect::detect(date_values.iter().map(|(_, t)| t.as_str())) {
        Detection::NotNeeded => DateReading::NotNeeded,
        Detection::Settled { order, by } => DateReading::Settled {
            order,
            line: date_values[by].0,
            text: date_values[by].1.clone(),
        },
        Detection::Ambiguous { values } => {
            let reading = if let Some(given) = options.date_order {
                DateReading::Given(given)
            } else {
                DateReading::BookSetting(ctx.date_order)
            };
            summary.warnings.push(Finding {
                at: places.at(header_line, col[Field::DocumentDate.index()]),
                kind: Warning::DateOrderAssumed {
                    order: fallback,
                    values,
                    given: options.date_order.is_some(),
                },
            });
            reading
        }
        Detection::Mixed {
            day_first,
            month_first,
        } => {
            let (d, m) = (&date_values[day_first[0]], &date_values[month_first[0]]);
            summary.problems.push(Finding {
                at: places.at(m.0, col[Field::DocumentDate.index()]),
                kind: Problem::MixedDateOrders {
                    day_first_line: d.0,
                    day_first: d.1.clone(),
                    month_first_line: m.0,
                    month_first: m.1.clone(),
                },
            });
            summary.layout = Some(layout);
            return finish(summary, input, &places).map_err(io);
        }
    };
    let order = layout.dates.order(fallback);
    let style_fallback = if layout.source.delimiter == Some(b';') {
        NumberStyle::DecimalComma
    } else {
        NumberStyle::DecimalPoint
    };
    layout.numbers = match NumberDialect::detect(amount_values.iter().map(String::as_str)) {
        NumberDialect::Settled { style, evidence } => NumberReading {
            style,
            evidence: Some(evidence),
        },
        NumberDialect::Ambiguous { example } => {
            summary.warnings.push(Finding {
                at: places.at(header_line, col[Field::OpenAmount.index()]),
                kind: Warning::NumberStyleAssumed {
                    example,
                    decimal: style_fallback.decimal_char(),
                },
            });
            NumberReading {
                style: style_fallback,
                evidence: None,
            }
        }
        NumberDialect::Either => NumberReading {
            style: style_fallback,
            evidence: None,
        },
        NumberDialect::Conflicting { point, comma } => {
            summary.problems.push(Finding {
                at: places.at(header_line, col[Field::OpenAmount.index()]),
                kind: Problem::MixedNumberStyles { point, comma },
            });
            summary.layout = Some(layout);
            return finish(summary, input, &places).map_err(io);
        }
    };
    let style = layout.numbers.style;
    summary.layout = Some(layout);

    // The documents.
    let expected_fields = header.names.len();
    let needed = col.iter().flatten().max().map_or(0, |m| m + 1);
    let mut seen: HashMap<u128, u64, BuildHasherDefault<KeyHasher>> = HashMap::default();
    // Looked up on every row whose customer differs from the row before's (every row of
    // a file sorted by date), so hashed with foldhash rather than SipHash.
    let mut names: foldhash::HashMap<Box<str>, Box<str>> = foldhash::HashMap::default();
    let mut named_twice: HashSet<Box<str>> = HashSet::new();
    // Each type text the file uses, as read: a handful of texts, one on every row.
    let mut types_read: foldhash::HashMap<Box<str>, Option<CustomerType>> =
        foldhash::HashMap::default();
    // A foreign currency is said once, on its first line: a file in another currency
    // than the book's would otherwise give one identical error per document.
    let mut foreign_said: HashSet<Box<str>> = HashSet::new();
    let mut ledger_minor: i64 = 0;
    let mut rounded: Vec<u64> = Vec::new();
    let mut rounded_count = 0u64;
    let mut grand_totals: Vec<(u64, Option<Money>)> = Vec::new();
    let mut last_unlabelled: Option<(u64, Option<Money>)> = None;
    let read_amount = |t: &str| {
        numbers::read_money(t, style, ctx.minor_digits)
            .ok()
            .map(|(money, _)| money)
    };
    let far_document = ctx.as_of + Duration::days(FAR_FUTURE_DOCUMENT_DAYS);
    let far_due = ctx.as_of + Duration::days(FAR_FUTURE_DUE_DAYS);
    // The last row's customer, the name it gave and the name the book takes: rows
    // grouped by customer look their names up once.
    let mut last_named: (String, String, String) = Default::default();
    let mut total_minor: i64 = 0;
    while summary.problems.len() < MAX_ERRORS {
        let Some(line) = input.next(&mut record).map_err(io)? else {
            break;
        };
        if is_blank(&record) {
            continue;
        }
        if let Some(reason) = classify(&record, &col) {
            let amount = col[Field::OpenAmount.index()]
                .and_then(|c| record.get(c))
                .and_then(|b| std::str::from_utf8(b).ok())
                .and_then(|t| read_amount(t.trim()));
            match reason {
                SkipReason::GrandTotal => grand_totals.push((line, amount)),
                SkipReason::UnlabelledTotal => last_unlabelled = Some((line, amount)),
                _ => {}
            }
            summary.skipped.push(SkippedRow {
                line,
                reason,
                text: row_text(&record),
            });
            continue;
        }
        last_unlabelled = None;
        summary.rows += 1;
        let problems_before = summary.problems.len();
        let extra_filled = record
            .iter()
            .skip(expected_fields)
            .any(|f| !f.iter().all(u8::is_ascii_whitespace));
        if record.len() < needed || extra_filled {
            summary.problems.push(Finding {
                at: places.at(line, None),
                kind: Problem::FieldCount {
                    expected: expected_fields,
                    found: record.len(),
                },
            });
            continue;
        }
        // Borrow every field as text, or report it. The record is checked whole first:
        // UTF-8 throughout, and no byte that may start a control character (below 0x20,
        // 0x7F, or U+0080–U+009F: 0xC2 then 0x80–0x9F). Only a record that fails either
        // is looked at field by field.
        let whole = simdutf8::basic::from_utf8(record.as_slice()).ok();
        let clean = whole.is_some() && !may_hold_control(record.as_slice());
        let mut text: [&str; 10] = [""; 10];
        for (f, slot) in text.iter_mut().enumerate() {
            let Some(index) = col[f] else { continue };
            let field = match whole.zip(record.range(index)) {
                Some((whole, range)) => whole.get(range).ok_or(()),
                None => std::str::from_utf8(record.get(index).unwrap_or_default()).map_err(|_| ()),
            };
            match field {
                Ok(t) => {
                    let t = trim(t);
                    let suspect = !clean && t.bytes().any(may_start_control);
                    if let Some((position, c)) = suspect
                        .then(|| t.chars().enumerate().find(|(_, c)| c.is_control()))
                        .flatten()
                    {
                        summary.problems.push(Finding {
                            at: places.at(line, Some(index)),
                            kind: Problem::ControlCharacter {
                                code: format!("U+{:04X}", u32::from(c)),
                                position: position + 1,
                            },
                        });
                    }
                    *slot = t;
                }
                Err(_) => summary.problems.push(Finding {
                    at: places.at(line, Some(index)),
                    kind: Problem::NotUtf8,
                }),
            }
        }
        if summary.problems.len() > problems_before {
            continue;
        }
        let mut problem = |f: Field, kind: Problem| {
            summary.problems.push(Finding {
                at: places.at(line, col[f.index()]),
                kind,
            });
        };
        let get = |f: Field| text[f.index()];
        for f in Field::ALL.into_iter().filter(|f| f.required()) {
            if get(f).is_empty() {
                problem(f, Problem::MissingValue(f.name().to_string()));
            }
        }
        let document_date = match get(Field::DocumentDate) {
            "" => None,
            t => dates::parse(t, order)
                .map_err(|e| problem(Field::DocumentDate, Problem::BadDate(e)))
                .ok(),
        };
        let due_date = match get(Field::DueDate) {
            "" => document_date.and_then(|d| {
                let due = d.checked_add_signed(Duration::days(ctx.default_terms_days));
                if due.is_none() {
                    problem(
                        Field::DocumentDate,
                        Problem::BadDate(dates::DateError::OutOfRange {
                            text: d.to_string(),
                            date: d,
                        }),
                    );
                }
                due
            }),
            t => dates::parse(t, order)
                .map_err(|e| problem(Field::DueDate, Problem::BadDate(e)))
                .ok(),
        };
        let mut amount_of = |f: Field| -> Option<Money> {
            let t = get(f);
            if t.is_empty() {
                return None;
            }
            let (money, rounded_here) = numbers::read_money(t, style, ctx.minor_digits)
                .map_err(|e| problem(f, Problem::BadAmount(e)))
                .ok()?;
            if rounded_here {
                rounded_count += 1;
                if rounded.last() != Some(&line) && rounded.len() < LINES_NAMED {
                    rounded.push(line);
                }
            }
            Some(money)
        };
        let amount = amount_of(Field::Amount);
        let open_amount = amount_of(Field::OpenAmount);
        let disputed = match parse_flag(get(Field::Disputed)) {
            Some(flag) => flag,
            None => {
                problem(
                    Field::Disputed,
                    Problem::BadFlag(get(Field::Disputed).to_string()),
                );
                false
            }
        };
        let currency = match get(Field::Currency) {
            "" => ctx.currency.as_str(),
            c if c.eq_ignore_ascii_case(&ctx.currency) => ctx.currency.as_str(),
            c => {
                if foreign_said.insert(c.to_ascii_uppercase().into()) {
                    problem(
                        Field::Currency,
                        Problem::ForeignCurrency {
                            found: c.to_string(),
                            book: ctx.currency.clone(),
                        },
                    );
                }
                ctx.currency.as_str()
            }
        };
        if let Some(d) = document_date
            && d > far_document
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
            && d > far_due
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
        if ctx.check_duplicates && !customer_id.is_empty() && !document_no.is_empty() {
            let key = document_key(customer_id, document_no);
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
        let open_minor = open_amount.to_minor();
        ledger_minor = ledger_minor.saturating_add(open_minor.saturating_abs());
        if ledger_minor > MAX_LEDGER_MINOR {
            summary.problems.push(Finding {
                at: places.at(line, col[Field::OpenAmount.index()]),
                kind: Problem::LedgerTooLarge {
                    max: Money::from_minor(MAX_LEDGER_MINOR).grouped(NegativeStyle::Minus),
                },
            });
            break;
        }

        // Warnings.
        let mut warn = |f: Option<Field>, kind: Warning| {
            summary.warnings.push(Finding {
                at: places.at(line, f.and_then(|f| col[f.index()])),
                kind,
            });
        };
        let type_text = get(Field::CustomerType);
        let customer_type = match type_text {
            "" => None,
            t => {
                if let Some(known) = types_read.get(t) {
                    known.as_ref()
                } else {
                    let known = CustomerType::from_synonym(t);
                    if known.is_none() {
                        warn(
                            Some(Field::CustomerType),
                            Warning::UnknownType(t.to_string()),
                        );
                    }
                    types_read.entry(Box::from(t)).or_insert(known).as_ref()
                }
            }
        };
        let customer_name = get(Field::CustomerName);
        if !ctx.check_names || (last_named.0 == customer_id && last_named.1 == customer_name) {
            // Left to the writer, or as the row before: nothing new to say, and the same
            // name taken.
        } else {
            // A name that differs inside the file keeps the first one.
            let taken = match names.get(customer_id) {
                Some(first) => {
                    if **first != *customer_name && named_twice.insert(Box::from(customer_id)) {
                        warn(
                            Some(Field::CustomerName),
                            Warning::NameDiffers {
                                customer: customer_id.to_string(),
                                other: customer_name.to_string(),
                                line,
                            },
                        );
                    }
                    &**first
                }
                None => {
                    names.insert(Box::from(customer_id), Box::from(customer_name));
                    customer_name
                }
            };
            for (kept, now) in [
                (&mut last_named.0, customer_id),
                (&mut last_named.1, customer_name),
                (&mut last_named.2, taken),
            ] {
                kept.clear();
                kept.push_str(now);
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
        // Summed in minor units: the ledger's size, bounded above, keeps it in range.
        total_minor += open_minor;
        let customer_name = if ctx.check_names {
            last_named.2.as_str()
        } else {
            customer_name
        };
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
            bytes: input.rows.bytes_read(),
            rows: summary.rows,
        };
        if !on_row(&row, progress) {
            summary.total = Money::from_minor(total_minor);
            return Ok(summary);
        }
    }
    summary.total = Money::from_minor(total_minor);

    if summary.problems.len() < MAX_ERRORS {
        if summary.rows == 0 && summary.problems.is_empty() {
            summary.problems.push(Finding {
                at: places.at(header_line, None),
                kind: Problem::NoDataRows,
            });
        }
        // The file's own total: labelled ones, or an unlabelled last row.
        if grand_totals.is_empty()
            && let Some(last) = last_unlabelled
        {
            grand_totals.push(last);
        }
        for (line, amount) in &grand_totals {
            let Some(amount) = amount else { continue };
            summary.file_total = Some((*line, *amount));
            if summary.problems.is_empty() && *amount != summary.total {
                summary.problems.push(Finding {
                    at: places.at(*line, col[Field::OpenAmount.index()]),
                    kind: Problem::TotalDiffers {
                        file_total: *amount,
                        documents: summary.total,
                    },
                });
            }
        }
    }
    if rounded_count > 0 {
        summary.warnings.push(Finding {
            at: places.at(rounded[0], None),
            kind: Warning::Rounded {
                count: rounded_count,
                digits: ctx.minor_digits,
                lines: rounded,
            },
        });
    }
    let counted: Vec<&SkippedRow> = summary
        .skipped
        .iter()
        .filter(|s| s.reason != SkipReason::AboveHeader)
        .collect();
    if !counted.is_empty() {
        summary.warnings.push(Finding {
            at: places.at(counted[0].line, None),
            kind: Warning::RowsSkipped {
                count: counted.len(),
                lines: counted.iter().take(LINES_NAMED).map(|s| s.line).collect(),
            },
        });
    }
    finish(summary, input, &places).map_err(io)
}

/// True for a byte that is, or may start, a control character: below 0x20, 0x7F, or
/// 0xC2 (which U+0080–U+009F start with in UTF-8).
fn may_start_control(b: u8) -> bool {
    b < 0x20 || b == 0x7f || b == 0xc2
}

/// True if any byte of `bytes` may start a control character ([`may_start_control`]).
/// Looks at every byte of a 32-byte chunk without stopping early, which the compiler
/// turns into a few vector compares a chunk: the check runs over every row's bytes.
fn may_hold_control(bytes: &[u8]) -> bool {
    bytes.chunks(32).any(|chunk| {
        chunk
            .iter()
            .fold(false, |seen, &b| seen | may_start_control(b))
    })
}

/// Reads the rest of the file for its size and hash.
fn finish(
    mut summary: ReadSummary,
    input: Lookahead<'_>,
    _places: &Places<'_>,
) -> std::io::Result<ReadSummary> {
    let (bytes, hash) = input.rows.finish()?;
    summary.bytes = bytes;
    summary.content_hash = hash;
    Ok(summary)
}

/// `text.trim()`, without looking at every character of a field that begins and ends
/// with a printable ASCII character (no whitespace to trim), which most fields do.
fn trim(text: &str) -> &str {
    match text.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        [only] if only.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// `yes`/`no` as exports write them; `None` for other text.
pub fn parse_flag(text: &str) -> Option<bool> {
    const NO: [&str; 9] = ["", "no", "n", "false", "f", "0", "否", "nein", "-"];
    const YES: [&str; 8] = ["yes", "y", "true", "t", "1", "是", "ja", "x"];
    // Compared without a lowercase copy on every row: only ASCII letters have case
    // among these words.
    let text = text.trim();
    let among = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(text));
    if among(&NO) {
        Some(false)
    } else if among(&YES) {
        Some(true)
    } else {
        None
    }
}

fn is_blank(record: &csv::ByteRecord) -> bool {
    record.iter().all(|f| {
        f.iter()
            .all(|b| b.is_ascii_whitespace() || matches!(b, b'-' | b'=' | b'_' | b'+' | b'|'))
    })
}

/// The key a document is known by in the duplicate check: a 128-bit hash of its
/// customer and number, the customer's length first so that (`AB`, `C`) and (`A`, `BC`)
/// differ. Holding it instead of the two strings saves about a hundred bytes and two
/// allocations per row of a million-row file; two different documents share a key with
/// odds of about one in 10^26 there, and such a pair would be refused, never merged.
fn document_key(customer: &str, document: &str) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&(customer.len() as u64).to_le_bytes());
    h.update(customer.as_bytes());
    h.update(document.as_bytes());
    h.digest128()
}

/// Hashes a [`document_key`], which is a hash already, by taking its low 64 bits.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u128` is used; this keeps any other input well mixed anyway.
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u128(&mut self, key: u128) {
        self.0 = key as u64;
    }
}

fn cells(record: &csv::ByteRecord) -> Vec<String> {
    record
        .iter()
        .map(|c| String::from_utf8_lossy(c).trim().to_string())
        .collect()
}

/// The first few cells that hold something, joined, to show a skipped row.
fn row_text(record: &csv::ByteRecord) -> String {
    let shown: Vec<String> = cells(record)
        .into_iter()
        .filter(|c| !c.is_empty())
        .take(4)
        .collect();
    let mut text = shown.join(" · ");
    if text.chars().count() > 80 {
        text = text.chars().take(79).collect::<String>() + "…";
    }
    text
}

/// The labels of a file's grand total, normalised.
const GRAND_TOTAL_LABELS: &[&str] = &[
    "total",
    "totals",
    "grand total",
    "report total",
    "total receivables",
    "total accounts receivable",
    "sum",
    "result",
    "overall result",
    "summe",
    "gesamtsumme",
    "gesamt",
    "gesamtergebnis",
    "ergebnis",
    "合计",
    "总计",
    "总合计",
    "合计金额",
];

/// Why a row is not a document, or `None` for a document row. A row is a document
/// when it has a document number or a date; without both, a total label or star marks
/// a total, a customer and an amount without a label still make a document (it will be
/// refused for what it lacks), and anything else is a group row or a total without a
/// label.
fn classify(record: &csv::ByteRecord, col: &[Option<usize>; 10]) -> Option<SkipReason> {
    let blank = |f: Field| {
        col[f.index()]
            .and_then(|c| record.get(c))
            .is_none_or(|b| b.iter().all(u8::is_ascii_whitespace))
    };
    if !blank(Field::DocumentNo) {
        return None;
    }
    // A date cell makes a document, unless it holds a label instead (Xero writes the
    // contact and "Total <contact>" in its first column, the invoice date's).
    let date_cell = col[Field::DocumentDate.index()]
        .and_then(|c| record.get(c))
        .map(|b| String::from_utf8_lossy(b).trim().to_string())
        .unwrap_or_default();
    let holds_date = !date_cell.is_empty()
        && (dates::parse(&date_cell, DateOrder::DayFirst).is_ok()
            || dates::parse(&date_cell, DateOrder::MonthFirst).is_ok()
            || !date_cell.chars().any(char::is_alphabetic));
    if holds_date {
        return None;
    }
    let mut label = None;
    for cell in record.iter() {
        let text = String::from_utf8_lossy(cell);
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if text.chars().all(|c| c == '*') {
            label = Some(if text.len() >= 2 {
                SkipReason::GrandTotal
            } else {
                SkipReason::Subtotal
            });
            break;
        }
        let key = fields::normalize(text);
        if GRAND_TOTAL_LABELS.contains(&key.as_str()) {
            label = Some(SkipReason::GrandTotal);
            break;
        }
        if key.starts_with("total ")
            || key.starts_with("totals ")
            || key.ends_with(" total")
            || key.starts_with("summe ")
            || key.starts_with("小计")
            || key.ends_with("小计")
            || key.ends_with("合计")
        {
            label = Some(SkipReason::Subtotal);
            break;
        }
    }
    if label.is_some() {
        return label;
    }
    let has_amount = !blank(Field::OpenAmount) || !blank(Field::Amount);
    if !blank(Field::CustomerId) && has_amount {
        return None;
    }
    Some(if has_amount {
        SkipReason::UnlabelledTotal
    } else {
        SkipReason::Group
    })
}

/// The header found among the first rows.
struct HeaderFound {
    /// Its index among the rows read ahead.
    index: usize,
    /// Rows it takes.
    rows: usize,
    /// Its cells.
    names: Vec<String>,
}

/// How many fields a header row names (a mapped name counts as its field).
fn header_score(names: &[String], options: &ReadOptions) -> usize {
    let mut found: HashSet<Field> = HashSet::new();
    for name in names {
        if let Some(f) = fields::recognise(name) {
            found.insert(f);
        }
    }
    for (field, column) in &options.map {
        if let ColumnRef::Named(n) = column {
            let key = fields::normalize(n);
            if names.iter().any(|c| fields::normalize(c) == key) {
                found.insert(*field);
            }
        }
    }
    found.len()
}

/// The header: the row among the first ones that names the most fields (at least two,
/// or every column the user's map names), or two rows read together when that names
/// more.
fn find_header(
    ahead: &VecDeque<(u64, csv::ByteRecord)>,
    options: &ReadOptions,
) -> Option<HeaderFound> {
    let named_in_map = options
        .map
        .iter()
        .filter(|(_, c)| matches!(c, ColumnRef::Named(_)))
        .count();
    let only_positions = !options.map.is_empty() && named_in_map == 0;
    let mut best: Option<(usize, usize, usize)> = None; // (score, index, rows)
    let rows: Vec<Vec<String>> = ahead
        .iter()
        .take(HEADER_SEARCH_ROWS + 1)
        .map(|(_, r)| cells(r))
        .collect();
    for (index, names) in rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        if names.iter().all(String::is_empty) || is_rule(names) {
            continue;
        }
        let score = header_score(names, options);
        let mut candidate = (score, index, 1);
        if let Some(next) = rows.get(index + 1).filter(|next| !is_rule(next)) {
            let joined = join_rows(names, next);
            let joined_score = header_score(&joined, options);
            if joined_score > score {
                candidate = (joined_score, index, 2);
            }
        }
        if best.is_none_or(|b| candidate.0 > b.0) {
            best = Some(candidate);
        }
    }
    let (score, index, rows_taken) = best?;
    let enough = if only_positions {
        true
    } else {
        score >= 2 || (named_in_map > 0 && score >= named_in_map)
    };
    if !enough {
        return None;
    }
    let names = if rows_taken == 2 {
        join_rows(&rows[index], &rows[index + 1])
    } else {
        rows[index].clone()
    };
    Some(HeaderFound {
        index,
        rows: rows_taken,
        names,
    })
}

/// A line drawn above or under a header or between groups (`-----`, `=====`, SAP's
/// `|---|`): never a line of the header.
fn is_rule(cells: &[String]) -> bool {
    let mut drawn = false;
    for c in cells.iter().flat_map(|c| c.chars()) {
        match c {
            '-' | '=' | '_' | '+' | '*' | '~' => drawn = true,
            '|' | ' ' => {}
            _ => return false,
        }
    }
    drawn
}

/// Two header rows read as one: `Amount` over `in local currency`.
fn join_rows(top: &[String], bottom: &[String]) -> Vec<String> {
    (0..top.len().max(bottom.len()))
        .map(|i| {
            let a = top.get(i).map_or("", String::as_str);
            let b = bottom.get(i).map_or("", String::as_str);
            match (a.is_empty(), b.is_empty()) {
                (false, false) => format!("{a} {b}"),
                (false, true) => a.to_string(),
                _ => b.to_string(),
            }
        })
        .collect()
}

/// Which column feeds which field, and what the header says about itself.
struct Mapping {
    fields: [Option<(usize, MappedBy)>; 10],
    problems: Vec<(Option<usize>, Problem)>,
    warnings: Vec<(Option<usize>, Warning)>,
}

/// Maps the header: the user's map first, then the dictionary, the first column of a
/// name winning; a ledger without a name column (or without a code column) uses the
/// other for both.
fn map_columns(names: &[String], options: &ReadOptions) -> Mapping {
    let mut mapping = Mapping {
        fields: [None; 10],
        problems: Vec::new(),
        warnings: Vec::new(),
    };
    let keys: Vec<String> = names.iter().map(|n| fields::normalize(n)).collect();
    for (field, column) in &options.map {
        let found = match column {
            ColumnRef::Position(n) => (*n <= names.len()).then(|| n - 1),
            ColumnRef::Named(n) => {
                let key = fields::normalize(n);
                keys.iter().position(|k| *k == key)
            }
        };
        match found {
            Some(c) => mapping.fields[field.index()] = Some((c, MappedBy::User)),
            None => mapping.problems.push((
                None,
                Problem::MappedColumnMissing {
                    field: field.name().to_string(),
                    column: match column {
                        ColumnRef::Named(n) => n.clone(),
                        ColumnRef::Position(n) => format!("#{n}"),
                    },
                    columns: present(names),
                },
            )),
        }
    }
    let user_columns: HashSet<usize> = mapping.fields.iter().flatten().map(|(c, _)| *c).collect();
    for (c, name) in names.iter().enumerate() {
        if keys[c].is_empty() || user_columns.contains(&c) {
            continue;
        }
        match fields::recognise(name) {
            Some(f) => match mapping.fields[f.index()] {
                None => mapping.fields[f.index()] = Some((c, MappedBy::Dictionary)),
                Some((first, MappedBy::Dictionary)) if keys[first] == keys[c] => mapping
                    .problems
                    .push((Some(c), Problem::DuplicateColumn(name.clone()))),
                Some(_) => mapping
                    .warnings
                    .push((Some(c), Warning::UnusedColumn(name.clone()))),
            },
            None => mapping
                .warnings
                .push((Some(c), Warning::UnusedColumn(name.clone()))),
        }
    }
    let id = Field::CustomerId.index();
    let name = Field::CustomerName.index();
    match (mapping.fields[id], mapping.fields[name]) {
        (Some((c, _)), None) => {
            mapping.fields[name] = Some((c, MappedBy::StandIn(Field::CustomerId)));
            mapping.warnings.push((
                Some(c),
                Warning::StandIn {
                    field: Field::CustomerName.name().to_string(),
                    from: Field::CustomerId.name().to_string(),
                },
            ));
        }
        (None, Some((c, _))) => {
            mapping.fields[id] = Some((c, MappedBy::StandIn(Field::CustomerName)));
            mapping.warnings.push((
                Some(c),
                Warning::StandIn {
                    field: Field::CustomerId.name().to_string(),
                    from: Field::CustomerName.name().to_string(),
                },
            ));
        }
        _ => {}
    }
    for field in Field::ALL {
        if field.required() && mapping.fields[field.index()].is_none() {
            mapping.problems.push((
                None,
                Problem::MissingColumn {
                    field: field.name().to_string(),
                    columns: present(names),
                    closest: fields::closest(field, names).map(str::to_string),
                },
            ));
        }
    }
    mapping
}

/// The header's names that hold something.
fn present(names: &[String]) -> Vec<String> {
    names
        .iter()
        .filter(|n| !n.trim().is_empty())
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::text::open_text;

    #[test]
    fn a_document_key_keeps_customer_and_number_apart() {
        assert_eq!(document_key("C1", "INV-1"), document_key("C1", "INV-1"));
        assert_ne!(document_key("AB", "C"), document_key("A", "BC"));
        assert_ne!(document_key("C1", "INV-1"), document_key("C1", "INV-2"));
        assert_ne!(document_key("C1", "INV-1"), document_key("C2", "INV-1"));
        let mut h = KeyHasher::default();
        std::hash::Hasher::write_u128(&mut h, document_key("C1", "INV-1"));
        assert_eq!(
            std::hash::Hasher::finish(&h),
            document_key("C1", "INV-1") as u64
        );
    }

    fn ctx() -> LedgerContext {
        LedgerContext {
            file: "ar_2016-12-31.csv".into(),
            as_of: NaiveDate::from_ymd_opt(2016, 12, 31).unwrap(),
            currency: "CNY".into(),
            minor_digits: 2,
            default_terms_days: 30,
            date_order: DateOrder::DayFirst,
            check_duplicates: true,
            check_names: true,
        }
    }

    struct Read {
        summary: ReadSummary,
        rows: Vec<(u64, String, String, NaiveDate, NaiveDate, Money, bool)>,
    }

    fn read_with(text: &str, options: &ReadOptions) -> Read {
        let source = open_text(
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
            options.encoding,
            options.delimiter,
        )
        .unwrap();
        let mut rows = Vec::new();
        let summary = read_ledger(Box::new(source), &ctx(), options, &mut |r, _| {
            rows.push((
                r.line,
                r.customer_id.to_string(),
                r.document_no.to_string(),
                r.document_date,
                r.due_date,
                r.open_amount,
                r.disputed,
            ));
            true
        })
        .unwrap();
        Read { summary, rows }
    }

    fn read(text: &str) -> Read {
        read_with(text, &ReadOptions::default())
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn money(t: &str) -> Money {
        Money::parse(t).unwrap()
    }

    #[test]
    fn a_quickbooks_detail_report_skips_its_title_groups_and_totals() {
        let text = "\
Acme Trading Ltd
A/R Aging Detail
As of December 31, 2016

,Date,Transaction Type,Num,Customer,Due Date,Open Balance
Alpha Corp,,,,,,
,11/15/2016,Invoice,1001,Alpha Corp,12/15/2016,\"1,200.00\"
,10/02/2016,Invoice,1002,Alpha Corp,11/01/2016,300.50
Total for Alpha Corp,,,,,,\"1,500.50\"
Beta LLC,,,,,,
,12/20/2016,Credit Memo,CM-7,Beta LLC,12/20/2016,(50.00)
Total for Beta LLC,,,,,,(50.00)
TOTAL,,,,,,\"1,450.50\"
";
        let r = read(text);
        assert!(r.summary.problems.is_empty(), "{:?}", r.summary.problems);
        let layout = r.summary.layout.as_ref().unwrap();
        assert_eq!(layout.header_line, 5);
        assert_eq!(
            layout.dates,
            DateReading::Settled {
                order: DateOrder::MonthFirst,
                line: 7,
                text: "11/15/2016".into()
            }
        );
        assert_eq!(
            layout.fields[Field::CustomerName.index()],
            Some((4, MappedBy::StandIn(Field::CustomerId))),
            "no name column: the Customer column gives both"
        );
        assert_eq!(r.rows.len(), 3);
        assert_eq!(
            r.rows[0],
            (
                7,
                "Alpha Corp".into(),
                "1001".into(),
                d(2016, 11, 15),
                d(2016, 12, 15),
                money("1200.00"),
                false
            )
        );
        assert_eq!(r.rows[2].5, money("-50.00"));
        let reasons: Vec<(u64, SkipReason)> = r
            .summary
            .skipped
            .iter()
            .map(|s| (s.line, s.reason))
            .collect();
        assert_eq!(
            reasons,
            vec![
                (1, SkipReason::AboveHeader),
                (2, SkipReason::AboveHeader),
                (3, SkipReason::AboveHeader),
                (6, SkipReason::Group),
                (9, SkipReason::Subtotal),
                (10, SkipReason::Group),
                (12, SkipReason::Subtotal),
                (13, SkipReason::GrandTotal),
            ]
        );
        assert_eq!(r.summary.file_total, Some((13, money("1450.50"))));
        assert_eq!(r.summary.total, money("1450.50"));
        assert!(r.summary.warnings.iter().any(|w| matches!(
            &w.kind,
            Warning::RowsSkipped { count: 5, lines } if lines == &vec![6, 9, 10, 12, 13]
        )));
    }

    #[test]
    fn a_grand_total_that_disagrees_with_the_documents_is_refused() {
        let text = "Customer,Name,Invoice No,Invoice Date,Balance\nC1,A,1,2016-12-01,10.00\nC1,A,2,2016-12-02,5.00\nTotal,,,,16.00\n";
        let r = read(text);
        assert_eq!(r.summary.problems.len(), 1);
        let p = &r.summary.problems[0];
        assert_eq!(p.at.line, 4);
        assert_eq!(
            p.kind,
            Problem::TotalDiffers {
                file_total: money("16.00"),
                documents: money("15.00")
            }
        );
    }

    #[test]
    fn german_sap_with_decimal_commas_trailing_minus_and_star_totals() {
        let text = "\
Debitor;Name 1;Belegnummer;Belegdatum;Nettofälligkeit;Betrag in Hauswährung;Währung
0000611365;Müller GmbH;1800000012;15.11.2016;15.12.2016;1.234,56;EUR
0000611365;Müller GmbH;1800000013;01.12.2016;31.12.2016;34,44-;EUR
*;;;;;1.200,12;
**;;;;;1.200,12;
";
        let mut c = ctx();
        c.currency = "EUR".into();
        let source = open_text(
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
            None,
            None,
        )
        .unwrap();
        let mut rows = Vec::new();
        let summary = read_ledger(
            Box::new(source),
            &c,
            &ReadOptions::default(),
            &mut |r, _| {
                rows.push((r.customer_id.to_string(), r.open_amount));
                true
            },
        )
        .unwrap();
        assert!(summary.problems.is_empty(), "{:?}", summary.problems);
        assert_eq!(
            rows,
            vec![
                ("0000611365".to_string(), money("1234.56")),
                ("0000611365".to_string(), money("-34.44"))
            ],
            "ids keep their leading zeros"
        );
        assert_eq!(
            summary.layout.unwrap().numbers.style,
            NumberStyle::DecimalComma
        );
        assert_eq!(summary.file_total, Some((5, money("1200.12"))));
    }

    #[test]
    fn dates_that_mix_orders_are_refused_with_both_lines() {
        let text = "customer_id,customer_name,document_no,document_date,open_amount\nC1,A,1,31/12/2016,1\nC1,A,2,12/31/2016,1\n";
        let r = read(text);
        assert_eq!(
            r.summary.problems[0].kind,
            Problem::MixedDateOrders {
                day_first_line: 2,
                day_first: "31/12/2016".into(),
                month_first_line: 3,
                month_first: "12/31/2016".into()
            }
        );
    }

    #[test]
    fn ambiguous_dates_take_the_given_order_or_the_books_and_say_so() {
        let text = "customer_id,customer_name,document_no,document_date,open_amount\nC1,A,1,05/06/2016,1\n";
        let r = read(text);
        assert_eq!(r.rows[0].3, d(2016, 6, 5), "the book's order: day first");
        assert!(r.summary.warnings.iter().any(|w| matches!(
            w.kind,
            Warning::DateOrderAssumed {
                order: DateOrder::DayFirst,
                values: 1,
                given: false
            }
        )));
        let r = read_with(
            text,
            &ReadOptions {
                date_order: Some(DateOrder::MonthFirst),
                ..ReadOptions::default()
            },
        );
        assert_eq!(r.rows[0].3, d(2016, 5, 6));
        assert_eq!(
            r.summary.layout.unwrap().dates,
            DateReading::Given(DateOrder::MonthFirst)
        );
    }

    #[test]
    fn amounts_with_more_decimals_are_rounded_with_one_warning() {
        let text = "customer_id,customer_name,document_no,document_date,open_amount\nC1,A,1,2016-12-01,2309.7899999999995\nC1,A,2,2016-12-01,10.005\nC1,A,3,2016-12-01,-10.005\nC1,A,4,2016-12-01,65.7\n";
        let r = read(text);
        let amounts: Vec<Money> = r.rows.iter().map(|r| r.5).collect();
        assert_eq!(
            amounts,
            vec![
                money("2309.79"),
                money("10.01"),
                money("-10.01"),
                money("65.70")
            ]
        );
        let rounded: Vec<&Warning> = r
            .summary
            .warnings
            .iter()
            .map(|w| &w.kind)
            .filter(|k| matches!(k, Warning::Rounded { .. }))
            .collect();
        assert_eq!(
            rounded,
            vec![&Warning::Rounded {
                count: 3,
                digits: 2,
                lines: vec![2, 3, 4]
            }]
        );
    }

    #[test]
    fn a_missing_field_names_the_columns_and_the_closest() {
        let text = "Kunde,Name,Beleg,Belegdatum,Betrag HW\nC1,A,1,2016-12-01,1\n";
        let r = read(text);
        assert_eq!(
            r.summary.problems[0].kind,
            Problem::MissingColumn {
                field: "document_no".into(),
                columns: vec![
                    "Kunde".into(),
                    "Name".into(),
                    "Beleg".into(),
                    "Belegdatum".into(),
                    "Betrag HW".into()
                ],
                closest: Some("Beleg".into()),
            }
        );
        assert!(r.summary.problems.iter().any(|p| matches!(
            &p.kind,
            Problem::MissingColumn { field, closest: Some(c), .. } if field == "open_amount" && c == "Betrag HW"
        )));
        // Mapped, the same file reads; one column may serve two fields.
        let mut profile = crate::import::profile::ImportProfile::default();
        profile
            .add_mappings([
                "document_no=Beleg",
                "open_amount=Betrag HW",
                "customer_name=Kunde",
            ])
            .unwrap();
        let r = read_with(text, &profile.to_options().unwrap());
        assert!(r.summary.problems.is_empty(), "{:?}", r.summary.problems);
        assert_eq!(r.rows[0].2, "1");
        assert_eq!(r.rows[0].5, money("1.00"));
    }

    #[test]
    fn flags_as_exports_write_them() {
        for (text, flag) in [
            ("Yes", Some(true)),
            ("n", Some(false)),
            ("TRUE", Some(true)),
            ("0", Some(false)),
            ("X", Some(true)),
            ("", Some(false)),
            ("是", Some(true)),
            ("否", Some(false)),
            ("maybe", None),
        ] {
            assert_eq!(parse_flag(text), flag, "{text}");
        }
    }

    proptest::proptest! {
        /// The flags are compared ignoring ASCII case, as lowercasing the whole text
        /// did: texts in any case, with spaces, and letters whose lowercase is ASCII
        /// (the Kelvin sign) or not (the dotted capital I).
        #[test]
        fn flags_are_read_as_their_lowercase_copy_read_them(
            text in "[ \\t]?(yes|YES|No|nEiN|TrUe|f|T|x|X|ja|JA|0|1|-|是|否|K|\u{212A}|\u{130}|n\u{130}|y|ye|maybe|)[ \\t]?"
        ) {
            let lowercased = match text.trim().to_lowercase().as_str() {
                "" | "no" | "n" | "false" | "f" | "0" | "否" | "nein" | "-" => Some(false),
                "yes" | "y" | "true" | "t" | "1" | "是" | "ja" | "x" => Some(true),
                _ => None,
            };
            proptest::prop_assert_eq!(parse_flag(&text), lowercased);
        }

        /// A field is trimmed as `str::trim` trims it, whatever its ends.
        #[test]
        fn fields_are_trimmed_as_str_trim_trims_them(
            text in "[ \\t\u{a0}\u{3000}\u{2003}]{0,2}[a-zA-Z0-9.,\u{4e2d}\u{3000} -]{0,6}[ \\t\u{a0}\u{3000}\u{85}]{0,2}"
        ) {
            proptest::prop_assert_eq!(trim(&text), text.trim());
        }

        /// The record's bytes are scanned a chunk at a time as byte by byte, wherever
        /// the byte that may start a control character falls (or none does).
        #[test]
        fn a_record_is_scanned_for_control_bytes_as_byte_by_byte(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    8 => 0x20u8..0x7f,
                    1 => proptest::prelude::any::<u8>(),
                ],
                0..100,
            )
        ) {
            proptest::prop_assert_eq!(
                may_hold_control(&bytes),
                bytes.iter().copied().any(may_start_control)
            );
        }
    }

    #[test]
    fn a_two_line_header_is_read_as_one() {
        let text = "Customer,Customer,Document,Document,Amount\nNo,Name,Number,Date,in local currency\nC1,Alpha,D1,2016-12-01,5.00\n";
        let r = read(text);
        assert!(r.summary.problems.is_empty(), "{:?}", r.summary.problems);
        let layout = r.summary.layout.unwrap();
        assert_eq!(layout.header_rows, 2);
        assert_eq!(layout.columns[4], "Amount in local currency");
        assert_eq!(r.rows[0].1, "C1");
        assert_eq!(r.rows[0].0, 3);
    }

    #[test]
    fn the_rules_framing_a_sap_list_header_are_not_header_lines() {
        let text = "Customer line items\n\
                    --------------------------------------------------\n\
                    |Account   |Name 1   |DocumentNo|Doc. Date |Amount in local cur.|\n\
                    --------------------------------------------------\n\
                    |0000611365|Alpha AG |1800001639|2016-12-01|              77.97|\n\
                    --------------------------------------------------\n";
        let r = read(text);
        assert!(r.summary.problems.is_empty(), "{:?}", r.summary.problems);
        let layout = r.summary.layout.unwrap();
        assert_eq!((layout.header_line, layout.header_rows), (3, 1));
        assert!(
            !layout.columns.iter().any(|c| c.starts_with('-')),
            "{:?}",
            layout.columns
        );
        assert_eq!(r.rows.len(), 1);
    }

    #[test]
    fn a_file_without_a_header_says_what_its_first_row_holds() {
        let r = read("x,y\n1,2\n");
        assert_eq!(
            r.summary.problems[0].kind,
            Problem::NoHeader {
                first_row: vec!["x".into(), "y".into()]
            }
        );
    }
}
