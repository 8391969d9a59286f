//! The book: the one facade the CLI and the GUI both call, so a figure on screen and in
//! `--format json` come from the same code. It reads from the [`Store`], runs the
//! [`domain`](crate::domain) rules and hands back plain values.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;

use std::collections::BTreeMap;

use chrono::Datelike;

use crate::domain::activity::{
    DocumentHistory, PeriodActivity, PeriodWriteOff, Sighting, document_activity, period_movement,
};
use crate::domain::aging::AgingBasis;
use crate::domain::allowance::{
    CustomerAging, CustomerAssessment, CustomerInput, OpenItem, WrittenOff, aging_key,
    assess_customer, assess_summed,
};
use crate::domain::collection::{CollectionNote, NoteAction};
use crate::domain::customer_type::CustomerType;
use crate::domain::money::Money;
use crate::domain::policy::PolicyHistory;
use crate::domain::policy::{ProvisionMatrix, SpecificAllowance, SpecificBasis};
use crate::domain::writeoff::written_off_at;
use crate::import::policy::{PolicyError, parse_policy};
use crate::import::preview::{LedgerPreview, preview_rows};
use crate::import::profile::{ImportProfile, ReadOptions};
use crate::import::{
    ImportError, ImportOptions, ImportOutcome, LedgerContext, Progress, import_ledger, open_rows,
    resolve_as_of,
};
use crate::store::PostedDocument;
use crate::store::Store;
/// Store types the window and reports read through the facade (the window never names
/// `store`).
pub use crate::store::{BookSettings, CustomerRecord, SnapshotInfo, StoreError, TypeChange};

/// One saved version of the provision matrix, with who saved it and when.
pub use crate::store::PolicyVersion;

/// What [`Book::save_policy`] names as the source of a version saved in the window.
pub const POLICY_EDITOR_SOURCE: &str = "policy editor";

/// What went wrong with a book operation.
#[derive(Debug, thiserror::Error)]
pub enum BookError {
    /// The store failed.
    #[error(transparent)]
    Store(StoreError),
    /// An import failed.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// A policy file is wrong.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// No snapshot at the date asked for.
    #[error("no snapshot as of {as_of}{hint}")]
    NoSnapshot {
        /// The date asked for.
        as_of: NaiveDate,
        /// Which dates exist.
        hint: String,
    },
    /// No policy in force at the date.
    #[error("no provision matrix is in force on {0}")]
    NoPolicy(NaiveDate),
    /// The demo needs an empty book.
    #[error(
        "this book already holds {0} snapshots; the demo needs a new book (choose another --db)"
    )]
    NotEmpty(usize),
    /// A note without text.
    #[error("a collection note needs some text")]
    EmptyNote,
    /// A write-off transition refused.
    #[error(transparent)]
    WriteOff(#[from] crate::domain::writeoff::WriteOffError),
    /// A recovery the rules refuse.
    #[error(transparent)]
    Recovery(#[from] crate::domain::writeoff::RecoveryError),
    /// A change dated in a closed period.
    #[error(transparent)]
    Closed(#[from] crate::domain::writeoff::PeriodClosed),
    /// No write-off with that id.
    #[error("no write-off {0} in this book")]
    UnknownWriteOff(i64),
    /// A posting that the rules refuse (documents, amounts, dates), one of the known
    /// sentences.
    #[error(transparent)]
    Rule(#[from] Refusal),
    /// A refusal built as free text (a report that finds nothing to show).
    #[error("{0}")]
    Refused(String),
    /// A specific allowance that makes no sense.
    #[error(transparent)]
    BadSpecific(SpecificRefusal),
    /// A new book asked for where a file already is.
    #[error(
        "{0} already exists; a new book needs a new file (open it instead, or choose another --db)"
    )]
    Exists(String),
    /// A currency a book cannot be kept in.
    #[error(transparent)]
    Currency(#[from] crate::domain::currency::CurrencyError),
    /// An import profile or override that cannot be used.
    #[error(transparent)]
    Profile(#[from] crate::import::profile::ProfileError),
    /// No import profile of that name.
    #[error("no import profile '{name}' in this book{hint}")]
    UnknownProfile {
        /// The name asked for.
        name: String,
        /// The names there are.
        hint: String,
    },
}

/// A posting the rules refuse, each its own sentence, so the window can say it in its
/// language while the command line prints the same English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// A write-off without a narrative.
    #[error("a write-off needs a narrative")]
    NoNarrative,
    /// A document the write-off names is not open in its ledger.
    #[error("document '{document}' of '{customer}' is not open in the snapshot as of {as_of}")]
    DocumentNotOpen {
        /// The document number.
        document: String,
        /// The customer.
        customer: String,
        /// The ledger's date.
        as_of: NaiveDate,
    },
    /// A document already in a write-off on its way.
    #[error("document '{document}' is already in write-off {id}")]
    DocumentPending {
        /// The document number.
        document: String,
        /// The write-off it is in.
        id: i64,
    },
    /// An amount to write off that is not above zero or exceeds the document's open amount.
    #[error(
        "document '{document}': the amount written off must be above zero and at most its \
         open amount {open}{written}",
        written = if taken.is_zero() { String::new() } else {
            format!(" ({taken} of it was written off already)")
        }
    )]
    AmountOutOfRange {
        /// The document number.
        document: String,
        /// Its open amount.
        open: Money,
        /// What earlier write-offs took of it.
        taken: Money,
    },
    /// A write-off with no document to write off.
    #[error("a write-off needs at least one document with a positive amount")]
    NoDocuments,
    /// No snapshot on or before the write-off's date.
    #[error("no snapshot on or before {date} holds the documents")]
    NoLedger {
        /// The write-off's date.
        date: NaiveDate,
    },
    /// The customer has nothing open in the ledger.
    #[error("customer '{customer}' has no open items in the snapshot as of {as_of}")]
    NoOpenItems {
        /// The customer.
        customer: String,
        /// The ledger's date.
        as_of: NaiveDate,
    },
    /// A negative approval limit.
    #[error("an approval limit cannot be negative")]
    NegativeLimit,
    /// A reopen without a reason.
    #[error("reopening a period needs a reason")]
    ReopenNeedsReason,
    /// An adjustment of zero.
    #[error("an adjustment of zero changes nothing")]
    ZeroAdjustment,
    /// An adjustment without a reason.
    #[error("an adjustment needs a reason")]
    AdjustmentNeedsReason,
    /// A roll-forward whose start is after its end.
    #[error("--from {from} is after --to {to}")]
    FromAfterTo {
        /// The start.
        from: NaiveDate,
        /// The end.
        to: NaiveDate,
    },
}

/// A specific allowance that makes no sense, each its own sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecificRefusal {
    /// A percentage outside 0 to 100%.
    #[error("a specific percentage must be between 0% and 100%, not {}", crate::domain::money::format_rate(*.0))]
    PercentOutOfRange(rust_decimal::Decimal),
    /// A negative amount.
    #[error("a specific amount cannot be negative ({0})")]
    NegativeAmount(Money),
    /// No reason given.
    #[error("a specific allowance needs a reason")]
    NoReason,
}

impl From<StoreError> for BookError {
    /// A closed period refused inside the store's transaction is the same refusal as
    /// one the rules make up front.
    fn from(e: StoreError) -> BookError {
        match e {
            StoreError::Closed(closed) => BookError::Closed(closed),
            e => BookError::Store(e),
        }
    }
}

/// The aging and required allowance of one snapshot, customer by customer.
#[derive(Debug, Clone)]
pub struct Assessment {
    /// The as-of date.
    pub as_of: NaiveDate,
    /// The functional currency.
    pub currency: String,
    /// The aging basis of the matrix in force.
    pub basis: AgingBasis,
    /// The bucket labels of the matrix in force.
    pub bucket_labels: Vec<String>,
    /// Every customer with items in the snapshot, by id.
    pub customers: Vec<CustomerAssessment>,
}

impl Assessment {
    /// Sum of all customers' balances.
    pub fn total_balance(&self) -> Money {
        self.customers.iter().map(|c| c.balance).sum()
    }

    /// Sum of all customers' allowances.
    pub fn total_allowance(&self) -> Money {
        self.customers.iter().map(|c| c.allowance).sum()
    }
}

/// An open book and the user working in it.
pub struct Book {
    pub(crate) store: Store,
    pub(crate) user: String,
    path: Option<PathBuf>,
}

impl Book {
    /// Opens or creates the book at `path`.
    pub fn open(path: &Path, user: &str) -> Result<Book, BookError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| BookError::Io {
                path: dir.display().to_string(),
                source,
            })?;
        }
        Ok(Book {
            store: Store::open(path)?,
            user: user.to_string(),
            path: Some(path.to_path_buf()),
        })
    }

    /// Creates a new book at `path`, kept in `currency` (an ISO 4217 code such as USD)
    /// and reading ambiguous ledger dates in `date_order`. Refused when a file is there.
    pub fn create(
        path: &Path,
        user: &str,
        currency: &str,
        date_order: crate::domain::date::DateOrder,
    ) -> Result<Book, BookError> {
        let currency = crate::domain::currency::book_currency(currency)?;
        if path.exists() {
            return Err(BookError::Exists(path.display().to_string()));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| BookError::Io {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let settings = BookSettings {
            currency: currency.code.to_string(),
            date_order,
            ..BookSettings::default()
        };
        Ok(Book {
            store: Store::open_or_create(path, &settings)?,
            user: user.to_string(),
            path: Some(path.to_path_buf()),
        })
    }

    /// A book in memory, for tests.
    pub fn in_memory(user: &str) -> Result<Book, BookError> {
        Ok(Book {
            store: Store::open_in_memory()?,
            user: user.to_string(),
            path: None,
        })
    }

    /// The store, for reads the facade does not wrap.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The file, if on disk.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Who is working.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// Acts as another user from now on (the audit log records who did what).
    pub fn set_user(&mut self, user: &str) {
        self.user = user.to_string();
    }

    /// The book's settings.
    pub fn settings(&self) -> Result<BookSettings, BookError> {
        Ok(self.store.settings()?)
    }

    /// Sets how ledgers whose dates all read both ways are read, audited.
    pub fn set_date_order(
        &mut self,
        order: crate::domain::date::DateOrder,
    ) -> Result<(), BookError> {
        Ok(self.store.set_date_order(order, &self.user)?)
    }

    /// The saved import profiles, by name. A profile the importer can no longer read
    /// (saved by a newer build) is left out rather than failing the list.
    pub fn import_profiles(&self) -> Result<Vec<(String, ImportProfile)>, BookError> {
        Ok(self
            .store
            .import_profiles()?
            .into_iter()
            .filter_map(|p| Some((p.name, serde_json::from_str(&p.json).ok()?)))
            .collect())
    }

    /// The import profile called `name`.
    pub fn import_profile(&self, name: &str) -> Result<ImportProfile, BookError> {
        let mut profiles = self.import_profiles()?;
        if let Some(at) = profiles.iter().position(|(n, _)| n == name) {
            return Ok(profiles.swap_remove(at).1);
        }
        // Not there: say which names there are.
        let names: Vec<&str> = profiles.iter().map(|(n, _)| n.as_str()).collect();
        let hint = if names.is_empty() {
            " (there are none yet: save one with --save-profile NAME)".to_string()
        } else {
            format!(" (there are: {})", names.join(", "))
        };
        Err(BookError::UnknownProfile {
            name: name.to_string(),
            hint,
        })
    }

    /// Saves `profile` as `name` (replacing one of that name), audited. Its parts are
    /// checked first, so a saved profile always reads.
    pub fn save_import_profile(
        &mut self,
        name: &str,
        profile: &ImportProfile,
    ) -> Result<(), BookError> {
        let name = crate::import::profile::check_name(name)?;
        profile.to_options()?;
        let json = serde_json::to_string(profile).map_err(|e| BookError::Refused(e.to_string()))?;
        Ok(self.store.save_import_profile(&name, &json, &self.user)?)
    }

    /// Deletes the import profile `name`, audited.
    pub fn delete_import_profile(&mut self, name: &str) -> Result<(), BookError> {
        if self.store.delete_import_profile(name, &self.user)? {
            return Ok(());
        }
        // Nothing of that name: say which names there are.
        self.import_profile(name).map(|_| ())
    }

    /// All snapshots, oldest first.
    pub fn snapshots(&self) -> Result<Vec<SnapshotInfo>, BookError> {
        Ok(self.store.snapshots()?)
    }
    /// Imports a ledger file as a snapshot, detecting its encoding, delimiter, header,
    /// date order and decimal separator; see [`Book::import_file_with`].
    pub fn import_file(
        &mut self,
        path: &Path,
        as_of: Option<NaiveDate>,
        replace: bool,
        progress: &mut dyn FnMut(Progress),
        cancel: &AtomicBool,
    ) -> Result<ImportOutcome, BookError> {
        self.import_file_with(
            path,
            as_of,
            replace,
            &ReadOptions::default(),
            progress,
            cancel,
        )
    }

    /// Imports a ledger file as a snapshot, all or nothing, with `read` overriding what
    /// detection finds (column map, encoding, delimiter, date order, sheet). Messages
    /// name the file by its file name.
    pub fn import_file_with(
        &mut self,
        path: &Path,
        as_of: Option<NaiveDate>,
        replace: bool,
        read: &ReadOptions,
        progress: &mut dyn FnMut(Progress),
        cancel: &AtomicBool,
    ) -> Result<ImportOutcome, BookError> {
        let name = file_name(path);
        let file = File::open(path).map_err(|source| ImportError::Io {
            file: name.clone(),
            source,
        })?;
        self.import_reader_with(file, &name, as_of, replace, read, progress, cancel)
    }

    /// Imports a ledger from any reader, named `name` in messages.
    pub fn import_reader(
        &mut self,
        source: impl std::io::Read + Send,
        name: &str,
        as_of: Option<NaiveDate>,
        replace: bool,
        progress: &mut dyn FnMut(Progress),
        cancel: &AtomicBool,
    ) -> Result<ImportOutcome, BookError> {
        let read = ReadOptions::default();
        self.import_reader_with(source, name, as_of, replace, &read, progress, cancel)
    }

    /// Imports a ledger from any reader with overrides; see [`Book::import_file_with`].
    #[allow(clippy::too_many_arguments)]
    pub fn import_reader_with(
        &mut self,
        source: impl std::io::Read + Send,
        name: &str,
        as_of: Option<NaiveDate>,
        replace: bool,
        read: &ReadOptions,
        progress: &mut dyn FnMut(Progress),
        cancel: &AtomicBool,
    ) -> Result<ImportOutcome, BookError> {
        let options = ImportOptions {
            as_of,
            replace,
            user: self.user.clone(),
            read: read.clone(),
        };
        import_ledger(&mut self.store, source, name, &options, progress, cancel).map_err(
            |e| match e {
                ImportError::Store(StoreError::Closed(closed)) => BookError::Closed(closed),
                e => BookError::Import(e),
            },
        )
    }

    /// What reading a file for this book needs: the book's currency, its minor unit,
    /// default terms and date order, and the as-of date (the one given, else the one in
    /// the file name).
    pub fn ledger_context(
        &self,
        file_name: &str,
        as_of: Option<NaiveDate>,
    ) -> Result<LedgerContext, BookError> {
        let settings = self.settings()?;
        Ok(LedgerContext {
            file: file_name.to_string(),
            as_of: resolve_as_of(file_name, as_of)?,
            minor_digits: crate::domain::currency::minor_digits(&settings.currency),
            currency: settings.currency,
            default_terms_days: settings.default_terms_days,
            date_order: settings.date_order,
            check_duplicates: true,
            check_names: true,
        })
    }

    /// Reads the file at `path` as an import would, without writing anything: its
    /// layout, first rows, skipped rows, problems and totals, and whether its as-of date
    /// is closed.
    pub fn preview_file(
        &self,
        path: &Path,
        as_of: Option<NaiveDate>,
        read: &ReadOptions,
        max_rows: usize,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<LedgerPreview, BookError> {
        let name = file_name(path);
        let ctx = self.ledger_context(&name, as_of)?;
        let file = File::open(path).map_err(|source| ImportError::Io {
            file: name.clone(),
            source,
        })?;
        let rows = open_rows(file, &name, read)?;
        let mut preview = preview_rows(rows, &ctx, read, max_rows, progress)?;
        preview.closed = crate::domain::writeoff::check_open(
            ctx.as_of,
            self.closed_through()?,
            "an import of a snapshot",
        )
        .err();
        Ok(preview)
    }

    /// Imports a policy file's text as a new matrix version.
    pub fn import_policy(
        &mut self,
        text: &str,
        name: &str,
        effective: NaiveDate,
        basis: AgingBasis,
    ) -> Result<ProvisionMatrix, BookError> {
        let matrix = parse_policy(text, name, effective, basis)?;
        self.store.insert_policy(&matrix, name, &self.user)?;
        Ok(matrix)
    }

    /// Saves `matrix` as a new version in force from `effective`, through the same path
    /// as a policy file (the import's checks of buckets and rates, the store's refusal
    /// of a closed period, the audit row): the matrix is written as a policy file's text
    /// and imported.
    pub fn save_policy(
        &mut self,
        matrix: &ProvisionMatrix,
        effective: NaiveDate,
    ) -> Result<ProvisionMatrix, BookError> {
        let text = crate::import::policy::policy_to_csv(matrix);
        self.import_policy(&text, POLICY_EDITOR_SOURCE, effective, matrix.basis)
    }

    /// Every saved version of the matrix, by effective date and then in the order saved,
    /// with who saved it and when.
    pub fn policy_versions(&self) -> Result<Vec<PolicyVersion>, BookError> {
        Ok(self.store.policy_versions()?)
    }

    /// The matrix in force at `as_of` (the newest when `None`).
    pub fn policy(&self, as_of: Option<NaiveDate>) -> Result<ProvisionMatrix, BookError> {
        let history = self.store.policies()?;
        let found = match as_of {
            Some(d) => history.in_force(d),
            None => history.versions().last(),
        };
        found
            .cloned()
            .ok_or(BookError::NoPolicy(as_of.unwrap_or_default()))
    }

    /// Sets a customer's type from `from` on (the latest snapshot's date when `None`).
    pub fn set_customer_type(
        &mut self,
        customer_id: &str,
        customer_type: &CustomerType,
        from: Option<NaiveDate>,
    ) -> Result<NaiveDate, BookError> {
        let from = match from {
            Some(d) => d,
            None => self
                .latest_as_of()?
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
        };
        self.store
            .set_customer_type(customer_id, customer_type, from, &self.user)?;
        Ok(from)
    }

    /// Sets a specific allowance for a customer from `from` on.
    pub fn set_specific(
        &mut self,
        customer_id: &str,
        basis: SpecificBasis,
        reason: &str,
        from: NaiveDate,
    ) -> Result<(), BookError> {
        match basis {
            SpecificBasis::Percent(p) if p.is_sign_negative() || p > rust_decimal::Decimal::ONE => {
                return Err(BookError::BadSpecific(SpecificRefusal::PercentOutOfRange(
                    p,
                )));
            }
            SpecificBasis::Amount(a) if a.is_negative() => {
                return Err(BookError::BadSpecific(SpecificRefusal::NegativeAmount(a)));
            }
            _ => {}
        }
        if reason.trim().is_empty() {
            return Err(BookError::BadSpecific(SpecificRefusal::NoReason));
        }
        self.store.set_specific(&SpecificAllowance {
            customer_id: customer_id.to_string(),
            basis,
            reason: reason.trim().to_string(),
            effective_from: from,
            effective_to: None,
            set_by: self.user.clone(),
        })?;
        Ok(())
    }

    /// Ends a customer's specific allowance from `from` on.
    pub fn clear_specific(&mut self, customer_id: &str, from: NaiveDate) -> Result<(), BookError> {
        Ok(self.store.clear_specific(customer_id, from, &self.user)?)
    }

    /// The latest as-of date, if any snapshot exists.
    pub fn latest_as_of(&self) -> Result<Option<NaiveDate>, BookError> {
        Ok(self.store.snapshots()?.last().map(|s| s.as_of))
    }

    /// Ages the snapshot at `as_of` and computes every customer's required allowance.
    pub fn assess(&self, as_of: NaiveDate) -> Result<Assessment, BookError> {
        let snapshot = self.snapshot_for(as_of)?;
        let inputs = AssessmentInputs::load(&self.store)?;
        self.assess_snapshot(&snapshot, &inputs)
    }

    /// The snapshot at `as_of` assessed as [`Book::assess`] does, but under `matrix`
    /// instead of the matrix in force: what a draft of the policy would require.
    pub fn assess_with_policy(
        &self,
        as_of: NaiveDate,
        matrix: &ProvisionMatrix,
    ) -> Result<Assessment, BookError> {
        let snapshot = self.snapshot_for(as_of)?;
        let inputs = AssessmentInputs::load(&self.store)?;
        self.assess_snapshot_under(&snapshot, &inputs, matrix)
    }

    /// The snapshot at `as_of` assessed as [`Book::assess`] does, but as if write-off
    /// `w` had not been posted: what the customer's allowance was before it, which is the
    /// allowance the write-off uses (its memo states it, before and after posting alike).
    pub fn assess_before_write_off(
        &self,
        as_of: NaiveDate,
        w: &crate::domain::writeoff::WriteOff,
    ) -> Result<Assessment, BookError> {
        let snapshot = self.snapshot_for(as_of)?;
        let mut inputs = AssessmentInputs::load(&self.store)?;
        if w.posted.is_some() {
            for (document, amount) in &w.documents {
                if let Some(i) = inputs.posted.iter().position(|d| {
                    d.customer_id == w.customer_id
                        && &d.document_no == document
                        && d.date == w.date
                        && d.amount == *amount
                }) {
                    inputs.posted.remove(i);
                }
            }
        }
        self.assess_snapshot(&snapshot, &inputs)
    }

    /// The snapshot at `as_of`, or an error that says which dates exist.
    fn snapshot_for(&self, as_of: NaiveDate) -> Result<SnapshotInfo, BookError> {
        let snapshots = self.store.snapshots()?;
        let Some(snapshot) = snapshots.iter().find(|s| s.as_of == as_of) else {
            let hint = match (snapshots.first(), snapshots.last()) {
                (Some(a), Some(b)) => format!(
                    " (the book has {} snapshots, {} to {}; `agebook snapshots` lists them)",
                    snapshots.len(),
                    a.as_of,
                    b.as_of
                ),
                _ => " (the book has no snapshots yet; import a ledger first)".to_string(),
            };
            return Err(BookError::NoSnapshot { as_of, hint });
        };
        Ok(snapshot.clone())
    }

    fn assess_snapshot(
        &self,
        snapshot: &SnapshotInfo,
        inputs: &AssessmentInputs,
    ) -> Result<Assessment, BookError> {
        let as_of = snapshot.as_of;
        let matrix = inputs
            .policies
            .in_force(as_of)
            .ok_or(BookError::NoPolicy(as_of))?;
        self.assess_snapshot_under(snapshot, inputs, matrix)
    }

    /// The one assessment of a snapshot, under a given matrix.
    fn assess_snapshot_under(
        &self,
        snapshot: &SnapshotInfo,
        inputs: &AssessmentInputs,
        matrix: &ProvisionMatrix,
    ) -> Result<Assessment, BookError> {
        let as_of = snapshot.as_of;
        let rules = SnapshotRules::new(inputs, as_of, matrix);
        let mut out = Vec::new();
        match self
            .store
            .customer_agings(snapshot.id, &aging_key(matrix))?
        {
            Some(summary) => {
                for (customer_id, aging) in summary {
                    out.push(self.assess_one(snapshot, &rules, &customer_id, Some(aging))?);
                }
            }
            // No summary under this matrix's buckets (a book from before summaries, or
            // a policy whose buckets differ from the one in force at the import): the
            // items, one customer at a time.
            None => {
                self.store
                    .for_each_customer_items(snapshot.id, &mut |customer_id, items| {
                        out.push(rules.assess_items(customer_id, items));
                    })?
            }
        }
        Ok(Assessment {
            as_of,
            currency: inputs.currency.clone(),
            basis: matrix.basis,
            bucket_labels: matrix.buckets.labels(),
            customers: out,
        })
    }

    /// One customer of a snapshot: from its summed aging under the rules' matrix, or
    /// from its items when it has none or a posted write-off touches it (what that set
    /// apart is known only document by document).
    fn assess_one(
        &self,
        snapshot: &SnapshotInfo,
        rules: &SnapshotRules<'_>,
        customer_id: &str,
        aging: Option<CustomerAging>,
    ) -> Result<CustomerAssessment, BookError> {
        match aging {
            Some(aging) if !rules.written_off.contains_key(customer_id) => {
                Ok(rules.assess_aging(customer_id, aging))
            }
            _ => {
                let items = self.store.customer_items(snapshot.id, customer_id)?;
                Ok(rules.assess_items(customer_id, &items))
            }
        }
    }

    /// `previous` (the history of this book as it was) brought up to date after a
    /// change that touched only what `touched` says, as [`Book::history`] would build
    /// it now: a note re-reads the notes; a customer's type or specific allowance
    /// re-assesses that customer in every snapshot. The activity, which no such change
    /// moves, is shared, not rebuilt. This is what lets the window show a change in a
    /// moment on a book whose whole history takes seconds to build.
    pub fn history_after(
        &self,
        previous: &BookHistory,
        touched: &Touched,
    ) -> Result<BookHistory, BookError> {
        let snapshots = self.store.snapshots()?;
        if snapshots != previous.snapshots {
            return self.history(&mut |_, _| {});
        }
        let mut history = BookHistory {
            note_dates: self.note_dates()?,
            specifics: self.store.specific_allowances()?,
            customer_types: self.store.customer_types()?,
            closed_through: self.store.closed_through()?,
            ..previous.clone()
        };
        let Touched::Customer(customer_id) = touched else {
            return Ok(history);
        };
        let inputs =
            AssessmentInputs::load_for(&self.store, customer_id, history.specifics.clone())?;
        for (snapshot, assessment) in history.snapshots.iter().zip(&mut history.assessments) {
            let Ok(at) = assessment
                .customers
                .binary_search_by(|c| c.customer_id.as_str().cmp(customer_id))
            else {
                continue;
            };
            let matrix = inputs
                .policies
                .in_force(snapshot.as_of)
                .ok_or(BookError::NoPolicy(snapshot.as_of))?;
            let rules = SnapshotRules::new(&inputs, snapshot.as_of, matrix);
            // No summary under the matrix's key, or no row in it: from the items.
            let aging = self
                .store
                .customer_aging(snapshot.id, &aging_key(matrix), customer_id)?
                .flatten();
            assessment.customers[at] = self.assess_one(snapshot, &rules, customer_id, aging)?;
        }
        Ok(history)
    }

    /// The book's currency, its snapshots, oldest first, and each one assessed.
    pub(crate) fn assess_all(
        &self,
    ) -> Result<(String, Vec<SnapshotInfo>, Vec<Assessment>), BookError> {
        let snapshots = self.store.snapshots()?;
        let inputs = AssessmentInputs::load(&self.store)?;
        let assessments = snapshots
            .iter()
            .map(|s| self.assess_snapshot(s, &inputs))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((inputs.currency, snapshots, assessments))
    }

    /// Every snapshot assessed, with the activity between them: what the window and the
    /// roll-forward work from. `progress(done, total)` is called per snapshot.
    ///
    /// Everything is read in one read transaction, so the history is of one state of
    /// the book. The activity, which reads every document of every snapshot, is worked
    /// out on a second connection on another thread while this one assesses, when the
    /// book is a file and that connection's first read sees the same change token (the
    /// same book); otherwise after the assessments, here.
    pub fn history(
        &self,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<BookHistory, BookError> {
        let _read = self.store.read_transaction()?;
        let token = self.store.change_token()?;
        let snapshots = self.store.snapshots()?;
        let inputs = AssessmentInputs::load(&self.store)?;
        let total = snapshots.len() + 1;
        let (assessments, activity) = std::thread::scope(|scope| {
            let beside = self.path.as_deref().map(|path| {
                let (snapshots, posted) = (&snapshots, &inputs.posted);
                std::thread::Builder::new()
                    .name("activity".into())
                    .spawn_scoped(scope, move || -> Option<ActivityIndex> {
                        let reader = Store::open_reader(path).ok()?;
                        let _read = reader.read_transaction().ok()?;
                        if reader.change_token().ok()? != token {
                            return None;
                        }
                        activity(&reader, snapshots, posted).ok()
                    })
            });
            let mut assessments = Vec::with_capacity(snapshots.len());
            for (i, s) in snapshots.iter().enumerate() {
                progress(i, total);
                assessments.push(self.assess_snapshot(s, &inputs)?);
            }
            progress(snapshots.len(), total);
            let found = match beside {
                Some(Ok(handle)) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                _ => None,
            };
            let mut activity = match found {
                Some(activity) => activity,
                None => activity(&self.store, &snapshots, &inputs.posted)?,
            };
            // Every customer with documents in some snapshot has its periods, moved or
            // not.
            for a in &assessments {
                for c in &a.customers {
                    if !activity.periods.contains_key(&c.customer_id) {
                        activity.periods.insert(
                            c.customer_id.clone(),
                            vec![PeriodActivity::default(); snapshots.len()],
                        );
                    }
                }
            }
            Ok::<_, BookError>((assessments, activity))
        })?;
        let note_dates = self.note_dates()?;
        progress(total, total);
        Ok(BookHistory {
            currency: inputs.currency,
            snapshots,
            assessments,
            activity: Arc::new(activity),
            note_dates,
            specifics: inputs.specifics,
            customer_types: self.store.customer_types()?,
            closed_through: self.store.closed_through()?,
        })
    }

    /// Per customer, the dates of its collection notes, oldest first.
    fn note_dates(&self) -> Result<HashMap<String, Vec<NaiveDate>>, BookError> {
        let mut out: HashMap<String, Vec<NaiveDate>> = HashMap::new();
        for note in self.store.notes(None)? {
            out.entry(note.customer_id).or_default().push(note.date);
        }
        Ok(out)
    }

    /// One customer's open items at `as_of`.
    pub fn customer_items(
        &self,
        customer_id: &str,
        as_of: NaiveDate,
    ) -> Result<Vec<OpenItem>, BookError> {
        let Some(snapshot) = self.store.snapshot_at(as_of)? else {
            return Ok(Vec::new());
        };
        Ok(self.store.customer_items(snapshot.id, customer_id)?)
    }

    /// Adds a collection note written by the current user.
    pub fn add_note(
        &mut self,
        customer_id: &str,
        date: NaiveDate,
        action: NoteAction,
        outcome: &str,
        text: &str,
    ) -> Result<i64, BookError> {
        if text.trim().is_empty() {
            return Err(BookError::EmptyNote);
        }
        let note = CollectionNote {
            id: 0,
            customer_id: customer_id.to_string(),
            date,
            author: self.user.clone(),
            action,
            outcome: outcome.trim().to_string(),
            text: text.trim().to_string(),
        };
        Ok(self.store.add_note(&note)?)
    }

    /// A customer's collection notes, oldest first.
    pub fn notes(&self, customer_id: &str) -> Result<Vec<CollectionNote>, BookError> {
        Ok(self.store.notes(Some(customer_id))?)
    }

    /// The customer as the book knows it (its latest name and type history), if any.
    pub fn customer(&self, customer_id: &str) -> Result<Option<CustomerRecord>, BookError> {
        Ok(self.store.customer(customer_id)?)
    }

    /// What posted write-offs dated on or before `as_of` took of each of a customer's
    /// documents, by document number: the part written off, whole or partial, and what
    /// the latest write-off left open.
    pub fn written_off_documents(
        &self,
        customer_id: &str,
        as_of: NaiveDate,
    ) -> Result<HashMap<String, WrittenOff>, BookError> {
        let posted = self.store.posted_write_off_documents()?;
        Ok(written_off_at(&posted, as_of)
            .remove(customer_id)
            .map(|(documents, _)| {
                documents
                    .into_iter()
                    .map(|(no, w)| (no.to_string(), w))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Reconciles the snapshot at `as_of` against the one before it (by date); see
    /// [`crate::report::reconcile`]. No assessment is needed (a book without a policy
    /// reconciles too): the posted write-offs say which documents they cover.
    pub fn reconcile(
        &self,
        as_of: NaiveDate,
    ) -> Result<crate::domain::reconcile::Reconciliation, BookError> {
        let snapshots = self.store.snapshots()?;
        let Some(at) = snapshots.iter().position(|s| s.as_of == as_of) else {
            return Err(BookError::NoSnapshot {
                as_of,
                hint: " (`agebook snapshots` lists the book's snapshots)".to_string(),
            });
        };
        let prior = at.checked_sub(1).map(|i| &snapshots[i]);
        let posted = self.store.posted_write_off_documents()?;
        let mut r = crate::domain::reconcile::Reconciler::new(
            as_of,
            prior.map(|p| p.as_of),
            crate::domain::reconcile::written_off_documents(&posted, as_of),
        );
        self.store.for_each_document_pair(
            prior.map(|p| p.id),
            snapshots[at].id,
            &mut |customer, document, before, now| r.document(customer, document, before, now),
        )?;
        Ok(r.finish())
    }
}

/// The book used when `--db` is not given and the window has no last book:
/// `agebook.db` in the user's data directory.
pub fn default_book_path() -> PathBuf {
    directories::ProjectDirs::from("", "", "Agebook")
        .map(|d| d.data_dir().join("agebook.db"))
        .unwrap_or_else(|| PathBuf::from("agebook.db"))
}

/// `(year, month)` of a date, the key billings by month use.
pub fn month_key(date: NaiveDate) -> (i32, u32) {
    (date.year(), date.month())
}

/// What assessing any snapshot needs, loaded once.
struct AssessmentInputs {
    currency: String,
    policies: PolicyHistory,
    customers: HashMap<String, CustomerRecord>,
    specifics: Vec<SpecificAllowance>,
    posted: Vec<PostedDocument>,
}

impl AssessmentInputs {
    fn load(store: &Store) -> Result<AssessmentInputs, BookError> {
        Ok(AssessmentInputs {
            currency: store.settings()?.currency,
            policies: store.policies()?,
            customers: store.customers()?,
            specifics: store.specific_allowances()?,
            posted: store.posted_write_off_documents()?,
        })
    }

    /// The inputs as far as one customer's assessment needs them, with the book's
    /// `specifics` as already read: the other customers' records and posted documents
    /// are left out.
    fn load_for(
        store: &Store,
        customer_id: &str,
        specifics: Vec<SpecificAllowance>,
    ) -> Result<AssessmentInputs, BookError> {
        let mut customers = HashMap::new();
        if let Some(record) = store.customer(customer_id)? {
            customers.insert(customer_id.to_string(), record);
        }
        let mut posted = store.posted_write_off_documents()?;
        posted.retain(|d| d.customer_id == customer_id);
        Ok(AssessmentInputs {
            currency: store.settings()?.currency,
            policies: store.policies()?,
            customers,
            specifics,
            posted,
        })
    }
}

/// What [`Book::history_after`] re-reads after a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Touched {
    /// A collection note: only the notes' dates move.
    Notes,
    /// A customer's type or specific allowance: that customer's assessments move.
    Customer(String),
}

/// What assessing the customers of one snapshot needs, gathered once a snapshot.
struct SnapshotRules<'a> {
    as_of: NaiveDate,
    matrix: &'a ProvisionMatrix,
    inputs: &'a AssessmentInputs,
    specifics: HashMap<&'a str, &'a SpecificAllowance>,
    written_off: HashMap<&'a str, (HashMap<&'a str, WrittenOff>, NaiveDate)>,
    other: CustomerType,
}

impl<'a> SnapshotRules<'a> {
    fn new(
        inputs: &'a AssessmentInputs,
        as_of: NaiveDate,
        matrix: &'a ProvisionMatrix,
    ) -> SnapshotRules<'a> {
        SnapshotRules {
            as_of,
            matrix,
            inputs,
            specifics: inputs
                .specifics
                .iter()
                .filter(|s| s.in_force(as_of))
                .map(|s| (s.customer_id.as_str(), s))
                .collect(),
            written_off: written_off_at(&inputs.posted, as_of),
            other: CustomerType::other(),
        }
    }

    /// The customer's type at the date and its name.
    fn customer(&self, customer_id: &str) -> (CustomerType, &'a str) {
        let record = self.inputs.customers.get(customer_id);
        let customer_type = record.map_or_else(|| self.other.clone(), |r| r.type_at(self.as_of));
        (customer_type, record.map_or("", |r| r.name.as_str()))
    }

    fn assess_items(&self, customer_id: &str, items: &[OpenItem]) -> CustomerAssessment {
        let (customer_type, name) = self.customer(customer_id);
        let written = self.written_off.get(customer_id);
        let input = CustomerInput {
            customer_id,
            name,
            customer_type: &customer_type,
            items,
            specific: self.specifics.get(customer_id).copied(),
            last_write_off: written.map(|w| w.1),
        };
        let taken = |doc: &str| written.and_then(|w| w.0.get(doc).copied());
        assess_customer(self.as_of, self.matrix, &input, &taken)
    }

    fn assess_aging(&self, customer_id: &str, aging: CustomerAging) -> CustomerAssessment {
        let (customer_type, name) = self.customer(customer_id);
        let input = CustomerInput {
            customer_id,
            name,
            customer_type: &customer_type,
            items: &[],
            specific: self.specifics.get(customer_id).copied(),
            last_write_off: None,
        };
        assess_summed(self.matrix, &input, aging)
    }
}

/// Movements per customer and period: each period's kept movements (computed from the
/// items instead where a period's are missing or were computed against another
/// predecessor), with each document a posted write-off touches walked whole instead of
/// period by period.
fn activity(
    store: &Store,
    snapshots: &[SnapshotInfo],
    posted: &[PostedDocument],
) -> Result<ActivityIndex, BookError> {
    let n = snapshots.len();
    let index_of: HashMap<i64, usize> = snapshots
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i))
        .collect();
    let mut stored = store.stored_movements()?;
    let mut periods: HashMap<String, Vec<PeriodActivity>> = HashMap::new();
    let mut billed: HashMap<String, BTreeMap<NaiveDate, Money>> = HashMap::new();
    for (i, s) in snapshots.iter().enumerate().skip(1) {
        let prior = snapshots[i - 1].id;
        let movements = match stored.periods.remove(&s.id) {
            Some((Some(against), kept)) if against == prior => kept,
            _ => store.movements_between(Some(prior), s.id)?,
        };
        for (customer, m) in movements {
            if !m.billed.is_empty() {
                let b = billed.entry(customer.clone()).or_default();
                for (date, amount) in m.billed {
                    *b.entry(date).or_insert(Money::ZERO) += amount;
                }
            }
            periods
                .entry(customer)
                .or_insert_with(|| vec![PeriodActivity::default(); n])[i]
                .add(&m.activity);
        }
    }
    for ((customer, document), written_off) in written_off_by_document(snapshots, posted) {
        let found = store.document_sightings(customer, document)?;
        // By snapshot index: (open, original amount, document date).
        let mut at: Vec<Option<(Money, Option<Money>, NaiveDate)>> = vec![None; n];
        for s in &found {
            if let Some(&i) = index_of.get(&s.snapshot_id) {
                at[i] = Some((s.open, s.amount, s.document_date));
            }
        }
        // Its date and original amount as the whole walk takes them: from the first
        // snapshot imported that lists it.
        let Some(first) = found.first() else {
            continue;
        };
        let (document_date, amount) = (first.document_date, first.amount);
        let customer_periods = periods
            .entry(customer.to_string())
            .or_insert_with(|| vec![PeriodActivity::default(); n]);
        let b = billed.entry(customer.to_string()).or_default();
        // Out: what the kept movements hold for it.
        for i in 1..n {
            let mut kept = PeriodActivity::default();
            let now = at[i];
            let open = |s: Option<(Money, Option<Money>, NaiveDate)>| s.map(|s| s.0);
            if let Some(amount) =
                period_movement(open(at[i - 1]), open(now), now.and_then(|s| s.1), &mut kept)
                && let Some((_, _, date)) = now
            {
                *b.entry(date).or_insert(Money::ZERO) -= amount;
            }
            customer_periods[i].remove(&kept);
        }
        // In: its whole walk, with its write-offs.
        let sightings: Vec<Sighting> = at
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.map(|(open, _, _)| Sighting { snapshot: i, open }))
            .collect();
        let doc = DocumentHistory {
            sightings: &sightings,
            amount,
            document_date,
            written_off: &written_off,
        };
        document_activity(&doc, customer_periods, &mut |_, date, amount| {
            *b.entry(date).or_insert(Money::ZERO) += amount;
        });
    }
    Ok(ActivityIndex {
        periods,
        billings: billed
            .into_iter()
            .map(|(customer, by_date)| {
                let billings: Vec<(NaiveDate, Money)> =
                    by_date.into_iter().filter(|(_, a)| !a.is_zero()).collect();
                (customer, billings)
            })
            .filter(|(_, billings)| !billings.is_empty())
            .collect(),
    })
}

/// Each posted write-off's document with its write-offs, in period order: by snapshot
/// index, the first snapshot whose period holds the write-off's date.
fn written_off_by_document<'a>(
    snapshots: &[SnapshotInfo],
    posted: &'a [PostedDocument],
) -> BTreeMap<(&'a str, &'a str), Vec<PeriodWriteOff>> {
    let period_of = |date: NaiveDate| snapshots.iter().position(|s| s.as_of >= date);
    // `posted` is in date order, so each document's write-offs are in period order.
    let mut out: BTreeMap<(&str, &str), Vec<PeriodWriteOff>> = BTreeMap::new();
    for d in posted {
        if let Some(period) = period_of(d.date) {
            out.entry((d.customer_id.as_str(), d.document_no.as_str()))
                .or_default()
                .push(PeriodWriteOff {
                    period,
                    amount: d.amount,
                    left_open: d.left_open,
                });
        }
    }
    out
}

/// Movements per customer and period from every sighting of every document, each
/// document walked whole: what [`activity`] must come to.
#[cfg(test)]
fn activity_from_sightings(
    store: &Store,
    snapshots: &[SnapshotInfo],
    posted: &[PostedDocument],
) -> Result<ActivityIndex, BookError> {
    let index_of: HashMap<i64, usize> = snapshots
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i))
        .collect();
    let written_off = written_off_by_document(snapshots, posted);
    let n = snapshots.len();
    // Each document's first sighting (its date and amount as its first import gives
    // them), and every sighting by snapshot index.
    let mut documents: BTreeMap<(String, String), (crate::store::DocumentSighting, Vec<Sighting>)> =
        BTreeMap::new();
    store.for_each_document_sighting(&mut |customer, document, s| {
        let entry = documents
            .entry((customer.to_string(), document.to_string()))
            .or_insert_with(|| (s, Vec::new()));
        if let Some(&i) = index_of.get(&s.snapshot_id) {
            entry.1.push(Sighting {
                snapshot: i,
                open: s.open,
            });
        }
    })?;
    let mut index = ActivityIndex::default();
    for ((customer, document), (first, mut sightings)) in documents {
        sightings.sort_by_key(|s| s.snapshot);
        let doc = DocumentHistory {
            sightings: &sightings,
            amount: first.amount,
            document_date: first.document_date,
            written_off: written_off
                .get(&(customer.as_str(), document.as_str()))
                .map_or(&[], Vec::as_slice),
        };
        let periods = index
            .periods
            .entry(customer.clone())
            .or_insert_with(|| vec![PeriodActivity::default(); n]);
        let mut billings = Vec::new();
        document_activity(&doc, periods, &mut |_, date, amount| {
            billings.push((date, amount));
        });
        if !billings.is_empty() {
            index.billings.entry(customer).or_default().extend(billings);
        }
    }
    Ok(index)
}

/// Movements per customer and period, derived from the ledgers.
#[derive(Debug, Clone, Default)]
pub struct ActivityIndex {
    /// Per customer, one entry per snapshot (index 0, the opening, is empty).
    pub periods: HashMap<String, Vec<PeriodActivity>>,
    /// Per customer, its billings summed by document date, in date order.
    pub billings: HashMap<String, Vec<(NaiveDate, Money)>>,
}

impl ActivityIndex {
    /// A customer's billings summed by the month of their document date.
    pub fn billed_by_month(&self, customer_id: &str) -> BTreeMap<(i32, u32), Money> {
        let mut months = BTreeMap::new();
        for (date, amount) in self.billings.get(customer_id).into_iter().flatten() {
            *months.entry(month_key(*date)).or_insert(Money::ZERO) += *amount;
        }
        months
    }

    /// What a customer was billed with document dates in `from..=to` (either open).
    pub fn billed_between(
        &self,
        customer_id: &str,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Money {
        self.billings.get(customer_id).map_or(Money::ZERO, |b| {
            b.iter()
                .filter(|(d, _)| from.is_none_or(|f| *d >= f) && to.is_none_or(|t| *d <= t))
                .map(|(_, a)| *a)
                .sum()
        })
    }

    /// The as-of date of the latest period up to `upto` (an index) in which the customer
    /// collected anything, as an index.
    pub fn last_collection(&self, customer_id: &str, upto: usize) -> Option<usize> {
        let periods = self.periods.get(customer_id)?;
        (0..=upto.min(periods.len().saturating_sub(1)))
            .rev()
            .find(|&i| periods[i].collections.is_positive())
    }
}

/// The whole book, assessed: every snapshot, the activity between them, the notes.
#[derive(Debug, Clone)]
pub struct BookHistory {
    /// Functional currency.
    pub currency: String,
    /// Snapshots, oldest first.
    pub snapshots: Vec<SnapshotInfo>,
    /// One assessment per snapshot, same order.
    pub assessments: Vec<Assessment>,
    /// Activity between snapshots (shared by the histories a change derives from this
    /// one: see [`Book::history_after`]).
    pub activity: Arc<ActivityIndex>,
    /// Per customer, the dates of its collection notes, oldest first.
    pub note_dates: HashMap<String, Vec<NaiveDate>>,
    /// Every specific allowance.
    pub specifics: Vec<SpecificAllowance>,
    /// The book's customer types.
    pub customer_types: Vec<CustomerType>,
    /// The book is closed through this date (figures on or before it are frozen).
    pub closed_through: Option<NaiveDate>,
}

impl BookHistory {
    /// The index of the snapshot at `as_of`.
    pub fn index_of(&self, as_of: NaiveDate) -> Option<usize> {
        self.snapshots.iter().position(|s| s.as_of == as_of)
    }

    /// True when `date` falls in a closed period.
    pub fn is_closed(&self, date: NaiveDate) -> bool {
        self.closing(date).is_some()
    }

    /// The date the book is closed through, when `date` falls in the closed period (what
    /// a refusal names).
    pub fn closing(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.closed_through.filter(|c| date <= *c)
    }

    /// The last note on or before `as_of`.
    pub fn last_note(&self, customer_id: &str, as_of: NaiveDate) -> Option<NaiveDate> {
        self.note_dates
            .get(customer_id)?
            .iter()
            .rev()
            .find(|d| **d <= as_of)
            .copied()
    }
}

/// A path's file name, as messages name the file.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails loudly")]

    use super::*;
    use crate::generate::{POLICY_FILE_NAME, fixture_files};

    type Periods = BTreeMap<String, Vec<PeriodActivity>>;
    type Billed = BTreeMap<String, BTreeMap<NaiveDate, Money>>;

    /// The periods of customers that moved, and the billings summed by date.
    fn comparable(index: &ActivityIndex) -> (Periods, Billed) {
        let periods = index
            .periods
            .iter()
            .filter(|(_, p)| p.iter().any(|a| *a != PeriodActivity::default()))
            .map(|(c, p)| (c.clone(), p.clone()))
            .collect();
        let mut billed = Billed::new();
        for (c, billings) in &index.billings {
            for (date, amount) in billings {
                *billed
                    .entry(c.clone())
                    .or_default()
                    .entry(*date)
                    .or_insert(Money::ZERO) += *amount;
            }
        }
        (periods, billed)
    }

    /// The activity the book reads (kept movements, write-offs walked whole) is the one
    /// walking every document whole gives.
    fn assert_activity_is_the_whole_walk(book: &Book) -> ActivityIndex {
        let snapshots = book.store.snapshots().unwrap();
        let posted = book.store.posted_write_off_documents().unwrap();
        let kept = activity(&book.store, &snapshots, &posted).unwrap();
        let whole = activity_from_sightings(&book.store, &snapshots, &posted).unwrap();
        let (kept_periods, kept_billed) = comparable(&kept);
        let (whole_periods, whole_billed) = comparable(&whole);
        assert!(!whole_periods.is_empty());
        for (customer, periods) in &whole_periods {
            assert_eq!(kept_periods.get(customer), Some(periods), "{customer}");
        }
        assert_eq!(kept_periods.len(), whole_periods.len());
        assert_eq!(kept_billed, whole_billed);
        kept
    }

    /// Every snapshot's kept movements were computed against the snapshot before it.
    fn assert_movements_are_current(book: &Book) {
        let snapshots = book.store.snapshots().unwrap();
        let stored = book.store.stored_movements().unwrap();
        for (i, s) in snapshots.iter().enumerate() {
            let prior = i.checked_sub(1).map(|p| snapshots[p].id);
            assert_eq!(
                stored.periods.get(&s.id).map(|(p, _)| *p),
                Some(prior),
                "{}",
                s.as_of
            );
        }
    }

    fn demo_book(dir: &Path) -> Book {
        let mut book = Book::open(&dir.join("demo.db"), "amy").unwrap();
        crate::demo::build_demo(&mut book, &mut |_, _, _| {}, &AtomicBool::new(false)).unwrap();
        book
    }

    #[test]
    fn the_kept_movements_of_the_demo_come_to_each_document_walked_whole() {
        let dir = tempfile::tempdir().unwrap();
        let book = demo_book(dir.path());
        assert_movements_are_current(&book);
        let posted = book.store.posted_write_off_documents().unwrap();
        assert!(posted.len() >= 2, "{}", posted.len());
        let activity = assert_activity_is_the_whole_walk(&book);
        // Write-offs come only from the documents walked whole: Customer A's in 2016-12.
        let written: Money = activity
            .periods
            .values()
            .flat_map(|p| p.iter().map(|a| a.write_offs))
            .sum();
        assert!(written.is_positive());
    }

    #[test]
    fn ledgers_imported_out_of_order_and_replaced_keep_every_period_true() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = Book::open(&dir.path().join("book.db"), "amy").unwrap();
        let files = fixture_files();
        let policy = files.iter().find(|f| f.name == POLICY_FILE_NAME).unwrap();
        book.import_policy(
            &policy.contents,
            &policy.name,
            crate::demo::demo_policy_effective(),
            AgingBasis::DueDate,
        )
        .unwrap();
        let ledgers: Vec<_> = files
            .iter()
            .filter(|f| f.name != POLICY_FILE_NAME)
            .collect();
        // The later months first, newest first; then the earlier ones, every other one
        // first: each import lands before, between or after the ones already in.
        let mut order: Vec<usize> = (9..ledgers.len()).rev().collect();
        order.extend((0..9).step_by(2));
        order.extend((1..9).step_by(2));
        let cancel = AtomicBool::new(false);
        for i in order {
            let f = ledgers[i];
            book.import_reader(
                f.contents.as_bytes(),
                &f.name,
                None,
                false,
                &mut |_| {},
                &cancel,
            )
            .unwrap();
            assert_movements_are_current(&book);
        }
        assert_activity_is_the_whole_walk(&book);
        // The ledger of 2016-06-30 replaced by the next month's: its movements and the
        // next period's are written again.
        let june = book.store.snapshots().unwrap()[5].as_of;
        book.import_reader(
            ledgers[6].contents.as_bytes(),
            &ledgers[6].name,
            Some(june),
            true,
            &mut |_| {},
            &cancel,
        )
        .unwrap();
        assert_movements_are_current(&book);
        assert_activity_is_the_whole_walk(&book);
        let report = book.verify().unwrap();
        assert!(report.ok, "{:?}", report.problems());
        assert_eq!(report.derived.movements, ledgers.len());
    }

    #[test]
    fn a_period_whose_kept_movements_are_missing_or_stale_is_read_from_its_items() {
        let dir = tempfile::tempdir().unwrap();
        let book = demo_book(dir.path());
        let before = comparable(&assert_activity_is_the_whole_walk(&book));
        let conn = rusqlite::Connection::open(dir.path().join("demo.db")).unwrap();
        // One period's movements gone, another's said to be against another ledger.
        conn.execute_batch(
            "DELETE FROM customer_billings WHERE snapshot_id =
                 (SELECT id FROM snapshots WHERE as_of = '2016-05-31');
             DELETE FROM customer_movements WHERE snapshot_id =
                 (SELECT id FROM snapshots WHERE as_of = '2016-05-31');
             DELETE FROM period_movements WHERE snapshot_id =
                 (SELECT id FROM snapshots WHERE as_of = '2016-05-31');
             UPDATE period_movements SET prior_id = 999, snapshot_id = snapshot_id
             WHERE snapshot_id = (SELECT id FROM snapshots WHERE as_of = '2017-02-28');
             UPDATE customer_movements SET collections_minor = 0
             WHERE snapshot_id = (SELECT id FROM snapshots WHERE as_of = '2017-02-28');",
        )
        .unwrap();
        let after = comparable(&assert_activity_is_the_whole_walk(&book));
        assert_eq!(after, before);
        let report = book.verify().unwrap();
        let dates: Vec<String> = report
            .derived
            .failures
            .iter()
            .map(|f| f.as_of.to_string())
            .collect();
        assert_eq!(dates, ["2016-05-31", "2017-02-28"]);
    }
}
