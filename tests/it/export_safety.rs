//! Exports a spreadsheet or a Markdown reader can trust: a book whose customer ids,
//! names, document numbers, notes, narratives and user names look like formulas and
//! markup, exported every way the command line can, read back (csv crate, calamine)
//! with no cell a spreadsheet would run, numbers still numbers; and the memo's Markdown
//! with that text escaped, no heading or table row added.

use std::path::{Path, PathBuf};

use agebook::Book;
use agebook::Money;
use agebook::domain::collection::NoteAction;
use agebook::domain::writeoff::{ReasonCategory, Transition, WriteOffState};
use calamine::{Data, Reader, open_workbook_auto};
use chrono::NaiveDate;

use crate::support::import_bytes;
use crate::support::ok;

const EVIL_ID: &str = "=HYPERLINK(\"x\")";
const EVIL_NAME: &str = "+SUM(A1)";
const EVIL_DOC: &str = "-2+3";
const NARRATIVE: &str =
    "# Approved\n| x | y |\n<img src=x onerror=alert(1)>[click](http://evil)\n=cmd|' /C calc'!A0";

const NOVEMBER: &str =
    "customer_id,customer_name,customer_type,document_no,document_date,due_date,open_amount
\"=HYPERLINK(\"\"x\"\")\",+SUM(A1),private,-2+3,2015-01-10,2015-02-09,1500.00
\"=HYPERLINK(\"\"x\"\")\",+SUM(A1),private,@INV-1,2016-10-10,2016-11-09,-200.00
@R1,-Related Co,related_party,=1+1,2016-10-01,2016-10-31,1000.00
C3,Plain Ltd,private,INV-3,2016-11-01,2016-12-01,300.00
";

/// December: the written-off document still listed, and new billing after the write-off.
const DECEMBER: &str =
    "customer_id,customer_name,customer_type,document_no,document_date,due_date,open_amount
\"=HYPERLINK(\"\"x\"\")\",+SUM(A1),private,-2+3,2015-01-10,2015-02-09,1500.00
\"=HYPERLINK(\"\"x\"\")\",+SUM(A1),private,@INV-1,2016-10-10,2016-11-09,-200.00
\"=HYPERLINK(\"\"x\"\")\",+SUM(A1),private,+NEW,2016-12-25,2017-01-24,700.00
@R1,-Related Co,related_party,=1+1,2016-10-01,2016-10-31,1000.00
C3,Plain Ltd,private,INV-3,2016-11-01,2016-12-01,300.00
";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn m(s: &str) -> Money {
    Money::parse(s).unwrap()
}

/// The book: two ledgers imported from files named like formulas, a note, a posted
/// write-off of the formula-like document, a recovery and an adjustment, by users whose
/// names look like formulas too.
fn hostile_book(dir: &Path) -> PathBuf {
    let path = dir.join("book.db");
    let mut book = Book::open(&path, "@amy").unwrap();
    import_bytes(&mut book, NOVEMBER.as_bytes(), "=cmd_2016-11-30.csv").unwrap();
    import_bytes(&mut book, DECEMBER.as_bytes(), "+x_2016-12-31.csv").unwrap();
    book.add_note(
        EVIL_ID,
        d("2016-12-01"),
        NoteAction::Call,
        "+promised to pay",
        "@cmd",
    )
    .unwrap();
    book.set_approver("-bob", m("1000000"), None).unwrap();
    let id = book
        .propose_write_off(
            EVIL_ID,
            d("2016-12-15"),
            ReasonCategory::Dispute,
            NARRATIVE,
            &[(EVIL_DOC.to_string(), None)],
        )
        .unwrap();
    book.transition_write_off(id, Transition::Submit).unwrap();
    book.set_user("-bob");
    let approved = book.transition_write_off(id, Transition::Approve).unwrap();
    assert_eq!(approved.state, WriteOffState::Approved);
    book.set_user("@amy");
    book.transition_write_off(id, Transition::Post).unwrap();
    book.record_recovery(EVIL_ID, m("100.00"), d("2016-12-28"), "=note")
        .unwrap();
    book.record_adjustment(EVIL_ID, m("-50.00"), d("2016-12-30"), "-adjust")
        .unwrap();
    path
}

/// A plain decimal such as `-1234.50`: a number, which a spreadsheet reads as one.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// A text cell a spreadsheet would run as a formula (or that could start one).
fn would_run(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(cell)
}

/// Reads CSV text back and checks every cell; returns the cells.
fn check_csv(what: &str, text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert!(rows.len() > 1, "{what}: a header and rows\n{text}");
    for cell in rows.iter().flatten() {
        assert!(!would_run(cell), "{what}: cell {cell:?} would run\n{text}");
        // Numbers stay numbers: an apostrophe only ever goes before text.
        if let Some(rest) = cell.strip_prefix('\'') {
            assert!(!is_plain_number(rest), "{what}: number {cell:?} quoted");
        }
    }
    rows
}

fn has_cell(rows: &[Vec<String>], cell: &str) -> bool {
    rows.iter().flatten().any(|c| c == cell)
}

/// Reads an XLSX file back and checks every cell; returns the text cells and how many
/// numbers it holds.
fn check_xlsx(path: &Path) -> (Vec<String>, Vec<f64>) {
    let mut wb = open_workbook_auto(path).unwrap();
    let mut texts = Vec::new();
    let mut numbers = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        for cell in range.used_cells().map(|(_, _, c)| c) {
            match cell {
                Data::String(s) => {
                    assert!(!would_run(s), "{}: cell {s:?} would run", path.display());
                    texts.push(s.clone());
                }
                Data::Float(f) => numbers.push(*f),
                Data::Int(i) => numbers.push(*i as f64),
                _ => {}
            }
        }
        let formulas = wb.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{}: no formulas",
            path.display()
        );
    }
    (texts, numbers)
}

#[test]
fn every_csv_and_xlsx_export_holds_no_cell_a_spreadsheet_would_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = hostile_book(dir.path());
    let run = |args: &[&str]| ok(&db, args);
    let out = |name: &str| dir.path().join(name);
    let exports: [(&str, Vec<&str>); 6] = [
        ("aging", vec!["--as-of", "2016-12-31", "--by", "customer"]),
        (
            "allowance",
            vec!["--as-of", "2016-12-31", "--by", "customer"],
        ),
        ("aging", vec!["--as-of", "2016-12-31", "--by", "type"]),
        (
            "rollforward",
            vec![
                "--from",
                "2016-11-30",
                "--to",
                "2016-12-31",
                "--by",
                "customer",
            ],
        ),
        ("rollforward", vec!["--schedule-ii"]),
        ("customers", vec!["--as-of", "2016-12-31"]),
    ];
    for (i, (what, extra)) in exports.iter().enumerate() {
        for ext in ["csv", "xlsx"] {
            let file = out(&format!("{what}-{i}.{ext}"));
            let mut args = vec!["export", *what, "--out", file.to_str().unwrap()];
            args.extend(extra.iter().copied());
            run(&args);
            if ext == "csv" {
                let rows = check_csv(
                    &format!("export {what} {extra:?}"),
                    &std::fs::read_to_string(&file).unwrap(),
                );
                if extra.contains(&"customer") || *what == "customers" {
                    assert!(has_cell(&rows, &format!("'{EVIL_ID}")), "{what}: {rows:?}");
                    assert!(
                        has_cell(&rows, &format!("'{EVIL_NAME}")),
                        "{what}: {rows:?}"
                    );
                }
            } else {
                let (texts, numbers) = check_xlsx(&file);
                assert!(!numbers.is_empty(), "{what}: amounts are numbers");
                if extra.contains(&"customer") || *what == "customers" {
                    assert!(texts.contains(&format!("'{EVIL_ID}")), "{what}: {texts:?}");
                }
            }
        }
    }
    // A credit stays a negative number, in CSV and in XLSX.
    let aging_csv = check_csv(
        "export aging by customer",
        &std::fs::read_to_string(out("aging-0.csv")).unwrap(),
    );
    assert!(has_cell(&aging_csv, "-200.00"), "{aging_csv:?}");
    let (_, numbers) = check_xlsx(&out("aging-0.xlsx"));
    assert!(numbers.contains(&-200.0), "{numbers:?}");

    // Every CSV the commands print.
    let printed: [(&str, Vec<&str>); 10] = [
        (
            "aging",
            vec!["aging", "--as-of", "2016-12-31", "--by", "customer"],
        ),
        (
            "allowance",
            vec!["allowance", "--as-of", "2016-12-31", "--by", "customer"],
        ),
        (
            "rollforward",
            vec![
                "rollforward",
                "--from",
                "2016-11-30",
                "--to",
                "2016-12-31",
                "--by",
                "customer",
            ],
        ),
        ("writeoff list", vec!["writeoff", "list"]),
        ("alerts", vec!["alerts", "--as-of", "2016-12-31"]),
        ("alerts (related)", vec!["alerts", "--as-of", "2016-11-30"]),
        ("activity", vec!["activity", EVIL_ID]),
        ("snapshots", vec!["snapshots"]),
        ("notes", vec!["customer", "notes", EVIL_ID]),
        ("policy", vec!["policy", "show"]),
    ];
    for (what, mut args) in printed {
        args.extend(["--format", "csv"]);
        let rows = check_csv(what, &run(&args));
        let expect: &[&str] = match what {
            "aging" | "allowance" | "rollforward" => &[EVIL_ID, EVIL_NAME, "-Related Co", "@R1"],
            "writeoff list" => &[EVIL_ID, "@amy", "-bob"],
            "alerts" | "alerts (related)" => &[EVIL_ID, EVIL_NAME],
            "activity" => &[EVIL_ID],
            "snapshots" => &["=cmd_2016-11-30.csv", "+x_2016-12-31.csv", "@amy"],
            "notes" => &[EVIL_ID, "@amy", "+promised to pay", "@cmd"],
            _ => &[],
        };
        for text in expect {
            assert!(
                has_cell(&rows, &format!("'{text}")),
                "{what}: '{text} in {rows:?}"
            );
        }
    }
}

#[test]
fn writeoff_list_and_alerts_csv_neutralised_every_text_cell_but_the_customer_id() {
    // The bug: both wrote `customer_id` as it came, so a ledger could put a formula in
    // the first column of the sheet an auditor opens.
    let dir = tempfile::tempdir().unwrap();
    let db = hostile_book(dir.path());
    let list = check_csv(
        "writeoff list",
        &ok(&db, &["writeoff", "list", "--format", "csv"]),
    );
    assert_eq!(list[1][1], format!("'{EVIL_ID}"));
    // The amount is the plain decimal, the narrative neutralised only at its start.
    assert_eq!(list[1][4], "1500.00");
    assert_eq!(list[1][8], NARRATIVE);
    let alerts = check_csv(
        "alerts",
        &ok(&db, &["alerts", "--as-of", "2016-12-31", "--format", "csv"]),
    );
    let ids: Vec<&str> = alerts[1..].iter().map(|r| r[0].as_str()).collect();
    assert!(ids.contains(&format!("'{EVIL_ID}").as_str()), "{ids:?}");
    assert!(ids.contains(&"'@R1"), "{ids:?}");
}

#[test]
fn the_memo_s_markdown_shows_a_hostile_narrative_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = hostile_book(dir.path());
    let md_path = dir.path().join("memo.md");
    ok(
        &db,
        &["writeoff", "memo", "1", "--out", md_path.to_str().unwrap()],
    );
    let md = std::fs::read_to_string(&md_path).unwrap();

    // Exactly the memo's own headings: one title, and its sections.
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        headings[0],
        "# Write-off memo 1 — \\=HYPERLINK(\"x\") \\+SUM(A1)"
    );
    assert!(
        headings[1..].iter().all(|h| h.starts_with("## ")),
        "{headings:?}"
    );
    for section in [
        "## Narrative",
        "## Documents",
        "## Collection efforts",
        "## Approvals",
    ] {
        assert_eq!(
            headings.iter().filter(|h| h.starts_with(section)).count(),
            1,
            "{section} once in {headings:?}"
        );
    }
    // The narrative is there, escaped: no heading, table, HTML or link of its own.
    let narrative = md
        .split("## Narrative\n\n")
        .nth(1)
        .unwrap()
        .split("\n\n## ")
        .next()
        .unwrap();
    assert_eq!(
        narrative,
        "\\# Approved\\\n\\| x \\| y \\|\\\n&lt;img src=x onerror=alert(1)&gt;\\[click\\](http://evil)\\\n\\=cmd\\|' /C calc'!A0"
    );
    assert!(!md.contains("<img"), "{md}");
    assert!(!md.contains("[click]("), "{md}");
    // Table rows stay rows: every line of a table starts and ends with a pipe and has
    // as many unescaped pipes as its header.
    let mut width = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            width = None;
            continue;
        }
        assert!(line.ends_with('|'), "{line}");
        let pipes = line.matches('|').count() - line.matches("\\|").count();
        match width {
            None => width = Some(pipes),
            Some(w) => assert_eq!(pipes, w, "{line}"),
        }
    }
    // The documents table names the written-off document, escaped at the cell's start.
    assert!(md.contains(&format!("| \\{EVIL_DOC} |")), "{md}");
    // The note, its outcome and the users, in their tables.
    assert!(
        md.contains("| call | @amy | \\+promised to pay | @cmd |"),
        "{md}"
    );
    assert!(md.contains("| Approved | \\-bob |"), "{md}");

    // The hash is over the memo's content, not its escaping: the Markdown ends with the
    // hash the command reports for the same memo written again.
    let again = dir.path().join("again.md");
    ok(
        &db,
        &["writeoff", "memo", "1", "--out", again.to_str().unwrap()],
    );
    let tail = |text: &str| text.lines().last().unwrap().to_string();
    assert_eq!(tail(&md), tail(&std::fs::read_to_string(&again).unwrap()));
    assert!(
        tail(&md).starts_with("Memo 1 · content hash "),
        "{}",
        tail(&md)
    );
}

#[test]
fn a_memo_written_into_a_folder_gets_a_safe_name_from_its_customer() {
    let dir = tempfile::tempdir().unwrap();
    let db = hostile_book(dir.path());
    let folder = dir.path().join("memos");
    std::fs::create_dir(&folder).unwrap();
    ok(
        &db,
        &["writeoff", "memo", "1", "--out", folder.to_str().unwrap()],
    );
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["writeoff-1-=HYPERLINK(_x_)-+SUM(A1).pdf"]);
}
