//! The write-off memo: Customer A's figures from the fixtures, in Markdown and in the
//! PDF's text (with its Chinese name), a 200-document memo across pages with the table
//! header repeated, and the DRAFT watermark before posting; the same memo in Simplified
//! Chinese, with the same figures and the same hash; `writeoff memo --lang`.

use std::process::Command;
use std::sync::atomic::AtomicBool;

use agebook::Book;
use agebook::Money;
use agebook::domain::money::NegativeStyle;
use agebook::domain::writeoff::{ReasonCategory, WriteOffState};
use agebook::generate::{self, CUSTOMER_A};
use agebook::i18n::Lang;
use agebook::report::memo::Memo;
use agebook::report::pdf::{Paper, memo_pdf, memo_pdf_in};

use crate::support::{agebook, demo_book, fixture, import_bytes, ok};

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

/// A book with `n` documents of one customer (C9) as of 2016-12-31 and a draft write-off
/// of them all with `narrative`: a memo long enough to span pages.
fn draft_of_many_documents(n: usize, narrative: &str) -> (Book, i64) {
    let mut csv = String::from("customer_id,customer_name,document_no,document_date,open_amount\n");
    for i in 0..n {
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
            narrative,
            &[],
        )
        .unwrap();
    (book, id)
}

#[test]
fn a_memo_of_200_documents_spans_pages_with_the_header_repeated_and_is_a_draft() {
    let (book, id) = draft_of_many_documents(200, "Liquidated in 2016.");
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

/// Every amount of a text (`12,378,044.00`, `(1,234.50)`), in the order it states them.
fn amounts(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_alphanumeric()) {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == ',') {
                i += 1;
            }
            let cents = i + 2 < chars.len()
                && chars[i] == '.'
                && chars[i + 1].is_ascii_digit()
                && chars[i + 2].is_ascii_digit();
            if cents {
                out.push(chars[start..i + 3].iter().collect());
                i += 3;
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The first demo write-off whose allowance did not cover it all: its memo has the
/// bad-debt expense line.
fn write_off_with_a_charge(book: &Book) -> Memo {
    book.write_offs(None)
        .unwrap()
        .into_iter()
        .map(|w| Memo::build(book, w.id).unwrap())
        .find(|m| m.net_charge.is_positive())
        .unwrap()
}

#[test]
fn the_chinese_memo_has_the_chinese_title_and_headings_and_the_same_figures() {
    let book = demo();
    let memo = Memo::build(&book, customer_a_write_off(&book)).unwrap();
    let en = memo.to_markdown();
    let zh = memo.to_markdown_in(Lang::Chinese);
    assert_eq!(en, memo.to_markdown_in(Lang::English));
    assert!(
        zh.starts_with(&format!(
            "# 核销审批单（第 {} 号）：{CUSTOMER_A} 中原重型机械集团有限公司\n",
            memo.id
        )),
        "{zh}"
    );
    for heading in [
        "## 情况说明",
        "## 核销单据（取自截至 2016-11-30 的快照，金额单位：CNY）",
        "## 坏账准备及对损益的净影响（CNY）",
        "## 会计分录",
        "## 余额历史（CNY）",
        "## 开票情况",
        "## 催收情况",
        "## 审批记录",
        "## 签字",
    ] {
        assert!(zh.contains(&format!("\n{heading}\n")), "{heading}");
    }
    let total = grouped(memo.amount);
    assert!(zh.contains("| 客户类型 | 国有企业 |"));
    assert!(zh.contains("| 核销原因类别 | 管理层变更 |"));
    assert!(zh.contains("| 状态 | 已过账 |"));
    assert!(zh.contains(&format!("| 核销金额 | {total} CNY |")));
    assert!(zh.contains(&format!("| 借：坏账准备 | {total} | |")));
    assert!(zh.contains(&format!("| 贷：应收账款——{CUSTOMER_A} | | {total} |")));
    assert!(zh.contains("| 对损益的净影响（信用减值损失） | 0.00 |"));
    assert!(zh.contains("| 2016-06-14 | 上门拜访 | "));
    for (step, s) in ["编制", "审批", "审批", "过账"]
        .iter()
        .zip(&memo.signatures)
    {
        assert!(zh.contains(&format!("| {step} | {} |", s.by)), "{step}");
    }
    for signer in ["编制人", "审批人", "过账人"] {
        assert!(zh.contains(&format!("{signer}：____")), "{signer}");
    }
    assert!(!zh.contains("Write-off memo") && !zh.contains("Accounting entry"));
    // The same figures, in the same order, and the same hash.
    assert_eq!(amounts(&zh), amounts(&en));
    assert!(amounts(&en).len() > 40, "{:?}", amounts(&en));
    assert!(zh.ends_with(&format!("内容哈希 {}\n", memo.content_hash)));
    assert!(en.ends_with(&format!("content hash {}\n", memo.content_hash)));

    // Where the allowance fell short, the excess is charged to credit impairment losses.
    let charged = write_off_with_a_charge(&book);
    let zh = charged.to_markdown_in(Lang::Chinese);
    assert!(zh.contains(&format!(
        "| 借：信用减值损失 | {} | |",
        grouped(charged.net_charge)
    )));
    assert!(zh.contains(&format!(
        "| 借：坏账准备 | {} | |",
        grouped(charged.allowance_held)
    )));
    assert_eq!(amounts(&zh), amounts(&charged.to_markdown()));
}

#[test]
fn the_language_is_not_part_of_the_memos_hash() {
    let book = demo();
    let id = customer_a_write_off(&book);
    let memo = Memo::build(&book, id).unwrap();
    // Built again while the thread speaks Chinese (as a window's worker would), the memo
    // and its hash are the same: what is hashed has no language.
    agebook::i18n::set_language(Lang::Chinese);
    let again = Memo::build(&book, id).unwrap();
    agebook::i18n::set_language(Lang::English);
    assert_eq!(again, memo);
    assert_eq!(again.content_hash, memo.content_hash);
    assert_eq!(again.reason, "Change of management");
    let zh = pdf_pages(&memo_pdf_in(&memo, Paper::A4, Lang::Chinese).unwrap()).join("\n");
    let en = pdf_pages(&memo_pdf(&memo, Paper::A4).unwrap()).join("\n");
    assert!(zh.contains(memo.short_hash()) && en.contains(memo.short_hash()));
}

#[test]
fn the_chinese_pdf_names_the_memo_the_customer_and_its_figures() {
    let book = demo();
    let memo = Memo::build(&book, customer_a_write_off(&book)).unwrap();
    let pages = pdf_pages(&memo_pdf_in(&memo, Paper::A4, Lang::Chinese).unwrap());
    let text = pages.join("\n");
    assert!(
        text.contains(&format!("核销审批单（第 {} 号）", memo.id)),
        "{text}"
    );
    assert!(text.contains("中原重型机械集团有限公司"));
    for label in [
        "会计分录",
        "借：坏账准备",
        "贷：应收账款——C0001",
        "对损益的净影响（信用减值损失）",
        "编制人",
        "审批人",
        "过账人",
        "签字及日期",
        "国有企业",
        "已过账",
    ] {
        assert!(text.contains(label), "{label}: {text}");
    }
    assert!(text.contains(&grouped(memo.amount)));
    assert!(text.contains(&grouped(memo.billed_after)));
    for d in &memo.documents {
        assert!(text.contains(&d.document_no));
        assert!(text.contains(&grouped(d.amount)), "{}", d.document_no);
    }
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&format!("第 {} 页，共 {} 页", i + 1, pages.len())));
        assert!(page.contains(memo.short_hash()));
    }
    // No English label is left, and a posted memo has no watermark.
    for english in [
        "Write-off memo",
        "Accounting entry",
        "Page 1",
        "DRAFT",
        "草稿",
    ] {
        assert!(!text.contains(english), "{english}");
    }
}

#[test]
fn a_chinese_draft_memo_repeats_its_table_header_and_watermark_on_every_page() {
    let (book, id) = draft_of_many_documents(90, "2016 年已破产清算。");
    let memo = Memo::build(&book, id).unwrap();
    let md = memo.to_markdown_in(Lang::Chinese);
    assert!(md.starts_with(&format!(
        "> **草稿** — 第 {id} 号核销当前状态为“草稿”，不得据此过账。"
    )));
    let pages = pdf_pages(&memo_pdf_in(&memo, Paper::A4, Lang::Chinese).unwrap());
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let with_documents: Vec<&String> = pages.iter().filter(|p| p.contains("INV-0")).collect();
    assert!(with_documents.len() >= 2);
    for (i, page) in with_documents.iter().enumerate() {
        assert!(
            page.contains("单据日期"),
            "page {i} of the table repeats its header"
        );
    }
    // pdftotext reads the rotated watermark's two characters as two lines.
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains("草\n稿"),
            "the watermark is on page {}",
            i + 1
        );
    }
    assert!(pages[0].contains("破产清算"));
}

#[test]
fn writeoff_memo_lang_writes_the_chinese_memo_and_defaults_to_english() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let book = Book::open(&db, "amy").unwrap();
    let id = customer_a_write_off(&book).to_string();
    let memo = Memo::build(&book, customer_a_write_off(&book)).unwrap();
    drop(book);
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    ok(&db, &["writeoff", "memo", &id, "--out", &path("en.md")]);
    ok(
        &db,
        &[
            "writeoff",
            "memo",
            &id,
            "--lang",
            "zh-CN",
            "--out",
            &path("zh.md"),
        ],
    );
    ok(
        &db,
        &[
            "writeoff",
            "memo",
            &id,
            "--lang",
            "zh-CN",
            "--out",
            &path("zh.pdf"),
        ],
    );
    let en = std::fs::read_to_string(path("en.md")).unwrap();
    let zh = std::fs::read_to_string(path("zh.md")).unwrap();
    assert_eq!(en, memo.to_markdown());
    assert_eq!(zh, memo.to_markdown_in(Lang::Chinese));
    let pdf = pdf_pages(&std::fs::read(path("zh.pdf")).unwrap()).join("\n");
    assert!(pdf.contains("核销审批单") && pdf.contains(&grouped(memo.amount)));

    let refused = agebook(
        &db,
        &[
            "writeoff",
            "memo",
            &id,
            "--lang",
            "fr",
            "--out",
            &path("fr.md"),
        ],
    );
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("en or zh-CN"));
    assert!(!dir.path().join("fr.md").exists());
}

/// The bug: a write-off dated on its ledger's own date is left out of that ledger's
/// assessment once posted, and the memo took its "allowance held" from it, so the same
/// memo stated less allowance held (and a larger charge) after posting than before.
#[test]
fn a_write_off_dated_on_its_ledgers_date_keeps_its_memo_figures_once_posted() {
    use agebook::domain::writeoff::Transition;
    let mut book = demo();
    let as_of = chrono::NaiveDate::from_ymd_opt(2017, 6, 30).unwrap();
    book.set_approver("li.na", Money::parse("100000000").unwrap(), None)
        .unwrap();
    let id = book
        .propose_write_off(
            "C0005",
            as_of,
            ReasonCategory::UneconomicToPursue,
            "Too small to chase",
            &[],
        )
        .unwrap();
    book.transition_write_off(id, Transition::Submit).unwrap();
    let before = Memo::build(&book, id).unwrap();
    assert!(
        before.allowance_held.is_positive(),
        "{}",
        before.allowance_held
    );
    book.set_user("li.na");
    book.transition_write_off(id, Transition::Approve).unwrap();
    book.transition_write_off(id, Transition::Post).unwrap();
    let after = Memo::build(&book, id).unwrap();
    assert_eq!(after.state, WriteOffState::Posted);
    assert_eq!(
        (
            after.customer_allowance,
            after.allowance_held,
            after.net_charge
        ),
        (
            before.customer_allowance,
            before.allowance_held,
            before.net_charge
        )
    );
    // The customer's allowance in the June ledger before the write-off, as the aging
    // showed it then: 24,261.10.
    assert_eq!(before.customer_allowance, Money::parse("24261.10").unwrap());
}
