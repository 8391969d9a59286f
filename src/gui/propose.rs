//! The write-off proposal form, a window over whichever screen asked for it (the
//! customer screen's "Propose write-off…"): the customer's documents in the ledger the
//! write-off is taken from, the long-aging ones (over 365 days past due) preselected,
//! each amount editable down to a partial write-off; the reason category, the narrative,
//! the write-off date; and, before anything is sent, the allowance already held against
//! those documents and the net charge to profit, by the memo's rule
//! ([`crate::report::writeoffs::allowance_held`]).
//!
//! The documents are read on a [`Job`] through [`Book::write_off_candidates`], the same
//! call that checks a proposal, once per customer, ledger and history generation. The
//! proposal runs in the shell as a [`WriteOffOp::Propose`]; the form keeps everything
//! typed until the book has taken it, and shows the refusal if it did not.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use egui_extras::{Column, TableBuilder};

use super::app::{Action, BookOp, ScreenContext};
use super::widgets::{money_cell, number_cell, right};
use super::writeoffs::{FIGURE_WIDTH, ProposalOutcome, WriteOffOp, amount_in};
use crate::book::{Book, BookHistory};
use crate::domain::aging::{AgingBasis, days_past_due};
use crate::domain::date::parse_date;
use crate::domain::money::{Money, NegativeStyle};
use crate::domain::writeoff::ReasonCategory;
use crate::jobs::Job;
use crate::postings::WriteOffCandidates;
use crate::report::labels;
use crate::report::writeoffs::{AmountError, allowance_held, net_charge, parse_write_off_amount};

/// Days past due above which a document is preselected.
const LONG_AGING_DAYS: i64 = 365;
/// Height of a document row.
const ROW_HEIGHT: f32 = 24.0;

/// What the documents job was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CandidatesKey {
    customer: String,
    ledger: NaiveDate,
    generation: u64,
}

/// What it read: the documents, and the customer in that ledger's assessment.
struct Candidates {
    key: CandidatesKey,
    candidates: WriteOffCandidates,
    name: String,
    customer_allowance: Money,
    positive: Money,
    basis: AgingBasis,
}

type CandidatesResult = Result<Candidates, String>;

/// One document's input.
#[derive(Debug, Clone)]
struct Line {
    checked: bool,
    amount: String,
    /// The user changed the amount (a reload does not reset it).
    edited: bool,
}

/// A proposal sent, waiting for the book.
struct Sent {
    generation: u64,
    frames: u32,
    outcome: ProposalOutcome,
}

/// How the form ended this frame.
pub enum FormEnd {
    /// Still open.
    Open,
    /// Closed without proposing.
    Closed,
    /// The book took the proposal: the new draft's id.
    Proposed(i64),
}

/// The proposal form's state.
pub struct ProposalForm {
    customer: String,
    date: String,
    reason: Option<ReasonCategory>,
    narrative: String,
    lines: HashMap<String, Line>,
    candidates: Option<Candidates>,
    job: Option<(CandidatesKey, Job<CandidatesResult>)>,
    error: Option<(CandidatesKey, String)>,
    sent: Option<Sent>,
    refusal: Option<String>,
}

impl ProposalForm {
    /// A new form for `customer`; the date follows the as-of date when first drawn.
    pub fn new(customer: String) -> ProposalForm {
        ProposalForm {
            customer,
            date: String::new(),
            reason: None,
            narrative: String::new(),
            lines: HashMap::new(),
            candidates: None,
            job: None,
            error: None,
            sent: None,
            refusal: None,
        }
    }

    /// The customer.
    pub fn customer(&self) -> &str {
        &self.customer
    }

    /// True once something was typed or chosen.
    pub fn has_input(&self) -> bool {
        !self.narrative.trim().is_empty()
            || self.reason.is_some()
            || self.lines.values().any(|l| l.edited)
    }

    /// Draws the form; says whether it closed, and how.
    pub fn ui(&mut self, ctx: &egui::Context, cx: &mut ScreenContext<'_>) -> FormEnd {
        let Some(history) = cx.history.map(Arc::clone) else {
            return FormEnd::Open;
        };
        if self.date.is_empty()
            && let Some(d) = cx
                .as_of()
                .or_else(|| history.snapshots.last().map(|s| s.as_of))
        {
            self.date = d.to_string();
        }
        if let Some(end) = self.poll(cx) {
            return end;
        }
        let date = parse_date(&self.date).map_err(|e| e.to_string());
        let ledger = date.as_ref().ok().and_then(|d| {
            history
                .snapshots
                .iter()
                .rev()
                .find(|s| s.as_of <= *d)
                .map(|s| s.as_of)
        });
        if let Some(ledger) = ledger {
            self.start_job(ctx, cx, &history, ledger);
        }
        let title = t!("wo-propose-title", customer = self.customer.as_str());
        let mut open = true;
        let mut cancel = false;
        egui::Window::new(title)
            .id(egui::Id::unique("wo_propose_window"))
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_width(900.0)
            .default_height(660.0)
            .default_pos(egui::pos2(
                (ctx.content_rect().width() - 900.0).max(0.0) / 2.0,
                70.0,
            ))
            .max_height(ctx.content_rect().height() - 110.0)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("wo_propose_scroll")
                    .show(ui, |ui| {
                        cancel = self.form_ui(ui, cx, &history, &date, ledger);
                    });
            });
        if !open || cancel {
            FormEnd::Closed
        } else {
            FormEnd::Open
        }
    }

    /// Follows the documents job and a proposal sent.
    fn poll(&mut self, cx: &ScreenContext<'_>) -> Option<FormEnd> {
        if let Some((_, job)) = &mut self.job
            && let Some(end) = job.poll().ended()
            && let Some((key, _)) = self.job.take()
        {
            match end.and_then(|r| r) {
                Ok(c) => {
                    self.take_candidates(&c);
                    self.candidates = Some(c);
                    self.error = None;
                }
                Err(e) => self.error = Some((key, e)),
            }
        }
        let sent = self.sent.as_mut()?;
        sent.frames += 1;
        match sent.outcome.get() {
            // Taken: once the history that holds it is in (or the reload is over),
            // the screen shows the new draft.
            Some(Ok(id)) if cx.generation != sent.generation || !cx.busy => {
                return Some(FormEnd::Proposed(id));
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => {
                self.refusal = Some(e);
                self.sent = None;
            }
            None if sent.frames > 1 && !cx.busy => {
                self.refusal = Some(t!("wo-propose-not-made"));
                self.sent = None;
            }
            None => {}
        }
        None
    }

    /// New documents arrived: each gets an input, long-aging ones checked; amounts the
    /// user did not touch follow the ledger.
    fn take_candidates(&mut self, c: &Candidates) {
        let date = parse_date(&self.date).unwrap_or(c.candidates.ledger_as_of);
        for d in &c.candidates.documents {
            if !d.open.is_positive() || d.pending.is_some() {
                continue;
            }
            let text = plain(d.open);
            match self.lines.get_mut(&d.item.document_no) {
                Some(line) if !line.edited => line.amount = text,
                Some(_) => {}
                None => {
                    let days = days_past_due(date, d.item.document_date, d.item.due_date, c.basis);
                    self.lines.insert(
                        d.item.document_no.clone(),
                        Line {
                            checked: days > LONG_AGING_DAYS,
                            amount: text,
                            edited: false,
                        },
                    );
                }
            }
        }
    }

    fn start_job(
        &mut self,
        ctx: &egui::Context,
        cx: &ScreenContext<'_>,
        history: &Arc<BookHistory>,
        ledger: NaiveDate,
    ) {
        let key = CandidatesKey {
            customer: self.customer.clone(),
            ledger,
            generation: cx.generation,
        };
        let have = self.candidates.as_ref().is_some_and(|c| c.key == key);
        let running = self.job.as_ref().is_some_and(|(k, _)| *k == key);
        let failed = self.error.as_ref().is_some_and(|(k, _)| *k == key);
        if have || running || failed {
            return;
        }
        let (db, user) = (cx.db.to_path_buf(), cx.user.to_string());
        let history = Arc::clone(history);
        let repaint = ctx.clone();
        let job_key = key.clone();
        let job = Job::spawn(
            "write-off documents",
            move || repaint.request_repaint(),
            move |_| load_candidates(&db, &user, &history, job_key),
        );
        self.job = Some((key, job));
    }

    /// The form's body; true when the user cancels.
    fn form_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &mut ScreenContext<'_>,
        history: &BookHistory,
        date: &Result<NaiveDate, String>,
        ledger: Option<NaiveDate>,
    ) -> bool {
        let style = cx.style;
        let currency = history.currency.clone();
        let candidates = self
            .candidates
            .as_ref()
            .filter(|c| c.key.customer == self.customer);
        ui.horizontal(|ui| {
            ui.heading(egui::RichText::new(&self.customer).monospace());
            if let Some(c) = candidates
                && !c.name.is_empty()
            {
                ui.heading(c.name.as_str());
            }
            if self.job.is_some() {
                ui.spinner();
            }
        });
        match (ledger, candidates) {
            (Some(l), Some(c)) if c.key.ledger == l => {
                ui.label(t!(
                    "wo-propose-ledger",
                    ledger = l,
                    currency = currency.as_str()
                ));
            }
            (Some(l), _) => {
                ui.label(egui::RichText::new(t!("wo-propose-loading", ledger = l)).weak());
            }
            (None, _) => {
                if let Ok(d) = date {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        t!("wo-propose-no-ledger", date = *d),
                    );
                }
            }
        }
        if let Some((_, e)) = &self.error {
            ui.colored_label(
                ui.visuals().error_fg_color,
                t!("wo-propose-read-failed", error = e.as_str()),
            );
        }
        // The amounts, checked, in the ledger's order.
        let mut chosen: Vec<(String, Money)> = Vec::new();
        let mut invalid = 0usize;
        if let Some(c) = candidates {
            let on = date
                .as_ref()
                .ok()
                .copied()
                .unwrap_or(c.candidates.ledger_as_of);
            let (picked, bad) = documents_ui(ui, c, &mut self.lines, on, style);
            chosen = picked;
            invalid = bad;
        }
        ui.add_space(8.0);
        let closed = date
            .as_ref()
            .ok()
            .filter(|d| history.is_closed(**d))
            .copied();
        egui::Grid::new("wo_propose_fields")
            .num_columns(2)
            .spacing([10.0, 6.0])
            .show(ui, |ui| {
                let label = ui.label(t!("wo-propose-reason"));
                let shown = self
                    .reason
                    .map_or_else(|| t!("wo-propose-choose-reason"), labels::reason);
                egui::ComboBox::from_id_salt("wo_propose_reason")
                    .selected_text(shown)
                    .width(220.0)
                    .show_ui(ui, |ui| {
                        for r in ReasonCategory::ALL {
                            ui.selectable_value(&mut self.reason, Some(r), labels::reason(r));
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();

                let label = ui.label(t!("wo-propose-date"));
                ui.horizontal(|ui| {
                    ui.add(
                        egui::TextEdit::singleline(&mut self.date)
                            .id_salt("wo_propose_date")
                            .hint_text("YYYY-MM-DD")
                            .desired_width(100.0),
                    )
                    .labelled_by(label.id);
                    match (date, closed) {
                        (Err(e), _) => {
                            ui.colored_label(ui.visuals().error_fg_color, e.as_str());
                        }
                        (Ok(d), Some(_)) => {
                            ui.colored_label(
                                ui.visuals().error_fg_color,
                                t!(
                                    "wo-propose-closed",
                                    date = *d,
                                    through = history.closed_through.unwrap_or(*d)
                                ),
                            );
                        }
                        _ => {}
                    }
                });
                ui.end_row();

                let label = ui.label(t!("wo-propose-narrative"));
                ui.add(
                    egui::TextEdit::multiline(&mut self.narrative)
                        .id_salt("wo_propose_narrative")
                        .desired_rows(3)
                        .desired_width(620.0)
                        .hint_text(t!("wo-propose-narrative-hint")),
                )
                .labelled_by(label.id);
                ui.end_row();
            });
        ui.add_space(8.0);
        // The figures before anything is sent, by the memo's rule.
        let amount: Money = chosen.iter().map(|(_, a)| *a).sum();
        if let Some(c) = candidates {
            let held = allowance_held(c.customer_allowance, c.positive, amount);
            let net = net_charge(amount, held);
            ui.group(|ui| {
                egui::Grid::new("wo_propose_figures")
                    .num_columns(2)
                    .spacing([32.0, 2.0])
                    .show(ui, |ui| {
                        ui.label(t!("wo-figure-amount", currency = currency.as_str()));
                        amount_in(ui, FIGURE_WIDTH, amount, style, false);
                        ui.end_row();
                        ui.label(t!("wo-figure-held"));
                        amount_in(ui, FIGURE_WIDTH, held, style, false);
                        ui.end_row();
                        ui.label(egui::RichText::new(t!("wo-figure-net")).strong());
                        amount_in(ui, FIGURE_WIDTH, net, style, true);
                        ui.end_row();
                    });
                ui.label(
                    egui::RichText::new(t!(
                        "wo-propose-held-explain",
                        allowance = c.customer_allowance.grouped(style),
                        ledger = c.key.ledger,
                        positive = c.positive.grouped(style)
                    ))
                    .weak(),
                );
            });
        }
        // What stops the proposal, said under the button.
        let mut why: Vec<String> = Vec::new();
        if let Some(d) = closed {
            why.push(t!(
                "wo-propose-closed",
                date = d,
                through = history.closed_through.unwrap_or(d)
            ));
        }
        if date.is_err() {
            why.push(t!("wo-propose-needs-date"));
        } else if ledger.is_none() {
            why.push(t!("wo-propose-needs-ledger"));
        }
        if candidates.is_none() {
            why.push(t!("wo-propose-needs-documents-loaded"));
        } else if invalid > 0 {
            why.push(t!("wo-propose-needs-valid-amounts", n = invalid));
        } else if chosen.is_empty() {
            why.push(t!("wo-propose-needs-documents"));
        }
        if self.reason.is_none() {
            why.push(t!("wo-propose-needs-reason"));
        }
        if self.narrative.trim().is_empty() {
            why.push(t!("wo-propose-needs-narrative"));
        }
        let waiting = self.sent.is_some();
        let mut cancel = false;
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let enabled = why.is_empty() && !waiting && !cx.busy;
            let hover = why.first().cloned().unwrap_or_else(|| t!("wo-busy"));
            let clicked = ui
                .add_enabled(enabled, egui::Button::new(t!("wo-propose-send")))
                .on_disabled_hover_text(hover)
                .clicked();
            cancel = ui.button(t!("wo-cancel")).clicked();
            if waiting {
                ui.spinner();
                ui.label(t!("wo-propose-sending"));
            }
            if clicked && let (Ok(d), Some(reason)) = (date, self.reason) {
                let outcome = ProposalOutcome::default();
                cx.actions
                    .push(Action::Run(BookOp::WriteOff(WriteOffOp::Propose {
                        customer: self.customer.clone(),
                        date: *d,
                        reason,
                        narrative: self.narrative.trim().to_string(),
                        documents: chosen
                            .iter()
                            .map(|(doc, a)| (doc.clone(), Some(*a)))
                            .collect(),
                        outcome: outcome.clone(),
                    })));
                self.refusal = None;
                self.sent = Some(Sent {
                    generation: cx.generation,
                    frames: 0,
                    outcome,
                });
            }
        });
        for text in &why {
            ui.colored_label(ui.visuals().warn_fg_color, text);
        }
        if let Some(e) = &self.refusal {
            ui.colored_label(
                ui.visuals().error_fg_color,
                t!("wo-propose-refused", error = e.as_str()),
            );
        }
        cancel
    }
}

/// The documents table; returns the documents checked with valid amounts, and how many
/// checked ones have an amount that is not.
fn documents_ui(
    ui: &mut egui::Ui,
    c: &Candidates,
    lines: &mut HashMap<String, Line>,
    on: NaiveDate,
    style: NegativeStyle,
) -> (Vec<(String, Money)>, usize) {
    let mut chosen = Vec::new();
    let mut invalid = 0;
    let docs = &c.candidates.documents;
    let shown: Vec<usize> = (0..docs.len())
        .filter(|&i| docs[i].item.open_amount.is_positive())
        .collect();
    let credits = docs.len() - shown.len();
    let height = (shown.len() as f32 * ROW_HEIGHT).min(220.0);
    ui.push_id("wo_propose_documents", |ui| {
        TableBuilder::new(ui)
            .id_salt("wo_propose_documents")
            .striped(true)
            .resizable(false)
            .auto_shrink([false, true])
            .min_scrolled_height(0.0)
            .max_scroll_height(height.max(ROW_HEIGHT))
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::exact(130.0).clip(true))
            .column(Column::exact(84.0))
            .column(Column::exact(84.0))
            .column(Column::exact(56.0))
            .column(Column::exact(118.0))
            .column(Column::exact(130.0))
            .column(Column::remainder().at_least(160.0).clip(true))
            .header(ROW_HEIGHT, |mut header| {
                for (text, right_aligned) in [
                    (t!("wo-col-document"), false),
                    (t!("wo-col-doc-date"), false),
                    (t!("wo-col-due-date"), false),
                    (t!("wo-col-days"), true),
                    (t!("wo-col-open"), true),
                    (t!("wo-col-to-write-off"), true),
                    (String::new(), false),
                ] {
                    header.col(|ui| {
                        if right_aligned {
                            right(ui, |ui| ui.strong(text));
                        } else {
                            ui.strong(text);
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(ROW_HEIGHT, shown.len(), |mut row| {
                    let Some(d) = shown.get(row.index()).and_then(|&i| docs.get(i)) else {
                        return;
                    };
                    let doc = &d.item.document_no;
                    let days = days_past_due(on, d.item.document_date, d.item.due_date, c.basis);
                    let line = lines.get_mut(doc);
                    let mut error = None;
                    let mut note = None;
                    match (&d.pending, d.open.is_positive()) {
                        (Some(id), _) => note = Some(t!("wo-propose-in-write-off", id = *id)),
                        (None, false) => note = Some(t!("wo-propose-written-off-already")),
                        _ => {}
                    }
                    let mut line = line.filter(|_| note.is_none());
                    row.col(|ui| match line.as_deref_mut() {
                        Some(l) => {
                            ui.checkbox(&mut l.checked, doc.as_str());
                        }
                        None => {
                            ui.add_enabled(false, egui::Checkbox::new(&mut false, doc.as_str()));
                        }
                    });
                    row.col(|ui| {
                        ui.label(d.item.document_date.to_string());
                    });
                    row.col(|ui| {
                        ui.label(d.item.due_date.to_string());
                    });
                    row.col(|ui| {
                        let text = egui::RichText::new(days.to_string()).monospace();
                        let text = if days > LONG_AGING_DAYS {
                            text.color(ui.visuals().warn_fg_color)
                        } else {
                            text
                        };
                        right(ui, |ui| ui.label(text));
                    });
                    row.col(|ui| {
                        money_cell(ui, d.open, style).on_hover_text(if d.taken.is_zero() {
                            String::new()
                        } else {
                            t!(
                                "wo-propose-taken",
                                taken = d.taken.grouped(style),
                                ledger = d.item.open_amount.grouped(style)
                            )
                        });
                    });
                    row.col(|ui| match line.as_deref_mut() {
                        Some(l) => {
                            let response = ui.add_enabled(
                                l.checked,
                                egui::TextEdit::singleline(&mut l.amount)
                                    .id_salt(("wo_propose_amount", doc.as_str()))
                                    .align(egui::Align2::RIGHT_CENTER)
                                    .desired_width(120.0),
                            );
                            let name = t!("wo-propose-amount-of", document = doc.as_str());
                            response.widget_info(|| {
                                egui::WidgetInfo::labeled(
                                    egui::Role::TextInput,
                                    l.checked,
                                    name.as_str(),
                                )
                            });
                            if response.changed() {
                                l.edited = true;
                            }
                            if l.checked {
                                match parse_write_off_amount(&l.amount, d.open) {
                                    Ok(a) => chosen.push((doc.clone(), a)),
                                    Err(e) => {
                                        invalid += 1;
                                        error = Some(amount_error(&e, style));
                                    }
                                }
                            }
                        }
                        None => {
                            number_cell(ui, "–");
                        }
                    });
                    row.col(|ui| {
                        if let Some(e) = &error {
                            ui.colored_label(ui.visuals().error_fg_color, e)
                                .on_hover_text(e);
                        } else if let Some(n) = &note {
                            ui.label(egui::RichText::new(n).weak());
                        } else if let Some(l) = line.as_deref()
                            && l.checked
                            && let Ok(a) = parse_write_off_amount(&l.amount, d.open)
                            && a < d.open
                        {
                            ui.label(
                                egui::RichText::new(t!(
                                    "wo-propose-partial",
                                    left = (d.open - a).grouped(style)
                                ))
                                .weak(),
                            );
                        }
                    });
                });
            });
    });
    if credits > 0 {
        ui.label(egui::RichText::new(t!("wo-propose-credits", n = credits)).weak());
    }
    (chosen, invalid)
}

fn amount_error(e: &AmountError, style: NegativeStyle) -> String {
    match e {
        AmountError::Empty => t!("wo-amount-empty"),
        AmountError::NotAnAmount(_) => t!("wo-amount-not-an-amount"),
        AmountError::NotPositive => t!("wo-amount-not-positive"),
        AmountError::AboveOpen(open) => t!("wo-amount-above-open", open = open.grouped(style)),
    }
}

/// An amount as the field shows it at first: grouped, as the table does.
fn plain(m: Money) -> String {
    m.grouped(NegativeStyle::Minus)
}

fn load_candidates(
    db: &Path,
    user: &str,
    history: &BookHistory,
    key: CandidatesKey,
) -> CandidatesResult {
    let book = Book::open(db, user).map_err(|e| super::errors::book_error_text(&e))?;
    let candidates = book
        .write_off_candidates(&key.customer, key.ledger)
        .map_err(|e| super::errors::book_error_text(&e))?;
    let assessment = history
        .index_of(candidates.ledger_as_of)
        .and_then(|i| history.assessments.get(i));
    let customer =
        assessment.and_then(|a| a.customers.iter().find(|c| c.customer_id == key.customer));
    let items: Vec<_> = candidates
        .documents
        .iter()
        .map(|d| d.item.clone())
        .collect();
    Ok(Candidates {
        name: customer.map(|c| c.name.clone()).unwrap_or_default(),
        customer_allowance: customer.map_or(Money::ZERO, |c| c.allowance),
        positive: crate::report::writeoffs::positive_balance(&items),
        basis: assessment.map_or(AgingBasis::DueDate, |a| a.basis),
        key,
        candidates,
    })
}
