//! The scripting interface, run as a user runs it: the real binary on a book in a
//! temporary directory.

use std::path::PathBuf;

use crate::support::{agebook, fixture, json, ok};

fn book_with(files: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    ok(
        &db,
        &[
            "policy",
            "import",
            fixture("policy.csv").to_str().unwrap(),
            "--effective",
            "2016-01-01",
        ],
    );
    for f in files {
        let stdout = ok(&db, &["import", fixture(f).to_str().unwrap()]);
        assert_eq!(
            stdout.lines().next(),
            Some(&f[3..13]),
            "import prints the as-of date first"
        );
    }
    (dir, db)
}

#[test]
fn aging_json_has_the_documented_shape() {
    let (_dir, db) = book_with(&["ar_2016-12-31.csv"]);
    let doc = json(
        &db,
        &[
            "aging",
            "--as-of",
            "2016-12-31",
            "--by",
            "type",
            "--format",
            "json",
        ],
    );
    assert_eq!(doc["as_of"], "2016-12-31");
    assert_eq!(doc["currency"], "CNY");
    let total = &doc["total"];
    assert_eq!(total["key"], "total");
    let labels: Vec<&str> = total["buckets"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        labels,
        [
            "current", "1-30", "31-60", "61-90", "91-180", "181-365", "366-730", "731-1095",
            "1096+"
        ]
    );
    // Money is an exact decimal string with two places.
    let balance = total["balance"].as_str().unwrap();
    assert!(
        balance.split_once('.').is_some_and(|(_, f)| f.len() == 2),
        "{balance}"
    );
    // Rows are types; their balances sum to the total, to the fen.
    let rows = doc["rows"].as_array().unwrap();
    assert!(rows.iter().any(|r| r["key"] == "related_party"));
    let sum: rust_decimal::Decimal = rows
        .iter()
        .map(|r| {
            r["balance"]
                .as_str()
                .unwrap()
                .parse::<rust_decimal::Decimal>()
                .unwrap()
        })
        .sum();
    assert_eq!(sum, balance.parse().unwrap());
    for key in ["key", "balance", "allowance", "buckets"] {
        assert!(rows[0].get(key).is_some(), "row has {key}");
    }
}

#[test]
fn allowance_by_customer_follows_set_type_and_specific_allowances() {
    let (_dir, db) = book_with(&["ar_2016-12-31.csv"]);
    let row = |doc: &serde_json::Value, id: &str| {
        doc["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == id)
            .unwrap()
            .clone()
    };
    let args = [
        "allowance",
        "--as-of",
        "2016-12-31",
        "--by",
        "customer",
        "--format",
        "json",
    ];
    let before = json(&db, &args);
    let c8 = row(&before, "C0008");
    assert_eq!(c8["method"], "matrix");
    let balance: rust_decimal::Decimal = c8["balance"].as_str().unwrap().parse().unwrap();

    // A specific allowance of 50 % replaces the matrix.
    let out = ok(
        &db,
        &[
            "specific",
            "set",
            "C0008",
            "--percent",
            "50",
            "--reason",
            "Slow payer in dispute",
            "--from",
            "2016-12-31",
        ],
    );
    assert_eq!(out.trim(), "C0008: specific allowance 50% from 2016-12-31");
    let after = json(&db, &args);
    let c8 = row(&after, "C0008");
    assert_eq!(c8["method"], "specific");
    assert_eq!(c8["specific"], "50%");
    let half = (balance / rust_decimal::Decimal::TWO)
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    assert_eq!(c8["allowance"].as_str().unwrap(), format!("{half:.2}"));

    // Cleared from the same date: the matrix again.
    ok(&db, &["specific", "clear", "C0008", "--from", "2016-12-31"]);
    assert_eq!(row(&json(&db, &args), "C0008"), row(&before, "C0008"));

    // A new type moves the customer to another row of the by-type report.
    let out = ok(
        &db,
        &[
            "customer",
            "set-type",
            "C0008",
            "government",
            "--from",
            "2016-12-31",
        ],
    );
    assert_eq!(out.trim(), "C0008: type government from 2016-12-31");
    let moved = row(&json(&db, &args), "C0008");
    assert_eq!(moved["customer_type"], "government");
    assert_ne!(moved["allowance"], row(&before, "C0008")["allowance"]);
}

#[test]
fn csv_and_table_outputs_carry_the_same_total() {
    let (_dir, db) = book_with(&["ar_2016-06-30.csv"]);
    let doc = json(&db, &["aging", "--as-of", "2016-06-30", "--format", "json"]);
    let total: rust_decimal::Decimal = doc["total"]["balance"].as_str().unwrap().parse().unwrap();
    let csv_text = ok(&db, &["aging", "--as-of", "2016-06-30", "--format", "csv"]);
    let last = csv_text.lines().last().unwrap();
    assert!(last.starts_with("total,"), "{last}");
    let header: Vec<&str> = csv_text.lines().next().unwrap().split(',').collect();
    let balance_col = header.iter().position(|h| *h == "balance").unwrap();
    assert_eq!(
        last.split(',')
            .nth(balance_col)
            .unwrap()
            .parse::<rust_decimal::Decimal>()
            .unwrap(),
        total
    );
    let table = ok(&db, &["aging", "--as-of", "2016-06-30"]);
    let grouped = agebook::Money::try_from_decimal(total)
        .unwrap()
        .grouped(agebook::domain::money::NegativeStyle::Minus);
    let total_line = table.lines().find(|l| l.starts_with("Total")).unwrap();
    assert!(total_line.contains(&grouped), "{total_line} has {grouped}");
}

#[test]
fn snapshots_and_policy_show_list_what_was_imported() {
    let (_dir, db) = book_with(&["ar_2016-01-31.csv", "ar_2016-02-29.csv"]);
    let doc = json(&db, &["snapshots", "--format", "json"]);
    let rows = doc["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["as_of"], "2016-02-29");
    assert_eq!(rows[1]["imported_by"], "amy");
    let policy = json(
        &db,
        &[
            "policy",
            "show",
            "--as-of",
            "2016-06-30",
            "--format",
            "json",
        ],
    );
    assert_eq!(policy["effective"], "2016-01-01");
    assert_eq!(policy["buckets"].as_array().unwrap().len(), 9);
    // The CSV form is the import form: it round-trips.
    let csv_text = ok(&db, &["policy", "show", "--format", "csv"]);
    let original = std::fs::read_to_string(fixture("policy.csv")).unwrap();
    assert_eq!(csv_text.lines().next(), original.lines().next());
}

#[test]
fn errors_go_to_stderr_with_a_failing_exit_code() {
    let (_dir, db) = book_with(&[]);
    let out = agebook(&db, &["aging", "--as-of", "2016-12-31"]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("error: no snapshot as of 2016-12-31"),
        "{stderr}"
    );

    let out = agebook(
        &db,
        &[
            "specific",
            "set",
            "NOPE",
            "--percent",
            "100",
            "--reason",
            "x",
            "--from",
            "2016-12-31",
        ],
    );
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap().trim(),
        "error: no customer 'NOPE' in this book"
    );

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("ar_2016-12-31.csv");
    std::fs::write(
        &bad,
        "customer_id,customer_name,document_no,document_date,open_amount\nC1,A,1,2016-99-01,1\n",
    )
    .unwrap();
    let out = agebook(&db, &["import", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("ar_2016-12-31.csv:2:4 (document_date): '2016-99-01' is not a date"),
        "{stderr}"
    );
    assert_eq!(
        json(&db, &["snapshots", "--format", "json"])["rows"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn demo_builds_the_whole_story_and_refuses_a_second_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    ok(&db, &["demo"]);
    let doc = json(&db, &["snapshots", "--format", "json"]);
    assert_eq!(doc["rows"].as_array().unwrap().len(), 18);
    // Customer A is fully reserved by its specific allowance once it disputes.
    let a = json(
        &db,
        &[
            "allowance",
            "--as-of",
            "2016-06-30",
            "--by",
            "customer",
            "--format",
            "json",
        ],
    );
    let row = a["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "C0001")
        .unwrap()
        .clone();
    assert_eq!(row["method"], "specific");
    assert_eq!(row["allowance"], row["balance"]);
    let again = agebook(&db, &["demo"]);
    assert!(!again.status.success());
    assert!(
        String::from_utf8(again.stderr)
            .unwrap()
            .contains("already holds 18 snapshots")
    );
}

/// A map saved with `--save-profile` is reused by `--profile`, and an unknown name
/// says which names there are.
#[test]
fn a_saved_profile_reads_the_next_months_file_and_an_unknown_one_names_the_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    assert!(agebook(&db, &["new", "--currency", "EUR"]).status.success());
    let header = "Kd.Nr;Firma;Re.Nr;Re.Datum;Offen €\n";
    let march = dir.path().join("kunden_2026-03-31.csv");
    std::fs::write(
        &march,
        format!("{header}K1;Alpha;R-1;15.03.2026;1.234,50\n"),
    )
    .unwrap();
    let april = dir.path().join("kunden_2026-04-30.csv");
    std::fs::write(&april, format!("{header}K1;Alpha;R-2;15.04.2026;-34,50\n")).unwrap();
    let map = [
        "--map",
        "customer_id=Kd.Nr",
        "--map",
        "customer_name=Firma",
        "--map",
        "document_no=Re.Nr",
        "--map",
        "document_date=Re.Datum",
        "--map",
        "open_amount=Offen €",
    ];
    let mut args = vec!["import", march.to_str().unwrap()];
    args.extend(map);
    args.extend(["--save-profile", "Kd shop"]);
    ok(&db, &args);
    ok(
        &db,
        &["import", april.to_str().unwrap(), "--profile", "Kd shop"],
    );
    let aging = json(&db, &["aging", "--as-of", "2026-04-30", "--format", "json"]);
    assert_eq!(aging["total"]["balance"], "-34.50");
    let unknown = agebook(&db, &["import", april.to_str().unwrap(), "--profile", "Kd"]);
    assert!(!unknown.status.success());
    let said = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        said.contains("no import profile 'Kd' in this book (there are: Kd shop)"),
        "{said}"
    );
}

/// A note, a type and a recovery for a customer the book does not have are refused by
/// name (the book looks that one customer up, not every customer).
#[test]
fn a_change_for_a_customer_not_in_the_book_is_refused_by_name() {
    let (_dir, db) = book_with(&["ar_2016-12-31.csv"]);
    for args in [
        &["customer", "note", "NOPE", "called"][..],
        &["customer", "set-type", "NOPE", "private"][..],
        &["recovery", "NOPE", "100", "--date", "2016-12-31"][..],
    ] {
        let out = agebook(&db, args);
        assert!(!out.status.success(), "{args:?}");
        assert_eq!(
            String::from_utf8(out.stderr).unwrap().trim(),
            "error: no customer 'NOPE' in this book",
            "{args:?}"
        );
    }
    // The customers it has still take them.
    assert!(
        agebook(&db, &["customer", "note", "C0002", "called"])
            .status
            .success()
    );
}
