//! The scripting contract (SPEC section 5, README "JSON output"), through the real
//! binary on the demo book: the keys scripts rely on, money as exact strings, and the
//! figures checked against what they must equal — the roll-forward identity on every
//! row, the allowance at both ends, the posted write-offs and recoveries, and the
//! fixture ledgers read independently — rather than against the program's own output.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::Value;

use crate::support::{fixture, json, ok};

/// The demo book, built by the binary as a user does.
fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    ok(&db, &["demo"]);
    (dir, db)
}

/// A money value of the JSON contract: a string with the exact decimal, two places.
fn money(v: &Value) -> Decimal {
    let Some(text) = v.as_str() else {
        panic!("money is a string, not {v}")
    };
    let d: Decimal = text.parse().unwrap_or_else(|e| panic!("'{text}': {e}"));
    assert_eq!(d.scale(), 2, "money has two places: '{text}'");
    d
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn date(v: &Value) -> NaiveDate {
    v.as_str()
        .unwrap_or_else(|| panic!("a date is a string, not {v}"))
        .parse()
        .unwrap()
}

fn rows(doc: &Value) -> &Vec<Value> {
    doc["rows"].as_array().unwrap()
}

/// The rows of a fixture ledger, read with the csv crate, not with Agebook.
fn fixture_rows(name: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(fixture(name)).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// CSV output parsed into its header and rows.
fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

const LINE_KEYS: [&str; 8] = [
    "key",
    "opening",
    "provisions",
    "write_backs",
    "write_offs",
    "recoveries",
    "other",
    "closing",
];

/// Checks one roll-forward LINE: its keys, non-negative magnitudes but `other`, and
/// closing = opening + provisions − write_backs − write_offs + recoveries + other.
fn check_line(line: &Value) {
    for key in LINE_KEYS {
        assert!(line.get(key).is_some(), "LINE has '{key}': {line}");
    }
    let v = |k: &str| money(&line[k]);
    for k in [
        "opening",
        "provisions",
        "write_backs",
        "write_offs",
        "recoveries",
        "closing",
    ] {
        assert!(v(k) >= Decimal::ZERO, "{k} is a magnitude: {line}");
    }
    assert_eq!(
        v("closing"),
        v("opening") + v("provisions") - v("write_backs") - v("write_offs")
            + v("recoveries")
            + v("other"),
        "the roll-forward identity: {line}"
    );
}

/// Each money key of `rows` summed.
fn sum_lines<'a>(rows: impl IntoIterator<Item = &'a Value>) -> BTreeMap<&'static str, Decimal> {
    let mut sums: BTreeMap<&'static str, Decimal> = BTreeMap::new();
    for r in rows {
        for k in &LINE_KEYS[1..] {
            *sums.entry(k).or_default() += money(&r[*k]);
        }
    }
    sums
}

/// The posted write-offs of the book (writeoff list --state posted --format json).
fn posted_write_offs(db: &Path) -> Vec<Value> {
    rows(&json(
        db,
        &["writeoff", "list", "--state", "posted", "--format", "json"],
    ))
    .clone()
}

fn written_off_between(write_offs: &[Value], from: &str, to: &str) -> Decimal {
    let (from, to): (NaiveDate, NaiveDate) = (from.parse().unwrap(), to.parse().unwrap());
    write_offs
        .iter()
        .filter(|w| date(&w["date"]) > from && date(&w["date"]) <= to)
        .map(|w| money(&w["amount"]))
        .sum()
}

#[test]
fn rollforward_2016_by_type_reconciles_on_every_row_and_to_the_allowance_at_both_ends() {
    let (_dir, db) = demo();
    let (from, to) = ("2016-01-31", "2016-12-31");
    let doc = json(
        &db,
        &[
            "rollforward",
            "--from",
            from,
            "--to",
            to,
            "--by",
            "type",
            "--format",
            "json",
        ],
    );
    assert_eq!(doc["from"], from);
    assert_eq!(doc["to"], to);
    assert_eq!(doc["currency"], "CNY");
    assert_eq!(doc["total"]["key"], "total");
    let lines = rows(&doc);
    assert!(!lines.is_empty());
    for line in lines.iter().chain(std::iter::once(&doc["total"])) {
        check_line(line);
    }
    // The rows add up to the total, line by line.
    let total = sum_lines([&doc["total"]]);
    assert_eq!(sum_lines(lines), total);

    // Both ends are the required allowance the allowance report gives at those dates.
    let allowance = |at: &str| {
        json(
            &db,
            &[
                "allowance",
                "--as-of",
                at,
                "--by",
                "type",
                "--format",
                "json",
            ],
        )
    };
    let (opening, closing) = (allowance(from), allowance(to));
    assert_eq!(total["opening"], money(&opening["total"]["allowance"]));
    assert_eq!(total["closing"], money(&closing["total"]["allowance"]));
    for line in lines {
        let at_end = rows(&closing)
            .iter()
            .find(|r| r["key"] == line["key"])
            .unwrap_or_else(|| panic!("{} is a type at {to}", line["key"]));
        assert_eq!(
            money(&line["closing"]),
            money(&at_end["allowance"]),
            "closing of {}",
            line["key"]
        );
    }

    // The write-offs line is the posted write-offs dated in the range: Customer A's
    // alone, on the state-owned row; no recoveries and no other adjustments in 2016.
    let written_off = written_off_between(&posted_write_offs(&db), from, to);
    assert_eq!(written_off, dec("12378044.00"));
    assert_eq!(total["write_offs"], written_off);
    let state_owned = lines.iter().find(|r| r["key"] == "state_owned").unwrap();
    assert_eq!(money(&state_owned["write_offs"]), written_off);
    assert_eq!(total["recoveries"], Decimal::ZERO);
    assert_eq!(total["other"], Decimal::ZERO);
    // 2016's increase came from Customer A and was offset by write-backs (Customer B's).
    assert!(total["provisions"] > total["write_backs"]);
    assert!(total["write_backs"] > Decimal::ZERO);
}

#[test]
fn rollforward_2017_by_customer_shows_c0040_s_recovery_and_adds_up_to_the_total_by_type() {
    let (_dir, db) = demo();
    let (from, to) = ("2016-12-31", "2017-06-30");
    let args = |by: &'static str| {
        [
            "rollforward",
            "--from",
            from,
            "--to",
            to,
            "--by",
            by,
            "--format",
            "json",
        ]
    };
    let by_customer = json(&db, &args("customer"));
    let by_type = json(&db, &args("type"));
    for line in rows(&by_customer) {
        check_line(line);
        assert!(line.get("name").is_some() && line.get("customer_type").is_some());
    }
    // The same movements, whichever way they are grouped.
    let total = sum_lines([&by_customer["total"]]);
    assert_eq!(sum_lines(rows(&by_customer)), total);
    assert_eq!(sum_lines(rows(&by_type)), total);
    assert_eq!(sum_lines([&by_type["total"]]), total);

    // The demo's one recovery: RMB 5,000.00 from C0040 in May 2017, on its February
    // write-off. The activity lists it; the roll-forward carries it on C0040's row.
    let activity = json(&db, &["activity", "C0040", "--format", "json"]);
    let recoveries = activity["recoveries"].as_array().unwrap();
    assert_eq!(recoveries.len(), 1, "{recoveries:?}");
    let recovery = &recoveries[0];
    assert_eq!(money(&recovery["amount"]), dec("5000.00"));
    let received = date(&recovery["date"]);
    assert_eq!(
        (
            chrono::Datelike::year(&received),
            chrono::Datelike::month(&received)
        ),
        (2017, 5)
    );
    assert_eq!(total["recoveries"], dec("5000.00"));
    let c0040 = rows(&by_customer)
        .iter()
        .find(|r| r["key"] == "C0040")
        .unwrap();
    assert_eq!(money(&c0040["recoveries"]), dec("5000.00"));

    // Write-offs: the 2017 clean-up, every posted write-off dated in the range.
    let written_off = written_off_between(&posted_write_offs(&db), from, to);
    assert_eq!(total["write_offs"], written_off);
    assert!(money(&c0040["write_offs"]) > Decimal::ZERO);

    // CSV: the same figures, plain exact decimals under a header.
    let (header, csv) = csv_rows(&ok(
        &db,
        &[
            "rollforward",
            "--from",
            from,
            "--to",
            to,
            "--by",
            "customer",
            "--format",
            "csv",
        ],
    ));
    assert_eq!(header[0], "key");
    let recoveries_col = header.iter().position(|h| h == "recoveries").unwrap();
    let row = csv.iter().find(|r| r[0] == "C0040").unwrap();
    assert_eq!(row[recoveries_col], "5000.00");
}

#[test]
fn writeoff_list_json_gives_customer_a_s_posted_write_off_of_its_2015_invoices() {
    let (_dir, db) = demo();
    let doc = json(&db, &["writeoff", "list", "--format", "json"]);
    let list = rows(&doc);
    assert!(!list.is_empty());
    let mut ids = BTreeSet::new();
    for w in list {
        for key in ["id", "customer_id", "date", "state", "amount"] {
            assert!(w.get(key).is_some(), "row has '{key}': {w}");
        }
        assert!(ids.insert(w["id"].as_i64().unwrap()), "ids are unique");
        date(&w["date"]);
        // The amount is its documents' amounts summed.
        let documents: Decimal = w["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| money(&d["amount"]))
            .sum();
        assert_eq!(money(&w["amount"]), documents, "write-off {}", w["id"]);
    }

    let one = list.iter().find(|w| w["id"] == 1).unwrap();
    assert_eq!(one["customer_id"], "C0001");
    assert_eq!(one["state"], "posted");
    assert_eq!(one["date"], "2016-12-20");
    assert_eq!(one["reason"], "change_of_management");
    assert_eq!(
        one["approved_by"],
        serde_json::json!(["zhang.wei", "li.na"])
    );
    assert!(one["posted_by"].is_string());
    // Its documents are taken whole from the ledger of 2016-11-30 (the latest on or
    // before the write-off date): each amount is that ledger's open amount, and they
    // are 2015 invoices.
    let ledger = fixture_rows("ar_2016-11-30.csv");
    let mut expected = Decimal::ZERO;
    for d in one["documents"].as_array().unwrap() {
        let no = d["document_no"].as_str().unwrap();
        let row = ledger
            .iter()
            .find(|r| r["customer_id"] == "C0001" && r["document_no"] == no)
            .unwrap_or_else(|| panic!("{no} is in the November ledger"));
        assert!(row["document_date"].starts_with("2015-"), "{row:?}");
        assert_eq!(money(&d["amount"]), dec(&row["open_amount"]), "{no}");
        expected += dec(&row["open_amount"]);
    }
    assert_eq!(money(&one["amount"]), expected);
    assert_eq!(expected, dec("12378044.00"));

    // The state filter: every demo write-off is posted.
    let posted = posted_write_offs(&db);
    assert_eq!(posted.len(), list.len());
    let drafts = json(
        &db,
        &["writeoff", "list", "--state", "draft", "--format", "json"],
    );
    assert_eq!(drafts, serde_json::json!({ "rows": [] }));

    // CSV: one row per write-off, amounts as the plain exact decimal.
    let (header, csv) = csv_rows(&ok(&db, &["writeoff", "list", "--format", "csv"]));
    assert_eq!(
        &header[..5],
        ["id", "customer_id", "date", "state", "amount"]
    );
    assert_eq!(csv.len(), list.len());
    let first = csv.iter().find(|r| r[0] == "1").unwrap();
    assert_eq!(
        first[..5],
        ["1", "C0001", "2016-12-20", "posted", "12378044.00"]
    );
}

#[test]
fn alerts_json_flags_trading_after_customer_a_s_write_off_and_every_related_party_balance() {
    let (_dir, db) = demo();
    let as_of = "2017-06-30";
    let doc = json(&db, &["alerts", "--as-of", as_of, "--format", "json"]);
    assert_eq!(doc["as_of"], as_of);
    let flagged = rows(&doc);
    let kinds = [
        "trading_after_write_off",
        "written_off_still_open",
        "no_recent_note",
        "related_party",
    ];
    for r in flagged {
        for key in ["customer_id", "name", "customer_type", "balance", "alerts"] {
            assert!(r.get(key).is_some(), "row has '{key}': {r}");
        }
        money(&r["balance"]);
        let alerts = r["alerts"].as_array().unwrap();
        assert!(!alerts.is_empty(), "only flagged customers are listed");
        for a in alerts {
            assert!(kinds.contains(&a["kind"].as_str().unwrap()), "{a}");
            if a["kind"] == "no_recent_note" {
                // Older than the default 180 days, and no note in the last 90.
                assert!(a["oldest_days"].as_i64().unwrap() > 180, "{r}");
                if !a["last_note"].is_null() {
                    let days = (date(&doc["as_of"]) - date(&a["last_note"])).num_days();
                    assert!(days > 90, "{r}");
                }
            }
        }
    }
    let alert = |id: &str, kind: &str| -> Value {
        flagged
            .iter()
            .find(|r| r["customer_id"] == id)
            .and_then(|r| {
                r["alerts"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|a| a["kind"] == kind)
            })
            .unwrap_or_else(|| panic!("{id} has a {kind} alert"))
            .clone()
    };

    // Customer A was billed again after its write-off of 2016-12-20: the open amount of
    // its documents dated after it, read from the June ledger itself.
    let june = fixture_rows("ar_2017-06-30.csv");
    let write_off_date: NaiveDate = "2016-12-20".parse().unwrap();
    let after: Decimal = june
        .iter()
        .filter(|r| r["customer_id"] == "C0001")
        .filter(|r| r["document_date"].parse::<NaiveDate>().unwrap() > write_off_date)
        .map(|r| dec(&r["open_amount"]))
        .sum();
    assert!(after > Decimal::ZERO);
    let trading = alert("C0001", "trading_after_write_off");
    assert_eq!(trading["write_off_date"], "2016-12-20");
    assert_eq!(money(&trading["amount"]), after);
    // C0040 too, after its write-off (the demo's write-off 2).
    let c0040_write_off = posted_write_offs(&db)
        .into_iter()
        .find(|w| w["customer_id"] == "C0040")
        .unwrap();
    assert_eq!(
        alert("C0040", "trading_after_write_off")["write_off_date"],
        c0040_write_off["date"]
    );

    // Every related-party customer with a balance in the ledger is flagged with it.
    let mut related: BTreeMap<&str, Decimal> = BTreeMap::new();
    for r in june.iter().filter(|r| {
        let t = r["customer_type"].to_lowercase().replace([' ', '-'], "_");
        t == "related_party"
    }) {
        *related.entry(&r["customer_id"]).or_default() += dec(&r["open_amount"]);
    }
    assert_eq!(related.get("R0001"), Some(&dec("37900000.00")));
    let flagged_related: BTreeMap<String, Decimal> = flagged
        .iter()
        .filter_map(|r| {
            r["alerts"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["kind"] == "related_party")
                .map(|a| {
                    assert_eq!(r["customer_type"], "related_party");
                    (
                        r["customer_id"].as_str().unwrap().to_string(),
                        money(&a["balance"]),
                    )
                })
        })
        .collect();
    let expected: BTreeMap<String, Decimal> = related
        .into_iter()
        .filter(|(_, b)| !b.is_zero())
        .map(|(id, b)| (id.to_string(), b))
        .collect();
    assert_eq!(flagged_related, expected);

    // A longer age threshold leaves only the older balances.
    let strict = json(
        &db,
        &[
            "alerts",
            "--as-of",
            as_of,
            "--age-days",
            "400",
            "--format",
            "json",
        ],
    );
    for r in rows(&strict) {
        for a in r["alerts"].as_array().unwrap() {
            if a["kind"] == "no_recent_note" {
                assert!(a["oldest_days"].as_i64().unwrap() > 400, "{r}");
            }
        }
    }

    // CSV: one row per alert.
    let (header, csv) = csv_rows(&ok(&db, &["alerts", "--as-of", as_of, "--format", "csv"]));
    assert_eq!(
        header,
        ["customer_id", "name", "customer_type", "alert", "detail"]
    );
    let alerts: usize = flagged
        .iter()
        .map(|r| r["alerts"].as_array().unwrap().len())
        .sum();
    assert_eq!(csv.len(), alerts);
}

#[test]
fn alerts_at_the_2016_year_end_show_customer_a_s_written_off_documents_still_in_the_ledger() {
    let (_dir, db) = demo();
    let doc = json(
        &db,
        &["alerts", "--as-of", "2016-12-31", "--format", "json"],
    );
    let c0001 = rows(&doc)
        .iter()
        .find(|r| r["customer_id"] == "C0001")
        .unwrap();
    let still = c0001["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "written_off_still_open")
        .unwrap_or_else(|| panic!("{c0001}"));
    // The documents are write-off 1's that the December ledger still lists, and the
    // amount is their open amount there.
    let write_off_1 = posted_write_offs(&db)
        .into_iter()
        .find(|w| w["id"] == 1)
        .unwrap();
    let written: BTreeSet<&str> = write_off_1["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["document_no"].as_str().unwrap())
        .collect();
    let december = fixture_rows("ar_2016-12-31.csv");
    let listed: Vec<&BTreeMap<String, String>> = december
        .iter()
        .filter(|r| r["customer_id"] == "C0001" && written.contains(r["document_no"].as_str()))
        .collect();
    assert!(!listed.is_empty());
    let documents: BTreeSet<&str> = still["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(
        documents,
        listed.iter().map(|r| r["document_no"].as_str()).collect()
    );
    assert_eq!(
        money(&still["amount"]),
        listed
            .iter()
            .map(|r| dec(&r["open_amount"]))
            .sum::<Decimal>()
    );
}

#[test]
fn activity_of_customer_a_shows_billings_in_2017_after_its_write_off() {
    let (_dir, db) = demo();
    let doc = json(&db, &["activity", "C0001", "--format", "json"]);
    assert_eq!(doc["customer_id"], "C0001");
    assert_eq!(doc["last_write_off"], "2016-12-20");

    // Billings are documents first seen after the first ledger, by their amount and
    // document date: read every fixture ledger for C0001's documents.
    let snapshots = json(&db, &["snapshots", "--format", "json"]);
    let mut first_seen: BTreeMap<String, (usize, NaiveDate, Decimal)> = BTreeMap::new();
    for (i, s) in rows(&snapshots).iter().enumerate() {
        let name = s["source_name"].as_str().unwrap();
        for r in fixture_rows(name)
            .into_iter()
            .filter(|r| r["customer_id"] == "C0001")
        {
            first_seen.entry(r["document_no"].clone()).or_insert((
                i,
                r["document_date"].parse().unwrap(),
                dec(&r["amount"]),
            ));
        }
    }
    let billed: Vec<&(usize, NaiveDate, Decimal)> =
        first_seen.values().filter(|(i, _, _)| *i > 0).collect();
    let write_off_date: NaiveDate = "2016-12-20".parse().unwrap();
    let billed_after: Decimal = billed
        .iter()
        .filter(|(_, d, _)| *d > write_off_date)
        .map(|(_, _, a)| *a)
        .sum();
    let billed_2017: Decimal = billed
        .iter()
        .filter(|(_, d, _)| chrono::Datelike::year(d) == 2017)
        .map(|(_, _, a)| *a)
        .sum();
    assert!(
        billed_after > Decimal::ZERO,
        "the story bills Customer A again"
    );
    assert_eq!(money(&doc["billed_after_write_off"]), billed_after);
    assert_eq!(money(&doc["billings_by_year"]["2017"]), billed_2017);

    let periods = rows(&doc);
    assert_eq!(
        periods.len(),
        rows(&snapshots).len() - 1,
        "one row per period"
    );
    let billings: Decimal = periods.iter().map(|p| money(&p["billings"])).sum();
    assert_eq!(
        billings,
        billed.iter().map(|(_, _, a)| *a).sum::<Decimal>(),
        "every billing is in a period"
    );
    // What was written off leaves the ledger as write-offs, not collections: the
    // periods' write-offs add up to write-off 1.
    let written_off: Decimal = periods.iter().map(|p| money(&p["write_offs"])).sum();
    assert_eq!(written_off, dec("12378044.00"));
    // Billed in 2017 only after the write-off.
    for p in periods {
        if money(&p["billings"]) > Decimal::ZERO {
            assert!(date(&p["as_of"]) > write_off_date, "{p}");
        }
    }
}

#[test]
fn activity_format_csv_prints_csv_with_a_header_and_exact_decimals() {
    let (_dir, db) = demo();
    let doc = json(&db, &["activity", "C0040", "--format", "json"]);
    let text = ok(&db, &["activity", "C0040", "--format", "csv"]);
    let (header, csv) = csv_rows(&text);
    assert_eq!(
        header,
        [
            "customer_id",
            "as_of",
            "billings",
            "collections",
            "write_offs",
            "adjustments",
            "recoveries",
            "balance"
        ]
    );
    let periods = rows(&doc);
    assert_eq!(csv.len(), periods.len());
    for (row, p) in csv.iter().zip(periods) {
        assert_eq!(row[0], "C0040");
        assert_eq!(row[1], p["as_of"].as_str().unwrap());
        for (cell, key) in row[2..].iter().zip(&header[2..]) {
            // Plain exact decimals: no thousands separators, no parentheses.
            let value: Decimal = cell.parse().unwrap_or_else(|e| panic!("'{cell}': {e}"));
            assert_eq!(value.scale(), 2, "'{cell}'");
            assert_eq!(value, money(&p[key.as_str()]), "{key} at {}", row[1]);
        }
    }
    // The recovery of 5,000.00 is in the period it was received in (May 2017).
    let may = csv.iter().find(|r| r[1] == "2017-05-31").unwrap();
    assert_eq!(may[6], "5000.00");
    let recovered: Decimal = csv.iter().map(|r| dec(&r[6])).sum();
    assert_eq!(recovered, dec("5000.00"));
}

#[test]
fn activity_balances_move_by_the_period_s_movements_written_off_or_not() {
    // Customer B pays its old balance in instalments and is never written off; Customer
    // A is written off in December 2016 while the ERP still lists one of its invoices.
    // For both, every period's movements take the balance from one ledger to the next.
    let (_dir, db) = demo();
    for (customer, written_off) in [("C0002", false), ("C0001", true)] {
        let doc = json(&db, &["activity", customer, "--format", "json"]);
        assert_eq!(doc["last_write_off"].is_null(), !written_off);
        let periods = rows(&doc);
        let (mut collections, mut write_offs) = (Decimal::ZERO, Decimal::ZERO);
        for pair in periods.windows(2) {
            let (before, p) = (&pair[0], &pair[1]);
            let v = |k: &str| money(&p[k]);
            assert_eq!(
                v("balance"),
                money(&before["balance"]) + v("billings") - v("collections") - v("write_offs")
                    + v("adjustments"),
                "{customer} {}",
                p["as_of"]
            );
            collections += v("collections");
            write_offs += v("write_offs");
        }
        if written_off {
            // Every invoice the November ledger lists for it, in the write-off's period.
            let november = std::fs::read_to_string(fixture("ar_2016-11-30.csv")).unwrap();
            let listed: Decimal = november
                .lines()
                .filter(|l| l.starts_with("C0001,"))
                .map(|l| l.rsplit(',').next().unwrap().parse::<Decimal>().unwrap())
                .sum();
            assert_eq!(write_offs, listed);
            assert_eq!(listed, "12378044.00".parse::<Decimal>().unwrap());
            let december = periods.iter().find(|p| p["as_of"] == "2016-12-31").unwrap();
            assert_eq!(money(&december["write_offs"]), write_offs);
            assert_eq!(money(&december["balance"]), Decimal::ZERO);
        } else {
            assert!(collections > Decimal::ZERO);
        }
    }
}
