//! The customer screen: one customer at the as-of date selected in the shell.
//!
//! Layout (fits 1280×800): a header with the headline figures and alerts; on the left the
//! documents at the as-of date (a virtualised, sortable table) over a pane that shows the
//! balance history by bucket, the activity by period or the billings by year; on the
//! right, in a scroll area, the specific allowance, the collection notes and the type,
//! each with its form.
//!
//! Nothing here touches SQLite from `ui()`: the documents and notes are read by a
//! [`Job`] that opens its own [`Book`], and the customer's figures across snapshots are
//! gathered from the shell's [`BookHistory`] on another job, once per customer and
//! history generation. Forms check their input and send [`BookOp`]s; the shell runs
//! them on a worker, audits them and reloads the history, which reloads this screen.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use egui_extras::{Column, Size, StripBuilder, TableBuilder};
use egui_plot::{Bar, BarChart, Line, Plot, PlotPoints, VLine};
use serde::{Deserialize, Serialize};

use super::app::{Action, BookOp, Screen, ScreenContext};
use super::widgets::{
    date_text, figure, integer_marks, money_cell, money_label, money_or_dash, number_cell, percent,
    plot_value, right, sort_header,
};
use crate::book::{Book, BookHistory};
use crate::domain::aging::{AgingBasis, BucketSet, display_label};
use crate::domain::alerts::Alert;
use crate::domain::allowance::{AllowanceMethod, CustomerAssessment};
use crate::domain::collection::{CollectionNote, NoteAction};
use crate::domain::customer_type::CustomerType;
use crate::domain::date::parse_date;
use crate::domain::money::{Money, NegativeStyle};
use crate::domain::policy::SpecificBasis;
use crate::domain::writeoff::WriteOff;
use crate::jobs::Job;
use crate::report::customer::{
    CustomerHistory, DocumentColumn, DocumentRow, DocumentSort, customer_history,
    customer_specifics, describe_basis, document_rows, document_rows_with, parse_amount_input,
    parse_percent_input, sort_documents,
};
use crate::report::review::{ReviewRow, coverage};
use crate::store::CustomerRecord;

/// Height of the pane under the documents (chart, activity, billings).
const LOWER_HEIGHT: f32 = 270.0;
/// Height of a table row.
const ROW_HEIGHT: f32 = 20.0;
/// How many customers the finder lists.
const MAX_MATCHES: usize = 10;

/// What the pane under the documents shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
enum LowerPane {
    /// The stacked bar chart of the balance by bucket.
    #[default]
    BalanceHistory,
    /// Billings, collections, write-offs and adjustments per period.
    Activity,
    /// Billings by calendar year.
    Billings,
}

/// What the documents job was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DocumentsKey {
    customer_id: String,
    as_of: NaiveDate,
    generation: u64,
}

/// What the documents job read.
struct Documents {
    key: DocumentsKey,
    rows: Vec<DocumentRow>,
    /// Newest first.
    notes: Vec<CollectionNote>,
    /// Name and type history.
    record: Option<CustomerRecord>,
    /// The customer's write-offs in every state, newest first.
    write_offs: Vec<WriteOff>,
}

type DocumentsResult = Result<Documents, String>;

/// What the history job was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct HistoryKey {
    customer_id: String,
    generation: u64,
}

#[derive(Default)]
struct NoteForm {
    date: String,
    action: NoteAction,
    outcome: String,
    text: String,
    tried: bool,
}

#[derive(Default)]
struct SpecificForm {
    by_amount: bool,
    value: String,
    reason: String,
    from: String,
    clear_from: String,
    tried: bool,
}

#[derive(Default)]
struct TypeForm {
    choice: Option<CustomerType>,
    new_name: String,
    from: String,
    tried: bool,
}

/// The forms' text, reset when the customer changes; the dates follow the as-of date.
#[derive(Default)]
struct Forms {
    note: NoteForm,
    specific: SpecificForm,
    kind: TypeForm,
    for_customer: Option<String>,
    for_as_of: Option<NaiveDate>,
}

impl Forms {
    fn follow(&mut self, customer_id: &str, as_of: Option<NaiveDate>) {
        if self.for_customer.as_deref() != Some(customer_id) {
            *self = Forms {
                for_customer: Some(customer_id.to_string()),
                ..Forms::default()
            };
        }
        if self.for_as_of != as_of {
            if let Some(d) = as_of {
                let text = d.to_string();
                self.note.date.clone_from(&text);
                self.specific.from.clone_from(&text);
                self.specific.clear_from.clone_from(&text);
                self.kind.from = text;
            }
            self.for_as_of = as_of;
        }
    }
}

/// The "find a customer" field and its matches.
#[derive(Default)]
struct Finder {
    text: String,
    matches: Vec<(String, String)>,
    matches_for: Option<(String, u64, usize)>,
}

/// One customer: documents, history, type, notes, specific allowance, activity.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerScreen {
    customer_id: Option<String>,
    sort: DocumentSort,
    pane: LowerPane,
    #[serde(skip)]
    documents: Option<Documents>,
    #[serde(skip)]
    documents_job: Option<(DocumentsKey, Job<DocumentsResult>)>,
    #[serde(skip)]
    documents_error: Option<(DocumentsKey, String)>,
    #[serde(skip)]
    order: Vec<usize>,
    #[serde(skip)]
    order_for: Option<(DocumentsKey, DocumentSort)>,
    #[serde(skip)]
    history: Option<(HistoryKey, Arc<CustomerHistory>)>,
    #[serde(skip)]
    history_job: Option<(HistoryKey, Job<CustomerHistory>)>,
    #[serde(skip)]
    history_error: Option<(HistoryKey, String)>,
    /// (generation, snapshot index, customer, its index in that assessment).
    #[serde(skip)]
    found_at: Option<(u64, usize, String, Option<usize>)>,
    #[serde(skip)]
    activity_scrolled_to: Option<usize>,
    #[serde(skip)]
    forms: Forms,
    #[serde(skip)]
    finder: Finder,
}

/// What is loaded of a customer's documents, notes and record, if it is `id`'s: after a
/// switch, the previous customer's stay until the new ones arrive. A function of the
/// field, not a method, so that the screen's other fields can change while it is held.
fn documents_of<'a>(documents: &'a Option<Documents>, id: &str) -> Option<&'a Documents> {
    documents.as_ref().filter(|d| d.key.customer_id == id)
}

impl CustomerScreen {
    /// Shows this customer.
    pub fn open(&mut self, customer_id: String) {
        self.customer_id = Some(customer_id);
    }

    /// The customer shown.
    pub fn customer_id(&self) -> Option<&str> {
        self.customer_id.as_deref()
    }

    /// True while a form holds text the user typed and has not sent (a note, a specific
    /// allowance, a new type's name): the window does not reload under it.
    pub fn has_unsaved_input(&self) -> bool {
        let forms = &self.forms;
        [
            &forms.note.text,
            &forms.note.outcome,
            &forms.specific.value,
            &forms.specific.reason,
            &forms.kind.new_name,
        ]
        .iter()
        .any(|text| !text.trim().is_empty())
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>) {
        self.poll_jobs();
        let Some(history) = cx.history else {
            ui.vertical_centered(|ui| {
                ui.add_space(80.0);
                ui.spinner();
                ui.label("Opening the book…");
            });
            return;
        };
        if history.snapshots.is_empty() {
            ui.vertical_centered(|ui| {
                ui.add_space(80.0);
                ui.heading("This book has no snapshots yet");
                if ui.button("Import a ledger…").clicked() {
                    cx.actions.push(Action::Show(Screen::Import));
                }
            });
            return;
        }
        let Some(id) = self.customer_id.clone() else {
            self.no_customer_ui(ui, cx, history);
            return;
        };
        let at = cx.at;
        let as_of = cx.as_of();
        self.start_jobs(ui.ctx(), cx, history, &id, at, as_of);
        self.forms.follow(&id, as_of);

        let index = at.and_then(|at| self.customer_index(history, cx.generation, at, &id));
        let customer = at
            .zip(index)
            .and_then(|(at, i)| history.assessments.get(at)?.customers.get(i));
        // The review rows follow the assessment's order; search only while the shell's
        // view still belongs to an older history.
        let row = cx.rows.zip(index).and_then(|(rows, i)| {
            rows.get(i)
                .filter(|r| r.customer_id == id)
                .or_else(|| rows.iter().find(|r| r.customer_id == id))
        });
        let profile = self
            .history
            .as_ref()
            .filter(|(k, _)| k.customer_id == id)
            .map(|(_, p)| Arc::clone(p));

        self.header_ui(ui, cx, history, &id, customer, row, profile.as_deref());
        ui.separator();

        StripBuilder::new(ui)
            .clip(true)
            .size(Size::relative(0.6))
            .size(Size::remainder())
            .horizontal(|mut strip| {
                strip.strip(|builder| {
                    builder
                        .clip(true)
                        .size(Size::remainder().at_least(120.0))
                        .size(Size::exact(LOWER_HEIGHT))
                        .vertical(|mut strip| {
                            strip.cell(|ui| self.documents_ui(ui, cx, history, &id, as_of));
                            strip.cell(|ui| self.lower_ui(ui, cx, history, profile.as_deref()));
                        });
                });
                strip.cell(|ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("customer_side")
                        .auto_shrink([false, false])
                        .show(ui, |ui| {
                            self.side_ui(ui, cx, history, &id, customer, as_of);
                        });
                });
            });
    }

    fn poll_jobs(&mut self) {
        if let Some((_, job)) = &mut self.documents_job
            && let Some(end) = job.poll().ended()
        {
            let key = self.documents_job.take().map(|(k, _)| k);
            // A worker that panicked is an error like any other: shown, not retried.
            match (end.and_then(|result| result), key) {
                (Ok(documents), _) => {
                    self.documents = Some(documents);
                    self.documents_error = None;
                }
                (Err(e), Some(key)) => self.documents_error = Some((key, e)),
                (Err(_), None) => {}
            }
        }
        if let Some((_, job)) = &mut self.history_job
            && let Some(end) = job.poll().ended()
            && let Some((key, _)) = self.history_job.take()
        {
            match end {
                Ok(profile) => {
                    self.history = Some((key, Arc::new(profile)));
                    self.history_error = None;
                }
                Err(e) => self.history_error = Some((key, e)),
            }
        }
    }

    /// Starts the jobs whose inputs changed: the documents and notes when the customer,
    /// the as-of date or the history change; the figures across snapshots when the
    /// customer or the history change.
    fn start_jobs(
        &mut self,
        ctx: &egui::Context,
        cx: &ScreenContext<'_>,
        history: &Arc<BookHistory>,
        id: &str,
        at: Option<usize>,
        as_of: Option<NaiveDate>,
    ) {
        if let (Some(at), Some(as_of)) = (at, as_of) {
            let key = DocumentsKey {
                customer_id: id.to_string(),
                as_of,
                generation: cx.generation,
            };
            let have = self.documents.as_ref().is_some_and(|d| d.key == key);
            let running = self.documents_job.as_ref().is_some_and(|(k, _)| *k == key);
            let failed = self
                .documents_error
                .as_ref()
                .is_some_and(|(k, _)| *k == key);
            if !have && !running && !failed {
                let db = cx.db.to_path_buf();
                let user = cx.user.to_string();
                let history = Arc::clone(history);
                let repaint = ctx.clone();
                let job_key = key.clone();
                let job = Job::spawn(
                    "customer documents",
                    move || repaint.request_repaint(),
                    move |_| load_documents(&db, &user, &history, at, job_key),
                );
                self.documents_job = Some((key, job));
            }
        }
        let key = HistoryKey {
            customer_id: id.to_string(),
            generation: cx.generation,
        };
        let have = self.history.as_ref().is_some_and(|(k, _)| *k == key);
        let running = self.history_job.as_ref().is_some_and(|(k, _)| *k == key);
        let failed = self.history_error.as_ref().is_some_and(|(k, _)| *k == key);
        if !have && !running && !failed {
            let history = Arc::clone(history);
            let repaint = ctx.clone();
            let customer = id.to_string();
            let job = Job::spawn(
                "customer history",
                move || repaint.request_repaint(),
                move |_| customer_history(&history, &customer),
            );
            self.history_error = None;
            self.history_job = Some((key, job));
        }
    }

    /// The customer's index in the assessment at `at`, cached per history and date.
    fn customer_index(
        &mut self,
        history: &BookHistory,
        generation: u64,
        at: usize,
        id: &str,
    ) -> Option<usize> {
        if let Some((g, a, cached_id, found)) = &self.found_at
            && *g == generation
            && *a == at
            && cached_id == id
        {
            return *found;
        }
        let found = history
            .assessments
            .get(at)
            .and_then(|a| a.customers.iter().position(|c| c.customer_id == id));
        self.found_at = Some((generation, at, id.to_string(), found));
        found
    }

    fn no_customer_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &mut ScreenContext<'_>,
        history: &BookHistory,
    ) {
        ui.vertical_centered(|ui| {
            ui.add_space(80.0);
            ui.heading("No customer selected");
            ui.label(
                "Open a customer from the long-aging review (double-click its row), or find one by id or name.",
            );
            ui.add_space(8.0);
            if ui.button("Open the long-aging review").clicked() {
                cx.actions.push(Action::Show(Screen::Review));
            }
            ui.add_space(8.0);
        });
        ui.horizontal(|ui| {
            let width = ui.available_width();
            ui.add_space((width / 2.0 - 180.0).max(0.0));
            self.finder_ui(ui, cx, history);
        });
    }

    /// A search field over the customers of the selected snapshot; a click on a match
    /// opens it.
    ///
    /// In a right-to-left layout the field comes first, so that its label ends up on
    /// its left.
    fn finder_ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>, history: &BookHistory) {
        let field = egui::TextEdit::singleline(&mut self.finder.text)
            .hint_text("id or name")
            .desired_width(200.0);
        let response = if ui.layout().prefer_right_to_left() {
            let response = ui.add(field);
            let label = ui.label("Find a customer");
            response.labelled_by(label.id)
        } else {
            let label = ui.label("Find a customer");
            ui.add(field).labelled_by(label.id)
        };
        let at = cx
            .at
            .unwrap_or_else(|| history.assessments.len().saturating_sub(1));
        let needle = self.finder.text.trim().to_lowercase();
        let key = (needle.clone(), cx.generation, at);
        if self.finder.matches_for.as_ref() != Some(&key) {
            self.finder.matches = if needle.is_empty() {
                Vec::new()
            } else {
                history.assessments.get(at).map_or_else(Vec::new, |a| {
                    a.customers
                        .iter()
                        .filter(|c| {
                            c.customer_id.to_lowercase().contains(&needle)
                                || c.name.to_lowercase().contains(&needle)
                        })
                        .take(MAX_MATCHES)
                        .map(|c| (c.customer_id.clone(), c.name.clone()))
                        .collect()
                })
            };
            self.finder.matches_for = Some(key);
        }
        if needle.is_empty() {
            return;
        }
        let mut chosen = None;
        egui::Popup::from_response(&response)
            .open(true)
            .close_behavior(egui::PopupCloseBehavior::IgnoreClicks)
            .accessible_name("Matching customers")
            .show(|ui| {
                ui.set_min_width(260.0);
                if self.finder.matches.is_empty() {
                    ui.label(egui::RichText::new("No customer at this date matches").weak());
                }
                for (id, name) in &self.finder.matches {
                    if ui.button(format!("{id}  {name}")).clicked() {
                        chosen = Some(id.clone());
                    }
                }
            });
        if let Some(id) = chosen {
            self.finder.text.clear();
            cx.actions.push(Action::OpenCustomer(id));
        }
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "the header reads everything once"
    )]
    fn header_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &mut ScreenContext<'_>,
        history: &BookHistory,
        id: &str,
        customer: Option<&CustomerAssessment>,
        row: Option<&ReviewRow>,
        profile: Option<&CustomerHistory>,
    ) {
        let style = cx.style;
        let as_of = cx.as_of();
        let record = documents_of(&self.documents, id).and_then(|d| d.record.as_ref());
        let name = customer
            .map(|c| c.name.clone())
            .or_else(|| profile.and_then(|p| p.name.clone()))
            .or_else(|| record.map(|r| r.name.clone()))
            .unwrap_or_default();
        let customer_type = match (record, as_of) {
            (Some(r), Some(d)) => Some(r.type_at(d)),
            _ => customer.map(|c| c.customer_type.clone()),
        };
        ui.horizontal(|ui| {
            ui.heading(egui::RichText::new(id).monospace());
            if !name.is_empty() {
                ui.heading(name.as_str());
            }
            if let Some(t) = &customer_type {
                ui.label(egui::RichText::new(type_name(t)).italics());
            }
            if let Some(d) = as_of {
                ui.label(egui::RichText::new(format!("as of {d}")).weak());
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                self.finder_ui(ui, cx, history);
                if customer.is_some() && ui.button(t!("customer-propose-write-off")).clicked() {
                    cx.actions.push(Action::ProposeWriteOff(id.to_string()));
                }
            });
        });
        let Some(c) = customer else {
            ui.horizontal(|ui| {
                let when = as_of.map_or_else(String::new, |d| format!(" as of {d}"));
                ui.label(
                    egui::RichText::new(format!(
                        "No open items{when}: the customer is not in this ledger."
                    ))
                    .strong(),
                );
                let last = profile.zip(cx.at).and_then(|(p, at)| {
                    let i = p.last_present(at)?;
                    Some((i, p.points.get(i)?.as_of))
                });
                let next = profile.zip(cx.at).and_then(|(p, at)| {
                    let i = (at + 1..p.points.len()).find(|&i| p.points[i].present)?;
                    Some((i, p.points[i].as_of))
                });
                if let Some((i, d)) = last
                    && ui
                        .button(format!("Show its previous ledger, {d}"))
                        .clicked()
                {
                    cx.actions.push(Action::SelectSnapshot(i));
                }
                if let Some((i, d)) = next
                    && ui.button(format!("Show its next ledger, {d}")).clicked()
                {
                    cx.actions.push(Action::SelectSnapshot(i));
                }
                if profile.is_some_and(|p| p.points.iter().all(|p| !p.present)) {
                    ui.label("It has no items in any ledger of this book.");
                }
            });
            return;
        };
        let basis = as_of
            .and_then(|d| history.index_of(d))
            .and_then(|i| history.assessments.get(i))
            .map_or(AgingBasis::DueDate, |a| a.basis);
        ui.horizontal(|ui| {
            let gap = 28.0;
            figure(
                ui,
                "Balance",
                c.balance.grouped(style),
                Some(plural(c.items, "item")),
            );
            ui.add_space(gap);
            figure(
                ui,
                "Allowance",
                c.allowance.grouped(style),
                Some(method_text(c, style)),
            );
            ui.add_space(gap);
            let cover = coverage(c.allowance, c.balance).map_or_else(|| "–".to_string(), percent);
            figure(ui, "Coverage", cover, None);
            ui.add_space(gap);
            figure(ui, "Over one year", c.over_one_year.grouped(style), None);
            ui.add_space(gap);
            let oldest = c
                .oldest_days
                .map_or_else(|| "–".to_string(), |d| d.to_string());
            let basis_text = match basis {
                AgingBasis::DueDate => "days past due",
                AgingBasis::DocumentDate => "days since document date",
            };
            figure(ui, "Oldest item", oldest, Some(basis_text.to_string()));
            ui.add_space(gap);
            figure(ui, "In dispute", c.disputed.grouped(style), None);
            if let Some(r) = row {
                ui.add_space(gap);
                figure(
                    ui,
                    "Last note",
                    date_text(r.last_note),
                    Some(format!("last collected {}", date_text(r.last_collection))),
                );
            }
        });
        if let Some(r) = row
            && !r.alerts.is_empty()
        {
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new("Alerts:").strong());
                for (i, alert) in r.alerts.iter().enumerate() {
                    if i > 0 {
                        ui.label("·");
                    }
                    ui.colored_label(ui.visuals().warn_fg_color, alert_text(alert, style));
                }
            });
        }
    }

    fn documents_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &mut ScreenContext<'_>,
        history: &BookHistory,
        id: &str,
        as_of: Option<NaiveDate>,
    ) {
        let style = cx.style;
        let loading = self.documents_job.is_some();
        let documents = documents_of(&self.documents, id);
        ui.horizontal(|ui| {
            ui.strong(format!("Documents ({})", history.currency));
            if let Some(d) = documents {
                let stale = as_of.is_some_and(|a| a != d.key.as_of);
                // The ledger's documents: written-off ones it still lists are among them
                // (flagged), though they are not open items of the balance.
                let written_off = d.rows.iter().filter(|r| r.written_off).count();
                let text = if written_off == 0 {
                    format!(
                        "as of {} · {}",
                        d.key.as_of,
                        plural(d.rows.len(), "open item")
                    )
                } else {
                    format!(
                        "as of {} · {} in the ledger, {} written off",
                        d.key.as_of,
                        plural(d.rows.len(), "document"),
                        written_off
                    )
                };
                if stale {
                    ui.label(egui::RichText::new(text).weak());
                } else {
                    ui.label(text);
                }
            }
            if loading {
                ui.spinner();
            }
            if let Some((_, e)) = self
                .documents_error
                .as_ref()
                .filter(|(k, _)| k.customer_id == id)
            {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("Cannot read the documents: {e}"),
                );
            }
        });
        let Some(documents) = documents else {
            return;
        };
        if documents.rows.is_empty() {
            ui.add_space(12.0);
            ui.label(format!("No open items as of {}.", documents.key.as_of));
            return;
        }
        let wanted = (documents.key.clone(), self.sort);
        if self.order_for.as_ref() != Some(&wanted) || self.order.len() != documents.rows.len() {
            self.order = sort_documents(&documents.rows, self.sort);
            self.order_for = Some(wanted);
        }
        let rows = &documents.rows;
        let order = &self.order;
        let mut sort = self.sort;
        let headers: [(Option<DocumentColumn>, &str, bool); 8] = [
            (Some(DocumentColumn::Document), "Document", false),
            (Some(DocumentColumn::DocumentDate), "Doc date", false),
            (Some(DocumentColumn::DueDate), "Due date", false),
            (Some(DocumentColumn::Days), "Days", true),
            (None, "Bucket", false),
            (Some(DocumentColumn::Amount), "Amount", true),
            (Some(DocumentColumn::OpenAmount), "Open", true),
            (Some(DocumentColumn::Disputed), "Disputed", false),
        ];
        let height = ui.available_height() - ROW_HEIGHT - 4.0;
        ui.push_id("customer_documents", |ui| {
            TableBuilder::new(ui)
                .id_salt("customer_documents")
                .striped(true)
                .resizable(false)
                .auto_shrink([false, true])
                .min_scrolled_height(0.0)
                .max_scroll_height(height.max(ROW_HEIGHT))
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::auto().at_least(112.0))
                .column(Column::exact(78.0))
                .column(Column::exact(78.0))
                .column(Column::exact(48.0))
                .column(Column::exact(64.0))
                .column(Column::auto().at_least(96.0))
                .column(Column::auto().at_least(96.0))
                .column(Column::remainder().at_least(56.0))
                .header(ROW_HEIGHT + 2.0, |mut header| {
                    for (column, title, right_aligned) in headers {
                        header.col(|ui| match column {
                            Some(column) => {
                                let active = sort.column == column;
                                if sort_header(ui, title, active, sort.descending, right_aligned) {
                                    sort = sort.clicked(column);
                                }
                            }
                            None => {
                                ui.strong(title);
                            }
                        });
                    }
                })
                .body(|body| {
                    body.rows(ROW_HEIGHT, order.len(), |mut table_row| {
                        let Some(r) = order.get(table_row.index()).and_then(|&i| rows.get(i)) else {
                            return;
                        };
                        table_row.col(|ui| {
                            if r.written_off {
                                ui.colored_label(ui.visuals().warn_fg_color, &r.document_no)
                                    .on_hover_text("Written off by a posted write-off, yet still in this ledger");
                            } else {
                                ui.label(&r.document_no);
                            }
                        });
                        table_row.col(|ui| {
                            ui.label(r.document_date.to_string());
                        });
                        table_row.col(|ui| {
                            ui.label(r.due_date.to_string());
                        });
                        table_row.col(|ui| {
                            number_cell(ui, r.days.to_string());
                        });
                        table_row.col(|ui| {
                            ui.label(display_label(&r.bucket));
                        });
                        table_row.col(|ui| match r.amount {
                            Some(a) => {
                                money_cell(ui, a, style);
                            }
                            None => {
                                right(ui, |ui| ui.label(egui::RichText::new("–").weak()));
                            }
                        });
                        table_row.col(|ui| {
                            money_cell(ui, r.open_amount, style);
                        });
                        table_row.col(|ui| {
                            if r.disputed {
                                ui.colored_label(ui.visuals().warn_fg_color, "yes");
                            }
                        });
                    });
                });
        });
        self.sort = sort;
    }

    fn lower_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &mut ScreenContext<'_>,
        history: &BookHistory,
        profile: Option<&CustomerHistory>,
    ) {
        let pane = self.pane;
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.pane, LowerPane::BalanceHistory, "Balance history");
            ui.selectable_value(&mut self.pane, LowerPane::Activity, "Activity by period");
            ui.selectable_value(&mut self.pane, LowerPane::Billings, "Billings by year");
            if self.history_job.is_some() {
                ui.spinner();
            }
            if let Some((_, e)) = &self.history_error {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("Building the figures across snapshots failed: {e}"),
                );
            }
        });
        if self.pane != pane {
            self.activity_scrolled_to = None;
        }
        let Some(profile) = profile else {
            return;
        };
        match self.pane {
            LowerPane::BalanceHistory => {
                balance_chart_ui(ui, profile, cx.at, &history.currency, cx.actions);
            }
            LowerPane::Activity => {
                // Bring the selected date into view once, then let the user scroll.
                let scroll = self.activity_scrolled_to != cx.at;
                self.activity_scrolled_to = cx.at;
                activity_ui(ui, profile, cx, &history.currency, scroll);
            }
            LowerPane::Billings => billings_ui(ui, profile, history, &history.currency, cx.style),
        }
    }

    fn side_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &mut ScreenContext<'_>,
        history: &BookHistory,
        id: &str,
        customer: Option<&CustomerAssessment>,
        as_of: Option<NaiveDate>,
    ) {
        // Reasons and notes are sentences: wrap them rather than cut them short.
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
        egui::CollapsingHeader::new("Specific allowance")
            .id_salt("customer_specific")
            .default_open(true)
            .show(ui, |ui| {
                self.specific_ui(ui, cx, history, id, customer, as_of)
            });
        let notes = documents_of(&self.documents, id).map_or(0, |d| d.notes.len());
        egui::CollapsingHeader::new(format!("Collection notes ({notes})"))
            .id_salt("customer_notes")
            .default_open(true)
            .show(ui, |ui| self.notes_ui(ui, cx, id));
        let write_offs = documents_of(&self.documents, id)
            .map(|d| d.write_offs.as_slice())
            .unwrap_or_default();
        egui::CollapsingHeader::new(format!("Write-offs ({})", write_offs.len()))
            .id_salt("customer_write_offs")
            .default_open(!write_offs.is_empty())
            .show(ui, |ui| write_offs_ui(ui, write_offs, cx.style));
        egui::CollapsingHeader::new("Customer type")
            .id_salt("customer_type")
            .default_open(true)
            .show(ui, |ui| self.type_ui(ui, cx, history, id, customer, as_of));
    }

    fn specific_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &mut ScreenContext<'_>,
        history: &BookHistory,
        id: &str,
        customer: Option<&CustomerAssessment>,
        as_of: Option<NaiveDate>,
    ) {
        let style = cx.style;
        let Some(as_of) = as_of else {
            return;
        };
        let (current, others) = customer_specifics(history, id, as_of);
        match current {
            Some(s) => {
                ui.label(
                    egui::RichText::new(format!(
                        "In force at {as_of}: {}",
                        describe_basis(s.basis, style)
                    ))
                    .strong(),
                );
                let until = s
                    .effective_to
                    .map_or_else(String::new, |to| format!(" until {to}"));
                ui.label(format!(
                    "From {}{until}, set by {}",
                    s.effective_from, s.set_by
                ));
                ui.label(egui::RichText::new(&s.reason).italics());
                if let Some(c) = customer
                    && c.method == AllowanceMethod::Specific
                {
                    ui.label(
                        egui::RichText::new(format!(
                            "The provision matrix alone would give {}",
                            c.matrix_allowance.grouped(style)
                        ))
                        .weak(),
                    );
                }
            }
            None => {
                ui.label(format!(
                    "None in force at {as_of}: the provision matrix applies."
                ));
            }
        }
        if !others.is_empty() {
            ui.add_space(4.0);
            ui.label(egui::RichText::new("Other periods").weak());
            for s in &others {
                let until = s
                    .effective_to
                    .map_or_else(|| "open".to_string(), |d| d.to_string());
                ui.label(format!(
                    "{} to {until}: {} · {} · {}",
                    s.effective_from,
                    describe_basis(s.basis, style),
                    s.set_by,
                    s.reason
                ));
            }
        }
        ui.separator();
        let currency = history.currency.as_str();
        let form = &mut self.forms.specific;
        ui.horizontal(|ui| {
            ui.label("Set a specific allowance:");
            ui.radio_value(&mut form.by_amount, false, "Percent");
            ui.radio_value(&mut form.by_amount, true, "Fixed amount");
        });
        let basis = if form.by_amount {
            parse_amount_input(&form.value).map(SpecificBasis::Amount)
        } else {
            parse_percent_input(&form.value).map(SpecificBasis::Percent)
        };
        let reason_ok = !form.reason.trim().is_empty();
        let from = parse_date(&form.from).map_err(|e| e.to_string());
        let mut submit = false;
        egui::Grid::new("customer_specific_form")
            .num_columns(2)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                let (value_label, hint) = if form.by_amount {
                    (format!("Amount ({currency})"), "e.g. 250,000.00")
                } else {
                    ("Percent (%)".to_string(), "0 to 100")
                };
                let error = shown_error(form.tried, &form.value, basis.as_ref().err());
                labelled_field(ui, &value_label, &mut form.value, hint, 120.0, error);
                let reason_error = (form.tried && !reason_ok).then_some("a reason is required");
                labelled_field(
                    ui,
                    "Reason",
                    &mut form.reason,
                    "why, in a sentence",
                    300.0,
                    reason_error,
                );
                let from_error = shown_error(form.tried, &form.from, from.as_ref().err());
                labelled_field(
                    ui,
                    "Effective from",
                    &mut form.from,
                    "YYYY-MM-DD",
                    100.0,
                    from_error,
                );
                ui.label("");
                submit = ui.button("Set specific allowance").clicked();
                ui.end_row();
            });
        if submit {
            match (&basis, reason_ok, &from) {
                (Ok(basis), true, Ok(from)) => {
                    cx.actions.push(Action::Run(BookOp::SetSpecific {
                        customer: id.to_string(),
                        basis: *basis,
                        reason: form.reason.trim().to_string(),
                        from: *from,
                    }));
                    form.value.clear();
                    form.reason.clear();
                    form.tried = false;
                }
                _ => form.tried = true,
            }
        }
        let has_any = current.is_some() || !others.is_empty();
        if has_any {
            ui.add_space(4.0);
            let clear_from = parse_date(&form.clear_from).map_err(|e| e.to_string());
            let in_force_then = clear_from.as_ref().ok().is_some_and(|d| {
                history
                    .specifics
                    .iter()
                    .any(|s| s.customer_id == id && s.in_force(*d))
            });
            let clear_error = match &clear_from {
                Err(e) => Some(e.clone()),
                Ok(d) if !in_force_then => {
                    Some(format!("no specific allowance is in force on {d}"))
                }
                Ok(_) => None,
            };
            ui.horizontal(|ui| {
                let label = ui.label("Clear from");
                ui.add(
                    egui::TextEdit::singleline(&mut form.clear_from)
                        .hint_text("YYYY-MM-DD")
                        .desired_width(100.0),
                )
                .labelled_by(label.id);
                let clicked = ui
                    .add_enabled(
                        clear_error.is_none(),
                        egui::Button::new("Clear specific allowance"),
                    )
                    .on_hover_text("From this date the provision matrix applies again")
                    .clicked();
                if clicked && let Ok(d) = clear_from {
                    cx.actions.push(Action::Run(BookOp::ClearSpecific {
                        customer: id.to_string(),
                        from: d,
                    }));
                }
            });
            if let Some(e) = clear_error
                && !form.clear_from.trim().is_empty()
            {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
        }
    }

    fn notes_ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>, id: &str) {
        let form = &mut self.forms.note;
        let date = parse_date(&form.date).map_err(|e| e.to_string());
        let text_ok = !form.text.trim().is_empty();
        let mut submit = false;
        egui::Grid::new("customer_note_form")
            .num_columns(2)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                let label = form_label(ui, "Note date");
                ui.horizontal(|ui| {
                    ui.add(
                        egui::TextEdit::singleline(&mut form.date)
                            .hint_text("YYYY-MM-DD")
                            .desired_width(100.0),
                    )
                    .labelled_by(label.id);
                    if ui
                        .button("Today")
                        .on_hover_text("Date the note today")
                        .clicked()
                    {
                        form.date = chrono::Local::now().date_naive().to_string();
                    }
                    if let Some(e) = shown_error(form.tried, &form.date, date.as_ref().err()) {
                        ui.colored_label(ui.visuals().error_fg_color, e);
                    }
                });
                ui.end_row();
                let label = form_label(ui, "Action");
                egui::ComboBox::from_id_salt("customer_note_action")
                    .selected_text(form.action.as_str())
                    .show_ui(ui, |ui| {
                        for action in NoteAction::ALL {
                            ui.selectable_value(&mut form.action, action, action.as_str());
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
                labelled_field(
                    ui,
                    "Outcome",
                    &mut form.outcome,
                    "e.g. promised to pay by 30 June",
                    300.0,
                    None,
                );
                let label = ui.label("Note text");
                ui.vertical(|ui| {
                    ui.add(
                        egui::TextEdit::multiline(&mut form.text)
                            .hint_text("what was done and said")
                            .desired_rows(2)
                            .desired_width(300.0),
                    )
                    .labelled_by(label.id);
                    if form.tried && !text_ok {
                        ui.colored_label(ui.visuals().error_fg_color, "a note needs some text");
                    }
                });
                ui.end_row();
                ui.label("");
                submit = ui.button("Add note").clicked();
                ui.end_row();
            });
        if submit {
            match (&date, text_ok) {
                (Ok(date), true) => {
                    cx.actions.push(Action::Run(BookOp::AddNote {
                        customer: id.to_string(),
                        date: *date,
                        action: form.action,
                        outcome: form.outcome.trim().to_string(),
                        text: form.text.trim().to_string(),
                    }));
                    form.outcome.clear();
                    form.text.clear();
                    form.tried = false;
                }
                _ => form.tried = true,
            }
        }
        ui.add_space(4.0);
        let Some(documents) = documents_of(&self.documents, id) else {
            ui.spinner();
            return;
        };
        if documents.notes.is_empty() {
            ui.label(egui::RichText::new("No collection notes yet.").weak());
        }
        for note in &documents.notes {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    ui.strong(note.date.to_string());
                    ui.label(note.action.as_str());
                    ui.label(egui::RichText::new(format!("by {}", note.author)).weak());
                });
                if !note.outcome.is_empty() {
                    ui.label(egui::RichText::new(format!("Outcome: {}", note.outcome)).italics());
                }
                ui.label(&note.text);
            });
        }
    }

    fn type_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &mut ScreenContext<'_>,
        history: &BookHistory,
        id: &str,
        customer: Option<&CustomerAssessment>,
        as_of: Option<NaiveDate>,
    ) {
        let record = documents_of(&self.documents, id).and_then(|d| d.record.as_ref());
        if let Some(as_of) = as_of {
            let in_force = record
                .map(|r| r.type_at(as_of))
                .or_else(|| customer.map(|c| c.customer_type.clone()));
            if let Some(t) = in_force {
                ui.label(
                    egui::RichText::new(format!("In force at {as_of}: {}", type_name(&t))).strong(),
                );
            }
        }
        if let Some(r) = record
            && !r.types.is_empty()
        {
            for change in r.types.iter().rev() {
                let source = if change.set_by_user {
                    "set by a user"
                } else {
                    "from a ledger"
                };
                ui.label(format!(
                    "From {}: {} ({source})",
                    change.effective_from,
                    type_name(&change.customer_type)
                ));
            }
        }
        ui.separator();
        let form = &mut self.forms.kind;
        let new_type = (!form.new_name.trim().is_empty())
            .then(|| CustomerType::parse(&form.new_name).map_err(|e| e.to_string()));
        let chosen: Result<CustomerType, String> = match &new_type {
            Some(parsed) => parsed.clone(),
            None => form
                .choice
                .clone()
                .ok_or_else(|| "choose a type or name a new one".to_string()),
        };
        let from = parse_date(&form.from).map_err(|e| e.to_string());
        let mut submit = false;
        egui::Grid::new("customer_type_form")
            .num_columns(2)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                let label = form_label(ui, "New type");
                ui.horizontal(|ui| {
                    let selected = form
                        .choice
                        .as_ref()
                        .map_or_else(|| "choose…".to_string(), type_name);
                    egui::ComboBox::from_id_salt("customer_type_choice")
                        .selected_text(selected)
                        .show_ui(ui, |ui| {
                            for t in &history.customer_types {
                                ui.selectable_value(
                                    &mut form.choice,
                                    Some(t.clone()),
                                    type_name(t),
                                );
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    if form.tried
                        && new_type.is_none()
                        && let Err(e) = &chosen
                    {
                        ui.colored_label(ui.visuals().error_fg_color, e);
                    }
                });
                ui.end_row();
                let error = new_type.as_ref().and_then(|r| r.as_ref().err().cloned());
                labelled_field(
                    ui,
                    "Or a new type name",
                    &mut form.new_name,
                    "e.g. distributor",
                    160.0,
                    error.as_deref(),
                );
                let from_error = shown_error(form.tried, &form.from, from.as_ref().err());
                labelled_field(
                    ui,
                    "Type from",
                    &mut form.from,
                    "YYYY-MM-DD",
                    100.0,
                    from_error,
                );
                ui.label("");
                submit = ui.button("Apply type").clicked();
                ui.end_row();
            });
        if submit {
            match (chosen, from) {
                (Ok(customer_type), Ok(from)) => {
                    cx.actions.push(Action::Run(BookOp::SetType {
                        customer: id.to_string(),
                        customer_type,
                        from,
                    }));
                    form.new_name.clear();
                    form.tried = false;
                }
                _ => form.tried = true,
            }
        }
    }
}

/// The customer's write-offs, newest first, with who prepared, approved and posted them.
fn write_offs_ui(ui: &mut egui::Ui, write_offs: &[WriteOff], style: NegativeStyle) {
    if write_offs.is_empty() {
        ui.label(egui::RichText::new("No write-offs.").weak());
        return;
    }
    for w in write_offs {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.strong(format!("#{} {}", w.id, w.date));
                ui.label(w.state.as_str());
                money_label(ui, w.amount(), style);
            });
            ui.label(format!(
                "{} · {}",
                w.reason.label(),
                plural(w.documents.len(), "document")
            ));
            let mut people = vec![format!("prepared by {}", w.prepared_by)];
            people.extend(w.approvals.iter().map(|a| format!("approved by {}", a.by)));
            if let Some((by, why)) = &w.rejected {
                people.push(format!("rejected by {by}: {why}"));
            }
            if let Some((by, _)) = &w.posted {
                people.push(format!("posted by {by}"));
            }
            ui.label(egui::RichText::new(people.join(", ")).weak());
        });
    }
}

/// Reads the documents and notes of one customer at one date: runs on a worker.
fn load_documents(
    db: &Path,
    user: &str,
    history: &BookHistory,
    at: usize,
    key: DocumentsKey,
) -> DocumentsResult {
    let book = Book::open(db, user).map_err(|e| format!("{e:#}"))?;
    let items = book
        .customer_items(&key.customer_id, key.as_of)
        .map_err(|e| format!("{e:#}"))?;
    let mut notes = book.notes(&key.customer_id).map_err(|e| format!("{e:#}"))?;
    notes.reverse();
    let record = book
        .store()
        .customers()
        .map_err(|e| format!("{e:#}"))?
        .remove(&key.customer_id);
    let mut write_offs: Vec<WriteOff> = book
        .write_offs(None)
        .map_err(|e| format!("{e:#}"))?
        .into_iter()
        .filter(|w| w.customer_id == key.customer_id)
        .collect();
    write_offs.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
    let assessment = history
        .assessments
        .get(at)
        .filter(|a| a.as_of == key.as_of)
        .or_else(|| history.assessments.iter().find(|a| a.as_of == key.as_of));
    let rows = match assessment {
        Some(a) => {
            let written_off = a
                .customers
                .iter()
                .find(|c| c.customer_id == key.customer_id)
                .map(|c| c.written_off_documents.clone())
                .unwrap_or_default();
            document_rows(&items, a, &written_off)
        }
        None => document_rows_with(
            &items,
            key.as_of,
            AgingBasis::DueDate,
            &BucketSet::default(),
            &[],
        ),
    };
    Ok(Documents {
        key,
        rows,
        notes,
        record,
        write_offs,
    })
}

/// The label of a form field, never shortened (a grid's first column sizes to it).
fn form_label(ui: &mut egui::Ui, text: &str) -> egui::Response {
    ui.add(egui::Label::new(text).wrap_mode(egui::TextWrapMode::Extend))
}

/// A row of a form grid: a label and a one-line field tied to it, with the error under
/// the field.
fn labelled_field(
    ui: &mut egui::Ui,
    label: &str,
    text: &mut String,
    hint: &str,
    width: f32,
    error: Option<&str>,
) {
    let label = form_label(ui, label);
    ui.vertical(|ui| {
        ui.add(
            egui::TextEdit::singleline(text)
                .hint_text(hint)
                .desired_width(width),
        )
        .labelled_by(label.id);
        if let Some(e) = error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
    });
    ui.end_row();
}

/// The error to show under a field: always for text that does not parse, and for an
/// empty field once the user tried to submit.
fn shown_error<'a>(tried: bool, text: &str, error: Option<&'a String>) -> Option<&'a str> {
    let error = error?;
    (tried || !text.trim().is_empty()).then_some(error.as_str())
}

/// `1 item`, `8 items`.
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `state_owned` as `state owned`.
fn type_name(t: &CustomerType) -> String {
    t.as_str().replace('_', " ")
}

/// How the allowance was determined, in a few words.
fn method_text(c: &CustomerAssessment, style: NegativeStyle) -> String {
    let base = match (c.method, c.specific) {
        (AllowanceMethod::Specific, Some(basis)) => {
            format!("specific: {}", describe_basis(basis, style))
        }
        (AllowanceMethod::Specific, None) => "specific".to_string(),
        (AllowanceMethod::Matrix, _) => {
            format!("provision matrix, {}", type_name(&c.customer_type))
        }
    };
    if c.capped {
        format!("{base}, capped at the balance")
    } else {
        base
    }
}

fn alert_text(alert: &Alert, style: NegativeStyle) -> String {
    match alert {
        Alert::TradingAfterWriteOff {
            write_off_date,
            amount,
        } => format!(
            "trading after the write-off of {write_off_date}: {} open",
            amount.grouped(style)
        ),
        Alert::WrittenOffStillOpen { amount, documents } => format!(
            "written-off documents still in the ledger: {} ({})",
            amount.grouped(style),
            documents.join(", ")
        ),
        Alert::NoRecentNote {
            oldest_days,
            last_note,
        } => format!(
            "{oldest_days} days past due and no recent collection note (last: {})",
            date_text(*last_note)
        ),
        Alert::RelatedParty { balance } => {
            format!(
                "related party: disclose the balance of {}",
                balance.grouped(style)
            )
        }
    }
}

/// Green for current, through yellow, to red for the oldest bucket.
fn bucket_colour(b: usize, n: usize) -> egui::Color32 {
    let t = if n > 1 {
        b as f32 / (n - 1) as f32
    } else {
        0.0
    };
    egui::ecolor::Hsva::new(0.33 * (1.0 - t), 0.6, 0.85, 1.0).into()
}

fn balance_chart_ui(
    ui: &mut egui::Ui,
    profile: &CustomerHistory,
    at: Option<usize>,
    currency: &str,
    actions: &mut Vec<Action>,
) {
    let largest = profile
        .points
        .iter()
        .map(|p| {
            let positive: f64 = p.buckets.iter().map(|m| plot_value(*m).max(0.0)).sum();
            positive.max(plot_value(p.allowance))
        })
        .fold(0.0_f64, f64::max);
    let (scale, unit) = if largest >= 1e7 {
        (1e6, " millions")
    } else if largest >= 1e4 {
        (1e3, " thousands")
    } else {
        (1.0, "")
    };
    let n = profile.labels.len();
    let allowance_colour = ui.visuals().strong_text_color();
    ui.horizontal_wrapped(|ui| {
        ui.label(
            egui::RichText::new(format!(
                "{currency}{unit} by bucket; click a bar to show its date"
            ))
            .small()
            .weak(),
        );
        ui.spacing_mut().item_spacing.x = 4.0;
        for (b, label) in profile.labels.iter().enumerate() {
            swatch(ui, bucket_colour(b, n));
            ui.label(egui::RichText::new(display_label(label)).small());
            ui.add_space(4.0);
        }
        swatch(ui, allowance_colour);
        ui.label(egui::RichText::new("Allowance").small());
    });
    let dates: Vec<NaiveDate> = profile.points.iter().map(|p| p.as_of).collect();
    let mut charts: Vec<BarChart> = Vec::with_capacity(n);
    for (b, label) in profile.labels.iter().enumerate() {
        let amounts: Vec<Money> = profile
            .points
            .iter()
            .map(|p| p.buckets.get(b).copied().unwrap_or(Money::ZERO))
            .collect();
        let bars: Vec<Bar> = amounts
            .iter()
            .enumerate()
            .map(|(i, m)| Bar::new(i as f64, plot_value(*m) / scale).width(0.7))
            .collect();
        let name = display_label(label);
        let tip_dates = dates.clone();
        let tip_name = name.clone();
        let mut chart = BarChart::new(name, bars)
            .color(bucket_colour(b, n))
            .element_formatter(Box::new(move |bar, _| {
                let i = bar.argument.max(0.0) as usize;
                let amount = amounts.get(i).copied().unwrap_or(Money::ZERO);
                let date = tip_dates.get(i).map_or_else(String::new, |d| d.to_string());
                format!(
                    "{date}\n{tip_name}: {}",
                    amount.grouped(NegativeStyle::Minus)
                )
            }));
        let below: Vec<&BarChart> = charts.iter().collect();
        if !below.is_empty() {
            chart = chart.stack_on(&below);
        }
        charts.push(chart);
    }
    let allowance: Vec<[f64; 2]> = profile
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| [i as f64, plot_value(p.allowance) / scale])
        .collect();
    let axis_dates: Vec<String> = dates
        .iter()
        .map(|d| d.format("%y-%m").to_string())
        .collect();
    let axis = egui_plot::AxisHints::new_x()
        .label_spacing(24.0..=32.0)
        .formatter(move |mark, _| {
            if mark.value < 0.0 || mark.value.fract() != 0.0 {
                return String::new();
            }
            axis_dates
                .get(mark.value as usize)
                .cloned()
                .unwrap_or_default()
        });
    let last = profile.points.len().saturating_sub(1);
    let response = Plot::new("customer_balance_history")
        .height(ui.available_height().max(80.0))
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .include_y(0.0)
        .include_x(-0.5)
        .include_x(last as f64 + 0.5)
        .x_grid_spacer(integer_marks)
        .custom_x_axes(vec![axis])
        .show(ui, move |plot| {
            for chart in charts {
                plot.bar_chart(chart);
            }
            plot.line(
                Line::new("Allowance", PlotPoints::from(allowance))
                    .color(allowance_colour)
                    .width(2.0),
            );
            if let Some(at) = at {
                plot.vline(
                    VLine::new("As of", at as f64)
                        .color(egui::Color32::from_gray(140))
                        .style(egui_plot::LineStyle::dashed_loose()),
                );
            }
            if plot.response().clicked() {
                plot.pointer_coordinate()
            } else {
                None
            }
        });
    if let Some(point) = response.inner {
        let i = point.x.round();
        if i >= 0.0 && (i as usize) <= last {
            actions.push(Action::SelectSnapshot(i as usize));
        }
    }
}

fn swatch(ui: &mut egui::Ui, colour: egui::Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    ui.painter().rect_filled(rect, 2.0, colour);
}

/// The activity by period; a click on a row shows that date.
fn activity_ui(
    ui: &mut egui::Ui,
    profile: &CustomerHistory,
    cx: &mut ScreenContext<'_>,
    currency: &str,
    scroll: bool,
) {
    let (at, style) = (cx.at, cx.style);
    ui.label(
        egui::RichText::new(format!(
            "{currency}; one row per ledger (click one to show its date); the first ledger is the opening balance"
        ))
        .small()
        .weak(),
    );
    let periods = &profile.periods;
    let mut total = crate::domain::activity::PeriodActivity::default();
    for p in periods {
        total.add(&p.activity);
    }
    let height = ui.available_height() - 2.0 * ROW_HEIGHT - 12.0;
    ui.push_id("customer_activity", |ui| {
        // A click anywhere on a row selects its date, so its labels must not take it.
        ui.style_mut().interaction.selectable_labels = false;
        let mut table = TableBuilder::new(ui)
            .id_salt("customer_activity")
            .striped(true)
            .resizable(false)
            .auto_shrink([false, true])
            .min_scrolled_height(0.0)
            .max_scroll_height(height.max(ROW_HEIGHT))
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            // Exact widths: a table with auto-sized columns spends its first frame
            // measuring, and would drop the scroll to the selected row.
            .column(Column::exact(80.0))
            .columns(Column::exact(112.0), 5)
            .column(Column::remainder());
        if let Some(at) = at.filter(|_| scroll) {
            table = table
                .scroll_to_row(at, Some(egui::Align::Center))
                .animate_scrolling(false);
        }
        table
            .header(ROW_HEIGHT + 2.0, |mut header| {
                header.col(|ui| {
                    ui.strong("As of");
                });
                for title in [
                    "Billings",
                    "Collections",
                    "Write-offs",
                    "Adjustments",
                    "Closing",
                ] {
                    header.col(|ui| {
                        right(ui, |ui| ui.strong(title));
                    });
                }
            })
            .body(|body| {
                body.rows(ROW_HEIGHT, periods.len(), |mut row| {
                    let i = row.index();
                    let Some(p) = periods.get(i) else {
                        return;
                    };
                    row.set_selected(at == Some(i));
                    row.col(|ui| {
                        ui.label(p.as_of.to_string());
                    });
                    let a = &p.activity;
                    for m in [
                        a.billings,
                        a.collections,
                        a.write_offs,
                        a.adjustments,
                        p.closing,
                    ] {
                        row.col(|ui| {
                            money_or_dash(ui, m, style);
                        });
                    }
                    row.col(|_| {});
                    if row.response().clicked() && at != Some(i) {
                        cx.actions.push(Action::SelectSnapshot(i));
                    }
                });
            });
    });
    ui.horizontal_wrapped(|ui| {
        ui.strong("All periods:");
        for (what, amount) in [
            ("billed", total.billings),
            ("collected", total.collections),
            ("written off", total.write_offs),
            ("adjusted", total.adjustments),
        ] {
            ui.label(format!("{what} {}", amount.grouped(style)));
        }
    });
}

fn billings_ui(
    ui: &mut egui::Ui,
    profile: &CustomerHistory,
    history: &BookHistory,
    currency: &str,
    style: NegativeStyle,
) {
    let first = history
        .snapshots
        .first()
        .map_or_else(String::new, |s| s.as_of.to_string());
    ui.label(
        egui::RichText::new(format!(
            "{currency}, by the year of the document date; documents already open in the first ledger ({first}) are the opening, not billings"
        ))
        .small()
        .weak(),
    );
    let years = profile.billed_by_year();
    if years.is_empty() {
        ui.label("No billings since the first ledger.");
    } else {
        ui.push_id("customer_billings", |ui| {
            TableBuilder::new(ui)
                .id_salt("customer_billings")
                .striped(true)
                .resizable(false)
                .auto_shrink([true, true])
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::exact(80.0))
                .column(Column::auto().at_least(120.0))
                .header(ROW_HEIGHT + 2.0, |mut header| {
                    header.col(|ui| {
                        ui.strong("Year");
                    });
                    header.col(|ui| {
                        right(ui, |ui| ui.strong("Billed"));
                    });
                })
                .body(|body| {
                    body.rows(ROW_HEIGHT, years.len(), |mut row| {
                        let Some((year, amount)) = years.get(row.index()) else {
                            return;
                        };
                        row.col(|ui| {
                            ui.label(year.to_string());
                        });
                        row.col(|ui| {
                            money_cell(ui, *amount, style);
                        });
                    });
                });
        });
    }
    if let Some((w, billed)) = profile.billed_after_write_off {
        ui.add_space(6.0);
        ui.label(format!(
            "Billed after the write-off of {w} (documents dated later): {}",
            billed.grouped(style)
        ));
    }
}
