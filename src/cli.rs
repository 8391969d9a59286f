//! The scripting interface (SPEC section 5): the same binary, headless. Every command
//! calls the same [`Book`] functions as the window. Results go to stdout, errors to
//! stderr with a non-zero exit code; `--format json` prints one JSON document.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use rust_decimal::Decimal;

use crate::book::{Book, default_book_path};
use crate::domain::aging::{AgingBasis, display_label};
use crate::domain::alerts::AlertSettings;
use crate::domain::collection::NoteAction;
use crate::domain::customer_type::CustomerType;
use crate::domain::date::parse_date;
use crate::domain::money::{Money, NegativeStyle, format_rate};
use crate::domain::policy::SpecificBasis;
use crate::domain::writeoff::{ReasonCategory, Transition, WriteOff, WriteOffState};
use crate::generate;
use crate::i18n::Lang;
use crate::import::policy::policy_to_csv;
use crate::integrity::{AuditEntry, AuditFilter, VerifyReport};
use crate::report::Format;
use crate::report::activity::activity_output;
use crate::report::aging::{AgingReport, GroupBy, Measure};
use crate::report::alerts::AlertsReport;
use crate::report::audit::{audit_csv, audit_json, audit_table, verified_line, verify_table};
use crate::report::export::{
    Sheet, aging_sheet, customers_sheet, rollforward_sheet, schedule_ii_sheet,
};
use crate::report::import::{profiles_output, settings_output};
use crate::report::memo::Memo;
use crate::report::notes::notes_output;
use crate::report::pdf::{Paper, memo_pdf_in};
use crate::report::review::review_rows;
use crate::report::rollforward::{RollGroup, schedule_ii_ranges};
use crate::report::snapshots::snapshots_output;
use crate::report::table::{Align, TextTable};

/// Agebook: accounts-receivable aging and the allowance for doubtful accounts.
///
/// Without a command it opens the window.
#[derive(Debug, Parser)]
#[command(name = "agebook", version, about, long_about = None)]
pub struct Cli {
    /// The book (an SQLite file); created when missing. Default: agebook.db in the
    /// user's data directory.
    #[arg(long, global = true, env = "AGEBOOK_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Who is working, for the audit log. Default: the login name. Given before the
    /// command (`agebook --user NAME <command>`): after `audit`, `--user` is the filter.
    #[arg(long, env = "AGEBOOK_USER", value_name = "NAME")]
    pub user: Option<String>,
    /// What to do; none opens the window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

fn date_arg(text: &str) -> Result<NaiveDate, String> {
    parse_date(text).map_err(|e| e.to_string())
}

/// The memo's language: `en` or `zh-CN` (the catalogue's tags; `zh` too).
fn lang_arg(text: &str) -> Result<Lang, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "en" => Ok(Lang::English),
        "zh-cn" | "zh" => Ok(Lang::Chinese),
        _ => Err(format!("{text}: the memo is written in en or zh-CN")),
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a book from the bundled fixtures (18 month ends, 2016-01 to 2017-06).
    Demo,
    /// Create a new, empty book at --db, kept in a currency.
    New {
        /// The book's functional currency, an ISO 4217 code; amounts keep its minor unit.
        #[arg(long, default_value = "CNY", value_name = "CODE")]
        currency: String,
        /// How ledgers whose dates all read both ways are read: DMY (31/12/2016) or MDY
        /// (12/31/2016).
        #[arg(long, default_value = "DMY", value_name = "ORDER")]
        date_format: String,
    },
    /// The book's settings; with an option, change that setting (audited).
    Settings {
        /// Read ambiguous ledger dates as DMY or MDY from now on.
        #[arg(long, value_name = "ORDER")]
        date_format: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Import profiles: the column maps and overrides saved with `import --save-profile`.
    Profiles {
        /// Delete the profile of this name (audited).
        #[arg(long, value_name = "NAME")]
        delete: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Import a month-end ledger (CSV or other delimited text, XLSX, XLS) as a snapshot.
    ///
    /// Encoding, delimiter, header row, columns, date order and decimal separator are
    /// found from the file; the options override what is found.
    Import {
        /// The ledger file.
        file: PathBuf,
        /// The as-of date; read from the file name when omitted (ar_2016-12-31.csv).
        #[arg(long, value_parser = date_arg, value_name = "DATE")]
        as_of: Option<NaiveDate>,
        /// Replace the snapshot of the same date (or the same content).
        #[arg(long)]
        replace: bool,
        /// Take a field from a column: FIELD=COLUMN, the column by its header or as #N
        /// (the Nth). Repeatable; one column may serve two fields.
        #[arg(long = "map", value_name = "FIELD=COLUMN")]
        map: Vec<String>,
        /// Start from a saved profile (its map and overrides; the options here win).
        #[arg(long, value_name = "NAME")]
        profile: Option<String>,
        /// Save the map and overrides used as a profile of this name, once the import
        /// succeeds.
        #[arg(long, value_name = "NAME")]
        save_profile: Option<String>,
        /// The text encoding (utf-8, gbk, gb18030, utf-16le, windows-1252 ...).
        #[arg(long, value_name = "LABEL")]
        encoding: Option<String>,
        /// The delimiter: , ; | or tab.
        #[arg(long, value_name = "CHAR")]
        delimiter: Option<String>,
        /// The date order where every date reads both ways: DMY or MDY.
        #[arg(long, value_name = "ORDER")]
        date_format: Option<String>,
        /// The sheet of a workbook (default: the first).
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
    },
    /// List the snapshots in the book.
    Snapshots {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The aging matrix: open amounts by bucket.
    Aging(ReportArgs),
    /// The required allowance, by bucket.
    Allowance(ReportArgs),
    /// The provision matrix.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Customers.
    #[command(subcommand)]
    Customer(CustomerCommand),
    /// Specific allowances (individual assessments that replace the matrix).
    #[command(subcommand)]
    Specific(SpecificCommand),
    /// The allowance roll-forward between two snapshot dates.
    Rollforward {
        /// First snapshot date.
        #[arg(long, value_parser = date_arg, value_name = "DATE")]
        from: NaiveDate,
        /// Last snapshot date.
        #[arg(long, value_parser = date_arg, value_name = "DATE")]
        to: NaiveDate,
        /// The total, one row per type, or one per customer.
        #[arg(long, value_enum, default_value_t)]
        by: RollGroup,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Write-offs: propose, list, submit, approve, reject, post.
    #[command(subcommand)]
    Writeoff(WriteoffCommand),
    /// Record cash recovered on a balance written off earlier.
    Recovery {
        /// Customer id.
        id: String,
        /// Amount received.
        amount: String,
        /// Date received.
        #[arg(long, value_parser = date_arg, value_name = "DATE")]
        date: NaiveDate,
        /// A note (receipt, bank reference).
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Record an other adjustment of the allowance (signed), with a reason.
    Adjust {
        /// Customer id.
        id: String,
        /// Amount (negative decreases the allowance).
        #[arg(allow_hyphen_values = true)]
        amount: String,
        /// Date.
        #[arg(long, value_parser = date_arg, value_name = "DATE")]
        date: NaiveDate,
        /// Why: opening balance, standard adoption, acquisition…
        #[arg(long)]
        reason: String,
    },
    /// Approvers and their limits.
    #[command(subcommand)]
    Approver(ApproverCommand),
    /// Close every period through a date: no postings dated on or before it.
    Close {
        /// The last date closed (a month end).
        #[arg(value_parser = date_arg)]
        date: NaiveDate,
    },
    /// Reopen a closed period (and every later one), with a reason.
    Reopen {
        /// A date in the period to reopen.
        #[arg(value_parser = date_arg)]
        date: NaiveDate,
        /// Why.
        #[arg(long)]
        reason: String,
    },
    /// Export a report to a spreadsheet: FILE.csv or FILE.xlsx.
    Export {
        /// aging, allowance, rollforward or customers.
        #[arg(value_enum)]
        what: ExportKind,
        /// The file to write (.csv or .xlsx).
        #[arg(long)]
        out: PathBuf,
        /// The snapshot (aging, allowance, customers; default the latest).
        #[arg(long, value_parser = date_arg, value_name = "DATE")]
        as_of: Option<NaiveDate>,
        /// Rows by type or customer (aging, allowance), or total/type/customer (rollforward).
        #[arg(long)]
        by: Option<String>,
        /// Roll-forward start (default the first snapshot).
        #[arg(long, value_parser = date_arg, value_name = "DATE")]
        from: Option<NaiveDate>,
        /// Roll-forward end (default the latest snapshot).
        #[arg(long, value_parser = date_arg, value_name = "DATE")]
        to: Option<NaiveDate>,
        /// The roll-forward as SEC Schedule II (valuation and qualifying accounts), one
        /// row per calendar year in the range.
        #[arg(long)]
        schedule_ii: bool,
    },
    /// Alerts at a snapshot: trading after a write-off, written-off documents still
    /// open, old balances without a recent collection note, related-party balances.
    Alerts {
        /// The snapshot.
        #[arg(long, value_parser = date_arg, value_name = "DATE")]
        as_of: NaiveDate,
        /// Age past due (days) beyond which a balance needs a recent note.
        #[arg(long, default_value_t = 180)]
        age_days: i64,
        /// How recent that note must be (days).
        #[arg(long, default_value_t = 90)]
        note_days: i64,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// A customer's activity between snapshots: billings, collections, write-offs,
    /// recoveries; and billings by year and since its last write-off.
    Activity {
        /// Customer id.
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The audit log, oldest first, filtered. --customer picks rows about the customer
    /// (its own rows, rows whose before/after names it as customer_id, and the steps of
    /// its write-offs).
    Audit {
        /// Rows written on or after this day (UTC).
        #[arg(long, value_parser = date_arg, value_name = "DATE")]
        from: Option<NaiveDate>,
        /// Rows written on or before this day (UTC).
        #[arg(long, value_parser = date_arg, value_name = "DATE")]
        to: Option<NaiveDate>,
        /// Rows by this user (the acting user is `agebook --user NAME audit`).
        #[arg(long = "user", value_name = "USER")]
        by: Option<String>,
        /// Rows with this action (import, set_type, specific_set, writeoff_post, …).
        #[arg(long)]
        action: Option<String>,
        /// Rows about this customer.
        #[arg(long, value_name = "ID")]
        customer: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Verify the book: SQLite's integrity check, the audit log's hash chain, and posted
    /// write-offs against their audit rows. Exits non-zero on any failure.
    Verify {
        /// Output format (table or json).
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Write a verified copy of the book with SQLite's online backup API (safe while the
    /// book is open elsewhere).
    Backup {
        /// The file to write.
        #[arg(long)]
        out: PathBuf,
        /// Overwrite the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Put a backup in place of the book, after checking it (an Agebook book of a known
    /// schema, integrity, audit chain); the book it replaces is kept beside it.
    Restore {
        /// The backup file.
        file: PathBuf,
    },
    /// Write generated ledgers (fixtures and benchmark inputs).
    #[command(subcommand, hide = true)]
    Generate(GenerateCommand),
}

/// Arguments of `aging` and `allowance`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The snapshot's as-of date.
    #[arg(long, value_parser = date_arg, value_name = "DATE")]
    pub as_of: NaiveDate,
    /// One row per customer type or per customer.
    #[arg(long, value_enum, default_value_t)]
    pub by: GroupBy,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// `policy` commands.
#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Show the matrix in force (the newest without --as-of).
    Show {
        /// The date the matrix is in force at.
        #[arg(long, value_parser = date_arg, value_name = "DATE")]
        as_of: Option<NaiveDate>,
        /// Output format (csv is the import format).
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Import a matrix file as a new version.
    Import {
        /// The CSV: customer_type, then one column per bucket.
        file: PathBuf,
        /// The first as-of date it applies to.
        #[arg(long, value_parser = date_arg, value_name = "DATE")]
        effective: NaiveDate,
        /// due_date (default) or document_date.
        #[arg(long, default_value = "due_date")]
        basis: String,
    },
}

/// `customer` commands.
#[derive(Debug, Subcommand)]
pub enum CustomerCommand {
    /// Set a customer's type (state_owned, government, private, related_party,
    /// individual, other, or a new type name).
    SetType {
        /// Customer id.
        id: String,
        /// The type.
        customer_type: String,
        /// First as-of date it applies to (default: the latest snapshot's).
        #[arg(long, value_parser = date_arg, value_name = "DATE")]
        from: Option<NaiveDate>,
    },
    /// Add a collection note.
    Note {
        /// Customer id.
        id: String,
        /// The note.
        text: String,
        /// call, letter, email, visit, legal or other.
        #[arg(long, default_value = "call")]
        action: String,
        /// When the effort took place (default: today).
        #[arg(long, value_parser = date_arg, value_name = "DATE")]
        date: Option<NaiveDate>,
        /// What came of it.
        #[arg(long, default_value = "")]
        outcome: String,
    },
    /// List a customer's collection notes.
    Notes {
        /// Customer id.
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

/// `specific` commands.
#[derive(Debug, Subcommand)]
pub enum SpecificCommand {
    /// Set a specific allowance from a date on.
    Set {
        /// Customer id.
        id: String,
        /// A percentage of the net balance: 100, 100% or 37.5.
        #[arg(long, conflicts_with = "amount", required_unless_present = "amount")]
        percent: Option<String>,
        /// A fixed amount.
        #[arg(long)]
        amount: Option<String>,
        /// Why: the assessment in a sentence.
        #[arg(long)]
        reason: String,
        /// First as-of date it applies to.
        #[arg(long, value_parser = date_arg, value_name = "DATE")]
        from: NaiveDate,
    },
    /// End the specific allowance in force on a date; the matrix applies again.
    Clear {
        /// Customer id.
        id: String,
        /// First as-of date it no longer applies to.
        #[arg(long, value_parser = date_arg, value_name = "DATE")]
        from: NaiveDate,
    },
}

/// How `generate ledger` writes its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ShapeArg {
    /// The canonical CSV.
    Canonical,
    /// As an ERP exports them: title lines, the ERP's column names, `31.12.2017`,
    /// `1,234.56-`, customer subtotals and a grand total.
    Erp,
}

/// The row order of `generate ledger`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OrderArg {
    /// Grouped by customer (an aging report).
    Customer,
    /// By document date, customers interleaved (a line-item list sorted by date).
    Date,
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportKind {
    /// The aging matrix.
    Aging,
    /// The allowance by bucket.
    Allowance,
    /// The roll-forward.
    Rollforward,
    /// Every customer with its balance, allowance and alerts.
    Customers,
}

/// `writeoff` commands.
#[derive(Debug, Subcommand)]
pub enum WriteoffCommand {
    /// Propose a draft write-off; prints its id.
    Propose {
        /// Customer id.
        id: String,
        /// The write-off date (the period it is posted in).
        #[arg(long, value_parser = date_arg, value_name = "DATE")]
        date: NaiveDate,
        /// dispute, insolvency, change_of_management, uneconomic_to_pursue, time_barred, other.
        #[arg(long)]
        reason: String,
        /// What happened and why the balance is uncollectible.
        #[arg(long)]
        narrative: String,
        /// A document to write off, NO or NO=AMOUNT; repeat it; none means every open
        /// document of the customer.
        #[arg(long = "doc", value_name = "NO[=AMOUNT]")]
        docs: Vec<String>,
    },
    /// List write-offs.
    List {
        /// Only this state: draft, submitted, approved, rejected, posted.
        #[arg(long)]
        state: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Send a draft for approval.
    Submit {
        /// Write-off id.
        id: i64,
    },
    /// Approve (as --user; not the preparer; within the approver's limit).
    Approve {
        /// Write-off id.
        id: i64,
    },
    /// Reject (as --user), with a reason.
    Reject {
        /// Write-off id.
        id: i64,
        /// Why.
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Post an approved write-off in the period of its date.
    Post {
        /// Write-off id.
        id: i64,
    },
    /// Write the memo for approval: FILE.pdf or FILE.md (a draft is watermarked DRAFT).
    Memo {
        /// Write-off id.
        id: i64,
        /// The file to write (.pdf or .md), or a folder to write the PDF in under a
        /// name made from the write-off and its customer.
        #[arg(long)]
        out: PathBuf,
        /// Paper size of the PDF.
        #[arg(long, value_enum, default_value_t)]
        paper: Paper,
        /// The memo's language: en (English) or zh-CN (Simplified Chinese).
        #[arg(long, value_parser = lang_arg, default_value = "en", value_name = "en|zh-CN")]
        lang: Lang,
    },
}

/// `approver` commands.
#[derive(Debug, Subcommand)]
pub enum ApproverCommand {
    /// Set an approver's limit.
    Set {
        /// User name.
        name: String,
        /// The most they may approve alone.
        #[arg(long)]
        limit: String,
        /// Currency of the limit (default: the book's).
        #[arg(long)]
        currency: Option<String>,
    },
    /// List approvers.
    List,
}

/// `generate` commands (hidden: for maintainers and benchmarks).
#[derive(Debug, Subcommand)]
pub enum GenerateCommand {
    /// Write the bundled fixtures into a directory.
    Fixtures {
        /// Where.
        #[arg(long, default_value = "fixtures")]
        out: PathBuf,
    },
    /// Write one large ledger.
    Ledger {
        /// Open items.
        #[arg(long, default_value_t = 1_000_000)]
        items: usize,
        /// Customers.
        #[arg(long, default_value_t = 20_000)]
        customers: usize,
        /// As-of date.
        #[arg(long, value_parser = date_arg, default_value = "2017-12-31")]
        as_of: NaiveDate,
        /// Seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// How the rows are written.
        #[arg(long, value_enum, default_value = "canonical")]
        shape: ShapeArg,
        /// The order of the rows.
        #[arg(long, value_enum, default_value = "customer")]
        order: OrderArg,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Write consecutive monthly ledgers.
    Monthly {
        /// Months.
        #[arg(long, default_value_t = 24)]
        months: usize,
        /// Open items per month.
        #[arg(long, default_value_t = 100_000)]
        items: usize,
        /// The last month end.
        #[arg(long, value_parser = date_arg, default_value = "2017-12-31")]
        last: NaiveDate,
        /// Seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
    },
}

/// The user name for the audit log: `--user`, else the login name.
pub fn resolve_user(given: Option<&str>) -> String {
    given
        .map(str::to_string)
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "user".to_string())
}

/// Runs a command and prints its result; errors are printed once, here.
pub fn run(cli: Cli) -> ExitCode {
    let Some(command) = cli.command else {
        return ExitCode::SUCCESS;
    };
    let db = cli.db.unwrap_or_else(default_book_path);
    let user = resolve_user(cli.user.as_deref());
    match execute(command, &db, &user) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn open(db: &Path, user: &str) -> anyhow::Result<Book> {
    Book::open(db, user).with_context(|| format!("cannot open the book {}", db.display()))
}

fn execute(command: Command, db: &Path, user: &str) -> anyhow::Result<()> {
    let no_cancel = AtomicBool::new(false);
    match command {
        Command::Demo => {
            let started = std::time::Instant::now();
            let mut book = open(db, user)?;
            let summary = crate::demo::build_demo(
                &mut book,
                &mut |done, total, name| {
                    if done < total {
                        eprintln!("[{:>2}/{total}] {name}", done + 1);
                    }
                },
                &no_cancel,
            )?;
            eprintln!(
                "Demo book {}: {} snapshots, {} open items, in {:.1} s",
                db.display(),
                summary.snapshots,
                summary.items,
                started.elapsed().as_secs_f64()
            );
        }
        Command::New {
            currency,
            date_format,
        } => {
            let order = crate::import::profile::parse_date_format(&date_format)?;
            let book = Book::create(db, user, &currency, order)?;
            let settings = book.settings()?;
            println!("{}", db.display());
            eprintln!(
                "Created the book {} in {}, reading ambiguous dates {}",
                db.display(),
                settings.currency,
                settings.date_order.as_str()
            );
        }
        Command::Settings {
            date_format,
            format,
        } => {
            let mut book = open(db, user)?;
            if let Some(text) = date_format {
                book.set_date_order(crate::import::profile::parse_date_format(&text)?)?;
            }
            print!("{}", settings_output(&book.settings()?, format));
        }
        Command::Profiles { delete, format } => {
            let mut book = open(db, user)?;
            if let Some(name) = delete {
                book.delete_import_profile(&name)?;
                eprintln!("Deleted the import profile '{name}'");
            }
            print!("{}", profiles_output(&book.import_profiles()?, format));
        }
        Command::Import {
            file,
            as_of,
            replace,
            map,
            profile,
            save_profile,
            encoding,
            delimiter,
            date_format,
            sheet,
        } => {
            let mut book = open(db, user)?;
            let given = crate::import::profile::ImportProfile {
                encoding,
                delimiter,
                date_format,
                sheet,
                ..Default::default()
            };
            let mut used = match &profile {
                Some(name) => book.import_profile(name)?,
                None => Default::default(),
            };
            used = used.overridden_by(&given);
            used.add_mappings(map.iter().map(String::as_str))?;
            let read = used.to_options()?;
            let size = std::fs::metadata(&file).map_or(0, |m| m.len());
            let bar = progress_bar(size, "{bar:40} {binary_bytes}/{binary_total_bytes} · {msg}");
            bar.set_message("reading and checking");
            let outcome = book.import_file_with(
                &file,
                as_of,
                replace,
                &read,
                &mut |p| bar.set_position(p.bytes.min(size)),
                &no_cancel,
            );
            bar.finish_and_clear();
            let outcome = outcome?;
            let s = &outcome.snapshot;
            let currency = book.settings()?.currency;
            println!("{}", s.as_of);
            eprintln!(
                "Imported {} as of {}: {} open items, total {} {currency}, {} new customers{}",
                s.source_name,
                s.as_of,
                s.row_count,
                s.total.grouped(NegativeStyle::Minus),
                outcome.new_customers,
                if outcome.replaced.is_some() {
                    " (replaced the earlier snapshot)"
                } else {
                    ""
                }
            );
            eprint!("{}", outcome.reconciliation.text(NegativeStyle::Minus));
            const SHOWN: usize = 50;
            for w in outcome.warnings.iter().take(SHOWN) {
                eprintln!("warning: {w}");
            }
            if outcome.warnings.len() > SHOWN {
                eprintln!("warning: ... and {} more", outcome.warnings.len() - SHOWN);
            }
            eprint!("{}", crate::report::import::import_details(&outcome));
            if let Some(name) = save_profile {
                book.save_import_profile(&name, &used)?;
                eprintln!("Saved the import profile '{name}' (use it with --profile {name})");
            }
        }
        Command::Snapshots { format } => {
            let book = open(db, user)?;
            print!(
                "{}",
                snapshots_output(&book.snapshots()?, &book.settings()?.currency, format)
            );
        }
        Command::Aging(args) => print!("{}", report(db, user, &args, Measure::Amounts)?),
        Command::Allowance(args) => print!("{}", report(db, user, &args, Measure::Allowance)?),
        Command::Policy(PolicyCommand::Show { as_of, format }) => {
            let book = open(db, user)?;
            print!("{}", policy_output(&book, as_of, format)?);
        }
        Command::Policy(PolicyCommand::Import {
            file,
            effective,
            basis,
        }) => {
            let basis = AgingBasis::parse(&basis).with_context(|| {
                format!("--basis must be due_date or document_date, not '{basis}'")
            })?;
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let name = file.file_name().map_or_else(
                || file.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let mut book = open(db, user)?;
            let matrix = book.import_policy(&text, &name, effective, basis)?;
            println!("{}", matrix.effective);
            eprintln!(
                "Policy from {name} in force from {effective}: {} types, buckets {}",
                matrix.rates.len() + usize::from(matrix.fallback.is_some()),
                matrix.buckets.labels().join(", ")
            );
        }
        Command::Customer(CustomerCommand::SetType {
            id,
            customer_type,
            from,
        }) => {
            let t = CustomerType::parse(&customer_type)?;
            let mut book = open(db, user)?;
            let from = book.set_customer_type(&id, &t, from)?;
            println!("{id}: type {t} from {from}");
        }
        Command::Customer(CustomerCommand::Note {
            id,
            text,
            action,
            date,
            outcome,
        }) => {
            let action = NoteAction::parse(&action).with_context(|| {
                format!(
                    "--action must be call, letter, email, visit, legal or other, not '{action}'"
                )
            })?;
            let date = date.unwrap_or_else(|| chrono::Local::now().date_naive());
            let mut book = open(db, user)?;
            let note_id = book.add_note(&id, date, action, &outcome, &text)?;
            println!("{note_id}");
        }
        Command::Customer(CustomerCommand::Notes { id, format }) => {
            let book = open(db, user)?;
            let notes = book.notes(&id)?;
            print!("{}", notes_output(&notes, format));
        }
        Command::Specific(SpecificCommand::Set {
            id,
            percent,
            amount,
            reason,
            from,
        }) => {
            let basis = match (percent, amount) {
                (Some(p), _) => SpecificBasis::Percent(parse_percent(&p)?),
                (None, Some(a)) => SpecificBasis::Amount(
                    Money::parse(&a).with_context(|| format!("--amount {a}"))?,
                ),
                (None, None) => bail!("give --percent or --amount"),
            };
            let mut book = open(db, user)?;
            book.set_specific(&id, basis, &reason, from)?;
            let what = match basis {
                SpecificBasis::Percent(p) => format_rate(p),
                SpecificBasis::Amount(a) => a.grouped(NegativeStyle::Minus),
            };
            println!("{id}: specific allowance {what} from {from}");
        }
        Command::Specific(SpecificCommand::Clear { id, from }) => {
            let mut book = open(db, user)?;
            book.clear_specific(&id, from)?;
            println!("{id}: specific allowance cleared from {from}");
        }
        Command::Rollforward {
            from,
            to,
            by,
            format,
        } => {
            let book = open(db, user)?;
            print!("{}", book.rollforward(from, to)?.render(by, format));
        }
        Command::Writeoff(command) => writeoff(db, user, command)?,
        Command::Recovery {
            id,
            amount,
            date,
            note,
        } => {
            let amount = Money::parse(&amount).with_context(|| format!("amount '{amount}'"))?;
            let mut book = open(db, user)?;
            println!("{}", book.record_recovery(&id, amount, date, &note)?);
        }
        Command::Adjust {
            id,
            amount,
            date,
            reason,
        } => {
            let amount = Money::parse(&amount).with_context(|| format!("amount '{amount}'"))?;
            let mut book = open(db, user)?;
            println!("{}", book.record_adjustment(&id, amount, date, &reason)?);
        }
        Command::Approver(ApproverCommand::Set {
            name,
            limit,
            currency,
        }) => {
            let limit = Money::parse(&limit).with_context(|| format!("--limit '{limit}'"))?;
            let mut book = open(db, user)?;
            let a = book.set_approver(&name, limit, currency.as_deref())?;
            println!(
                "{}: may approve up to {} {}",
                a.name,
                a.limit.grouped(NegativeStyle::Minus),
                a.currency
            );
        }
        Command::Approver(ApproverCommand::List) => {
            let book = open(db, user)?;
            for a in book.store().approvers()? {
                println!("{}\t{}\t{}", a.name, a.currency, a.limit);
            }
        }
        Command::Close { date } => {
            let mut book = open(db, user)?;
            book.close_period(date)?;
            println!("closed through {date}");
        }
        Command::Reopen { date, reason } => {
            let mut book = open(db, user)?;
            book.reopen_period(date, &reason)?;
            match book.closed_through()? {
                Some(d) => println!("reopened {date}; closed through {d}"),
                None => println!("reopened {date}; no period is closed"),
            }
        }
        Command::Export {
            what,
            out,
            as_of,
            by,
            from,
            to,
            schedule_ii,
        } => {
            let book = open(db, user)?;
            let sheet = export_sheet(&book, what, as_of, by.as_deref(), from, to, schedule_ii)?;
            sheet.write(&out)?;
            eprintln!("wrote {} rows to {}", sheet.rows.len(), out.display());
        }
        Command::Alerts {
            as_of,
            age_days,
            note_days,
            format,
        } => {
            let book = open(db, user)?;
            let settings = AlertSettings {
                age_days,
                note_within_days: note_days,
            };
            print!("{}", alerts_output(&book, as_of, &settings, format)?);
        }
        Command::Activity { id, format } => {
            let book = open(db, user)?;
            print!("{}", activity_output(&book, &id, format)?);
        }
        Command::Audit {
            from,
            to,
            by,
            action,
            customer,
            format,
        } => {
            let book = open(db, user)?;
            let filter = AuditFilter {
                from,
                to,
                user: by,
                action,
                customer,
            };
            print!("{}", audit_output(&book.audit_log(&filter)?, format)?);
        }
        Command::Verify { format } => {
            let book = open(db, user)?;
            let report = book.verify()?;
            print!("{}", verify_output(db, &report, format)?);
            if !report.ok {
                let n = report.problems().len();
                bail!(
                    "the book {} does not verify ({n} problem{})",
                    db.display(),
                    if n == 1 { "" } else { "s" }
                );
            }
        }
        Command::Backup { out, force } => {
            let book = open(db, user)?;
            let done = book.backup(&out, force)?;
            println!("{}", done.path.display());
            eprintln!(
                "backup of {} written to {} ({} bytes): {}",
                db.display(),
                done.path.display(),
                done.bytes,
                verified_line(&done.report)
            );
        }
        Command::Restore { file } => {
            let done = Book::restore(db, &file, user)?;
            println!(
                "restored {} from {}",
                done.book.display(),
                done.source.display()
            );
            match &done.kept {
                Some(kept) => println!("the book it replaced is kept as {}", kept.display()),
                None => println!("there was no book at {} to keep", done.book.display()),
            }
            eprintln!("{}", verified_line(&done.report));
            if !done.report.ok {
                bail!(
                    "the restored book does not verify: {}",
                    done.report.problems().join("; ")
                );
            }
        }
        Command::Generate(g) => generate_files(g)?,
    }
    Ok(())
}

fn writeoff(db: &Path, user: &str, command: WriteoffCommand) -> anyhow::Result<()> {
    let mut book = open(db, user)?;
    let show = |w: &WriteOff| {
        let approvals: Vec<&str> = w.approvals.iter().map(|a| a.by.as_str()).collect();
        let by = if approvals.is_empty() {
            String::new()
        } else {
            format!(" (approved by {})", approvals.join(", "))
        };
        eprintln!("write-off {}: {}{by}", w.id, w.state);
    };
    match command {
        WriteoffCommand::Propose {
            id,
            date,
            reason,
            narrative,
            docs,
        } => {
            let reason = ReasonCategory::parse(&reason).with_context(|| {
                format!(
                    "--reason must be one of dispute, insolvency, change_of_management, \
                     uneconomic_to_pursue, time_barred, other; not '{reason}'"
                )
            })?;
            let mut documents = Vec::new();
            for d in docs {
                let (no, amount) = match d.split_once('=') {
                    Some((no, a)) => (
                        no.to_string(),
                        Some(Money::parse(a).with_context(|| format!("--doc {d}"))?),
                    ),
                    None => (d.clone(), None),
                };
                documents.push((no, amount));
            }
            let new_id = book.propose_write_off(&id, date, reason, &narrative, &documents)?;
            println!("{new_id}");
            let w = book.write_off(new_id)?;
            eprintln!(
                "draft write-off {new_id} of {} {}: {} documents of {id}",
                w.amount().grouped(NegativeStyle::Minus),
                book.settings()?.currency,
                w.documents.len()
            );
        }
        WriteoffCommand::List { state, format } => {
            let state = match state {
                Some(s) => Some(WriteOffState::parse(&s).with_context(|| {
                    format!(
                        "--state must be draft, submitted, approved, rejected or posted, not '{s}'"
                    )
                })?),
                None => None,
            };
            let list = book.write_offs(state)?;
            print!("{}", writeoff_list_output(&list, format)?);
        }
        WriteoffCommand::Submit { id } => show(&book.transition_write_off(id, Transition::Submit)?),
        WriteoffCommand::Approve { id } => {
            let w = book.transition_write_off(id, Transition::Approve)?;
            show(&w);
            if w.state == WriteOffState::Submitted {
                eprintln!("the amount is over {user}'s limit: a second, higher approver is needed");
            }
        }
        WriteoffCommand::Reject { id, reason } => {
            show(&book.transition_write_off(id, Transition::Reject(reason))?)
        }
        WriteoffCommand::Post { id } => show(&book.transition_write_off(id, Transition::Post)?),
        WriteoffCommand::Memo {
            id,
            out,
            paper,
            lang,
        } => {
            let memo = Memo::build(&book, id)?;
            let out = if out.is_dir() {
                out.join(memo.file_name("pdf"))
            } else {
                out
            };
            let ext = out
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_lowercase);
            let bytes = match ext.as_deref() {
                Some("md") | Some("markdown") => memo.to_markdown_in(lang).into_bytes(),
                Some("pdf") => memo_pdf_in(&memo, paper, lang)?,
                _ => bail!("{}: the memo is written as .pdf or .md", out.display()),
            };
            std::fs::write(&out, bytes)
                .with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!(
                "memo of write-off {id} ({}{}) written to {}; content hash {}",
                memo.state,
                if memo.is_draft() {
                    ", watermarked DRAFT"
                } else {
                    ""
                },
                out.display(),
                memo.content_hash
            );
        }
    }
    Ok(())
}

/// The `writeoff list` output: the rows of [`crate::report::writeoffs`], which the
/// window lists too.
pub fn writeoff_list_output(list: &[WriteOff], format: Format) -> anyhow::Result<String> {
    use crate::report::writeoffs::{
        write_off_rows, write_offs_csv, write_offs_json, write_offs_table,
    };
    let rows = write_off_rows(list);
    Ok(match format {
        Format::Json => serde_json::to_string_pretty(&write_offs_json(&rows))? + "\n",
        Format::Csv => write_offs_csv(&rows),
        Format::Table => write_offs_table(&rows),
    })
}

fn export_sheet(
    book: &Book,
    what: ExportKind,
    as_of: Option<NaiveDate>,
    by: Option<&str>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    schedule_ii: bool,
) -> anyhow::Result<Sheet> {
    let snapshots = book.snapshots()?;
    let (Some(first), Some(last)) = (snapshots.first(), snapshots.last()) else {
        bail!("the book has no snapshots to export");
    };
    let as_of = as_of.unwrap_or(last.as_of);
    let group = |default: &str| by.unwrap_or(default).to_lowercase();
    Ok(match what {
        ExportKind::Aging | ExportKind::Allowance => {
            let by = match group("type").as_str() {
                "type" => GroupBy::Type,
                "customer" => GroupBy::Customer,
                other => bail!("--by must be type or customer, not '{other}'"),
            };
            let measure = if what == ExportKind::Aging {
                Measure::Amounts
            } else {
                Measure::Allowance
            };
            aging_sheet(&AgingReport::build(&book.assess(as_of)?, measure, by))
        }
        ExportKind::Rollforward => {
            let (from, to) = (from.unwrap_or(first.as_of), to.unwrap_or(last.as_of));
            let history = history_with_progress(book)?;
            if schedule_ii {
                let dates: Vec<NaiveDate> = snapshots.iter().map(|s| s.as_of).collect();
                let periods = schedule_ii_ranges(&dates, from, to)
                    .into_iter()
                    .map(|(a, b)| book.rollforward_of(&history, a, b))
                    .collect::<Result<Vec<_>, _>>()?;
                schedule_ii_sheet(&periods)
            } else {
                let group = match group("type").as_str() {
                    "total" => RollGroup::Total,
                    "type" => RollGroup::Type,
                    "customer" => RollGroup::Customer,
                    other => bail!("--by must be total, type or customer, not '{other}'"),
                };
                rollforward_sheet(&book.rollforward_of(&history, from, to)?, group)
            }
        }
        ExportKind::Customers => {
            let history = history_with_progress(book)?;
            let at = history
                .index_of(as_of)
                .with_context(|| format!("no snapshot as of {as_of}"))?;
            let rows = review_rows(&history, at, &AlertSettings::default());
            customers_sheet(&rows, &history.assessments[at].bucket_labels, as_of)
        }
    })
}

/// A progress bar on standard error when it is a terminal, and nothing on a pipe or a
/// file (so scripts read only what they asked for).
fn progress_bar(len: u64, template: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}

/// The book's history, with a bar over its snapshots on a terminal.
fn history_with_progress(book: &Book) -> anyhow::Result<crate::book::BookHistory> {
    let bar = progress_bar(0, "{bar:40} {pos}/{len} · assessing the snapshots");
    let history = book.history(&mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    Ok(history?)
}

/// The `alerts` output: the rows of [`AlertsReport`], built from the book's history.
pub fn alerts_output(
    book: &Book,
    as_of: NaiveDate,
    settings: &AlertSettings,
    format: Format,
) -> anyhow::Result<String> {
    let history = history_with_progress(book)?;
    let at = history
        .index_of(as_of)
        .with_context(|| format!("no snapshot as of {as_of}"))?;
    let report = AlertsReport::at(&history, at, settings)
        .with_context(|| format!("no snapshot as of {as_of}"))?;
    Ok(match format {
        Format::Json => serde_json::to_string_pretty(&report.to_json())? + "\n",
        Format::Csv => report.to_csv(),
        Format::Table => report.to_table(),
    })
}

/// The `verify` output: each check and what it found (rows from [`crate::report::audit`]).
pub fn verify_output(db: &Path, report: &VerifyReport, format: Format) -> anyhow::Result<String> {
    match format {
        Format::Json => Ok(serde_json::to_string_pretty(report)? + "\n"),
        Format::Csv => bail!("verify prints a table or JSON (--format table|json)"),
        Format::Table => Ok(verify_table(db, report)),
    }
}

/// The `audit` output: the rows, with a short summary of each change (rows from
/// [`crate::report::audit`], the same the window's audit screen shows and exports).
pub fn audit_output(rows: &[AuditEntry], format: Format) -> anyhow::Result<String> {
    Ok(match format {
        Format::Json => serde_json::to_string_pretty(&audit_json(rows))? + "\n",
        Format::Csv => audit_csv(rows),
        Format::Table => audit_table(rows),
    })
}

/// `100`, `100%` and `37.5` are percentages; the result is a fraction.
fn parse_percent(text: &str) -> anyhow::Result<Decimal> {
    let number = text.trim().trim_end_matches('%').trim();
    let value: Decimal = number
        .parse()
        .with_context(|| format!("--percent '{text}' is not a number"))?;
    Ok(value / Decimal::ONE_HUNDRED)
}

fn report(db: &Path, user: &str, args: &ReportArgs, measure: Measure) -> anyhow::Result<String> {
    let book = open(db, user)?;
    let assessment = book.assess(args.as_of)?;
    Ok(AgingReport::build(&assessment, measure, args.by).render(args.format))
}

/// The `policy show` output.
pub fn policy_output(
    book: &Book,
    as_of: Option<NaiveDate>,
    format: Format,
) -> anyhow::Result<String> {
    let matrix = book.policy(as_of)?;
    let table = crate::report::policy::policy_table(&matrix);
    Ok(match format {
        Format::Csv => policy_to_csv(&matrix),
        Format::Json => serde_json::to_string_pretty(&table.to_json())? + "\n",
        Format::Table => {
            let mut headers = vec![("Type".to_string(), Align::Left)];
            headers.extend(
                table
                    .buckets
                    .iter()
                    .map(|l| (display_label(l), Align::Right)),
            );
            let mut t = TextTable::new(headers);
            for row in &table.rows {
                let mut cells = vec![match &row.customer_type {
                    None => "* (all others)".to_string(),
                    Some(name) => name.to_string(),
                }];
                cells.extend(row.rates.iter().map(|rate| format_rate(*rate)));
                t.row(cells);
            }
            format!(
                "Provision matrix in force from {}, aged by {}\n\n{}",
                table.effective,
                table.basis.as_str().replace('_', " "),
                t.render()
            )
        }
    })
}

fn generate_files(command: GenerateCommand) -> anyhow::Result<()> {
    match command {
        GenerateCommand::Fixtures { out } => {
            std::fs::create_dir_all(&out)?;
            for file in generate::fixture_files() {
                std::fs::write(out.join(&file.name), &file.contents)?;
            }
            eprintln!("wrote the fixtures to {}", out.display());
        }
        GenerateCommand::Ledger {
            items,
            customers,
            as_of,
            seed,
            shape,
            order,
            out,
        } => {
            let spec = generate::LedgerSpec {
                customers,
                items,
                as_of,
                seed,
            };
            let layout = generate::Layout {
                shape: match shape {
                    ShapeArg::Canonical => generate::Shape::Canonical,
                    ShapeArg::Erp => generate::Shape::Erp,
                },
                order: match order {
                    OrderArg::Customer => generate::RowOrder::ByCustomer,
                    OrderArg::Date => generate::RowOrder::ByDate,
                },
            };
            let file = std::fs::File::create(&out)
                .with_context(|| format!("cannot create {}", out.display()))?;
            generate::write_ledger_as(&spec, layout, std::io::BufWriter::new(file))?;
            eprintln!("wrote {items} open items to {}", out.display());
        }
        GenerateCommand::Monthly {
            months,
            items,
            last,
            seed,
            out,
        } => {
            std::fs::create_dir_all(&out)?;
            let files = generate::write_monthly_ledgers(&out, months, items, last, seed)?;
            eprintln!("wrote {} ledgers to {}", files.len(), out.display());
        }
    }
    Ok(())
}
