//! The money and rate parsers on any text: an accepted amount is within ±Money::MAX,
//! prints and parses back to itself, and formats with separators without a panic; an
//! accepted rate formats as a percentage without a panic.

#![no_main]

use agebook::Money;
use agebook::domain::money::{NegativeStyle, format_percent, format_rate, parse_rate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(m) = Money::parse(&text) {
        assert!(m.abs() <= Money::MAX, "{m} is within the largest amount");
        let printed = m.to_string();
        assert_eq!(Money::parse(&printed), Ok(m), "'{printed}' parses back");
        assert_eq!(Money::from_minor(m.to_minor()), m, "{m} round-trips through minor units");
        let _ = m.grouped(NegativeStyle::Minus);
        let _ = m.grouped(NegativeStyle::Parentheses);
    }
    if let Some(rate) = parse_rate(&text) {
        let _ = format_rate(rate);
        let _ = format_percent(rate);
    }
});
