//! The book on disk: one SQLite file. This is the only module that speaks SQL; the rest
//! of the crate sees typed values.
//!
//! Invariants: WAL journal and foreign keys are on for every connection; the schema is
//! migrated at open and a newer schema is refused; the audit log is append-only, enforced
//! by triggers in the database; every change that a user makes writes its audit row in
//! the same transaction.

mod audit_log;
mod items;
mod migrations;
mod movements;
mod row_customers;
mod snapshot_writer;
mod summaries;
mod writeoffs;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::{Datelike, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::domain::aging::{AgingBasis, BucketSet};
use crate::domain::allowance::CustomerAging;
use crate::domain::collection::{CollectionNote, NoteAction};
use crate::domain::customer_type::CustomerType;
use crate::domain::date::DateOrder;
use crate::domain::money::Money;
use crate::domain::policy::{PolicyHistory, ProvisionMatrix, SpecificAllowance, SpecificBasis};

pub use crate::domain::writeoff::PostedDocument;
pub use audit_log::{
    AuditFilter, ChainCheck, ChainFailure, ChainHead, ChainProblem, GENESIS_HASH, IntegrityCheck,
    VerifyReport, WriteOffCheck, WriteOffFailure, WriteOffProblem,
};
pub use migrations::SCHEMA_VERSION;
pub use movements::{CustomerMovement, DocumentPair, PeriodMovements, StoredMovements};
pub use snapshot_writer::{
    CustomerChange, CustomerSeen, DuplicateItem, NewOpenItem, SnapshotTotals, SnapshotWriter,
};
pub use summaries::{DerivedCheck, DerivedFailure};
pub use writeoffs::{StepInputs, WriteOffStep};

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite said no.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    /// Another connection held the book's write lock for longer than the busy timeout
    /// (SQLITE_BUSY or SQLITE_LOCKED once it ran out). Nothing was changed.
    #[error(
        "the book is busy: another Agebook (window or command) is writing to it; \
         try again when it has finished"
    )]
    Busy,
    /// The book was written by a newer Agebook.
    #[error(
        "this book has schema version {found}, newer than this Agebook knows ({known}); \
         open it with a newer Agebook"
    )]
    NewerSchema {
        /// The book's version.
        found: i64,
        /// This build's version.
        known: i64,
    },
    /// The file is not an Agebook book (or not SQLite at all).
    #[error("{path} is not an Agebook book: {reason}")]
    NotABook {
        /// The file.
        path: String,
        /// What SQLite said.
        reason: String,
    },
    /// A stored value does not read back (the book was edited by hand).
    #[error("the book holds an unreadable {what}: '{value}'")]
    Corrupt {
        /// What kind of value.
        what: &'static str,
        /// The text stored.
        value: String,
    },
    /// A customer the command names is not in the book.
    #[error("no customer '{0}' in this book")]
    UnknownCustomer(String),
    /// A change dated in a closed period, refused inside its transaction.
    #[error(transparent)]
    Closed(crate::domain::writeoff::PeriodClosed),
    /// No specific allowance to clear.
    #[error("customer '{customer}' has no specific allowance in force on {date}")]
    NoSpecific {
        /// The customer.
        customer: String,
        /// The date asked for.
        date: NaiveDate,
    },
    /// No write-off with that id (it was there when the step began).
    #[error("no write-off {0} in this book")]
    NoWriteOff(i64),
    /// A write-off step was asked of a write-off seen in one state that another user
    /// moved on meanwhile; nothing was changed.
    #[error("write-off {id} was {found} by {by} meanwhile (at {at}); it is no longer {seen}")]
    WriteOffMoved {
        /// The write-off.
        id: i64,
        /// The state the step was asked from.
        seen: crate::domain::writeoff::WriteOffState,
        /// The state it is in now.
        found: crate::domain::writeoff::WriteOffState,
        /// Who moved it (from the audit log).
        by: String,
        /// When (from the audit log).
        at: String,
    },
}

impl From<rusqlite::Error> for StoreError {
    /// A busy or locked book is [`StoreError::Busy`], whatever statement met it; the rest
    /// is [`StoreError::Sqlite`].
    fn from(e: rusqlite::Error) -> StoreError {
        if is_busy(&e) {
            StoreError::Busy
        } else {
            StoreError::Sqlite(e)
        }
    }
}

/// True when SQLite gave up waiting for a lock another connection holds.
fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// The environment variable that sets how long a connection waits for another one's
/// write lock before giving up with [`StoreError::Busy`], in milliseconds (default
/// [`DEFAULT_BUSY_TIMEOUT`]; tests set it short).
pub const BUSY_TIMEOUT_ENV: &str = "AGEBOOK_BUSY_TIMEOUT_MS";

/// How long a connection waits for the write lock unless [`BUSY_TIMEOUT_ENV`] says
/// otherwise.
pub const DEFAULT_BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// The busy timeout in force: [`BUSY_TIMEOUT_ENV`] when it holds a whole number of
/// milliseconds, else [`DEFAULT_BUSY_TIMEOUT`].
pub fn busy_timeout() -> std::time::Duration {
    std::env::var(BUSY_TIMEOUT_ENV)
        .ok()
        .and_then(|ms| ms.trim().parse::<u64>().ok())
        .map_or(DEFAULT_BUSY_TIMEOUT, std::time::Duration::from_millis)
}

/// A token of the book's committed state that any connection reads alike: the newest
/// audit row. Every change a user makes writes its audit row in the same transaction and
/// the log is append-only, so the token grows with every such commit, whoever made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ChangeToken(i64);

impl ChangeToken {
    /// The token after one more audited change: a change that wrote exactly one audit
    /// row, and nobody else any, moves the book from `self` to this.
    pub fn next(self) -> ChangeToken {
        ChangeToken(self.0 + 1)
    }
}

/// The settings a book is created with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BookSettings {
    /// The functional currency, e.g. `CNY`.
    pub currency: String,
    /// Default payment terms in days, for items without a due date.
    pub default_terms_days: i64,
    /// How a ledger whose dates are all ambiguous (`01/02/2016`) is read, unless the
    /// import says otherwise. Books made before this setting read day-first.
    pub date_order: DateOrder,
}

impl Default for BookSettings {
    /// A new book's: CNY, 30 days, day-first.
    fn default() -> BookSettings {
        BookSettings {
            currency: "CNY".to_string(),
            default_terms_days: 30,
            date_order: DateOrder::DayFirst,
        }
    }
}

/// A named import profile as the book keeps it: the profile's own JSON, which the
/// importer reads and writes (the store does not look inside).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredProfile {
    /// Its name.
    pub name: String,
    /// The profile, as JSON.
    pub json: String,
    /// Who saved it last.
    pub saved_by: String,
    /// When (UTC, RFC 3339).
    pub saved_at: String,
}

/// One saved version of the provision matrix and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyVersion {
    /// Its row id (versions saved later have larger ids).
    pub id: i64,
    /// What it was read from: a policy file's name, `default`, or the window's editor.
    pub source: String,
    /// When it was saved (UTC, RFC 3339).
    pub created_at: String,
    /// Who saved it.
    pub created_by: String,
    /// The matrix.
    pub matrix: ProvisionMatrix,
}

/// One imported ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SnapshotInfo {
    /// Row id.
    #[serde(skip)]
    pub id: i64,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// File name it was imported from.
    pub source_name: String,
    /// SHA-256 of the file's bytes, hex.
    pub content_hash: String,
    /// Number of open items.
    pub row_count: i64,
    /// Net total.
    pub total: Money,
    /// Sum of positive items.
    pub debits: Money,
    /// Sum of negative items.
    pub credits: Money,
    /// When, UTC, RFC 3339.
    pub imported_at: String,
    /// By whom.
    pub imported_by: String,
}

/// A customer as the book knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRecord {
    /// Customer code.
    pub id: String,
    /// Latest name.
    pub name: String,
    /// Type history, oldest first: (effective from, type, source).
    pub types: Vec<TypeChange>,
}

/// One entry in a customer's type history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeChange {
    /// First as-of date it applies to.
    pub effective_from: NaiveDate,
    /// The type.
    pub customer_type: CustomerType,
    /// True when a user set it (an import then does not override it).
    pub set_by_user: bool,
}

impl CustomerRecord {
    /// The type in force at `as_of`: the newest change on or before it, else the first.
    pub fn type_at(&self, as_of: NaiveDate) -> CustomerType {
        self.type_ref_at(as_of)
            .cloned()
            .unwrap_or_else(CustomerType::other)
    }

    /// [`CustomerRecord::type_at`] borrowed; `None` when the customer has no type
    /// recorded (`type_at` says `other`).
    pub fn type_ref_at(&self, as_of: NaiveDate) -> Option<&CustomerType> {
        self.types
            .iter()
            .rev()
            .find(|t| t.effective_from <= as_of)
            .or(self.types.first())
            .map(|t| &t.customer_type)
    }
}

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// Sequence number.
    pub id: i64,
    /// When, UTC, RFC 3339.
    pub at: String,
    /// Who.
    pub user: String,
    /// What: `import`, `policy_import`, `set_type`, `specific_set`, ...
    pub action: String,
    /// The kind of thing changed.
    pub entity: String,
    /// Its id.
    pub entity_id: String,
    /// JSON before, if it existed.
    pub before: Option<String>,
    /// JSON after, if it still exists.
    pub after: Option<String>,
    /// The hash of the row before (64 zeros for the first row); `None` in a book of a
    /// schema before the audit chain.
    pub prev_hash: Option<String>,
    /// SHA-256 of this row's content and `prev_hash` (see [`Store::verify`]).
    pub hash: Option<String>,
}

/// One document in one snapshot, as [`Store::document_sightings`] reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentSighting {
    /// The snapshot.
    pub snapshot_id: i64,
    /// The open amount there.
    pub open: Money,
    /// The document date there.
    pub document_date: NaiveDate,
    /// The original amount there.
    pub amount: Option<Money>,
}

/// The columns [`read_snapshot`] reads, in its order.
pub(crate) const SNAPSHOT_COLUMNS: &str = "id, as_of, source_name, content_hash, row_count, \
     total_minor, debit_minor, credit_minor, imported_at, imported_by";

/// Reads a row of [`SNAPSHOT_COLUMNS`]; the inner error is a stored value that does not
/// read back.
pub(crate) fn read_snapshot(
    r: &rusqlite::Row<'_>,
) -> rusqlite::Result<Result<SnapshotInfo, StoreError>> {
    let as_of: String = r.get(1)?;
    let Ok(as_of) = parse_stored_date(&as_of) else {
        return Ok(Err(StoreError::Corrupt {
            what: "date",
            value: as_of,
        }));
    };
    Ok(Ok(SnapshotInfo {
        id: r.get(0)?,
        as_of,
        source_name: r.get(2)?,
        content_hash: r.get(3)?,
        row_count: r.get(4)?,
        total: Money::from_minor(r.get(5)?),
        debits: Money::from_minor(r.get(6)?),
        credits: Money::from_minor(r.get(7)?),
        imported_at: r.get(8)?,
        imported_by: r.get(9)?,
    }))
}

/// An open book.
pub struct Store {
    conn: Connection,
}

/// Copies the database `source` holds into the file `dest` with the online backup API,
/// all pages in one step, waiting out locks up to the busy timeout; a `standalone` copy
/// is left in rollback-journal mode (one self-contained file), else in WAL mode.
fn copy_database(source: &Connection, dest: &Path, standalone: bool) -> Result<(), StoreError> {
    let mut target = Connection::open(dest)?;
    target.busy_timeout(busy_timeout())?;
    {
        let backup = rusqlite::backup::Backup::new(source, &mut target)?;
        let deadline = std::time::Instant::now() + busy_timeout();
        loop {
            match backup.step(-1)? {
                rusqlite::backup::StepResult::Done => break,
                rusqlite::backup::StepResult::More => {}
                _ if std::time::Instant::now() >= deadline => return Err(StoreError::Busy),
                _ => std::thread::sleep(std::time::Duration::from_millis(25)),
            }
        }
    }
    let mode = if standalone { "DELETE" } else { "WAL" };
    target.pragma_update(None, "journal_mode", mode)?;
    Ok(())
}

pub(crate) fn now() -> String {
    Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub(crate) fn date_text(d: NaiveDate) -> String {
    // `Display` writes the ISO form `%Y-%m-%d` directly; `format` parses its pattern on
    // every call (3% of an import's time). Book dates lie in 1900..2199, so the year is
    // always four digits.
    d.to_string()
}

/// A date bound as [`date_text`] writes it, without allocating: the writer binds two a
/// row. Years outside four digits (never in a book) fall back to [`date_text`].
pub(crate) struct DateText {
    date: NaiveDate,
    text: [u8; 10],
}

impl DateText {
    pub(crate) fn new(date: NaiveDate) -> DateText {
        let mut text = *b"0000-00-00";
        let mut put = |at: usize, width: usize, mut n: u32| {
            for i in (at..at + width).rev() {
                text[i] = b'0' + (n % 10) as u8;
                n /= 10;
            }
        };
        put(0, 4, date.year().clamp(0, 9999) as u32);
        put(5, 2, date.month());
        put(8, 2, date.day());
        DateText { date, text }
    }

    /// The text, when it is the book's exact form (years 1000 to 9999).
    pub(crate) fn exact(&self) -> Option<&str> {
        if (1000..=9999).contains(&self.date.year()) {
            std::str::from_utf8(&self.text).ok()
        } else {
            None
        }
    }
}

impl rusqlite::ToSql for DateText {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, Value, ValueRef};
        Ok(match self.exact() {
            Some(text) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
            None => ToSqlOutput::Owned(Value::Text(date_text(self.date))),
        })
    }
}

/// What [`Store::for_each_document_pair`] calls: customer, document, open before, open now.
pub type DocumentPairFn<'a> = dyn FnMut(&str, &str, Option<Money>, Option<Money>) + 'a;

/// [`Store::policy_versions`] on a connection (or a transaction).
fn policy_versions_of(conn: &Connection) -> Result<Vec<PolicyVersion>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, effective, basis, buckets, source, created_at, created_by
         FROM policies ORDER BY effective, id",
    )?;
    let heads = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                (
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ),
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut rate_stmt = conn.prepare(
        "SELECT customer_type, bucket, rate FROM policy_rates
         WHERE policy_id = ?1 ORDER BY customer_type, bucket",
    )?;
    let mut versions = Vec::with_capacity(heads.len());
    for (id, effective, basis, buckets, (source, created_at, created_by)) in heads {
        let labels: Vec<&str> = buckets.split(',').collect();
        let buckets = BucketSet::parse(&labels).map_err(|_| StoreError::Corrupt {
            what: "bucket set",
            value: buckets.clone(),
        })?;
        let basis = AgingBasis::parse(&basis).ok_or(StoreError::Corrupt {
            what: "aging basis",
            value: basis,
        })?;
        let mut matrix = ProvisionMatrix {
            effective: parse_stored_date(&effective)?,
            basis,
            rates: Default::default(),
            fallback: None,
            buckets,
        };
        let n = matrix.buckets.len();
        let mut rows = rate_stmt.query([id])?;
        while let Some(r) = rows.next()? {
            let t: String = r.get(0)?;
            let bucket: i64 = r.get(1)?;
            let rate: String = r.get(2)?;
            let rate = parse_stored_decimal(&rate)?;
            let row = if t == "*" {
                matrix
                    .fallback
                    .get_or_insert_with(|| vec![Decimal::ZERO; n])
            } else {
                let t = CustomerType::parse(&t).map_err(|_| StoreError::Corrupt {
                    what: "customer type",
                    value: t,
                })?;
                matrix
                    .rates
                    .entry(t)
                    .or_insert_with(|| vec![Decimal::ZERO; n])
            };
            if let Some(slot) = usize::try_from(bucket).ok().and_then(|b| row.get_mut(b)) {
                *slot = rate;
            }
        }
        versions.push(PolicyVersion {
            id,
            source,
            created_at,
            created_by,
            matrix,
        });
    }
    Ok(versions)
}

/// A date as the book stores it, `YYYY-MM-DD` exactly. Read by position rather than
/// through a format pattern: a snapshot's aging reads two dates a document, and
/// `parse_from_str` spent a fifth of an aging's time interpreting its pattern.
pub(crate) fn parse_stored_date(text: &str) -> Result<NaiveDate, StoreError> {
    let corrupt = || StoreError::Corrupt {
        what: "date",
        value: text.to_string(),
    };
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(corrupt());
    }
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let (Some(y), Some(m), Some(d)) = (number(&b[..4]), number(&b[5..7]), number(&b[8..])) else {
        return Err(corrupt());
    };
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(corrupt)
}

fn parse_stored_decimal(text: &str) -> Result<Decimal, StoreError> {
    text.parse().map_err(|_| StoreError::Corrupt {
        what: "rate",
        value: text.to_string(),
    })
}

/// Appends one row to the audit log inside `tx`, chained to the last row `tx` sees
/// (its hash is computed here, in the same transaction; see [`audit_log`]).
pub(crate) fn audit(
    tx: &Transaction<'_>,
    user: &str,
    action: &str,
    entity: &str,
    entity_id: &str,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<(), StoreError> {
    let before = before.map(|v| v.to_string());
    let after = after.map(|v| v.to_string());
    audit_log::append(
        tx,
        user,
        action,
        entity,
        entity_id,
        before.as_deref(),
        after.as_deref(),
    )
}

impl Store {
    /// Opens (or creates) the book at `path`, migrating it; a new book gets the built-in
    /// customer types, the default settings and the default provision matrix.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        Store::init(conn, &path.display().to_string(), &BookSettings::default())
    }

    /// Opens the book at `path`, creating it with `settings` when it is new (an
    /// existing book keeps its own).
    pub fn open_or_create(path: &Path, settings: &BookSettings) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        Store::init(conn, &path.display().to_string(), settings)
    }

    /// A second connection to the book at `path`, for reading only: work that reads
    /// much (the activity of every snapshot) runs on it beside the main connection.
    /// Refused unless the book is at this build's schema (it migrates nothing).
    pub fn open_reader(path: &Path) -> Result<Store, StoreError> {
        use rusqlite::OpenFlags;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(busy_timeout())?;
        let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                found,
                known: SCHEMA_VERSION,
            });
        }
        if found < SCHEMA_VERSION {
            // Not migrated yet: the main connection migrates at open, so this one was
            // opened on some other file or too early.
            return Err(StoreError::Corrupt {
                what: "schema version",
                value: found.to_string(),
            });
        }
        Ok(Store { conn })
    }

    /// Starts a read transaction: every read until the guard drops sees the book as it
    /// was at the first of them, whatever another connection commits meanwhile. `None`
    /// when a transaction is already open (its view holds already).
    pub fn read_transaction(&self) -> Result<Option<rusqlite::Transaction<'_>>, StoreError> {
        if !self.conn.is_autocommit() {
            return Ok(None);
        }
        Ok(Some(self.conn.unchecked_transaction()?))
    }

    /// A book in memory, for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::init(
            Connection::open_in_memory()?,
            ":memory:",
            &BookSettings::default(),
        )
    }

    /// Sets the connection up (busy timeout first, so that even the first pragma waits
    /// for another process rather than failing), migrates, installs a new book's defaults.
    fn init(
        mut conn: Connection,
        name: &str,
        defaults: &BookSettings,
    ) -> Result<Store, StoreError> {
        conn.busy_timeout(busy_timeout())?;
        let not_a_book = |e: rusqlite::Error| {
            if is_busy(&e) {
                return StoreError::Busy;
            }
            StoreError::NotABook {
                path: name.to_string(),
                reason: e.to_string(),
            }
        };
        // A book of a newer schema is refused before anything is set on it: switching
        // its journal to WAL would change the file of a book this build must not touch.
        let found: i64 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(not_a_book)?;
        if found > migrations::SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                found,
                known: migrations::SCHEMA_VERSION,
            });
        }
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(not_a_book)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        migrations::migrate(&mut conn, |tx| install_defaults(tx, defaults))?;
        Ok(Store { conn })
    }

    /// Begins a write transaction that takes the write lock at once (`BEGIN IMMEDIATE`),
    /// waiting up to the busy timeout for another connection's. A deferred transaction
    /// that reads first and then writes cannot wait: its upgrade to a writer fails with
    /// SQLITE_BUSY at once when another connection wrote meanwhile, half-way through.
    ///
    /// It borrows the connection shared, so that the checks a change makes (reads through
    /// `&self` methods) run inside it, on the state it then writes to. Transactions never
    /// nest here: each write method begins one and commits it.
    fn write_transaction(&self) -> Result<Transaction<'_>, StoreError> {
        Ok(Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?)
    }

    /// The change counter of this connection: it moves when another connection
    /// (another process, or another `Store`) commits to the book, and costs no read of
    /// the file. Only comparable with itself.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// The book's [`ChangeToken`]: equal from any connection while nothing was
    /// committed, greater after a change.
    pub fn change_token(&self) -> Result<ChangeToken, StoreError> {
        let newest: i64 =
            self.conn
                .query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| {
                    r.get(0)
                })?;
        Ok(ChangeToken(newest))
    }

    /// The book's settings.
    pub fn settings(&self) -> Result<BookSettings, StoreError> {
        let get = |key: &str| -> Result<Option<String>, StoreError> {
            Ok(self
                .conn
                .query_row(
                    "SELECT value FROM book_settings WHERE key = ?1",
                    [key],
                    |r| r.get(0),
                )
                .optional()?)
        };
        let currency = get("currency")?.unwrap_or_else(|| "CNY".to_string());
        let terms = get("default_terms_days")?.unwrap_or_else(|| "30".to_string());
        let default_terms_days = terms.parse().map_err(|_| StoreError::Corrupt {
            what: "default terms",
            value: terms,
        })?;
        let date_order = match get("date_order")? {
            None => DateOrder::DayFirst,
            Some(text) => DateOrder::parse(&text).ok_or(StoreError::Corrupt {
                what: "date order",
                value: text,
            })?,
        };
        Ok(BookSettings {
            currency,
            default_terms_days,
            date_order,
        })
    }

    /// Changes how ambiguous ledger dates are read, audited.
    pub fn set_date_order(&mut self, order: DateOrder, user: &str) -> Result<(), StoreError> {
        self.set_setting("date_order", order.as_str(), "set_date_order", user)
    }

    /// Changes the functional currency; only sensible on a book with no snapshots.
    pub fn set_currency(&mut self, currency: &str, user: &str) -> Result<(), StoreError> {
        self.set_setting("currency", currency, "set_currency", user)
    }

    /// Sets one of the book's settings, with its before and after in the audit log.
    fn set_setting(
        &mut self,
        key: &str,
        value: &str,
        action: &str,
        user: &str,
    ) -> Result<(), StoreError> {
        let tx = self.write_transaction()?;
        let before: Option<String> = tx
            .query_row(
                "SELECT value FROM book_settings WHERE key = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()?;
        tx.execute(
            "INSERT INTO book_settings (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        audit(
            &tx,
            user,
            action,
            "book",
            key,
            before.map(serde_json::Value::String).as_ref(),
            Some(&serde_json::Value::String(value.to_string())),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The saved import profiles, by name.
    pub fn import_profiles(&self) -> Result<Vec<StoredProfile>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT name, profile, saved_by, saved_at FROM import_profiles ORDER BY name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(StoredProfile {
                name: r.get(0)?,
                json: r.get(1)?,
                saved_by: r.get(2)?,
                saved_at: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Saves (or replaces) an import profile, audited with its before and after.
    pub fn save_import_profile(
        &mut self,
        name: &str,
        json: &str,
        user: &str,
    ) -> Result<(), StoreError> {
        let tx = self.write_transaction()?;
        let before = profile_json(&tx, name)?;
        tx.execute(
            "INSERT INTO import_profiles (name, profile, saved_by, saved_at)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(name) DO UPDATE SET profile = excluded.profile,
                 saved_by = excluded.saved_by, saved_at = excluded.saved_at",
            params![name, json, user, now()],
        )?;
        let after: serde_json::Value = serde_json::from_str(json)
            .unwrap_or_else(|_| serde_json::Value::String(json.to_string()));
        audit(
            &tx,
            user,
            "save_import_profile",
            "import_profile",
            name,
            before.as_ref(),
            Some(&after),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes an import profile, audited; false when there was none of that name.
    pub fn delete_import_profile(&mut self, name: &str, user: &str) -> Result<bool, StoreError> {
        let tx = self.write_transaction()?;
        let Some(before) = profile_json(&tx, name)? else {
            return Ok(false);
        };
        tx.execute("DELETE FROM import_profiles WHERE name = ?1", [name])?;
        audit(
            &tx,
            user,
            "delete_import_profile",
            "import_profile",
            name,
            Some(&before),
            None,
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// All snapshots, oldest first.
    pub fn snapshots(&self) -> Result<Vec<SnapshotInfo>, StoreError> {
        let sql = format!("SELECT {SNAPSHOT_COLUMNS} FROM snapshots ORDER BY as_of");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], read_snapshot)?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row??);
        }
        Ok(out)
    }

    /// The snapshot of one as-of date.
    pub fn snapshot_at(&self, as_of: NaiveDate) -> Result<Option<SnapshotInfo>, StoreError> {
        Ok(self.snapshots()?.into_iter().find(|s| s.as_of == as_of))
    }

    /// Every customer with its type history.
    pub fn customers(&self) -> Result<HashMap<String, CustomerRecord>, StoreError> {
        Store::customers_of(&self.conn)
    }

    /// One customer as the book knows it (its latest name and type history), if any.
    pub fn customer(&self, id: &str) -> Result<Option<CustomerRecord>, StoreError> {
        Ok(Store::customers_where(&self.conn, Some(id))?.remove(id))
    }

    fn customers_of(conn: &Connection) -> Result<HashMap<String, CustomerRecord>, StoreError> {
        Store::customers_where(conn, None)
    }

    /// Every customer, or only `only`.
    fn customers_where(
        conn: &Connection,
        only: Option<&str>,
    ) -> Result<HashMap<String, CustomerRecord>, StoreError> {
        let filter = if only.is_some() { "WHERE id = ?1" } else { "" };
        let mut out: HashMap<String, CustomerRecord> = HashMap::new();
        let mut stmt = conn.prepare(&format!("SELECT id, name FROM customers {filter}"))?;
        let mut rows = match only {
            Some(id) => stmt.query([id])?,
            None => stmt.query([])?,
        };
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            out.insert(
                id.clone(),
                CustomerRecord {
                    id,
                    name: r.get(1)?,
                    types: Vec::new(),
                },
            );
        }
        let filter = if only.is_some() {
            "WHERE customer_id = ?1"
        } else {
            ""
        };
        let mut stmt = conn.prepare(&format!(
            "SELECT customer_id, effective_from, customer_type, source
             FROM customer_type_history {filter} ORDER BY customer_id, effective_from, id"
        ))?;
        let mut rows = match only {
            Some(id) => stmt.query([id])?,
            None => stmt.query([])?,
        };
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let from: String = r.get(1)?;
            let t: String = r.get(2)?;
            let source: String = r.get(3)?;
            let customer_type = CustomerType::parse(&t).map_err(|_| StoreError::Corrupt {
                what: "customer type",
                value: t,
            })?;
            if let Some(c) = out.get_mut(&id) {
                c.types.push(TypeChange {
                    effective_from: parse_stored_date(&from)?,
                    customer_type,
                    set_by_user: source == "user",
                });
            }
        }
        Ok(out)
    }

    /// The customer types the book knows, built-in first.
    pub fn customer_types(&self) -> Result<Vec<CustomerType>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT name FROM customer_types")?;
        let names = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for name in names {
            let name = name?;
            out.push(CustomerType::parse(&name).map_err(|_| StoreError::Corrupt {
                what: "customer type",
                value: name,
            })?);
        }
        out.sort_by(|a, b| a.rank().cmp(&b.rank()));
        Ok(out)
    }

    /// Sets a customer's type from `effective_from` on, as a user decision (imports will
    /// not override it). Audited.
    pub fn set_customer_type(
        &mut self,
        customer_id: &str,
        customer_type: &CustomerType,
        effective_from: NaiveDate,
        user: &str,
    ) -> Result<(), StoreError> {
        let tx = self.write_transaction()?;
        writeoffs::refuse_closed(&tx, effective_from, "a customer-type change")?;
        let before = self
            .customer(customer_id)?
            .ok_or_else(|| StoreError::UnknownCustomer(customer_id.to_string()))?
            .type_at(effective_from);
        tx.execute(
            "INSERT OR IGNORE INTO customer_types (name, built_in) VALUES (?1, 0)",
            [customer_type.as_str()],
        )?;
        tx.execute(
            "INSERT INTO customer_type_history
                 (customer_id, customer_type, effective_from, source, set_by, set_at)
             VALUES (?1, ?2, ?3, 'user', ?4, ?5)",
            params![
                customer_id,
                customer_type.as_str(),
                date_text(effective_from),
                user,
                now()
            ],
        )?;
        audit(
            &tx,
            user,
            "set_type",
            "customer",
            customer_id,
            Some(&serde_json::json!({ "type": before.as_str() })),
            Some(&serde_json::json!({
                "type": customer_type.as_str(),
                "effective_from": date_text(effective_from),
            })),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every version of the provision matrix.
    pub fn policies(&self) -> Result<PolicyHistory, StoreError> {
        Ok(PolicyHistory::new(
            self.policy_versions()?
                .into_iter()
                .map(|v| v.matrix)
                .collect(),
        ))
    }

    /// Every version of the provision matrix with who saved it, when and from what,
    /// by effective date and then in the order saved.
    pub fn policy_versions(&self) -> Result<Vec<PolicyVersion>, StoreError> {
        policy_versions_of(&self.conn)
    }

    /// Saves a new version of the matrix. Audited.
    pub fn insert_policy(
        &mut self,
        matrix: &ProvisionMatrix,
        source: &str,
        user: &str,
    ) -> Result<i64, StoreError> {
        let tx = self.write_transaction()?;
        writeoffs::refuse_closed(&tx, matrix.effective, "a policy version")?;
        let id = write_policy(&tx, matrix, source, user)?;
        tx.commit()?;
        Ok(id)
    }
}

/// A saved profile's JSON as a value for the audit log (its text where it is not JSON).
fn profile_json(tx: &Transaction<'_>, name: &str) -> Result<Option<serde_json::Value>, StoreError> {
    let text: Option<String> = tx
        .query_row(
            "SELECT profile FROM import_profiles WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    Ok(text.map(|t| serde_json::from_str(&t).unwrap_or(serde_json::Value::String(t))))
}

/// What a new book starts with: the built-in customer types, the default settings and
/// the default provision matrix, written inside the transaction that creates its schema.
fn install_defaults(tx: &Transaction<'_>, settings: &BookSettings) -> Result<(), StoreError> {
    for t in CustomerType::BUILT_IN {
        tx.execute(
            "INSERT INTO customer_types (name, built_in) VALUES (?1, 1)",
            [t],
        )?;
    }
    tx.execute(
        "INSERT INTO book_settings (key, value) VALUES ('currency', ?1),
         ('default_terms_days', ?2), ('date_order', ?3), ('created_at', ?4)",
        params![
            settings.currency,
            settings.default_terms_days.to_string(),
            settings.date_order.as_str(),
            now()
        ],
    )?;
    let epoch = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default();
    write_policy(
        tx,
        &ProvisionMatrix::default_matrix(epoch),
        "default",
        "agebook",
    )?;
    Ok(())
}

/// Writes a matrix version and its audit row inside `tx`. Returns its id.
fn write_policy(
    tx: &Transaction<'_>,
    matrix: &ProvisionMatrix,
    source: &str,
    user: &str,
) -> Result<i64, StoreError> {
    tx.execute(
        "INSERT INTO policies (effective, basis, buckets, source, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            date_text(matrix.effective),
            matrix.basis.as_str(),
            matrix.buckets.labels().join(","),
            source,
            now(),
            user
        ],
    )?;
    let id = tx.last_insert_rowid();
    {
        let mut stmt = tx.prepare(
            "INSERT INTO policy_rates (policy_id, customer_type, bucket, rate)
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        let rows = matrix
            .rates
            .iter()
            .map(|(t, r)| (t.as_str(), r))
            .chain(matrix.fallback.iter().map(|r| ("*", r)));
        for (t, rates) in rows {
            if t != "*" {
                tx.execute(
                    "INSERT OR IGNORE INTO customer_types (name, built_in) VALUES (?1, 0)",
                    [t],
                )?;
            }
            for (b, rate) in rates.iter().enumerate() {
                stmt.execute(params![id, t, b as i64, rate.normalize().to_string()])?;
            }
        }
    }
    let after = serde_json::to_value(matrix).unwrap_or_default();
    audit(
        tx,
        user,
        "policy_import",
        "policy",
        &id.to_string(),
        None,
        Some(&after),
    )?;
    // A matrix with other buckets or another basis needs summaries of its own.
    summaries::summarise_missing(tx)?;
    Ok(id)
}

impl Store {
    /// Every specific allowance, current and past.
    pub fn specific_allowances(&self) -> Result<Vec<SpecificAllowance>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT customer_id, percent, amount_minor, reason, effective_from, effective_to,
                    set_by
             FROM specific_allowances ORDER BY customer_id, effective_from, id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = Vec::with_capacity(rows.len());
        for (customer_id, percent, amount, reason, from, to, set_by) in rows {
            let basis = match (percent, amount) {
                (Some(p), _) => SpecificBasis::Percent(parse_stored_decimal(&p)?),
                (None, Some(a)) => SpecificBasis::Amount(Money::from_minor(a)),
                (None, None) => {
                    return Err(StoreError::Corrupt {
                        what: "specific allowance",
                        value: customer_id,
                    });
                }
            };
            out.push(SpecificAllowance {
                customer_id,
                basis,
                reason,
                effective_from: parse_stored_date(&from)?,
                effective_to: to.as_deref().map(parse_stored_date).transpose()?,
                set_by,
            });
        }
        Ok(out)
    }

    /// Sets a specific allowance from `allowance.effective_from`: the one in force on
    /// that date (if any) ends there, and the new one runs until the next one starts.
    /// Audited.
    pub fn set_specific(&mut self, allowance: &SpecificAllowance) -> Result<(), StoreError> {
        let customer = &allowance.customer_id;
        let tx = self.write_transaction()?;
        writeoffs::refuse_closed(&tx, allowance.effective_from, "a specific allowance")?;
        if self.customer(customer)?.is_none() {
            return Err(StoreError::UnknownCustomer(customer.clone()));
        }
        let from = allowance.effective_from;
        let existing: Vec<SpecificAllowance> = self
            .specific_allowances()?
            .into_iter()
            .filter(|s| &s.customer_id == customer)
            .collect();
        let before = existing.iter().find(|s| s.in_force(from)).cloned();
        let next_start = existing
            .iter()
            .map(|s| s.effective_from)
            .filter(|d| *d > from)
            .min();
        tx.execute(
            "UPDATE specific_allowances SET effective_to = ?2
             WHERE customer_id = ?1 AND effective_from <= ?2
               AND (effective_to IS NULL OR effective_to > ?2)",
            params![customer, date_text(from)],
        )?;
        let (percent, amount) = match allowance.basis {
            SpecificBasis::Percent(p) => (Some(p.normalize().to_string()), None),
            SpecificBasis::Amount(a) => (None, Some(a.to_minor())),
        };
        tx.execute(
            "INSERT INTO specific_allowances
                 (customer_id, percent, amount_minor, reason, effective_from, effective_to,
                  set_by, set_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                customer,
                percent,
                amount,
                allowance.reason,
                date_text(from),
                next_start.map(date_text),
                allowance.set_by,
                now()
            ],
        )?;
        audit(
            &tx,
            &allowance.set_by,
            "specific_set",
            "customer",
            customer,
            before
                .map(|b| serde_json::to_value(b).unwrap_or_default())
                .as_ref(),
            Some(&serde_json::to_value(allowance).unwrap_or_default()),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Ends the specific allowance in force on `from`; the matrix applies again from that
    /// date. Audited.
    pub fn clear_specific(
        &mut self,
        customer_id: &str,
        from: NaiveDate,
        user: &str,
    ) -> Result<(), StoreError> {
        let tx = self.write_transaction()?;
        writeoffs::refuse_closed(&tx, from, "clearing a specific allowance")?;
        let current = self
            .specific_allowances()?
            .into_iter()
            .find(|s| s.customer_id == customer_id && s.in_force(from))
            .ok_or_else(|| StoreError::NoSpecific {
                customer: customer_id.to_string(),
                date: from,
            })?;
        tx.execute(
            "UPDATE specific_allowances SET effective_to = ?2
             WHERE customer_id = ?1 AND effective_from <= ?2
               AND (effective_to IS NULL OR effective_to > ?2)",
            params![customer_id, date_text(from)],
        )?;
        audit(
            &tx,
            user,
            "specific_clear",
            "customer",
            customer_id,
            Some(&serde_json::to_value(&current).unwrap_or_default()),
            Some(&serde_json::json!({ "cleared_from": date_text(from) })),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Documents written off by posted write-offs dated on or before `as_of`, as
    /// (customer id, document number).
    pub fn written_off_documents(
        &self,
        as_of: NaiveDate,
    ) -> Result<HashSet<(String, String)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT w.customer_id, d.document_no
             FROM write_offs w JOIN write_off_documents d ON d.write_off_id = w.id
             WHERE w.state = 'posted' AND w.date <= ?1",
        )?;
        let rows = stmt.query_map([date_text(as_of)], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<HashSet<_>, _>>()?)
    }

    /// Posted write-offs, document by document: (customer, document, date, amount).
    pub fn posted_write_off_documents(&self) -> Result<Vec<PostedDocument>, StoreError> {
        posted_documents(&self.conn)
    }

    /// Calls `each(customer, document, sighting)` for every open item of every
    /// snapshot, ordered by customer, document and snapshot id, so a document's
    /// sightings come together: every document walked whole, which the kept period
    /// movements (`movements`) and the book's activity are held to in its tests. (A
    /// sort of the whole table: fine for a test's book, not for a big one.)
    #[cfg(test)]
    pub(crate) fn for_each_document_sighting(
        &self,
        each: &mut dyn FnMut(&str, &str, DocumentSighting),
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT customer_id, snapshot_id, items FROM item_blocks
             ORDER BY customer_id, snapshot_id",
        )?;
        let mut rows = stmt.query([])?;
        // Every sighting of one customer, sorted by document and snapshot.
        let mut customer = String::new();
        let mut sightings: Vec<(String, DocumentSighting)> = Vec::new();
        let mut flush = |customer: &str, sightings: &mut Vec<(String, DocumentSighting)>| {
            sightings.sort_by(|a, b| (&a.0, a.1.snapshot_id).cmp(&(&b.0, b.1.snapshot_id)));
            for (document_no, sighting) in sightings.drain(..) {
                each(customer, &document_no, sighting);
            }
        };
        while let Some(r) = rows.next()? {
            let id = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            if id != customer {
                flush(&customer, &mut sightings);
                customer = id.to_string();
            }
            let snapshot_id: i64 = r.get(1)?;
            let text = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
            for item in items::decode(id, text)? {
                sightings.push((
                    item.document_no.to_string(),
                    DocumentSighting {
                        snapshot_id,
                        open: item.open,
                        document_date: item.document_date,
                        amount: item.amount,
                    },
                ));
            }
        }
        flush(&customer, &mut sightings);
        Ok(())
    }

    /// Walks the snapshots `prior` and `current` side by side in customer and document
    /// order, calling `each(customer, document, open before, open now)` once for every
    /// document in either (`None` where a snapshot does not list it). Both are read in
    /// their key's order, so nothing of either is held in memory.
    pub fn for_each_document_pair(
        &self,
        prior: Option<i64>,
        current: i64,
        each: &mut DocumentPairFn<'_>,
    ) -> Result<(), StoreError> {
        movements::for_each_document_pair(&self.conn, prior, current, false, &mut |pair| {
            each(pair.customer_id, pair.document_no, pair.before, pair.now)
        })
    }

    /// Every snapshot's kept movements (see [`movements`]).
    pub fn stored_movements(&self) -> Result<StoredMovements, StoreError> {
        movements::read(&self.conn)
    }

    /// The movements of the period from `prior` to `current`, from their items.
    pub fn movements_between(
        &self,
        prior: Option<i64>,
        current: i64,
    ) -> Result<PeriodMovements, StoreError> {
        movements::compute(&self.conn, prior, current)
    }

    /// One document's sightings in every snapshot, by snapshot id.
    pub fn document_sightings(
        &self,
        customer_id: &str,
        document_no: &str,
    ) -> Result<Vec<DocumentSighting>, StoreError> {
        let ids: Vec<i64> = self
            .conn
            .prepare_cached("SELECT id FROM snapshots ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for snapshot_id in ids {
            let block = items::block(&self.conn, snapshot_id, customer_id)?;
            if let Ok(at) = block.binary_search_by(|i| i.document_no.as_ref().cmp(document_no)) {
                let item = &block[at];
                out.push(DocumentSighting {
                    snapshot_id,
                    open: item.open,
                    document_date: item.document_date,
                    amount: item.amount,
                });
            }
        }
        Ok(out)
    }

    /// The summary of a snapshot's customers under `aging_key`, by customer id, if one
    /// was written (see [`summaries`]).
    pub fn customer_agings(
        &self,
        snapshot_id: i64,
        aging_key: &str,
    ) -> Result<Option<Vec<(String, CustomerAging)>>, StoreError> {
        summaries::read(&self.conn, snapshot_id, aging_key)
    }

    /// One customer's row of the summary of a snapshot under `aging_key`: `None` when
    /// no summary was written under that key, `Some(None)` when the customer has no
    /// items in the snapshot.
    pub fn customer_aging(
        &self,
        snapshot_id: i64,
        aging_key: &str,
        customer_id: &str,
    ) -> Result<Option<Option<CustomerAging>>, StoreError> {
        summaries::read_customer(&self.conn, snapshot_id, aging_key, customer_id)
    }

    /// Calls `each(customer, items)` for every customer of a snapshot in customer order,
    /// its items by document number: one customer's items in memory at a time.
    pub fn for_each_customer_items(
        &self,
        snapshot_id: i64,
        each: &mut dyn FnMut(&str, &[crate::domain::allowance::OpenItem]),
    ) -> Result<(), StoreError> {
        items::for_each_customer_items(&self.conn, snapshot_id, each)
    }

    /// One customer's open items in one snapshot, by document number.
    pub fn customer_items(
        &self,
        snapshot_id: i64,
        customer_id: &str,
    ) -> Result<Vec<crate::domain::allowance::OpenItem>, StoreError> {
        Ok(items::block(&self.conn, snapshot_id, customer_id)?
            .iter()
            .map(items::Item::to_open_item)
            .collect())
    }

    /// Adds a collection note. Audited. Returns its id.
    pub fn add_note(&mut self, note: &CollectionNote) -> Result<i64, StoreError> {
        let tx = self.write_transaction()?;
        if self.customer(&note.customer_id)?.is_none() {
            return Err(StoreError::UnknownCustomer(note.customer_id.clone()));
        }
        tx.execute(
            "INSERT INTO collection_notes (customer_id, date, author, action, outcome, text, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                note.customer_id,
                date_text(note.date),
                note.author,
                note.action.as_str(),
                note.outcome,
                note.text,
                now()
            ],
        )?;
        let id = tx.last_insert_rowid();
        let mut saved = note.clone();
        saved.id = id;
        audit(
            &tx,
            &note.author,
            "note_add",
            "customer",
            &note.customer_id,
            None,
            Some(&serde_json::to_value(&saved).unwrap_or_default()),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Collection notes, oldest first; of one customer, or of all.
    pub fn notes(&self, customer_id: Option<&str>) -> Result<Vec<CollectionNote>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, customer_id, date, author, action, outcome, text FROM collection_notes
             WHERE ?1 IS NULL OR customer_id = ?1 ORDER BY date, id",
        )?;
        let rows = stmt
            .query_map([customer_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(id, customer_id, date, author, action, outcome, text)| {
                Ok(CollectionNote {
                    id,
                    customer_id,
                    date: parse_stored_date(&date)?,
                    author,
                    action: NoteAction::parse(&action).ok_or(StoreError::Corrupt {
                        what: "note action",
                        value: action,
                    })?,
                    outcome,
                    text,
                })
            })
            .collect()
    }

    /// The audit log, oldest first.
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
        self.audit_entries(&AuditFilter::default())
    }

    /// Copies the book to `dest` with SQLite's online backup API, safe while other
    /// connections have it open or write to it: the copy is taken in one step, under one
    /// read transaction, so it is the book as of one commit (in WAL mode writers go on
    /// meanwhile). A lock that does not clear within the busy timeout is
    /// [`StoreError::Busy`]. The copy is left in rollback-journal mode, one
    /// self-contained file (Agebook puts a book back in WAL mode when it opens it).
    pub fn backup_to(&self, dest: &Path) -> Result<(), StoreError> {
        copy_database(&self.conn, dest, true)
    }

    /// Copies this book over the book file `dest` with the online backup API, as one
    /// write transaction on `dest`: connections that have it open see the copy on their
    /// next read, and nothing is renamed or deleted under their WAL. `dest` is created
    /// when missing and left in WAL mode.
    pub fn copy_into(&self, dest: &Path) -> Result<(), StoreError> {
        copy_database(&self.conn, dest, false)
    }

    /// Starts writing a snapshot; nothing is visible until [`SnapshotWriter::commit`].
    pub fn begin_snapshot(&mut self) -> Result<SnapshotWriter<'_>, StoreError> {
        SnapshotWriter::begin(&mut self.conn)
    }

    /// Tries to change the audit log, for the test that proves it cannot be.
    #[doc(hidden)]
    pub fn try_tamper_with_audit_log(&self) -> Result<usize, StoreError> {
        Ok(self
            .conn
            .execute("UPDATE audit_log SET user = 'mallory'", [])?)
    }

    /// Tries to delete from the audit log, for the test that proves it cannot be.
    #[doc(hidden)]
    pub fn try_delete_audit_log(&self) -> Result<usize, StoreError> {
        Ok(self.conn.execute("DELETE FROM audit_log", [])?)
    }
}

/// Posted write-offs, document by document, in posting order (date, then id).
fn posted_documents(conn: &Connection) -> Result<Vec<PostedDocument>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT w.customer_id, d.document_no, w.date, d.amount_minor, d.left_open_minor
         FROM write_offs w JOIN write_off_documents d ON d.write_off_id = w.id
         WHERE w.state = 'posted' ORDER BY w.date, w.id, w.customer_id, d.document_no",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(customer_id, document_no, date, amount, left_open)| {
            Ok(PostedDocument {
                customer_id,
                document_no,
                date: parse_stored_date(&date)?,
                amount: Money::from_minor(amount),
                left_open: Money::from_minor(left_open),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_dates_are_iso_with_four_digit_years_and_read_back() {
        for (y, m, d, text) in [
            (1900, 1, 1, "1900-01-01"),
            (2016, 3, 9, "2016-03-09"),
            (2199, 12, 31, "2199-12-31"),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(date_text(date), text);
            assert_eq!(parse_stored_date(text).unwrap(), date);
        }
    }

    #[test]
    fn foreign_keys_are_back_on_once_an_import_commits_or_rolls_back() {
        let mut store = Store::open_in_memory().unwrap();
        let on = |store: &Store| -> i64 {
            store
                .conn
                .pragma_query_value(None, "foreign_keys", |r| r.get(0))
                .unwrap()
        };
        assert_eq!(on(&store), 1);
        let writer = store.begin_snapshot().unwrap();
        drop(writer);
        assert_eq!(on(&store), 1, "after a rollback");
        let as_of = NaiveDate::from_ymd_opt(2016, 1, 31).unwrap();
        let mut writer = store.begin_snapshot().unwrap();
        writer.create(as_of, "a.csv", "amy").unwrap();
        writer
            .commit(SnapshotTotals::default(), "h", "amy")
            .unwrap();
        assert_eq!(on(&store), 1, "after a commit");
    }

    #[test]
    fn a_date_bound_without_allocating_is_stored_as_date_text_writes_it() {
        let conn = Connection::open_in_memory().unwrap();
        for (y, m, d) in [
            (1900, 1, 1),
            (2016, 3, 9),
            (2199, 12, 31),
            (999, 7, 4),
            (-5, 1, 2),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let bound: String = conn
                .query_row("SELECT ?1", [DateText::new(date)], |r| r.get(0))
                .unwrap();
            assert_eq!(bound, date_text(date), "{date}");
        }
    }

    #[test]
    fn a_stored_date_not_in_the_books_form_is_corrupt() {
        for text in [
            "2016-3-09",
            "2016/03/09",
            "2016-02-30",
            "2016-13-01",
            "20160309",
            "2016-03-09 ",
            "+016-03-09",
            "２016-03-09",
        ] {
            assert!(
                matches!(
                    parse_stored_date(text),
                    Err(StoreError::Corrupt { what: "date", .. })
                ),
                "{text}"
            );
        }
    }
}
