//! The bundled fixtures are exactly what `agebook::generate` writes, and they tell the
//! story of the specification's introduction.
//!
//! After changing the generator, rewrite the fixtures with
//! `AGEBOOK_BLESS=1 cargo test --test it fixtures_are_generated`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use agebook::generate::{
    self, CUSTOMER_A, CUSTOMER_B, LedgerSpec, RELATED_PARTY, RELATED_PARTY_LOAN_DOC,
};
use chrono::NaiveDate;
use rust_decimal::Decimal;

const HEADER: &str = "customer_id,customer_name,customer_type,document_no,document_date,due_date,currency,disputed,amount,open_amount";

/// One data row of a ledger, as read back.
#[derive(Debug, Clone)]
struct Row {
    customer_id: String,
    document_no: String,
    document_date: NaiveDate,
    disputed: bool,
    amount: Decimal,
    open_amount: Decimal,
}

struct Ledger {
    name: String,
    as_of: NaiveDate,
    rows: Vec<Row>,
}

impl Ledger {
    fn find(&self, customer_id: &str, document_no: &str) -> Option<&Row> {
        self.rows
            .iter()
            .find(|row| row.customer_id == customer_id && row.document_no == document_no)
    }
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Amounts in the canonical format: digits, a point, exactly two digits, maybe a minus.
fn money(text: &str) -> Decimal {
    let (units, cents) = text.split_once('.').unwrap();
    assert_eq!(cents.len(), 2, "{text} has not exactly two places");
    assert!(!units.contains(','), "{text} has a thousands separator");
    text.parse().unwrap()
}

fn parse(name: &str, text: &str) -> Vec<Row> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>().join(","),
        HEADER,
        "{name}"
    );
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            assert_eq!(&record[6], "CNY", "{name}");
            assert!(matches!(&record[7], "yes" | "no"), "{name}");
            Row {
                customer_id: record[0].to_owned(),
                document_no: record[3].to_owned(),
                document_date: day(&record[4]),
                disputed: &record[7] == "yes",
                amount: money(&record[8]),
                open_amount: money(&record[9]),
            }
        })
        .collect()
}

fn ledgers() -> Vec<Ledger> {
    generate::fixture_files()
        .into_iter()
        .filter_map(|file| {
            let date = file.name.strip_prefix("ar_")?.strip_suffix(".csv")?;
            Some(Ledger {
                as_of: day(date),
                rows: parse(&file.name, &file.contents),
                name: file.name,
            })
        })
        .collect()
}

#[test]
fn fixtures_on_disk_are_the_generated_ones() {
    let dir = fixtures_dir();
    let files = generate::fixture_files();
    if std::env::var("AGEBOOK_BLESS").as_deref() == Ok("1") {
        std::fs::create_dir_all(&dir).unwrap();
        for file in &files {
            std::fs::write(dir.join(&file.name), &file.contents).unwrap();
        }
        return;
    }
    for file in &files {
        let path = dir.join(&file.name);
        let on_disk = std::fs::read_to_string(&path).unwrap_or_else(|error| {
            panic!(
                "{}: {error}; run AGEBOOK_BLESS=1 cargo test --test it fixtures_are_generated",
                path.display()
            )
        });
        assert!(
            on_disk == file.contents,
            "{} differs from the generator; run AGEBOOK_BLESS=1 cargo test --test it fixtures_are_generated",
            path.display()
        );
    }
}

#[test]
fn there_are_eighteen_ledgers_and_a_policy() {
    let files = generate::fixture_files();
    let names: Vec<&str> = files.iter().map(|file| file.name.as_str()).collect();
    assert_eq!(names.len(), 19);
    assert_eq!(names[0], "ar_2016-01-31.csv");
    assert_eq!(names[17], "ar_2017-06-30.csv");
    assert_eq!(names[18], "policy.csv");
    let expected: Vec<String> = generate::fixture_month_ends()
        .into_iter()
        .map(|as_of| format!("ar_{as_of}.csv"))
        .collect();
    assert_eq!(names[..18], expected);
}

#[test]
fn the_policy_has_a_row_per_type_and_rates_rising_with_age() {
    let files = generate::fixture_files();
    let policy = &files[18].contents;
    let mut reader = csv::Reader::from_reader(policy.as_bytes());
    assert_eq!(
        reader
            .headers()
            .unwrap()
            .iter()
            .collect::<Vec<_>>()
            .join(","),
        "customer_type,current,1-30,31-60,61-90,91-180,181-365,366-730,731-1095,1096+"
    );
    let mut types = Vec::new();
    for record in reader.records() {
        let record = record.unwrap();
        types.push(record[0].to_owned());
        let rates: Vec<Decimal> = record.iter().skip(1).map(|r| r.parse().unwrap()).collect();
        assert!(
            rates.windows(2).all(|pair| pair[0] <= pair[1]),
            "{record:?}"
        );
        assert!(
            rates
                .iter()
                .all(|rate| *rate >= Decimal::ZERO && *rate <= Decimal::ONE)
        );
    }
    assert_eq!(
        types,
        [
            "state_owned",
            "government",
            "private",
            "related_party",
            "individual",
            "other",
            "*"
        ]
    );
}

#[test]
fn every_ledger_holds_a_few_hundred_open_items_sorted_and_unique() {
    for ledger in ledgers() {
        assert!(
            (300..=900).contains(&ledger.rows.len()),
            "{} has {} rows",
            ledger.name,
            ledger.rows.len()
        );
        let keys: Vec<(&str, NaiveDate, &str)> = ledger
            .rows
            .iter()
            .map(|row| {
                (
                    row.customer_id.as_str(),
                    row.document_date,
                    row.document_no.as_str(),
                )
            })
            .collect();
        assert!(
            keys.windows(2).all(|pair| pair[0] < pair[1]),
            "{} is not sorted",
            ledger.name
        );
        let mut seen = BTreeSet::new();
        for row in &ledger.rows {
            assert!(
                seen.insert((&row.customer_id, &row.document_no)),
                "{}: {} {} twice",
                ledger.name,
                row.customer_id,
                row.document_no
            );
            assert!(
                row.document_date <= ledger.as_of,
                "{}: {row:?}",
                ledger.name
            );
            assert!(!row.open_amount.is_zero(), "{}: {row:?}", ledger.name);
        }
    }
}

#[test]
fn open_amount_never_exceeds_amount_for_positive_documents() {
    for ledger in ledgers() {
        for row in &ledger.rows {
            if row.amount > Decimal::ZERO {
                assert!(
                    row.open_amount > Decimal::ZERO && row.open_amount <= row.amount,
                    "{}: {row:?}",
                    ledger.name
                );
            } else {
                assert!(
                    row.open_amount < Decimal::ZERO && row.open_amount >= row.amount,
                    "{}: {row:?}",
                    ledger.name
                );
            }
        }
    }
}

#[test]
fn the_related_party_loan_is_open_in_full_in_every_ledger() {
    let loan = Decimal::from(37_900_000);
    for ledger in ledgers() {
        let row = ledger
            .find(RELATED_PARTY, RELATED_PARTY_LOAN_DOC)
            .unwrap_or_else(|| panic!("{} has no loan", ledger.name));
        assert_eq!(row.amount, loan, "{}", ledger.name);
        assert_eq!(row.open_amount, loan, "{}", ledger.name);
        assert_eq!(row.document_date, day("2014-06-30"));
    }
}

#[test]
fn written_off_documents_leave_the_ledger_except_one_of_customer_a_for_a_month() {
    let ledgers = ledgers();
    let write_offs = generate::story_write_offs();
    let mut lingering = Vec::new();
    for write_off in &write_offs {
        for ledger in ledgers
            .iter()
            .filter(|ledger| ledger.as_of >= write_off.date)
        {
            if ledger
                .find(write_off.customer_id, &write_off.document_no)
                .is_some()
            {
                lingering.push((ledger.as_of, write_off.customer_id, &write_off.document_no));
            }
        }
    }
    assert_eq!(lingering.len(), 1, "{lingering:?}");
    assert_eq!(lingering[0].0, day("2016-12-31"));
    assert_eq!(lingering[0].1, CUSTOMER_A);
}

#[test]
fn customer_a_disputes_about_twelve_million_of_2015_invoices_then_is_written_off() {
    let ledgers = ledgers();
    let a_write_offs: Vec<_> = generate::story_write_offs()
        .into_iter()
        .filter(|write_off| write_off.customer_id == CUSTOMER_A)
        .collect();
    assert!(a_write_offs.iter().all(|w| w.date == day("2016-12-20")));
    let total: Decimal = a_write_offs.iter().map(|w| w.amount).sum();
    assert!(
        total >= Decimal::from(12_000_000) && total <= Decimal::from(13_000_000),
        "{total}"
    );
    for ledger in ledgers
        .iter()
        .filter(|ledger| ledger.as_of < day("2016-12-20"))
    {
        for write_off in &a_write_offs {
            let row = ledger.find(CUSTOMER_A, &write_off.document_no).unwrap();
            assert_eq!(row.document_date.format("%Y").to_string(), "2015");
            assert_eq!(
                row.disputed,
                ledger.as_of >= day("2016-03-31"),
                "{} {}",
                ledger.name,
                write_off.document_no
            );
        }
    }
    // Trading after the write-off: one new invoice in February 2017, still unpaid.
    let last = ledgers.last().unwrap();
    let new: Vec<&Row> = last
        .rows
        .iter()
        .filter(|row| row.customer_id == CUSTOMER_A)
        .collect();
    assert_eq!(new.len(), 1, "{new:?}");
    assert_eq!(new[0].document_date.format("%Y-%m").to_string(), "2017-02");
    assert_eq!(new[0].open_amount, new[0].amount);
}

#[test]
fn customer_b_pays_its_2014_balance_in_instalments_by_november_2016() {
    let old_balance = |ledger: &Ledger| -> Decimal {
        ledger
            .rows
            .iter()
            .filter(|row| row.customer_id == CUSTOMER_B && row.document_date < day("2015-01-01"))
            .map(|row| row.open_amount)
            .sum()
    };
    let balances: Vec<(NaiveDate, Decimal)> = ledgers()
        .iter()
        .map(|ledger| (ledger.as_of, old_balance(ledger)))
        .collect();
    let start = balances[0].1;
    assert!(
        start >= Decimal::from(7_500_000) && start <= Decimal::from(8_500_000),
        "{start}"
    );
    let steps = balances
        .windows(2)
        .filter(|pair| pair[1].1 < pair[0].1)
        .count();
    assert!((3..=4).contains(&steps), "{balances:?}");
    assert!(balances.windows(2).all(|pair| pair[1].1 <= pair[0].1));
    for (as_of, balance) in &balances {
        if *as_of >= day("2016-11-30") {
            assert!(balance.is_zero(), "{as_of}: {balance}");
        } else {
            assert!(!balance.is_zero(), "{as_of}: {balance}");
        }
    }
}

#[test]
fn story_write_offs_equal_the_open_amount_in_the_last_ledger_before() {
    let ledgers = ledgers();
    let write_offs = generate::story_write_offs();
    assert!(write_offs.len() >= 15, "{write_offs:?}");
    let clean_up = write_offs
        .iter()
        .filter(|w| w.date >= day("2017-02-01") && w.date <= day("2017-06-30"))
        .count();
    assert!((8..=12).contains(&clean_up), "{write_offs:?}");
    for write_off in &write_offs {
        let before = ledgers
            .iter()
            .rev()
            .find(|ledger| ledger.as_of < write_off.date)
            .unwrap();
        let row = before
            .find(write_off.customer_id, &write_off.document_no)
            .unwrap_or_else(|| panic!("{write_off:?} is not in {}", before.name));
        assert_eq!(row.open_amount, write_off.amount, "{write_off:?}");
    }
}

#[test]
fn some_customer_types_are_exported_under_synonyms() {
    let files = generate::fixture_files();
    let mut labels: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files.iter().filter(|file| file.name.starts_with("ar_")) {
        let mut reader = csv::Reader::from_reader(file.contents.as_bytes());
        for record in reader.records() {
            let record = record.unwrap();
            labels
                .entry(record[0].to_owned())
                .or_default()
                .insert(record[2].to_owned());
        }
    }
    assert!(
        labels.values().all(|set| set.len() == 1),
        "a customer changes label"
    );
    let all: BTreeSet<&str> = labels
        .values()
        .flat_map(|set| set.iter().map(String::as_str))
        .collect();
    for label in [
        "state_owned",
        "government",
        "private",
        "related_party",
        "individual",
        "other",
        "SOE",
    ] {
        assert!(all.contains(label), "{label} missing from {all:?}");
    }
}

#[test]
fn write_ledger_writes_exactly_the_items_asked_for() {
    let spec = LedgerSpec {
        customers: 37,
        items: 1000,
        as_of: day("2017-06-30"),
        seed: 42,
    };
    let mut out = Vec::new();
    generate::write_ledger(&spec, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with(HEADER));
    let rows = parse("generated", &text);
    assert_eq!(rows.len(), 1000);
    let mut seen = BTreeSet::new();
    for pair in rows.windows(2) {
        let key = |row: &Row| {
            (
                row.customer_id.clone(),
                row.document_date,
                row.document_no.clone(),
            )
        };
        assert!(key(&pair[0]) < key(&pair[1]), "{pair:?}");
    }
    for row in &rows {
        assert!(seen.insert((row.customer_id.clone(), row.document_no.clone())));
        assert!(row.document_date <= spec.as_of);
        assert!(!row.open_amount.is_zero());
    }
}

#[test]
fn monthly_ledgers_carry_documents_over_and_keep_their_size() {
    let dir = tempfile::tempdir().unwrap();
    let paths = generate::write_monthly_ledgers(dir.path(), 3, 500, day("2017-06-30"), 9).unwrap();
    let names: Vec<String> = paths
        .iter()
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "ar_2017-04-30.csv",
            "ar_2017-05-31.csv",
            "ar_2017-06-30.csv"
        ]
    );
    let months: Vec<Vec<Row>> = paths
        .iter()
        .map(|path| parse("monthly", &std::fs::read_to_string(path).unwrap()))
        .collect();
    for pair in months.windows(2) {
        assert_eq!(pair[0].len(), 500);
        assert_eq!(pair[1].len(), 500);
        let before: BTreeMap<(&str, &str), &Row> = pair[0]
            .iter()
            .map(|row| ((row.customer_id.as_str(), row.document_no.as_str()), row))
            .collect();
        let carried = pair[1]
            .iter()
            .filter(|row| {
                let Some(old) = before.get(&(row.customer_id.as_str(), row.document_no.as_str()))
                else {
                    return false;
                };
                assert_eq!(old.amount, row.amount);
                assert_eq!(old.document_date, row.document_date);
                assert!(row.open_amount.abs() <= old.open_amount.abs());
                true
            })
            .count();
        assert!((250..500).contains(&carried), "{carried} carried over");
    }
}
