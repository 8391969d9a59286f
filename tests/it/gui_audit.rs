//! The audit log screen and the alerts panel, driven through the real app headlessly
//! (egui_kittest): the rows a filter selects are the rows `agebook audit` prints for the
//! same filter, the export is its CSV byte for byte, the chain check says what
//! `agebook verify` says on the demo book and on tampered copies (a changed audit row, a
//! changed aging summary), and the alerts badge
//! counts what `agebook alerts` reports, each alert a click to its customer.

use std::path::Path;

use agebook::gui::app::Screen;
use agebook::integrity::AuditFilter;
use chrono::NaiveDate;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable};
use rusqlite::Connection;

use crate::gui_support::{App, app, choose, press_at, wait_until};
use crate::support::{agebook, demo_book, json, ok};

/// Shows the audit screen and waits for its rows and its chain check.
fn open_audit(harness: &mut App) {
    harness.state_mut().show(Screen::Audit);
    harness.step();
    wait_until(harness, "the audit rows and the chain check", |h| {
        let s = h.state_mut().audit_screen_mut();
        !s.is_working() && s.shown_filter().is_some()
    });
}

/// Types `text` into the text input named `label`, clicked into by its rect: the audit
/// screen's filter fields share their names with other nodes (the "Customer" navigation
/// entry), so [`crate::gui_support::type_into`] cannot find them by name alone.
fn type_into_text_input(harness: &mut App, label: &str, text: &str) {
    let field = |h: &App| {
        h.query_all_by_label(label)
            .find(|n| n.accesskit_node().role() == Role::TextInput)
            .map(|n| n.rect())
            .unwrap_or_else(|| panic!("a text field named {label}"))
    };
    let centre = field(harness).center();
    press_at(harness, centre);
    harness
        .query_all_by_label(label)
        .find(|n| n.accesskit_node().role() == Role::TextInput)
        .unwrap_or_else(|| panic!("a text field named {label}"))
        .type_text(text);
    harness.step();
}

/// The ids `agebook audit` prints for `args`, newest first as the screen lists them.
fn cli_ids(db: &Path, args: &[&str]) -> Vec<i64> {
    let mut all = vec!["audit"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let mut ids: Vec<i64> = json(db, &all)["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    ids.reverse();
    ids
}

/// Waits until the screen shows the rows of a filter `wanted` accepts, and no job runs.
fn wait_for_rows(harness: &mut App, wanted: impl Fn(&AuditFilter) -> bool) {
    wait_until(harness, "the filtered rows", |h| {
        let s = h.state_mut().audit_screen_mut();
        !s.is_working() && s.shown_filter().is_some_and(&wanted)
    });
}

fn for_customer(id: &str) -> impl Fn(&AuditFilter) -> bool + '_ {
    move |f| f.customer.as_deref() == Some(id)
}

#[test]
fn the_audit_screen_lists_the_rows_agebook_audit_selects_for_the_same_filter() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut harness = app(&db);
    open_audit(&mut harness);
    let all = cli_ids(&db, &[]);
    assert_eq!(harness.state_mut().audit_screen_mut().shown_ids(), all);
    assert!(
        harness
            .query_by_label(&format!("{} rows", all.len()))
            .is_some()
    );

    type_into_text_input(&mut harness, "Customer", "C0001");
    wait_for_rows(&mut harness, for_customer("C0001"));
    let c0001 = cli_ids(&db, &["--customer", "C0001"]);
    assert!(c0001.len() > 3 && c0001.len() < all.len(), "{c0001:?}");
    assert_eq!(harness.state_mut().audit_screen_mut().shown_ids(), c0001);
    assert!(
        harness
            .query_by_label(&format!("{} rows match the filter", c0001.len()))
            .is_some()
    );

    choose(&mut harness, "Action", "write-off approved");
    wait_for_rows(&mut harness, |f| {
        f.action.as_deref() == Some("writeoff_approve")
    });
    let approvals = cli_ids(
        &db,
        &["--customer", "C0001", "--action", "writeoff_approve"],
    );
    assert_eq!(approvals.len(), 2, "zhang.wei's and li.na's approvals");
    assert_eq!(
        harness.state_mut().audit_screen_mut().shown_ids(),
        approvals
    );

    // li.na's approval, its summary as `agebook audit` words it; a click shows its JSON.
    let summary = "state: submitted → approved; approval: {by li.na, limit 50000000.00}";
    let row = harness.get_by_label(summary).rect();
    press_at(&mut harness, row.center());
    harness.run_steps(2);
    let li_na = json(&db, &["audit", "--user", "li.na", "--format", "json"])["rows"][0]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        harness.state_mut().audit_screen_mut().selected(),
        Some(li_na)
    );
    assert!(
        harness
            .query_by_label_contains("\"limit\": \"50000000.00\"")
            .is_some(),
        "the after JSON of the approval shows"
    );
}

#[test]
fn the_audit_export_is_the_csv_agebook_audit_prints_for_the_filter() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut harness = app(&db);
    open_audit(&mut harness);
    type_into_text_input(&mut harness, "Customer", "C0001");
    wait_for_rows(&mut harness, for_customer("C0001"));
    let out = dir.path().join("audit.csv");
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .audit_screen_mut()
        .export_to(&ctx, out.clone());
    wait_for_rows(&mut harness, for_customer("C0001"));
    let outcome = harness
        .state_mut()
        .audit_screen_mut()
        .export_outcome()
        .cloned();
    assert!(matches!(outcome, Some(Ok(_))), "{outcome:?}");
    let written = std::fs::read_to_string(&out).unwrap();
    let cli = ok(&db, &["audit", "--customer", "C0001", "--format", "csv"]);
    assert_eq!(written, cli);
}

#[test]
fn the_chain_check_says_verified_with_the_demo_book_s_head() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut harness = app(&db);
    open_audit(&mut harness);
    let doc = json(&db, &["verify", "--format", "json"]);
    assert_eq!(doc["ok"], true);
    let rows = doc["audit_chain"]["rows"].as_i64().unwrap();
    let head = doc["audit_chain"]["head"]["id"].as_i64().unwrap();
    let hash = doc["audit_chain"]["head"]["hash"].as_str().unwrap();
    let line = format!("Verified: {rows} rows, head row {head}");
    assert!(harness.query_by_label(&line).is_some(), "{line}");
    assert!(
        harness.query_by_label(hash).is_some(),
        "the head's hash shows"
    );
    let checked = doc["write_offs"]["checked"].as_u64().unwrap();
    assert!(
        harness
            .query_by_label_contains(&format!("{checked} posted write-offs agree"))
            .is_some()
    );
}

#[test]
fn on_a_tampered_copy_the_chain_check_names_the_first_failing_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    Connection::open(&db)
        .unwrap()
        .execute_batch(
            "DROP TRIGGER audit_log_is_append_only_update;
             UPDATE audit_log SET user = 'mallory' WHERE id = 5;",
        )
        .unwrap();
    let out = agebook(&db, &["verify", "--format", "json"]);
    assert!(!out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &doc["audit_chain"]["failures"][0];
    assert_eq!(
        (first["id"].as_i64(), first["problem"].as_str()),
        (Some(5), Some("content_changed"))
    );

    let mut harness = app(&db);
    open_audit(&mut harness);
    let line =
        "Not verified: the chain fails at row 5: its content was changed after it was written";
    assert!(harness.query_by_label(line).is_some(), "{line}");
    // The words of `agebook verify` under it.
    let detail = first["detail"].as_str().unwrap();
    assert!(harness.query_by_label(detail).is_some(), "{detail}");
    assert!(harness.query_by_label_contains("Verified:").is_none());

    type_into_text_input(&mut harness, "Customer", "C0001");
    wait_for_rows(&mut harness, for_customer("C0001"));
    harness.get_by_label("Show row 5").click();
    harness.run_steps(2);
    wait_for_rows(&mut harness, |f| *f == AuditFilter::default());
    let screen = harness.state_mut().audit_screen_mut();
    assert_eq!(screen.selected(), Some(5));
    assert!(
        screen.shown_ids().contains(&5),
        "the filter is cleared to show it"
    );
}

#[test]
fn a_summary_changed_behind_the_books_back_is_named_by_the_check_with_its_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    Connection::open(&db)
        .unwrap()
        .execute_batch(
            "UPDATE customer_aging SET items = items + 1
             WHERE customer_id = 'C0003'
               AND snapshot_id = (SELECT id FROM snapshots WHERE as_of = '2016-09-30')",
        )
        .unwrap();
    let out = agebook(&db, &["verify", "--format", "json"]);
    assert!(!out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &doc["derived"]["failures"][0];
    assert_eq!(first["as_of"].as_str(), Some("2016-09-30"));

    let mut harness = app(&db);
    open_audit(&mut harness);
    let line = "Not verified: the figures kept for the ledger of 2016-09-30 disagree with its \
                open items";
    assert!(harness.query_by_label(line).is_some(), "{line}");
    let detail = first["detail"].as_str().unwrap();
    assert!(detail.contains("from customer C0003"), "{detail}");
    assert!(harness.query_by_label(detail).is_some(), "{detail}");
    assert!(harness.query_by_label_contains("Verified:").is_none());
}

/// The book's last two as-of dates, latest first (the window opens on the latest).
fn last_two(harness: &App) -> (NaiveDate, NaiveDate) {
    let history = harness.state().history().unwrap();
    let n = history.snapshots.len();
    (
        history.snapshots[n - 1].as_of,
        history.snapshots[n - 2].as_of,
    )
}

/// The number of alerts `agebook alerts --as-of D` reports (a customer may have several).
fn cli_alert_count(db: &Path, as_of: NaiveDate) -> usize {
    let doc = json(
        db,
        &["alerts", "--as-of", &as_of.to_string(), "--format", "json"],
    );
    doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["alerts"].as_array().unwrap().len())
        .sum()
}

#[test]
fn the_alerts_badge_counts_the_alerts_agebook_alerts_reports_at_the_as_of_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut harness = app(&db);
    let (latest, prior) = last_two(&harness);
    let n = cli_alert_count(&db, latest);
    assert!(n > 30, "the demo's latest month has many alerts: {n}");
    assert!(
        harness.query_by_label(&format!("Alerts ({n})")).is_some(),
        "badge Alerts ({n}) at {latest}"
    );

    // A month back: another count, from the same rows.
    harness.get_by_label("‹").click();
    harness.step();
    wait_until(&mut harness, "the prior month", |h| {
        h.state().is_ready() && h.state().as_of() == Some(prior)
    });
    let m = cli_alert_count(&db, prior);
    assert!(
        harness.query_by_label(&format!("Alerts ({m})")).is_some(),
        "badge Alerts ({m}) at {prior}"
    );
    let report = harness.state_mut().alerts_panel_mut().report().cloned();
    assert_eq!(report.map(|r| (r.as_of, r.count())), Some((prior, m)));
}

#[test]
fn clicking_an_alert_in_the_panel_opens_its_customer() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut harness = app(&db);
    let (latest, _) = last_two(&harness);
    let n = cli_alert_count(&db, latest);
    harness.get_by_label(&format!("Alerts ({n})")).click();
    harness.run_steps(3);
    // Customer A was written off in 2016 and billed again after it.
    assert!(
        harness
            .query_by_label_contains("Trading after write-off (")
            .is_some()
    );
    let a = harness
        .query_all_by_label_contains("C0001  ")
        .find(|n| n.accesskit_node().role() == Role::Button)
        .expect("Customer A's alert")
        .rect();
    press_at(&mut harness, a.center());
    harness.step();
    assert_eq!(harness.state().screen(), Screen::Customer);
    assert_eq!(
        harness.state().customer_screen().customer_id(),
        Some("C0001")
    );
}
