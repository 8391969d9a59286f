//! Any text as a date, both ways round, and as a column of dates to detect the order
//! of: never a panic, and a date read is one the book accepts.
#![no_main]

use agebook::import::dates::{DateDialect, DateOrder, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for order in [DateOrder::DayFirst, DateOrder::MonthFirst] {
        if let Ok(date) = parse(text, order) {
            assert!(agebook::domain::date::check_date(date).is_ok(), "{text} read as {date}");
        }
    }
    let _ = DateDialect::detect(text.split('\n'));
});
