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

use crate::book::Book;
use crate::domain::aging::{AgingBasis, display_label};
use crate::domain::alerts::{Alert, AlertSettings};
use crate::domain::collection::{CollectionNote, NoteAction};
use crate::domain::customer_type::CustomerType;
use crate::domain::date::parse_date;
use crate::domain::money::{Money, NegativeStyle, format_rate};
use crate::domain::policy::SpecificBasis;
use crate::domain::writeoff::{ReasonCategory, Transition, WriteOff, WriteOffState};
use crate::generate;
use crate::import::policy::policy_to_csv;
use crate::integrity::change_summary;
use crate::report::Format;
use crate::report::aging::{AgingReport, GroupBy, Measure};
use crate::report::export::{
    Cell, Sheet, aging_sheet, customers_sheet, rollforward_sheet, schedule_ii_sheet,
};
use crate::report::memo::Memo;
use crate::report::pdf::{Paper, memo_pdf};
use crate::report::review::{ReviewRow, review_rows};
use crate::report::rollforward::RollGroup;
use crate::report::table::{Align, TextTable};
use crate::store::{AuditEntry, AuditFilter, VerifyReport};

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

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a book from the bundled fixtures (18 month ends, 2016-01 to 2017-06).
    Demo,
    /// Import a month-end ledger (canonical CSV) as a snapshot.
    Import {
        /// The CSV file.
        file: PathBuf,
        /// The as-of date; read from the file name when omitted (ar_2016-12-31.csv).
        #[arg(long, value_parser = date_arg, value_name = "DATE")]
        as_of: Option<NaiveDate>,
        /// Replace the snapshot of the same date (or the same content).
        #[arg(long)]
        replace: bool,
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

/// The book used when `--db` is not given: `agebook.db` in the user's data directory.
pub fn default_book_path() -> PathBuf {
    directories::ProjectDirs::from("", "", "Agebook")
        .map(|d| d.data_dir().join("agebook.db"))
        .unwrap_or_else(|| PathBuf::from("agebook.db"))
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
        Command::Import {
            file,
            as_of,
            replace,
        } => {
            let mut book = open(db, user)?;
            let outcome = book.import_file(&file, as_of, replace, &mut |_| {}, &no_cancel)?;
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
            // The import is done: a reconciliation that cannot be computed is a note,
            // not a failure.
            match book.reconcile(s.as_of) {
                Ok(r) => eprint!("{}", r.text(NegativeStyle::Minus)),
                Err(e) => eprintln!("note: no reconciliation against the prior snapshot: {e:#}"),
            }
            const SHOWN: usize = 50;
            for w in outcome.warnings.iter().take(SHOWN) {
                eprintln!("warning: {w}");
            }
            if outcome.warnings.len() > SHOWN {
                eprintln!("warning: ... and {} more", outcome.warnings.len() - SHOWN);
            }
        }
        Command::Snapshots { format } => {
            let book = open(db, user)?;
            print!("{}", snapshots_output(&book, format)?);
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
            print!("{}", notes_output(&notes, format)?);
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
        WriteoffCommand::Memo { id, out, paper } => {
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
                Some("md") | Some("markdown") => memo.to_markdown().into_bytes(),
                Some("pdf") => memo_pdf(&memo, paper)?,
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
            let history = book.history(&mut |_, _| {})?;
            if schedule_ii {
                let mut periods = Vec::new();
                let mut start = from;
                for s in snapshots.iter().filter(|s| s.as_of > from && s.as_of <= to) {
                    let year_end = snapshots
                        .iter()
                        .filter(|x| {
                            chrono::Datelike::year(&x.as_of) == chrono::Datelike::year(&s.as_of)
                        })
                        .map(|x| x.as_of)
                        .max();
                    if Some(s.as_of) == year_end || s.as_of == to {
                        periods.push(book.rollforward_of(&history, start, s.as_of)?);
                        start = s.as_of;
                    }
                }
                if periods.is_empty() {
                    periods.push(book.rollforward_of(&history, from, to)?);
                }
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
            let history = book.history(&mut |_, _| {})?;
            let at = history
                .index_of(as_of)
                .with_context(|| format!("no snapshot as of {as_of}"))?;
            let rows = review_rows(&history, at, &AlertSettings::default());
            customers_sheet(&rows, &history.assessments[at].bucket_labels, as_of)
        }
    })
}

/// The `alerts` output.
pub fn alerts_output(
    book: &Book,
    as_of: NaiveDate,
    settings: &AlertSettings,
    format: Format,
) -> anyhow::Result<String> {
    let history = book.history(&mut |_, _| {})?;
    let at = history
        .index_of(as_of)
        .with_context(|| format!("no snapshot as of {as_of}"))?;
    let rows = review_rows(&history, at, settings);
    let flagged: Vec<&ReviewRow> = rows.iter().filter(|r| !r.alerts.is_empty()).collect();
    let detail = |a: &Alert| match a {
        Alert::TradingAfterWriteOff {
            write_off_date,
            amount,
        } => {
            format!(
                "{} open on documents dated after the write-off of {write_off_date}",
                amount.grouped(NegativeStyle::Minus)
            )
        }
        Alert::WrittenOffStillOpen { amount, documents } => {
            format!(
                "{} still open on {}",
                amount.grouped(NegativeStyle::Minus),
                documents.join(", ")
            )
        }
        Alert::NoRecentNote {
            oldest_days,
            last_note,
        } => format!(
            "oldest item {oldest_days} days past due; last note {}",
            last_note.map_or_else(|| "never".to_string(), |d| d.to_string())
        ),
        Alert::RelatedParty { balance } => format!(
            "balance {} to disclose",
            balance.grouped(NegativeStyle::Minus)
        ),
    };
    Ok(match format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = flagged
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "customer_id": r.customer_id,
                        "name": r.name,
                        "customer_type": r.customer_type,
                        "balance": r.balance,
                        "alerts": r.alerts,
                    })
                })
                .collect();
            serde_json::to_string_pretty(&serde_json::json!({ "as_of": as_of, "rows": rows }))?
                + "\n"
        }
        Format::Csv => {
            let rows = flagged
                .iter()
                .flat_map(|r| {
                    r.alerts.iter().map(|a| {
                        vec![
                            Cell::Text(r.customer_id.clone()),
                            Cell::Text(r.name.clone()),
                            Cell::Text(r.customer_type.clone()),
                            Cell::Text(a.label().to_string()),
                            Cell::Text(detail(a)),
                        ]
                    })
                })
                .collect();
            Sheet::csv(
                &["customer_id", "name", "customer_type", "alert", "detail"],
                rows,
            )
        }
        Format::Table => {
            let mut t = TextTable::new(vec![
                ("Customer".into(), Align::Left),
                ("Name".into(), Align::Left),
                ("Alert".into(), Align::Left),
                ("Detail".into(), Align::Left),
            ]);
            for r in &flagged {
                for a in &r.alerts {
                    t.row(vec![
                        r.customer_id.clone(),
                        r.name.clone(),
                        a.label().to_string(),
                        detail(a),
                    ]);
                }
            }
            format!(
                "Alerts as of {as_of}: {} customers\n\n{}",
                flagged.len(),
                t.render()
            )
        }
    })
}

/// The `activity` output.
pub fn activity_output(book: &Book, id: &str, format: Format) -> anyhow::Result<String> {
    let history = book.history(&mut |_, _| {})?;
    let periods = history
        .activity
        .periods
        .get(id)
        .with_context(|| format!("customer '{id}' has no documents in any snapshot"))?;
    let balances: Vec<Money> = history
        .assessments
        .iter()
        .map(|a| {
            a.customers
                .iter()
                .find(|c| c.customer_id == id)
                .map_or(Money::ZERO, |c| c.balance)
        })
        .collect();
    let write_offs: Vec<WriteOff> = book
        .write_offs(Some(WriteOffState::Posted))?
        .into_iter()
        .filter(|w| w.customer_id == id)
        .collect();
    let recoveries: Vec<_> = book
        .recoveries()?
        .into_iter()
        .filter(|r| r.customer_id == id)
        .collect();
    let last_write_off = write_offs.iter().map(|w| w.date).max();
    let mut years: std::collections::BTreeMap<i32, Money> = std::collections::BTreeMap::new();
    for (d, a) in history.activity.billings.get(id).into_iter().flatten() {
        *years
            .entry(chrono::Datelike::year(d))
            .or_insert(Money::ZERO) += *a;
    }
    let after = last_write_off.map(|d| history.activity.billed_between(id, d.succ_opt(), None));
    // Recoveries are cash on balances already written off: not in the ledger's
    // movements, so each period shows those dated in it, (previous as-of, as-of].
    let recovered_in = |i: usize| -> Money {
        let (Some(from), Some(to)) = (
            history.snapshots.get(i.wrapping_sub(1)).map(|s| s.as_of),
            history.snapshots.get(i).map(|s| s.as_of),
        ) else {
            return Money::ZERO;
        };
        recoveries
            .iter()
            .filter(|r| r.date > from && r.date <= to)
            .map(|r| r.amount)
            .sum()
    };
    Ok(match format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = history
                .snapshots
                .iter()
                .enumerate()
                .skip(1)
                .map(|(i, s)| {
                    let p = &periods[i];
                    serde_json::json!({
                        "as_of": s.as_of,
                        "billings": p.billings,
                        "collections": p.collections,
                        "write_offs": p.write_offs,
                        "adjustments": p.adjustments,
                        "recoveries": recovered_in(i),
                        "balance": balances[i],
                    })
                })
                .collect();
            let by_year: serde_json::Map<String, serde_json::Value> = years
                .iter()
                .map(|(y, a)| (y.to_string(), serde_json::json!(a)))
                .collect();
            serde_json::to_string_pretty(&serde_json::json!({
                "customer_id": id,
                "rows": rows,
                "billings_by_year": by_year,
                "last_write_off": last_write_off,
                "billed_after_write_off": after,
                "recoveries": recoveries,
            }))? + "\n"
        }
        Format::Csv => {
            let rows = history
                .snapshots
                .iter()
                .enumerate()
                .skip(1)
                .map(|(i, s)| {
                    let p = &periods[i];
                    vec![
                        Cell::Text(id.to_string()),
                        Cell::Date(s.as_of),
                        Cell::Money(p.billings),
                        Cell::Money(p.collections),
                        Cell::Money(p.write_offs),
                        Cell::Money(p.adjustments),
                        Cell::Money(recovered_in(i)),
                        Cell::Money(balances[i]),
                    ]
                })
                .collect();
            Sheet::csv(
                &[
                    "customer_id",
                    "as_of",
                    "billings",
                    "collections",
                    "write_offs",
                    "adjustments",
                    "recoveries",
                    "balance",
                ],
                rows,
            )
        }
        Format::Table => {
            let mut t = TextTable::new(vec![
                ("Period to".into(), Align::Left),
                ("Billings".into(), Align::Right),
                ("Collections".into(), Align::Right),
                ("Write-offs".into(), Align::Right),
                ("Adjustments".into(), Align::Right),
                ("Balance".into(), Align::Right),
            ]);
            let style = NegativeStyle::Minus;
            for (i, s) in history.snapshots.iter().enumerate().skip(1) {
                let p = &periods[i];
                t.row(vec![
                    s.as_of.to_string(),
                    p.billings.grouped(style),
                    p.collections.grouped(style),
                    p.write_offs.grouped(style),
                    p.adjustments.grouped(style),
                    balances[i].grouped(style),
                ]);
            }
            let mut out = format!("Activity of {id} ({})\n\n{}", history.currency, t.render());
            out.push_str("\nBilled by year (document date):");
            for (y, a) in &years {
                out.push_str(&format!("  {y}: {}", a.grouped(style)));
            }
            out.push('\n');
            if let (Some(d), Some(a)) = (last_write_off, after) {
                out.push_str(&format!(
                    "Billed after the write-off of {d}: {}\n",
                    a.grouped(style)
                ));
            }
            for r in &recoveries {
                out.push_str(&format!(
                    "Recovered {} on {} ({})\n",
                    r.amount.grouped(style),
                    r.date,
                    r.note
                ));
            }
            out
        }
    })
}

/// `100`, `100%` and `37.5` are percentages; the result is a fraction.
/// One line saying what a verification checked and found.
fn verified_line(report: &VerifyReport) -> String {
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
        "verified: integrity ok, {chain}, {} posted write-offs agree with their audit rows",
        report.write_offs.checked
    )
}

/// The `verify` output: each check and what it found.
pub fn verify_output(db: &Path, report: &VerifyReport, format: Format) -> anyhow::Result<String> {
    match format {
        Format::Json => Ok(serde_json::to_string_pretty(report)? + "\n"),
        Format::Csv => bail!("verify prints a table or JSON (--format table|json)"),
        Format::Table => {
            let mut out = format!("Book {} (schema {})\n", db.display(), report.schema_version);
            let status = |ok: bool| if ok { "ok" } else { "FAILED" };
            out += &format!("  integrity_check     {}\n", status(report.integrity.ok));
            if !report.integrity.ok {
                for m in &report.integrity.messages {
                    out += &format!("      {m}\n");
                }
            }
            let chain = &report.audit_chain;
            let head = match (&chain.head, chain.present) {
                (_, false) => " (this schema has no chain)".to_string(),
                (Some(h), true) => format!(", head row {} {}", h.id, h.hash),
                (None, true) => String::new(),
            };
            out += &format!(
                "  audit chain         {}: {} rows{head}\n",
                status(chain.ok),
                chain.rows
            );
            for f in &chain.failures {
                out += &format!("      {f}\n");
            }
            let w = &report.write_offs;
            out += &format!(
                "  posted write-offs   {}: {} checked against their audit rows\n",
                status(w.ok),
                w.checked
            );
            for f in &w.failures {
                out += &format!("      {f}\n");
            }
            for n in &report.not_checked {
                out += &format!("  {n}\n");
            }
            out += if report.ok {
                "The book verifies.\n"
            } else {
                "The book does NOT verify.\n"
            };
            Ok(out)
        }
    }
}

/// The `audit` output: the rows, with a short summary of each change.
pub fn audit_output(rows: &[AuditEntry], format: Format) -> anyhow::Result<String> {
    let json = |text: &Option<String>| match text {
        None => serde_json::Value::Null,
        Some(t) => serde_json::from_str(t).unwrap_or_else(|_| serde_json::Value::String(t.clone())),
    };
    Ok(match format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = rows
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
                        "before": json(&e.before),
                        "after": json(&e.after),
                        "prev_hash": e.prev_hash,
                        "hash": e.hash,
                    })
                })
                .collect();
            serde_json::to_string_pretty(&serde_json::json!({ "rows": rows }))? + "\n"
        }
        Format::Csv => {
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
            Sheet::csv(
                &[
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
                ],
                rows,
            )
        }
        Format::Table => {
            if rows.is_empty() {
                return Ok("No audit rows.\n".to_string());
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
    })
}

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

/// The `snapshots` output.
pub fn snapshots_output(book: &Book, format: Format) -> anyhow::Result<String> {
    let snapshots = book.snapshots()?;
    let currency = book.settings()?.currency;
    Ok(match format {
        Format::Json => {
            let doc = serde_json::json!({ "currency": currency, "rows": snapshots });
            serde_json::to_string_pretty(&doc)? + "\n"
        }
        Format::Csv => {
            let rows = snapshots
                .iter()
                .map(|s| {
                    vec![
                        Cell::Date(s.as_of),
                        Cell::Text(s.source_name.clone()),
                        Cell::Int(s.row_count),
                        Cell::Money(s.total),
                        Cell::Money(s.debits),
                        Cell::Money(s.credits),
                        Cell::Text(s.content_hash.clone()),
                        Cell::Text(s.imported_at.clone()),
                        Cell::Text(s.imported_by.clone()),
                    ]
                })
                .collect();
            Sheet::csv(
                &[
                    "as_of",
                    "source_name",
                    "row_count",
                    "total",
                    "debits",
                    "credits",
                    "content_hash",
                    "imported_at",
                    "imported_by",
                ],
                rows,
            )
        }
        Format::Table => {
            let mut t = TextTable::new(vec![
                ("As of".into(), Align::Left),
                ("Source".into(), Align::Left),
                ("Items".into(), Align::Right),
                (format!("Total {currency}"), Align::Right),
                ("Debits".into(), Align::Right),
                ("Credits".into(), Align::Right),
                ("Imported".into(), Align::Left),
            ]);
            let style = NegativeStyle::Minus;
            for s in &snapshots {
                t.row(vec![
                    s.as_of.to_string(),
                    s.source_name.clone(),
                    s.row_count.to_string(),
                    s.total.grouped(style),
                    s.debits.grouped(style),
                    s.credits.grouped(style),
                    format!(
                        "{} by {}",
                        s.imported_at.replace('T', " ").trim_end_matches('Z'),
                        s.imported_by
                    ),
                ]);
            }
            if snapshots.is_empty() {
                "The book has no snapshots yet: `agebook import FILE` adds one.\n".to_string()
            } else {
                t.render()
            }
        }
    })
}

/// The `customer notes` output.
pub fn notes_output(notes: &[CollectionNote], format: Format) -> anyhow::Result<String> {
    Ok(match format {
        Format::Json => serde_json::to_string_pretty(&serde_json::json!({ "rows": notes }))? + "\n",
        Format::Csv => {
            let rows = notes
                .iter()
                .map(|n| {
                    vec![
                        Cell::Int(n.id),
                        Cell::Text(n.customer_id.clone()),
                        Cell::Date(n.date),
                        Cell::Text(n.author.clone()),
                        Cell::Text(n.action.to_string()),
                        Cell::Text(n.outcome.clone()),
                        Cell::Text(n.text.clone()),
                    ]
                })
                .collect();
            Sheet::csv(
                &[
                    "id",
                    "customer_id",
                    "date",
                    "author",
                    "action",
                    "outcome",
                    "text",
                ],
                rows,
            )
        }
        Format::Table => {
            let mut t = TextTable::new(vec![
                ("Date".into(), Align::Left),
                ("Action".into(), Align::Left),
                ("By".into(), Align::Left),
                ("Outcome".into(), Align::Left),
                ("Note".into(), Align::Left),
            ]);
            for n in notes {
                t.row(vec![
                    n.date.to_string(),
                    n.action.to_string(),
                    n.author.clone(),
                    n.outcome.clone(),
                    n.text.clone(),
                ]);
            }
            t.render()
        }
    })
}

/// The `policy show` output.
pub fn policy_output(
    book: &Book,
    as_of: Option<NaiveDate>,
    format: Format,
) -> anyhow::Result<String> {
    let matrix = book.policy(as_of)?;
    let labels = matrix.buckets.labels();
    let rows: Vec<(String, &Vec<Decimal>)> = matrix
        .rates
        .iter()
        .map(|(t, r)| (t.to_string(), r))
        .chain(matrix.fallback.iter().map(|r| ("*".to_string(), r)))
        .collect();
    Ok(match format {
        Format::Csv => policy_to_csv(&matrix),
        Format::Json => {
            let mut rates = serde_json::Map::new();
            for (t, r) in &rows {
                let mut row = serde_json::Map::new();
                for (label, rate) in labels.iter().zip(r.iter()) {
                    row.insert(
                        label.clone(),
                        serde_json::Value::String(rate.normalize().to_string()),
                    );
                }
                rates.insert(t.clone(), serde_json::Value::Object(row));
            }
            let doc = serde_json::json!({
                "effective": matrix.effective,
                "basis": matrix.basis.as_str(),
                "buckets": labels,
                "rates": rates,
            });
            serde_json::to_string_pretty(&doc)? + "\n"
        }
        Format::Table => {
            let mut headers = vec![("Type".to_string(), Align::Left)];
            headers.extend(labels.iter().map(|l| (display_label(l), Align::Right)));
            let mut t = TextTable::new(headers);
            for (name, r) in &rows {
                let mut cells = vec![if name == "*" {
                    "* (all others)".to_string()
                } else {
                    name.clone()
                }];
                cells.extend(r.iter().map(|rate| format_rate(*rate)));
                t.row(cells);
            }
            format!(
                "Provision matrix in force from {}, aged by {}\n\n{}",
                matrix.effective,
                matrix.basis.as_str().replace('_', " "),
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
            out,
        } => {
            let spec = generate::LedgerSpec {
                customers,
                items,
                as_of,
                seed,
            };
            let file = std::fs::File::create(&out)
                .with_context(|| format!("cannot create {}", out.display()))?;
            generate::write_ledger(&spec, std::io::BufWriter::new(file))?;
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
