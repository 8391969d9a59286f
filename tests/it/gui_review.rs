//! The window, driven headlessly with egui_kittest on a demo book: the overview's
//! figures, a matrix cell opening the review, filters, sorting and the keyboard.

use std::path::PathBuf;

use agebook::Book;
use agebook::domain::money::NegativeStyle;
use agebook::gui::app::Screen;
use egui_kittest::kittest::Queryable;

use crate::gui_support::{App, app, wait_for_state};
use crate::support::demo_book;

#[test]
fn the_overview_shows_the_latest_totals_and_a_cell_opens_the_review() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_book(dir.path());
    let book = Book::open(&path, "amy").unwrap();
    let as_of = "2017-06-30".parse().unwrap();
    let assessment = book.assess(as_of).unwrap();
    let mut harness = app(&path);
    assert_eq!(
        harness.state().as_of(),
        None,
        "no date chosen: the latest is shown"
    );
    // The headline figures, to the fen.
    // The total receivables show in the headline and in the matrix's total row.
    let total = assessment.total_balance().grouped(NegativeStyle::Minus);
    assert_eq!(harness.get_all_by_label(&total).count(), 2, "{total}");
    harness.get_by_label(&assessment.total_allowance().grouped(NegativeStyle::Minus));
    // The related-party loan sits alone in 731–1095 of related_party; its cell opens the
    // review filtered to that type and bucket.
    harness
        .get_all_by_label("37,900,000.00")
        .next()
        .unwrap()
        .click();
    harness.run_steps(3);
    assert_eq!(harness.state().screen(), Screen::Review);
    let filter = harness.state().review_screen().filter().clone();
    assert_eq!(filter.customer_type.as_deref(), Some("related_party"));
    assert_eq!(filter.bucket, Some(7));
    let rows = harness.state().review_rows().unwrap().clone();
    let shown: Vec<&str> = harness
        .state()
        .review_screen()
        .shown()
        .iter()
        .map(|&i| rows[i].customer_id.as_str())
        .collect();
    assert_eq!(shown, vec![agebook::generate::RELATED_PARTY]);
}

#[test]
fn the_review_filters_over_365_days_sorts_by_balance_and_opens_customer_a() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_book(dir.path());
    let book = Book::open(&path, "amy").unwrap();
    let mut harness = app(&path);
    // Look at 2016-11-30, when Customer A's disputed invoices are still open (they are written off on 2016-12-20).
    let history = harness.state().history().unwrap().clone();
    let dec = history.index_of("2016-11-30".parse().unwrap()).unwrap();
    for _ in dec..history.snapshots.len() - 1 {
        harness.get_by_label("‹").click();
        harness.run_steps(2);
        wait_for_state(&mut harness, "the previous snapshot", |app| app.is_ready());
    }
    assert_eq!(harness.state().as_of(), Some("2016-11-30".parse().unwrap()));

    harness.get_by_label("Long-aging review").click();
    harness.run_steps(2);
    harness.get_by_label("Days past due over").click();
    harness.get_by_label("Days past due over").type_text("365");
    harness.run_steps(3);
    assert_eq!(harness.state().review_screen().filter().min_days, Some(365));

    // What the test expects, from the book itself: customers whose oldest item is over
    // 365 days, largest balance first.
    let assessment = book.assess("2016-11-30".parse().unwrap()).unwrap();
    let mut expected: Vec<_> = assessment
        .customers
        .iter()
        .filter(|c| c.oldest_days.is_some_and(|d| d > 365))
        .collect();
    expected.sort_by(|a, b| {
        b.balance
            .cmp(&a.balance)
            .then(a.customer_id.cmp(&b.customer_id))
    });
    let shown = |h: &App| -> Vec<String> {
        let rows = h.state().review_rows().unwrap();
        h.state()
            .review_screen()
            .shown()
            .iter()
            .map(|&i| rows[i].customer_id.clone())
            .collect()
    };
    let expected_ids: Vec<String> = expected.iter().map(|c| c.customer_id.clone()).collect();
    assert!(expected_ids.contains(&agebook::generate::CUSTOMER_A.to_string()));
    assert_eq!(
        shown(&harness),
        expected_ids,
        "balance, largest first, is the default order"
    );

    // Clicking the header reverses the order; clicking again restores it.
    harness.get_by_label("Balance ⬇").click();
    harness.run_steps(2);
    let mut reversed = expected_ids.clone();
    reversed.reverse();
    let ascending = shown(&harness);
    assert_eq!(ascending.first(), reversed.first());
    harness.get_by_label("Balance ⬆").click();
    harness.run_steps(2);
    assert_eq!(shown(&harness), expected_ids);

    // Ctrl+F, type Customer A's id, ↓ selects it, Enter opens it.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    harness.run_steps(2);
    harness
        .get_by_label("Search")
        .type_text(agebook::generate::CUSTOMER_A);
    harness.run_steps(2);
    assert_eq!(
        shown(&harness),
        vec![agebook::generate::CUSTOMER_A.to_string()]
    );
    // Leave the search field so the arrows move the selection.
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    harness.key_press(egui::Key::ArrowDown);
    harness.run_steps(2);
    harness.key_press(egui::Key::Enter);
    harness.run_steps(3);
    assert_eq!(harness.state().screen(), Screen::Customer);
    assert_eq!(
        harness.state().customer_screen().customer_id(),
        Some(agebook::generate::CUSTOMER_A)
    );
}

#[test]
fn the_customer_screen_shows_the_customer_highlighted_in_the_review() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_book(dir.path());
    let mut harness = app(&path);
    harness.get_by_label("Customer").click();
    harness.run_steps(2);
    harness.get_by_label("No customer selected");
    harness.get_by_label("Long-aging review").click();
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    harness.run_steps(2);
    harness
        .get_by_label("Search")
        .type_text(agebook::generate::CUSTOMER_B);
    harness.run_steps(2);
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    harness.key_press(egui::Key::ArrowDown);
    harness.run_steps(2);
    assert_eq!(
        harness.state().review_screen().selected(),
        Some(agebook::generate::CUSTOMER_B)
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num3);
    harness.run_steps(3);
    assert_eq!(harness.state().screen(), Screen::Customer);
    assert_eq!(
        harness.state().customer_screen().customer_id(),
        Some(agebook::generate::CUSTOMER_B)
    );
}

/// A ledger as of 2017-12-31 with one document of 9,876,543,210.98 in every bucket of
/// every built-in type: a matrix of ten-billion amounts, wider than the window.
fn billions_ledger(dir: &std::path::Path) -> PathBuf {
    let types = [
        "state_owned",
        "government",
        "private",
        "related_party",
        "individual",
        "other",
    ];
    let dues = [
        "2018-01-15",
        "2017-12-15",
        "2017-11-15",
        "2017-10-15",
        "2017-08-15",
        "2017-03-15",
        "2016-06-15",
        "2015-06-15",
        "2014-01-15",
    ];
    let mut csv = String::from(
        "customer_id,customer_name,customer_type,document_no,document_date,due_date,currency,\
         disputed,amount,open_amount\n",
    );
    for (c, t) in types.iter().enumerate() {
        for (d, due) in dues.iter().enumerate() {
            csv.push_str(&format!(
                "B{c:03},Big customer {c},{t},INV-{d},2013-01-01,{due},CNY,no,\
                 9876543210.98,9876543210.98\n"
            ));
        }
    }
    let path = dir.join("ar_2017-12-31.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

#[test]
fn a_big_books_matrix_keeps_its_types_and_totals_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut book) = crate::support::book_with(dir.path(), &[]);
    let ledger = billions_ledger(dir.path());
    book.import_file(
        &ledger,
        None,
        false,
        &mut |_| {},
        &std::sync::atomic::AtomicBool::new(false),
    )
    .unwrap();
    let assessment = book.assess("2017-12-31".parse().unwrap()).unwrap();
    drop(book);
    let harness = app(&path);
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0));

    // Nine buckets of 9,876,543,210.98 and a total of 88,888,888,898.82 per type, and
    // 533,333,333,392.92 in all: more than 1,280 px of amounts.
    let total = assessment.total_balance().grouped(NegativeStyle::Minus);
    assert_eq!(total, "533,333,333,392.92");
    let row_total = "88,888,888,898.82";
    // The type names stay at the left edge and every row's total in the window, with
    // its coverage beside it.
    // (The name shows in the matrix and in the chart's legend below it.)
    let related = harness
        .get_all_by_label("related party")
        .map(|n| n.rect())
        .min_by(|a, b| a.min.y.total_cmp(&b.min.y))
        .unwrap();
    assert!(related.min.x < 20.0, "{related:?}");
    for node in harness.get_all_by_label(row_total) {
        assert!(window.contains_rect(node.rect()), "{:?}", node.rect());
    }
    assert_eq!(harness.get_all_by_label(row_total).count(), 6);
    // The grand total shows in the headline and in the matrix, both in the window.
    let totals: Vec<egui::Rect> = harness.get_all_by_label(&total).map(|n| n.rect()).collect();
    assert_eq!(totals.len(), 2);
    assert!(
        totals.iter().all(|r| window.contains_rect(*r)),
        "{totals:?}"
    );
    let cover = harness.get_by_label("Cover").rect();
    assert!(window.contains_rect(cover), "{cover:?}");
    // The buckets between them scroll: the first is on screen, right of the names.
    let current = harness
        .get_all_by_label("9,876,543,210.98")
        .map(|n| n.rect())
        .fold(f32::INFINITY, |x, r| x.min(r.min.x));
    assert!(current > related.max.x, "{current} > {related:?}");
}
