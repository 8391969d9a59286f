//! Any text as an amount in either decimal style, rounded to 0 and 2 decimals, and as a
//! column of amounts to detect the style of: never a panic.
#![no_main]

use agebook::import::numbers::{NumberDialect, NumberStyle, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for style in [NumberStyle::DecimalPoint, NumberStyle::DecimalComma] {
        if let Ok(p) = parse(text, style) {
            let _ = p.to_money(2);
            let _ = p.to_money(0);
        }
    }
    let _ = NumberDialect::detect(text.split('\n'));
});
