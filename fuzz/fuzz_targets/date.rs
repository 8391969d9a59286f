//! The one date parser and the as-of date in a file name, on any text: an accepted date
//! lies between the book's bounds, and nothing panics.

#![no_main]

use agebook::domain::date::{EARLIEST, LATEST, as_of_from_file_name, parse_date};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(date) = parse_date(&text) {
        assert!((EARLIEST..=LATEST).contains(&date), "{date} is within the book's dates");
    }
    let _ = as_of_from_file_name(&text);
    let _ = as_of_from_file_name(&format!("ar_{text}.csv"));
});
