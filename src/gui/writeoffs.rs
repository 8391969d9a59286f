//! The write-offs screen (Ctrl+6): write-offs by state, each with its documents, the
//! allowance held, the net charge, its approvals and its memo as it will print; the steps
//! (submit, approve, reject, post) as the current user may take them; the memo exported
//! as PDF or Markdown. The proposal form, drawn over any screen, is in [`super::propose`].
//!
//! Nothing here touches SQLite from `ui()`: the list and the approvers are read by a
//! [`Job`] with its own [`Book`] once per history generation, the memo by another once
//! per write-off, generation and language. Whether a step is allowed is decided each
//! frame by the same pure rule the book applies inside its guarded step
//! ([`decide`]), on the write-off, approvers and close the list job read, so a disabled
//! button says what the command line would refuse. Steps run as [`BookOp`]s in the shell.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use egui_extras::{Column, Size, StripBuilder, TableBuilder};
use serde::{Deserialize, Serialize};

use super::app::{Action, BookOp, ScreenContext};
use super::file_dialog::{Ask, FileDialog};
use super::propose::ProposalForm;
use super::widgets::{money_cell, right};
use crate::book::{Book, BookHistory};
use crate::domain::money::{Money, NegativeStyle};
use crate::domain::writeoff::{
    Approver, ReasonCategory, Transition, WriteOff, WriteOffError, WriteOffState, decide,
};
use crate::i18n::Lang;
use crate::jobs::Job;
use crate::report::labels;
use crate::report::memo::Memo;
use crate::report::writeoffs::{WriteOffRow, rows_in, write_off_rows};

/// Height of a table row.
const ROW_HEIGHT: f32 = 22.0;

/// What the list job read: every write-off, the approvers, the customers' names.
struct WriteOffList {
    generation: u64,
    write_offs: Vec<WriteOff>,
    rows: Vec<WriteOffRow>,
    approvers: Vec<Approver>,
    names: HashMap<String, String>,
}

type ListResult = Result<WriteOffList, String>;

/// What the memo job was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct MemoKey {
    id: i64,
    generation: u64,
    lang: Lang,
}

/// A memo and its Markdown, parsed for drawing.
struct MemoView {
    memo: Memo,
    blocks: Vec<Block>,
}

type MemoResult = Result<MemoView, String>;

/// The memo's two file kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemoFormat {
    /// A PDF laid out by Typst.
    Pdf,
    /// The Markdown text.
    Markdown,
}

impl MemoFormat {
    fn extension(self) -> &'static str {
        match self {
            MemoFormat::Pdf => "pdf",
            MemoFormat::Markdown => "md",
        }
    }

    /// The format a path's extension names, if any.
    fn of(path: &Path) -> Option<MemoFormat> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .as_deref()
        {
            Some("pdf") => Some(MemoFormat::Pdf),
            Some("md" | "markdown") => Some(MemoFormat::Markdown),
            _ => None,
        }
    }
}

/// The memo export: the save dialog, the typed-path fallback, the writing job.
#[derive(Default)]
struct Export {
    dialog: FileDialog,
    /// The write-off whose memo the file asked for in `dialog` is to hold.
    asked_for: Option<i64>,
    /// A request to write, started on the next frame (the test seam goes through it).
    request: Option<(i64, PathBuf)>,
    writing: Option<Job<Result<PathBuf, String>>>,
    /// The last export's outcome.
    result: Option<Result<PathBuf, String>>,
}

/// The reject form: the reason being typed for write-off `id`.
struct RejectForm {
    id: i64,
    reason: String,
}

/// The state filter.
type Filter = Option<WriteOffState>;

/// Write-offs by state, the selected one in full, the steps and the memo.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct WriteOffsScreen {
    filter: Filter,
    #[serde(skip)]
    selected: Option<i64>,
    #[serde(skip)]
    list: Option<WriteOffList>,
    #[serde(skip)]
    list_job: Option<(u64, Job<ListResult>)>,
    #[serde(skip)]
    list_error: Option<(u64, String)>,
    #[serde(skip)]
    memo: Option<(MemoKey, Arc<MemoView>)>,
    #[serde(skip)]
    memo_job: Option<(MemoKey, Job<MemoResult>)>,
    #[serde(skip)]
    memo_error: Option<(MemoKey, String)>,
    #[serde(skip)]
    reject: Option<RejectForm>,
    #[serde(skip)]
    export: Export,
    #[serde(skip)]
    proposal: Option<ProposalForm>,
}

impl WriteOffsScreen {
    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>) {
        self.poll_jobs();
        let Some(history) = cx.history else {
            ui.vertical_centered(|ui| {
                ui.add_space(80.0);
                ui.spinner();
                ui.label(t!("wo-opening"));
            });
            return;
        };
        let history = Arc::clone(history);
        self.start_jobs(ui.ctx(), cx, &history);
        self.export_ui(ui.ctx(), cx);
        self.header_ui(ui);
        ui.separator();
        StripBuilder::new(ui)
            .clip(true)
            .size(Size::exact(600.0))
            .size(Size::remainder())
            .horizontal(|mut strip| {
                strip.cell(|ui| self.list_ui(ui, cx));
                strip.cell(|ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("wo_detail")
                        .auto_shrink([false, false])
                        .show(ui, |ui| self.detail_ui(ui, cx, &history));
                });
            });
    }

    /// True while the user has typed into a form and not sent it.
    pub fn has_unsaved_input(&self) -> bool {
        self.proposal.as_ref().is_some_and(ProposalForm::has_input)
            || self
                .reject
                .as_ref()
                .is_some_and(|r| !r.reason.trim().is_empty())
    }

    /// Opens the proposal form for `customer` (drawn by [`Self::proposal_ui`]); a form
    /// already open for that customer keeps what was typed.
    pub fn propose(&mut self, customer: String) {
        if self.proposal.as_ref().map(ProposalForm::customer) != Some(customer.as_str()) {
            self.proposal = Some(ProposalForm::new(customer));
        }
    }

    /// True while the proposal form is open.
    pub fn is_proposing(&self) -> bool {
        self.proposal.is_some()
    }

    /// Draws the proposal form, when one is open, as a window over the screen. Once the
    /// proposal succeeded the form closes and this screen opens the new draft.
    pub fn proposal_ui(&mut self, ctx: &egui::Context, cx: &mut ScreenContext<'_>) {
        let Some(form) = &mut self.proposal else {
            return;
        };
        match form.ui(ctx, cx) {
            super::propose::FormEnd::Open => {}
            super::propose::FormEnd::Closed => self.proposal = None,
            super::propose::FormEnd::Proposed(id) => {
                self.proposal = None;
                self.filter = None;
                cx.actions.push(Action::OpenWriteOff(id));
            }
        }
    }

    /// Shows the write-off `id`.
    pub fn open(&mut self, id: i64) {
        if self.selected != Some(id) {
            self.reject = None;
        }
        self.selected = Some(id);
        if let Some(list) = &self.list
            && let Some(w) = list.write_offs.iter().find(|w| w.id == id)
            && self.filter.is_some_and(|f| f != w.state)
        {
            self.filter = None;
        }
    }

    /// The write-off shown.
    pub fn selected(&self) -> Option<i64> {
        self.selected
    }

    /// The state filter (`None`: all).
    pub fn set_filter(&mut self, filter: Option<WriteOffState>) {
        self.filter = filter;
    }

    /// A test seam: writes the memo of write-off `id` to `path` (PDF or Markdown by its
    /// extension) as the export does after its dialog.
    #[doc(hidden)]
    pub fn export_memo_to(&mut self, id: i64, path: PathBuf) {
        self.export.result = None;
        self.export.request = Some((id, path));
    }

    /// True while a memo is being written.
    pub fn is_exporting(&self) -> bool {
        self.export.request.is_some() || self.export.writing.is_some()
    }

    /// The last export's outcome: the file written, or why not.
    pub fn export_result(&self) -> Option<&Result<PathBuf, String>> {
        self.export.result.as_ref()
    }

    /// True while the list or the selected memo is being read.
    pub fn is_loading(&self) -> bool {
        self.list_job.is_some() || self.memo_job.is_some()
    }

    fn poll_jobs(&mut self) {
        if let Some((generation, job)) = &mut self.list_job
            && let Some(end) = job.poll().ended()
        {
            let generation = *generation;
            self.list_job = None;
            match end.and_then(|r| r) {
                Ok(list) => {
                    self.list = Some(list);
                    self.list_error = None;
                }
                Err(e) => self.list_error = Some((generation, e)),
            }
        }
        if let Some((key, job)) = &mut self.memo_job
            && let Some(end) = job.poll().ended()
        {
            let key = *key;
            self.memo_job = None;
            match end.and_then(|r| r) {
                Ok(view) => {
                    self.memo = Some((key, Arc::new(view)));
                    self.memo_error = None;
                }
                Err(e) => self.memo_error = Some((key, e)),
            }
        }
        if let Some(job) = &mut self.export.writing
            && let Some(end) = job.poll().ended()
        {
            self.export.writing = None;
            self.export.result = Some(end.and_then(|r| r));
        }
        if let Some(path) = self.export.dialog.poll()
            && let Some(id) = self.export.asked_for
        {
            self.export.request = Some((id, path));
        }
    }

    /// Starts the list job when the history changed, and the memo job when the selected
    /// write-off, the history or the language changed.
    fn start_jobs(
        &mut self,
        ctx: &egui::Context,
        cx: &ScreenContext<'_>,
        history: &Arc<BookHistory>,
    ) {
        let generation = cx.generation;
        let have = self
            .list
            .as_ref()
            .is_some_and(|l| l.generation == generation);
        let running = self
            .list_job
            .as_ref()
            .is_some_and(|(g, _)| *g == generation);
        let failed = self
            .list_error
            .as_ref()
            .is_some_and(|(g, _)| *g == generation);
        if !have && !running && !failed {
            let (db, user) = (cx.db.to_path_buf(), cx.user.to_string());
            let history = Arc::clone(history);
            let repaint = ctx.clone();
            let job = Job::spawn(
                "write-offs",
                move || repaint.request_repaint(),
                move |_| load_list(&db, &user, &history, generation),
            );
            self.list_job = Some((generation, job));
        }
        // The memo follows the list: a write-off the list does not hold yet has none.
        let Some(id) = self.selected.filter(|id| {
            self.list
                .as_ref()
                .is_some_and(|l| l.write_offs.iter().any(|w| w.id == *id))
        }) else {
            return;
        };
        let key = MemoKey {
            id,
            generation,
            lang: crate::i18n::language(),
        };
        let have = self.memo.as_ref().is_some_and(|(k, _)| *k == key);
        let running = self.memo_job.as_ref().is_some_and(|(k, _)| *k == key);
        let failed = self.memo_error.as_ref().is_some_and(|(k, _)| *k == key);
        if !have && !running && !failed {
            let (db, user) = (cx.db.to_path_buf(), cx.user.to_string());
            let repaint = ctx.clone();
            let job = Job::spawn(
                "write-off memo",
                move || repaint.request_repaint(),
                move |_| load_memo(&db, &user, id),
            );
            self.memo_job = Some((key, job));
        }
    }

    fn header_ui(&mut self, ui: &mut egui::Ui) {
        let counts = |state: Filter| {
            self.list
                .as_ref()
                .map_or(0, |l| rows_in(&l.rows, state).len())
        };
        let mut filter = self.filter;
        ui.horizontal(|ui| {
            ui.heading(t!("wo-title"));
            ui.add_space(12.0);
            ui.label(t!("wo-filter"));
            let mut options: Vec<(Filter, String)> = vec![(None, t!("wo-filter-all"))];
            options.extend(
                WriteOffState::ALL
                    .into_iter()
                    .map(|s| (Some(s), labels::state(s))),
            );
            for (value, name) in options {
                let text = format!("{name} ({})", counts(value));
                ui.selectable_value(&mut filter, value, text);
            }
            if self.list_job.is_some() {
                ui.spinner();
            }
            if let Some((_, e)) = &self.list_error {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    t!("wo-list-failed", error = e.as_str()),
                );
            }
        });
        self.filter = filter;
    }

    fn list_ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>) {
        let style = cx.style;
        let Some(list) = &self.list else {
            return;
        };
        let rows = rows_in(&list.rows, self.filter);
        // With nothing chosen, the newest write-off shown is.
        if self.selected.is_none()
            && let Some(first) = rows.first()
        {
            self.selected = Some(first.id);
        }
        if rows.is_empty() {
            ui.add_space(12.0);
            ui.label(match self.filter {
                None => t!("wo-list-none"),
                Some(s) => t!("wo-list-none-in", state = labels::state(s)),
            });
            ui.label(egui::RichText::new(t!("wo-list-how")).weak());
            return;
        }
        let mut clicked = None;
        let selected = self.selected;
        let currency = cx.currency().to_string();
        ui.push_id("wo_list", |ui| {
            TableBuilder::new(ui)
                .id_salt("wo_list")
                .striped(true)
                .resizable(false)
                .sense(egui::Sense::click())
                .auto_shrink([false, false])
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::exact(44.0))
                .column(Column::remainder().at_least(150.0).clip(true))
                .column(Column::exact(80.0))
                .column(Column::exact(70.0))
                .column(Column::exact(118.0))
                .column(Column::exact(76.0).clip(true))
                .header(ROW_HEIGHT, |mut header| {
                    header.col(|ui| {
                        ui.strong(t!("wo-col-id"));
                    });
                    header.col(|ui| {
                        ui.strong(t!("wo-col-customer"));
                    });
                    header.col(|ui| {
                        ui.strong(t!("wo-col-date"));
                    });
                    header.col(|ui| {
                        ui.strong(t!("wo-col-state"));
                    });
                    header.col(|ui| {
                        right(ui, |ui| {
                            ui.strong(t!("wo-col-amount", currency = currency.as_str()))
                        });
                    });
                    header.col(|ui| {
                        ui.strong(t!("wo-col-preparer"));
                    });
                })
                .body(|body| {
                    body.rows(ROW_HEIGHT, rows.len(), |mut row| {
                        let Some(r) = rows.get(row.index()) else {
                            return;
                        };
                        row.set_selected(selected == Some(r.id));
                        row.col(|ui| {
                            if ui
                                .selectable_label(selected == Some(r.id), t!("wo-id", id = r.id))
                                .clicked()
                            {
                                clicked = Some(r.id);
                            }
                        });
                        row.col(|ui| {
                            let name = list.names.get(&r.customer_id).map_or("", String::as_str);
                            let text = format!("{}  {name}", r.customer_id);
                            if ui
                                .add(
                                    egui::Label::new(text)
                                        .truncate()
                                        .sense(egui::Sense::click()),
                                )
                                .clicked()
                            {
                                clicked = Some(r.id);
                            }
                        });
                        row.col(|ui| {
                            ui.label(r.date.to_string());
                        });
                        row.col(|ui| {
                            state_label(ui, r.state);
                        });
                        row.col(|ui| {
                            money_cell(ui, r.amount, style);
                        });
                        row.col(|ui| {
                            ui.add(egui::Label::new(r.prepared_by.as_str()).truncate());
                        });
                        if row.response().clicked() {
                            clicked = Some(r.id);
                        }
                    });
                });
        });
        if let Some(id) = clicked {
            self.open(id);
        }
    }

    fn detail_ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>, history: &BookHistory) {
        let style = cx.style;
        // Captions and figures keep their width; sentences wrap where they say so.
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
        let Some(list) = &self.list else {
            return;
        };
        let Some(w) = self
            .selected
            .and_then(|id| list.write_offs.iter().find(|w| w.id == id))
        else {
            ui.add_space(24.0);
            ui.label(t!("wo-none-selected"));
            return;
        };
        let w = w.clone();
        let name = list.names.get(&w.customer_id).cloned().unwrap_or_default();
        let currency = history.currency.clone();
        let memo = self
            .memo
            .as_ref()
            .filter(|(k, _)| k.id == w.id)
            .map(|(_, m)| Arc::clone(m));
        ui.horizontal(|ui| {
            ui.heading(t!("wo-detail-title", id = w.id));
            ui.heading(egui::RichText::new(&w.customer_id).monospace());
            if !name.is_empty() {
                ui.heading(name.as_str());
            }
            state_label(ui, w.state);
        });
        egui::Grid::new("wo_detail_facts")
            .num_columns(2)
            .spacing([12.0, 4.0])
            .show(ui, |ui| {
                ui.label(egui::RichText::new(t!("wo-detail-date")).weak());
                ui.label(w.date.to_string());
                ui.end_row();
                ui.label(egui::RichText::new(t!("wo-detail-reason")).weak());
                ui.label(labels::reason(w.reason));
                ui.end_row();
                ui.label(egui::RichText::new(t!("wo-detail-prepared")).weak());
                ui.label(w.prepared_by.as_str());
                ui.end_row();
                ui.label(egui::RichText::new(t!("wo-detail-narrative")).weak());
                ui.add(egui::Label::new(w.narrative.as_str()).wrap());
                ui.end_row();
            });
        ui.add_space(6.0);
        self.figures_ui(ui, &w, memo.as_deref(), &currency, style);
        ui.add_space(6.0);
        documents_ui(ui, &w, style);
        ui.add_space(6.0);
        approvals_ui(ui, &w, style);
        ui.add_space(6.0);
        self.steps_ui(ui, cx, &w, history);
        ui.add_space(6.0);
        self.export_buttons_ui(ui, cx, &w, memo.as_deref());
        ui.separator();
        egui::CollapsingHeader::new(t!("wo-memo-preview"))
            .id_salt("wo_memo_preview")
            .default_open(true)
            .show(ui, |ui| match &memo {
                Some(view) => markdown_ui(ui, &view.blocks),
                None => {
                    if let Some((_, e)) = self.memo_error.as_ref().filter(|(k, _)| k.id == w.id) {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            t!("wo-memo-failed", error = e.as_str()),
                        );
                    } else {
                        ui.spinner();
                    }
                }
            });
    }

    fn figures_ui(
        &self,
        ui: &mut egui::Ui,
        w: &WriteOff,
        memo: Option<&MemoView>,
        currency: &str,
        style: NegativeStyle,
    ) {
        let amount = w.amount();
        egui::Grid::new("wo_detail_figures")
            .num_columns(2)
            .spacing([24.0, 2.0])
            .show(ui, |ui| {
                ui.label(t!("wo-figure-amount", currency = currency));
                amount_in(ui, FIGURE_WIDTH, amount, style, false);
                ui.end_row();
                ui.label(t!("wo-figure-held"));
                match memo {
                    Some(m) => amount_in(ui, FIGURE_WIDTH, m.memo.allowance_held, style, false),
                    None => ui.spinner(),
                };
                ui.end_row();
                ui.label(egui::RichText::new(t!("wo-figure-net")).strong());
                match memo {
                    Some(m) => amount_in(ui, FIGURE_WIDTH, m.memo.net_charge, style, true),
                    None => ui.spinner(),
                };
                ui.end_row();
            });
        if let Some(m) = memo {
            let text = egui::RichText::new(t!(
                "wo-figure-held-explain",
                allowance = m.memo.customer_allowance.grouped(style),
                ledger = m.memo.ledger_as_of
            ))
            .weak();
            ui.add(egui::Label::new(text).wrap());
        }
    }

    fn steps_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &mut ScreenContext<'_>,
        w: &WriteOff,
        history: &BookHistory,
    ) {
        let Some(list) = &self.list else {
            return;
        };
        let user = cx.user;
        let currency = history.currency.as_str();
        let closed = history.closed_through;
        let rule = |t: &Transition| decide(w, t, user, "", &list.approvers, currency, closed);
        let submit = rule(&Transition::Submit);
        let approve = rule(&Transition::Approve);
        let reject = rule(&Transition::Reject(String::new()));
        let post = rule(&Transition::Post);
        let busy = cx.busy;
        let mut step = None;
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(t!("wo-acting-as", user = user)).weak());
            for (transition, result, text) in [
                (Transition::Submit, &submit, t!("wo-submit")),
                (Transition::Approve, &approve, t!("wo-approve")),
                (Transition::Reject(String::new()), &reject, t!("wo-reject")),
                (Transition::Post, &post, t!("wo-post")),
            ] {
                let why = result.as_ref().err().map(|e| refusal(e, &transition));
                let response = ui
                    .add_enabled(result.is_ok() && !busy, egui::Button::new(text))
                    .on_disabled_hover_text(why.unwrap_or_else(|| t!("wo-busy")));
                if response.clicked() {
                    step = Some(transition);
                }
            }
        });
        // Why the steps this state offers are refused, said under the buttons.
        let relevant: Vec<(Transition, &Result<_, WriteOffError>)> = match w.state {
            WriteOffState::Draft => vec![(Transition::Submit, &submit)],
            WriteOffState::Submitted => vec![
                (Transition::Approve, &approve),
                (Transition::Reject(String::new()), &reject),
            ],
            WriteOffState::Approved => vec![(Transition::Post, &post)],
            WriteOffState::Rejected | WriteOffState::Posted => Vec::new(),
        };
        let mut reasons: Vec<String> = Vec::new();
        for (t, r) in relevant {
            if let Err(e) = r {
                let text = refusal(e, &t);
                if !reasons.contains(&text) {
                    reasons.push(text);
                }
            }
        }
        for text in reasons {
            let text = egui::RichText::new(text).color(ui.visuals().warn_fg_color);
            ui.add(egui::Label::new(text).wrap());
        }
        // An approval that the approver's limit does not carry through.
        if let Ok(outcome) = &approve
            && outcome.state == WriteOffState::Submitted
            && let Some(a) = &outcome.approval
        {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                t!(
                    "wo-needs-second-approver",
                    limit = a.limit.grouped(cx.style)
                ),
            );
        }
        match w.state {
            WriteOffState::Posted => {
                ui.label(egui::RichText::new(t!("wo-posted-final")).weak());
            }
            WriteOffState::Rejected => {
                ui.label(egui::RichText::new(t!("wo-rejected-final")).weak());
            }
            _ => {}
        }
        match step {
            Some(Transition::Reject(_)) => {
                self.reject = Some(RejectForm {
                    id: w.id,
                    reason: String::new(),
                });
            }
            Some(transition) => {
                cx.actions
                    .push(Action::Run(BookOp::WriteOff(WriteOffOp::Step {
                        id: w.id,
                        seen: w.state,
                        transition,
                    })));
            }
            None => {}
        }
        self.reject_ui(ui, cx, w);
    }

    fn reject_ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>, w: &WriteOff) {
        let Some(form) = self.reject.as_mut().filter(|r| r.id == w.id) else {
            return;
        };
        let mut send = false;
        let mut cancel = false;
        ui.group(|ui| {
            let label = ui.label(t!("wo-reject-reason"));
            ui.add(
                egui::TextEdit::multiline(&mut form.reason)
                    .id_salt(("wo_reject_reason", w.id))
                    .desired_rows(2)
                    .desired_width(f32::INFINITY)
                    .hint_text(t!("wo-reject-hint")),
            )
            .labelled_by(label.id);
            ui.horizontal(|ui| {
                let ok = !form.reason.trim().is_empty();
                send = ui
                    .add_enabled(ok && !cx.busy, egui::Button::new(t!("wo-reject-send")))
                    .on_disabled_hover_text(t!("wo-reject-needs-reason"))
                    .clicked();
                cancel = ui.button(t!("wo-cancel")).clicked();
                if !ok {
                    ui.label(egui::RichText::new(t!("wo-reject-needs-reason")).weak());
                }
            });
        });
        if send {
            cx.actions
                .push(Action::Run(BookOp::WriteOff(WriteOffOp::Step {
                    id: w.id,
                    seen: w.state,
                    transition: Transition::Reject(form.reason.trim().to_string()),
                })));
        }
        // A rejection that went through moves the state on and closes the form; one the
        // book refused keeps its reason.
        if cancel || w.state != WriteOffState::Submitted {
            self.reject = None;
        }
    }

    fn export_buttons_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &mut ScreenContext<'_>,
        w: &WriteOff,
        memo: Option<&MemoView>,
    ) {
        let working = self.export.dialog.is_waiting() || self.is_exporting();
        ui.horizontal(|ui| {
            let mut chosen = None;
            if ui
                .add_enabled(!working, egui::Button::new(t!("wo-export-pdf")))
                .clicked()
            {
                chosen = Some(MemoFormat::Pdf);
            }
            if ui
                .add_enabled(!working, egui::Button::new(t!("wo-export-md")))
                .clicked()
            {
                chosen = Some(MemoFormat::Markdown);
            }
            if let Some(format) = chosen {
                let name = memo.map_or_else(
                    || self.default_file_name(w.id, format),
                    |m| m.memo.file_name(format.extension()),
                );
                self.start_dialog(ui.ctx(), cx, w.id, format, name);
            }
            if working {
                ui.spinner();
                ui.label(t!("wo-exporting"));
            }
            match &self.export.result {
                Some(Ok(path)) => {
                    ui.label(t!("wo-exported", path = path.display().to_string()));
                }
                Some(Err(e)) => {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        t!("wo-export-failed", error = e.as_str()),
                    );
                }
                None => {}
            }
        });
    }

    fn default_file_name(&self, id: i64, format: MemoFormat) -> String {
        match self.memo.as_ref().filter(|(k, _)| k.id == id) {
            Some((_, m)) => m.memo.file_name(format.extension()),
            None => format!("writeoff-{id}.{}", format.extension()),
        }
    }

    fn start_dialog(
        &mut self,
        ctx: &egui::Context,
        cx: &ScreenContext<'_>,
        id: i64,
        format: MemoFormat,
        name: String,
    ) {
        let (title, filter) = match format {
            MemoFormat::Pdf => (t!("wo-export-pdf-title"), t!("wo-filter-pdf")),
            MemoFormat::Markdown => (t!("wo-export-md-title"), t!("wo-filter-md")),
        };
        let extensions: &[&str] = match format {
            MemoFormat::Pdf => &["pdf"],
            MemoFormat::Markdown => &["md", "markdown"],
        };
        let ask = Ask::save(title)
            .file_name(name)
            .directory(cx.db.parent().map(Path::to_path_buf))
            .filter(filter, extensions)
            .add_extension(&["pdf", "md", "markdown"]);
        self.export.result = None;
        self.export.asked_for = Some(id);
        self.export.dialog.start(ctx, ask);
    }

    /// Starts a requested export, and draws the typed-path fallback when no dialog
    /// answered.
    fn export_ui(&mut self, ctx: &egui::Context, cx: &ScreenContext<'_>) {
        if let Some((id, path)) = self.export.request.take() {
            let (db, user) = (cx.db.to_path_buf(), cx.user.to_string());
            let repaint = ctx.clone();
            self.export.writing = Some(Job::spawn(
                "memo export",
                move || repaint.request_repaint(),
                move |_| write_memo(&db, &user, id, &path),
            ));
        }
        if let Some(path) = self.export.dialog.prompt_ui(ctx)
            && let Some(id) = self.export.asked_for
        {
            self.export.result = None;
            self.export.request = Some((id, path));
        }
    }
}

/// Width of a column of figures outside a table.
pub(super) const FIGURE_WIDTH: f32 = 130.0;

/// Text right-aligned in a box `width` wide (a column of figures in a grid).
pub(super) fn text_in(ui: &mut egui::Ui, width: f32, text: egui::RichText) -> egui::Response {
    let height = ui.spacing().interact_size.y;
    ui.allocate_ui_with_layout(
        egui::vec2(width, height),
        egui::Layout::right_to_left(egui::Align::Center),
        |ui| ui.label(text),
    )
    .inner
}

/// An amount right-aligned in a box `width` wide, grouped, negatives in the warning
/// colour.
pub(super) fn amount_in(
    ui: &mut egui::Ui,
    width: f32,
    amount: Money,
    style: NegativeStyle,
    strong: bool,
) -> egui::Response {
    let text = egui::RichText::new(amount.grouped(style)).monospace();
    let text = if amount.is_negative() {
        text.color(ui.visuals().warn_fg_color)
    } else {
        text
    };
    text_in(ui, width, if strong { text.strong() } else { text })
}

/// A write-off's state, as a label that stands out by state.
fn state_label(ui: &mut egui::Ui, state: WriteOffState) {
    let text = egui::RichText::new(labels::state(state));
    let text = match state {
        WriteOffState::Draft => text.italics(),
        WriteOffState::Submitted => text.color(ui.visuals().warn_fg_color),
        WriteOffState::Approved => text.strong(),
        WriteOffState::Rejected => text.color(ui.visuals().error_fg_color),
        WriteOffState::Posted => text.weak(),
    };
    ui.label(text);
}

fn documents_ui(ui: &mut egui::Ui, w: &WriteOff, style: NegativeStyle) {
    ui.strong(t!("wo-documents", n = w.documents.len()));
    egui::Grid::new(("wo_documents", w.id))
        .num_columns(3)
        .striped(true)
        .spacing([16.0, 2.0])
        .show(ui, |ui| {
            ui.label(egui::RichText::new(t!("wo-col-document")).weak());
            text_in(
                ui,
                FIGURE_WIDTH,
                egui::RichText::new(t!("wo-col-written-off")).weak(),
            );
            text_in(
                ui,
                FIGURE_WIDTH,
                egui::RichText::new(t!("wo-col-left-open")).weak(),
            );
            ui.end_row();
            for (i, (doc, amount)) in w.documents.iter().enumerate() {
                ui.label(doc.as_str());
                amount_in(ui, FIGURE_WIDTH, *amount, style, false);
                match w.left_open.get(i) {
                    Some(left) => amount_in(ui, FIGURE_WIDTH, *left, style, false),
                    None => text_in(ui, FIGURE_WIDTH, egui::RichText::new("–")),
                };
                ui.end_row();
            }
        });
}

fn approvals_ui(ui: &mut egui::Ui, w: &WriteOff, style: NegativeStyle) {
    ui.strong(t!("wo-approvals"));
    ui.label(t!(
        "wo-prepared-line",
        user = w.prepared_by.as_str(),
        at = short_time(&w.created_at)
    ));
    if w.approvals.is_empty() && w.state != WriteOffState::Rejected {
        ui.label(egui::RichText::new(t!("wo-no-approvals")).weak());
    }
    for a in &w.approvals {
        ui.label(t!(
            "wo-approved-line",
            user = a.by.as_str(),
            limit = a.limit.grouped(style),
            at = short_time(&a.at)
        ));
    }
    if w.state == WriteOffState::Submitted
        && let Some(top) = w.approvals.iter().map(|a| a.limit).max()
    {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            t!("wo-needs-second-approver", limit = top.grouped(style)),
        );
    }
    if let Some((by, why)) = &w.rejected {
        ui.label(t!(
            "wo-rejected-line",
            user = by.as_str(),
            reason = why.as_str()
        ));
    }
    if let Some((by, at)) = &w.posted {
        ui.label(t!(
            "wo-posted-line",
            user = by.as_str(),
            at = short_time(at)
        ));
    }
}

/// An RFC 3339 time as `2026-12-02 03:45`.
fn short_time(at: &str) -> String {
    let t = at.replace('T', " ");
    t.get(..16).map_or(t.clone(), str::to_string)
}

/// What the window says when the rules refuse `transition`: the same refusal the
/// command line prints, in the window's language and addressed to the user.
pub fn refusal(e: &WriteOffError, transition: &Transition) -> String {
    match e {
        WriteOffError::WrongState { state, .. } => {
            let state = labels::state(*state);
            match transition {
                Transition::Submit => t!("wo-why-submit-state", state = state),
                Transition::Approve => t!("wo-why-approve-state", state = state),
                Transition::Reject(_) => t!("wo-why-reject-state", state = state),
                Transition::Post => t!("wo-why-post-state", state = state),
            }
        }
        WriteOffError::OwnWriteOff { .. } => match transition {
            Transition::Reject(_) => t!("wo-why-own-reject"),
            _ => t!("wo-why-own-approve"),
        },
        WriteOffError::NotAnApprover { user } => t!("wo-why-not-approver", user = user.as_str()),
        WriteOffError::AlreadyApproved { .. } => t!("wo-why-already-approved"),
        WriteOffError::OverLimit { amount, limit, .. } => {
            t!("wo-why-over-limit", amount = *amount, limit = *limit)
        }
        WriteOffError::PeriodClosed {
            date,
            closed_through,
        } => t!("wo-why-closed", date = *date, through = *closed_through),
        WriteOffError::NoDocuments => t!("wo-why-no-documents"),
    }
}

fn load_list(db: &Path, user: &str, history: &BookHistory, generation: u64) -> ListResult {
    let book = Book::open(db, user).map_err(|e| super::errors::book_error_text(&e))?;
    let write_offs = book
        .write_offs(None)
        .map_err(|e| super::errors::book_error_text(&e))?;
    let approvers = book
        .approvers()
        .map_err(|e| super::errors::book_error_text(&e))?;
    let mut names = HashMap::new();
    for w in &write_offs {
        if names.contains_key(&w.customer_id) {
            continue;
        }
        // The newest ledger that lists the customer names it.
        let name = history.assessments.iter().rev().find_map(|a| {
            a.customers
                .iter()
                .find(|c| c.customer_id == w.customer_id)
                .map(|c| c.name.clone())
        });
        names.insert(w.customer_id.clone(), name.unwrap_or_default());
    }
    Ok(WriteOffList {
        generation,
        rows: write_off_rows(&write_offs),
        write_offs,
        approvers,
        names,
    })
}

fn load_memo(db: &Path, user: &str, id: i64) -> MemoResult {
    let book = Book::open(db, user).map_err(|e| super::errors::book_error_text(&e))?;
    let memo = Memo::build(&book, id).map_err(|e| super::errors::book_error_text(&e))?;
    let blocks = parse_markdown(&memo.to_markdown_in(crate::i18n::language()));
    Ok(MemoView { memo, blocks })
}

/// Builds the memo of write-off `id` from the book as it is now and writes it to `path`,
/// as PDF or Markdown by its extension.
fn write_memo(db: &Path, user: &str, id: i64, path: &Path) -> Result<PathBuf, String> {
    let format = MemoFormat::of(path)
        .ok_or_else(|| t!("wo-export-extension", path = path.display().to_string()))?;
    let book = Book::open(db, user).map_err(|e| super::errors::book_error_text(&e))?;
    let memo = Memo::build(&book, id).map_err(|e| super::errors::book_error_text(&e))?;
    let bytes = match format {
        MemoFormat::Markdown => memo.to_markdown_in(crate::i18n::language()).into_bytes(),
        MemoFormat::Pdf => {
            let lang = crate::i18n::language();
            crate::report::pdf::memo_pdf_in(&memo, crate::report::pdf::Paper::A4, lang)
                .map_err(|e| e.to_string())?
        }
    };
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path.to_path_buf())
}

/// A change to a write-off, run on a worker by the shell.
#[derive(Debug, Clone)]
pub enum WriteOffOp {
    /// Propose a draft write-off (as [`Book::propose_write_off`]).
    Propose {
        /// Customer.
        customer: String,
        /// The write-off date.
        date: NaiveDate,
        /// Reason category.
        reason: ReasonCategory,
        /// Narrative.
        narrative: String,
        /// Documents and the amounts to write off.
        documents: Vec<(String, Option<Money>)>,
        /// Where the new id (or the refusal) is told to the form that asked.
        outcome: ProposalOutcome,
    },
    /// Move a write-off on from the state the user saw
    /// (as [`Book::transition_write_off_from`]).
    Step {
        /// Write-off.
        id: i64,
        /// The state the user saw it in.
        seen: WriteOffState,
        /// Submit, approve, reject or post.
        transition: Transition,
    },
}

/// The outcome of a proposal, filled in by the worker: the new id or why it was refused.
#[derive(Debug, Clone, Default)]
pub struct ProposalOutcome(Arc<Mutex<Option<Result<i64, String>>>>);

impl ProposalOutcome {
    /// What the worker said, if it said anything yet.
    pub fn get(&self) -> Option<Result<i64, String>> {
        self.0.lock().ok().and_then(|o| o.clone())
    }

    fn set(&self, outcome: Result<i64, String>) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(outcome);
        }
    }
}

impl WriteOffOp {
    /// What the status bar says once done.
    pub fn describe(&self) -> String {
        match self {
            WriteOffOp::Propose {
                customer, outcome, ..
            } => match outcome.get() {
                Some(Ok(id)) => t!("wo-op-proposed", id = id, customer = customer.as_str()),
                _ => t!("wo-op-proposing", customer = customer.as_str()),
            },
            WriteOffOp::Step { id, transition, .. } => match transition {
                Transition::Submit => t!("wo-op-submitted", id = *id),
                Transition::Approve => t!("wo-op-approved", id = *id),
                Transition::Reject(_) => t!("wo-op-rejected", id = *id),
                Transition::Post => t!("wo-op-posted", id = *id),
            },
        }
    }

    /// What it says when the change failed.
    pub fn failure(&self) -> String {
        match self {
            WriteOffOp::Propose { customer, .. } => {
                t!("wo-op-propose-failed", customer = customer.as_str())
            }
            WriteOffOp::Step { id, transition, .. } => match transition {
                Transition::Submit => t!("wo-op-submit-failed", id = *id),
                Transition::Approve => t!("wo-op-approve-failed", id = *id),
                Transition::Reject(_) => t!("wo-op-reject-failed", id = *id),
                Transition::Post => t!("wo-op-post-failed", id = *id),
            },
        }
    }

    /// Makes the change.
    pub fn apply(self, book: &mut Book) -> Result<(), crate::book::BookError> {
        match self {
            WriteOffOp::Propose {
                customer,
                date,
                reason,
                narrative,
                documents,
                outcome,
            } => {
                let result =
                    book.propose_write_off(&customer, date, reason, &narrative, &documents);
                outcome.set(
                    result
                        .as_ref()
                        .map(|id| *id)
                        .map_err(super::errors::book_error_text),
                );
                result?;
            }
            WriteOffOp::Step {
                id,
                seen,
                transition,
            } => {
                book.transition_write_off_from(id, seen, transition)?;
            }
        }
        Ok(())
    }
}

// The memo's Markdown, drawn: the subset `Memo::to_markdown` writes (headings, a quote,
// paragraphs with hard breaks, lists, tables with aligned columns, rules, bold, escapes
// and entities, `<br>` in cells).

/// One block of the memo's Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Block {
    Heading(u8, String),
    Quote(String),
    Paragraph(Vec<String>),
    Bullet(String),
    Rule,
    Table {
        header: Vec<String>,
        right: Vec<bool>,
        rows: Vec<Vec<String>>,
    },
}

fn table_cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut escaped = false;
    for c in inner.chars() {
        if escaped {
            cell.push('\\');
            cell.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '|' {
            cells.push(cell.trim().to_string());
            cell.clear();
        } else {
            cell.push(c);
        }
    }
    cells.push(cell.trim().to_string());
    cells
}

fn parse_markdown(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut lines = text.lines().peekable();
    let mut paragraph: Vec<String> = Vec::new();
    let flush = |paragraph: &mut Vec<String>, blocks: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(std::mem::take(paragraph)));
        }
    };
    while let Some(line) = lines.next() {
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            flush(&mut paragraph, &mut blocks);
        } else if let Some(h) = trimmed.strip_prefix("## ") {
            flush(&mut paragraph, &mut blocks);
            blocks.push(Block::Heading(2, h.to_string()));
        } else if let Some(h) = trimmed.strip_prefix("# ") {
            flush(&mut paragraph, &mut blocks);
            blocks.push(Block::Heading(1, h.to_string()));
        } else if let Some(q) = trimmed.strip_prefix("> ") {
            flush(&mut paragraph, &mut blocks);
            blocks.push(Block::Quote(q.to_string()));
        } else if let Some(b) = trimmed.strip_prefix("- ") {
            flush(&mut paragraph, &mut blocks);
            blocks.push(Block::Bullet(b.to_string()));
        } else if trimmed == "---" {
            flush(&mut paragraph, &mut blocks);
            blocks.push(Block::Rule);
        } else if trimmed.starts_with('|') {
            flush(&mut paragraph, &mut blocks);
            let header = table_cells(trimmed);
            let mut right = vec![false; header.len()];
            let mut rows = Vec::new();
            if let Some(sep) = lines.peek()
                && sep.trim_start().starts_with("|-") | sep.trim_start().starts_with("|:")
            {
                right = table_cells(sep).iter().map(|c| c.ends_with(':')).collect();
                lines.next();
            }
            while let Some(next) = lines.peek().filter(|l| l.trim_start().starts_with('|')) {
                rows.push(table_cells(next));
                lines.next();
            }
            blocks.push(Block::Table {
                header,
                right,
                rows,
            });
        } else {
            // A line ending in a backslash is a hard break inside the paragraph.
            let line = trimmed.strip_suffix('\\').unwrap_or(trimmed);
            paragraph.push(line.to_string());
        }
    }
    flush(&mut paragraph, &mut blocks);
    blocks
}

/// Inline Markdown as text runs: (text, bold). Escapes and entities undone, `<br>` a
/// line break.
fn inline(text: &str) -> Vec<(String, bool)> {
    let text = text.replace("<br>", "\n");
    let mut runs = Vec::new();
    let mut bold = false;
    let mut run = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    run.push(next);
                }
            }
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                if !run.is_empty() {
                    runs.push((std::mem::take(&mut run), bold));
                }
                bold = !bold;
            }
            c => run.push(c),
        }
    }
    if !run.is_empty() {
        runs.push((run, bold));
    }
    runs.into_iter()
        .map(|(t, b)| {
            let t = t
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            (t, b)
        })
        .collect()
}

fn inline_text(text: &str) -> egui::RichText {
    let runs = inline(text);
    let bold = runs.iter().any(|(_, b)| *b);
    let joined: String = runs.into_iter().map(|(t, _)| t).collect();
    let text = egui::RichText::new(joined);
    if bold { text.strong() } else { text }
}

fn inline_ui(ui: &mut egui::Ui, text: &str) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 0.0;
        for (t, bold) in inline(text) {
            let rich = egui::RichText::new(t);
            ui.add(egui::Label::new(if bold { rich.strong() } else { rich }).wrap());
        }
    });
}

/// Draws parsed Markdown: the memo as it will print.
fn markdown_ui(ui: &mut egui::Ui, blocks: &[Block]) {
    for (i, block) in blocks.iter().enumerate() {
        match block {
            Block::Heading(1, text) => {
                ui.add_space(4.0);
                ui.heading(inline_text(text));
            }
            Block::Heading(_, text) => {
                ui.add_space(6.0);
                ui.label(inline_text(text).strong().size(15.0));
            }
            Block::Quote(text) => {
                ui.group(|ui| {
                    ui.visuals_mut().override_text_color = Some(ui.visuals().warn_fg_color);
                    inline_ui(ui, text);
                });
            }
            Block::Paragraph(lines) => {
                for line in lines {
                    inline_ui(ui, line);
                }
            }
            Block::Bullet(text) => {
                ui.horizontal_wrapped(|ui| {
                    ui.label("•");
                    inline_ui(ui, text);
                });
            }
            Block::Rule => {
                ui.separator();
            }
            Block::Table {
                header,
                right: right_aligned,
                rows,
            } => {
                let has_header = header.iter().any(|h| !h.is_empty());
                let columns = header.len().max(1);
                ui.push_id(("memo_table", i), |ui| {
                    egui::ScrollArea::horizontal()
                        .id_salt(("memo_table_scroll", i))
                        .show(ui, |ui| {
                            egui::Grid::new(("memo_table_grid", i))
                                .num_columns(columns)
                                .striped(true)
                                .spacing([14.0, 2.0])
                                .show(ui, |ui| {
                                    if has_header {
                                        for (c, h) in header.iter().enumerate() {
                                            cell_ui(
                                                ui,
                                                h,
                                                right_aligned.get(c) == Some(&true),
                                                true,
                                            );
                                        }
                                        ui.end_row();
                                    }
                                    for row in rows {
                                        for c in 0..columns {
                                            let text = row.get(c).map_or("", String::as_str);
                                            cell_ui(
                                                ui,
                                                text,
                                                right_aligned.get(c) == Some(&true),
                                                false,
                                            );
                                        }
                                        ui.end_row();
                                    }
                                });
                        });
                });
            }
        }
    }
}

fn cell_ui(ui: &mut egui::Ui, text: &str, right_aligned: bool, header: bool) {
    let rich = inline_text(text);
    let rich = if header { rich.strong() } else { rich };
    let rich = if right_aligned {
        rich.monospace()
    } else {
        rich
    };
    if right_aligned {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.add(egui::Label::new(rich).extend())
        });
    } else {
        ui.add(egui::Label::new(rich).extend());
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails loudly")]

    use super::*;

    #[test]
    fn the_memos_markdown_parses_into_headings_tables_and_paragraphs() {
        let md = "> **DRAFT** — write-off 3 is draft; not for posting.\n\n# Memo 3 — C1 Acme\n\n| | |\n|---|---|\n| Customer | C1 Acme |\n\n## Documents\n\n| Document | Written off |\n|---|---:|\n| INV\\-1 | 1,000,000.00 |\n| **Total** | **1,000,000.00** |\n\nline one\\\nline two\n\n- Billed: 0.00\n\n---\nMemo 3\n";
        let blocks = parse_markdown(md);
        assert_eq!(
            blocks[0],
            Block::Quote("**DRAFT** — write-off 3 is draft; not for posting.".into())
        );
        assert_eq!(blocks[1], Block::Heading(1, "Memo 3 — C1 Acme".into()));
        assert!(
            matches!(&blocks[2], Block::Table { header, rows, .. } if header == &["", ""] && rows.len() == 1)
        );
        assert_eq!(blocks[3], Block::Heading(2, "Documents".into()));
        let Block::Table { right, rows, .. } = &blocks[4] else {
            panic!("{:?}", blocks[4]);
        };
        assert_eq!(right, &[false, true]);
        assert_eq!(inline(&rows[0][0]), vec![("INV-1".to_string(), false)]);
        assert_eq!(
            inline(&rows[1][1]),
            vec![("1,000,000.00".to_string(), true)]
        );
        assert_eq!(
            blocks[5],
            Block::Paragraph(vec!["line one".into(), "line two".into()])
        );
        assert_eq!(blocks[6], Block::Bullet("Billed: 0.00".into()));
        assert_eq!(blocks[7], Block::Rule);
        assert_eq!(
            inline("AT&amp;T &lt;x&gt; a\\|b<br>c"),
            vec![("AT&T <x> a|b\nc".to_string(), false)]
        );
    }
}
