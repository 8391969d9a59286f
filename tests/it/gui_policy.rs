//! The policy screen, driven through the real app headlessly (egui_kittest): a user edits
//! one rate of the provision matrix, reads what it does to the allowance by customer
//! type, saves it as a new version, and the command line, the audit log and the overview
//! agree; a date in the closed period, a rate that is not one, and changes to the buckets
//! meet the policy file's rules in the window.

use std::collections::BTreeMap;
use std::path::Path;

use agebook::Book;
use agebook::Money;
use agebook::domain::aging::AgingBasis;
use agebook::domain::money::NegativeStyle;
use agebook::gui::app::Screen;
use agebook::import::policy::policy_to_csv;
use egui_kittest::kittest::{NodeT as _, Queryable};

use crate::gui_support::{App, app, click, date, has_label, replace_text, wait_until};
use crate::support::{agebook, demo_book, json};

/// The demo's latest snapshot.
const LATEST: &str = "2017-06-30";
/// The cell the tests edit: private customers 181 to 365 days past due (20% in the demo).
const CELL: &str = "private, 181–365";

/// The app on `db` (see [`app`]), on the policy screen with the matrix in force shown.
fn app_on_policy(db: &Path) -> App {
    let mut harness = app(db);
    harness.get_by_label("Policy").click();
    harness.step();
    assert_eq!(harness.state().screen(), Screen::Policy);
    wait_until(&mut harness, "the matrix in force", |h| {
        has_label(h, "Edit…")
    });
    harness
}

/// True when the widget named `label` (not a plain label) can be used.
fn button_enabled(harness: &App, label: &str) -> bool {
    let node = harness
        .query_all_by_label(label)
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::Button)
        .unwrap_or_else(|| panic!("no button {label}"));
    !node.accesskit_node().is_disabled()
}

/// Starts a draft from the matrix in force.
fn edit(harness: &mut App) {
    click(harness, "Edit…");
    wait_until(harness, "the draft", |h| has_label(h, CELL));
}

/// The demo book with the fixture matrix changed as `change` says, saved through the
/// policy file import from `effective`, and assessed at the latest snapshot: what the
/// window's preview and the saved version must come to, by another road.
fn demo_assessed_under(
    dir: &Path,
    effective: &str,
    change: impl FnOnce(&mut agebook::domain::policy::ProvisionMatrix),
) -> agebook::book::Assessment {
    let db = demo_book(dir);
    let mut book = Book::open(&db, "amy").unwrap();
    let mut matrix = book.policy(Some(date(LATEST))).unwrap();
    change(&mut matrix);
    book.import_policy(
        &policy_to_csv(&matrix),
        "changed.csv",
        date(effective),
        AgingBasis::DueDate,
    )
    .unwrap();
    book.assess(date(LATEST)).unwrap()
}

/// Allowance by stored type name.
fn by_type(a: &agebook::book::Assessment) -> BTreeMap<String, Money> {
    let mut out = BTreeMap::new();
    for c in &a.customers {
        *out.entry(c.customer_type.as_str().to_string())
            .or_insert(Money::ZERO) += c.allowance;
    }
    out
}

fn grouped(m: Money) -> String {
    m.grouped(NegativeStyle::Minus)
}

#[test]
fn a_changed_rate_previews_by_type_saves_a_version_and_moves_the_overview() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let other = tempfile::tempdir().unwrap();
    let private = agebook::domain::customer_type::CustomerType::parse("private").unwrap();
    let expected = demo_assessed_under(other.path(), "2017-01-01", |m| {
        m.rates.get_mut(&private).unwrap()[5] = "0.25".parse().unwrap();
    });
    let current = Book::open(&db, "amy")
        .unwrap()
        .assess(date(LATEST))
        .unwrap();
    let (now, then) = (by_type(&current), by_type(&expected));
    let (was, will_be) = (now["private"], then["private"]);
    assert!(
        will_be > was,
        "the fixture has private balances aged 181-365"
    );
    assert_eq!(
        now.iter().filter(|(t, m)| then[*t] != **m).count(),
        1,
        "only private customers move"
    );

    let mut harness = app_on_policy(&db);
    edit(&mut harness);
    replace_text(&mut harness, "Effective from", "2017-01-01");
    replace_text(&mut harness, CELL, "25");
    wait_until(&mut harness, "the preview", |h| {
        has_label(h, &grouped(will_be)) && button_enabled(h, "Save new version")
    });
    // The private row: current, new, and the difference; and the totals.
    assert!(has_label(&harness, &grouped(was)));
    assert!(has_label(&harness, &grouped(will_be - was)));
    assert!(has_label(&harness, &grouped(current.total_allowance())));
    assert!(has_label(&harness, &grouped(expected.total_allowance())));
    harness.check_accessibility();

    let before = harness.state().generation();
    click(&mut harness, "Save new version");
    wait_until(&mut harness, "the saved version", |h| {
        h.state().generation() > before
            && !h.state().is_busy()
            && has_label(h, "Saved: a new version is in force from 2017-01-01.")
    });
    assert!(has_label(&harness, "3 versions"));
    assert!(has_label(&harness, "policy screen"), "its source");
    assert!(!harness.state_mut().policy_screen_mut().is_editing());

    // The command line reads the same version.
    let shown = json(&db, &["policy", "show", "--format", "json"]);
    assert_eq!(shown["effective"], "2017-01-01");
    assert_eq!(shown["rates"]["private"]["181-365"], "0.25");
    assert_eq!(shown["rates"]["private"]["91-180"], "0.1");
    let earlier = json(
        &db,
        &[
            "policy",
            "show",
            "--as-of",
            "2016-12-31",
            "--format",
            "json",
        ],
    );
    assert_eq!(earlier["rates"]["private"]["181-365"], "0.2");
    // Audited as amy, like a policy file's import.
    let audit = json(
        &db,
        &["audit", "--action", "policy_import", "--format", "json"],
    );
    let rows = audit["rows"].as_array().unwrap();
    let last = rows.last().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(last["user"], "amy");
    assert_eq!(last["after"]["effective"], "2017-01-01");

    // The overview's headline follows.
    click(&mut harness, "Overview");
    wait_until(&mut harness, "the overview", |h| h.state().is_ready());
    let new_total = grouped(expected.total_allowance());
    assert!(
        has_label(&harness, &new_total),
        "the overview shows the new allowance {new_total}"
    );
    assert_eq!(
        harness
            .state()
            .history()
            .unwrap()
            .assessments
            .last()
            .unwrap()
            .total_allowance(),
        expected.total_allowance()
    );
}

#[test]
fn an_effective_date_in_the_closed_period_is_refused_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut harness = app_on_policy(&db);
    assert_eq!(
        harness.state().history().unwrap().closed_through,
        Some(date("2016-12-31"))
    );
    edit(&mut harness);
    // The draft starts on an open date.
    assert!(
        button_enabled(&harness, "Save new version")
            || has_label(&harness, "Wait for the preview before saving.")
    );
    replace_text(&mut harness, "Effective from", "2016-12-01");
    let reason = "The book is closed through 2016-12-31: a version effective 2016-12-01 would \
                  change a closed period. Choose a date after 2016-12-31.";
    assert!(has_label(&harness, reason));
    assert!(!button_enabled(&harness, "Save new version"));
    replace_text(&mut harness, "Effective from", "2017-01-01");
    wait_until(&mut harness, "Save to come back", |h| {
        button_enabled(h, "Save new version")
    });
    assert!(!has_label(&harness, reason));
}

#[test]
fn a_save_refused_by_the_book_keeps_the_draft_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut harness = app_on_policy(&db);
    edit(&mut harness);
    replace_text(&mut harness, "Effective from", "2017-02-01");
    replace_text(&mut harness, CELL, "30");
    wait_until(&mut harness, "Save", |h| {
        button_enabled(h, "Save new version")
    });
    // Another program closes February while the draft is open: the window does not
    // know yet, the book refuses inside its transaction.
    let out = agebook(&db, &["close", "2017-02-28"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    click(&mut harness, "Save new version");
    wait_until(&mut harness, "the refusal", |h| {
        !h.state().is_busy() && has_label(h, "Discard draft") && h.state().error().is_some()
    });
    harness.run_steps(3);
    let error = harness.state().error().unwrap().to_string();
    assert!(
        error.contains("2017-02-28"),
        "the refusal names the close: {error}"
    );
    let cell = harness.get_by_label(CELL);
    assert_eq!(cell.accesskit_node().value().as_deref(), Some("30"));
    let shown = json(&db, &["policy", "show", "--format", "json"]);
    assert_eq!(shown["effective"], "2016-01-01", "nothing was saved");
}

#[test]
fn a_rate_that_is_not_a_percentage_shows_its_error_and_cannot_be_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut harness = app_on_policy(&db);
    edit(&mut harness);
    replace_text(&mut harness, CELL, "abc");
    assert!(has_label(
        &harness,
        "private, 181–365: 'abc' is not a number"
    ));
    assert!(!button_enabled(&harness, "Save new version"));
    assert!(has_label(
        &harness,
        "Correct the problem above before saving."
    ));
    replace_text(&mut harness, CELL, "150%");
    assert!(has_label(
        &harness,
        "private, 181–365: 150% is not between 0% and 100%"
    ));
    assert!(!button_enabled(&harness, "Save new version"));
    replace_text(&mut harness, CELL, "15%");
    wait_until(&mut harness, "Save to come back", |h| {
        button_enabled(h, "Save new version")
    });
    assert!(!has_label(
        &harness,
        "private, 181–365: 150% is not between 0% and 100%"
    ));
}

#[test]
fn adding_and_removing_buckets_keeps_them_contiguous() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut harness = app_on_policy(&db);
    edit(&mut harness);
    // Split the last, open-ended bucket: a closed one and a new open end after it.
    let split = harness.query_all_by_label("Split").count();
    assert_eq!(
        split, 8,
        "every bucket but Current, which is one day, can be split"
    );
    harness.query_all_by_label("Split").last().unwrap().click();
    harness.run_steps(2);
    assert!(has_label(&harness, "1096–1460"));
    assert!(has_label(&harness, "1461+"));
    // Remove 31–60: 61–90 takes over its days.
    harness.query_all_by_label("Remove").nth(2).unwrap().click();
    harness.run_steps(2);
    assert!(has_label(&harness, "31–90"));
    assert!(!has_label(&harness, "31–60"));
    replace_text(&mut harness, "Effective from", "2017-06-01");
    wait_until(&mut harness, "Save", |h| {
        button_enabled(h, "Save new version")
    });
    let before = harness.state().generation();
    click(&mut harness, "Save new version");
    wait_until(&mut harness, "the saved version", |h| {
        h.state().generation() > before && !h.state().is_busy() && has_label(h, "Edit…")
    });
    let shown = json(&db, &["policy", "show", "--format", "json"]);
    let buckets: Vec<&str> = shown["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b.as_str().unwrap())
        .collect();
    assert_eq!(
        buckets,
        [
            "current",
            "1-30",
            "31-90",
            "91-180",
            "181-365",
            "366-730",
            "731-1095",
            "1096-1460",
            "1461+"
        ]
    );
    // The merged bucket keeps 61–90's rates, the split one the open end's.
    assert_eq!(shown["rates"]["private"]["31-90"], "0.05");
    assert_eq!(shown["rates"]["private"]["1096-1460"], "1");
}

#[test]
fn an_earlier_version_is_shown_read_only_with_who_saved_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut harness = app_on_policy(&db);
    assert!(has_label(&harness, "2 versions"));
    // The fixture matrix is in force: individuals 731-1095 days past due at 90%, and no
    // rate of 0%.
    assert!(has_label(&harness, "90%"));
    assert!(!has_label(&harness, "0%"));
    // The built-in default, saved when the book was made: related parties not yet due
    // at 0%, and no rate of 90%.
    harness
        .query_all_by_label("View")
        .rfind(|n| n.accesskit_node().role() == egui::accesskit::Role::Button)
        .expect("the earlier version's View button")
        .click();
    harness.run_steps(3);
    assert!(
        harness
            .query_all_by_label_contains(
                "Version effective from 1900-01-01, aged by due date, saved by agebook"
            )
            .next()
            .is_some()
    );
    let default = agebook::domain::policy::ProvisionMatrix::default_matrix(date("1900-01-01"));
    let related = agebook::domain::customer_type::CustomerType::parse("related_party").unwrap();
    assert_eq!(default.rate(&related, 0), rust_decimal::Decimal::ZERO);
    assert!(has_label(&harness, "0%"));
    assert!(!has_label(&harness, "90%"));
    assert!(!has_label(&harness, "Save new version"), "read-only");
    click(&mut harness, "Back to the version in force");
    assert!(has_label(
        &harness,
        "In force at 2017-06-30: the version effective from 2016-01-01, aged by due date"
    ));
}
