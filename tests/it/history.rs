//! The whole book assessed: activity between snapshots reconciles every customer's
//! balance from one ledger to the next, and notes feed the alerts.

use std::sync::atomic::AtomicBool;

use agebook::Book;
use agebook::Money;
use agebook::domain::collection::NoteAction;
use agebook::generate::{self, CUSTOMER_A, CUSTOMER_B};

fn demo() -> Book {
    let mut book = Book::in_memory("amy").unwrap();
    agebook::demo::build_demo(&mut book, &mut |_, _, _| {}, &AtomicBool::new(false)).unwrap();
    book
}

#[test]
fn activity_reconciles_every_customer_balance_between_snapshots() {
    let book = demo();
    let history = book.history(&mut |_, _| {}).unwrap();
    assert_eq!(history.assessments.len(), 18);
    for t in 1..history.snapshots.len() {
        let balance = |i: usize, id: &str| {
            history.assessments[i]
                .customers
                .iter()
                .find(|c| c.customer_id == id)
                .map_or(Money::ZERO, |c| c.balance)
        };
        for (id, periods) in &history.activity.periods {
            let expected = balance(t - 1, id) + periods[t].net_change();
            assert_eq!(
                balance(t, id),
                expected,
                "{id} at {}",
                history.snapshots[t].as_of
            );
        }
    }
}

#[test]
fn customer_b_collects_its_2014_balance_in_four_instalments() {
    let book = demo();
    let history = book.history(&mut |_, _| {}).unwrap();
    // The four instalments fall in the periods ending 2016-03-31, 06-30, 09-30, 11-30,
    // alongside B's ordinary collections; each period's collections include them.
    let periods = &history.activity.periods[CUSTOMER_B];
    let instalments = [
        ("2016-03-31", "2000000"),
        ("2016-06-30", "2500000"),
        ("2016-09-30", "2000000"),
        ("2016-11-30", "1535100"),
    ];
    for (as_of, amount) in instalments {
        let i = history.index_of(as_of.parse().unwrap()).unwrap();
        assert!(
            periods[i].collections >= Money::parse(amount).unwrap(),
            "{as_of}"
        );
    }
    assert!(history.activity.last_collection(CUSTOMER_B, 17).is_some());
}

#[test]
fn customer_a_pays_nothing_during_2016() {
    let book = demo();
    let history = book.history(&mut |_, _| {}).unwrap();
    let periods = &history.activity.periods[CUSTOMER_A];
    for (i, s) in history.snapshots.iter().enumerate().skip(1) {
        if s.as_of.to_string().as_str() <= "2016-11-30" {
            assert_eq!(periods[i].collections, Money::ZERO, "{}", s.as_of);
        }
    }
    // Its 2017 invoice is a billing dated February 2017.
    let billed = history.activity.billed_by_month(CUSTOMER_A);
    assert_eq!(
        billed.get(&(2017, 2)),
        Some(&Money::parse("156800.00").unwrap())
    );
    // The story posts A's write-off on 2016-12-20: every document it covers leaves the
    // balance in that period as a write-off, not a collection, the one the ERP still
    // lists at 2016-12-31 included; when that one vanishes in January, nothing moves.
    let amount = |doc_filter: &dyn Fn(&str) -> bool| -> Money {
        generate::story_write_offs()
            .iter()
            .filter(|w| w.customer_id == CUSTOMER_A && doc_filter(&w.document_no))
            .map(|w| Money::try_from_decimal(w.amount).unwrap())
            .sum()
    };
    let dec = history.index_of("2016-12-31".parse().unwrap()).unwrap();
    assert_eq!(periods[dec].write_offs, amount(&|_| true));
    assert!(amount(&|d| d == "INV-2015-01234") == Money::parse("948027.60").unwrap());
    assert_eq!(periods[dec].collections, Money::ZERO);
    assert_eq!(periods[dec + 1].write_offs, Money::ZERO);
    assert_eq!(periods[dec + 1].collections, Money::ZERO);
}

#[test]
fn a_note_is_kept_and_dated() {
    let mut book = demo();
    let d = "2016-12-20".parse().unwrap();
    book.add_note(
        CUSTOMER_A,
        d,
        NoteAction::Visit,
        "Refused",
        "Met the new CFO; disputes every invoice",
    )
    .unwrap();
    // The demo recorded four efforts on Customer A before this one.
    let notes = book.notes(CUSTOMER_A).unwrap();
    assert_eq!(notes.len(), 5);
    let added = notes.last().unwrap();
    assert_eq!(
        (added.date, added.author.as_str(), added.action),
        (d, "amy", NoteAction::Visit)
    );
    let history = book.history(&mut |_, _| {}).unwrap();
    assert_eq!(
        history.last_note(CUSTOMER_A, "2016-12-31".parse().unwrap()),
        Some(d)
    );
    assert_eq!(
        history.last_note(CUSTOMER_A, "2016-11-30".parse().unwrap()),
        "2016-09-05".parse().ok()
    );
    assert_eq!(
        history.last_note(CUSTOMER_A, "2015-12-31".parse().unwrap()),
        None
    );
    assert!(book.add_note("NOPE", d, NoteAction::Call, "", "x").is_err());
}

/// The parts of a history a change can move, in a form two histories compare by
/// (the maps sorted).
fn figures(history: &agebook::book::BookHistory) -> String {
    let notes: std::collections::BTreeMap<_, _> = history.note_dates.iter().collect();
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{notes:?}",
        history.snapshots,
        history.assessments,
        history.specifics,
        history.customer_types,
        history.closed_through,
    )
}

#[test]
fn a_history_brought_up_to_date_after_a_change_is_the_history_built_afresh() {
    use agebook::book::Touched;
    use agebook::domain::customer_type::CustomerType;
    use agebook::domain::policy::SpecificBasis;
    use rust_decimal::Decimal;

    let mut book = demo();
    let mut shown = book.history(&mut |_, _| {}).unwrap();
    let d = |s: &str| s.parse().unwrap();
    // Each change, and what it touches. Customer A has a posted write-off, so it is
    // assessed from its items; C0008 from its summed aging.
    type Change<'a> = Box<dyn Fn(&mut Book) + 'a>;
    let changes: Vec<(Touched, Change)> = vec![
        (
            Touched::Notes,
            Box::new(|b: &mut Book| {
                b.add_note(CUSTOMER_B, d("2017-06-30"), NoteAction::Call, "", "chased")
                    .map(|_| ())
                    .unwrap()
            }),
        ),
        (
            Touched::Customer("C0008".into()),
            Box::new(|b: &mut Book| {
                let t = CustomerType::parse("government").unwrap();
                b.set_customer_type("C0008", &t, Some(d("2017-03-31")))
                    .map(|_| ())
                    .unwrap()
            }),
        ),
        (
            Touched::Customer("C0008".into()),
            Box::new(|b: &mut Book| {
                let half = SpecificBasis::Percent(Decimal::new(5, 1));
                b.set_specific("C0008", half, "in court", d("2017-04-30"))
                    .unwrap()
            }),
        ),
        (
            Touched::Customer(CUSTOMER_A.into()),
            Box::new(|b: &mut Book| b.clear_specific(CUSTOMER_A, d("2017-05-31")).unwrap()),
        ),
    ];
    for (touched, change) in changes {
        let allowance_before: Money = shown.assessments.iter().map(|a| a.total_allowance()).sum();
        change(&mut book);
        let derived = book.history_after(&shown, &touched).unwrap();
        let afresh = book.history(&mut |_, _| {}).unwrap();
        assert_eq!(figures(&derived), figures(&afresh), "after {touched:?}");
        assert!(
            std::sync::Arc::ptr_eq(&derived.activity, &shown.activity),
            "the activity is shared, not rebuilt"
        );
        let allowance_after: Money = derived
            .assessments
            .iter()
            .map(|a| a.total_allowance())
            .sum();
        if touched != Touched::Notes {
            assert_ne!(
                allowance_before, allowance_after,
                "{touched:?} moved the figures"
            );
        }
        shown = derived;
    }
}
