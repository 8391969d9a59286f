//! The write-offs screen and the proposal form, driven through the real app headlessly
//! (egui_kittest): a preparer proposes a partial write-off from the customer screen and
//! sees the allowance held and the net charge before sending it; the steps are enabled
//! only as the rules allow the user acting (the preparer cannot approve, an approver
//! under the amount needs a second one); the memo exports; a refused proposal keeps
//! what was typed; a closed period disables the proposal, naming the close.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use agebook::Book;
use agebook::Money;
use agebook::domain::aging::AgingBasis;
use agebook::domain::writeoff::{ReasonCategory, WriteOffState};
use agebook::gui::app::Screen;
use agebook::report::memo::Memo;
use agebook::report::writeoffs::{allowance_held, positive_balance};
use egui_kittest::kittest::{NodeT as _, Queryable};

use crate::gui_support::{
    App, app, click, date, has_label, is_disabled, replace_text, type_into, wait_until,
};
use crate::support::{fixture, import_bytes};

fn m(s: &str) -> Money {
    Money::parse(s).unwrap()
}

/// C1 owes 1,500,000.00 on INV-1, 660 days past due at 2016-11-30 (366-730 at 50 %:
/// 750,000.00), and 500,000.00 on INV-2, 21 days (1-30 at 1 %: 5,000.00): an allowance
/// of 755,000.00 on a positive balance of 2,000,000.00. Writing off 1,000,000.00 of it
/// holds half that allowance, 377,500.00, and charges 622,500.00 to profit.
const LEDGER: &str =
    "customer_id,customer_name,customer_type,document_no,document_date,due_date,open_amount
C1,Acme Ltd,private,INV-1,2015-01-10,2015-02-09,1500000.00
C1,Acme Ltd,private,INV-2,2016-10-10,2016-11-09,500000.00
C1,Acme Ltd,private,CN-1,2016-11-01,2016-11-01,-1200.00
C2,Birch Co,private,INV-3,2016-10-10,2016-11-09,300.00
";

/// A book in `dir` with the fixture policy, the ledger above as of 2016-11-30, and two
/// approvers: bob up to 500,000.00, cfo up to 10,000,000.00.
fn book(dir: &Path) -> PathBuf {
    let path = dir.join("book.db");
    let mut book = Book::open(&path, "amy").unwrap();
    let policy = std::fs::read_to_string(fixture("policy.csv")).unwrap();
    book.import_policy(
        &policy,
        "policy.csv",
        date("2016-01-01"),
        AgingBasis::DueDate,
    )
    .unwrap();
    import_bytes(&mut book, LEDGER.as_bytes(), "ar_2016-11-30.csv").unwrap();
    book.set_approver("bob", m("500000"), None).unwrap();
    book.set_approver("cfo", m("10000000"), None).unwrap();
    path
}

/// Nothing runs: no change, no list or memo being read.
fn settled(h: &mut App) -> bool {
    h.state().is_ready() && !screen(h).is_loading()
}

/// The write-offs screen (the app lends it mutably only).
fn screen(h: &mut App) -> &mut agebook::gui::writeoffs::WriteOffsScreen {
    h.state_mut().writeoffs_screen_mut()
}

/// Opens C1 on the customer screen and its proposal form from the button there.
fn open_form(harness: &mut App) {
    harness.state_mut().open_customer("C1");
    wait_until(harness, "the customer screen", |h| {
        has_label(h, "Propose write-off…")
    });
    click(harness, "Propose write-off…");
    wait_until(harness, "the form's documents", |h| {
        has_label(h, "Amount to write off of INV-1")
    });
}

/// Chooses the reason category in the form's combo box.
fn choose_reason(harness: &mut App, reason: &str) {
    harness.get_by_label("Reason category").click();
    harness.step();
    harness.step();
    harness
        .query_all_by_label(reason)
        .find(|n| n.accesskit_node().role() != egui::accesskit::Role::Label)
        .expect("the reason in the list")
        .click();
    harness.step();
    harness.step();
}

fn state_of(db: &Path, id: i64) -> WriteOffState {
    Book::open(db, "amy").unwrap().write_off(id).unwrap().state
}

#[test]
fn a_partial_write_off_is_proposed_approved_by_two_and_posted_and_its_memo_exports() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let mut harness = app(&db);
    open_form(&mut harness);

    // INV-1, 660 days past due, is preselected whole; INV-2 (21 days) is not, and the
    // credit note is not offered: 1,500,000.00 holds 566,250.00 (three quarters of the
    // allowance) and charges 933,750.00.
    assert!(has_label(&harness, "566,250.00"), "INV-1 alone preselected");
    assert!(has_label(&harness, "933,750.00"));
    assert!(has_label(
        &harness,
        "1 credit item is not listed: credits are not written off."
    ));
    // Propose waits for a reason and a narrative.
    assert!(is_disabled(&harness, "Propose"));
    assert!(has_label(&harness, "A narrative is required."));

    // An amount above what is open is refused next to the field...
    replace_text(&mut harness, "Amount to write off of INV-1", "1500000.01");
    assert!(has_label(&harness, "at most the open 1,500,000.00"));
    // ...and one down to 1,000,000.00 is a partial write-off.
    replace_text(&mut harness, "Amount to write off of INV-1", "1,000,000.00");
    assert!(has_label(&harness, "partial: 500,000.00 stays open"));
    assert!(has_label(&harness, "377,500.00"), "half the allowance held");
    assert!(has_label(&harness, "622,500.00"), "the net charge");

    // Dated after the ledger it is taken from, as write-offs usually are (one dated on
    // the ledger's own date changes that ledger's allowance once posted).
    replace_text(&mut harness, "Write-off date", "2016-12-15");
    choose_reason(&mut harness, "Insolvency");
    let narrative = "In liquidation since October; the liquidator expects no dividend.";
    type_into(&mut harness, "Narrative", narrative);
    assert!(!is_disabled(&harness, "Propose"));
    click(&mut harness, "Propose");

    // The form closes once the book took it, and the screen opens the new draft.
    wait_until(
        &mut harness,
        "the new draft on the write-offs screen",
        |h| {
            !screen(h).is_proposing()
                && h.state().screen() == Screen::WriteOffs
                && screen(h).selected().is_some()
                && settled(h)
        },
    );
    let id = screen(&mut harness).selected().unwrap();
    let w = Book::open(&db, "amy").unwrap().write_off(id).unwrap();
    assert_eq!(w.state, WriteOffState::Draft);
    assert_eq!(w.documents, vec![("INV-1".to_string(), m("1000000.00"))]);
    assert_eq!(w.reason, ReasonCategory::Insolvency);
    assert_eq!(w.narrative, narrative);
    assert_eq!(w.prepared_by, "amy");
    assert_eq!(w.date, date("2016-12-15"));
    // The screen states the memo's figures.
    wait_until(&mut harness, "the memo", |h| has_label(h, "377,500.00"));
    assert!(has_label(&harness, "622,500.00"));

    click(&mut harness, "Submit");
    wait_until(&mut harness, "the submission", |h| {
        settled(h) && has_label(h, "You prepared it: another user must approve.")
    });
    assert_eq!(state_of(&db, id), WriteOffState::Submitted);
    // The preparer cannot approve: the button is disabled and says why.
    assert!(is_disabled(&harness, "Approve"));
    assert!(is_disabled(&harness, "Submit"));

    // Someone who is not an approver is told so.
    harness.state_mut().set_user("eve");
    harness.run_steps(2);
    assert!(is_disabled(&harness, "Approve"));
    assert!(has_label(
        &harness,
        "eve is not an approver (approvers and their limits are set with agebook approver set)."
    ));

    // bob's limit of 500,000.00 is below the amount: he may approve, and is told that a
    // second approver is needed.
    harness.state_mut().set_user("bob");
    harness.run_steps(2);
    assert!(!is_disabled(&harness, "Approve"));
    assert!(has_label(
        &harness,
        "Needs a second approver above 500,000.00"
    ));
    click(&mut harness, "Approve");
    wait_until(&mut harness, "bob's approval", |h| {
        settled(h)
            && has_label(
                h,
                "You approved it already: the second approver must be someone else.",
            )
    });
    assert_eq!(state_of(&db, id), WriteOffState::Submitted);
    assert!(is_disabled(&harness, "Approve"));

    harness.state_mut().set_user("cfo");
    harness.run_steps(2);
    assert!(!is_disabled(&harness, "Approve"));
    assert!(is_disabled(&harness, "Post"));
    click(&mut harness, "Approve");
    wait_until(&mut harness, "the cfo's approval", |h| {
        settled(h) && !is_disabled(h, "Post")
    });
    assert_eq!(state_of(&db, id), WriteOffState::Approved);
    click(&mut harness, "Post");
    wait_until(&mut harness, "the posting", |h| {
        settled(h)
            && has_label(
                h,
                "Posted: the documents are derecognised and the write-off cannot change.",
            )
    });
    let w = Book::open(&db, "amy").unwrap().write_off(id).unwrap();
    assert_eq!(w.state, WriteOffState::Posted);
    let approvers: Vec<&str> = w.approvals.iter().map(|a| a.by.as_str()).collect();
    assert_eq!(approvers, ["bob", "cfo"]);
    assert_eq!(w.posted.as_ref().map(|p| p.0.as_str()), Some("cfo"));

    // The memo exports (the seam skips the dialog) as the book states it.
    let out = dir.path().join("memo.md");
    harness
        .state_mut()
        .writeoffs_screen_mut()
        .export_memo_to(id, out.clone());
    wait_until(&mut harness, "the export", |h| !screen(h).is_exporting());
    assert_eq!(screen(&mut harness).export_result(), Some(&Ok(out.clone())));
    let written = std::fs::read_to_string(&out).unwrap();
    let memo = Memo::build(&Book::open(&db, "amy").unwrap(), id).unwrap();
    assert_eq!(written, memo.to_markdown());
    assert_eq!(memo.allowance_held, m("377500.00"));
    assert_eq!(memo.net_charge, m("622500.00"));
    for figure in [
        "1,000,000.00",
        "377,500.00",
        "622,500.00",
        "INV-1",
        "Acme Ltd",
    ] {
        assert!(written.contains(figure), "{figure} in\n{written}");
    }
    assert!(!written.contains("DRAFT"), "posted: no draft watermark");
}

#[test]
fn a_proposal_the_book_refuses_keeps_what_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let mut harness = app(&db);
    open_form(&mut harness);
    replace_text(&mut harness, "Amount to write off of INV-1", "250000");
    choose_reason(&mut harness, "Dispute");
    let narrative = "Disputed since the merger; counsel advises against a suit.";
    type_into(&mut harness, "Narrative", narrative);

    // Meanwhile another program puts INV-1 in a write-off of its own.
    let other = Book::open(&db, "zoe")
        .unwrap()
        .propose_write_off(
            "C1",
            date("2016-11-30"),
            ReasonCategory::Other,
            "zoe's",
            &[("INV-1".to_string(), None)],
        )
        .unwrap();
    click(&mut harness, "Propose");
    wait_until(&mut harness, "the refusal", |h| {
        h.state().is_ready()
            && has_label(
                h,
                &format!(
                    "The book refused the proposal: document 'INV-1' is already in write-off {other}"
                ),
            )
    });
    // The form is still open with everything typed.
    assert!(screen(&mut harness).is_proposing());
    assert_eq!(
        harness.get_by_label("Narrative").value().as_deref(),
        Some(narrative)
    );
    assert_eq!(
        harness
            .get_by_label("Amount to write off of INV-1")
            .value()
            .as_deref(),
        Some("250000")
    );
    assert_eq!(
        harness.get_by_label("Reason category").value().as_deref(),
        Some("Dispute")
    );
    let book = Book::open(&db, "amy").unwrap();
    assert_eq!(book.write_offs(None).unwrap().len(), 1, "only zoe's");
}

#[test]
fn a_write_off_dated_in_a_closed_period_cannot_be_proposed() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    Book::open(&db, "amy")
        .unwrap()
        .close_period(date("2016-11-30"))
        .unwrap();
    let mut harness = app(&db);
    open_form(&mut harness);
    choose_reason(&mut harness, "Insolvency");
    type_into(&mut harness, "Narrative", "In liquidation.");
    let why = "2016-11-30 falls in a closed period: the book is closed through 2016-11-30.";
    assert!(has_label(&harness, why));
    assert!(is_disabled(&harness, "Propose"));
    // In Chinese, the same refusal names the close.
    harness
        .state_mut()
        .set_language(agebook::i18n::Lang::Chinese);
    harness.run_steps(2);
    assert!(has_label(
        &harness,
        "2016-11-30 属于已结账期间：账簿已结账至 2016-11-30。"
    ));
    assert!(is_disabled(&harness, "提议"));
    harness
        .state_mut()
        .set_language(agebook::i18n::Lang::English);
    harness.run_steps(2);
    // A date after the close is open again (the documents come from the same ledger).
    replace_text(&mut harness, "Write-off date", "2016-12-15");
    assert!(!has_label(&harness, why));
    assert!(!is_disabled(&harness, "Propose"));
}

/// The window's proposal figures and the memo state "allowance held" by one rule: for
/// every write-off of the demo, the rule on the customer's allowance and items in the
/// memo's ledger gives the memo's figure.
#[test]
fn the_forms_allowance_held_is_the_memos() {
    let mut book = Book::in_memory("amy").unwrap();
    agebook::demo::build_demo(&mut book, &mut |_, _, _| {}, &AtomicBool::new(false)).unwrap();
    let history = book.history(&mut |_, _| {}).unwrap();
    let list = book.write_offs(None).unwrap();
    assert!(list.len() > 5);
    for w in list {
        let memo = Memo::build(&book, w.id).unwrap();
        let candidates = book.write_off_candidates(&w.customer_id, w.date).unwrap();
        assert_eq!(candidates.ledger_as_of, memo.ledger_as_of);
        let at = history.index_of(memo.ledger_as_of).unwrap();
        let allowance = history.assessments[at]
            .customers
            .iter()
            .find(|c| c.customer_id == w.customer_id)
            .map_or(Money::ZERO, |c| c.allowance);
        let items: Vec<_> = candidates.documents.into_iter().map(|c| c.item).collect();
        assert_eq!(
            allowance_held(allowance, positive_balance(&items), w.amount()),
            memo.allowance_held,
            "write-off {}",
            w.id
        );
    }
}

#[test]
fn clicking_a_write_off_in_the_list_shows_it_and_the_filter_narrows_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let mut book = Book::open(&db, "amy").unwrap();
    let propose = |book: &mut Book, customer: &str, doc: &str| {
        book.propose_write_off(
            customer,
            date("2016-12-15"),
            ReasonCategory::Dispute,
            "Disputed.",
            &[(doc.to_string(), None)],
        )
        .unwrap()
    };
    let first = propose(&mut book, "C1", "INV-2");
    let second = propose(&mut book, "C2", "INV-3");
    book.transition_write_off(second, agebook::domain::writeoff::Transition::Submit)
        .unwrap();
    let mut harness = app(&db);
    harness.state_mut().show(Screen::WriteOffs);
    wait_until(&mut harness, "the list", |h| {
        settled(h) && has_label(h, &format!("#{first}"))
    });
    // The newest is shown first.
    assert_eq!(screen(&mut harness).selected(), Some(second));
    click(&mut harness, &format!("#{first}"));
    assert_eq!(screen(&mut harness).selected(), Some(first));
    wait_until(&mut harness, "its memo", |h| {
        settled(h) && has_label(h, "Write-off memo 1 — C1 Acme Ltd")
    });
    // A click on the row's customer selects too.
    harness.get_by_label("C2  Birch Co").click();
    harness.run_steps(2);
    assert_eq!(screen(&mut harness).selected(), Some(second));
    click(&mut harness, "submitted (1)");
    assert!(!has_label(&harness, &format!("#{first}")));
    assert!(has_label(&harness, &format!("#{second}")));
}

#[test]
fn a_rejection_asks_for_a_reason_and_records_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let mut book = Book::open(&db, "amy").unwrap();
    let id = book
        .propose_write_off(
            "C1",
            date("2016-12-15"),
            ReasonCategory::Dispute,
            "Disputed.",
            &[("INV-2".to_string(), Some(m("1000")))],
        )
        .unwrap();
    book.transition_write_off(id, agebook::domain::writeoff::Transition::Submit)
        .unwrap();
    let mut harness = app(&db);
    harness.state_mut().set_user("bob");
    harness.state_mut().show(Screen::WriteOffs);
    wait_until(&mut harness, "the write-off", |h| {
        settled(h) && has_label(h, "Reject…")
    });
    click(&mut harness, "Reject…");
    // The reason is asked for; rejecting waits for one.
    assert!(is_disabled(&harness, "Reject write-off"));
    type_into(
        &mut harness,
        "Why is it rejected?",
        "Collect first: the customer trades again.",
    );
    assert!(!is_disabled(&harness, "Reject write-off"));
    click(&mut harness, "Reject write-off");
    wait_until(&mut harness, "the rejection", |h| {
        settled(h)
            && has_label(
                h,
                "Rejected by bob: Collect first: the customer trades again.",
            )
    });
    let w = Book::open(&db, "amy").unwrap().write_off(id).unwrap();
    assert_eq!(w.state, WriteOffState::Rejected);
    assert_eq!(
        w.rejected,
        Some((
            "bob".to_string(),
            "Collect first: the customer trades again.".to_string()
        ))
    );
    assert!(is_disabled(&harness, "Post"));
}

/// The first line of a memo's Markdown, its heading, without the `#`.
fn memo_heading(markdown: &str) -> String {
    markdown
        .lines()
        .find(|l| l.starts_with("# "))
        .unwrap_or_default()
        .trim_start_matches('#')
        .trim()
        .to_string()
}

#[test]
fn switching_to_chinese_in_the_view_menu_changes_the_navigation_and_the_memo_heading() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let id = {
        let mut b = Book::open(&db, "amy").unwrap();
        b.propose_write_off(
            "C1",
            date("2016-11-30"),
            ReasonCategory::Insolvency,
            "In liquidation since March",
            &[("INV-1".to_string(), None)],
        )
        .unwrap()
    };
    let memo = Memo::build(&Book::open(&db, "amy").unwrap(), id).unwrap();
    let english = memo_heading(&memo.to_markdown_in(agebook::i18n::Lang::English));
    let chinese = memo_heading(&memo.to_markdown_in(agebook::i18n::Lang::Chinese));
    assert!(chinese.starts_with("核销审批单"), "{chinese}");

    let mut harness = app(&db);
    click(&mut harness, "Write-offs");
    wait_until(&mut harness, "the English memo", |h| {
        settled(h) && has_label(h, &english)
    });

    click(&mut harness, "View");
    click(&mut harness, "简体中文");
    wait_until(&mut harness, "the Chinese memo", |h| {
        settled(h) && has_label(h, &chinese)
    });
    assert_eq!(harness.state().language(), agebook::i18n::Lang::Chinese);
    for tab in [
        "总览",
        "长账龄审阅",
        "坏账准备变动",
        "核销",
        "计提政策",
        "审计日志",
    ] {
        assert!(has_label(&harness, tab), "the tab {tab}");
    }
    assert!(!has_label(&harness, "Write-offs"), "no English tab is left");
    assert!(
        !has_label(&harness, &english),
        "the English heading is gone"
    );
}
