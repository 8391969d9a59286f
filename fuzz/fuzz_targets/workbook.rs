//! Any bytes that start as a workbook does: calamine's reading and the cell texts.
//! Never a panic.
#![no_main]

use agebook::import::workbook::open_workbook;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend_from_slice(data);
    let _ = open_workbook(bytes, None);
});
