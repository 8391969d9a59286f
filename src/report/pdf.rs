//! The memo as PDF, laid out by Typst used as a library (see ARCHITECTURE.md for why):
//! tables that break across pages with their header repeated, page numbers, the memo id
//! and content hash in every footer, a DRAFT watermark before posting, and fonts
//! embedded as subsets, Chinese included (Noto Sans CJK, YaHei, PingFang or WenQuanYi,
//! whichever the system has).

use std::sync::OnceLock;

use typst::foundations::{Dict, IntoValue};
use typst_as_lib::TypstEngine;
use typst_as_lib::typst_kit_options::TypstKitFontOptions;

use super::memo::Memo;
use crate::domain::money::{Money, NegativeStyle};

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

/// The memo's data as the template reads it: amounts formatted here, once.
fn view(memo: &Memo, paper: Paper) -> serde_json::Value {
    let m = |x: Money| x.grouped(NegativeStyle::Parentheses);
    serde_json::json!({
        "id": memo.id,
        "paper": match paper { Paper::A4 => "a4", Paper::Letter => "us-letter" },
        "draft": memo.is_draft(),
        "state": memo.state.as_str(),
        "short_hash": memo.short_hash(),
        "prepared_by": memo.signatures.first().map(|s| s.by.clone()).unwrap_or_default(),
        "customer_id": memo.customer_id,
        "customer_name": memo.customer_name,
        "customer_type": memo.customer_type.replace('_', " "),
        "related_party": memo.related_party,
        "date": memo.date.to_string(),
        "currency": memo.currency,
        "ledger_as_of": memo.ledger_as_of.to_string(),
        "amount": m(memo.amount),
        "customer_allowance": m(memo.customer_allowance),
        "allowance_held": m(memo.allowance_held),
        "net_charge": m(memo.net_charge),
        "has_charge": !memo.net_charge.is_zero(),
        "reason": memo.reason,
        "narrative": memo.narrative,
        "billed_before": m(memo.billed_12_months_before),
        "billed_after": m(memo.billed_after),
        "documents": memo.documents.iter().map(|d| serde_json::json!({
            "document_no": d.document_no,
            "document_date": d.document_date.to_string(),
            "due_date": d.due_date.to_string(),
            "days_past_due": d.days_past_due.to_string(),
            "bucket": d.bucket,
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
            "action": n.action.as_str(),
            "author": n.author,
            "outcome": n.outcome,
            "text": n.text,
        })).collect::<Vec<_>>(),
        "signatures": memo.signatures.iter().map(|s| serde_json::json!({
            "role": s.role, "by": s.by, "at": s.at.replace('T', " ").trim_end_matches('Z'),
        })).collect::<Vec<_>>(),
    })
}

/// Lays out the memo and returns the PDF's bytes.
pub fn memo_pdf(memo: &Memo, paper: Paper) -> Result<Vec<u8>, PdfError> {
    let mut inputs = Dict::new();
    inputs.insert("data".into(), view(memo, paper).to_string().into_value());
    let compiled = engine().compile_with_input(inputs);
    let document = compiled.output.map_err(|e| PdfError(format!("{e:?}")))?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
        .map_err(|e| PdfError(format!("{e:?}")))
}
