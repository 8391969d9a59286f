//! The book: the one facade the CLI and the GUI both call, so a figure on screen and in
//! `--format json` come from the same code. It reads from the [`Store`], runs the
//! [`domain`](crate::domain) rules and hands back plain values.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;

use crate::domain::aging::AgingBasis;
use crate::domain::allowance::{CustomerAssessment, CustomerInput, assess_customer};
use crate::domain::customer_type::CustomerType;
use crate::domain::money::Money;
use crate::domain::policy::{ProvisionMatrix, SpecificAllowance, SpecificBasis};
use crate::import::policy::{PolicyError, parse_policy};
use crate::import::{ImportError, ImportOptions, ImportOutcome, Progress, import_ledger};
use crate::store::{BookSettings, SnapshotInfo, Store, StoreError};

/// What went wrong with a book operation.
#[derive(Debug, thiserror::Error)]
pub enum BookError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
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
    /// A specific allowance that makes no sense.
    #[error("{0}")]
    BadSpecific(String),
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
    store: Store,
    user: String,
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

    /// The book's settings.
    pub fn settings(&self) -> Result<BookSettings, BookError> {
        Ok(self.store.settings()?)
    }

    /// All snapshots, oldest first.
    pub fn snapshots(&self) -> Result<Vec<SnapshotInfo>, BookError> {
        Ok(self.store.snapshots()?)
    }

    /// Imports a ledger file; see [`import_ledger`].
    pub fn import_file(
        &mut self,
        path: &Path,
        as_of: Option<NaiveDate>,
        replace: bool,
        progress: &mut dyn FnMut(Progress),
        cancel: &AtomicBool,
    ) -> Result<ImportOutcome, BookError> {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let file = File::open(path).map_err(|source| ImportError::Io {
            file: name.clone(),
            source,
        })?;
        self.import_reader(file, &name, as_of, replace, progress, cancel)
    }

    /// Imports a ledger from any reader, named `name` in messages.
    pub fn import_reader(
        &mut self,
        source: impl std::io::Read,
        name: &str,
        as_of: Option<NaiveDate>,
        replace: bool,
        progress: &mut dyn FnMut(Progress),
        cancel: &AtomicBool,
    ) -> Result<ImportOutcome, BookError> {
        let options = ImportOptions {
            as_of,
            replace,
            user: self.user.clone(),
        };
        Ok(import_ledger(
            &mut self.store,
            source,
            name,
            &options,
            progress,
            cancel,
        )?)
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
                return Err(BookError::BadSpecific(format!(
                    "a specific percentage must be between 0% and 100%, not {}",
                    crate::domain::money::format_rate(p)
                )));
            }
            SpecificBasis::Amount(a) if a.is_negative() => {
                return Err(BookError::BadSpecific(format!(
                    "a specific amount cannot be negative ({a})"
                )));
            }
            _ => {}
        }
        if reason.trim().is_empty() {
            return Err(BookError::BadSpecific(
                "a specific allowance needs a reason".into(),
            ));
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
        let history = self.store.policies()?;
        let matrix = history.in_force(as_of).ok_or(BookError::NoPolicy(as_of))?;
        let customers = self.store.customers()?;
        let specifics: HashMap<String, SpecificAllowance> = self
            .store
            .specific_allowances()?
            .into_iter()
            .filter(|s| s.in_force(as_of))
            .map(|s| (s.customer_id.clone(), s))
            .collect();
        let mut written_off: HashMap<String, HashSet<String>> = HashMap::new();
        for (customer, document) in self.store.written_off_documents(as_of)? {
            written_off.entry(customer).or_default().insert(document);
        }
        let no_documents = HashSet::new();
        let other = CustomerType::other();
        let mut out = Vec::new();
        for (customer_id, items) in self.store.open_items(snapshot.id)? {
            let record = customers.get(&customer_id);
            let customer_type = record.map_or_else(|| other.clone(), |r| r.type_at(as_of));
            let name = record.map_or("", |r| r.name.as_str());
            let written = written_off.get(&customer_id).unwrap_or(&no_documents);
            let input = CustomerInput {
                customer_id: &customer_id,
                name,
                customer_type: &customer_type,
                items: &items,
                specific: specifics.get(&customer_id),
            };
            out.push(assess_customer(as_of, matrix, &input, &|doc| {
                written.contains(doc)
            }));
        }
        Ok(Assessment {
            as_of,
            currency: self.store.settings()?.currency,
            basis: matrix.basis,
            bucket_labels: matrix.buckets.labels(),
            customers: out,
        })
    }
}
