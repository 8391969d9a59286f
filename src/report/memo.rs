//! The write-off memo (SPEC section 6): what a controller and a CFO sign, and what an
//! auditor reads a year later. One [`Memo`] is built from the book and written as
//! Markdown or PDF ([`crate::report::pdf`]); both carry the same figures and the same
//! content hash, so a printed copy can be matched to the book.
//!
//! The hash is over the memo's figures and texts as the book holds them, before any
//! formatting: the Markdown escapes user text (names, document numbers, the narrative,
//! notes) so it reads as text and cannot add headings, tables, links or HTML, and the
//! same memo has the same hash whichever way it is written.
//!
//! The memo is written in English or Simplified Chinese ([`Memo::to_markdown_in`],
//! [`crate::report::pdf::memo_pdf_in`]): every label, heading and sentence comes from the
//! catalogue (`assets/i18n/*/memo.ftl`), states, reasons and customer types from
//! [`crate::report::labels`]. The language is not part of the hash (see [`Memo::hash`]).

use chrono::{Months, NaiveDate};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::book::{Book, BookError};
use crate::domain::aging::{days_past_due, display_label};
use crate::domain::collection::{CollectionNote, NoteAction};
use crate::domain::customer_type::CustomerType;
use crate::domain::money::{Money, NegativeStyle};
use crate::domain::writeoff::{ReasonCategory, WriteOff, WriteOffState};
use crate::i18n::Lang;
use crate::report::file_name::sanitize_file_name;
use crate::report::labels;

/// One document in the memo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemoDocument {
    /// Document number.
    pub document_no: String,
    /// Document date.
    pub document_date: NaiveDate,
    /// Due date.
    pub due_date: NaiveDate,
    /// Days past due at the write-off date.
    pub days_past_due: i64,
    /// Bucket at the write-off date, for people (`Current`, `1–30`).
    pub bucket: String,
    /// The bucket's stored label (`current`, `1-30`), to name it in another language.
    /// Not hashed: it says what `bucket` says.
    #[serde(skip)]
    pub bucket_label: String,
    /// Open amount in the ledger the write-off was taken from.
    pub open_amount: Money,
    /// Amount written off.
    pub amount: Money,
}

/// One month of the customer's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemoMonth {
    /// Snapshot date.
    pub as_of: NaiveDate,
    /// Balance.
    pub balance: Money,
    /// Required allowance.
    pub allowance: Money,
    /// Over one year past due.
    pub over_one_year: Money,
}

/// What a step of the approval trail did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MemoStep {
    /// Prepared (proposed) the write-off.
    Prepared,
    /// Approved it.
    Approved,
    /// Posted it.
    Posted,
}

impl MemoStep {
    /// The English name the memo has always hashed (`Prepared`, `Approved`, `Posted`).
    pub fn as_str(self) -> &'static str {
        match self {
            MemoStep::Prepared => "Prepared",
            MemoStep::Approved => "Approved",
            MemoStep::Posted => "Posted",
        }
    }

    /// The step for people, in `lang`.
    pub fn label_in(self, lang: Lang) -> String {
        match self {
            MemoStep::Prepared => t_in!(lang, "memo-step-prepared"),
            MemoStep::Approved => t_in!(lang, "memo-step-approved"),
            MemoStep::Posted => t_in!(lang, "memo-step-posted"),
        }
    }
}

/// A step in the approval trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemoSignature {
    /// What was done: prepared, approved, posted (the English name of `step`).
    pub role: String,
    /// The same, typed, to name it in another language. Not hashed: `role` says it.
    #[serde(skip)]
    pub step: MemoStep,
    /// By whom.
    pub by: String,
    /// When (RFC 3339, or a date).
    pub at: String,
}

/// Everything the memo states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Memo {
    /// Write-off id.
    pub id: i64,
    /// State; anything before posted is watermarked DRAFT.
    pub state: WriteOffState,
    /// Customer id.
    pub customer_id: String,
    /// Customer name.
    pub customer_name: String,
    /// Customer type at the write-off date.
    pub customer_type: String,
    /// Related party (disclosed under ASC 850).
    pub related_party: bool,
    /// Write-off date.
    pub date: NaiveDate,
    /// Functional currency.
    pub currency: String,
    /// The ledger the documents were taken from.
    pub ledger_as_of: NaiveDate,
    /// The documents.
    pub documents: Vec<MemoDocument>,
    /// Total written off.
    pub amount: Money,
    /// The customer's allowance in that ledger.
    pub customer_allowance: Money,
    /// The allowance already held against these documents.
    pub allowance_held: Money,
    /// The charge to profit on writing off (bad-debt expense for the excess).
    pub net_charge: Money,
    /// Month by month, from the snapshots.
    pub history: Vec<MemoMonth>,
    /// Billed in the twelve months before the write-off date.
    pub billed_12_months_before: Money,
    /// Billed after the write-off date.
    pub billed_after: Money,
    /// Reason category, for people (in English: what the hash has always covered).
    pub reason: String,
    /// The same, typed, to name it in another language. Not hashed: `reason` says it.
    #[serde(skip)]
    pub reason_category: ReasonCategory,
    /// Narrative.
    pub narrative: String,
    /// Collection efforts, oldest first.
    pub notes: Vec<CollectionNote>,
    /// Prepared, approved, posted.
    pub signatures: Vec<MemoSignature>,
    /// SHA-256 of the memo's content (everything above), hex; printed in the footer.
    pub content_hash: String,
}

impl Memo {
    /// Builds the memo of write-off `id`.
    pub fn build(book: &Book, id: i64) -> Result<Memo, BookError> {
        let w: WriteOff = book.write_off(id)?;
        let history = book.history(&mut |_, _| {})?;
        let ledger = history
            .snapshots
            .iter()
            .rev()
            .find(|s| s.as_of <= w.date)
            .ok_or_else(|| BookError::Refused(format!("no snapshot on or before {}", w.date)))?;
        // The allowance the write-off uses is the one held before it: once posted, a
        // write-off dated on its ledger's date is excluded from that ledger's assessment,
        // and the memo must not change its figures because it was posted.
        let assessment = book.assess_before_write_off(ledger.as_of, &w)?;
        let customer = assessment
            .customers
            .iter()
            .find(|c| c.customer_id == w.customer_id);
        let items = book.customer_items(&w.customer_id, ledger.as_of)?;
        let policy = book.policy(Some(ledger.as_of))?;
        let mut documents = Vec::new();
        for (doc, amount) in &w.documents {
            let Some(item) = items.iter().find(|i| &i.document_no == doc) else {
                continue;
            };
            let days = days_past_due(w.date, item.document_date, item.due_date, policy.basis);
            let bucket = policy
                .buckets
                .buckets()
                .get(policy.buckets.index_of(days))
                .map(|b| b.label.clone());
            documents.push(MemoDocument {
                document_no: doc.clone(),
                document_date: item.document_date,
                due_date: item.due_date,
                days_past_due: days,
                bucket: display_label(bucket.as_deref().unwrap_or_default()),
                bucket_label: bucket.unwrap_or_default(),
                open_amount: item.open_amount,
                amount: *amount,
            });
        }
        let amount = w.amount();
        // The customer's allowance in that ledger, allocated to these documents in
        // proportion to their share of its positive balance, and never more than it.
        let customer_allowance = customer.map_or(Money::ZERO, |c| c.allowance);
        let positive = super::writeoffs::positive_balance(&items);
        let allowance_held = super::writeoffs::allowance_held(customer_allowance, positive, amount);
        let customer_type = customer.map_or_else(String::new, |c| c.customer_type.to_string());
        let history_rows = history
            .assessments
            .iter()
            .filter_map(|a| {
                let c = a
                    .customers
                    .iter()
                    .find(|c| c.customer_id == w.customer_id)?;
                Some(MemoMonth {
                    as_of: a.as_of,
                    balance: c.balance,
                    allowance: c.allowance,
                    over_one_year: c.over_one_year,
                })
            })
            .collect();
        let year_before = w
            .date
            .checked_sub_months(Months::new(12))
            .and_then(|d| d.succ_opt());
        let store_customer = book.customer(&w.customer_id)?;
        let mut signatures = vec![MemoSignature {
            role: MemoStep::Prepared.as_str().into(),
            step: MemoStep::Prepared,
            by: w.prepared_by.clone(),
            at: w.created_at.clone(),
        }];
        signatures.extend(w.approvals.iter().map(|a| MemoSignature {
            role: MemoStep::Approved.as_str().into(),
            step: MemoStep::Approved,
            by: a.by.clone(),
            at: a.at.clone(),
        }));
        if let Some((by, at)) = &w.posted {
            signatures.push(MemoSignature {
                role: MemoStep::Posted.as_str().into(),
                step: MemoStep::Posted,
                by: by.clone(),
                at: at.clone(),
            });
        }
        let mut memo = Memo {
            id,
            state: w.state,
            customer_id: w.customer_id.clone(),
            customer_name: store_customer
                .as_ref()
                .map_or_else(String::new, |c| c.name.clone()),
            related_party: customer_type == "related_party",
            customer_type,
            date: w.date,
            currency: history.currency.clone(),
            ledger_as_of: ledger.as_of,
            documents,
            amount,
            customer_allowance,
            allowance_held,
            net_charge: amount - allowance_held,
            history: history_rows,
            billed_12_months_before: history.activity.billed_between(
                &w.customer_id,
                year_before,
                Some(w.date),
            ),
            billed_after: history
                .activity
                .billed_between(&w.customer_id, w.date.succ_opt(), None),
            reason: w.reason.label().to_string(),
            reason_category: w.reason,
            narrative: w.narrative.clone(),
            notes: book
                .notes(&w.customer_id)?
                .into_iter()
                .filter(|n| n.date <= w.date)
                .collect(),
            signatures,
            content_hash: String::new(),
        };
        memo.content_hash = memo.hash();
        Ok(memo)
    }

    /// SHA-256 of the memo's JSON without the hash itself.
    ///
    /// The language is deliberately not hashed, and nothing hashed depends on it: the
    /// memo holds the book's figures and texts (stored names, the English names of the
    /// reason and steps it has always hashed), and the language only chooses the labels
    /// around them when it is written. An English and a Chinese memo of one write-off
    /// state the same figures, so they carry the same hash: either printed copy can be
    /// matched to the book and to each other, as the Markdown and the PDF can. The typed
    /// twins kept for writing in a language (`reason_category`, `step`, `bucket_label`)
    /// are skipped, so the hash of a memo is what it was before the memo had languages.
    fn hash(&self) -> String {
        let mut copy = self.clone();
        copy.content_hash.clear();
        let json = serde_json::to_string(&copy).unwrap_or_default();
        Sha256::digest(json.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The short form of the hash printed on every page: its first 16 hex digits.
    pub fn short_hash(&self) -> &str {
        &self.content_hash[..self.content_hash.len().min(16)]
    }

    /// True before the write-off is posted: the memo is a draft.
    pub fn is_draft(&self) -> bool {
        self.state != WriteOffState::Posted
    }

    /// A file name for the memo with the extension `extension` (`pdf`, `md`):
    /// `writeoff-ID-CUSTOMER-NAME.EXT`, made safe by [`sanitize_file_name`] since the
    /// customer's id and name come from the ledger.
    pub fn file_name(&self, extension: &str) -> String {
        sanitize_file_name(&format!(
            "writeoff-{}-{}-{}.{}",
            self.id, self.customer_id, self.customer_name, extension
        ))
    }

    /// The memo as Markdown, in English (what `writeoff memo --out FILE.md` writes).
    pub fn to_markdown(&self) -> String {
        self.to_markdown_in(Lang::English)
    }

    /// The memo as Markdown in `lang`. Every text that comes from the book is escaped
    /// ([`md_inline`], [`md_cell`], [`md_block`]); figures are formatted here, the same
    /// in every language; labels come from the catalogue.
    pub fn to_markdown_in(&self, lang: Lang) -> String {
        let m = |x: Money| x.grouped(NegativeStyle::Parentheses);
        let c = &md_inline(&self.currency);
        let id = self.id.to_string();
        let cell_id = md_cell(&self.customer_id);
        let cell_name = md_cell(&self.customer_name);
        let state = labels::state_in(lang, self.state);
        let mut out = String::new();
        if self.is_draft() {
            out.push_str(&format!(
                "> **{}** — {}\n\n",
                t_in!(lang, "memo-draft"),
                t_in!(lang, "memo-md-draft-line", id = id, state = state)
            ));
        }
        let customer = format!(
            "{} {}",
            md_inline(&self.customer_id),
            md_inline(&self.customer_name)
        );
        out.push_str(&format!(
            "# {}\n\n",
            t_in!(lang, "memo-md-heading", id = id, customer = customer)
        ));
        out.push_str("| | |\n|---|---|\n");
        let row = |label: String, value: &str| format!("| {label} | {value} |\n");
        out.push_str(&row(
            t_in!(lang, "memo-customer"),
            &format!("{cell_id} {cell_name}"),
        ));
        out.push_str(&row(
            t_in!(lang, "memo-customer-type"),
            &md_cell(&self.customer_type_in(lang)),
        ));
        let related = if self.related_party {
            format!(
                "**{}**{}",
                t_in!(lang, "memo-yes"),
                t_in!(lang, "memo-md-related-disclose")
            )
        } else {
            t_in!(lang, "memo-no")
        };
        out.push_str(&row(t_in!(lang, "memo-related-party"), &related));
        out.push_str(&row(t_in!(lang, "memo-date"), &self.date.to_string()));
        out.push_str(&row(
            t_in!(lang, "memo-amount"),
            &format!("{} {c}", m(self.amount)),
        ));
        out.push_str(&row(
            t_in!(lang, "memo-reason"),
            &md_cell(&labels::reason_in(lang, self.reason_category)),
        ));
        out.push_str(&row(t_in!(lang, "memo-state"), &md_cell(&state)));
        out.push('\n');
        out.push_str(&format!(
            "## {}\n\n{}\n\n",
            t_in!(lang, "memo-narrative"),
            md_block(&self.narrative)
        ));
        out.push_str(&format!(
            "## {}\n\n",
            t_in!(
                lang,
                "memo-md-documents-heading",
                date = self.ledger_as_of,
                currency = c
            )
        ));
        out.push_str(&md_header(&[
            (t_in!(lang, "memo-col-document"), "---"),
            (t_in!(lang, "memo-col-document-date"), "---"),
            (t_in!(lang, "memo-col-due-date"), "---"),
            (t_in!(lang, "memo-col-days-past-due"), "---:"),
            (t_in!(lang, "memo-col-bucket"), "---"),
            (t_in!(lang, "memo-col-open-amount"), "---:"),
            (t_in!(lang, "memo-col-written-off"), "---:"),
        ]));
        for d in &self.documents {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} |\n",
                md_cell(&d.document_no),
                d.document_date,
                d.due_date,
                d.days_past_due,
                md_cell(&d.bucket_in(lang)),
                m(d.open_amount),
                m(d.amount)
            ));
        }
        out.push_str(&format!(
            "| **{}** | | | | | | **{}** |\n\n",
            t_in!(lang, "memo-total"),
            m(self.amount)
        ));
        out.push_str(&format!(
            "## {}\n\n",
            t_in!(lang, "memo-allowance-heading", currency = c)
        ));
        out.push_str("| | |\n|---|---:|\n");
        out.push_str(&row(
            t_in!(lang, "memo-md-customer-allowance", date = self.ledger_as_of),
            &m(self.customer_allowance),
        ));
        out.push_str(&row(
            t_in!(lang, "memo-allowance-held"),
            &m(self.allowance_held),
        ));
        out.push_str(&row(t_in!(lang, "memo-amount"), &m(self.amount)));
        out.push_str(&row(t_in!(lang, "memo-net-charge"), &m(self.net_charge)));
        out.push('\n');
        out.push_str(&format!("## {}\n\n", t_in!(lang, "memo-entry")));
        out.push_str(&md_header(&[
            (t_in!(lang, "memo-col-account"), "---"),
            (t_in!(lang, "memo-col-debit"), "---:"),
            (t_in!(lang, "memo-col-credit"), "---:"),
        ]));
        out.push_str(&format!(
            "| {} | {} | |\n",
            t_in!(lang, "memo-entry-allowance"),
            m(self.allowance_held)
        ));
        if !self.net_charge.is_zero() {
            out.push_str(&format!(
                "| {} | {} | |\n",
                t_in!(lang, "memo-entry-expense"),
                m(self.net_charge)
            ));
        }
        out.push_str(&format!(
            "| {} | | {} |\n\n",
            t_in!(lang, "memo-entry-receivable", customer = cell_id),
            m(self.amount)
        ));
        out.push_str(&format!(
            "## {}\n\n",
            t_in!(lang, "memo-history-heading", currency = c)
        ));
        out.push_str(&md_header(&[
            (t_in!(lang, "memo-col-as-of"), "---"),
            (t_in!(lang, "memo-col-balance"), "---:"),
            (t_in!(lang, "memo-col-allowance"), "---:"),
            (t_in!(lang, "memo-col-over-one-year"), "---:"),
        ]));
        for h in &self.history {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                h.as_of,
                m(h.balance),
                m(h.allowance),
                m(h.over_one_year)
            ));
        }
        out.push_str(&format!(
            "\n## {}\n\n- {}\n- {}\n\n",
            t_in!(lang, "memo-billings"),
            t_in!(
                lang,
                "memo-md-billed-before",
                date = self.date,
                amount = m(self.billed_12_months_before),
                currency = c
            ),
            t_in!(
                lang,
                "memo-md-billed-after",
                date = self.date,
                amount = m(self.billed_after),
                currency = c
            ),
        ));
        out.push_str(&format!("## {}\n\n", t_in!(lang, "memo-collection")));
        if self.notes.is_empty() {
            out.push_str(&format!("{}\n\n", t_in!(lang, "memo-no-notes")));
        } else {
            out.push_str(&md_header(&[
                (t_in!(lang, "memo-col-date"), "---"),
                (t_in!(lang, "memo-col-action"), "---"),
                (t_in!(lang, "memo-col-by"), "---"),
                (t_in!(lang, "memo-col-outcome"), "---"),
                (t_in!(lang, "memo-col-note"), "---"),
            ]));
            for n in &self.notes {
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} |\n",
                    n.date,
                    md_cell(&note_action_in(lang, n.action)),
                    md_cell(&n.author),
                    md_cell(&n.outcome),
                    md_cell(&n.text)
                ));
            }
            out.push('\n');
        }
        out.push_str(&format!("## {}\n\n", t_in!(lang, "memo-approvals")));
        out.push_str(&md_header(&[
            (t_in!(lang, "memo-col-step"), "---"),
            (t_in!(lang, "memo-col-done-by"), "---"),
            (t_in!(lang, "memo-col-when"), "---"),
        ]));
        for s in &self.signatures {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                md_cell(&s.step.label_in(lang)),
                md_cell(&s.by),
                md_cell(&s.at)
            ));
        }
        out.push_str(&format!("\n## {}\n\n", t_in!(lang, "memo-signatures")));
        for role in signers_in(lang) {
            out.push_str(&format!(
                "{}\n\n",
                t_in!(lang, "memo-md-signature-line", role = role)
            ));
        }
        out.push_str(&format!(
            "---\n{}\n",
            t_in!(lang, "memo-md-footer", id = id, hash = self.content_hash)
        ));
        out
    }

    /// The customer's type for people, in `lang` (a type a user added keeps its name).
    pub fn customer_type_in(&self, lang: Lang) -> String {
        match CustomerType::parse(&self.customer_type) {
            Ok(t) => labels::customer_type_in(lang, &t),
            Err(_) => self.customer_type.replace('_', " "),
        }
    }
}

impl MemoDocument {
    /// The bucket for people, in `lang`.
    pub fn bucket_in(&self, lang: Lang) -> String {
        labels::bucket_in(lang, &self.bucket_label)
    }
}

/// The kind of a collection effort for people, in `lang`.
pub fn note_action_in(lang: Lang, action: NoteAction) -> String {
    match action {
        NoteAction::Call => t_in!(lang, "memo-action-call"),
        NoteAction::Letter => t_in!(lang, "memo-action-letter"),
        NoteAction::Email => t_in!(lang, "memo-action-email"),
        NoteAction::Visit => t_in!(lang, "memo-action-visit"),
        NoteAction::Legal => t_in!(lang, "memo-action-legal"),
        NoteAction::Other => t_in!(lang, "memo-action-other"),
    }
}

/// The three signature lines under the memo, in `lang`.
pub fn signers_in(lang: Lang) -> [String; 3] {
    [
        t_in!(lang, "memo-signer-first"),
        t_in!(lang, "memo-signer-second"),
        t_in!(lang, "memo-signer-third"),
    ]
}

/// A Markdown table's header and alignment rows from `(label, alignment)` pairs; the
/// labels are the catalogue's, not user text.
fn md_header(columns: &[(String, &str)]) -> String {
    let labels: Vec<&str> = columns.iter().map(|(l, _)| l.as_str()).collect();
    let aligns: Vec<&str> = columns.iter().map(|(_, a)| *a).collect();
    format!("| {} |\n|{}|\n", labels.join(" | "), aligns.join("|"))
}

/// User text as one line of Markdown (a heading): escaped, line breaks become spaces.
pub fn md_inline(text: &str) -> String {
    lines(text).map(escape_line).collect::<Vec<_>>().join(" ")
}

/// User text as the content of one table cell: escaped, `|` cannot end the cell and line
/// breaks become `<br>` (the only HTML the memo writes), so a row stays one row.
pub fn md_cell(text: &str) -> String {
    lines(text)
        .map(escape_line)
        .collect::<Vec<_>>()
        .join("<br>")
}

/// User text as paragraphs (the narrative): every line escaped, lines of a paragraph
/// joined by hard line breaks, blank lines kept as one paragraph break. No line can
/// start a heading, list, quote, table, code block or thematic break.
pub fn md_block(text: &str) -> String {
    let mut out = String::new();
    let mut in_paragraph = false;
    let mut pending_break = false;
    for line in lines(text) {
        let line = escape_line(line);
        if line.is_empty() {
            pending_break = in_paragraph;
            continue;
        }
        if pending_break {
            out.push_str("\n\n");
        } else if in_paragraph {
            out.push_str("\\\n");
        }
        out.push_str(&line);
        in_paragraph = true;
        pending_break = false;
    }
    out
}

/// The lines of `text`, split at `\r\n`, `\n` or `\r` (CommonMark's line endings).
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split("\r\n").flat_map(|l| l.split(['\n', '\r']))
}

/// One line of user text escaped for Markdown (CommonMark with GitHub's extensions), so
/// it renders as the text it is:
/// - `&`, `<`, `>` become entities: no HTML, no autolink `<http://…>`, no quote;
/// - `\`, `` ` ``, `*`, `_`, `[`, `]`, `|`, `#`, `~`, `$` are backslash-escaped
///   anywhere: no code, emphasis, link or image, table cell, heading, strikethrough or
///   math;
/// - at the start of the line, `-`, `+` and `=` are escaped (no list, setext heading or
///   thematic break), as is the `.` or `)` after leading digits (no ordered list);
///   leading blanks are dropped (no indented code block);
/// - other control characters (a tab) become spaces.
fn escape_line(line: &str) -> String {
    let line = line.trim_start();
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let mut out = String::with_capacity(line.len() + 8);
    for (i, c) in line.char_indices() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if digits > 0 && i == digits => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_text() {
        assert_eq!(
            md_cell("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(
            md_cell("<script>x</script>"),
            "&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(md_cell("AT&T &lt;"), "AT&amp;T &amp;lt;");
    }

    #[test]
    fn links_images_and_autolinks_cannot_form() {
        assert_eq!(
            md_inline("[click](http://evil)"),
            "\\[click\\](http://evil)"
        );
        assert_eq!(md_inline("![x](y)"), "!\\[x\\](y)");
        assert_eq!(md_inline("<http://evil>"), "&lt;http://evil&gt;");
    }

    #[test]
    fn emphasis_code_and_math_are_escaped() {
        assert_eq!(
            md_inline("*a* _b_ `c` ~~d~~ $e$ \\"),
            "\\*a\\* \\_b\\_ \\`c\\` \\~\\~d\\~\\~ \\$e\\$ \\\\"
        );
    }

    #[test]
    fn a_pipe_or_a_newline_cannot_break_a_table_row() {
        assert_eq!(md_cell("a | b\nc\r\nd\re"), "a \\| b<br>c<br>d<br>e");
    }

    #[test]
    fn no_line_of_a_narrative_starts_a_block() {
        let block = md_block(
            "# Approved\n## x\n> quote\n- item\n+ item\n1. first\n2) second\n===\n---\n    code\n```\n| x | y |",
        );
        assert_eq!(
            block,
            "\\# Approved\\\n\\#\\# x\\\n&gt; quote\\\n\\- item\\\n\\+ item\\\n1\\. first\\\n2\\) second\\\n\\===\\\n\\---\\\ncode\\\n\\`\\`\\`\\\n\\| x \\| y \\|"
        );
    }

    #[test]
    fn blank_lines_of_a_narrative_separate_paragraphs() {
        assert_eq!(md_block("one\ntwo\n\n\nthree\n"), "one\\\ntwo\n\nthree");
        assert_eq!(md_block(""), "");
    }

    #[test]
    fn ordinary_text_and_chinese_names_are_unchanged() {
        for text in [
            "中原重型机械集团有限公司",
            "INV-2015-001",
            "Acme Ltd. (Shanghai)",
            "Balance of 12,400,000.00 disputed since 2016-03",
            "1-30",
        ] {
            assert_eq!(md_cell(text), text);
        }
    }

    #[test]
    fn a_heading_keeps_one_line() {
        assert_eq!(md_inline("A\nB # C"), "A B \\# C");
    }
}
