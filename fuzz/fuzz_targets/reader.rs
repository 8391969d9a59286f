//! Any bytes as a ledger file: encoding and delimiter detection, the header search, the
//! column map, the dialects and every row. Never a panic; every finding names a line
//! within the file.
#![no_main]

use agebook::import::dates::DateOrder;
use agebook::import::preview::preview_ledger;
use agebook::import::LedgerContext;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let ctx = LedgerContext {
        file: "fuzz.csv".into(),
        as_of: chrono::NaiveDate::from_ymd_opt(2016, 12, 31).unwrap(),
        currency: "CNY".into(),
        minor_digits: 2,
        default_terms_days: 30,
        date_order: DateOrder::DayFirst,
        check_duplicates: true,
    };
    if let Ok(preview) = preview_ledger(data, &ctx, 20) {
        let lines = data.iter().filter(|b| **b == b'\n').count() as u64 + 2;
        for p in &preview.problems {
            assert!(p.at.line <= lines, "line {} of {lines}", p.at.line);
        }
    }
});
