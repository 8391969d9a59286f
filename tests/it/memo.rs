//! The write-off memo: Customer A's figures from the fixtures, in Markdown and in the
//! PDF's text (with its Chinese name), a 200-document memo across pages with the table
//! header repeated, and the DRAFT watermark before posting.

use std::process::Command;
use std::sync::atomic::AtomicBool;

use agebook::Book;
use agebook::Money;
use agebook::domain::money::NegativeStyle;
use agebook::domain::writeoff::{ReasonCategory, WriteOffState};
use agebook::generate::{self, CUSTOMER_A};
use agebook::report::memo::Memo;
use agebook::report::pdf::{Paper, memo_pdf};

use crate::support::{fixture, import_bytes};

fn grouped(m: Money) -> String {
    m.grouped(NegativeStyle::Parentheses)
}

/// The text of a PDF, one string per page (pdftotext, from poppler-utils).
fn pdf_pages(pdf: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("memo.pdf");
    std::fs::write(&path, pdf).unwrap();
    // Raw order keeps the rotated watermark, which the layout mode drops.
    let out = Command::new("pdftotext").args(["-raw"]).arg(&path).arg("-").output().expect(
        "pdftotext (poppler-utils) is needed to read the PDF back: apt-get install poppler-utils",
    );
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .split('\u{c}')
        .map(str::to_string)
        .filter(|p| !p.trim().is_empty())
        .collect()
}

fn demo() -> Book {
    let mut book = Book::in_memory("amy").unwrap();
    agebook::demo::build_demo(&mut book, &mut |_, _, _| {}, &AtomicBool::new(false)).unwrap();
    book
}

fn customer_a_write_off(book: &Book) -> i64 {
    book.write_offs(None)
        .unwrap()
        .into_iter()
        .find(|w| w.customer_id == CUSTOMER_A)
        .unwrap()
        .id
}

#[test]
fn customer_a_memo_states_the_fixture_figures() {
    let book = demo();
    let memo = Memo::build(&book, customer_a_write_off(&book)).unwrap();
    // The story: eight 2015 invoices, written off on 2016-12-20 from the November ledger.
    let story: Vec<_> = generate::story_write_offs()
        .into_iter()
        .filter(|w| w.customer_id == CUSTOMER_A)
        .collect();
    let total: Money = story
        .iter()
        .map(|w| Money::try_from_decimal(w.amount).unwrap())
        .sum();
    assert_eq!(memo.amount, total);
    assert_eq!(memo.documents.len(), story.len());
    assert_eq!(memo.ledger_as_of, "2016-11-30".parse().unwrap());
    // Each document's open amount is the one in ar_2016-11-30.csv.
    let mut reader = csv::Reader::from_path(fixture("ar_2016-11-30.csv")).unwrap();
    for r in reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[0] == CUSTOMER_A)
    {
        let doc = memo
            .documents
            .iter()
            .find(|d| d.document_no == r[3])
            .unwrap();
        assert_eq!(doc.open_amount, Money::parse(&r[9]).unwrap(), "{}", &r[3]);
        assert_eq!(doc.amount, doc.open_amount);
    }
    // Fully reserved since March: the allowance held covers it all, nothing more to charge.
    assert_eq!(memo.allowance_held, total);
    assert_eq!(memo.net_charge, Money::ZERO);
    // Nothing billed in the year before (the book's billings start in February 2016 and
    // A bought nothing since mid-2015); the February 2017 invoice is billed after.
    assert_eq!(memo.billed_12_months_before, Money::ZERO);
    assert_eq!(memo.billed_after, Money::parse("156800.00").unwrap());
    assert_eq!(memo.notes.len(), 4, "the four efforts before the write-off");
    let roles: Vec<(String, String)> = memo
        .signatures
        .iter()
        .map(|s| (s.role.clone(), s.by.clone()))
        .collect();
    let expected = [
        ("Prepared", "amy"),
        ("Approved", "zhang.wei"),
        ("Approved", "li.na"),
        ("Posted", "amy"),
    ];
    assert_eq!(roles, expected.map(|(r, b)| (r.to_string(), b.to_string())));
    assert!(!memo.related_party);
    assert_eq!(memo.content_hash.len(), 64);

    let md = memo.to_markdown();
    assert!(!md.contains("DRAFT"));
    assert!(md.contains(&format!("| Amount written off | {} CNY |", grouped(total))));
    assert!(md.contains("| Net charge to profit (bad-debt expense) | 0.00 |"));
    assert!(md.contains(&format!(
        "| Allowance for doubtful accounts | {} | |",
        grouped(total)
    )));
    assert!(md.contains(&format!(
        "| Accounts receivable — {CUSTOMER_A} | | {} |",
        grouped(total)
    )));
    for d in &memo.documents {
        assert!(
            md.contains(&format!("| {} | {} |", d.document_no, d.document_date)),
            "{}",
            d.document_no
        );
    }
    assert!(md.ends_with(&format!("content hash {}\n", memo.content_hash)));

    // The PDF says the same, with the Chinese name and the hash on the page.
    let pages = pdf_pages(&memo_pdf(&memo, Paper::A4).unwrap());
    let text = pages.join("\n");
    assert!(text.contains("中原重型机械集团有限公司"), "{text}");
    assert!(text.contains(&grouped(total)));
    assert!(text.contains(memo.short_hash()));
    assert!(text.contains(&format!("Page 1 of {}", pages.len())));
    assert!(!text.contains("DRAFT"));
    for d in &memo.documents {
        assert!(text.contains(&d.document_no));
    }
}

#[test]
fn a_memo_of_200_documents_spans_pages_with_the_header_repeated_and_is_a_draft() {
    let mut csv = String::from("customer_id,customer_name,document_no,document_date,open_amount\n");
    for i in 0..200 {
        csv.push_str(&format!(
            "C9,深圳市华强电子有限公司,INV-{i:04},2014-03-{:02},{}.{:02}\n",
            1 + i % 28,
            1000 + i,
            i % 100
        ));
    }
    let mut book = Book::in_memory("amy").unwrap();
    import_bytes(&mut book, csv.as_bytes(), "ar_2016-12-31.csv").unwrap();
    let id = book
        .propose_write_off(
            "C9",
            "2017-01-15".parse().unwrap(),
            ReasonCategory::Insolvency,
            "Liquidated in 2016.",
            &[],
        )
        .unwrap();
    let memo = Memo::build(&book, id).unwrap();
    assert_eq!(memo.state, WriteOffState::Draft);
    assert_eq!(memo.documents.len(), 200);
    assert!(memo.to_markdown().starts_with("> **DRAFT**"));

    let pages = pdf_pages(&memo_pdf(&memo, Paper::Letter).unwrap());
    assert!(pages.len() >= 4, "{} pages", pages.len());
    let with_documents: Vec<&String> = pages.iter().filter(|p| p.contains("INV-0")).collect();
    assert!(with_documents.len() >= 3);
    for (i, page) in with_documents.iter().enumerate() {
        assert!(
            page.contains("Document date"),
            "page {i} of the table repeats its header"
        );
    }
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains(&format!("Page {} of {}", i + 1, pages.len())),
            "page {}",
            i + 1
        );
        assert!(
            page.contains(memo.short_hash()),
            "the hash is on page {}",
            i + 1
        );
        assert!(page.contains("DRAFT"), "the watermark is on page {}", i + 1);
    }
    // Every document is listed exactly once.
    let text = pages.join("\n");
    for i in [0, 99, 199] {
        assert_eq!(
            text.matches(&format!("INV-{i:04} ")).count(),
            1,
            "INV-{i:04}"
        );
    }
}
