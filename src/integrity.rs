//! A book an auditor can rely on: verifying it, reading its audit log, and backing it up
//! and restoring it without losing or trusting anything blindly.
//!
//! - [`Book::verify`] checks the file (`PRAGMA integrity_check`), the audit log's hash
//!   chain and every posted write-off against its audit rows ([`Store::verify`]).
//! - [`Book::audit_log`] reads the log through an [`AuditFilter`], filtered in SQL.
//! - [`Book::backup`] writes a copy with SQLite's online backup API (safe while the
//!   book is open elsewhere) to a temporary file beside the target, verifies the copy,
//!   and only then moves it into place; an existing file is kept unless asked to
//!   overwrite it.
//! - [`Book::restore`] refuses a file that is not an Agebook book of a schema this build
//!   knows, fails its integrity check or breaks its chain; otherwise it keeps the
//!   current book aside as `<book>.replaced-<UTC time>` (a consistent copy, taken with
//!   the backup API) and copies the backup *into* the book with the backup API — one
//!   write transaction on the open file, never a rename under another connection's WAL.
//!
//! Invariant: nothing here writes SQL; the store does.

use std::path::{Path, PathBuf};

use chrono::Utc;
use serde::Serialize;
use serde_json::Value;

use crate::book::{Book, BookError};
use crate::store::{Store, StoreError};

/// The audit log's rows, the filter that reads them, and what a verification reports:
/// the store's types, named here so that the window and the reports reach them through
/// the facade rather than the store.
pub use crate::store::{
    AuditEntry, AuditFilter, ChainCheck, ChainFailure, ChainHead, ChainProblem, IntegrityCheck,
    VerifyReport, WriteOffCheck, WriteOffFailure, WriteOffProblem,
};

/// What went wrong backing up or restoring a book.
#[derive(Debug, thiserror::Error)]
pub enum IntegrityError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The backup's target exists and overwriting was not asked for.
    #[error("{path} already exists; choose another file or overwrite it with --force")]
    Exists {
        /// The target.
        path: String,
    },
    /// A file operation failed.
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// What was being done ("move the backup into place").
        action: &'static str,
        /// The file.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The copy just written does not verify; it was removed and nothing was replaced.
    #[error("the backup copy does not verify, so {path} was not written: {problems}")]
    CopyFailed {
        /// The target.
        path: String,
        /// What failed.
        problems: String,
    },
    /// A file that cannot be restored; the current book is untouched.
    #[error("{path} cannot be restored: {reason}; the current book is untouched")]
    Refused {
        /// The backup.
        path: String,
        /// Why.
        reason: String,
    },
}

/// A backup written and verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupReport {
    /// The file written.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// The copy's verification (it passed).
    pub report: VerifyReport,
}

/// A restore done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestoreReport {
    /// The book restored.
    pub book: PathBuf,
    /// The backup it was restored from.
    pub source: PathBuf,
    /// Where the book it replaced was kept, if there was one.
    pub kept: Option<PathBuf>,
    /// The head of the replaced book's audit chain, if it had one.
    pub replaced_head: Option<ChainHead>,
    /// The backup's verification, before anything was changed.
    pub source_report: VerifyReport,
    /// The restored book's verification (with its `restore` audit row).
    pub report: VerifyReport,
}

/// A temporary file (and its SQLite side files), removed when dropped.
struct Temporary(PathBuf);

impl Temporary {
    /// Claims `path`, removing what an earlier, interrupted run may have left there.
    fn claim(path: PathBuf) -> Temporary {
        remove_with_side_files(&path);
        Temporary(path)
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        remove_with_side_files(&self.0);
    }
}

/// Removes a database file and its side files, whichever exist.
fn remove_with_side_files(path: &Path) {
    for path in with_side_files(path) {
        let _ = std::fs::remove_file(path);
    }
}

/// A database file and the journal files SQLite may keep beside it.
fn with_side_files(path: &Path) -> Vec<PathBuf> {
    let mut out = vec![path.to_path_buf()];
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        out.push(PathBuf::from(name));
    }
    out
}

/// A sibling of `path` named `.<file name><suffix>`, for a temporary file that a rename
/// can move into place (same directory, same file system).
fn hidden_sibling(path: &Path, suffix: &str) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "agebook".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}{suffix}"))
}

/// True when both paths name one existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `path` made absolute (against the current directory), or as it is if that fails.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The UTC time as it goes into a file name: `20261105T101500Z`.
fn stamp() -> String {
    Utc::now().format("%Y%m%dT%H%M%SZ").to_string()
}

impl Book {
    /// Verifies the book: the file's integrity, the audit chain, posted write-offs
    /// against their audit rows. See [`Store::verify`].
    pub fn verify(&self) -> Result<VerifyReport, BookError> {
        Ok(self.store.verify()?)
    }

    /// The audit rows `filter` selects, oldest first (the filtering is done in SQL; see
    /// [`AuditFilter`] for the rules).
    pub fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, BookError> {
        Ok(self.store.audit_entries(filter)?)
    }

    /// Writes a backup of the book to `out` with SQLite's online backup API, while
    /// other connections may have the book open. An existing `out` is refused unless
    /// `overwrite`. The copy goes to a temporary file beside `out`, is verified
    /// (integrity, chain, posted write-offs) and only then renamed to `out`, so `out` is
    /// never a half-written or unverified file.
    pub fn backup(&self, out: &Path, overwrite: bool) -> Result<BackupReport, IntegrityError> {
        let target = out.display().to_string();
        if out.exists() && !overwrite {
            return Err(IntegrityError::Exists { path: target });
        }
        if let Some(book) = self.path()
            && same_file(book, out)
        {
            return Err(IntegrityError::CopyFailed {
                path: target,
                problems: "it is the book itself".to_string(),
            });
        }
        let partial = Temporary::claim(hidden_sibling(
            out,
            &format!(".partial-{}", std::process::id()),
        ));
        self.store.backup_to(&partial.0)?;
        let report = Store::verify_file(&partial.0)?;
        if !report.ok {
            return Err(IntegrityError::CopyFailed {
                path: target,
                problems: report.problems().join("; "),
            });
        }
        let io = |action| {
            let path = target.clone();
            move |source| IntegrityError::Io {
                action,
                path,
                source,
            }
        };
        if cfg!(windows) && out.exists() {
            std::fs::remove_file(out).map_err(io("replace"))?;
        }
        std::fs::rename(&partial.0, out).map_err(io("move the backup into place as"))?;
        let bytes = std::fs::metadata(out).map_err(io("read"))?.len();
        Ok(BackupReport {
            path: out.to_path_buf(),
            bytes,
            report,
        })
    }

    /// Restores the book at `book` from the backup file `source`, as `user`.
    ///
    /// `source` is opened read-only and checked first: an Agebook book of a schema this
    /// build knows, `integrity_check` ok, the audit chain whole, posted write-offs
    /// agreeing with their audit rows; anything else is refused with the reason and
    /// nothing changes. It is then copied to a staging file beside the book, migrated if
    /// it is of an older schema, and verified again. Only then is the current book (if
    /// any) kept aside as `<book>.replaced-<UTC time>` — copied with the backup API, so
    /// whatever its WAL holds is in the copy — and the staged backup copied into the
    /// book with the backup API as one write transaction (connections that have the
    /// book open see the restored book on their next read). Last, a `restore` row is
    /// appended to the restored book's audit log, naming the source and where the
    /// replaced book was kept.
    pub fn restore(
        book: &Path,
        source: &Path,
        user: &str,
    ) -> Result<RestoreReport, IntegrityError> {
        let refuse = |reason: String| IntegrityError::Refused {
            path: source.display().to_string(),
            reason,
        };
        let source_report = Store::verify_file(source).map_err(|e| refuse(e.to_string()))?;
        if !source_report.ok {
            return Err(refuse(source_report.problems().join("; ")));
        }
        if same_file(book, source) {
            return Err(refuse("it is the book itself".to_string()));
        }
        let time = stamp();
        let stage = Temporary::claim(hidden_sibling(book, &format!(".restoring-{time}")));
        if let Some(dir) = book.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| IntegrityError::Io {
                action: "create",
                path: dir.display().to_string(),
                source,
            })?;
        }
        Store::open_read_only(source)?.backup_to(&stage.0)?;
        let staged = Store::open(&stage.0)?;
        let staged_report = staged.verify()?;
        if !staged_report.ok {
            return Err(refuse(format!(
                "once migrated to this build's schema it does not verify: {}",
                staged_report.problems().join("; ")
            )));
        }
        let source_head = staged.audit_head()?;

        let (kept, replaced_head, readable) = if book.exists() {
            let (kept, head, readable) = keep_aside(book, &time)?;
            (Some(kept), head, readable)
        } else {
            (None, None, true)
        };
        if let Err(e) = staged.copy_into(book) {
            if readable {
                // The copy is one transaction: the book is as it was, so the copy kept
                // of it is not needed (and would only mislead).
                if let Some(kept) = &kept {
                    remove_with_side_files(kept);
                }
                return Err(e.into());
            }
            // The current book was not a readable book (it is kept as it was, byte for
            // byte): the backup takes its place as a new file.
            remove_with_side_files(book);
            staged.copy_into(book)?;
        }
        drop(staged);

        let mut restored = Store::open(book)?;
        restored.record_restore(
            user,
            &serde_json::json!({
                "kept_as": kept.as_deref().map(|k| absolute(k).display().to_string()),
                "audit_head": replaced_head,
            }),
            &serde_json::json!({
                "source": absolute(source).display().to_string(),
                "audit_head": source_head,
            }),
        )?;
        let report = restored.verify()?;
        Ok(RestoreReport {
            book: book.to_path_buf(),
            source: source.to_path_buf(),
            kept,
            replaced_head,
            source_report,
            report,
        })
    }
}

/// Keeps the book at `book` as `<book>.replaced-<time>`: a copy through the backup API
/// when it opens as a book (consistent, WAL included), else its files byte for byte.
/// Returns the copy's path, the head of its chain, and whether it opened as a book.
fn keep_aside(
    book: &Path,
    time: &str,
) -> Result<(PathBuf, Option<ChainHead>, bool), IntegrityError> {
    let base = format!("{}.replaced-{time}", book.display());
    let mut kept = PathBuf::from(&base);
    let mut n = 1;
    while kept.exists() {
        n += 1;
        kept = PathBuf::from(format!("{base}-{n}"));
    }
    if let Ok(current) = Store::open_read_only(book) {
        let head = current.audit_head().ok().flatten();
        current.backup_to(&kept)?;
        return Ok((kept, head, true));
    }
    for (from, to) in with_side_files(book).iter().zip(with_side_files(&kept)) {
        if from.exists() {
            std::fs::copy(from, &to).map_err(|source| IntegrityError::Io {
                action: "keep a copy of",
                path: from.display().to_string(),
                source,
            })?;
        }
    }
    Ok((kept, None, false))
}

/// A short, one-line summary of what an audit row changed, for tables: the fields that
/// differ between `before` and `after` (`state: submitted → approved`), or the fields
/// of a new record (`customer_id: C0001; date: 2016-12-20; …`), cut at 120 characters.
pub fn change_summary(entry: &AuditEntry) -> String {
    let parse = |text: &Option<String>| {
        text.as_deref().map(|t| {
            serde_json::from_str::<Value>(t).unwrap_or_else(|_| Value::String(t.to_string()))
        })
    };
    let (before, after) = (parse(&entry.before), parse(&entry.after));
    let text = match (&before, &after) {
        (Some(Value::Object(b)), Some(Value::Object(a))) => {
            let mut parts = Vec::new();
            for (key, value) in a {
                match b.get(key) {
                    Some(old) if old == value => {}
                    Some(old) if !old.is_null() => {
                        parts.push(format!("{key}: {} → {}", short(old), short(value)));
                    }
                    _ if value.is_null() => {}
                    _ => parts.push(format!("{key}: {}", short(value))),
                }
            }
            parts.join("; ")
        }
        (None, Some(a)) => fields(a),
        (Some(b), None) => format!("removed {}", fields(b)),
        (Some(b), Some(a)) => format!("{} → {}", short(b), short(a)),
        (None, None) => String::new(),
    };
    cut(&text, 120)
}

/// The non-null fields of an object, `key: value; …`, or the value itself.
fn fields(value: &Value) -> String {
    match value {
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{k}: {}", short(v)))
            .collect::<Vec<_>>()
            .join("; "),
        other => short(other),
    }
}

/// A value in a few characters: text as it is (cut), a list by its length, an object by
/// its first fields.
fn short(value: &Value) -> String {
    match value {
        Value::Null => "none".to_string(),
        Value::String(s) => cut(s, 40),
        Value::Array(items) => match items.len() {
            1 => "1 item".to_string(),
            n => format!("{n} items"),
        },
        Value::Object(map) => {
            let inner: Vec<String> = map
                .iter()
                .filter(|(_, v)| !v.is_null() && !v.is_object() && !v.is_array())
                .take(2)
                .map(|(k, v)| format!("{k} {}", short(v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        other => other.to_string(),
    }
}

/// `text` cut to `max` characters, with an ellipsis when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(before: Option<&str>, after: Option<&str>) -> AuditEntry {
        AuditEntry {
            id: 1,
            at: "2016-12-20T09:00:00Z".into(),
            user: "li.na".into(),
            action: "writeoff_approve".into(),
            entity: "write_off".into(),
            entity_id: "1".into(),
            before: before.map(str::to_string),
            after: after.map(str::to_string),
            prev_hash: None,
            hash: None,
        }
    }

    #[test]
    fn a_state_change_is_summarised_as_from_and_to() {
        let e = entry(
            Some(r#"{"state":"submitted","approvals":1}"#),
            Some(
                r#"{"state":"approved","approval":{"by":"li.na","limit":"50000000.00"},"reason":null}"#,
            ),
        );
        assert_eq!(
            change_summary(&e),
            "state: submitted → approved; approval: {by li.na, limit 50000000.00}"
        );
    }

    #[test]
    fn a_new_record_is_summarised_by_its_fields_and_cut() {
        let e = entry(
            None,
            Some(r#"{"customer_id":"C0001","narrative":"x","documents":[["A","1.00"]]}"#),
        );
        assert_eq!(
            change_summary(&e),
            "customer_id: C0001; narrative: x; documents: 1 item"
        );
        let long = format!(r#"{{"narrative":"{}"}}"#, "中".repeat(200));
        assert_eq!(
            change_summary(&entry(None, Some(&long))).chars().count(),
            51
        );
    }
}
