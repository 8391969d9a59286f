//! What several test modules need: the fixtures' paths and a demo book on disk.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use agebook::Book;

/// A file of `fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// The demo book (every fixture month and the story's events), built in `dir` as the
/// user "amy".
pub fn demo_book(dir: &Path) -> PathBuf {
    let path = dir.join("book.db");
    let mut book = Book::open(&path, "amy").unwrap();
    agebook::demo::build_demo(&mut book, &mut |_, _, _| {}, &AtomicBool::new(false)).unwrap();
    path
}
