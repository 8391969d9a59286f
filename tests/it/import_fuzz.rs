//! The parsers under mangled input (SPEC section 7, "every malformed file is refused
//! with a clear message"): a real ledger with random bytes changed, lines dropped or
//! doubled and the file cut short is either taken whole or refused with problems that
//! name a line, never a panic, and a refused file leaves the book exactly as it was.
//! The field parsers (money, dates, rates, policy files) take any text without a panic.

use std::sync::atomic::AtomicBool;

use agebook::Book;
use agebook::Money;
use agebook::book::BookError;
use agebook::domain::aging::AgingBasis;
use agebook::domain::date::parse_date;
use agebook::domain::money::parse_rate;
use agebook::import::ImportError;
use agebook::import::policy::parse_policy;
use chrono::NaiveDate;
use proptest::prelude::*;

use crate::support::{fixture, import_bytes};

/// The first customers of the first fixture month: real rows, Chinese names, credits,
/// disputed items.
fn ledger() -> Vec<u8> {
    let text = std::fs::read_to_string(fixture("ar_2016-01-31.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().take(60).collect();
    lines.push("");
    lines.join("\n").into_bytes()
}

/// A book that already holds one month, so a refused import has something to spoil.
fn book() -> Book {
    let mut book = Book::in_memory("fuzzer").unwrap();
    book.import_reader(
        ledger().as_slice(),
        "ar_2016-01-31.csv",
        None,
        false,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    book
}

type State = (Vec<agebook::store::SnapshotInfo>, usize, usize);

fn state(book: &Book) -> State {
    (
        book.snapshots().unwrap(),
        book.store().audit_log().unwrap().len(),
        book.store().customers().unwrap().len(),
    )
}

/// One change to the file's bytes; positions are drawn as fractions of its length.
#[derive(Debug, Clone)]
enum Edit {
    /// Overwrite one byte.
    Set(prop::sample::Index, u8),
    /// Insert one byte.
    Insert(prop::sample::Index, u8),
    /// Remove up to `n` bytes.
    Remove(prop::sample::Index, usize),
    /// Write one line twice.
    DoubleLine(prop::sample::Index),
    /// Cut the file short.
    Truncate(prop::sample::Index),
}

/// Bytes that matter to a CSV ledger: separators, quotes, line ends, signs, digits,
/// the start of a multi-byte character, a byte that is never UTF-8, NUL.
fn interesting_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        prop::sample::select(vec![
            b',', b'"', b'\n', b'\r', b'-', b'+', b'.', b'0', b'9', b' ', b'(', b'e', b'/', 0xE4,
            0xFF, 0,
        ]),
        any::<u8>(),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<prop::sample::Index>(), interesting_byte()).prop_map(|(i, b)| Edit::Set(i, b)),
        2 => (any::<prop::sample::Index>(), interesting_byte()).prop_map(|(i, b)| Edit::Insert(i, b)),
        2 => (any::<prop::sample::Index>(), 1usize..40).prop_map(|(i, n)| Edit::Remove(i, n)),
        1 => any::<prop::sample::Index>().prop_map(Edit::DoubleLine),
        1 => any::<prop::sample::Index>().prop_map(Edit::Truncate),
    ]
}

fn apply(bytes: &mut Vec<u8>, edit: &Edit) {
    if bytes.is_empty() {
        return;
    }
    match edit {
        Edit::Set(i, b) => {
            let at = i.index(bytes.len());
            bytes[at] = *b;
        }
        Edit::Insert(i, b) => bytes.insert(i.index(bytes.len() + 1), *b),
        Edit::Remove(i, n) => {
            let at = i.index(bytes.len());
            let end = (at + n).min(bytes.len());
            bytes.drain(at..end);
        }
        Edit::DoubleLine(i) => {
            let at = i.index(bytes.len());
            let start = bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            let end = bytes[at..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |p| at + p + 1);
            let line = bytes[start..end].to_vec();
            bytes.splice(end..end, line);
        }
        Edit::Truncate(i) => bytes.truncate(i.index(bytes.len())),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_mangled_ledger_is_taken_whole_or_refused_with_lines_and_the_book_untouched(
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let mut bytes = ledger();
        for e in &edits {
            apply(&mut bytes, e);
        }
        let mut book = book();
        let before = state(&book);
        let result = import_bytes(&mut book, bytes.as_slice(), "ar_2016-02-29.csv");
        match result {
            Ok(outcome) => {
                let after = book.snapshots().unwrap();
                prop_assert_eq!(after.len(), before.0.len() + 1);
                let added = after.iter().find(|s| s.as_of == NaiveDate::from_ymd_opt(2016, 2, 29).unwrap()).unwrap();
                prop_assert_eq!(added.row_count, outcome.snapshot.row_count);
            }
            Err(error) => {
                prop_assert_eq!(state(&book), before, "a refused file changes nothing: {}", error);
                let message = error.to_string();
                prop_assert!(message.contains("ar_2016-02-29.csv"), "the message names the file: {}", message);
                if let BookError::Import(ImportError::Invalid { problems, .. }) = &error {
                    prop_assert!(!problems.is_empty());
                    for p in problems {
                        prop_assert!(p.at.line >= 1, "every problem names its line: {}", p);
                    }
                }
            }
        }
    }

    #[test]
    fn any_bytes_at_all_are_refused_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let mut book = book();
        let before = state(&book);
        if let Err(error) = import_bytes(&mut book, bytes.as_slice(), "ar_2016-02-29.csv") {
            prop_assert_eq!(state(&book), before, "{}", error);
        }
    }

    #[test]
    fn the_field_parsers_take_any_text(text in "\\PC{0,30}", bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = Money::parse(&text);
        let _ = parse_date(&text);
        let _ = parse_rate(&text);
        let policy = String::from_utf8_lossy(&bytes);
        let effective = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap();
        let _ = parse_policy(&policy, "policy.csv", effective, AgingBasis::DueDate);
        let _ = parse_policy(&format!("customer_type,current,1-30,31+\n{text}"), "policy.csv", effective, AgingBasis::DueDate);
    }

    #[test]
    fn money_prints_and_parses_back_to_the_cent(minor in any::<i64>()) {
        let m = Money::from_minor(minor / 4);
        let parsed = Money::parse(&m.to_string());
        if m.abs() <= Money::MAX {
            prop_assert_eq!(parsed.unwrap(), m);
        } else {
            prop_assert!(matches!(parsed, Err(agebook::domain::money::MoneyError::TooLarge(_))));
        }
    }
}

// Crashes found by `cargo fuzz` (fuzz/README.md). Each input is the minimised one the
// fuzzer wrote; the test drives the public API with it and wants an error, not a panic.

/// The message a policy file is refused with; a panic fails the test.
fn policy_refusal(text: &str) -> String {
    let effective = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap();
    let result = std::panic::catch_unwind(|| {
        parse_policy(text, "policy.csv", effective, AgingBasis::DueDate)
            .map(|_| ())
            .map_err(|e| e.to_string())
    });
    let refused = result.expect("a policy file is refused, never a panic");
    refused.expect_err("the policy file is refused")
}

/// `fuzz policy`: a closed last bucket ending on day i64::MAX. `BucketSet::parse`
/// named the day the missing open end should start at as `upper + 1`, which overflowed
/// (src/domain/aging.rs, `BucketError::ClosedLast(upper + 1)`).
#[test]
fn a_policy_whose_last_bucket_ends_on_day_i64_max_is_refused_not_a_panic() {
    let message = policy_refusal("type,current,1-9223372036854775807");
    assert!(message.starts_with("policy.csv:1: "), "{message}");
}

/// `fuzz policy`: a bucket ending on day i64::MAX followed by another. `BucketSet::parse`
/// worked out where the next bucket must start as `prev.upper + 1`, which overflowed
/// (src/domain/aging.rs, `prev.upper.map_or(i64::MAX, |u| u + 1)`).
#[test]
fn a_policy_bucket_ending_on_day_i64_max_before_another_is_refused_not_a_panic() {
    let message = policy_refusal("type,0-9223372036854775807,1+");
    assert!(message.starts_with("policy.csv:1: "), "{message}");
}

/// Found beside the two above by reading `BucketSet::parse` (no panic, so the fuzzer's
/// policy target only caught it once it checked the buckets it gets back): after an
/// open-ended bucket the next one is expected at day i64::MAX, so `1+` followed by
/// `9223372036854775807+` is taken, and the matrix has an open bucket in the middle and
/// a last bucket no item can reach.
#[test]
fn a_policy_with_an_open_ended_bucket_before_the_last_is_refused() {
    let effective = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap();
    let result = parse_policy(
        "customer_type,current,1+,9223372036854775807+\n*,0,0.5,1\n",
        "policy.csv",
        effective,
        AgingBasis::DueDate,
    );
    assert!(
        result.is_err(),
        "only the last bucket may be open-ended: {result:?}"
    );
}

/// `fuzz amount`: `format_rate` (and `format_percent`) multiply by 100 unchecked, so a
/// rate above about 7.9e26 panics with "Multiplication overflowed" (src/domain/money.rs,
/// `rate * Decimal::ONE_HUNDRED`). `parse_rate` accepts such a rate, and
/// `Book::set_specific` formats the refused percentage with `format_rate` when it builds
/// its error, so the refusal itself panics.
#[test]
fn a_specific_percentage_beyond_decimal_range_is_refused_not_a_panic() {
    let text = "792281625549503355935439335";
    let rate = parse_rate(text).unwrap();
    let formatted = std::panic::catch_unwind(|| agebook::domain::money::format_rate(rate));
    assert!(formatted.is_ok(), "format_rate({text}) does not panic");

    let mut book = Book::in_memory("fuzzer").unwrap();
    let from = NaiveDate::from_ymd_opt(2016, 12, 31).unwrap();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        book.set_specific(
            "C0001",
            agebook::domain::policy::SpecificBasis::Percent(rate),
            "fuzz",
            from,
        )
    }));
    let refused = result.expect("an out-of-range percentage is refused, never a panic");
    assert!(
        matches!(refused, Err(BookError::BadSpecific(_))),
        "{refused:?}"
    );
}
