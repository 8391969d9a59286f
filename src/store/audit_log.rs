//! The audit log as a hash chain: appending a row, reading rows back through a filter,
//! and verifying the book (SQLite's integrity check, the chain, and posted write-offs
//! against their audit rows).
//!
//! Each row carries `prev_hash`, the `hash` of the row before it (64 zeros before the
//! first row), and its own `hash`: SHA-256 over [`row_hash`]'s canonical encoding of its
//! id, time, user, action, entity, entity id, before, after and `prev_hash`. Ids run 1, 2,
//! 3, … without gaps. A row changed, deleted or slipped in with any other tool therefore
//! breaks the chain at that row, and [`Store::verify`] names it.
//!
//! What a chain cannot show on its own: rows cut off its end, or a whole log rewritten
//! by someone who recomputes every hash. The head (last id and hash) that a verification
//! reports is what an auditor notes down to catch those later.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::summaries::DerivedCheck;
use super::{AuditEntry, SCHEMA_VERSION, Store, StoreError, now};
use crate::domain::money::Money;

/// The `prev_hash` of the first row.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What a row's hash covers, in the order it is encoded.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RowContent<'a> {
    pub id: i64,
    pub at: &'a str,
    pub user: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

impl<'a> RowContent<'a> {
    /// What the hash of a stored row covers.
    fn of(entry: &'a AuditEntry) -> RowContent<'a> {
        RowContent {
            id: entry.id,
            at: &entry.at,
            user: &entry.user,
            action: &entry.action,
            entity: &entry.entity,
            entity_id: &entry.entity_id,
            before: entry.before.as_deref(),
            after: entry.after.as_deref(),
        }
    }
}

/// The hash of a row: SHA-256, as 64 lowercase hex digits, of `agebook-audit-v1\n`
/// followed by each field in turn — id (in decimal), at, user, action, entity,
/// entity_id, before, after, prev_hash — each written as `S<byte length>:<UTF-8 bytes>`,
/// or `N` when it is NULL. The length prefix makes the encoding unambiguous (no field
/// can run into the next) and keeps NULL apart from the empty text (`S0:`).
pub(crate) fn row_hash(row: &RowContent<'_>, prev_hash: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"agebook-audit-v1\n");
    let id = row.id.to_string();
    let fields = [
        Some(id.as_str()),
        Some(row.at),
        Some(row.user),
        Some(row.action),
        Some(row.entity),
        Some(row.entity_id),
        row.before,
        row.after,
        Some(prev_hash),
    ];
    for field in fields {
        match field {
            None => hasher.update(b"N"),
            Some(text) => {
                hasher.update(format!("S{}:", text.len()).as_bytes());
                hasher.update(text.as_bytes());
            }
        }
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Appends one row inside `tx`, chained to the last row that `tx` sees. The row's id is
/// the last id plus one, chosen here so that it is part of the hash.
pub(crate) fn append(
    tx: &Transaction<'_>,
    user: &str,
    action: &str,
    entity: &str,
    entity_id: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> Result<(), StoreError> {
    let last: Option<(i64, Option<String>)> = tx
        .query_row(
            "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (id, prev_hash) = match last {
        Some((id, hash)) => (id + 1, hash.unwrap_or_else(|| GENESIS_HASH.to_string())),
        None => (1, GENESIS_HASH.to_string()),
    };
    let at = now();
    let content = RowContent {
        id,
        at: &at,
        user,
        action,
        entity,
        entity_id,
        before,
        after,
    };
    let hash = row_hash(&content, &prev_hash);
    tx.execute(
        "INSERT INTO audit_log (id, at, user, action, entity, entity_id, before, after,
                                prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            id, at, user, action, entity, entity_id, before, after, prev_hash, hash
        ],
    )?;
    Ok(())
}

/// Chains every row of an old book's log in id order, inside the migration that adds
/// the columns (the append-only triggers are down for that step). Ids are kept as they
/// are, gaps included, so a gap left before the chain existed still shows.
pub(crate) fn backfill(tx: &Transaction<'_>) -> Result<(), StoreError> {
    let rows = audit_entries_of(tx, &AuditFilter::default())?;
    let mut update = tx.prepare("UPDATE audit_log SET prev_hash = ?2, hash = ?3 WHERE id = ?1")?;
    let mut prev = GENESIS_HASH.to_string();
    for row in &rows {
        let hash = row_hash(&RowContent::of(row), &prev);
        update.execute(params![row.id, prev, hash])?;
        prev = hash;
    }
    Ok(())
}

/// Which audit rows to read. Every field left `None` matches every row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Rows written on or after this day (UTC).
    pub from: Option<NaiveDate>,
    /// Rows written on or before this day (UTC).
    pub to: Option<NaiveDate>,
    /// Rows by this user.
    pub user: Option<String>,
    /// Rows with exactly this action (`import`, `writeoff_post`, …).
    pub action: Option<String>,
    /// Rows about this customer: its entity is the customer, its `before` or `after`
    /// JSON has a top-level `customer_id` equal to it, or it is a step of one of the
    /// customer's write-offs.
    pub customer: Option<String>,
}

/// The head of the chain: its last row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainHead {
    /// The last row's id.
    pub id: i64,
    /// Its hash.
    pub hash: String,
}

/// What is wrong with a row of the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChainProblem {
    /// The row's content no longer gives its hash: changed after it was written.
    ContentChanged,
    /// A row is missing: ids must run 1, 2, 3, … without gaps.
    Missing,
    /// The row's `prev_hash` is not the previous row's hash: a row before it was
    /// replaced, or this one was slipped in.
    PrevHashMismatch,
    /// The row has no hash at all.
    Unchained,
}

/// The first row at which the chain fails, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainFailure {
    /// The row (for a missing row, the id that is missing).
    pub id: i64,
    /// What is wrong.
    pub problem: ChainProblem,
    /// In words.
    pub detail: String,
}

impl fmt::Display for ChainFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.detail)
    }
}

/// The audit chain's part of a verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainCheck {
    /// True when every row is chained and in place.
    pub ok: bool,
    /// False for a book of a schema before the chain (nothing to check yet).
    pub present: bool,
    /// Rows in the log.
    pub rows: i64,
    /// The last row, to note down and compare with later.
    pub head: Option<ChainHead>,
    /// Every failing row, first first (at most [`MAX_FAILURES`]).
    pub failures: Vec<ChainFailure>,
}

/// What is wrong with a posted write-off, against its audit rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WriteOffProblem {
    /// Posted, but no `writeoff_post` audit row says so.
    NoPostRow,
    /// More than one `writeoff_post` row for one write-off.
    PostedTwice,
    /// The `writeoff_post` row disagrees with the write-off (state or who posted it).
    PostRowDisagrees,
    /// No audit row records its documents (neither the post nor the propose row).
    NoRecordOfDocuments,
    /// Its customer, date, documents or amounts differ from what the audit recorded.
    DocumentsDiffer,
    /// An approval in the book that no `writeoff_approve` row by that user records.
    ApprovalNotAudited,
    /// A `writeoff_post` row for a write-off that is not posted (or gone).
    NotPosted,
}

/// One write-off that does not agree with its audit rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WriteOffFailure {
    /// The write-off.
    pub write_off_id: i64,
    /// The audit row compared with, if any.
    pub audit_id: Option<i64>,
    /// What is wrong.
    pub problem: WriteOffProblem,
    /// In words.
    pub detail: String,
}

impl fmt::Display for WriteOffFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.detail)
    }
}

/// The posted write-offs' part of a verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WriteOffCheck {
    /// True when every posted write-off agrees with its audit rows.
    pub ok: bool,
    /// Posted write-offs checked.
    pub checked: usize,
    /// What disagrees.
    pub failures: Vec<WriteOffFailure>,
}

/// SQLite's `PRAGMA integrity_check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IntegrityCheck {
    /// True when SQLite answered `ok`.
    pub ok: bool,
    /// What it answered, line by line (`["ok"]` when all is well).
    pub messages: Vec<String>,
}

/// A book's verification: the file, the audit chain and the posted write-offs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    /// True when all three checks pass.
    pub ok: bool,
    /// The book's schema version.
    pub schema_version: i64,
    /// The file.
    pub integrity: IntegrityCheck,
    /// The audit chain.
    pub audit_chain: ChainCheck,
    /// Posted write-offs against their audit rows.
    pub write_offs: WriteOffCheck,
    /// Each snapshot's totals and aging summaries against its items.
    pub derived: DerivedCheck,
    /// Checks that could not run, and why (the file failed its integrity check).
    pub not_checked: Vec<String>,
}

impl VerifyReport {
    /// Every problem found, one line each, the integrity check's first.
    pub fn problems(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        if !self.integrity.ok {
            out.extend(
                self.integrity
                    .messages
                    .iter()
                    .map(|m| format!("integrity_check: {m}")),
            );
        }
        out.extend(self.not_checked.iter().cloned());
        out.extend(
            self.audit_chain
                .failures
                .iter()
                .map(|f| format!("audit chain: {f}")),
        );
        out.extend(
            self.write_offs
                .failures
                .iter()
                .map(|f| format!("posted write-offs: {f}")),
        );
        out.extend(
            self.derived
                .failures
                .iter()
                .map(|f| format!("derived figures: {f}")),
        );
        out
    }
}

/// At most this many failures of each kind are listed.
pub const MAX_FAILURES: usize = 100;

/// The action names written by `store::writeoffs`.
const PROPOSE: &str = "writeoff_propose";
const APPROVE: &str = "writeoff_approve";
const POST: &str = "writeoff_post";

/// Verifies the book `conn` holds, in one read transaction so every check sees the
/// same state.
fn verify_connection(conn: &Connection) -> Result<VerifyReport, StoreError> {
    let tx = conn.unchecked_transaction()?;
    let schema_version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let messages: Vec<String> = tx
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<_, _>>()?;
    let integrity = IntegrityCheck {
        ok: messages == ["ok"],
        messages,
    };
    let mut not_checked = Vec::new();
    let empty_chain = ChainCheck {
        ok: false,
        present: false,
        rows: 0,
        head: None,
        failures: Vec::new(),
    };
    let empty_write_offs = WriteOffCheck {
        ok: false,
        checked: 0,
        failures: Vec::new(),
    };
    let empty_derived = DerivedCheck {
        ok: false,
        snapshots: 0,
        summaries: 0,
        movements: 0,
        failures: Vec::new(),
    };
    let (audit_chain, write_offs, derived) = if integrity.ok {
        (
            check_chain(&tx)?,
            check_write_offs(&tx)?,
            super::summaries::check(&tx)?,
        )
    } else {
        not_checked.push(
            "the audit chain, the posted write-offs and the derived figures were not \
             checked: the file failed its integrity check"
                .to_string(),
        );
        (empty_chain, empty_write_offs, empty_derived)
    };
    let ok = integrity.ok && audit_chain.ok && write_offs.ok && derived.ok;
    Ok(VerifyReport {
        ok,
        schema_version,
        integrity,
        audit_chain,
        write_offs,
        derived,
        not_checked,
    })
}

fn has_chain_columns(conn: &Connection) -> Result<bool, StoreError> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM pragma_table_info('audit_log') WHERE name IN ('prev_hash', 'hash')",
        [],
        |r| r.get(0),
    )?;
    Ok(n == 2)
}

fn check_chain(conn: &Connection) -> Result<ChainCheck, StoreError> {
    let rows: i64 = conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?;
    if !has_chain_columns(conn)? {
        return Ok(ChainCheck {
            ok: true,
            present: false,
            rows,
            head: None,
            failures: Vec::new(),
        });
    }
    let mut stmt = conn.prepare(
        "SELECT id, at, user, action, entity, entity_id, before, after, prev_hash, hash
         FROM audit_log ORDER BY id",
    )?;
    let mut cursor = stmt.query([])?;
    let mut failures = Vec::new();
    let mut expected_id = 1_i64;
    // The stored hash of the row before; what this row's prev_hash must be.
    let mut prev = GENESIS_HASH.to_string();
    // False after a row without a hash: the next row's link cannot be checked.
    let mut linked = true;
    let mut head = None;
    while let Some(r) = cursor.next()? {
        let id: i64 = r.get(0)?;
        let at: String = r.get(1)?;
        let user: String = r.get(2)?;
        let action: String = r.get(3)?;
        let entity: String = r.get(4)?;
        let entity_id: String = r.get(5)?;
        let before: Option<String> = r.get(6)?;
        let after: Option<String> = r.get(7)?;
        let prev_hash: Option<String> = r.get(8)?;
        let hash: Option<String> = r.get(9)?;
        let mut fail = |id: i64, problem: ChainProblem, detail: String| {
            if failures.len() < MAX_FAILURES {
                failures.push(ChainFailure {
                    id,
                    problem,
                    detail,
                });
            }
        };
        let after_gap = id != expected_id;
        if after_gap {
            let detail = if expected_id == 1 {
                format!("row {expected_id} is missing: the log starts at row {id}")
            } else {
                format!(
                    "row {expected_id} is missing: the log goes from row {} to row {id}",
                    expected_id - 1
                )
            };
            fail(expected_id, ChainProblem::Missing, detail);
        }
        match (prev_hash, hash) {
            (Some(prev_hash), Some(hash)) => {
                // After a gap the link to the missing row cannot hold; the gap is the
                // finding, not this row.
                if !after_gap && linked && prev_hash != prev {
                    fail(
                        id,
                        ChainProblem::PrevHashMismatch,
                        format!(
                            "row {id} does not follow the row before it: its prev_hash is \
                             not row {}'s hash (a row was replaced or slipped in)",
                            id - 1
                        ),
                    );
                }
                let content = RowContent {
                    id,
                    at: &at,
                    user: &user,
                    action: &action,
                    entity: &entity,
                    entity_id: &entity_id,
                    before: before.as_deref(),
                    after: after.as_deref(),
                };
                if row_hash(&content, &prev_hash) != hash {
                    fail(
                        id,
                        ChainProblem::ContentChanged,
                        format!(
                            "row {id} ({action} by {user} at {at}) was changed after it was \
                             written: its content no longer matches its hash"
                        ),
                    );
                }
                prev = hash.clone();
                linked = true;
                head = Some(ChainHead { id, hash });
            }
            _ => {
                fail(
                    id,
                    ChainProblem::Unchained,
                    format!("row {id} ({action} by {user} at {at}) has no hash"),
                );
                linked = false;
                head = None;
            }
        }
        expected_id = id + 1;
    }
    Ok(ChainCheck {
        ok: failures.is_empty(),
        present: true,
        rows,
        head,
        failures,
    })
}

/// One audit row about a write-off, as the write-off check reads it.
struct StepRow {
    id: i64,
    user: String,
    action: String,
    after: Option<serde_json::Value>,
}

/// What an audit row recorded of a write-off: customer, date, documents and amounts.
struct Recorded {
    customer_id: Option<String>,
    date: Option<String>,
    documents: Vec<(String, Money)>,
}

/// Reads the customer, date and documents out of a propose row (the whole write-off)
/// or a post row (which repeats them). `None` when the row does not hold documents.
fn recorded(after: &serde_json::Value) -> Option<Recorded> {
    let documents = after.get("documents")?.as_array()?;
    let mut out = Vec::with_capacity(documents.len());
    for d in documents {
        let pair = d.as_array()?;
        let (no, amount) = (pair.first()?.as_str()?, pair.get(1)?.as_str()?);
        out.push((no.to_string(), Money::parse(amount).ok()?));
    }
    out.sort();
    Some(Recorded {
        customer_id: after
            .get("customer_id")
            .and_then(|v| v.as_str())
            .map(str::to_string),
        date: after
            .get("date")
            .and_then(|v| v.as_str())
            .map(str::to_string),
        documents: out,
    })
}

/// Posted write-offs against their audit rows. The rule:
///
/// - every posted write-off has exactly one `writeoff_post` row, whose `after` says
///   `posted` and whose user is the write-off's `posted_by`;
/// - its customer, date, documents and amounts equal what the audit recorded: the
///   `writeoff_post` row's copy of them, or, for a row written before posts recorded
///   them, the `writeoff_propose` row (documents can change only while a write-off is a
///   draft, and nothing edits a draft's documents after it is proposed);
/// - every approval on record has a `writeoff_approve` row by that approver;
/// - every `writeoff_post` row belongs to a write-off that is posted.
fn check_write_offs(conn: &Connection) -> Result<WriteOffCheck, StoreError> {
    let mut steps: BTreeMap<i64, Vec<StepRow>> = BTreeMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT id, user, action, entity_id, after FROM audit_log
             WHERE entity = 'write_off' ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let entity_id: String = r.get(3)?;
            let Ok(write_off) = entity_id.parse::<i64>() else {
                continue;
            };
            let after: Option<String> = r.get(4)?;
            steps.entry(write_off).or_default().push(StepRow {
                id: r.get(0)?,
                user: r.get(1)?,
                action: r.get(2)?,
                after: after.and_then(|a| serde_json::from_str(&a).ok()),
            });
        }
    }
    let write_offs: Vec<(i64, String, String, String, Option<String>)> = conn
        .prepare("SELECT id, customer_id, date, state, posted_by FROM write_offs ORDER BY id")?
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut doc_stmt = conn.prepare(
        "SELECT document_no, amount_minor FROM write_off_documents WHERE write_off_id = ?1
         ORDER BY document_no",
    )?;
    let mut approval_stmt =
        conn.prepare("SELECT approver FROM write_off_approvals WHERE write_off_id = ?1")?;
    let mut failures = Vec::new();
    let mut fail = |write_off_id: i64, audit_id: Option<i64>, problem, detail: String| {
        if failures.len() < MAX_FAILURES {
            failures.push(WriteOffFailure {
                write_off_id,
                audit_id,
                problem,
                detail,
            });
        }
    };
    let mut checked = 0;
    let no_steps = Vec::new();
    for (id, customer_id, date, state, posted_by) in &write_offs {
        let rows = steps.get(id).unwrap_or(&no_steps);
        let posts: Vec<&StepRow> = rows.iter().filter(|s| s.action == POST).collect();
        if state != "posted" {
            if let Some(post) = posts.first() {
                fail(
                    *id,
                    Some(post.id),
                    WriteOffProblem::NotPosted,
                    format!(
                        "write-off {id} is {state}, but audit row {} posted it",
                        post.id
                    ),
                );
            }
            continue;
        }
        checked += 1;
        let Some(post) = posts.first() else {
            fail(
                *id,
                None,
                WriteOffProblem::NoPostRow,
                format!("write-off {id} is posted, but no writeoff_post audit row says so"),
            );
            continue;
        };
        if let Some(second) = posts.get(1) {
            fail(
                *id,
                Some(second.id),
                WriteOffProblem::PostedTwice,
                format!(
                    "write-off {id} has two writeoff_post audit rows ({} and {})",
                    post.id, second.id
                ),
            );
        }
        let post_state = post
            .after
            .as_ref()
            .and_then(|a| a.get("state"))
            .and_then(|s| s.as_str());
        if post_state != Some("posted") {
            fail(
                *id,
                Some(post.id),
                WriteOffProblem::PostRowDisagrees,
                format!(
                    "audit row {} posted write-off {id}, but its after does not say posted",
                    post.id
                ),
            );
        }
        if let Some(by) = posted_by
            && *by != post.user
        {
            fail(
                *id,
                Some(post.id),
                WriteOffProblem::PostRowDisagrees,
                format!(
                    "write-off {id} says it was posted by {by}; audit row {} says {}",
                    post.id, post.user
                ),
            );
        }
        let reference = post
            .after
            .as_ref()
            .and_then(recorded)
            .map(|r| (post.id, r))
            .or_else(|| {
                rows.iter()
                    .find(|s| s.action == PROPOSE)
                    .and_then(|s| s.after.as_ref().and_then(recorded).map(|r| (s.id, r)))
            });
        let Some((audit_id, reference)) = reference else {
            fail(
                *id,
                None,
                WriteOffProblem::NoRecordOfDocuments,
                format!("no audit row records the documents of posted write-off {id}"),
            );
            continue;
        };
        let documents: Vec<(String, Money)> = doc_stmt
            .query_map([id], |r| {
                Ok((r.get::<_, String>(0)?, Money::from_minor(r.get(1)?)))
            })?
            .collect::<Result<_, _>>()?;
        let mut documents = documents;
        documents.sort();
        if let Some(detail) = difference(
            *id,
            audit_id,
            (customer_id.as_str(), date.as_str(), &documents),
            &reference,
        ) {
            fail(
                *id,
                Some(audit_id),
                WriteOffProblem::DocumentsDiffer,
                detail,
            );
        }
        let approvers: Vec<String> = approval_stmt
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for approver in approvers {
            if !rows
                .iter()
                .any(|s| s.action == APPROVE && s.user == approver)
            {
                fail(
                    *id,
                    None,
                    WriteOffProblem::ApprovalNotAudited,
                    format!(
                        "write-off {id} holds an approval by {approver} that no \
                         writeoff_approve audit row records"
                    ),
                );
            }
        }
    }
    // Post rows of write-offs that are gone altogether.
    for (id, rows) in &steps {
        if write_offs.iter().any(|w| w.0 == *id) {
            continue;
        }
        if let Some(post) = rows.iter().find(|s| s.action == POST) {
            fail(
                *id,
                Some(post.id),
                WriteOffProblem::NotPosted,
                format!(
                    "audit row {} posted write-off {id}, which is no longer in the book",
                    post.id
                ),
            );
        }
    }
    Ok(WriteOffCheck {
        ok: failures.is_empty(),
        checked,
        failures,
    })
}

/// The first way a write-off's current rows differ from what audit row `audit_id`
/// recorded, in words.
fn difference(
    id: i64,
    audit_id: i64,
    (customer_id, date, documents): (&str, &str, &[(String, Money)]),
    recorded: &Recorded,
) -> Option<String> {
    if let Some(c) = &recorded.customer_id
        && c != customer_id
    {
        return Some(format!(
            "write-off {id} is of customer {customer_id}; audit row {audit_id} recorded {c}"
        ));
    }
    if let Some(d) = &recorded.date
        && d != date
    {
        return Some(format!(
            "write-off {id} is dated {date}; audit row {audit_id} recorded {d}"
        ));
    }
    for (no, amount) in documents {
        match recorded.documents.iter().find(|(n, _)| n == no) {
            None => {
                return Some(format!(
                    "write-off {id} holds document {no} ({amount}), which audit row \
                     {audit_id} does not record"
                ));
            }
            Some((_, was)) if was != amount => {
                return Some(format!(
                    "write-off {id}: document {no} is written off for {amount}, but audit \
                     row {audit_id} recorded {was}"
                ));
            }
            Some(_) => {}
        }
    }
    recorded
        .documents
        .iter()
        .find(|(n, _)| !documents.iter().any(|(d, _)| d == n))
        .map(|(no, was)| {
            format!(
                "write-off {id} no longer holds document {no} ({was}) that audit row \
                 {audit_id} recorded"
            )
        })
}

/// Reads audit rows, oldest first, through `filter` (see [`AuditFilter`]).
fn audit_entries_of(
    conn: &Connection,
    filter: &AuditFilter,
) -> Result<Vec<AuditEntry>, StoreError> {
    let chained = has_chain_columns(conn)?;
    let hashes = if chained {
        "prev_hash, hash"
    } else {
        "NULL, NULL"
    };
    // CASE, not AND: SQLite does not promise to skip json_extract on text that is not
    // JSON, and a hand-edited row must not make the whole query fail.
    let sql = format!(
        "SELECT id, at, user, action, entity, entity_id, before, after, {hashes}
         FROM audit_log
         WHERE (?1 IS NULL OR substr(at, 1, 10) >= ?1)
           AND (?2 IS NULL OR substr(at, 1, 10) <= ?2)
           AND (?3 IS NULL OR user = ?3)
           AND (?4 IS NULL OR action = ?4)
           AND (?5 IS NULL
                OR (entity = 'customer' AND entity_id = ?5)
                OR (CASE WHEN json_valid(before) THEN json_extract(before, '$.customer_id') END) = ?5
                OR (CASE WHEN json_valid(after) THEN json_extract(after, '$.customer_id') END) = ?5
                OR (entity = 'write_off'
                    AND entity_id IN (SELECT CAST(id AS TEXT) FROM write_offs
                                      WHERE customer_id = ?5)))
         ORDER BY id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(
        params![
            filter.from.map(super::date_text),
            filter.to.map(super::date_text),
            filter.user,
            filter.action,
            filter.customer
        ],
        |r| {
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                user: r.get(2)?,
                action: r.get(3)?,
                entity: r.get(4)?,
                entity_id: r.get(5)?,
                before: r.get(6)?,
                after: r.get(7)?,
                prev_hash: r.get(8)?,
                hash: r.get(9)?,
            })
        },
    )?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Opens a book file read-only, without migrating it, after checking that it is an
/// Agebook book of a schema this build knows.
fn open_read_only(path: &Path) -> Result<Connection, StoreError> {
    let name = path.display().to_string();
    let not_a_book = |reason: String| StoreError::NotABook {
        path: name.clone(),
        reason,
    };
    if !path.is_file() {
        return Err(not_a_book("no such file".to_string()));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| not_a_book(e.to_string()))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let found: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| not_a_book(e.to_string()))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found,
            known: SCHEMA_VERSION,
        });
    }
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table'
             AND name IN ('book_settings', 'snapshots', 'write_offs', 'audit_log')",
            [],
            |r| r.get(0),
        )
        .map_err(|e| not_a_book(e.to_string()))?;
    if found < 1 || tables != 4 {
        return Err(not_a_book(
            "it has no Agebook schema (no book settings, snapshots, write-offs and audit log)"
                .to_string(),
        ));
    }
    Ok(conn)
}

impl Store {
    /// Verifies the book: SQLite's integrity check, the audit chain (the first row that
    /// fails and why), and every posted write-off against its audit rows.
    pub fn verify(&self) -> Result<VerifyReport, StoreError> {
        verify_connection(&self.conn)
    }

    /// Verifies the book file at `path` without changing it: opened read-only, not
    /// migrated. Refuses a file that is not an Agebook book or is of a newer schema.
    pub fn verify_file(path: &Path) -> Result<VerifyReport, StoreError> {
        verify_connection(&open_read_only(path)?)
    }

    /// Opens the book at `path` read-only and unmigrated, for copying it; refuses a file
    /// that is not an Agebook book or is of a newer schema.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        Ok(Store {
            conn: open_read_only(path)?,
        })
    }

    /// The audit rows `filter` selects, oldest first.
    pub fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        audit_entries_of(&self.conn, filter)
    }

    /// The last row of the audit chain, if the log has any.
    pub fn audit_head(&self) -> Result<Option<ChainHead>, StoreError> {
        if !has_chain_columns(&self.conn)? {
            return Ok(None);
        }
        Ok(self
            .conn
            .query_row(
                "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?)),
            )
            .optional()?
            .and_then(|(id, hash)| hash.map(|hash| ChainHead { id, hash })))
    }

    /// Records in the audit log that the book was restored from a backup: `before` says
    /// where the replaced book was kept and the head of its chain, `after` the backup's
    /// file and the head of the chain restored.
    pub fn record_restore(
        &mut self,
        user: &str,
        before: &serde_json::Value,
        after: &serde_json::Value,
    ) -> Result<(), StoreError> {
        let tx = self.write_transaction()?;
        super::audit(
            &tx,
            user,
            "restore",
            "book",
            "book",
            Some(before),
            Some(after),
        )?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content<'a>(before: Option<&'a str>, after: Option<&'a str>) -> RowContent<'a> {
        RowContent {
            id: 7,
            at: "2026-11-05T10:00:00Z",
            user: "amy",
            action: "set_type",
            entity: "customer",
            entity_id: "C0001",
            before,
            after,
        }
    }

    #[test]
    fn null_and_empty_text_hash_apart() {
        let null = row_hash(&content(None, Some("{}")), GENESIS_HASH);
        let empty = row_hash(&content(Some(""), Some("{}")), GENESIS_HASH);
        assert_ne!(null, empty);
    }

    #[test]
    fn text_moved_between_fields_changes_the_hash() {
        let a = row_hash(&content(Some("ab"), Some("c")), GENESIS_HASH);
        let b = row_hash(&content(Some("a"), Some("bc")), GENESIS_HASH);
        assert_ne!(a, b);
    }

    #[test]
    fn the_hash_covers_the_previous_hash() {
        let row = content(None, Some("{}"));
        let other = "1".repeat(64);
        assert_ne!(row_hash(&row, GENESIS_HASH), row_hash(&row, &other));
        assert_eq!(row_hash(&row, GENESIS_HASH).len(), 64);
    }

    #[test]
    fn the_encoding_is_the_documented_one() {
        // Written out by hand from the doc comment of `row_hash`, so the encoding cannot
        // drift without this test (and the documentation) changing with it.
        let row = content(None, Some("{}"));
        let mut text = String::from("agebook-audit-v1\n");
        for f in [
            "7",
            "2026-11-05T10:00:00Z",
            "amy",
            "set_type",
            "customer",
            "C0001",
        ] {
            text.push_str(&format!("S{}:{f}", f.len()));
        }
        text.push('N');
        text.push_str("S2:{}");
        text.push_str(&format!("S64:{GENESIS_HASH}"));
        let expected: String = Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(row_hash(&row, GENESIS_HASH), expected);
    }
}
