//! The memo as PDF, laid out by Typst used as a library (see ARCHITECTURE.md for why):
//! tables that break across pages with their header repeated, page numbers, the memo id
//! and content hash in every footer, a DRAFT watermark before posting, and fonts
//! embedded as subsets, Chinese included (Noto Sans CJK, YaHei, PingFang or WenQuanYi,
//! whichever the system has). The template holds no text: every label comes in the data,
//! in the memo's language ([`memo_pdf_in`]).

use std::sync::OnceLock;

use typst::foundations::{Dict, IntoValue};
use typst_as_lib::TypstEngine;
use typst_as_lib::typst_kit_options::TypstKitFontOptions;

use super::memo::{Memo, note_action_in, signers_in};
use crate::domain::money::{Money, NegativeStyle};
use crate::i18n::Lang;
use crate::report::labels;

/// The memo template, bundled into the binary.
const TEMPLATE: &str = include_str!("../../assets/memo.typ");

/// Paper sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Paper {
    /// ISO A4.
    #[default]
    A4,
    /// US Letter.
    Letter,
}

/// Why the PDF could not be made.
#[derive(Debug, thiserror::Error)]
#[error("cannot lay out the memo: {0}")]
pub struct PdfError(pub String);

fn engine() -> &'static TypstEngine<typst_as_lib::TypstTemplateMainFile> {
    // Scanning the system's fonts takes a moment: once per process.
    static ENGINE: OnceLock<TypstEngine<typst_as_lib::TypstTemplateMainFile>> = OnceLock::new();
    ENGINE.get_or_init(|| {
        TypstEngine::builder()
            .main_file(TEMPLATE)
            .search_fonts_with(TypstKitFontOptions::default())
            .build()
    })
}

/// The memo's data as the template reads it: amounts formatted here, once, and every
/// label, heading and sentence in `lang` from the catalogue (`labels`), so the template
/// holds no text of its own.
fn view(memo: &Memo, paper: Paper, lang: Lang) -> serde_json::Value {
    let m = |x: Money| x.grouped(NegativeStyle::Parentheses);
    let state = labels::state_in(lang, memo.state);
    serde_json::json!({
        "id": memo.id,
        // Typst's language: line breaking and punctuation for Chinese.
        "lang": match lang { Lang::English => "en", Lang::Chinese => "zh" },
        "paper": match paper { Paper::A4 => "a4", Paper::Letter => "us-letter" },
        "draft": memo.is_draft(),
        "state": state,
        "short_hash": memo.short_hash(),
        "prepared_by": memo.signatures.first().map(|s| s.by.clone()).unwrap_or_default(),
        "customer_id": memo.customer_id,
        "customer_name": memo.customer_name,
        "customer_type": memo.customer_type_in(lang),
        "related_party": memo.related_party,
        "date": memo.date.to_string(),
        "currency": memo.currency,
        "ledger_as_of": memo.ledger_as_of.to_string(),
        "amount": m(memo.amount),
        "customer_allowance": m(memo.customer_allowance),
        "allowance_held": m(memo.allowance_held),
        "net_charge": m(memo.net_charge),
        "has_charge": !memo.net_charge.is_zero(),
        "reason": labels::reason_in(lang, memo.reason_category),
        "narrative": memo.narrative,
        "billed_before": m(memo.billed_12_months_before),
        "billed_after": m(memo.billed_after),
        "documents": memo.documents.iter().map(|d| serde_json::json!({
            "document_no": d.document_no,
            "document_date": d.document_date.to_string(),
            "due_date": d.due_date.to_string(),
            "days_past_due": d.days_past_due.to_string(),
            "bucket": d.bucket_in(lang),
            "open_amount": m(d.open_amount),
            "amount": m(d.amount),
        })).collect::<Vec<_>>(),
        "history": memo.history.iter().map(|h| serde_json::json!({
            "as_of": h.as_of.to_string(),
            "balance": m(h.balance),
            "allowance": m(h.allowance),
            "over_one_year": m(h.over_one_year),
        })).collect::<Vec<_>>(),
        "notes": memo.notes.iter().map(|n| serde_json::json!({
            "date": n.date.to_string(),
            "action": note_action_in(lang, n.action),
            "author": n.author,
            "outcome": n.outcome,
            "text": n.text,
        })).collect::<Vec<_>>(),
        "signatures": memo.signatures.iter().map(|s| serde_json::json!({
            "role": s.step.label_in(lang),
            "by": s.by,
            "at": s.at.replace('T', " ").trim_end_matches('Z'),
        })).collect::<Vec<_>>(),
        "signers": signers_in(lang),
        "labels": labels_view(memo, lang),
    })
}

/// The memo's labels, headings and sentences in `lang`, by the names the template uses.
fn labels_view(memo: &Memo, lang: Lang) -> serde_json::Value {
    let id = memo.id.to_string();
    let state = labels::state_in(lang, memo.state);
    let entries = [
        ("title", t_in!(lang, "memo-title", id = id)),
        (
            "footer",
            t_in!(
                lang,
                "memo-pdf-footer",
                id = id,
                customer = memo.customer_id
            ),
        ),
        // The template puts the page numbers in: they are known only once laid out.
        (
            "page_of",
            t_in!(lang, "memo-page-of", page = PAGE, pages = PAGES),
        ),
        ("watermark", t_in!(lang, "memo-draft")),
        ("draft_title", t_in!(lang, "memo-pdf-draft-title")),
        (
            "draft_line",
            t_in!(lang, "memo-pdf-draft-line", id = id, state = state),
        ),
        ("customer", t_in!(lang, "memo-customer")),
        ("customer_type", t_in!(lang, "memo-customer-type")),
        ("related_party", t_in!(lang, "memo-related-party")),
        ("yes", t_in!(lang, "memo-yes")),
        ("no", t_in!(lang, "memo-no")),
        ("related_disclose", t_in!(lang, "memo-pdf-related-disclose")),
        ("date", t_in!(lang, "memo-date")),
        ("amount", t_in!(lang, "memo-amount")),
        ("reason", t_in!(lang, "memo-reason")),
        ("state", t_in!(lang, "memo-state")),
        ("narrative", t_in!(lang, "memo-narrative")),
        ("documents", t_in!(lang, "memo-documents")),
        (
            "documents_note",
            t_in!(
                lang,
                "memo-pdf-documents-note",
                date = memo.ledger_as_of,
                currency = memo.currency
            ),
        ),
        ("col_document", t_in!(lang, "memo-col-document")),
        ("col_document_date", t_in!(lang, "memo-col-document-date")),
        ("col_due_date", t_in!(lang, "memo-col-due-date")),
        ("col_days_past_due", t_in!(lang, "memo-col-days-past-due")),
        ("col_bucket", t_in!(lang, "memo-col-bucket")),
        ("col_open_amount", t_in!(lang, "memo-col-open-amount")),
        ("col_written_off", t_in!(lang, "memo-col-written-off")),
        ("total", t_in!(lang, "memo-total")),
        (
            "allowance_heading",
            t_in!(lang, "memo-allowance-heading", currency = memo.currency),
        ),
        ("col_amount", t_in!(lang, "memo-col-amount")),
        (
            "customer_allowance",
            t_in!(
                lang,
                "memo-pdf-customer-allowance",
                date = memo.ledger_as_of
            ),
        ),
        ("allowance_held", t_in!(lang, "memo-allowance-held")),
        ("net_charge", t_in!(lang, "memo-net-charge")),
        ("entry", t_in!(lang, "memo-entry")),
        ("col_account", t_in!(lang, "memo-col-account")),
        ("col_debit", t_in!(lang, "memo-col-debit")),
        ("col_credit", t_in!(lang, "memo-col-credit")),
        ("entry_allowance", t_in!(lang, "memo-entry-allowance")),
        ("entry_expense", t_in!(lang, "memo-entry-expense")),
        (
            "entry_receivable",
            t_in!(lang, "memo-entry-receivable", customer = memo.customer_id),
        ),
        (
            "history_heading",
            t_in!(lang, "memo-history-heading", currency = memo.currency),
        ),
        ("col_as_of", t_in!(lang, "memo-col-as-of")),
        ("col_balance", t_in!(lang, "memo-col-balance")),
        ("col_allowance", t_in!(lang, "memo-col-allowance")),
        ("col_over_one_year", t_in!(lang, "memo-col-over-one-year")),
        ("billings", t_in!(lang, "memo-billings")),
        (
            "billed_before",
            t_in!(lang, "memo-billed-before", date = memo.date),
        ),
        (
            "billed_after",
            t_in!(lang, "memo-billed-after", date = memo.date),
        ),
        ("collection", t_in!(lang, "memo-collection")),
        ("no_notes", t_in!(lang, "memo-no-notes")),
        ("col_date", t_in!(lang, "memo-col-date")),
        ("col_action", t_in!(lang, "memo-col-action")),
        ("col_by", t_in!(lang, "memo-col-by")),
        ("col_outcome", t_in!(lang, "memo-col-outcome")),
        ("col_note", t_in!(lang, "memo-col-note")),
        ("approvals", t_in!(lang, "memo-approvals")),
        ("col_step", t_in!(lang, "memo-col-step")),
        ("col_done_by", t_in!(lang, "memo-col-done-by")),
        ("col_when", t_in!(lang, "memo-col-when")),
        ("signatures", t_in!(lang, "memo-signatures")),
        ("name_and_date", t_in!(lang, "memo-pdf-name-and-date")),
    ];
    serde_json::Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::String(v)))
            .collect(),
    )
}

/// Placeholders for the page numbers in `labels.page_of`, which the template replaces.
const PAGE: &str = "%page%";
const PAGES: &str = "%pages%";

/// Lays out the memo in English and returns the PDF's bytes (what
/// `writeoff memo --out FILE.pdf` writes).
pub fn memo_pdf(memo: &Memo, paper: Paper) -> Result<Vec<u8>, PdfError> {
    memo_pdf_in(memo, paper, Lang::English)
}

/// Lays out the memo in `lang` and returns the PDF's bytes. The figures and the hash in
/// the footer are the same in every language.
pub fn memo_pdf_in(memo: &Memo, paper: Paper, lang: Lang) -> Result<Vec<u8>, PdfError> {
    let mut inputs = Dict::new();
    inputs.insert(
        "data".into(),
        view(memo, paper, lang).to_string().into_value(),
    );
    let compiled = engine().compile_with_input(inputs);
    let document = compiled.output.map_err(|e| PdfError(format!("{e:?}")))?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
        .map_err(|e| PdfError(format!("{e:?}")))
}
