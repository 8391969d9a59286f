//! The policy (provision matrix) file reader on any text: refused with an error or
//! read into a matrix whose buckets cover every number of days once (contiguous, only
//! the last open-ended), which writes back to CSV and reads again; never a panic.

#![no_main]

use agebook::domain::aging::AgingBasis;
use agebook::import::policy::{parse_policy, policy_to_csv};
use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Some(effective) = NaiveDate::from_ymd_opt(2016, 1, 1) else {
        return;
    };
    for basis in [AgingBasis::DueDate, AgingBasis::DocumentDate] {
        if let Ok(matrix) = parse_policy(&text, "policy.csv", effective, basis) {
            let buckets = matrix.buckets.buckets();
            let (last, rest) = buckets.split_last().expect("a matrix has buckets");
            assert!(last.upper.is_none(), "the last bucket is open-ended: {buckets:?}");
            for pair in buckets.windows(2) {
                let upper = pair[0].upper;
                assert!(
                    upper.is_some_and(|u| u.checked_add(1) == Some(pair[1].lower)),
                    "bucket {:?} follows {:?} without a gap or an overlap",
                    pair[1].label,
                    pair[0].label
                );
            }
            assert_eq!(rest.len() + 1, matrix.buckets.len());
            let written = policy_to_csv(&matrix);
            let again = parse_policy(&written, "policy.csv", effective, basis);
            assert!(again.is_ok(), "a matrix's own CSV reads back: {again:?}\n{written}");
        }
    }
});
