//! Deterministic generator of accounts-receivable month-end ledgers.
//!
//! Role: this module writes the bundled fixtures (`fixtures/`: eighteen month-end ledgers
//! from 2016-01-31 to 2017-06-30 that tell the story of the specification's introduction,
//! plus a provision matrix, `policy.csv`) and the large ledgers the benchmarks import.
//! Every ledger is in the canonical CSV of SPEC section 3; a large one can also be
//! written as an ERP exports it ([`Shape::Erp`]), for the benchmark of the dialect path.
//!
//! Ledgers are modelled at document level, so that months agree with each other: a
//! document has a customer, a number, a document date, a due date, an original amount and
//! a list of dated payments (or applications, for credits), and may be removed from the
//! ERP on a date (a write-off). Its open amount at an as-of date is the amount less the
//! payments dated on or before it; it is listed in the ledger at that date when it is
//! dated on or before it, still open and not yet removed.
//!
//! Invariants of every canonical ledger written here:
//! - deterministic: fixed seeds, no clock, no hash-map iteration order; the same call
//!   gives the same bytes;
//! - header exactly [`LEDGER_COLUMNS`], lines ending in `\n`, currency `CNY`, disputed
//!   `yes`/`no`, dates `YYYY-MM-DD`, amounts with exactly two decimals;
//! - rows sorted by customer id, then document date, then document number; document
//!   numbers unique per customer; no row with a zero open amount;
//! - money is [`Decimal`] with two places, never `f64`.

// Amounts in the tables are written in fen (hundredths of a yuan): yuan grouped by
// thousands, then the two fen digits, as in `1_865_400_00`.
#![allow(
    clippy::inconsistent_digit_grouping,
    reason = "amounts in fen: grouped yuan, then two fen digits"
)]

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

/// Customer A of the story: a state-owned customer that stopped paying in 2015, disputed
/// its balance and was written off on 2016-12-20.
pub const CUSTOMER_A: &str = "C0001";
/// Customer B of the story: a state-owned customer that paid its 2014 balance in four
/// instalments during 2016.
pub const CUSTOMER_B: &str = "C0002";
/// The related party that owes the company a loan.
pub const RELATED_PARTY: &str = "R0001";
/// The related-party loan document: dated 2014-06-30, due 2015-06-30, 37,900,000.00 open
/// in every fixture ledger.
pub const RELATED_PARTY_LOAN_DOC: &str = "LOAN-2014-001";

/// The header of every generated ledger, in this order.
pub const LEDGER_COLUMNS: [&str; 10] = [
    "customer_id",
    "customer_name",
    "customer_type",
    "document_no",
    "document_date",
    "due_date",
    "currency",
    "disputed",
    "amount",
    "open_amount",
];

/// The file name of the bundled provision matrix.
pub const POLICY_FILE_NAME: &str = "policy.csv";

/// The file name of a ledger as of `as_of`: `ar_YYYY-MM-DD.csv`.
pub fn ledger_file_name(as_of: NaiveDate) -> String {
    format!("ar_{}.csv", as_of.format("%Y-%m-%d"))
}

/// The 18 month ends of the fixtures, 2016-01-31 ..= 2017-06-30.
pub fn fixture_month_ends() -> Vec<NaiveDate> {
    let first = month_number(2016, 1);
    (first..first + 18).map(month_end_of_number).collect()
}

/// One fixture file: its file name (e.g. `ar_2016-12-31.csv`) and its full text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixtureFile {
    /// The file name, without a directory.
    pub name: String,
    /// The whole text of the file, UTF-8, lines ending in `\n`.
    pub contents: String,
}

/// All fixture files: the 18 ledgers (named `ar_YYYY-MM-DD.csv`, in date order) and
/// `policy.csv`.
pub fn fixture_files() -> Vec<FixtureFile> {
    let book = FixtureBook::build();
    let mut files: Vec<FixtureFile> = fixture_month_ends()
        .into_iter()
        .map(|as_of| FixtureFile {
            name: ledger_file_name(as_of),
            contents: in_memory(book.ledger_csv(as_of)),
        })
        .collect();
    files.push(FixtureFile {
        name: POLICY_FILE_NAME.to_owned(),
        contents: in_memory(policy_csv()),
    });
    files
}

/// A document the story writes off: who, which document, the open amount written off and
/// the write-off date (the date the book posts it; the ERP drops the document from its
/// ledgers from then on, except for one of Customer A's, which lingers one month).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryWriteOff {
    /// The customer id, such as [`CUSTOMER_A`].
    pub customer_id: &'static str,
    /// The document number, as in the ledgers.
    pub document_no: String,
    /// The open amount written off: the document's open amount in the last ledger before
    /// the write-off date.
    pub amount: Decimal,
    /// The write-off date.
    pub date: NaiveDate,
}

/// The write-offs of the story, sorted by date, customer and document: Customer A's
/// disputed 2015 invoices on 2016-12-20, then the small long-aging balances cleaned up
/// between 2017-02 and 2017-06.
pub fn story_write_offs() -> Vec<StoryWriteOff> {
    let book = FixtureBook::build();
    let mut write_offs: Vec<StoryWriteOff> = book
        .documents
        .iter()
        .filter_map(|document| {
            let date = document.written_off?;
            Some(StoryWriteOff {
                customer_id: document.customer.id,
                document_no: document.number.clone(),
                amount: document.open_at(date),
                date,
            })
        })
        .collect();
    write_offs.sort_by(|a, b| {
        (a.date, a.customer_id, &a.document_no).cmp(&(b.date, b.customer_id, &b.document_no))
    });
    write_offs
}

/// Parameters for a large generated ledger (benchmarks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerSpec {
    /// How many customers the items are spread over (at least one is used). Some
    /// customers may get no item; the last few are related parties (`R…` ids).
    pub customers: usize,
    /// Exactly how many open items (data rows) to write.
    pub items: usize,
    /// The as-of date: no document is dated after it.
    pub as_of: NaiveDate,
    /// The seed: the same spec always gives the same bytes.
    pub seed: u64,
}

/// How a generated ledger is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shape {
    /// The canonical CSV of SPEC section 3.
    #[default]
    Canonical,
    /// The same rows as an ERP writes them (an SAP-style line-item list saved as CSV):
    /// a title and a parameter line above the header, the header in the ERP's words
    /// (`Customer`, `Name 1`, `Document Number`, `Net Due Date`, `Amount in Local
    /// Currency`, …), dates `31.12.2017`, amounts grouped with a trailing minus
    /// (`1,234.56-`), disputed as `X` or blank, a `Total <customer>` row after each
    /// customer and a grand `Total` row at the end. It imports to the same figures.
    Erp,
}

/// Write one large ledger of exactly `spec.items` open items to `out`, streaming: memory
/// does not grow with the number of rows (only with the number of customers).
///
/// Customers have mixed types (state-owned, government, private, related party,
/// individual, other) and mostly Chinese names; items are mostly invoices, some partly
/// paid or disputed, with a few credit notes, debit notes and unapplied receipts, aged
/// from a few days to several years.
pub fn write_ledger<W: Write>(spec: &LedgerSpec, out: W) -> csv::Result<()> {
    write_ledger_as(spec, Layout::default(), out)
}

/// The order of a generated ledger's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowOrder {
    /// By customer, then document date and number (an aging report's order).
    #[default]
    ByCustomer,
    /// By document date, then number: customers interleaved, as a line-item list sorted
    /// by posting date comes (an ERP shape then has no customer subtotals).
    ByDate,
}

/// How a generated ledger is laid out: its [`Shape`] and [`RowOrder`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    /// Canonical or as an ERP writes it.
    pub shape: Shape,
    /// Grouped by customer or not.
    pub order: RowOrder,
}

/// [`write_ledger`] laid out as `layout`: the same documents, whatever the layout.
/// [`RowOrder::ByDate`] holds the documents in memory to sort them (64 bytes each);
/// [`RowOrder::ByCustomer`] streams.
pub fn write_ledger_as<W: Write>(spec: &LedgerSpec, layout: Layout, out: W) -> csv::Result<()> {
    let customers = spec.customers.max(1);
    let weights = CustomerWeights::new(spec.seed, customers);
    let mut writer = LedgerWriter::with_shape(out, layout.shape, spec.as_of)?;
    let grouped = layout.order == RowOrder::ByCustomer;
    let mut serial: u64 = 0;
    let mut same_day: Vec<BenchDocument> = Vec::new();
    // For the date order: every document with its customer's index, and the customers.
    let mut all: Vec<(u32, BenchDocument)> = Vec::new();
    let mut drawn: Vec<BenchCustomer> = Vec::new();
    let items = spec.items as u128;
    let mut assigned: u128 = 0;
    for index in 0..customers {
        // Cumulative rounding: the counts add up to `items` exactly.
        let bound = weights.cumulative[index] * items / weights.total;
        let count = (bound - assigned) as u64;
        assigned = bound;
        if count == 0 {
            continue;
        }
        let customer = BenchCustomer::new(spec.seed, index, customers);
        let mut rng = fastrand::Rng::with_seed(mix(spec.seed ^ 0x0D0C, index as u64));
        let span = 120 + rng.u64(0..=1400).min(rng.u64(0..=1400));
        for position in 0..count {
            // Stratified draws keep each customer's document dates in ascending order.
            let fraction = ((u128::from(position) * u128::from(MILLION)
                + u128::from(rng.u64(0..MILLION)))
                / u128::from(count)) as u64;
            let age = skewed_age(span, MILLION - fraction);
            serial += 1;
            let document = BenchDocument::draw(
                &mut rng,
                customer.terms,
                minus_days(spec.as_of, age),
                serial,
            );
            if !grouped {
                all.push((drawn.len() as u32, document));
                continue;
            }
            if same_day
                .last()
                .is_some_and(|last| last.date != document.date)
            {
                write_same_day(&mut writer, &customer, &mut same_day)?;
            }
            same_day.push(document);
        }
        if grouped {
            write_same_day(&mut writer, &customer, &mut same_day)?;
            writer.end_customer(&customer.id)?;
        } else {
            drawn.push(customer);
        }
    }
    if !grouped {
        all.sort_by_key(|(_, d)| (d.date, d.kind, d.serial));
        let mut number = Vec::with_capacity(16);
        for (customer, document) in &all {
            document.number(&mut number);
            writer.write(&document.row(&drawn[*customer as usize], &number))?;
        }
    }
    writer.finish()?;
    Ok(())
}

/// Write `months` consecutive month-end ledgers of exactly `items` open items each, the
/// last one as of the month end of `last`'s month, into `dir` (named
/// `ar_YYYY-MM-DD.csv`), and return their paths in date order.
///
/// The months are consistent with each other: one rolling population of documents, of
/// which each month some are paid in full, some partly, and new ones are billed to take
/// their place, so aging and roll-forwards across the months move. There are
/// `max(items / 40, 1)` customers. Deterministic for a given `seed`.
pub fn write_monthly_ledgers(
    dir: &Path,
    months: usize,
    items: usize,
    last: NaiveDate,
    seed: u64,
) -> io::Result<Vec<PathBuf>> {
    if months == 0 {
        return Ok(Vec::new());
    }
    let last_number = month_number(last.year(), last.month());
    let first_number = i64::try_from(months - 1)
        .ok()
        .and_then(|back| last_number.checked_sub(back))
        .filter(|first| month_in_range(*first))
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{months} months before {last} is out of the calendar's range"),
            )
        })?;
    let customer_count = (items / 40).max(1);
    let customers: Vec<BenchCustomer> = (0..customer_count)
        .map(|index| BenchCustomer::new(seed, index, customer_count))
        .collect();
    let weights = CustomerWeights::new(seed, customer_count);
    let mut rng = fastrand::Rng::with_seed(mix(seed ^ 0x4D4F, 0x0004_D0E5));
    let first_as_of = month_end_of_number(first_number);
    let mut population = RollingPopulation::new(&mut rng, &weights, &customers, items, first_as_of);
    let mut paths = Vec::with_capacity(months);
    for number in first_number..=last_number {
        let as_of = month_end_of_number(number);
        if number > first_number {
            population.roll(&mut rng, &weights, &customers, as_of);
        }
        let path = dir.join(ledger_file_name(as_of));
        let file = File::create(&path).map_err(|error| {
            io::Error::new(error.kind(), format!("{}: {error}", path.display()))
        })?;
        let mut writer = LedgerWriter::new(BufWriter::new(file))?;
        let mut document_no = Vec::with_capacity(16);
        for document in &population.documents {
            document.item.number(&mut document_no);
            writer.write(
                &document
                    .item
                    .row(&customers[document.customer], &document_no),
            )?;
        }
        writer.finish()?.flush()?;
        paths.push(path);
    }
    Ok(paths)
}

// ---------------------------------------------------------------------------------------
// Dates and money

/// A calendar date from a literal. Only used in constant tables, where a wrong date fails
/// the build.
const fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("not a calendar date"),
    }
}

const fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Months counted from year 0: `year * 12 + month - 1`.
fn month_number(year: i32, month: u32) -> i64 {
    i64::from(year) * 12 + i64::from(month) - 1
}

fn month_in_range(number: i64) -> bool {
    let year = number.div_euclid(12);
    year > i64::from(NaiveDate::MIN.year()) && year < i64::from(NaiveDate::MAX.year())
}

fn year_and_month(number: i64) -> (i32, u32) {
    let year = i32::try_from(number.div_euclid(12)).unwrap_or(i32::MAX);
    let month = u32::try_from(number.rem_euclid(12)).unwrap_or(0) + 1;
    (year, month)
}

fn month_end_of_number(number: i64) -> NaiveDate {
    let (year, month) = year_and_month(number);
    NaiveDate::from_ymd_opt(year, month, days_in_month(year, month)).unwrap_or(NaiveDate::MAX)
}

/// A day of the month `number`, clamped to its length.
fn day_of_month(number: i64, day: u32) -> NaiveDate {
    let (year, month) = year_and_month(number);
    let day = day.clamp(1, days_in_month(year, month));
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MAX)
}

fn plus_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

fn minus_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days))
        .unwrap_or(NaiveDate::MIN)
}

/// Money from a whole number of fen (hundredths of a yuan).
fn fen(amount: i64) -> Decimal {
    Decimal::new(amount, 2)
}

/// `percent` % of `amount`, to the fen.
fn share(amount: Decimal, percent: u32) -> Decimal {
    (amount * Decimal::from(percent) / Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// A random amount of money between `low` and `high` fen, skewed towards `low` (the
/// smaller of two uniform draws), as invoice amounts are.
fn draw_amount(rng: &mut fastrand::Rng, low: i64, high: i64) -> Decimal {
    let spread = high - low;
    fen(low + rng.i64(0..=spread).min(rng.i64(0..=spread)))
}

// ---------------------------------------------------------------------------------------
// Writing the canonical CSV

/// One row of a ledger, borrowed from wherever its fields live.
struct LedgerRow<'a> {
    customer_id: &'a str,
    customer_name: &'a str,
    customer_type: &'a str,
    document_no: &'a [u8],
    document_date: NaiveDate,
    due_date: NaiveDate,
    disputed: bool,
    amount: Decimal,
    open_amount: Decimal,
}

/// The header of an [`Shape::Erp`] ledger, field for field as [`LEDGER_COLUMNS`].
const ERP_COLUMNS: [&str; 10] = [
    "Customer",
    "Name 1",
    "Customer Type",
    "Document Number",
    "Document Date",
    "Net Due Date",
    "Crcy",
    "In Dispute",
    "Amount",
    "Amount in Local Currency",
];

/// The CSV writer: the header, then one row at a time, reusing its buffers.
struct LedgerWriter<W: Write> {
    csv: csv::Writer<W>,
    shape: Shape,
    document_date: Vec<u8>,
    due_date: Vec<u8>,
    amount: Vec<u8>,
    open_amount: Vec<u8>,
    /// Open amounts of the customer being written, and of the file ([`Shape::Erp`]).
    customer_total: Decimal,
    grand_total: Decimal,
}

impl<W: Write> LedgerWriter<W> {
    fn new(out: W) -> csv::Result<Self> {
        Self::with_shape(out, Shape::Canonical, NaiveDate::MIN)
    }

    /// A writer of `shape`; `as_of` is printed in an ERP ledger's title lines.
    fn with_shape(out: W, shape: Shape, as_of: NaiveDate) -> csv::Result<Self> {
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .buffer_capacity(64 * 1024)
            // An ERP ledger's title lines have one field; canonical rows are all checked.
            .flexible(shape == Shape::Erp)
            .from_writer(out);
        match shape {
            Shape::Canonical => csv.write_record(LEDGER_COLUMNS)?,
            Shape::Erp => {
                let mut date = Vec::with_capacity(10);
                push_date_day_first(&mut date, as_of);
                let date = String::from_utf8_lossy(&date);
                csv.write_record(["Customer Line Item Display"])?;
                csv.write_record([format!("Company code 1000, open items at key date {date}")])?;
                csv.write_record([""])?;
                csv.write_record(ERP_COLUMNS)?;
            }
        }
        Ok(Self {
            csv,
            shape,
            document_date: Vec::with_capacity(10),
            due_date: Vec::with_capacity(10),
            amount: Vec::with_capacity(24),
            open_amount: Vec::with_capacity(24),
            customer_total: Decimal::ZERO,
            grand_total: Decimal::ZERO,
        })
    }

    /// Dates and amounts of `row` into the buffers, in the shape's format.
    fn format(&mut self, row: &LedgerRow<'_>) {
        type Push<T> = fn(&mut Vec<u8>, T);
        let (date, money): (Push<NaiveDate>, Push<Decimal>) = match self.shape {
            Shape::Canonical => (push_date, push_money),
            Shape::Erp => (push_date_day_first, push_money_grouped),
        };
        self.document_date.clear();
        date(&mut self.document_date, row.document_date);
        self.due_date.clear();
        date(&mut self.due_date, row.due_date);
        self.amount.clear();
        money(&mut self.amount, row.amount);
        self.open_amount.clear();
        money(&mut self.open_amount, row.open_amount);
    }

    fn write(&mut self, row: &LedgerRow<'_>) -> csv::Result<()> {
        self.format(row);
        self.customer_total += row.open_amount;
        let disputed: &[u8] = match (self.shape, row.disputed) {
            (Shape::Canonical, true) => b"yes",
            (Shape::Canonical, false) => b"no",
            (Shape::Erp, true) => b"X",
            (Shape::Erp, false) => b"",
        };
        let record: [&[u8]; 10] = [
            row.customer_id.as_bytes(),
            row.customer_name.as_bytes(),
            row.customer_type.as_bytes(),
            row.document_no,
            &self.document_date,
            &self.due_date,
            b"CNY",
            disputed,
            &self.amount,
            &self.open_amount,
        ];
        self.csv.write_record(record)
    }

    /// After a customer's last row: an ERP ledger's `Total <customer>` row.
    fn end_customer(&mut self, customer_id: &str) -> csv::Result<()> {
        let total = std::mem::take(&mut self.customer_total);
        self.grand_total += total;
        if self.shape == Shape::Erp {
            self.total_row(&format!("Total {customer_id}"), total)?;
        }
        Ok(())
    }

    fn total_row(&mut self, label: &str, total: Decimal) -> csv::Result<()> {
        self.open_amount.clear();
        push_money_grouped(&mut self.open_amount, total);
        let open = String::from_utf8_lossy(&self.open_amount).into_owned();
        self.csv
            .write_record([label, "", "", "", "", "", "", "", "", open.as_str()])
    }

    /// Flush and hand back the output (after an ERP ledger's grand `Total` row).
    fn finish(mut self) -> csv::Result<W> {
        if self.shape == Shape::Erp {
            let grand = self.grand_total + std::mem::take(&mut self.customer_total);
            self.total_row("Total", grand)?;
        }
        self.csv.flush()?;
        self.csv
            .into_inner()
            .map_err(|error| csv::Error::from(error.into_error()))
    }
}

/// The text of a CSV written to memory. Writing to a `Vec` cannot fail (no I/O) and the
/// fields are `&str`, so the bytes are UTF-8: an error here is a bug in this module.
fn in_memory(result: csv::Result<Vec<u8>>) -> String {
    match result.map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(error)) => unreachable!("a generated CSV is not UTF-8: {error}"),
        Err(error) => unreachable!("writing a CSV to memory failed: {error}"),
    }
}

/// `YYYY-MM-DD`, by hand: chrono's formatter is the slowest step of a large ledger.
fn push_date(buffer: &mut Vec<u8>, date: NaiveDate) {
    let year = date.year();
    if year < 0 {
        buffer.push(b'-');
    }
    push_digits(buffer, u128::from(year.unsigned_abs()), 4);
    buffer.push(b'-');
    push_digits(buffer, u128::from(date.month()), 2);
    buffer.push(b'-');
    push_digits(buffer, u128::from(date.day()), 2);
}

/// `DD.MM.YYYY`, as a German or SAP export writes dates.
fn push_date_day_first(buffer: &mut Vec<u8>, date: NaiveDate) {
    push_digits(buffer, u128::from(date.day()), 2);
    buffer.push(b'.');
    push_digits(buffer, u128::from(date.month()), 2);
    buffer.push(b'.');
    push_digits(buffer, u128::from(date.year().unsigned_abs()), 4);
}

/// Two places, thousands grouped with commas, a trailing `-` for negatives (SAP):
/// `1,234,567.80-`.
fn push_money_grouped(buffer: &mut Vec<u8>, amount: Decimal) {
    let start = buffer.len();
    push_money(buffer, amount.abs());
    let point = buffer.len() - 3;
    let mut grouped = Vec::with_capacity(buffer.len() - start + 8);
    for (i, digit) in buffer[start..point].iter().enumerate() {
        if i > 0 && (point - start - i).is_multiple_of(3) {
            grouped.push(b',');
        }
        grouped.push(*digit);
    }
    grouped.extend_from_slice(&buffer[point..]);
    buffer.truncate(start);
    buffer.extend_from_slice(&grouped);
    if amount.is_sign_negative() && !amount.is_zero() {
        buffer.push(b'-');
    }
}

/// A plain decimal with exactly two places, `-` for negatives, no separators.
fn push_money(buffer: &mut Vec<u8>, amount: Decimal) {
    let mut amount = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    amount.rescale(2);
    let fen = amount.mantissa();
    if fen < 0 {
        buffer.push(b'-');
    }
    let fen = fen.unsigned_abs();
    push_digits(buffer, fen / 100, 1);
    buffer.push(b'.');
    push_digits(buffer, fen % 100, 2);
}

/// The decimal digits of `value`, zero-padded to at least `width`.
fn push_digits(buffer: &mut Vec<u8>, value: u128, width: usize) {
    let mut digits = [b'0'; 40];
    let mut start = digits.len();
    let mut rest = value;
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let length = digits.len() - start;
    buffer.extend(std::iter::repeat_n(b'0', width.saturating_sub(length)));
    buffer.extend_from_slice(&digits[start..]);
}

// ---------------------------------------------------------------------------------------
// Customer types and the bundled provision matrix

/// The canonical customer types of SPEC section 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CustomerType {
    StateOwned,
    Government,
    Private,
    RelatedParty,
    Individual,
    Other,
}

impl CustomerType {
    const fn as_str(self) -> &'static str {
        match self {
            Self::StateOwned => "state_owned",
            Self::Government => "government",
            Self::Private => "private",
            Self::RelatedParty => "related_party",
            Self::Individual => "individual",
            Self::Other => "other",
        }
    }
}

/// The provision matrix of the fixtures: loss rates by customer type and days past due,
/// rising with age. Government bodies rarely fail to pay in the end, so theirs stay below
/// 1; related parties are reserved individually (a specific allowance) when needed.
const POLICY: [(&str, [&str; 9]); 7] = [
    (
        "state_owned",
        [
            "0.003", "0.005", "0.01", "0.03", "0.05", "0.10", "0.30", "0.60", "1.00",
        ],
    ),
    (
        "government",
        [
            "0.001", "0.003", "0.005", "0.01", "0.03", "0.05", "0.15", "0.30", "0.50",
        ],
    ),
    (
        "private",
        [
            "0.005", "0.01", "0.03", "0.05", "0.10", "0.20", "0.50", "0.80", "1.00",
        ],
    ),
    (
        "related_party",
        [
            "0.001", "0.002", "0.005", "0.01", "0.02", "0.05", "0.10", "0.30", "1.00",
        ],
    ),
    (
        "individual",
        [
            "0.01", "0.02", "0.05", "0.10", "0.20", "0.40", "0.70", "0.90", "1.00",
        ],
    ),
    (
        "other",
        [
            "0.005", "0.01", "0.03", "0.05", "0.10", "0.20", "0.50", "0.80", "1.00",
        ],
    ),
    (
        "*",
        [
            "0.005", "0.01", "0.03", "0.05", "0.10", "0.20", "0.50", "0.80", "1.00",
        ],
    ),
];

fn policy_csv() -> csv::Result<Vec<u8>> {
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    csv.write_record([
        "customer_type",
        "current",
        "1-30",
        "31-60",
        "61-90",
        "91-180",
        "181-365",
        "366-730",
        "731-1095",
        "1096+",
    ])?;
    for (customer_type, rates) in POLICY {
        csv.write_record(std::iter::once(customer_type).chain(rates))?;
    }
    csv.flush()?;
    csv.into_inner()
        .map_err(|error| csv::Error::from(error.into_error()))
}

// ---------------------------------------------------------------------------------------
// The fixtures' customers

/// How large a customer's invoices are, and how many a month.
#[derive(Debug, Clone, Copy)]
enum Size {
    /// 1–2 invoices a month of RMB 5,000–80,000.
    Small,
    /// 1–3 invoices a month of RMB 20,000–300,000.
    Medium,
    /// 1–4 invoices a month of RMB 100,000–900,000.
    Large,
}

/// When a customer is billed in the fixtures' history.
#[derive(Debug, Clone, Copy)]
enum Trading {
    /// Every month from the start of the history.
    Regular,
    /// From this (year, month) on: a new customer.
    Since(i32, u32),
    /// Up to this (year, month): a customer lost.
    Until(i32, u32),
    /// Never, apart from the documents the story gives it.
    StoryOnly,
}

#[derive(Debug)]
struct FixtureCustomer {
    id: &'static str,
    name: &'static str,
    kind: CustomerType,
    /// What the ERP puts in the `customer_type` column: the canonical type, or a synonym
    /// (always the same one for a customer).
    label: &'static str,
    terms: u64,
    size: Size,
    trading: Trading,
}

impl FixtureCustomer {
    fn trades_in(&self, number: i64) -> bool {
        match self.trading {
            Trading::Regular => true,
            Trading::Since(year, month) => number >= month_number(year, month),
            Trading::Until(year, month) => number <= month_number(year, month),
            Trading::StoryOnly => false,
        }
    }
}

const fn customer(
    id: &'static str,
    name: &'static str,
    kind: CustomerType,
    terms: u64,
    size: Size,
    trading: Trading,
) -> FixtureCustomer {
    FixtureCustomer {
        id,
        name,
        kind,
        label: kind.as_str(),
        terms,
        size,
        trading,
    }
}

/// The same customer, exported by the ERP under a synonym of its type.
const fn labelled(customer: FixtureCustomer, label: &'static str) -> FixtureCustomer {
    FixtureCustomer { label, ..customer }
}

use CustomerType::{Government, Individual, Other, Private, RelatedParty, StateOwned};
use Size::{Large, Medium, Small};
use Trading::{Regular, Since, StoryOnly, Until};

/// The 80 customers of the fixtures, in id order.
#[rustfmt::skip]
static FIXTURE_CUSTOMERS: [FixtureCustomer; 80] = [
    customer("C0001", "中原重型机械集团有限公司", StateOwned, 90, Large, StoryOnly),
    customer("C0002", "华东电力建设股份有限公司", StateOwned, 60, Large, Regular),
    labelled(customer("C0003", "西南水利水电工程有限公司", StateOwned, 90, Large, Regular), "SOE"),
    customer("C0004", "北方冶金矿山设备集团有限公司", StateOwned, 60, Large, Regular),
    customer("C0005", "深圳市华强电子有限公司", Private, 30, Medium, Regular),
    labelled(customer("C0006", "山东港口装备制造有限公司", StateOwned, 60, Large, Regular), "state-owned"),
    customer("C0007", "郑州市城市管理局", Government, 90, Medium, Regular),
    customer("C0008", "Pacific Rim Trading Ltd", Private, 60, Medium, Regular),
    customer("C0009", "王建国", Individual, 30, Small, Regular),
    customer("C0010", "江汉石化工程建设有限公司", StateOwned, 90, Large, Until(2016, 6)),
    customer("C0011", "苏州恒泰精密机械有限公司", Private, 60, Medium, Regular),
    customer("C0012", "洛阳市第一人民医院", Government, 90, Medium, Regular),
    labelled(customer("C0013", "陕西有色金属建设有限公司", StateOwned, 60, Large, Regular), "SOE"),
    customer("C0014", "Smith, Jones & Co.", Private, 30, Small, Regular),
    customer("C0015", "华北城市轨道交通建设有限公司", StateOwned, 90, Large, Regular),
    customer("C0016", "东莞市联丰五金制品有限公司", Private, 60, Medium, Regular),
    customer("C0017", "杭州云帆智能科技有限公司", Private, 30, Medium, Regular),
    customer("C0018", "武汉市水务局", Government, 90, Medium, Regular),
    customer("C0019", "李秀英", Individual, 30, Small, Regular),
    customer("C0020", "黄河能源投资集团有限公司", StateOwned, 60, Large, Regular),
    customer("C0021", "温州正通电器有限公司", Private, 30, Small, Regular),
    customer("C0022", "佛山市顺德区美达家电有限公司", Private, 60, Medium, Until(2016, 2)),
    customer("C0023", "南京市江宁区教育局", Government, 60, Small, Regular),
    customer("C0024", "Northern Star Logistics Pte Ltd", Private, 30, Medium, Regular),
    customer("C0025", "东方船舶重工有限公司", StateOwned, 90, Large, Regular),
    customer("C0026", "厦门鹭港物流有限公司", Private, 30, Small, Regular),
    customer("C0027", "成都天府信息技术有限公司", Private, 60, Medium, Regular),
    customer("C0028", "湖南建工集团第三工程有限公司", StateOwned, 60, Large, Regular),
    customer("C0029", "天津滨海新材料有限公司", Private, 60, Medium, Regular),
    customer("C0030", "上海市浦东新区建设和交通委员会", Government, 90, Medium, Regular),
    customer("C0031", "无锡锡能环保设备有限公司", Private, 60, Medium, Since(2016, 5)),
    customer("C0032", "张伟", Individual, 30, Small, Regular),
    customer("C0033", "Kowloon Bay Electronics Limited", Private, 60, Medium, Regular),
    customer("C0034", "中原煤业控股集团有限公司", StateOwned, 90, Large, Regular),
    customer("C0035", "青岛北海食品有限公司", Private, 30, Small, Regular),
    customer("C0036", "合肥科创自动化设备有限公司", Private, 90, Medium, Regular),
    customer("C0037", "长沙湘江建材贸易有限公司", Private, 60, Medium, Until(2016, 10)),
    customer("C0038", "郑州金盾安防科技有限公司", Private, 30, Small, Regular),
    customer("C0039", "开封市公共资源交易中心", Government, 60, Small, Regular),
    customer("C0040", "石家庄冀中化工有限公司", Private, 60, Medium, Regular),
    customer("C0041", "长江航运物资有限公司", StateOwned, 30, Medium, Regular),
    customer("C0042", "Meridian Engineering GmbH", Private, 60, Medium, Regular),
    customer("C0043", "重庆渝通汽车配件有限公司", Private, 60, Medium, Regular),
    customer("C0044", "刘洋", Individual, 30, Small, Regular),
    customer("C0045", "太原晋丰煤机配件有限公司", Private, 90, Medium, Regular),
    customer("C0046", "新疆天山电网工程有限公司", StateOwned, 90, Large, Since(2016, 9)),
    customer("C0047", "沈阳北重机电设备有限公司", Private, 60, Small, StoryOnly),
    customer("C0048", "福州闽江纺织有限公司", Private, 30, Small, Regular),
    customer("C0049", "河南省机械工业协会", Other, 30, Small, Regular),
    customer("C0050", "Sato Precision Parts Co., Ltd.", Private, 60, Medium, Regular),
    customer("C0051", "南昌赣鑫铜业有限公司", Private, 60, Medium, Regular),
    customer("C0052", "陈志强", Individual, 30, Small, StoryOnly),
    customer("C0053", "广西交通投资集团有限公司", StateOwned, 60, Large, Regular),
    customer("C0054", "济南泉城电缆有限公司", Private, 60, Medium, Regular),
    customer("C0055", "西安市公安局交通管理局", Government, 90, Medium, Regular),
    customer("C0056", "昆明滇南农业机械有限公司", Private, 90, Small, Until(2017, 1)),
    customer("C0057", "大连海诚国际货运代理有限公司", Private, 30, Medium, Regular),
    customer("C0058", "Golden Bridge Resources Pty Ltd", Private, 60, Medium, Regular),
    customer("C0059", "赵丽华", Individual, 30, Small, Regular),
    customer("C0060", "宁波甬新塑料制品有限公司", Private, 30, Medium, Regular),
    customer("C0061", "许昌市政府采购中心", Government, 60, Medium, Since(2017, 1)),
    customer("C0062", "中原职业技术学院", Other, 60, Small, Regular),
    customer("C0063", "Blue Harbour Imports LLC", Private, 60, Small, StoryOnly),
    customer("C0064", "河南豫能电力设备有限公司", Private, 60, Medium, Regular),
    customer("C0065", "黄海涛", Individual, 30, Small, Since(2017, 3)),
    customer("C0066", "贵阳黔通建设工程有限公司", Private, 60, Medium, Regular),
    customer("C0067", "南阳市卧龙区卫生健康委员会", Government, 90, Small, Regular),
    customer("C0068", "平顶山天安矿业装备有限公司", StateOwned, 60, Large, Regular),
    customer("C0069", "杨帆", Individual, 30, Small, Regular),
    customer("C0070", "安阳钢城物资贸易有限公司", Private, 60, Medium, Regular),
    customer("C0071", "周明", Individual, 30, Small, StoryOnly),
    customer("C0072", "Orient Crescent Supply Ltd", Private, 30, Small, Regular),
    customer("C0073", "新乡豫北制冷配件有限公司", Private, 60, Medium, Regular),
    customer("C0074", "焦作华美铝业有限公司", Private, 60, Medium, Regular),
    customer("C0075", "信阳茶业进出口有限公司", Private, 30, Small, Regular),
    customer("C0076", "商丘中原物流园有限公司", StateOwned, 30, Medium, Regular),
    customer("C0077", "周口市农业农村局", Government, 60, Small, Regular),
    customer("C0078", "漯河食品产业园开发有限公司", StateOwned, 60, Medium, Regular),
    customer("R0001", "中原实业投资控股有限公司", RelatedParty, 365, Large, StoryOnly),
    labelled(customer("R0002", "中原重工物流服务有限公司", RelatedParty, 30, Medium, Regular), "related party"),
];

// ---------------------------------------------------------------------------------------
// The story, as constant tables (amounts in fen)

/// The fixtures' history starts here: earlier invoices were all settled before 2016,
/// apart from the story's.
const HISTORY_START: (i32, u32) = (2014, 10);
/// The last month billed: the month of the last fixture.
const HISTORY_END: (i32, u32) = (2017, 6);
const FIXTURE_SEED: u64 = 0x4147_4542_4F4F_4B16;

/// Customer A's 2015 invoices left unpaid after its change of management:
/// (document date, amount, paid before it stopped paying). The last one lingers in the
/// ERP for a month after the write-off.
const A_UNPAID_INVOICES: [(NaiveDate, i64, i64); 8] = [
    (date(2015, 3, 18), 1_865_400_00, 0),
    (date(2015, 4, 22), 2_316_800_00, 0),
    (date(2015, 5, 15), 1_478_250_00, 0),
    (date(2015, 6, 29), 986_300_00, 300_000_00),
    (date(2015, 7, 20), 2_104_600_00, 0),
    (date(2015, 8, 17), 1_732_916_40, 0),
    (date(2015, 9, 21), 1_245_750_00, 0),
    (date(2015, 9, 28), 948_027_60, 0),
];
/// Customer A's last payment, on the partly paid invoice.
const A_LAST_PAYMENT: NaiveDate = date(2015, 9, 30);
/// From this date the ERP marks Customer A's invoices as disputed (so from the 2016-03-31
/// ledger on).
const A_DISPUTED_FROM: NaiveDate = date(2016, 3, 15);
const A_WRITE_OFF: NaiveDate = date(2016, 12, 20);
/// The ERP drops the lingering invoice only after the 2016-12-31 ledger.
const A_LINGERING_REMOVED: NaiveDate = date(2017, 1, 10);
/// Customer A trades again after the write-off: one small invoice, unpaid at 2017-06-30.
const A_NEW_INVOICE: (NaiveDate, i64) = (date(2017, 2, 16), 156_800_00);

/// Customer B's 2014 invoices, open at the start of 2016: (document date, amount).
const B_OLD_INVOICES: [(NaiveDate, i64); 5] = [
    (date(2014, 3, 12), 1_520_000_00),
    (date(2014, 5, 20), 2_380_500_00),
    (date(2014, 8, 8), 1_946_200_00),
    (date(2014, 10, 15), 1_275_800_00),
    (date(2014, 12, 10), 912_600_00),
];
/// Customer B's instalments in 2016, applied to the oldest invoice first; they settle the
/// 2014 balance exactly.
const B_INSTALMENTS: [(NaiveDate, i64); 4] = [
    (date(2016, 3, 28), 2_000_000_00),
    (date(2016, 6, 27), 2_500_000_00),
    (date(2016, 9, 23), 2_000_000_00),
    (date(2016, 11, 21), 1_535_100_00),
];

const LOAN: (NaiveDate, NaiveDate, i64) = (date(2014, 6, 30), date(2015, 6, 30), 37_900_000_00);

/// What happens to a small long-aging balance.
#[derive(Debug, Clone, Copy)]
enum Fate {
    /// Written off in the 2017 H1 clean-up on this date.
    WrittenOff(NaiveDate),
    /// Collected in full on this date.
    Collected(NaiveDate),
    /// Still open at the last fixture.
    StillOpen,
}

/// Small long-aging balances: (customer, document date, amount, paid early on, fate).
#[rustfmt::skip]
const LONG_AGING: [(&str, NaiveDate, i64, i64, Fate); 12] = [
    ("C0040", date(2013, 8, 14),  18_460_00,         0, Fate::WrittenOff(date(2017, 2, 24))),
    ("C0040", date(2014, 1, 9),    7_320_50,         0, Fate::WrittenOff(date(2017, 2, 24))),
    ("C0047", date(2013, 11, 27), 56_800_00, 10_000_00, Fate::WrittenOff(date(2017, 3, 30))),
    ("C0052", date(2014, 3, 18),  12_600_00,         0, Fate::WrittenOff(date(2017, 3, 30))),
    ("C0052", date(2014, 6, 5),    5_480_00,         0, Fate::WrittenOff(date(2017, 3, 30))),
    ("C0058", date(2014, 2, 21),  33_150_00,         0, Fate::WrittenOff(date(2017, 4, 27))),
    ("C0063", date(2013, 12, 16),  9_875_40,         0, Fate::WrittenOff(date(2017, 5, 25))),
    ("C0066", date(2014, 4, 30),  41_200_00,         0, Fate::WrittenOff(date(2017, 5, 25))),
    ("C0066", date(2014, 7, 22),  26_735_00,         0, Fate::WrittenOff(date(2017, 6, 28))),
    ("C0071", date(2014, 5, 12),   6_300_00,         0, Fate::WrittenOff(date(2017, 6, 28))),
    ("C0045", date(2014, 8, 19),  22_400_00,         0, Fate::StillOpen),
    ("C0055", date(2014, 9, 10),  48_000_00,         0, Fate::Collected(date(2016, 8, 16))),
];

// ---------------------------------------------------------------------------------------
// The fixtures' documents

/// The kind of a document, in the order numbers are given on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum DocumentKind {
    Invoice,
    CreditNote,
    Receipt,
    Loan,
}

impl DocumentKind {
    const fn prefix(self) -> &'static str {
        match self {
            Self::Invoice => "INV",
            Self::CreditNote => "CN",
            Self::Receipt => "RC",
            Self::Loan => "LOAN",
        }
    }
}

#[derive(Debug)]
struct Document {
    customer: &'static FixtureCustomer,
    kind: DocumentKind,
    /// Given by [`FixtureBook::number_documents`] once all documents exist.
    number: String,
    date: NaiveDate,
    due: NaiveDate,
    amount: Decimal,
    /// Payments, or applications of a credit (negative, like the credit).
    payments: Vec<(NaiveDate, Decimal)>,
    disputed_from: Option<NaiveDate>,
    /// The ERP stops listing the document from this date on.
    removed: Option<NaiveDate>,
    /// The write-off date, for the story's write-offs.
    written_off: Option<NaiveDate>,
}

impl Document {
    fn new(
        customer: &'static FixtureCustomer,
        kind: DocumentKind,
        date: NaiveDate,
        due: NaiveDate,
        amount: Decimal,
    ) -> Self {
        Self {
            customer,
            kind,
            number: String::new(),
            date,
            due,
            amount,
            payments: Vec::new(),
            disputed_from: None,
            removed: None,
            written_off: None,
        }
    }

    fn invoice(customer: &'static FixtureCustomer, date: NaiveDate, amount: Decimal) -> Self {
        Self::new(
            customer,
            DocumentKind::Invoice,
            date,
            plus_days(date, customer.terms),
            amount,
        )
    }

    fn paid(mut self, on: NaiveDate, amount: Decimal) -> Self {
        self.payments.push((on, amount));
        self
    }

    fn written_off(mut self, on: NaiveDate) -> Self {
        self.written_off = Some(on);
        self.removed = Some(on);
        self
    }

    fn open_at(&self, as_of: NaiveDate) -> Decimal {
        self.amount
            - self
                .payments
                .iter()
                .filter(|(on, _)| *on <= as_of)
                .map(|(_, amount)| *amount)
                .sum::<Decimal>()
    }

    fn is_listed_at(&self, as_of: NaiveDate) -> bool {
        self.date <= as_of
            && self.removed.is_none_or(|removed| removed > as_of)
            && !self.open_at(as_of).is_zero()
    }

    fn is_disputed_at(&self, as_of: NaiveDate) -> bool {
        self.disputed_from.is_some_and(|from| from <= as_of)
    }
}

/// Every document of the fixtures' history, from which each month's ledger is read.
struct FixtureBook {
    documents: Vec<Document>,
}

impl FixtureBook {
    fn build() -> Self {
        let mut documents = story_documents();
        let mut rng = fastrand::Rng::with_seed(FIXTURE_SEED);
        simulate_trading(&mut rng, &mut documents);
        Self::number_documents(&mut documents);
        Self { documents }
    }

    /// Numbers by kind and year in date order, as an ERP gives them: `INV-2016-00042`.
    fn number_documents(documents: &mut [Document]) {
        let mut order: Vec<usize> = (0..documents.len())
            .filter(|&index| documents[index].kind != DocumentKind::Loan)
            .collect();
        order.sort_by_key(|&index| {
            let document = &documents[index];
            (document.date, document.kind, document.customer.id, index)
        });
        let mut counters: BTreeMap<(DocumentKind, i32), u32> = BTreeMap::new();
        for index in order {
            let document = &mut documents[index];
            let year = document.date.year();
            let counter = counters.entry((document.kind, year)).or_insert(0);
            *counter += 1;
            document.number = format!("{}-{year}-{:05}", document.kind.prefix(), counter);
        }
    }

    fn ledger_csv(&self, as_of: NaiveDate) -> csv::Result<Vec<u8>> {
        let mut listed: Vec<&Document> = self
            .documents
            .iter()
            .filter(|document| document.is_listed_at(as_of))
            .collect();
        listed.sort_by(|a, b| {
            (a.customer.id, a.date, &a.number).cmp(&(b.customer.id, b.date, &b.number))
        });
        let mut writer = LedgerWriter::new(Vec::new())?;
        for document in listed {
            writer.write(&LedgerRow {
                customer_id: document.customer.id,
                customer_name: document.customer.name,
                customer_type: document.customer.label,
                document_no: document.number.as_bytes(),
                document_date: document.date,
                due_date: document.due,
                disputed: document.is_disputed_at(as_of),
                amount: document.amount,
                open_amount: document.open_at(as_of),
            })?;
        }
        writer.finish()
    }
}

fn fixture_customer(id: &str) -> Option<&'static FixtureCustomer> {
    FIXTURE_CUSTOMERS.iter().find(|customer| customer.id == id)
}

/// The documents of the story: Customer A, Customer B's old balance, the related-party
/// loan and the small long-aging balances.
fn story_documents() -> Vec<Document> {
    let mut documents = Vec::new();
    if let Some(a) = fixture_customer(CUSTOMER_A) {
        let last = A_UNPAID_INVOICES.len() - 1;
        for (index, (date, amount, paid)) in A_UNPAID_INVOICES.into_iter().enumerate() {
            let mut document = Document::invoice(a, date, fen(amount)).written_off(A_WRITE_OFF);
            if paid != 0 {
                document = document.paid(A_LAST_PAYMENT, fen(paid));
            }
            document.disputed_from = Some(A_DISPUTED_FROM);
            if index == last {
                document.removed = Some(A_LINGERING_REMOVED);
            }
            documents.push(document);
        }
        let (date, amount) = A_NEW_INVOICE;
        documents.push(Document::invoice(a, date, fen(amount)));
    }
    if let Some(b) = fixture_customer(CUSTOMER_B) {
        let mut instalments = B_INSTALMENTS
            .into_iter()
            .map(|(on, amount)| (on, fen(amount)));
        let mut current = instalments.next();
        for (date, amount) in B_OLD_INVOICES {
            let mut document = Document::invoice(b, date, fen(amount));
            // Apply the instalments to the oldest invoice first.
            let mut owed = document.amount;
            while let Some((on, left)) = current.as_mut()
                && owed > Decimal::ZERO
            {
                let applied = owed.min(*left);
                document.payments.push((*on, applied));
                owed -= applied;
                *left -= applied;
                if left.is_zero() {
                    current = instalments.next();
                }
            }
            documents.push(document);
        }
    }
    if let Some(related) = fixture_customer(RELATED_PARTY) {
        let (date, due, amount) = LOAN;
        let mut loan = Document::new(related, DocumentKind::Loan, date, due, fen(amount));
        loan.number = RELATED_PARTY_LOAN_DOC.to_owned();
        documents.push(loan);
    }
    for (id, date, amount, paid, fate) in LONG_AGING {
        let Some(customer) = fixture_customer(id) else {
            continue;
        };
        let mut document = Document::invoice(customer, date, fen(amount));
        if paid != 0 {
            document = document.paid(plus_days(date, 120), fen(paid));
        }
        document = match fate {
            Fate::WrittenOff(on) => document.written_off(on),
            Fate::Collected(on) => {
                let rest = document.open_at(on);
                document.paid(on, rest)
            }
            Fate::StillOpen => document,
        };
        documents.push(document);
    }
    documents
}

/// Everyone's ordinary trading from [`HISTORY_START`] to [`HISTORY_END`]: invoices each
/// month with their collections, and a few credit notes and unapplied receipts.
fn simulate_trading(rng: &mut fastrand::Rng, documents: &mut Vec<Document>) {
    // How late each customer pays beyond its terms, at most, in days.
    let slack: Vec<u64> = FIXTURE_CUSTOMERS
        .iter()
        .map(|customer| match (customer.kind, rng.u32(0..3)) {
            (Government, _) | (_, 0) => 120,
            (_, 1) => 75,
            _ => 30,
        })
        .collect();
    let first = month_number(HISTORY_START.0, HISTORY_START.1);
    let last = month_number(HISTORY_END.0, HISTORY_END.1);
    for month in first..=last {
        let mut trading: Vec<&'static FixtureCustomer> = Vec::new();
        for (customer, slack) in FIXTURE_CUSTOMERS.iter().zip(&slack) {
            if !customer.trades_in(month) {
                continue;
            }
            trading.push(customer);
            let (most, low, high) = match customer.size {
                Small => (2, 5_000_00, 80_000_00),
                Medium => (3, 20_000_00, 300_000_00),
                Large => (4, 100_000_00, 900_000_00),
            };
            for _ in 0..rng.u32(1..=most) {
                let date = day_of_month(month, rng.u32(1..=31));
                let amount = draw_amount(rng, low, high);
                documents.push(collect_invoice(
                    rng,
                    Document::invoice(customer, date, amount),
                    *slack,
                ));
            }
        }
        if trading.is_empty() {
            continue;
        }
        for _ in 0..rng.u32(1..=3) {
            let customer = trading[rng.usize(..trading.len())];
            let date = day_of_month(month, rng.u32(1..=31));
            let amount = -draw_amount(rng, 1_000_00, 30_000_00);
            let applied = if rng.u32(0..4) == 0 {
                plus_days(date, rng.u64(120..=400))
            } else {
                plus_days(date, rng.u64(15..=90))
            };
            documents.push(
                Document::new(customer, DocumentKind::CreditNote, date, date, amount)
                    .paid(applied, amount),
            );
        }
        for _ in 0..rng.u32(1..=2) {
            let customer = trading[rng.usize(..trading.len())];
            let date = day_of_month(month, rng.u32(1..=31));
            let amount = -draw_amount(rng, 5_000_00, 150_000_00);
            let cleared = if rng.u32(0..7) == 0 {
                plus_days(date, rng.u64(60..=200))
            } else {
                plus_days(date, rng.u64(3..=40))
            };
            documents.push(
                Document::new(customer, DocumentKind::Receipt, date, date, amount)
                    .paid(cleared, amount),
            );
        }
    }
}

/// When and how an ordinary invoice is paid: mostly in full within terms plus up to
/// `slack` days, some early, some in two parts, a few much later, a few disputed.
fn collect_invoice(rng: &mut fastrand::Rng, invoice: Document, slack: u64) -> Document {
    let (date, due, amount, terms) = (
        invoice.date,
        invoice.due,
        invoice.amount,
        invoice.customer.terms,
    );
    if rng.u32(0..200) == 0 {
        let mut invoice = invoice.paid(plus_days(due, rng.u64(120..=300)), amount);
        invoice.disputed_from = Some(plus_days(date, rng.u64(20..=60)));
        return invoice;
    }
    match rng.u32(0..100) {
        0..20 => invoice.paid(plus_days(date, rng.u64(5..=terms)), amount),
        20..78 => invoice.paid(plus_days(due, rng.u64(0..=slack)), amount),
        78..92 => {
            let first = share(amount, rng.u32(30..=70));
            let first_delay = rng.u64(0..=slack / 2);
            let second_delay = first_delay + rng.u64(30..=150);
            invoice
                .paid(plus_days(due, first_delay), first)
                .paid(plus_days(due, second_delay), amount - first)
        }
        92..99 => invoice.paid(plus_days(due, rng.u64(150..=330)), amount),
        _ => invoice.paid(plus_days(due, rng.u64(330..=500)), amount),
    }
}

// ---------------------------------------------------------------------------------------
// Large generated ledgers (benchmarks)

const MILLION: u64 = 1_000_000;

/// A SplitMix64 step: independent-looking seeds for each customer from one seed.
fn mix(seed: u64, stream: u64) -> u64 {
    let mut z = seed
        .wrapping_add(stream.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Days before the as-of date for a position `x` in `1..=MILLION` (1 = newest):
/// `span · (x / MILLION)³`, so most items are recent and a tail is years old.
fn skewed_age(span: u64, x: u64) -> u64 {
    let x = u128::from(x);
    let cube = x * x * x;
    (u128::from(span) * cube / u128::from(MILLION).pow(3)) as u64
}

/// How the items of a large ledger are shared among customers: a few big ones, many
/// small ones.
struct CustomerWeights {
    /// Running totals of the weights, customer by customer.
    cumulative: Vec<u128>,
    total: u128,
}

impl CustomerWeights {
    fn new(seed: u64, customers: usize) -> Self {
        let mut rng = fastrand::Rng::with_seed(mix(seed, u64::MAX));
        let mut total: u128 = 0;
        let cumulative = (0..customers)
            .map(|_| {
                let weight = rng.u64(1..=30);
                total += u128::from(weight * weight);
                total
            })
            .collect();
        Self { cumulative, total }
    }

    /// A customer drawn in proportion to its weight.
    fn pick(&self, rng: &mut fastrand::Rng) -> usize {
        let ticket = rng.u128(0..self.total);
        self.cumulative
            .partition_point(|&running| running <= ticket)
            .min(self.cumulative.len() - 1)
    }
}

/// A customer of a large ledger, derived from the seed and its index alone.
struct BenchCustomer {
    id: String,
    name: String,
    kind: CustomerType,
    terms: u64,
}

impl BenchCustomer {
    fn new(seed: u64, index: usize, count: usize) -> Self {
        let mut rng = fastrand::Rng::with_seed(mix(seed, index as u64));
        let width = count.to_string().len().max(4);
        // The last few customers are related parties, so `R…` ids sort after `C…` ids.
        let related = if count >= 2 { (count / 250).max(1) } else { 0 };
        let (id, kind) = if index >= count - related {
            let number = index - (count - related) + 1;
            (format!("R{number:0width$}"), RelatedParty)
        } else {
            let kind = match rng.u32(0..100) {
                0..20 => StateOwned,
                20..30 => Government,
                30..82 => Private,
                82..97 => Individual,
                _ => Other,
            };
            (format!("C{:0width$}", index + 1), kind)
        };
        let name = bench_name(&mut rng, kind);
        let terms = [30, 60, 90][rng.usize(..3)];
        Self {
            id,
            name,
            kind,
            terms,
        }
    }
}

#[rustfmt::skip]
const CITIES: [&str; 30] = [
    "北京", "上海", "广州", "深圳", "天津", "重庆", "郑州", "洛阳", "武汉", "长沙", "南京", "苏州", "杭州", "宁波",
    "合肥", "济南", "青岛", "西安", "成都", "昆明", "沈阳", "大连", "哈尔滨", "石家庄", "太原", "南昌", "福州", "厦门",
    "南宁", "贵阳",
];
#[rustfmt::skip]
const TRADE_NAMES: [&str; 32] = [
    "恒泰", "华源", "宏达", "鑫盛", "金鼎", "瑞丰", "天成", "永安", "中联", "东方", "新华", "广通", "长兴", "博远",
    "和信", "昌盛", "万通", "嘉禾", "华创", "远航", "兴业", "中原", "汇通", "富源", "盛世", "联合", "国泰", "正大",
    "弘毅", "德润", "三友", "宝丰",
];
#[rustfmt::skip]
const INDUSTRIES: [&str; 20] = [
    "机械设备", "电子科技", "建筑工程", "化工", "物流", "贸易", "新材料", "电力设备", "汽车配件", "食品", "纺织", "医疗器械",
    "环保科技", "信息技术", "钢铁", "建材", "五金制品", "能源", "精密制造", "农业科技",
];
#[rustfmt::skip]
const DEPARTMENTS: [&str; 8] = [
    "财政局", "交通运输局", "教育局", "卫生健康委员会", "人民医院", "水务局", "住房和城乡建设局", "公共资源交易中心",
];
#[rustfmt::skip]
const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何",
    "郭", "马", "罗",
];
#[rustfmt::skip]
const GIVEN_NAMES: [&str; 20] = [
    "建国", "秀英", "伟", "洋", "志强", "丽华", "帆", "海涛", "敏", "静", "磊", "军", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "霞",
];
#[rustfmt::skip]
const ENGLISH_FIRST: [&str; 14] = [
    "Pacific", "Northern", "Golden", "Silver", "Eastern", "Harbour", "Summit", "Pioneer",
    "Atlas", "Orient", "Crescent", "Evergreen", "Meridian", "Coastal",
];
#[rustfmt::skip]
const ENGLISH_TRADE: [&str; 10] = [
    "Trading", "Logistics", "Engineering", "Electronics", "Imports", "Industries",
    "Resources", "Components", "Machinery", "Supply",
];
#[rustfmt::skip]
const ENGLISH_FORMS: [&str; 8] = [
    "Ltd", "Limited", "Co., Ltd.", "Pte Ltd", "GmbH", "LLC", "Pty Ltd", "& Co.",
];
#[rustfmt::skip]
const ENGLISH_PEOPLE: [&str; 8] = [
    "John Smith", "Mary Chan", "David Lee", "Sarah Wong", "Peter Brown", "Linda Ho",
    "James Wilson", "Anna Tan",
];

fn pick<'a>(rng: &mut fastrand::Rng, names: &[&'a str]) -> &'a str {
    names[rng.usize(..names.len())]
}

/// A plausible name for a customer of this type; about three in four are Chinese.
fn bench_name(rng: &mut fastrand::Rng, kind: CustomerType) -> String {
    let english = rng.u32(0..4) == 0;
    match kind {
        Government => format!("{}市{}", pick(rng, &CITIES), pick(rng, &DEPARTMENTS)),
        Individual if english => pick(rng, &ENGLISH_PEOPLE).to_owned(),
        Individual => format!("{}{}", pick(rng, &SURNAMES), pick(rng, &GIVEN_NAMES)),
        Private | Other if english => format!(
            "{} {} {}",
            pick(rng, &ENGLISH_FIRST),
            pick(rng, &ENGLISH_TRADE),
            pick(rng, &ENGLISH_FORMS)
        ),
        StateOwned => format!(
            "{}{}{}{}",
            pick(rng, &CITIES),
            pick(rng, &TRADE_NAMES),
            pick(rng, &INDUSTRIES),
            ["集团有限公司", "股份有限公司"][rng.usize(..2)]
        ),
        RelatedParty => format!(
            "{}{}{}控股有限公司",
            pick(rng, &CITIES),
            pick(rng, &TRADE_NAMES),
            pick(rng, &INDUSTRIES)
        ),
        Other => format!(
            "{}市{}{}",
            pick(rng, &CITIES),
            pick(rng, &INDUSTRIES),
            ["行业协会", "研究所", "职业技术学院"][rng.usize(..3)]
        ),
        Private => format!(
            "{}{}{}有限公司",
            pick(rng, &CITIES),
            pick(rng, &TRADE_NAMES),
            pick(rng, &INDUSTRIES)
        ),
    }
}

/// The kind of a generated item; the order is the order of their number prefixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum BenchKind {
    CreditNote,
    DebitNote,
    Invoice,
    Receipt,
}

impl BenchKind {
    const fn prefix(self) -> &'static str {
        match self {
            Self::CreditNote => "CN",
            Self::DebitNote => "DN",
            Self::Invoice => "INV",
            Self::Receipt => "RC",
        }
    }
}

/// One open item of a large ledger.
#[derive(Debug, Clone, Copy)]
struct BenchDocument {
    kind: BenchKind,
    /// Unique across the ledger; the document number is the prefix and this, zero-padded,
    /// so numbers sort as (kind, serial).
    serial: u64,
    date: NaiveDate,
    due: NaiveDate,
    amount: Decimal,
    open: Decimal,
    disputed: bool,
}

impl BenchDocument {
    /// An item dated `date`, open at the time it is drawn.
    fn draw(rng: &mut fastrand::Rng, terms: u64, date: NaiveDate, serial: u64) -> Self {
        let kind = match rng.u32(0..1000) {
            0..20 => BenchKind::CreditNote,
            20..35 => BenchKind::Receipt,
            35..45 => BenchKind::DebitNote,
            _ => BenchKind::Invoice,
        };
        let (due, amount) = match kind {
            BenchKind::CreditNote => (date, -draw_amount(rng, 100_00, 50_000_00)),
            BenchKind::Receipt => (date, -draw_amount(rng, 1_000_00, 200_000_00)),
            BenchKind::DebitNote => (plus_days(date, terms), draw_amount(rng, 100_00, 20_000_00)),
            BenchKind::Invoice => (plus_days(date, terms), draw_amount(rng, 500_00, 900_000_00)),
        };
        let roll = rng.u32(0..100);
        let open = if kind == BenchKind::Invoice && roll < 12 {
            share(amount, rng.u32(10..=90))
        } else {
            amount
        };
        Self {
            kind,
            serial,
            date,
            due,
            amount,
            open,
            disputed: kind == BenchKind::Invoice && roll >= 98,
        }
    }

    /// The document number: the kind's prefix and the serial, zero-padded.
    fn number(&self, buffer: &mut Vec<u8>) {
        buffer.clear();
        buffer.extend_from_slice(self.kind.prefix().as_bytes());
        push_digits(buffer, u128::from(self.serial), 9);
    }

    fn row<'a>(&self, customer: &'a BenchCustomer, number: &'a [u8]) -> LedgerRow<'a> {
        LedgerRow {
            customer_id: &customer.id,
            customer_name: &customer.name,
            customer_type: customer.kind.as_str(),
            document_no: number,
            document_date: self.date,
            due_date: self.due,
            disputed: self.disputed,
            amount: self.amount,
            open_amount: self.open,
        }
    }
}

/// Write one customer's items of one day, sorted by document number, and empty the buffer.
fn write_same_day<W: Write>(
    writer: &mut LedgerWriter<W>,
    customer: &BenchCustomer,
    same_day: &mut Vec<BenchDocument>,
) -> csv::Result<()> {
    same_day.sort_by_key(|document| (document.kind, document.serial));
    let mut number = Vec::with_capacity(16);
    for document in same_day.drain(..) {
        document.number(&mut number);
        writer.write(&document.row(customer, &number))?;
    }
    Ok(())
}

/// A document of the monthly ledgers, alive while it is open.
struct LiveDocument {
    customer: usize,
    item: BenchDocument,
}

/// The open items of the monthly ledgers, month after month.
struct RollingPopulation {
    /// Sorted by customer, document date and document number.
    documents: Vec<LiveDocument>,
    serial: u64,
    items: usize,
}

impl RollingPopulation {
    fn new(
        rng: &mut fastrand::Rng,
        weights: &CustomerWeights,
        customers: &[BenchCustomer],
        items: usize,
        as_of: NaiveDate,
    ) -> Self {
        let mut documents: Vec<LiveDocument> = (0..items)
            .map(|_| {
                let customer = weights.pick(rng);
                let age = skewed_age(1460, rng.u64(1..=MILLION));
                let item =
                    BenchDocument::draw(rng, customers[customer].terms, minus_days(as_of, age), 0);
                LiveDocument { customer, item }
            })
            .collect();
        // Numbers follow document dates, as an ERP gives them.
        documents.sort_by_key(|document| (document.item.date, document.customer));
        let mut serial = 0;
        for document in &mut documents {
            serial += 1;
            document.item.serial = serial;
        }
        let mut population = Self {
            documents,
            serial,
            items,
        };
        population.sort();
        population
    }

    fn sort(&mut self) {
        self.documents.sort_by_key(|document| {
            (
                document.customer,
                document.item.date,
                document.item.kind,
                document.item.serial,
            )
        });
    }

    /// Move to the month end `as_of`: collect some items, pay some in part, and bill new
    /// ones dated in the month until there are `items` again.
    fn roll(
        &mut self,
        rng: &mut fastrand::Rng,
        weights: &CustomerWeights,
        customers: &[BenchCustomer],
        as_of: NaiveDate,
    ) {
        self.documents.retain_mut(|document| {
            let item = &mut document.item;
            let overdue = (as_of - item.due).num_days();
            let settled_percent = match item.kind {
                BenchKind::CreditNote | BenchKind::Receipt => 45,
                _ if overdue <= 0 => 20,
                _ if overdue <= 90 => 40,
                _ if overdue <= 365 => 15,
                _ => 3,
            };
            let roll = rng.u32(0..100);
            if roll < settled_percent {
                return false;
            }
            if item.open > Decimal::ZERO && roll >= 94 {
                let paid = share(item.open, rng.u32(20..=60));
                if paid < item.open {
                    item.open -= paid;
                }
            }
            true
        });
        let first_day = day_of_month(month_number(as_of.year(), as_of.month()), 1);
        while self.documents.len() < self.items {
            let customer = weights.pick(rng);
            let date = plus_days(first_day, rng.u64(0..u64::from(as_of.day())));
            self.serial += 1;
            let item = BenchDocument::draw(rng, customers[customer].terms, date, self.serial);
            self.documents.push(LiveDocument { customer, item });
        }
        self.sort();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a test fails loudly")]
mod tests {
    use super::*;

    fn money_text(amount: Decimal) -> String {
        let mut buffer = Vec::new();
        push_money(&mut buffer, amount);
        String::from_utf8(buffer).unwrap()
    }

    #[test]
    fn money_has_exactly_two_places_and_a_plain_minus() {
        assert_eq!(money_text(fen(123_450)), "1234.50");
        assert_eq!(money_text(fen(-80_000)), "-800.00");
        assert_eq!(money_text(fen(5)), "0.05");
        assert_eq!(money_text(Decimal::from(37_900_000)), "37900000.00");
        assert_eq!(money_text(Decimal::new(1_005, 3)), "1.01");
    }

    #[test]
    fn erp_money_is_grouped_with_a_trailing_minus() {
        let text = |amount: Decimal| {
            let mut buffer = Vec::new();
            push_money_grouped(&mut buffer, amount);
            String::from_utf8(buffer).unwrap()
        };
        assert_eq!(text(fen(123_456_780)), "1,234,567.80");
        assert_eq!(text(fen(-80_000)), "800.00-");
        assert_eq!(text(fen(99_999)), "999.99");
        assert_eq!(text(fen(100_000)), "1,000.00");
        assert_eq!(text(fen(5)), "0.05");
        assert_eq!(text(Decimal::ZERO), "0.00");
    }

    #[test]
    fn erp_dates_are_day_first_with_dots() {
        let mut buffer = Vec::new();
        push_date_day_first(&mut buffer, date(2016, 3, 9));
        assert_eq!(buffer, b"09.03.2016");
    }

    #[test]
    fn dates_are_iso() {
        let mut buffer = Vec::new();
        push_date(&mut buffer, date(2016, 3, 9));
        assert_eq!(buffer, b"2016-03-09");
    }

    #[test]
    fn fixture_month_ends_run_from_january_2016_to_june_2017() {
        let ends = fixture_month_ends();
        assert_eq!(ends.len(), 18);
        assert_eq!(ends[0], date(2016, 1, 31));
        assert_eq!(ends[1], date(2016, 2, 29));
        assert_eq!(ends[17], date(2017, 6, 30));
    }

    #[test]
    fn the_fixtures_are_the_same_every_time() {
        assert_eq!(fixture_files(), fixture_files());
    }

    #[test]
    fn customer_b_instalments_settle_the_2014_balance_exactly() {
        let invoiced: i64 = B_OLD_INVOICES.iter().map(|(_, amount)| amount).sum();
        let paid: i64 = B_INSTALMENTS.iter().map(|(_, amount)| amount).sum();
        assert_eq!(invoiced, paid);
    }

    #[test]
    fn a_large_ledger_is_the_same_for_the_same_seed() {
        let spec = LedgerSpec {
            customers: 50,
            items: 2_000,
            as_of: date(2017, 6, 30),
            seed: 7,
        };
        let mut first = Vec::new();
        let mut second = Vec::new();
        write_ledger(&spec, &mut first).unwrap();
        write_ledger(&spec, &mut second).unwrap();
        assert_eq!(first, second);
    }

    #[test]
    fn the_date_order_holds_the_same_rows_with_customers_interleaved() {
        let spec = LedgerSpec {
            customers: 50,
            items: 2_000,
            as_of: date(2017, 6, 30),
            seed: 7,
        };
        let text = |order| {
            let mut out = Vec::new();
            let layout = Layout {
                shape: Shape::Canonical,
                order,
            };
            write_ledger_as(&spec, layout, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        let grouped = text(RowOrder::ByCustomer);
        let by_date = text(RowOrder::ByDate);
        assert_ne!(grouped, by_date);
        let sorted = |t: &str| {
            let mut lines: Vec<String> = t.lines().map(String::from).collect();
            lines.sort();
            lines
        };
        assert_eq!(sorted(&grouped), sorted(&by_date));
        let rows: Vec<Vec<&str>> = by_date
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect())
            .collect();
        assert_eq!(rows.len(), 2_000);
        assert!(
            rows.windows(2).all(|w| w[0][4] <= w[1][4]),
            "document dates ascend"
        );
        // Customers change from one row to the next far more often than once each.
        let changes = rows.windows(2).filter(|w| w[0][0] != w[1][0]).count();
        assert!(changes > 1_000, "{changes} changes of customer");
    }
}
