//! The customer screen, driven through the real app headlessly (egui_kittest): a user
//! finds a customer, reads its documents, adds a collection note and sets a specific
//! allowance through the forms, and the book and the screen agree afterwards.

use std::sync::atomic::AtomicBool;

use agebook::Book;
use agebook::Money;
use agebook::domain::collection::NoteAction;
use agebook::domain::money::NegativeStyle;
use agebook::generate::CUSTOMER_A;
use egui_kittest::kittest::{NodeT as _, Queryable};
use rust_decimal::Decimal;

use crate::gui_support::{
    App, app, click, date, find_customer, go_to, has_label, is_disabled, open_customer, press_at,
    ready, type_into, wait_until,
};
use crate::support::demo_book;

fn top(harness: &App, label: &str) -> f32 {
    harness.get_by_label(label).rect().top()
}

#[test]
fn customer_a_shows_its_name_documents_and_full_specific_allowance() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut harness = app(&db);
    harness.get_by_label("Customer").click();
    harness.step();
    assert!(
        has_label(&harness, "No customer selected"),
        "an empty state until a customer is chosen"
    );
    open_customer(&mut harness, CUSTOMER_A);

    // The latest ledger, 2017-06-30: Customer A is trading again after its 2016 dispute.
    wait_until(&mut harness, "Customer A's documents", |h| {
        has_label(h, "INV-2017-00203")
    });
    harness.get_by_label("中原重型机械集团有限公司");
    harness.get_by_label("2017-02-16");
    assert!(has_label(&harness, "Documents (CNY)"));
    // Billed again after its 2016 write-off: an alert, and the write-off listed.
    assert!(
        harness
            .query_all_by_label_contains("trading after the write-off of 2016-12-20")
            .next()
            .is_some()
    );
    assert!(has_label(&harness, "Write-offs (1)"));
    // Every input on the screen has a name (the forms included).
    harness.check_accessibility();

    // January 2017: no items at all in that ledger, and a way to the previous one,
    // where one written-off invoice lingers.
    go_to(&mut harness, date("2017-01-31"));
    wait_until(&mut harness, "the empty state", |h| {
        has_label(
            h,
            "No open items as of 2017-01-31: the customer is not in this ledger.",
        )
    });
    click(&mut harness, "Show its previous ledger, 2016-12-31");
    wait_until(&mut harness, "2016-12-31", |h| {
        ready(h) && has_label(h, "INV-2015-01234")
    });
    assert_eq!(harness.state().as_of(), Some(date("2016-12-31")));
    assert!(
        harness
            .query_all_by_label_contains("written-off documents still in the ledger")
            .next()
            .is_some()
    );

    // Back to 2016-11-30, when its eight disputed 2015 invoices were still open.
    go_to(&mut harness, date("2016-11-30"));
    wait_until(&mut harness, "the 2016-11-30 documents", |h| {
        has_label(h, "INV-2015-01234")
    });
    assert!(!has_label(&harness, "INV-2017-00203"));
    assert!(has_label(&harness, "as of 2016-11-30 · 8 open items"));

    let book = Book::open(&db, "amy").unwrap();
    let assessment = book.assess(date("2016-11-30")).unwrap();
    let a = assessment
        .customers
        .iter()
        .find(|c| c.customer_id == CUSTOMER_A)
        .unwrap();
    assert_eq!(a.allowance, a.balance, "fully reserved in the demo");
    let balance = a.balance.grouped(NegativeStyle::Minus);
    assert!(
        harness.query_all_by_label(&balance).count() >= 2,
        "balance and allowance both show {balance}"
    );
    assert!(has_label(&harness, "specific: 100% of the balance"));
    assert!(has_label(
        &harness,
        "In force at 2016-11-30: 100% of the balance"
    ));
}

#[test]
fn a_note_added_through_the_form_is_listed_and_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut harness = app(&db);
    let before = Book::open(&db, "amy").unwrap().notes(CUSTOMER_A).unwrap();
    open_customer(&mut harness, CUSTOMER_A);
    wait_until(&mut harness, "Customer A's notes", |h| {
        has_label(h, &format!("Collection notes ({})", before.len()))
    });

    let text = "Called the new CFO; he will confirm the balance in writing";
    type_into(&mut harness, "Note text", text);
    type_into(&mut harness, "Outcome", "awaiting confirmation");
    // A combo box's list opens in a popup, laid out in the frame after the click.
    harness.get_by_label("Action").click();
    harness.step();
    harness.step();
    harness
        .query_all_by_label("visit")
        .find(|n| n.accesskit_node().role() != egui::accesskit::Role::Label)
        .expect("the action in the list")
        .click();
    harness.step();
    harness.step();
    click(&mut harness, "Add note");

    wait_until(&mut harness, "the note to be listed", |h| {
        has_label(h, text)
    });
    assert!(has_label(&harness, "Outcome: awaiting confirmation"));
    assert!(has_label(
        &harness,
        &format!("Collection notes ({})", before.len() + 1)
    ));
    let notes = Book::open(&db, "amy").unwrap().notes(CUSTOMER_A).unwrap();
    assert_eq!(notes.len(), before.len() + 1);
    let note = notes.iter().find(|n| n.text == text).expect("the new note");
    assert_eq!(note.text, text);
    assert_eq!(note.action, NoteAction::Visit);
    assert_eq!(note.author, "amy");
    assert_eq!(
        note.date,
        date("2017-06-30"),
        "dated the as-of date by default"
    );
    assert_eq!(note.outcome, "awaiting confirmation");
    if let Some(latest) = before.iter().max_by_key(|n| (n.date, n.id)) {
        assert!(
            top(&harness, text) < top(&harness, &latest.text),
            "newest first"
        );
    }
}

#[test]
fn a_fifty_percent_specific_allowance_halves_the_allowance_shown() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let as_of = date("2017-06-30");
    let c8 = |book: &Book| {
        book.assess(as_of)
            .unwrap()
            .customers
            .into_iter()
            .find(|c| c.customer_id == "C0008")
            .unwrap()
    };
    let before = c8(&Book::open(&db, "amy").unwrap());
    let half = Money::round(before.balance.times(Decimal::new(5, 1)));
    assert_ne!(before.allowance, half, "the matrix gives something else");

    let mut harness = app(&db);
    find_customer(&mut harness, "pacific rim", "C0008");
    wait_until(&mut harness, "C0008's documents", |h| {
        has_label(h, "INV-2017-00682")
    });
    harness.get_by_label("Pacific Rim Trading Ltd");
    assert!(has_label(
        &harness,
        &before.allowance.grouped(NegativeStyle::Minus)
    ));
    assert!(has_label(&harness, "provision matrix, private"));

    // Bad input is caught next to the field and sends nothing.
    type_into(&mut harness, "Percent (%)", "150");
    click(&mut harness, "Set specific allowance");
    assert!(has_label(
        &harness,
        "a percentage must be between 0 and 100, not 150"
    ));
    assert!(has_label(&harness, "a reason is required"));
    assert!(!harness.state().is_busy(), "nothing was sent");

    harness.get_by_label("Percent (%)").focus();
    harness.step();
    for _ in 0..3 {
        harness.key_press(egui::Key::Backspace);
        harness.step();
    }
    type_into(&mut harness, "Percent (%)", "50");
    type_into(&mut harness, "Reason", "Pays months late; half reserved");
    click(&mut harness, "Set specific allowance");

    let shown = half.grouped(NegativeStyle::Minus);
    wait_until(&mut harness, "the new allowance", |h| {
        has_label(h, "specific: 50% of the balance")
    });
    assert!(has_label(&harness, &shown), "the allowance shows {shown}");
    assert!(has_label(
        &harness,
        "In force at 2017-06-30: 50% of the balance"
    ));
    // The change landed (the history moved on): the form is empty again.
    assert_eq!(field_value(&harness, "Percent (%)").unwrap_or_default(), "");
    assert_eq!(field_value(&harness, "Reason").unwrap_or_default(), "");
    let after = c8(&Book::open(&db, "amy").unwrap());
    assert_eq!(after.allowance, half);
    assert_eq!(after.balance, before.balance);
}

#[test]
fn the_customer_history_reconciles_every_period() {
    let mut book = Book::in_memory("amy").unwrap();
    agebook::demo::build_demo(&mut book, &mut |_, _, _| {}, &AtomicBool::new(false)).unwrap();
    let history = book.history(&mut |_, _| {}).unwrap();
    let profile = agebook::report::customer::customer_history(&history, CUSTOMER_A);
    assert_eq!(profile.name.as_deref(), Some("中原重型机械集团有限公司"));
    assert_eq!(profile.points.len(), history.snapshots.len());
    for (t, point) in profile.points.iter().enumerate() {
        let buckets: Money = point.buckets.iter().copied().sum();
        assert_eq!(buckets, point.balance, "buckets sum to the balance at {t}");
    }
    for t in 1..profile.periods.len() {
        let (previous, period) = (&profile.periods[t - 1], &profile.periods[t]);
        assert_eq!(
            period.closing,
            previous.closing + period.activity.net_change(),
            "{}",
            period.as_of
        );
    }
    assert!(
        !profile.points[history.index_of(date("2017-01-31")).unwrap()].present,
        "Customer A is absent from the January 2017 ledger"
    );
    let billed: Money = profile.billed_by_year().iter().map(|(_, m)| *m).sum();
    let periods: Money = profile.periods.iter().map(|p| p.activity.billings).sum();
    assert_eq!(
        billed, periods,
        "billings by year add up to billings by period"
    );
}

#[test]
fn documents_sort_by_a_clicked_header_and_the_panes_select_dates() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut harness = app(&db);
    open_customer(&mut harness, CUSTOMER_A);
    go_to(&mut harness, date("2016-11-30"));
    wait_until(&mut harness, "the 2016-11-30 documents", |h| {
        has_label(h, "INV-2015-01234")
    });

    // Oldest first by default; a click on "Open" puts the largest open amount first.
    assert!(top(&harness, "INV-2015-00343") < top(&harness, "INV-2015-01234"));
    click(&mut harness, "Open");
    let order = [
        "INV-2015-00504", // 2,316,800.00
        "INV-2015-00906", // 2,104,600.00
        "INV-2015-00343", // 1,865,400.00
        "INV-2015-01044", // 1,732,916.40
        "INV-2015-00614", // 1,478,250.00
        "INV-2015-01201", // 1,245,750.00
        "INV-2015-01234", //   948,027.60
        "INV-2015-00806", //   686,300.00
    ];
    for pair in order.windows(2) {
        assert!(
            top(&harness, pair[0]) < top(&harness, pair[1]),
            "{} above {}",
            pair[0],
            pair[1]
        );
    }

    // Billings by year and activity by period show the figures of the book's history.
    let history = harness.state().history().unwrap().clone();
    let profile = agebook::report::customer::customer_history(&history, CUSTOMER_A);
    let grouped = |m: Money| m.grouped(NegativeStyle::Minus);
    click(&mut harness, "Billings by year");
    let (year, billed) = *profile.billed_by_year().last().expect("billings");
    assert!(has_label(&harness, &year.to_string()));
    assert!(has_label(&harness, &grouped(billed)));

    // The 2016-12-31 period took all but one of the disputed invoices off the ledger;
    // a click on a row shows that date.
    click(&mut harness, "Activity by period");
    let mut total = agebook::domain::activity::PeriodActivity::default();
    for p in &profile.periods {
        total.add(&p.activity);
    }
    assert!(has_label(&harness, "All periods:"));
    assert!(has_label(
        &harness,
        &format!("collected {}", grouped(total.collections))
    ));
    assert!(has_label(
        &harness,
        &format!("written off {}", grouped(total.write_offs))
    ));
    let december = &profile.periods[history.index_of(date("2016-12-31")).unwrap()];
    let gone = december.activity.collections + december.activity.write_offs;
    assert_eq!(
        december.closing,
        profile.periods[history.index_of(date("2016-11-30")).unwrap()].closing - gone
            + december.activity.billings
            + december.activity.adjustments
    );
    // Customer A's write-off takes its whole balance in December, the one invoice the
    // ERP still lists included: the period shows the write-off and closes at nothing.
    assert!(december.closing.is_zero());
    assert!(has_label(&harness, &grouped(december.activity.write_offs)));
    click(&mut harness, "2016-09-30");

    wait_until(&mut harness, "2016-09-30", |h| {
        ready(h) && h.state().as_of() == Some(date("2016-09-30"))
    });

    // The balance history: a click on a bar shows its date (18 bars; the middle one).
    click(&mut harness, "Balance history");
    let plot = {
        harness
            .root()
            .children_recursive()
            .find(|n| {
                n.accesskit_node().role() == egui::accesskit::Role::Unknown
                    && n.rect().width() > 300.0
            })
            .expect("the chart")
            .rect()
    };
    press_at(&mut harness, plot.center());
    harness.step();
    wait_until(&mut harness, "a date from the chart", |h| {
        ready(h) && h.state().as_of() != Some(date("2016-09-30"))
    });
    let history = harness.state().history().unwrap().clone();
    let at = history.index_of(harness.state().as_of().unwrap()).unwrap();
    assert!((7..=10).contains(&at), "the middle bar, not {at}");
}

#[test]
fn a_type_chosen_in_the_form_applies_from_its_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut harness = app(&db);
    open_customer(&mut harness, "C0008");
    wait_until(&mut harness, "C0008's type", |h| {
        has_label(h, "In force at 2017-06-30: private")
    });
    click(&mut harness, "Apply type");
    assert!(has_label(&harness, "choose a type or name a new one"));

    click(&mut harness, "New type");
    harness.run_steps(2);
    let option = harness
        .query_all_by_label("government")
        .find(|n| n.accesskit_node().role() != egui::accesskit::Role::Label)
        .expect("government in the list")
        .rect();
    press_at(&mut harness, option.center());
    harness.run_steps(2);
    let shown = harness.state().history().cloned().expect("a history shown");
    click(&mut harness, "Apply type");
    wait_until(&mut harness, "the new type", |h| {
        ready(h) && has_label(h, "In force at 2017-06-30: government")
    });
    // The history shown was brought up to date (its activity shared), not rebuilt, and
    // it is what the book gives afresh.
    let updated = harness.state().history().cloned().expect("a history shown");
    assert!(std::sync::Arc::ptr_eq(&shown.activity, &updated.activity));
    let afresh = Book::open(&db, "amy")
        .unwrap()
        .history(&mut |_, _| {})
        .unwrap();
    assert_eq!(
        format!("{:?}", updated.assessments),
        format!("{:?}", afresh.assessments)
    );
    assert!(has_label(
        &harness,
        "From 2017-06-30: government (set by a user)"
    ));
    let book = Book::open(&db, "amy").unwrap();
    let c8 = |as_of: &str| {
        book.assess(date(as_of))
            .unwrap()
            .customers
            .into_iter()
            .find(|c| c.customer_id == "C0008")
            .unwrap()
            .customer_type
    };
    assert_eq!(c8("2017-06-30").as_str(), "government");
    assert_eq!(c8("2017-05-31").as_str(), "private", "not before its date");
}

/// The text a field holds, as the accessibility tree reports it.
fn field_value(harness: &App, label: &str) -> Option<String> {
    harness.get_by_label(label).value()
}

/// Replaces what the field named `label` holds with `text`.
fn retype(harness: &mut App, label: &str, text: &str) {
    // The field may take its default a frame or two after the screen shows, and a key
    // may land before the focus: clear it until it stays empty, then type.
    for _ in 0..5 {
        harness.get_by_label(label).focus();
        harness.run_steps(2);
        let held = field_value(harness, label).map_or(0, |v| v.chars().count());
        if held == 0 {
            break;
        }
        harness.key_press(egui::Key::End);
        harness.step();
        for _ in 0..held {
            harness.key_press(egui::Key::Backspace);
            harness.step();
        }
    }
    assert_eq!(field_value(harness, label).as_deref().unwrap_or(""), "");
    type_into(harness, label, text);
}

#[test]
fn a_refused_change_keeps_what_was_typed_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut harness = app(&db);
    open_customer(&mut harness, "C0008");
    wait_until(&mut harness, "C0008's documents", |h| {
        has_label(h, "INV-2017-00682")
    });
    let reason = "Pays months late; half reserved";
    type_into(&mut harness, "Percent (%)", "50");
    type_into(&mut harness, "Reason", reason);
    assert!(!is_disabled(&harness, "Set specific allowance"));

    // Another user closes June 2017 from the command line meanwhile; the window does
    // not reload under the typed form, so it still offers the change, and the book
    // refuses it inside its transaction.
    let mut other = Book::open(&db, "zhang.wei").unwrap();
    other.close_period(date("2017-06-30")).unwrap();
    let generation = harness.state().generation();
    click(&mut harness, "Set specific allowance");
    wait_until(&mut harness, "the refusal", |h| {
        ready(h) && h.state().error().is_some()
    });
    harness.run_steps(2);
    let error = harness.state().error().unwrap().to_string();
    assert!(error.contains("closed through 2017-06-30"), "{error}");
    assert_eq!(harness.state().generation(), generation, "nothing reloaded");
    assert!(has_label(
        &harness,
        "Not saved: the book refused the change (the status bar says why). What you typed is kept."
    ));
    assert_eq!(field_value(&harness, "Percent (%)").as_deref(), Some("50"));
    assert_eq!(field_value(&harness, "Reason").as_deref(), Some(reason));
    let book = Book::open(&db, "amy").unwrap();
    let history = book.history(&mut |_, _| {}).unwrap();
    assert!(
        !history.specifics.iter().any(|s| s.customer_id == "C0008"),
        "the book holds no specific allowance for C0008"
    );
}

#[test]
fn a_date_in_the_closed_period_disables_the_change_and_names_the_close() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let closed = Book::open(&db, "amy")
        .unwrap()
        .history(&mut |_, _| {})
        .unwrap()
        .closed_through;
    assert_eq!(closed, Some(date("2016-12-31")), "the demo closes 2016");
    let mut harness = app(&db);
    open_customer(&mut harness, "C0008");
    wait_until(&mut harness, "C0008's type", |h| {
        has_label(h, "In force at 2017-06-30: private")
    });
    assert!(!is_disabled(&harness, "Apply type"), "2017-06-30 is open");
    assert!(!is_disabled(&harness, "Set specific allowance"));

    let reason = "The book is closed through 2016-12-31: a change effective 2016-12-31 \
                  would fall in the closed period. Choose a later date, or reopen the period.";
    retype(&mut harness, "Type from", "2016-12-31");
    harness.run_steps(2);
    assert_eq!(
        field_value(&harness, "Type from").as_deref(),
        Some("2016-12-31")
    );
    assert!(is_disabled(&harness, "Apply type"));
    assert!(has_label(&harness, reason), "the reason names the close");

    retype(&mut harness, "Effective from", "2016-06-30");
    harness.run_steps(2);
    assert!(is_disabled(&harness, "Set specific allowance"));
    assert!(has_label(
        &harness,
        "The book is closed through 2016-12-31: a change effective 2016-06-30 \
         would fall in the closed period. Choose a later date, or reopen the period."
    ));

    // The day after the close is open again.
    retype(&mut harness, "Type from", "2017-01-01");
    harness.run_steps(2);
    assert!(!is_disabled(&harness, "Apply type"));
    assert!(!has_label(&harness, reason));
}

#[test]
fn a_partial_write_off_shows_its_part_in_the_written_off_column() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let as_of = date("2017-06-30");
    let mut book = Book::open(&db, "amy").unwrap();
    let items = book.customer_items("C0008", as_of).unwrap();
    let item = items
        .iter()
        .filter(|i| i.open_amount.is_positive())
        .max_by_key(|i| i.open_amount)
        .unwrap()
        .clone();
    let part = Money::round(item.open_amount.times(Decimal::new(4, 1)));
    let id = book
        .propose_write_off(
            "C0008",
            as_of,
            agebook::domain::writeoff::ReasonCategory::Dispute,
            "Settled the dispute at 60%; the rest is written off",
            &[(item.document_no.clone(), Some(part))],
        )
        .unwrap();
    use agebook::domain::writeoff::Transition;
    book.transition_write_off(id, Transition::Submit).unwrap();
    book.set_user(agebook::demo::MANAGER);
    book.transition_write_off(id, Transition::Approve).unwrap();
    book.set_user("amy");
    book.transition_write_off(id, Transition::Post).unwrap();
    drop(book);

    let mut harness = app(&db);
    open_customer(&mut harness, "C0008");
    wait_until(&mut harness, "C0008's documents", |h| {
        has_label(h, &item.document_no)
    });
    assert!(has_label(&harness, "Written off"), "the column");
    let grouped = |m: Money| m.grouped(NegativeStyle::Minus);
    let row = top(&harness, &item.document_no);
    let on_row = |h: &App, text: &str| {
        h.query_all_by_label(text)
            .any(|n| (n.rect().top() - row).abs() < 4.0)
    };
    assert!(on_row(&harness, &grouped(part)), "the part written off");
    assert!(
        on_row(&harness, &grouped(item.open_amount)),
        "the ledger's open amount"
    );
    // The ledger of 2017-06-30 still lists the whole document: the part is set apart.
    let n = items.len();
    assert!(
        harness
            .query_all_by_label_contains(&format!("{n} documents in the ledger, 1 written off"))
            .next()
            .is_some()
    );
}

/// The related-party loan of 37,900,000.00 was shown as "37,900,000…" in the documents'
/// amount and open columns: their width is now that of the widest amount written out.
#[test]
fn a_documents_amount_of_tens_of_millions_is_not_cut_short() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut harness = app(&db);
    harness.get_by_label("Customer").click();
    harness.step();
    open_customer(&mut harness, "R0001");
    wait_until(&mut harness, "the loan's document", |h| {
        has_label(h, "LOAN-2014-001")
    });
    // The balance, allowance and over-one-year cards, and the document's amount and
    // open amount, each written out whole.
    let widths: Vec<f32> = harness
        .query_all_by_label("37,900,000.00")
        .map(|n| n.rect().width())
        .collect();
    assert_eq!(widths.len(), 5, "{widths:?}");
    // What the text takes in the table's monospace font: no label may be narrower.
    let font = egui::TextStyle::Monospace.resolve(&harness.ctx.global_style());
    let whole = harness.ctx.fonts_mut(|f| {
        f.layout_no_wrap("37,900,000.00".into(), font, egui::Color32::PLACEHOLDER)
            .size()
            .x
    });
    assert!(
        widths.iter().all(|w| *w + 0.5 >= whole),
        "{widths:?} against {whole}"
    );
}
