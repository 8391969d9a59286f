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
use crate::domain::collection::{CollectionNote, NoteAction};
use crate::domain::customer_type::CustomerType;
use crate::domain::date::parse_date;
use crate::domain::money::{Money, NegativeStyle, format_rate};
use crate::domain::policy::SpecificBasis;
use crate::generate;
use crate::import::policy::policy_to_csv;
use crate::report::Format;
use crate::report::aging::{AgingReport, GroupBy, Measure};
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
    /// Who is working, for the audit log. Default: the login name.
    #[arg(long, global = true, env = "AGEBOOK_USER", value_name = "NAME")]
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
        Command::Generate(g) => generate_files(g)?,
    }
    Ok(())
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
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record([
                "as_of",
                "source_name",
                "row_count",
                "total",
                "debits",
                "credits",
                "content_hash",
                "imported_at",
                "imported_by",
            ])?;
            for s in &snapshots {
                w.write_record([
                    s.as_of.to_string(),
                    crate::report::neutralise(&s.source_name).into_owned(),
                    s.row_count.to_string(),
                    s.total.to_string(),
                    s.debits.to_string(),
                    s.credits.to_string(),
                    s.content_hash.clone(),
                    s.imported_at.clone(),
                    crate::report::neutralise(&s.imported_by).into_owned(),
                ])?;
            }
            String::from_utf8(w.into_inner()?)?
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
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record([
                "id",
                "customer_id",
                "date",
                "author",
                "action",
                "outcome",
                "text",
            ])?;
            for n in notes {
                w.write_record([
                    n.id.to_string(),
                    n.customer_id.clone(),
                    n.date.to_string(),
                    crate::report::neutralise(&n.author).into_owned(),
                    n.action.to_string(),
                    crate::report::neutralise(&n.outcome).into_owned(),
                    crate::report::neutralise(&n.text).into_owned(),
                ])?;
            }
            String::from_utf8(w.into_inner()?)?
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
