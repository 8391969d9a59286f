//! The customer screen: one customer at the as-of date selected in the shell.
//!
//! Layout (fits 1280×800): a header with the headline figures and alerts; on the left the
//! documents at the as-of date ([`documents`], a virtualised, sortable table) over a pane
//! that shows the balance history by bucket ([`charts`]), the activity by period or the
//! billings by year ([`activity`]); on the right, in a scroll area, the specific
//! allowance, the collection notes, the write-offs and the type, each with its form
//! ([`forms`]).
//!
//! Nothing here touches SQLite from `ui()`: the documents, notes, record and write-offs
//! are read by a [`Job`] that opens its own [`Book`], keyed by customer, as-of date and
//! history generation; the customer's figures across snapshots and its activity rows
//! are built on another job, once per customer and generation. Forms check their input
//! and send [`BookOp`]s; the shell runs them on a worker, audits them and reloads the
//! history, which reloads this screen. A form keeps what was typed until its change
//! landed (the generation moved on).

mod activity;
mod charts;
mod documents;
mod forms;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use egui_extras::{Size, StripBuilder};
use serde::{Deserialize, Serialize};

use self::activity::{ActivityPane, BillingsPane};
use self::charts::BalanceChart;
use self::documents::DocumentsTable;
use self::forms::{Forms, NoteForm, SpecificForm, TypeForm};
use super::app::{Action, Screen, ScreenContext};
use super::widgets::{date_text, figure, money_label, percent};
use crate::book::{Book, BookHistory, CustomerRecord};
use crate::domain::aging::{AgingBasis, BucketSet};
use crate::domain::alerts::Alert;
use crate::domain::allowance::{AllowanceMethod, CustomerAssessment};
use crate::domain::collection::CollectionNote;
use crate::domain::money::NegativeStyle;
use crate::domain::writeoff::WriteOff;
use crate::jobs::Job;
use crate::report::activity::CustomerActivity;
use crate::report::customer::{
    CustomerHistory, DocumentRow, customer_history, describe_basis, document_rows,
    document_rows_with,
};
use crate::report::labels;
use crate::report::notes::newest_first;
use crate::report::review::{ReviewRow, coverage};

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

/// What the profile job was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct HistoryKey {
    customer_id: String,
    generation: u64,
}

/// What the profile job built: the customer across every snapshot, and its activity
/// rows (the same the `activity` command prints; `None` without documents in any
/// snapshot).
struct Profile {
    history: CustomerHistory,
    activity: Option<CustomerActivity>,
}

type ProfileResult = Result<Profile, String>;

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
    documents_table: DocumentsTable,
    pane: LowerPane,
    #[serde(skip)]
    documents: Option<Documents>,
    #[serde(skip)]
    documents_job: Option<(DocumentsKey, Job<DocumentsResult>)>,
    #[serde(skip)]
    documents_error: Option<(DocumentsKey, String)>,
    #[serde(skip)]
    profile: Option<(HistoryKey, Arc<Profile>)>,
    #[serde(skip)]
    profile_job: Option<(HistoryKey, Job<ProfileResult>)>,
    #[serde(skip)]
    profile_error: Option<(HistoryKey, String)>,
    /// (generation, snapshot index, customer, its index in that assessment).
    #[serde(skip)]
    found_at: Option<(u64, usize, String, Option<usize>)>,
    #[serde(skip)]
    chart: BalanceChart,
    #[serde(skip)]
    activity: ActivityPane,
    #[serde(skip)]
    billings: BillingsPane,
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

    /// True while a form holds text the user typed and has not sent, or sent and the
    /// book refused (a note, a specific allowance, a new type's name): the window does
    /// not reload under it.
    pub fn has_unsaved_input(&self) -> bool {
        self.forms.has_unsaved_input()
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>) {
        self.poll_jobs();
        let Some(history) = cx.history else {
            ui.vertical_centered(|ui| {
                ui.add_space(80.0);
                ui.spinner();
                ui.label(t!("customer-opening-book"));
            });
            return;
        };
        if history.snapshots.is_empty() {
            ui.vertical_centered(|ui| {
                ui.add_space(80.0);
                ui.heading(t!("customer-no-snapshots"));
                if ui.button(t!("customer-import-ledger")).clicked() {
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
        self.forms.follow_shell(cx.generation, cx.busy);

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
            .profile
            .as_ref()
            .filter(|(k, _)| k.customer_id == id)
            .map(|(_, p)| Arc::clone(p));

        self.header_ui(
            ui,
            cx,
            history,
            &id,
            customer,
            row,
            profile.as_ref().map(|p| &p.history),
        );
        ui.separator();

        StripBuilder::new(ui)
            .clip(true)
            .size(Size::relative(0.63))
            .size(Size::remainder())
            .horizontal(|mut strip| {
                strip.strip(|builder| {
                    builder
                        .clip(true)
                        .size(Size::remainder().at_least(120.0))
                        .size(Size::exact(LOWER_HEIGHT))
                        .vertical(|mut strip| {
                            strip.cell(|ui| {
                                let error = self
                                    .documents_error
                                    .as_ref()
                                    .filter(|(k, _)| k.customer_id == id)
                                    .map(|(_, e)| e.as_str());
                                self.documents_table.ui(
                                    ui,
                                    documents_of(&self.documents, &id),
                                    self.documents_job.is_some(),
                                    error,
                                    as_of,
                                    &history.currency,
                                    cx.style,
                                );
                            });
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
        if let Some((_, job)) = &mut self.profile_job
            && let Some(end) = job.poll().ended()
            && let Some((key, _)) = self.profile_job.take()
        {
            match end.and_then(|result| result) {
                Ok(profile) => {
                    self.profile = Some((key, Arc::new(profile)));
                    self.profile_error = None;
                }
                Err(e) => self.profile_error = Some((key, e)),
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
        let have = self.profile.as_ref().is_some_and(|(k, _)| *k == key);
        let running = self.profile_job.as_ref().is_some_and(|(k, _)| *k == key);
        let failed = self.profile_error.as_ref().is_some_and(|(k, _)| *k == key);
        if !have && !running && !failed {
            let db = cx.db.to_path_buf();
            let user = cx.user.to_string();
            let history = Arc::clone(history);
            let repaint = ctx.clone();
            let customer = id.to_string();
            let job = Job::spawn(
                "customer history",
                move || repaint.request_repaint(),
                move |_| load_profile(&db, &user, &history, &customer),
            );
            self.profile_error = None;
            self.profile_job = Some((key, job));
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
            ui.heading(t!("customer-none-selected"));
            ui.label(t!("customer-none-selected-hint"));
            ui.add_space(8.0);
            if ui.button(t!("customer-open-review")).clicked() {
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
            .hint_text(t!("customer-find-hint"))
            .desired_width(200.0);
        let response = if ui.layout().prefer_right_to_left() {
            let response = ui.add(field);
            let label = ui.label(t!("customer-find"));
            response.labelled_by(label.id)
        } else {
            let label = ui.label(t!("customer-find"));
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
            .accessible_name(t!("customer-find-matches"))
            .show(|ui| {
                ui.set_min_width(260.0);
                if self.finder.matches.is_empty() {
                    ui.label(egui::RichText::new(t!("customer-find-no-match")).weak());
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
                ui.label(egui::RichText::new(labels::customer_type(t)).italics());
            }
            if let Some(d) = as_of {
                ui.label(egui::RichText::new(t!("customer-as-of", as_of = d)).weak());
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                self.finder_ui(ui, cx, history);
                if customer.is_some() && ui.button(t!("customer-propose-write-off")).clicked() {
                    cx.actions.push(Action::ProposeWriteOff(id.to_string()));
                }
            });
        });
        let Some(c) = customer else {
            ui.horizontal_wrapped(|ui| {
                let text = match as_of {
                    Some(d) => t!("customer-absent-at", as_of = d),
                    None => t!("customer-absent"),
                };
                ui.label(egui::RichText::new(text).strong());
                let last = profile.zip(cx.at).and_then(|(p, at)| {
                    let i = p.last_present(at)?;
                    Some((i, p.points.get(i)?.as_of))
                });
                let next = profile.zip(cx.at).and_then(|(p, at)| {
                    let i = (at + 1..p.points.len()).find(|&i| p.points[i].present)?;
                    Some((i, p.points[i].as_of))
                });
                if let Some((i, d)) = last
                    && ui.button(t!("customer-show-previous", as_of = d)).clicked()
                {
                    cx.actions.push(Action::SelectSnapshot(i));
                }
                if let Some((i, d)) = next
                    && ui.button(t!("customer-show-next", as_of = d)).clicked()
                {
                    cx.actions.push(Action::SelectSnapshot(i));
                }
                if profile.is_some_and(|p| p.points.iter().all(|p| !p.present)) {
                    ui.label(t!("customer-in-no-ledger"));
                }
            });
            return;
        };
        let basis = as_of
            .and_then(|d| history.index_of(d))
            .and_then(|i| history.assessments.get(i))
            .map_or(AgingBasis::DueDate, |a| a.basis);
        ui.horizontal(|ui| {
            let gap = 24.0;
            figure(
                ui,
                &t!("customer-balance"),
                c.balance.grouped(style),
                Some(t!("customer-items", n = c.items)),
            );
            ui.add_space(gap);
            figure(
                ui,
                &t!("customer-allowance"),
                c.allowance.grouped(style),
                Some(method_text(c, style)),
            );
            ui.add_space(gap);
            let cover = coverage(c.allowance, c.balance).map_or_else(|| "–".to_string(), percent);
            figure(ui, &t!("customer-coverage"), cover, None);
            ui.add_space(gap);
            figure(
                ui,
                &t!("customer-over-one-year"),
                c.over_one_year.grouped(style),
                None,
            );
            ui.add_space(gap);
            let oldest = c
                .oldest_days
                .map_or_else(|| "–".to_string(), |d| d.to_string());
            let basis_text = match basis {
                AgingBasis::DueDate => t!("customer-days-past-due"),
                AgingBasis::DocumentDate => t!("customer-days-since-document"),
            };
            figure(ui, &t!("customer-oldest-item"), oldest, Some(basis_text));
            ui.add_space(gap);
            figure(
                ui,
                &t!("customer-in-dispute"),
                c.disputed.grouped(style),
                None,
            );
            if let Some(r) = row {
                ui.add_space(gap);
                figure(
                    ui,
                    &t!("customer-last-note"),
                    date_text(r.last_note),
                    Some(t!(
                        "customer-last-collected",
                        date = date_text(r.last_collection)
                    )),
                );
            }
        });
        if let Some(r) = row
            && !r.alerts.is_empty()
        {
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(t!("customer-alerts")).strong());
                for (i, alert) in r.alerts.iter().enumerate() {
                    if i > 0 {
                        ui.label("·");
                    }
                    ui.colored_label(ui.visuals().warn_fg_color, alert_text(alert, style));
                }
            });
        }
    }

    fn lower_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &mut ScreenContext<'_>,
        history: &BookHistory,
        profile: Option<&Profile>,
    ) {
        let pane = self.pane;
        ui.horizontal(|ui| {
            ui.selectable_value(
                &mut self.pane,
                LowerPane::BalanceHistory,
                t!("customer-pane-balance"),
            );
            ui.selectable_value(
                &mut self.pane,
                LowerPane::Activity,
                t!("customer-pane-activity"),
            );
            ui.selectable_value(
                &mut self.pane,
                LowerPane::Billings,
                t!("customer-pane-billings"),
            );
            if self.profile_job.is_some() {
                ui.spinner();
            }
            if let Some((_, e)) = &self.profile_error {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    t!("customer-profile-failed", error = e),
                );
            }
        });
        if self.pane != pane {
            self.activity.forget_scroll();
        }
        let Some(profile) = profile else {
            return;
        };
        match self.pane {
            LowerPane::BalanceHistory => {
                self.chart
                    .ui(ui, &profile.history, cx.at, &history.currency, cx.actions);
            }
            LowerPane::Activity => match &profile.activity {
                Some(activity) => self.activity.ui(ui, activity, cx),
                None => {
                    ui.label(t!("customer-activity-none"));
                }
            },
            LowerPane::Billings => match &profile.activity {
                Some(activity) => self.billings.ui(ui, activity, history, cx.style),
                None => {
                    ui.label(t!("customer-activity-none"));
                }
            },
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
        egui::CollapsingHeader::new(t!("customer-specific"))
            .id_salt("customer_specific")
            .default_open(true)
            .show(ui, |ui| {
                SpecificForm::ui(
                    &mut self.forms.specific,
                    ui,
                    cx,
                    history,
                    id,
                    customer,
                    as_of,
                );
            });
        let documents = documents_of(&self.documents, id);
        let notes = documents.map(|d| d.notes.as_slice());
        egui::CollapsingHeader::new(t!(
            "customer-notes",
            n = notes.map_or(0, <[CollectionNote]>::len)
        ))
        .id_salt("customer_notes")
        .default_open(true)
        .show(ui, |ui| {
            NoteForm::ui(&mut self.forms.note, ui, cx, id);
            notes_ui(ui, notes);
        });
        let write_offs = documents
            .map(|d| d.write_offs.as_slice())
            .unwrap_or_default();
        egui::CollapsingHeader::new(t!("customer-write-offs", n = write_offs.len()))
            .id_salt("customer_write_offs")
            .default_open(!write_offs.is_empty())
            .show(ui, |ui| write_offs_ui(ui, write_offs, cx.style));
        let record = documents.and_then(|d| d.record.as_ref());
        egui::CollapsingHeader::new(t!("customer-type"))
            .id_salt("customer_type")
            .default_open(true)
            .show(ui, |ui| {
                TypeForm::ui(
                    &mut self.forms.kind,
                    ui,
                    cx,
                    history,
                    id,
                    customer,
                    record,
                    as_of,
                );
            });
    }
}

/// The customer's collection notes, newest first (`None` while they load).
fn notes_ui(ui: &mut egui::Ui, notes: Option<&[CollectionNote]>) {
    ui.add_space(4.0);
    let Some(notes) = notes else {
        ui.spinner();
        return;
    };
    if notes.is_empty() {
        ui.label(egui::RichText::new(t!("customer-notes-none")).weak());
    }
    for note in notes {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.strong(note.date.to_string());
                ui.label(forms::note_action(note.action));
                ui.label(egui::RichText::new(t!("customer-note-by", author = note.author)).weak());
            });
            if !note.outcome.is_empty() {
                ui.label(
                    egui::RichText::new(t!("customer-note-outcome", outcome = note.outcome))
                        .italics(),
                );
            }
            ui.label(&note.text);
        });
    }
}

/// The customer's write-offs, newest first, with who prepared, approved and posted them.
fn write_offs_ui(ui: &mut egui::Ui, write_offs: &[WriteOff], style: NegativeStyle) {
    if write_offs.is_empty() {
        ui.label(egui::RichText::new(t!("customer-write-offs-none")).weak());
        return;
    }
    for w in write_offs {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.strong(format!("#{} {}", w.id, w.date));
                ui.label(labels::state(w.state));
                money_label(ui, w.amount(), style);
            });
            ui.label(format!(
                "{} · {}",
                labels::reason(w.reason),
                t!("common-documents", n = w.documents.len())
            ));
            let mut people = vec![t!("customer-prepared-by", who = w.prepared_by)];
            people.extend(
                w.approvals
                    .iter()
                    .map(|a| t!("customer-approved-by", who = a.by)),
            );
            if let Some((by, why)) = &w.rejected {
                people.push(t!("customer-rejected-by", who = by, why = why));
            }
            if let Some((by, _)) = &w.posted {
                people.push(t!("customer-posted-by", who = by));
            }
            ui.label(
                egui::RichText::new(people.join(t!("customer-list-separator").as_str())).weak(),
            );
        });
    }
}

/// Reads the documents, notes, record and write-offs of one customer at one date: runs
/// on a worker.
fn load_documents(
    db: &Path,
    user: &str,
    history: &BookHistory,
    at: usize,
    key: DocumentsKey,
) -> DocumentsResult {
    let book = Book::open(db, user).map_err(|e| crate::gui::errors::book_error_text(&e))?;
    let items = book
        .customer_items(&key.customer_id, key.as_of)
        .map_err(|e| crate::gui::errors::book_error_text(&e))?;
    let notes = newest_first(
        book.notes(&key.customer_id)
            .map_err(|e| crate::gui::errors::book_error_text(&e))?,
    );
    let record = book
        .customer(&key.customer_id)
        .map_err(|e| crate::gui::errors::book_error_text(&e))?;
    let mut write_offs: Vec<WriteOff> = book
        .write_offs(None)
        .map_err(|e| crate::gui::errors::book_error_text(&e))?
        .into_iter()
        .filter(|w| w.customer_id == key.customer_id)
        .collect();
    write_offs.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
    let written_off = book
        .written_off_documents(&key.customer_id, key.as_of)
        .map_err(|e| crate::gui::errors::book_error_text(&e))?;
    let assessment = history
        .assessments
        .get(at)
        .filter(|a| a.as_of == key.as_of)
        .or_else(|| history.assessments.iter().find(|a| a.as_of == key.as_of));
    let rows = match assessment {
        Some(a) => document_rows(&items, a, &written_off),
        None => document_rows_with(
            &items,
            key.as_of,
            AgingBasis::DueDate,
            &BucketSet::default(),
            &HashMap::new(),
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

/// Gathers one customer's figures across snapshots and its activity rows: runs on a
/// worker (the write-offs and recoveries come from the book).
fn load_profile(db: &Path, user: &str, history: &BookHistory, id: &str) -> ProfileResult {
    let book = Book::open(db, user).map_err(|e| crate::gui::errors::book_error_text(&e))?;
    let activity = CustomerActivity::read(&book, history, id)
        .map_err(|e| crate::gui::errors::book_error_text(&e))?;
    Ok(Profile {
        history: customer_history(history, id),
        activity,
    })
}

/// How the allowance was determined, in a few words.
fn method_text(c: &CustomerAssessment, style: NegativeStyle) -> String {
    let base = match (c.method, c.specific) {
        (AllowanceMethod::Specific, Some(basis)) => {
            t!(
                "customer-method-specific",
                basis = describe_basis(basis, style)
            )
        }
        (AllowanceMethod::Specific, None) => t!("customer-method-specific-plain"),
        (AllowanceMethod::Matrix, _) => t!(
            "customer-method-matrix",
            customer_type = labels::customer_type(&c.customer_type)
        ),
    };
    if c.capped {
        t!("customer-method-capped", method = base)
    } else {
        base
    }
}

fn alert_text(alert: &Alert, style: NegativeStyle) -> String {
    match alert {
        Alert::TradingAfterWriteOff {
            write_off_date,
            amount,
        } => t!(
            "customer-alert-trading",
            date = write_off_date,
            amount = amount.grouped(style)
        ),
        Alert::WrittenOffStillOpen { amount, documents } => t!(
            "customer-alert-still-open",
            amount = amount.grouped(style),
            documents = documents.join(", ")
        ),
        Alert::NoRecentNote {
            oldest_days,
            last_note,
        } => t!(
            "customer-alert-no-note",
            days = *oldest_days,
            last = date_text(*last_note)
        ),
        Alert::RelatedParty { balance } => {
            t!("customer-alert-related", balance = balance.grouped(style))
        }
    }
}

#[cfg(test)]
mod tests {
    /// The window takes its types from `book` and `report`: no file under `src/gui`
    /// names the store or the command line (nor reaches the store through
    /// `Book::store`). The words are put together here so this file does not match.
    #[test]
    fn no_window_source_names_the_store_or_the_command_line() {
        let forbidden = [
            ["crate", "::", "store"].concat(),
            ["crate", "::", "cli"].concat(),
            [".", "store", "()"].concat(),
        ];
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/gui");
        let mut dirs = vec![root];
        let mut found = Vec::new();
        let mut read = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    read += 1;
                    for (n, line) in text.lines().enumerate() {
                        for word in &forbidden {
                            if line.contains(word.as_str()) {
                                found.push(format!("{}:{}: {word}", path.display(), n + 1));
                            }
                        }
                    }
                }
            }
        }
        assert!(read >= 10, "the window's sources were read ({read} files)");
        assert!(
            found.is_empty(),
            "the window names the store or the CLI: {found:#?}"
        );
    }
}
