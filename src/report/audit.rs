//! The audit log and the book's verification as rows, for `agebook audit`,
//! `agebook verify` and the window's audit screen alike: the same columns, the same
//! one-line summary of each change, the same CSV, and the same reading of a
//! [`VerifyReport`] (what was checked, and the first thing that fails).
//!
//! The text here is the scripting interface's (English, stable); the window words the
//! same findings in its own language from the same values ([`Finding`]).

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use serde_json::Value;

use crate::domain::writeoff::WriteOff;
use crate::integrity::{
    AuditEntry, ChainHead, ChainProblem, VerifyReport, WriteOffProblem, change_summary,
};
use crate::report::export::{Cell, Sheet};
use crate::report::table::{Align, TextTable};

/// The columns of the audit log's CSV, in order.
pub const AUDIT_CSV_HEADERS: [&str; 11] = [
    "id",
    "at",
    "user",
    "action",
    "entity",
    "entity_id",
    "summary",
    "before",
    "after",
    "prev_hash",
    "hash",
];

/// A `before` or `after` text as JSON: parsed, or the text itself when it is not JSON.
fn json_value(text: &Option<String>) -> Value {
    match text {
        None => Value::Null,
        Some(t) => serde_json::from_str(t).unwrap_or_else(|_| Value::String(t.clone())),
    }
}

/// The audit rows as the JSON document `agebook audit --format json` prints:
/// `{"rows": [{"id", "at", "user", "action", "entity", "entity_id", "summary",
/// "before", "after", "prev_hash", "hash"}...]}`.
pub fn audit_json(rows: &[AuditEntry]) -> Value {
    let rows: Vec<Value> = rows
        .iter()
        .map(|e| {
            serde_json::json!({
                "id": e.id,
                "at": e.at,
                "user": e.user,
                "action": e.action,
                "entity": e.entity,
                "entity_id": e.entity_id,
                "summary": change_summary(e),
                "before": json_value(&e.before),
                "after": json_value(&e.after),
                "prev_hash": e.prev_hash,
                "hash": e.hash,
            })
        })
        .collect();
    serde_json::json!({ "rows": rows })
}

/// The audit rows as CSV, every column of [`AUDIT_CSV_HEADERS`], text cells neutralised
/// for spreadsheets: what `agebook audit --format csv` prints and the window exports.
pub fn audit_csv(rows: &[AuditEntry]) -> String {
    let text = |t: &str| Cell::Text(t.to_string());
    let rows = rows
        .iter()
        .map(|e| {
            vec![
                Cell::Int(e.id),
                text(&e.at),
                text(&e.user),
                text(&e.action),
                text(&e.entity),
                text(&e.entity_id),
                text(&change_summary(e)),
                text(e.before.as_deref().unwrap_or_default()),
                text(e.after.as_deref().unwrap_or_default()),
                text(e.prev_hash.as_deref().unwrap_or_default()),
                text(e.hash.as_deref().unwrap_or_default()),
            ]
        })
        .collect();
    Sheet::csv(&AUDIT_CSV_HEADERS, rows)
}

/// The audit rows as the terminal table of `agebook audit`.
pub fn audit_table(rows: &[AuditEntry]) -> String {
    if rows.is_empty() {
        return "No audit rows.\n".to_string();
    }
    let mut t = TextTable::new(vec![
        ("Id".into(), Align::Right),
        ("At".into(), Align::Left),
        ("User".into(), Align::Left),
        ("Action".into(), Align::Left),
        ("Entity".into(), Align::Left),
        ("Entity id".into(), Align::Left),
        ("Change".into(), Align::Left),
    ]);
    for e in rows {
        t.row(vec![
            e.id.to_string(),
            e.at.clone(),
            e.user.clone(),
            e.action.clone(),
            e.entity.clone(),
            e.entity_id.clone(),
            change_summary(e),
        ]);
    }
    t.render()
}

/// Which customer each write-off belongs to, by its id as audit rows name it.
pub fn write_off_customers(write_offs: &[WriteOff]) -> HashMap<String, String> {
    write_offs
        .iter()
        .map(|w| (w.id.to_string(), w.customer_id.clone()))
        .collect()
}

/// The customer an audit row is about, if any: the customer it changed, the
/// `customer_id` its `after` (else `before`) records, or the customer of the write-off
/// it moved a step — the rows `agebook audit --customer ID` selects for that customer.
pub fn customer_of(entry: &AuditEntry, write_offs: &HashMap<String, String>) -> Option<String> {
    if entry.entity == "customer" {
        return Some(entry.entity_id.clone());
    }
    for side in [&entry.after, &entry.before] {
        if let Value::Object(map) = json_value(side)
            && let Some(Value::String(id)) = map.get("customer_id")
        {
            return Some(id.clone());
        }
    }
    if entry.entity == "write_off" {
        return write_offs.get(&entry.entity_id).cloned();
    }
    None
}

/// A `before` or `after` text laid out for reading: indented JSON, or the text as it is.
pub fn pretty_json(text: Option<&str>) -> Option<String> {
    let text = text?;
    Some(match serde_json::from_str::<Value>(text) {
        Ok(value) => serde_json::to_string_pretty(&value).unwrap_or_else(|_| text.to_string()),
        Err(_) => text.to_string(),
    })
}

/// One of the four checks of a verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// SQLite's `PRAGMA integrity_check` of the file.
    Integrity,
    /// The audit log's hash chain.
    AuditChain,
    /// Posted write-offs against their audit rows.
    PostedWriteOffs,
    /// Each snapshot's totals and aging summaries against its items.
    DerivedFigures,
}

/// One line of `agebook verify`: a check, whether it passed, what it counted, and each
/// failure it found in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRow {
    /// The check.
    pub check: Check,
    /// It passed.
    pub ok: bool,
    /// What it counted (`71 rows, head row 71 <hash>`), empty for the file's check.
    pub counted: String,
    /// Each failure, in words.
    pub failures: Vec<String>,
}

/// The checks of a verification, in the order `agebook verify` prints them.
pub fn check_rows(report: &VerifyReport) -> Vec<CheckRow> {
    let chain = &report.audit_chain;
    let head = match (&chain.head, chain.present) {
        (_, false) => " (this schema has no chain)".to_string(),
        (Some(h), true) => format!(", head row {} {}", h.id, h.hash),
        (None, true) => String::new(),
    };
    let integrity_failures = if report.integrity.ok {
        Vec::new()
    } else {
        report.integrity.messages.clone()
    };
    vec![
        CheckRow {
            check: Check::Integrity,
            ok: report.integrity.ok,
            counted: String::new(),
            failures: integrity_failures,
        },
        CheckRow {
            check: Check::AuditChain,
            ok: chain.ok,
            counted: format!("{} rows{head}", chain.rows),
            failures: chain.failures.iter().map(ToString::to_string).collect(),
        },
        CheckRow {
            check: Check::PostedWriteOffs,
            ok: report.write_offs.ok,
            counted: format!(
                "{} checked against their audit rows",
                report.write_offs.checked
            ),
            failures: report
                .write_offs
                .failures
                .iter()
                .map(ToString::to_string)
                .collect(),
        },
        CheckRow {
            check: Check::DerivedFigures,
            ok: report.derived.ok,
            counted: format!(
                "{} snapshots' totals, {} aging summaries and {} periods' movements recomputed \
                 from their items",
                report.derived.snapshots, report.derived.summaries, report.derived.movements
            ),
            failures: report
                .derived
                .failures
                .iter()
                .map(ToString::to_string)
                .collect(),
        },
    ]
}

/// The `agebook verify` table: the book, each check and what it found, and the verdict.
pub fn verify_table(db: &Path, report: &VerifyReport) -> String {
    let mut out = format!("Book {} (schema {})\n", db.display(), report.schema_version);
    let status = |ok: bool| if ok { "ok" } else { "FAILED" };
    for row in check_rows(report) {
        let name = match row.check {
            Check::Integrity => "integrity_check",
            Check::AuditChain => "audit chain",
            Check::PostedWriteOffs => "posted write-offs",
            Check::DerivedFigures => "derived figures",
        };
        if row.counted.is_empty() {
            out += &format!("  {name:<18}  {}\n", status(row.ok));
        } else {
            out += &format!("  {name:<18}  {}: {}\n", status(row.ok), row.counted);
        }
        for f in &row.failures {
            out += &format!("      {f}\n");
        }
    }
    for n in &report.not_checked {
        out += &format!("  {n}\n");
    }
    out += if report.ok {
        "The book verifies.\n"
    } else {
        "The book does NOT verify.\n"
    };
    out
}

/// One line saying what a verification checked and found (after a backup or restore).
pub fn verified_line(report: &VerifyReport) -> String {
    if !report.ok {
        return format!("NOT verified: {}", report.problems().join("; "));
    }
    let chain = match &report.audit_chain.head {
        Some(head) => format!(
            "audit chain of {} rows, head row {} {}",
            report.audit_chain.rows, head.id, head.hash
        ),
        None => format!("audit log of {} rows", report.audit_chain.rows),
    };
    format!(
        "verified: integrity ok, {chain}, {} posted write-offs agree with their audit rows, \
         {} aging summaries and {} periods' movements with their items",
        report.write_offs.checked, report.derived.summaries, report.derived.movements
    )
}

/// What a verification comes to, the way a person reads it: verified (with the chain's
/// length and head), or the first thing that fails. The window words it from these
/// values; `agebook verify` prints the same findings in its table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// Every check passed.
    Verified {
        /// Rows in the audit log.
        rows: i64,
        /// Its last row (none for an empty log or a schema before the chain).
        head: Option<ChainHead>,
        /// Posted write-offs held to their audit rows.
        write_offs: usize,
    },
    /// The file failed SQLite's integrity check (the chain was not checked).
    FileDamaged {
        /// SQLite's first message.
        message: String,
    },
    /// The first row of the audit chain that fails.
    ChainFails {
        /// The row (for a missing row, the id that is missing).
        row: i64,
        /// What is wrong.
        problem: ChainProblem,
        /// In words, as `agebook verify` says it.
        detail: String,
        /// How many rows fail in all (at most the store's limit).
        failing: usize,
    },
    /// The first figure derived from a snapshot's items that disagrees with them.
    DerivedDisagrees {
        /// The snapshot.
        as_of: NaiveDate,
        /// In words, as `agebook verify` says it.
        detail: String,
    },
    /// The first posted write-off that disagrees with its audit rows.
    WriteOffDisagrees {
        /// The write-off.
        write_off: i64,
        /// The audit row compared with, if any.
        audit_row: Option<i64>,
        /// What is wrong.
        problem: WriteOffProblem,
        /// In words, as `agebook verify` says it.
        detail: String,
    },
}

impl Finding {
    /// What `report` comes to: the file first, then the chain, then the write-offs, then
    /// the figures derived from the items,
    /// the order `agebook verify` checks and prints them in.
    pub fn of(report: &VerifyReport) -> Finding {
        if !report.integrity.ok {
            return Finding::FileDamaged {
                message: report
                    .integrity
                    .messages
                    .first()
                    .cloned()
                    .unwrap_or_default(),
            };
        }
        if let Some(first) = report.audit_chain.failures.first() {
            return Finding::ChainFails {
                row: first.id,
                problem: first.problem,
                detail: first.detail.clone(),
                failing: report.audit_chain.failures.len(),
            };
        }
        if let Some(first) = report.write_offs.failures.first() {
            return Finding::WriteOffDisagrees {
                write_off: first.write_off_id,
                audit_row: first.audit_id,
                problem: first.problem,
                detail: first.detail.clone(),
            };
        }
        if let Some(first) = report.derived.failures.first() {
            return Finding::DerivedDisagrees {
                as_of: first.as_of,
                detail: first.detail.clone(),
            };
        }
        Finding::Verified {
            rows: report.audit_chain.rows,
            head: report.audit_chain.head.clone(),
            write_offs: report.write_offs.checked,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(entity: &str, entity_id: &str, after: Option<&str>) -> AuditEntry {
        AuditEntry {
            id: 7,
            at: "2016-12-20T09:00:00Z".into(),
            user: "amy".into(),
            action: "writeoff_submit".into(),
            entity: entity.into(),
            entity_id: entity_id.into(),
            before: None,
            after: after.map(str::to_string),
            prev_hash: None,
            hash: None,
        }
    }

    #[test]
    fn a_row_is_about_the_customer_it_names_or_whose_write_off_it_moves() {
        let map: HashMap<String, String> = [("3".to_string(), "C0040".to_string())].into();
        assert_eq!(
            customer_of(&entry("customer", "C0001", None), &map).as_deref(),
            Some("C0001")
        );
        assert_eq!(
            customer_of(
                &entry("write_off", "1", Some(r#"{"customer_id":"C0001"}"#)),
                &map
            )
            .as_deref(),
            Some("C0001")
        );
        assert_eq!(
            customer_of(
                &entry("write_off", "3", Some(r#"{"state":"submitted"}"#)),
                &map
            )
            .as_deref(),
            Some("C0040")
        );
        assert_eq!(
            customer_of(&entry("snapshot", "2016-01-31", None), &map),
            None
        );
    }

    #[test]
    fn csv_of_the_log_has_every_column_and_neutralises_formulas() {
        let e = entry("customer", "=cmd", Some(r#"{"note":"x"}"#));
        let csv = audit_csv(&[e]);
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some(AUDIT_CSV_HEADERS.join(",").as_str()));
        let row = lines.next().unwrap_or_default();
        assert!(row.starts_with("7,2016-12-20T09:00:00Z,amy,writeoff_submit,customer,'=cmd,"));
    }
}
