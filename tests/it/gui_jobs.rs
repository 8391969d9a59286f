//! The window's jobs end, whatever happens to them, and the window notices other
//! programs: driven through the real app headlessly (egui_kittest).
//!
//! - Numbered defect 8: a worker that panicked left the spinner turning forever and the
//!   queued changes never ran. Now the failure is said in the status bar, the spinner
//!   goes, and the next change runs.
//! - A book that cannot be opened says so in place of the screen, not with a spinner.
//! - A change that another program commits (here a second `Book`, as the command line
//!   would) is reloaded once the window is idle, and the status bar says so; the
//!   window's own changes are not taken for someone else's, and a form being typed in
//!   holds the reload back.

use std::path::Path;
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use agebook::Book;
use agebook::domain::collection::NoteAction;
use agebook::generate::CUSTOMER_A;
use agebook::gui::app::{AgebookApp, changed_elsewhere, changed_elsewhere_waiting};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::gui_support::{App, app, click, has_label, open_customer, type_into, wait_until};
use crate::support::demo_book;

/// Steps the app for `time`, as a window left alone would run.
fn idle_for(harness: &mut App, time: Duration) {
    let start = Instant::now();
    while start.elapsed() < time {
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn spinners(harness: &App) -> usize {
    harness.query_all_by_role(Role::ProgressIndicator).count()
}

/// Opens Customer A through the finder and waits for its notes.
fn open_customer_a(harness: &mut App) {
    open_customer(harness, CUSTOMER_A);
    wait_until(harness, "Customer A's notes", |h| {
        h.query_all_by_label_contains("Collection notes (")
            .next()
            .is_some()
            && h.state().is_ready()
    });
}

fn add_note_through_the_form(harness: &mut App, text: &str) {
    type_into(harness, "Note text", text);
    click(harness, "Add note");
}

fn notes_in_the_book(db: &Path) -> Vec<String> {
    Book::open(db, "amy")
        .unwrap()
        .notes(CUSTOMER_A)
        .unwrap()
        .into_iter()
        .map(|n| n.text)
        .collect()
}

/// Numbered defect 8: a worker that panics hangs the window.
#[test]
fn a_worker_that_panics_shows_its_failure_clears_the_spinner_and_the_queued_change_runs() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut harness = app(&db);
    open_customer_a(&mut harness);

    // The next job that loads the book (the one that adds the first note) waits for the
    // word, then panics, as a bug in a worker would.
    let (release, gate) = channel::<()>();
    harness.state_mut().inject_load_fault(move || {
        let _ = gate.recv();
        panic!("the disk is on fire");
    });
    add_note_through_the_form(&mut harness, "Lost with the worker");
    assert!(harness.state().is_busy(), "the first change runs");
    assert!(spinners(&harness) > 0, "with a spinner");
    // A second change while the first runs waits in the queue (through another form:
    // the note form keeps its text, and waits, until its change is through).
    type_into(&mut harness, "Or a new type name", "key_account");
    click(&mut harness, "Apply type");
    release.send(()).unwrap();

    let applied = format!("{CUSTOMER_A} is now key_account from 2017-06-30");
    wait_until(&mut harness, "the queued type change to run", |h| {
        !h.state().is_busy() && h.state().status() == Some(applied.as_str())
    });
    let error = format!("Adding a note to {CUSTOMER_A} failed: the disk is on fire");
    assert_eq!(harness.state().error(), Some(error.as_str()));
    assert!(
        has_label(&harness, &error),
        "the failure shows in the status bar"
    );
    harness.run_steps(3);
    assert_eq!(spinners(&harness), 0, "no spinner is left turning");
    let notes = notes_in_the_book(&db);
    assert!(!notes.contains(&"Lost with the worker".to_string()));
    assert_eq!(
        harness.get_by_label("Note text").value().as_deref(),
        Some("Lost with the worker"),
        "the lost note's text is still in its form"
    );

    // The error stays until dismissed.
    click(&mut harness, "Dismiss");
    assert_eq!(harness.state().error(), None);
    assert!(!has_label(&harness, &error));
}

#[test]
fn a_book_that_cannot_be_loaded_says_so_instead_of_spinning() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("not-a-book.db");
    std::fs::write(&db, b"this is a spreadsheet, not a book; ".repeat(200)).unwrap();
    let path = db.clone();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .allow_missing_glyphs()
        .build_eframe(move |cc| AgebookApp::for_book(&cc.egui_ctx, path, "amy"));
    wait_until(&mut harness, "the load to end", |h| !h.state().is_busy());
    harness.run_steps(3);

    let error = harness.state().error().expect("an error").to_string();
    assert!(
        error.starts_with("Loading the book failed: ") && error.contains("not an Agebook book"),
        "{error}"
    );
    assert!(
        has_label(&harness, &error),
        "in the status bar and in place of the screen"
    );
    assert!(has_label(&harness, "Nothing to show"));
    assert_eq!(
        spinners(&harness),
        0,
        "no spinner waits for a book that is not coming"
    );
    for screen in ["Long-aging review", "Customer"] {
        harness.get_by_label(screen).click();
        harness.run_steps(3);
        assert_eq!(spinners(&harness), 0, "{screen}: no spinner either");
    }

    // Trying again runs the load again, which fails the same way and says so again.
    click(&mut harness, "Try again");
    wait_until(&mut harness, "the second load to end", |h| {
        !h.state().is_busy()
    });
    assert!(has_label(&harness, "Nothing to show"));
    assert!(harness.state().history().is_none());
}

#[test]
fn a_change_made_by_another_program_is_reloaded_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut harness = app(&db);
    open_customer_a(&mut harness);
    wait_until(&mut harness, "the watcher to start", |h| {
        h.state().is_watching()
    });
    let generation = harness.state().generation();

    // Another program (here a second connection, as `agebook customer note` would be)
    // adds a note.
    let text = "Noted from the command line";
    let mut other = Book::open(&db, "bob").unwrap();
    other
        .add_note(
            CUSTOMER_A,
            "2017-06-30".parse().unwrap(),
            NoteAction::Letter,
            "",
            text,
        )
        .unwrap();
    drop(other);

    wait_until(&mut harness, "the window to reload", |h| {
        h.state().status() == Some(changed_elsewhere().as_str()) && h.state().is_ready()
    });
    assert_eq!(harness.state().generation(), generation + 1, "one reload");
    wait_until(&mut harness, "the new note to show", |h| has_label(h, text));
    assert!(
        has_label(&harness, &changed_elsewhere()),
        "said in the status bar"
    );

    // Left alone, the window does not reload again.
    idle_for(&mut harness, Duration::from_millis(2500));
    assert_eq!(harness.state().generation(), generation + 1);
}

#[test]
fn the_windows_own_change_is_not_taken_for_another_programs() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut harness = app(&db);
    open_customer_a(&mut harness);
    wait_until(&mut harness, "the watcher to start", |h| {
        h.state().is_watching()
    });
    let generation = harness.state().generation();

    add_note_through_the_form(&mut harness, "Called them myself");
    wait_until(&mut harness, "the note to be added", |h| {
        h.state().is_ready() && has_label(h, "Called them myself")
    });
    // Long enough for the watcher to have looked at the book twice since.
    idle_for(&mut harness, Duration::from_millis(2500));
    let added = format!("Note added to {CUSTOMER_A}");
    assert_eq!(harness.state().status(), Some(added.as_str()));
    assert_eq!(
        harness.state().generation(),
        generation + 1,
        "loaded once, for its own change"
    );
}

#[test]
fn a_form_being_typed_in_holds_the_reload_back_until_it_is_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut harness = app(&db);
    open_customer_a(&mut harness);
    wait_until(&mut harness, "the watcher to start", |h| {
        h.state().is_watching()
    });
    let generation = harness.state().generation();
    type_into(&mut harness, "Note text", "half");

    let mut other = Book::open(&db, "bob").unwrap();
    other
        .add_note(
            CUSTOMER_A,
            "2017-06-30".parse().unwrap(),
            NoteAction::Call,
            "",
            "Meanwhile, elsewhere",
        )
        .unwrap();
    drop(other);
    wait_until(&mut harness, "the window to notice", |h| {
        h.state().status() == Some(changed_elsewhere_waiting().as_str())
    });
    assert_eq!(harness.state().generation(), generation, "not reloaded yet");

    harness.get_by_label("Note text").focus();
    harness.step();
    for _ in 0.."half".len() {
        harness.key_press(egui::Key::Backspace);
        harness.step();
    }
    wait_until(&mut harness, "the reload", |h| {
        h.state().status() == Some(changed_elsewhere().as_str()) && h.state().is_ready()
    });
    assert_eq!(harness.state().generation(), generation + 1);
}
