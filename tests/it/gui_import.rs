//! The import screen, driven headlessly with egui_kittest on a book holding the fixture
//! policy and the first three fixture ledgers: a preview of the next ledger, its import
//! with the reconciliation on screen, and a broken file that cannot be imported.

use std::path::{Path, PathBuf};

use agebook::Book;
use agebook::domain::money::NegativeStyle;
use agebook::gui::app::Screen;
use agebook::gui::import::ImportScreen;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};

use crate::gui_support::{App, app_with_strict_glyphs, date, wait_for_state};
use crate::support::{book_with, fixture};

const FIRST_LEDGERS: [&str; 3] = [
    "ar_2016-01-31.csv",
    "ar_2016-02-29.csv",
    "ar_2016-03-31.csv",
];

/// A book with the fixture policy and the first three ledgers.
fn book(dir: &Path) -> PathBuf {
    book_with(dir, &FIRST_LEDGERS).0
}

fn screen(harness: &mut App) -> &mut ImportScreen {
    harness.state_mut().import_screen_mut()
}

/// Data rows of a CSV file (lines after the header that hold anything).
fn data_rows(path: &Path) -> usize {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .count()
}

fn open_import_screen(harness: &mut App) {
    harness
        .get_by_role_and_label(Role::Button, "Import")
        .click();
    harness.run_steps(2);
    assert_eq!(harness.state().screen(), Screen::Import);
    harness.get_by_label("Choose file…");
    harness.get_by_label("You can also drag a ledger file (CSV, TXT, XLSX, XLS) onto this window.");
}

#[test]
fn the_next_ledger_previews_imports_and_reconciles_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let path = book(dir.path());
    let mut harness = app_with_strict_glyphs(&path, None);
    open_import_screen(&mut harness);

    let file = fixture("ar_2016-04-30.csv");
    screen(&mut harness).choose(file.clone());
    wait_for_state(&mut harness, "the preview", |app| {
        let s = app.import_screen_mut();
        !s.is_working() && s.preview().is_some()
    });
    // The date comes from the file name; the preview counts the rows of the CSV.
    assert_eq!(
        harness.get_by_label("As-of date").value().as_deref(),
        Some("2016-04-30")
    );
    let rows = data_rows(&file);
    harness.get_by_label(&format!("{rows} rows"));
    let preview = screen(&mut harness).preview().unwrap().clone();
    assert_eq!(preview.row_count as usize, rows);
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    assert_eq!(preview.rows.len(), 20);
    // The mapped rows show Chinese names and right-aligned grouped amounts.
    assert!(
        harness
            .query_all_by_label("中原重型机械集团有限公司")
            .next()
            .is_some()
    );
    harness.get_by_label(&preview.total.grouped(NegativeStyle::Minus));
    let first = &preview.rows[0];
    assert!(
        harness
            .query_all_by_label(&first.open_amount.grouped(NegativeStyle::Minus))
            .next()
            .is_some()
    );
    assert!(screen(&mut harness).import_blocked().is_none());
    harness.check_accessibility();

    let import = harness.get_by_label("Import ledger");
    assert!(!import.accesskit_node().is_disabled());
    import.click();
    wait_for_state(&mut harness, "the import and the reload", |app| {
        app.import_screen_mut().imported().is_some() && app.is_ready()
    });

    // The shell reloaded and selected the new date.
    let as_of = date("2016-04-30");
    let history = harness.state().history().unwrap().clone();
    assert_eq!(history.snapshots.len(), 4);
    assert_eq!(history.snapshots[3].as_of, as_of);
    assert_eq!(harness.state().as_of(), Some(as_of));
    assert_eq!(
        harness.get_by_role(Role::ComboBox).value().as_deref(),
        Some("2016-04-30")
    );
    assert_eq!(history.snapshots[3].row_count as usize, rows);

    // The result and the reconciliation, as the book computes them.
    let done = screen(&mut harness).imported().unwrap().clone();
    assert_eq!(done.outcome.snapshot.row_count as usize, rows);
    let book = Book::open(&path, "amy").unwrap();
    let expected = book.reconcile(as_of).unwrap();
    assert_eq!(&done.outcome.reconciliation, &expected);
    assert!(expected.holds());
    assert_eq!(expected.prior_as_of, Some(date("2016-03-31")));
    harness.get_by_label("Reconciliation with the prior snapshot");
    harness.get_by_label("Prior total, 2016-03-31");
    harness.get_by_label("Total, 2016-04-30");
    let grouped = |m: agebook::Money| m.grouped(NegativeStyle::Minus);
    for amount in [
        grouped(expected.prior.amount),
        grouped(expected.new_documents.amount),
        grouped(-expected.paid_down.amount),
        grouped(-expected.collected.amount),
        grouped(expected.total.amount),
    ] {
        assert!(
            harness.query_all_by_label(&amount).next().is_some(),
            "{amount} is on screen"
        );
    }
    harness.get_by_label(&expected.new_documents.documents.to_string());
    harness.check_accessibility();

    // "Import another file…" starts over.
    harness.get_by_label("Import another file…").click();
    harness.run_steps(2);
    assert!(screen(&mut harness).path().is_none());
    assert!(screen(&mut harness).imported().is_none());
    harness.get_by_label("Choose file…");
}

#[test]
fn a_broken_file_shows_its_error_with_the_line_and_cannot_be_imported() {
    let dir = tempfile::tempdir().unwrap();
    let path = book(dir.path());
    let before = Book::open(&path, "amy").unwrap().snapshots().unwrap();
    // The April ledger with a bad document date on line 3.
    let text = std::fs::read_to_string(fixture("ar_2016-04-30.csv")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut fields: Vec<String> = lines[2].split(',').map(str::to_string).collect();
    fields[4] = "2016-13-45".into();
    lines[2] = fields.join(",");
    let broken = dir.path().join("broken_2016-04-30.csv");
    std::fs::write(&broken, lines.join("\n") + "\n").unwrap();

    let mut harness = app_with_strict_glyphs(&path, None);
    open_import_screen(&mut harness);
    screen(&mut harness).choose(broken);
    wait_for_state(&mut harness, "the preview", |app| {
        let s = app.import_screen_mut();
        !s.is_working() && s.preview().is_some()
    });
    let preview = screen(&mut harness).preview().unwrap().clone();
    assert_eq!(preview.problems.len(), 1);
    assert_eq!(preview.problems[0].at.line, 3);
    harness.get_by_label("Error · Line 3, column 5 (document_date): '2016-13-45' is not a date");
    harness.get_by_label("1 error");
    harness.check_accessibility();

    // Import stays disabled, and clicking it does nothing.
    let import = harness.get_by_label("Import ledger");
    assert!(import.accesskit_node().is_disabled());
    import.click();
    harness.run_steps(3);
    assert!(screen(&mut harness).import_blocked().is_some());
    assert!(!screen(&mut harness).is_working());
    assert!(screen(&mut harness).imported().is_none());
    let after = Book::open(&path, "amy").unwrap().snapshots().unwrap();
    assert_eq!(after, before, "the book is unchanged");
    assert_eq!(harness.state().history().unwrap().snapshots.len(), 3);
}

#[test]
fn a_file_already_imported_is_named_before_import_and_needs_replace() {
    let dir = tempfile::tempdir().unwrap();
    let path = book(dir.path());
    // The March ledger again, under a name that gives another date.
    let copy = dir.path().join("ar_2016-04-30.csv");
    std::fs::copy(fixture("ar_2016-03-31.csv"), &copy).unwrap();

    let mut harness = app_with_strict_glyphs(&path, None);
    open_import_screen(&mut harness);
    screen(&mut harness).choose(copy);
    wait_for_state(&mut harness, "the preview", |app| {
        let s = app.import_screen_mut();
        !s.is_working() && s.preview().is_some()
    });
    harness.run_steps(3);
    let why = screen(&mut harness).import_blocked().map(str::to_string);
    assert_eq!(
        why.as_deref(),
        Some(
            "This file was imported already, as the snapshot of 2016-03-31 (ar_2016-03-31.csv): \
             tick “Replace the existing snapshot” to import it again"
        )
    );
    assert!(
        harness
            .get_by_label("Import ledger")
            .accesskit_node()
            .is_disabled()
    );
    // Ticking Replace lets it through.
    harness
        .get_by_label("Replace the existing snapshot")
        .click();
    harness.run_steps(3);
    assert_eq!(screen(&mut harness).import_blocked(), None);
}

#[test]
fn a_ledger_dated_in_a_closed_period_cannot_be_imported_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let path = book(dir.path());
    {
        let mut book = agebook::Book::open(&path, "amy").unwrap();
        book.close_period(date("2016-03-31")).unwrap();
    }
    let mut harness = app_with_strict_glyphs(&path, None);
    open_import_screen(&mut harness);
    // Replacing the closed March is refused before anything is written.
    screen(&mut harness).choose(fixture("ar_2016-03-31.csv"));
    wait_for_state(&mut harness, "the preview", |app| {
        let s = app.import_screen_mut();
        !s.is_working() && s.preview().is_some()
    });
    harness
        .get_by_label("Replace the existing snapshot")
        .click();
    harness.run_steps(3);
    let why = screen(&mut harness).import_blocked().map(str::to_string);
    assert_eq!(
        why.as_deref(),
        Some(
            "The book is closed through 2016-03-31: a snapshot as of 2016-03-31 cannot be \
             imported until that period is reopened"
        )
    );
    assert!(
        harness
            .get_by_label("Import ledger")
            .accesskit_node()
            .is_disabled()
    );
    // April, after the close, goes through.
    screen(&mut harness).choose(fixture("ar_2016-04-30.csv"));
    wait_for_state(&mut harness, "the preview", |app| {
        let s = app.import_screen_mut();
        !s.is_working() && s.preview().is_some_and(|p| p.as_of == date("2016-04-30"))
    });
    assert_eq!(screen(&mut harness).import_blocked(), None);
}

/// Clicks the dropdown whose label is `field` and picks `option` from its list.
fn pick(harness: &mut App, field: &str, option: &str) {
    harness.get_by_role_and_label(Role::ComboBox, field).click();
    harness.run_steps(2);
    harness
        .query_all_by_label(option)
        .last()
        .unwrap_or_else(|| panic!("the option {option} under {field}"))
        .click();
    harness.run_steps(2);
}

/// A shop tool's export the dictionary does not know two columns of: the mapping grid
/// shows the amount missing and the name standing in for the code, the user picks the columns in its dropdowns, the preview reads
/// the file again with them, the choice is saved as a profile the command line reuses,
/// and the import takes the file.
#[test]
fn an_unknown_column_is_mapped_in_the_grid_saved_as_a_profile_and_imported() {
    let dir = tempfile::tempdir().unwrap();
    let path = book(dir.path());
    let file = dir.path().join("kunden_2016-04-30.csv");
    std::fs::write(
        &file,
        "Kd.Nr;Name;Invoice No;Invoice Date;Due Date;Offen €\n\
         K1;Süßwaren Özdemir;R-1;15.03.2016;14.04.2016;1.234,50\n\
         K1;Süßwaren Özdemir;R-2;20.04.2016;20.05.2016;-34,50\n\
         K2;Bäckerei Kühn;R-3;01.02.2016;02.03.2016;100,00\n",
    )
    .unwrap();
    let mut harness = app_with_strict_glyphs(&path, None);
    open_import_screen(&mut harness);
    screen(&mut harness).choose(file.clone());
    let idle_with_preview = |app: &mut agebook::gui::app::AgebookApp| {
        let s = app.import_screen_mut();
        !s.is_working() && s.preview().is_some()
    };
    wait_for_state(&mut harness, "the preview", idle_with_preview);
    let fields: Vec<String> = screen(&mut harness)
        .preview()
        .unwrap()
        .problems
        .iter()
        .map(|p| p.to_string())
        .collect();
    // Without a code column the name stands in for the id, as for a ledger that has
    // none; only the amount is missing.
    assert_eq!(fields.len(), 1, "{fields:?}");
    assert!(fields[0].contains("'open_amount'"), "{fields:?}");
    harness.get_by_role_and_label(Role::ComboBox, "open_amount");

    pick(&mut harness, "customer_id", "A · Kd.Nr");
    wait_for_state(&mut harness, "the preview with the id", idle_with_preview);
    pick(&mut harness, "open_amount", "F · Offen €");
    wait_for_state(&mut harness, "the preview with both", |app| {
        let s = app.import_screen_mut();
        !s.is_working() && s.preview().is_some_and(|p| p.problems.is_empty())
    });
    let preview = screen(&mut harness).preview().unwrap().clone();
    assert_eq!(
        preview.total.to_string(),
        "1300.00",
        "1,234.50 - 34.50 + 100.00"
    );
    harness.get_by_label("1,300.00");

    let field = harness
        .query_all_by_label("Save as")
        .find(|n| n.accesskit_node().role() == Role::TextInput)
        .map(|n| n.rect().center())
        .unwrap();
    crate::gui_support::press_at(&mut harness, field);
    harness
        .query_all_by_label("Save as")
        .find(|n| n.accesskit_node().role() == Role::TextInput)
        .unwrap()
        .type_text("Kd shop");
    harness.run_steps(2);
    harness.get_by_label("Save profile").click();
    crate::gui_support::wait_until(&mut harness, "the profile saved", |h| {
        h.query_by_label("Saved the profile “Kd shop”").is_some()
    });
    let profiles = Book::open(&path, "tester")
        .unwrap()
        .import_profiles()
        .unwrap();
    assert_eq!(profiles.len(), 1);
    assert_eq!(profiles[0].0, "Kd shop");
    let map: Vec<(&str, &str)> = profiles[0]
        .1
        .map
        .iter()
        .map(|(f, c)| (f.as_str(), c.as_str()))
        .collect();
    assert_eq!(
        map,
        vec![("customer_id", "Kd.Nr"), ("open_amount", "Offen €")]
    );

    harness.get_by_label("Import ledger").click();
    wait_for_state(&mut harness, "the import", |app| {
        app.import_screen_mut().imported().is_some()
    });
    let book = Book::open(&path, "tester").unwrap();
    let last = book.snapshots().unwrap().pop().unwrap();
    assert_eq!((last.as_of, last.row_count), (date("2016-04-30"), 3));
    assert_eq!(last.total.to_string(), "1300.00");
}

/// Typing a path opens the file and closes the field (it used to stay open, showing the
/// folder, under the chosen file); "Type a path…" opens it again. The date order is
/// chosen by its name in the dropdown, which then shows that name.
#[test]
fn a_typed_path_opens_the_file_and_the_field_closes_until_asked_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = book(dir.path());
    let mut harness = app_with_strict_glyphs(&path, None);
    open_import_screen(&mut harness);
    assert!(harness.query_by_label("File path").is_none());
    harness.get_by_label("Type a path…").click();
    harness.run_steps(2);
    let file = fixture("ar_2016-04-30.csv");
    harness
        .get_by_role_and_label(Role::TextInput, "File path")
        .type_text(file.to_str().unwrap());
    harness.run_steps(1);
    harness.get_by_role_and_label(Role::Button, "Open").click();
    wait_for_state(&mut harness, "the preview", |app| {
        let s = app.import_screen_mut();
        !s.is_working() && s.preview().is_some()
    });
    assert!(harness.query_by_label("File path").is_none());
    harness.get_by_label(file.to_str().unwrap());
    harness.get_by_label("Type a path…");

    pick(&mut harness, "Dates", "month-first (MM/DD/YYYY)");
    wait_for_state(&mut harness, "the preview read again", |app| {
        !app.import_screen_mut().is_working()
    });
    let combo = harness.get_by_role_and_label(Role::ComboBox, "Dates");
    assert_eq!(
        combo.value().as_deref(),
        Some("month-first (MM/DD/YYYY)"),
        "the dropdown shows the order's name, not its code"
    );
}
