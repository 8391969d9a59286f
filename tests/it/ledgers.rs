//! The corpus of ledgers as ERPs export them (`tests/data/ledgers/`, written by its
//! `build.py`): each file is imported through the command line into a new book of its
//! currency, and its aging total must equal the figures `expected.json` holds, which the
//! script computed from the clean list of documents it rendered the file from (never by
//! running Agebook). Files that must be refused name what the refusal must say.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{agebook, json};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ledgers")
}

fn entries() -> Vec<Value> {
    let text = std::fs::read_to_string(corpus().join("expected.json")).unwrap();
    let Value::Array(entries) = serde_json::from_str(&text).unwrap() else {
        panic!("expected.json is not an array");
    };
    entries
}

fn text(v: &Value, key: &str) -> String {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
        .to_string()
}

/// Imports one entry's file into a new book; returns what failed, or nothing.
fn check(entry: &Value, dir: &Path) -> Vec<String> {
    let file = text(entry, "file");
    let as_of = text(entry, "as_of");
    let db = dir.join(format!("{}.db", file.replace(['/', '.'], "_")));
    let created = agebook(&db, &["new", "--currency", &text(entry, "currency")]);
    if !created.status.success() {
        return vec![format!(
            "{file}: new book: {}",
            String::from_utf8_lossy(&created.stderr)
        )];
    }
    let path = corpus().join(&file);
    let path = path.to_str().unwrap();
    let mut args = vec!["import", path, "--as-of", &as_of];
    let extra: Vec<String> = entry["args"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    args.extend(extra.iter().map(String::as_str));
    let out = agebook(&db, &args);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let mut failed = Vec::new();
    if let Some(needles) = entry["error"].as_array() {
        if out.status.success() {
            failed.push(format!("{file}: imported, but should be refused"));
        }
        for n in needles.iter().filter_map(Value::as_str) {
            if !stderr.contains(n) {
                failed.push(format!("{file}: the refusal does not say '{n}':\n{stderr}"));
            }
        }
        return failed;
    }
    if !out.status.success() {
        return vec![format!("{file}: refused:\n{stderr}")];
    }
    for n in entry["warnings"].as_array().into_iter().flatten() {
        let n = n.as_str().unwrap_or_default().to_lowercase();
        if !stderr.to_lowercase().contains(&n) {
            failed.push(format!("{file}: no warning saying '{n}':\n{stderr}"));
        }
    }
    if let Some(skipped) = entry["skipped"].as_u64() {
        let said = format!("Skipped {skipped} row");
        let none = skipped == 0 && !stderr.contains("Skipped ");
        if !(stderr.contains(&said) || none) {
            failed.push(format!(
                "{file}: expected {skipped} skipped rows:\n{stderr}"
            ));
        }
    }
    let aging = json(&db, &["aging", "--as-of", &as_of, "--format", "json"]);
    let total = &aging["total"];
    let expect = &entry["expect"];
    for key in ["customers", "balance", "disputed"] {
        if total[key] != expect[key] {
            failed.push(format!(
                "{file}: {key} is {} but the clean list gives {}",
                total[key], expect[key]
            ));
        }
    }
    if total["buckets"] != expect["buckets"] {
        failed.push(format!(
            "{file}: buckets are {} but the clean list gives {}",
            total["buckets"], expect["buckets"]
        ));
    }
    if let Some(types) = entry["types"].as_object() {
        let by_type = json(
            &db,
            &[
                "aging", "--as-of", &as_of, "--by", "type", "--format", "json",
            ],
        );
        for (key, balance) in types {
            let row = by_type["rows"]
                .as_array()
                .and_then(|rows| rows.iter().find(|r| r["key"] == key.as_str()));
            let got = row.map(|r| r["balance"].clone()).unwrap_or(Value::Null);
            if &got != balance {
                failed.push(format!(
                    "{file}: type {key} holds {got}, expected {balance}"
                ));
            }
        }
    }
    if let Some(ids) = entry["customer_ids"].as_array() {
        let by_customer = json(
            &db,
            &[
                "aging", "--as-of", &as_of, "--by", "customer", "--format", "json",
            ],
        );
        let keys: Vec<&str> = by_customer["rows"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["key"].as_str())
            .collect();
        for id in ids.iter().filter_map(Value::as_str) {
            if !keys.contains(&id) {
                failed.push(format!("{file}: no customer '{id}' among {keys:?}"));
            }
        }
    }
    failed
}

#[test]
fn every_ledger_of_the_corpus_imports_to_the_figures_of_its_clean_list() {
    let dir = tempfile::tempdir().unwrap();
    let entries = entries();
    assert!(
        entries.len() >= 30,
        "the corpus holds {} files",
        entries.len()
    );
    let failed: Vec<String> = entries.iter().flat_map(|e| check(e, dir.path())).collect();
    assert!(
        failed.is_empty(),
        "{} of {} files:\n{}",
        failed.len(),
        entries.len(),
        failed.join("\n\n")
    );
}

#[test]
fn the_corpus_exercises_every_kind_of_file_the_issue_lists() {
    let entries = entries();
    let has = |pred: &dyn Fn(&Value) -> bool| entries.iter().any(pred);
    let ends = |suffix: &'static str| move |e: &Value| text(e, "file").ends_with(suffix);
    assert!(has(&ends(".xlsx")), "an XLSX file");
    assert!(has(&ends(".xls")), "an XLS file");
    assert!(has(&|e| e["error"].is_array()), "a file that is refused");
    assert!(
        has(&|e| e["warnings"]
            .as_array()
            .is_some_and(|w| w.iter().any(|w| w == "rounded"))),
        "a file whose amounts are rounded"
    );
    assert!(
        has(&|e| e["args"]
            .as_array()
            .is_some_and(|a| a.iter().any(|a| a == "--map"))),
        "a file that needs --map"
    );
    assert!(
        has(&|e| e["currency"] != "CNY"),
        "a book in another currency"
    );
}

/// A generated ledger of 3,000 items over 60 customers, laid out by `layout` (such as
/// `["--shape", "erp"]`), imported into a new book: the file's text, the import's
/// messages, the aging by customer at the as-of date and the book's snapshot list.
fn import_generated(dir: &Path, name: &str, layout: &[&str]) -> (String, String, Value, String) {
    let file = dir.join(format!("{name}.csv"));
    let file = file.to_str().unwrap();
    let db = dir.join(format!("{name}.db"));
    let mut args = vec![
        "generate",
        "ledger",
        "--items",
        "3000",
        "--customers",
        "60",
        "--out",
        file,
    ];
    args.extend_from_slice(layout);
    crate::support::ok(&db, &args);
    let out = agebook(&db, &["import", file, "--as-of", "2017-12-31"]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{name}: {stderr}");
    let aging = json(
        &db,
        &[
            "aging",
            "--as-of",
            "2017-12-31",
            "--by",
            "customer",
            "--format",
            "json",
        ],
    );
    let snapshots = crate::support::ok(&db, &["snapshots"]);
    (
        std::fs::read_to_string(file).unwrap(),
        stderr,
        aging,
        snapshots,
    )
}

/// The generator's ERP shape (the benchmark's file for the dialect path) holds the same
/// documents as its canonical CSV: title lines, ERP column names, `31.12.2017`,
/// `1,234.56-`, `X` for disputed, a subtotal per customer and a grand total must all be
/// read back to the same aging, customer by customer.
#[test]
fn the_generators_erp_shape_imports_to_the_figures_of_its_canonical_file() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, canonical, _) = import_generated(dir.path(), "canonical", &[]);
    let (text, stderr, erp, _) = import_generated(dir.path(), "erp", &["--shape", "erp"]);
    let totals = text.lines().filter(|l| l.starts_with("Total")).count();
    assert!(totals > 40, "{totals} total rows");
    assert!(
        stderr.contains(&format!(
            "Skipped {totals} rows that are not documents: {} subtotals, 1 file total.",
            totals - 1
        )),
        "{stderr}"
    );
    assert!(stderr.contains("equals the imported total"), "{stderr}");
    assert!(stderr.contains("dates day-first"), "{stderr}");
    // Of 60 customers drawn, 56 get items (the generator lets a few go without).
    assert_eq!(canonical["total"]["customers"], 56);
    assert_ne!(canonical["total"]["disputed"], "0.00");
    assert_eq!(canonical["total"], erp["total"]);
    assert_eq!(canonical["rows"], erp["rows"]);
}

/// Rows that do not come grouped by customer (a list sorted by date) take the import's
/// staging path, copied into the book in key order at commit: the book must hold
/// exactly what the grouped file of the same documents gives, customer by customer.
#[test]
fn a_ledger_sorted_by_date_imports_to_the_figures_of_the_same_rows_grouped_by_customer() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, grouped, _) = import_generated(dir.path(), "customer", &["--order", "customer"]);
    let (_, _, by_date, snapshots) = import_generated(dir.path(), "date", &["--order", "date"]);
    assert_eq!(grouped["total"]["customers"], 56);
    assert_eq!(grouped["total"], by_date["total"]);
    assert_eq!(grouped["rows"], by_date["rows"]);
    assert!(snapshots.contains("3000"), "{snapshots}");
}

/// A customer named two ways in one file keeps its first name, and the first row that
/// names it otherwise is said once, at its name's column: the same whether its rows
/// come grouped or interleaved with another customer's, and the same the preview says
/// (which reads without writing).
#[test]
fn a_customer_named_otherwise_later_in_the_file_keeps_its_first_name_and_is_said_once() {
    use agebook::Book;
    use agebook::import::{Warning, profile::ReadOptions};
    use std::sync::atomic::AtomicBool;

    let header = "customer_id,customer_name,document_no,document_date,open_amount\n";
    let grouped = [
        "C1,Acme,I1,2016-11-02,10.00\n",
        "C1,Acme,I2,2016-11-03,20.00\n",
        "C1,ACME Ltd,I3,2016-11-04,30.00\n",
        "C1,Acme Trading,I4,2016-11-05,40.00\n",
        "C2,Globex,I5,2016-11-06,50.00\n",
    ];
    let interleaved = [grouped[0], grouped[4], grouped[2], grouped[1], grouped[3]];
    for (rows, line) in [(grouped, 4), (interleaved, 4)] {
        let csv = format!("{header}{}", rows.concat());
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ar_2016-11-30.csv");
        std::fs::write(&file, &csv).unwrap();
        let mut book = Book::in_memory("amy").unwrap();
        let preview = book
            .preview_file(&file, None, &ReadOptions::default(), 10, &mut |_| true)
            .unwrap();
        let outcome = book
            .import_file_with(
                &file,
                None,
                false,
                &ReadOptions::default(),
                &mut |_| {},
                &AtomicBool::new(false),
            )
            .unwrap();
        let said: Vec<_> = outcome
            .warnings
            .iter()
            .filter(|w| matches!(w.kind, Warning::NameDiffers { .. }))
            .collect();
        assert_eq!(said.len(), 1, "{rows:?}: {said:?}");
        assert_eq!(
            said[0].kind,
            Warning::NameDiffers {
                customer: "C1".into(),
                other: "ACME Ltd".into(),
                line,
            }
        );
        assert_eq!(said[0].at.line, line);
        let column = said[0].at.column.as_ref().map(|(_, name)| name.as_str());
        assert_eq!(column, Some("customer_name"));
        assert_eq!(preview.warnings, outcome.warnings, "{rows:?}");
        assert_eq!(book.customer("C1").unwrap().unwrap().name, "Acme");
        assert_eq!(book.customer("C2").unwrap().unwrap().name, "Globex");
    }
}
