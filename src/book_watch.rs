//! Noticing that another program changed the book: a second window, or the command line,
//! writing to the same file while a window shows it.
//!
//! How a change is seen. `PRAGMA data_version` moves whenever *another* connection
//! commits, at almost no cost, but it is per connection: its values cannot be compared
//! between the window's load jobs and a watcher. So the watcher, which keeps one
//! connection open for that counter, compares a [`ChangeToken`] (the newest audit row,
//! the same from every connection) against the token of the history the window loaded,
//! which the window sends it after every load. A report always names the token it was
//! compared against, so the window drops a report that an own change overtook.
//!
//! Invariant: the watcher only reads; it never creates a book (a book that disappeared
//! ends the watch with an error instead).

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::book::{Book, BookError};
use crate::jobs::{Wake, Watch};
use crate::store::StoreError;

pub use crate::store::ChangeToken;

/// How often the watcher looks at the book.
pub const WATCH_INTERVAL: Duration = Duration::from_secs(1);

/// What the watcher reports: the book's token is `now`, which differs from the token
/// `against` of the history the window said it had loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookChanged {
    /// The book's token when the watcher looked.
    pub now: ChangeToken,
    /// The loaded history's token it was compared with.
    pub against: ChangeToken,
}

/// The watch over one book: send it the [`ChangeToken`] of each history loaded; it
/// reports [`BookChanged`] when the book moved on from it.
pub type BookWatch = Watch<ChangeToken, BookChanged>;

impl Book {
    /// The book's [`ChangeToken`]: the same from every connection until someone commits
    /// a change, then greater. Read it before reading what it should describe, so that a
    /// change made in between shows as a newer token rather than being missed.
    pub fn change_token(&self) -> Result<ChangeToken, BookError> {
        Ok(self.store.change_token()?)
    }
}

/// Starts watching the book at `path` on its own thread and connection. `loaded` is the
/// token of the history the window shows; `repaint` wakes the window when a report is
/// sent. Dropping the watch ends it at once.
pub fn watch_book(
    path: &Path,
    user: &str,
    loaded: ChangeToken,
    interval: Duration,
    repaint: impl Fn() + Send + 'static,
) -> BookWatch {
    let path: PathBuf = path.to_path_buf();
    let user = user.to_string();
    Watch::spawn("book changes", repaint, move |ctx| {
        if !path.exists() {
            return Err(format!("the book {} is gone", path.display()));
        }
        let book = Book::open(&path, &user).map_err(|e| format!("{e:#}"))?;
        let mut against = loaded;
        let mut version: Option<i64> = None;
        let mut reported: Option<ChangeToken> = None;
        let mut recheck = true;
        loop {
            match look(&book, &mut version, recheck) {
                Ok(Some(now)) if now != against && reported != Some(now) => {
                    if !ctx.report(BookChanged { now, against }) {
                        return Ok(());
                    }
                    reported = Some(now);
                }
                Ok(_) => {}
                // Another connection holding a lock for longer than the busy timeout is
                // no reason to stop watching: look again next time.
                Err(BookError::Store(StoreError::Busy)) => version = None,
                Err(e) => return Err(format!("{e:#}")),
            }
            match ctx.wait(interval) {
                Wake::Message(token) => {
                    against = token;
                    reported = None;
                    recheck = true;
                }
                Wake::Timeout => recheck = false,
                Wake::Stop => return Ok(()),
            }
        }
    })
}

/// The book's token when something was committed since the last look (or `recheck`
/// asks), else `None`. The counter is read first, so a commit after the token's read
/// moves it for the next look.
fn look(
    book: &Book,
    version: &mut Option<i64>,
    recheck: bool,
) -> Result<Option<ChangeToken>, BookError> {
    let now = book.store.data_version()?;
    if !recheck && *version == Some(now) {
        return Ok(None);
    }
    *version = Some(now);
    Ok(Some(book.change_token()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::collection::NoteAction;
    use std::time::Instant;

    fn a_book_with_a_customer(dir: &Path) -> PathBuf {
        let path = dir.join("book.db");
        let mut book = Book::open(&path, "amy").unwrap();
        let ledger = "customer_id,customer_name,document_no,document_date,open_amount\n\
                      C1,One,INV-1,2016-11-01,100.00\n";
        book.import_reader(
            ledger.as_bytes(),
            "ar_2016-11-30.csv",
            None,
            false,
            &mut |_| {},
            &std::sync::atomic::AtomicBool::new(false),
        )
        .unwrap();
        path
    }

    fn next_report(watch: &mut BookWatch) -> BookChanged {
        let start = Instant::now();
        loop {
            if let Some(changed) = watch.poll().unwrap() {
                return changed;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "no report came");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn the_token_is_the_same_from_two_connections_and_grows_with_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let path = a_book_with_a_customer(dir.path());
        let mut one = Book::open(&path, "amy").unwrap();
        let two = Book::open(&path, "bob").unwrap();
        let before = one.change_token().unwrap();
        assert_eq!(before, two.change_token().unwrap());
        one.add_note(
            "C1",
            "2016-12-01".parse().unwrap(),
            NoteAction::Call,
            "",
            "called",
        )
        .unwrap();
        let after = two.change_token().unwrap();
        assert!(after > before);
        assert_eq!(after, one.change_token().unwrap());
    }

    #[test]
    fn the_watcher_reports_a_change_made_by_another_connection_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = a_book_with_a_customer(dir.path());
        let mut other = Book::open(&path, "bob").unwrap();
        let loaded = other.change_token().unwrap();
        let mut watch = watch_book(&path, "amy", loaded, Duration::from_millis(20), || {});
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(watch.poll(), Ok(None), "nothing changed yet");

        other
            .add_note(
                "C1",
                "2016-12-01".parse().unwrap(),
                NoteAction::Call,
                "",
                "called",
            )
            .unwrap();
        let changed = next_report(&mut watch);
        assert_eq!(changed.against, loaded);
        assert_eq!(changed.now, other.change_token().unwrap());
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(watch.poll(), Ok(None), "the same change is reported once");

        // The window reloads and says so; the watcher is quiet until the next change.
        watch.send(changed.now);
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(watch.poll(), Ok(None));
    }

    #[test]
    fn a_window_that_is_behind_hears_it_when_it_says_what_it_loaded() {
        let dir = tempfile::tempdir().unwrap();
        let path = a_book_with_a_customer(dir.path());
        let old = Book::open(&path, "amy").unwrap().change_token().unwrap();
        let mut other = Book::open(&path, "bob").unwrap();
        other
            .add_note(
                "C1",
                "2016-12-01".parse().unwrap(),
                NoteAction::Call,
                "",
                "called",
            )
            .unwrap();
        let now = other.change_token().unwrap();
        let mut watch = watch_book(&path, "amy", now, Duration::from_secs(60), || {});
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(watch.poll(), Ok(None), "up to date");
        watch.send(old);
        assert_eq!(
            next_report(&mut watch),
            BookChanged { now, against: old },
            "a message is looked at without waiting for the interval"
        );
    }

    #[test]
    fn a_watch_on_a_missing_book_fails_without_creating_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone.db");
        let token = {
            let book = Book::in_memory("amy").unwrap();
            book.change_token().unwrap()
        };
        let mut watch = watch_book(&path, "amy", token, WATCH_INTERVAL, || {});
        let start = Instant::now();
        let why = loop {
            if let Err(why) = watch.poll() {
                break why;
            }
            assert!(start.elapsed() < Duration::from_secs(10));
            std::thread::sleep(Duration::from_millis(5));
        };
        assert!(why.contains("is gone"), "{why}");
        assert!(!path.exists());
    }
}
