//! The audit log screen (Ctrl+8): the log, filtered, read-only, with the hash-chain check.
//!
//! Every row is read on a [`Job`] through [`Book::audit_log`] with the screen's
//! [`AuditFilter`] — the call `agebook audit` makes with the same filter — and kept per
//! (history generation, filter), so the rows are read again only when the book moved on
//! or a filter changed. The table lists them newest first; a selected row shows its
//! `before` and `after` JSON. The export writes the rows the filter selects as the same
//! CSV `agebook audit … --format csv` prints, through a save dialog (or a typed path
//! where no dialog answers), on a worker.
//!
//! The chain check runs [`Book::verify`] on a worker when the screen opens, when the book
//! moved on while it is shown, and on "Check the chain", and says what `agebook verify`
//! says: verified with the chain's length and head, or the first row that fails and why.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui_extras::{Column, TableBuilder};
use serde::{Deserialize, Serialize};

use super::app::{Action, ScreenContext};
use super::file_dialog::{Ask, FileDialog};
use super::widgets::number_cell;
use crate::book::Book;
use crate::domain::date::parse_date;
use crate::integrity::{
    AuditEntry, AuditFilter, ChainProblem, VerifyReport, WriteOffProblem, change_summary,
};
use crate::jobs::Job;
use crate::report::audit::{Finding, audit_csv, customer_of, pretty_json, write_off_customers};

/// The rows read for one filter, and what the table shows of each.
struct AuditView {
    key: ViewKey,
    /// Oldest first, as `agebook audit` prints them and the export writes them.
    entries: Arc<Vec<AuditEntry>>,
    /// Per entry (same order): the one-line summary and the customer it is about.
    lines: Vec<Line>,
}

struct Line {
    summary: String,
    customer: Option<String>,
}

/// What the rows were read for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ViewKey {
    generation: u64,
    filter: AuditFilter,
}

/// The users and actions present in the whole log: the filters' choices.
struct Choices {
    generation: u64,
    users: Vec<String>,
    actions: Vec<String>,
}

impl Choices {
    fn of(generation: u64, entries: &[AuditEntry]) -> Choices {
        let users: BTreeSet<&str> = entries.iter().map(|e| e.user.as_str()).collect();
        let actions: BTreeSet<&str> = entries.iter().map(|e| e.action.as_str()).collect();
        Choices {
            generation,
            users: users.into_iter().map(str::to_string).collect(),
            actions: actions.into_iter().map(str::to_string).collect(),
        }
    }
}

type ViewResult = Result<(AuditView, Option<Choices>), String>;

/// A `before`/`after` pair laid out for reading, for the selected row.
struct Detail {
    id: i64,
    before: Option<String>,
    after: Option<String>,
}

/// The rows of an export, oldest first.
type ExportRows = Arc<Vec<AuditEntry>>;

/// The export: the dialog, the typed path where no dialog answers, the write, its end.
#[derive(Default)]
struct Export {
    /// The save dialog (with its typed-path fallback).
    dialog: FileDialog,
    /// The rows the file asked for in `dialog` is to hold.
    rows: Option<ExportRows>,
    /// The write.
    write: Option<Job<Result<(PathBuf, usize), String>>>,
    /// What the last export did.
    outcome: Option<Result<String, String>>,
}

/// The audit log screen's state. Nothing is remembered between runs: a filter left on
/// from last time would hide rows from an auditor who did not set it.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditScreen {
    #[serde(skip)]
    from_text: String,
    #[serde(skip)]
    to_text: String,
    #[serde(skip)]
    customer_text: String,
    #[serde(skip)]
    user: Option<String>,
    #[serde(skip)]
    action: Option<String>,
    #[serde(skip)]
    view: Option<AuditView>,
    #[serde(skip)]
    view_job: Option<(ViewKey, Job<ViewResult>)>,
    #[serde(skip)]
    view_error: Option<(ViewKey, String)>,
    #[serde(skip)]
    choices: Option<Choices>,
    #[serde(skip)]
    selected: Option<i64>,
    #[serde(skip)]
    scroll_to_selected: bool,
    #[serde(skip)]
    detail: Option<Detail>,
    /// The last verification and the generation it was run on.
    #[serde(skip)]
    verification: Option<(u64, Result<VerifyReport, String>)>,
    #[serde(skip)]
    verify_job: Option<(u64, Job<Result<VerifyReport, String>>)>,
    /// The pass the screen was last drawn in, to notice that it was opened.
    #[serde(skip)]
    last_pass: Option<u64>,
    #[serde(skip)]
    export: Export,
}

impl AuditScreen {
    /// The ids of the rows the table lists, in its order (newest first).
    pub fn shown_ids(&self) -> Vec<i64> {
        self.view
            .as_ref()
            .map(|v| v.entries.iter().rev().map(|e| e.id).collect())
            .unwrap_or_default()
    }

    /// The filter the shown rows were read with, once read.
    pub fn shown_filter(&self) -> Option<&AuditFilter> {
        self.view.as_ref().map(|v| &v.key.filter)
    }

    /// The last verification, once it ran.
    pub fn verification(&self) -> Option<&VerifyReport> {
        self.verification
            .as_ref()
            .and_then(|(_, r)| r.as_ref().ok())
    }

    /// True while rows are read, the chain is checked or an export is written.
    pub fn is_working(&self) -> bool {
        self.view_job.is_some()
            || self.verify_job.is_some()
            || self.export.write.is_some()
            || self.export.dialog.is_waiting()
    }

    /// The row selected in the table.
    pub fn selected(&self) -> Option<i64> {
        self.selected
    }

    /// What the last export did: where it wrote, or why it failed.
    pub fn export_outcome(&self) -> Option<&Result<String, String>> {
        self.export.outcome.as_ref()
    }

    /// Writes the rows shown to `path` as CSV, as the export does once a file is chosen.
    pub fn export_to(&mut self, ctx: &egui::Context, path: PathBuf) {
        if let Some(view) = &self.view {
            let rows = Arc::clone(&view.entries);
            self.start_write(ctx, path, rows);
        }
    }

    /// The filter the fields give, or what is wrong with them.
    fn filter(&self) -> Result<AuditFilter, String> {
        let date = |text: &str| -> Result<Option<chrono::NaiveDate>, ()> {
            if text.trim().is_empty() {
                Ok(None)
            } else {
                parse_date(text).map(Some).map_err(|_| ())
            }
        };
        let from = date(&self.from_text).map_err(|()| t!("audit-bad-from"))?;
        let to = date(&self.to_text).map_err(|()| t!("audit-bad-to"))?;
        let customer = Some(self.customer_text.trim().to_string()).filter(|c| !c.is_empty());
        Ok(AuditFilter {
            from,
            to,
            user: self.user.clone(),
            action: self.action.clone(),
            customer,
        })
    }

    fn clear_filters(&mut self) {
        self.from_text.clear();
        self.to_text.clear();
        self.customer_text.clear();
        self.user = None;
        self.action = None;
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>) {
        let ctx = ui.ctx().clone();
        let pass = ctx.cumulative_pass_nr();
        let opened = self.last_pass.is_none_or(|last| pass > last + 1);
        self.last_pass = Some(pass);
        self.poll_jobs(&ctx);
        self.start_verify_if_due(&ctx, cx, opened);
        let filter = self.filter();
        if let Ok(filter) = &filter {
            self.start_view_if_due(&ctx, cx, filter);
        }

        ui.horizontal(|ui| {
            ui.heading(t!("audit-title"));
            ui.label(egui::RichText::new(t!("audit-subtitle")).weak());
        });
        ui.add_space(4.0);
        self.chain_ui(ui, &ctx, cx);
        ui.separator();
        self.filters_ui(ui, filter.as_ref().err());
        self.count_and_export_ui(ui, &ctx, cx.db);
        self.keyboard(ui);
        let detail_height = if self.selected.is_some() { 230.0 } else { 0.0 };
        let table_height = (ui.available_height() - detail_height).max(120.0);
        self.table_ui(ui, cx, table_height);
        self.detail_ui(ui);
        self.export_prompt_ui(&ctx);
    }

    fn poll_jobs(&mut self, ctx: &egui::Context) {
        if let Some((_, job)) = &mut self.view_job
            && let Some(end) = job.poll().ended()
            && let Some((key, _)) = self.view_job.take()
        {
            match end.and_then(|r| r) {
                Ok((view, choices)) => {
                    if let Some(choices) = choices {
                        self.choices = Some(choices);
                    }
                    self.view = Some(view);
                    self.view_error = None;
                }
                Err(e) => self.view_error = Some((key, e)),
            }
        }
        if let Some((_, job)) = &mut self.verify_job
            && let Some(end) = job.poll().ended()
            && let Some((generation, _)) = self.verify_job.take()
        {
            self.verification = Some((generation, end.and_then(|r| r)));
        }
        if let Some(path) = self.export.dialog.poll()
            && let Some(rows) = self.export.rows.clone()
        {
            self.start_write(ctx, path, rows);
        }
        if let Some(job) = &mut self.export.write
            && let Some(end) = job.poll().ended()
        {
            self.export.write = None;
            self.export.outcome = Some(match end.and_then(|r| r) {
                Ok((path, n)) => Ok(t!(
                    "audit-exported",
                    n = n,
                    path = path.display().to_string()
                )),
                Err(e) => Err(t!("audit-export-failed", error = e)),
            });
        }
    }

    fn start_verify_if_due(&mut self, ctx: &egui::Context, cx: &ScreenContext<'_>, opened: bool) {
        let running = self.verify_job.is_some();
        let stale = self
            .verification
            .as_ref()
            .is_none_or(|(g, _)| *g != cx.generation);
        if !running && (opened || stale) {
            self.start_verify(ctx, cx);
        }
    }

    fn start_verify(&mut self, ctx: &egui::Context, cx: &ScreenContext<'_>) {
        let (db, user) = (cx.db.to_path_buf(), cx.user.to_string());
        let repaint = ctx.clone();
        let job = Job::spawn(
            "verify the book",
            move || repaint.request_repaint(),
            move |_| {
                let book =
                    Book::open(&db, &user).map_err(|e| super::errors::book_error_text(&e))?;
                book.verify()
                    .map_err(|e| super::errors::book_error_text(&e))
            },
        );
        self.verify_job = Some((cx.generation, job));
    }

    fn start_view_if_due(
        &mut self,
        ctx: &egui::Context,
        cx: &ScreenContext<'_>,
        filter: &AuditFilter,
    ) {
        let key = ViewKey {
            generation: cx.generation,
            filter: filter.clone(),
        };
        let have = self.view.as_ref().is_some_and(|v| v.key == key);
        let running = self.view_job.as_ref().is_some_and(|(k, _)| *k == key);
        let failed = self.view_error.as_ref().is_some_and(|(k, _)| *k == key);
        if have || running || failed {
            return;
        }
        let need_choices = self
            .choices
            .as_ref()
            .is_none_or(|c| c.generation != cx.generation);
        let (db, user) = (cx.db.to_path_buf(), cx.user.to_string());
        let repaint = ctx.clone();
        let job_key = key.clone();
        // A job for an older filter is dropped: its rows would be shown for nothing.
        self.view_job = Some((
            key,
            Job::spawn(
                "audit log",
                move || repaint.request_repaint(),
                move |_| load_view(&db, &user, job_key, need_choices),
            ),
        ));
    }

    fn chain_ui(&mut self, ui: &mut egui::Ui, ctx: &egui::Context, cx: &ScreenContext<'_>) {
        let mut show_row = None;
        ui.horizontal(|ui| {
            let check = ui
                .add_enabled(
                    self.verify_job.is_none(),
                    egui::Button::new(t!("audit-check-chain")),
                )
                .on_hover_text(t!("audit-check-chain-hover"));
            if check.clicked() {
                self.start_verify(ctx, cx);
            }
            if self.verify_job.is_some() {
                ui.spinner();
                ui.label(t!("audit-checking"));
            }
        });
        let Some((generation, result)) = &self.verification else {
            return;
        };
        let report = match result {
            Ok(report) => report,
            Err(e) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    t!("audit-check-failed", error = e.as_str()),
                );
                return;
            }
        };
        let error = ui.visuals().error_fg_color;
        match Finding::of(report) {
            Finding::Verified {
                rows,
                head,
                write_offs,
            } => {
                ui.horizontal_wrapped(|ui| {
                    let good = egui::Color32::from_rgb(30, 140, 70);
                    match &head {
                        Some(head) => {
                            ui.label(
                                egui::RichText::new(t!(
                                    "audit-verified",
                                    rows = rows,
                                    id = head.id
                                ))
                                .strong()
                                .color(good),
                            );
                            ui.add(
                                egui::Label::new(
                                    egui::RichText::new(head.hash.as_str()).monospace(),
                                )
                                .selectable(true),
                            )
                            .on_hover_text(t!("audit-head-hover"));
                        }
                        None => {
                            ui.label(
                                egui::RichText::new(t!("audit-verified-no-head", rows = rows))
                                    .strong()
                                    .color(good),
                            );
                        }
                    }
                });
                ui.label(egui::RichText::new(t!("audit-verified-detail", n = write_offs)).weak());
            }
            Finding::FileDamaged { message } => {
                ui.label(
                    egui::RichText::new(t!("audit-file-damaged", message = message))
                        .strong()
                        .color(error),
                );
            }
            Finding::ChainFails {
                row,
                problem,
                detail,
                failing,
            } => {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        egui::RichText::new(t!(
                            "audit-chain-fails",
                            row = row,
                            problem = chain_problem(problem)
                        ))
                        .strong()
                        .color(error),
                    );
                    if problem != ChainProblem::Missing
                        && ui.small_button(t!("audit-show-row", row = row)).clicked()
                    {
                        show_row = Some(row);
                    }
                });
                let mut words = detail;
                if failing > 1 {
                    words = format!("{words} · {}", t!("audit-more-failing", n = failing - 1));
                }
                ui.label(egui::RichText::new(words).weak());
            }
            Finding::DerivedDisagrees { as_of, detail } => {
                ui.label(
                    egui::RichText::new(t!("audit-derived-disagrees", as_of = as_of))
                        .strong()
                        .color(error),
                );
                ui.label(egui::RichText::new(detail).weak());
            }
            Finding::WriteOffDisagrees {
                write_off,
                audit_row,
                problem,
                detail,
            } => {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        egui::RichText::new(t!(
                            "audit-write-off-disagrees",
                            id = write_off,
                            problem = write_off_problem(problem)
                        ))
                        .strong()
                        .color(error),
                    );
                    if let Some(row) = audit_row
                        && ui.small_button(t!("audit-show-row", row = row)).clicked()
                    {
                        show_row = Some(row);
                    }
                });
                ui.label(egui::RichText::new(detail).weak());
            }
        }
        if *generation != cx.generation && self.verify_job.is_none() {
            ui.label(egui::RichText::new(t!("audit-check-stale")).small().weak());
        }
        if let Some(row) = show_row {
            // The row may be filtered out: show the whole log with the row selected.
            self.clear_filters();
            self.selected = Some(row);
            self.scroll_to_selected = true;
        }
    }

    fn filters_ui(&mut self, ui: &mut egui::Ui, problem: Option<&String>) {
        ui.horizontal_wrapped(|ui| {
            let label = ui
                .label(t!("audit-from"))
                .on_hover_text(t!("audit-from-hover"));
            ui.add(
                egui::TextEdit::singleline(&mut self.from_text)
                    .hint_text(t!("audit-date-hint"))
                    .desired_width(100.0),
            )
            .labelled_by(label.id);
            let label = ui.label(t!("audit-to")).on_hover_text(t!("audit-to-hover"));
            ui.add(
                egui::TextEdit::singleline(&mut self.to_text)
                    .hint_text(t!("audit-date-hint"))
                    .desired_width(100.0),
            )
            .labelled_by(label.id);
            ui.separator();
            let (users, actions) = self
                .choices
                .as_ref()
                .map_or((&[][..], &[][..]), |c| (&c.users[..], &c.actions[..]));
            let label = ui.label(t!("audit-user"));
            let all_users = t!("audit-all-users");
            egui::ComboBox::from_id_salt("audit_user")
                .selected_text(self.user.clone().unwrap_or_else(|| all_users.clone()))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.user, None, all_users.as_str());
                    for u in users {
                        ui.selectable_value(&mut self.user, Some(u.clone()), u.as_str());
                    }
                })
                .response
                .labelled_by(label.id);
            let label = ui.label(t!("audit-action"));
            let all_actions = t!("audit-all-actions");
            egui::ComboBox::from_id_salt("audit_action")
                .selected_text(
                    self.action
                        .as_deref()
                        .map_or_else(|| all_actions.clone(), action_name),
                )
                .width(170.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.action, None, all_actions.as_str());
                    for a in actions {
                        ui.selectable_value(&mut self.action, Some(a.clone()), action_name(a))
                            .on_hover_text(a.as_str());
                    }
                })
                .response
                .labelled_by(label.id);
            ui.separator();
            let label = ui
                .label(t!("audit-customer"))
                .on_hover_text(t!("audit-customer-hover"));
            ui.add(
                egui::TextEdit::singleline(&mut self.customer_text)
                    .hint_text(t!("audit-customer-hint"))
                    .desired_width(80.0),
            )
            .labelled_by(label.id);
            let any = !self.from_text.is_empty()
                || !self.to_text.is_empty()
                || !self.customer_text.is_empty()
                || self.user.is_some()
                || self.action.is_some();
            if any && ui.button(t!("audit-clear-filters")).clicked() {
                self.clear_filters();
            }
            if let Some(problem) = problem {
                ui.colored_label(ui.visuals().error_fg_color, problem);
            }
        });
    }

    fn count_and_export_ui(&mut self, ui: &mut egui::Ui, ctx: &egui::Context, db: &Path) {
        ui.horizontal(|ui| {
            match &self.view {
                Some(view) => {
                    let n = view.entries.len();
                    if view.key.filter == AuditFilter::default() {
                        ui.label(t!("audit-rows-all", n = n));
                    } else {
                        ui.label(t!("audit-rows-filtered", n = n));
                    }
                }
                None if self.view_error.is_none() => {
                    ui.spinner();
                    ui.label(t!("audit-reading"));
                }
                None => {}
            }
            if self.view.is_some() && self.view_job.is_some() {
                ui.spinner();
            }
            if let Some((_, e)) = &self.view_error {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    t!("audit-read-failed", error = e.as_str()),
                );
            }
            ui.separator();
            let can_export = self.view.is_some()
                && !self.export.dialog.is_waiting()
                && self.export.write.is_none()
                && !self.export.dialog.is_prompting();
            let export = ui
                .add_enabled(can_export, egui::Button::new(t!("audit-export")))
                .on_hover_text(t!("audit-export-hover"));
            if export.clicked()
                && let Some(view) = &self.view
            {
                let rows = Arc::clone(&view.entries);
                self.start_dialog(ctx, rows, db);
            }
            if self.export.dialog.is_waiting() {
                ui.spinner();
                ui.label(t!("audit-waiting-dialog"));
            }
            if self.export.write.is_some() {
                ui.spinner();
                ui.label(t!("audit-writing"));
            }
            match &self.export.outcome {
                Some(Ok(done)) => {
                    ui.label(done);
                }
                Some(Err(e)) => {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                None => {}
            }
        });
    }

    /// Asks where to save the rows, starting in the book's folder.
    fn start_dialog(&mut self, ctx: &egui::Context, rows: Arc<Vec<AuditEntry>>, db: &Path) {
        let ask = Ask::save(t!("audit-export-title"))
            .file_name("audit-log.csv")
            .directory(db.parent().map(Path::to_path_buf))
            .filter(t!("audit-csv-filter"), &["csv"]);
        self.export.outcome = None;
        self.export.rows = Some(rows);
        self.export.dialog.start(ctx, ask);
    }

    fn start_write(&mut self, ctx: &egui::Context, path: PathBuf, rows: Arc<Vec<AuditEntry>>) {
        let repaint = ctx.clone();
        self.export.outcome = None;
        self.export.write = Some(Job::spawn(
            "export the audit log",
            move || repaint.request_repaint(),
            move |_| {
                std::fs::write(&path, audit_csv(&rows))
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                Ok((path, rows.len()))
            },
        ));
    }

    /// The typed path, shown once the dialog came back with nothing.
    fn export_prompt_ui(&mut self, ctx: &egui::Context) {
        if let Some(path) = self.export.dialog.prompt_ui(ctx)
            && let Some(rows) = self.export.rows.clone()
        {
            self.start_write(ctx, path, rows);
        }
    }

    fn keyboard(&mut self, ui: &egui::Ui) {
        let Some(view) = &self.view else { return };
        if ui.ctx().egui_wants_keyboard_input() || view.entries.is_empty() {
            return;
        }
        let (down, up) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::ArrowDown),
                i.key_pressed(egui::Key::ArrowUp),
            )
        });
        if !down && !up {
            return;
        }
        let n = view.entries.len();
        // Display position p shows entries[n - 1 - p].
        let position = self
            .selected
            .and_then(|id| view.entries.iter().rposition(|e| e.id == id))
            .map(|i| n - 1 - i);
        let next = match (down, position) {
            (_, None) => 0,
            (true, Some(p)) => (p + 1).min(n - 1),
            (false, Some(p)) => p.saturating_sub(1),
        };
        self.selected = Some(view.entries[n - 1 - next].id);
        self.scroll_to_selected = true;
    }

    fn table_ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>, height: f32) {
        let Some(view) = &self.view else {
            return;
        };
        let n = view.entries.len();
        if n == 0 {
            ui.add_space(8.0);
            ui.label(egui::RichText::new(t!("audit-no-rows")).weak());
            return;
        }
        let row_height = 22.0;
        // A click anywhere on a row selects it: its texts must not take the click for
        // selecting text.
        let mut select = None;
        let mut open = None;
        let selected = self.selected;
        let scroll_to = std::mem::take(&mut self.scroll_to_selected);
        ui.scope(|ui| {
            ui.style_mut().interaction.selectable_labels = false;
            let mut builder = TableBuilder::new(ui)
                .id_salt("audit_table")
                .striped(true)
                .sense(egui::Sense::click())
                .max_scroll_height(height)
                .min_scrolled_height(height.min(200.0))
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::exact(46.0))
                .column(Column::exact(150.0))
                .column(Column::exact(84.0))
                .column(
                    Column::initial(130.0)
                        .at_least(90.0)
                        .clip(true)
                        .resizable(true),
                )
                .column(
                    Column::initial(150.0)
                        .at_least(90.0)
                        .clip(true)
                        .resizable(true),
                )
                .column(Column::exact(66.0))
                .column(Column::remainder().at_least(200.0).clip(true));
            if scroll_to
                && let Some(id) = selected
                && let Some(i) = view.entries.iter().rposition(|e| e.id == id)
            {
                builder = builder.scroll_to_row(n - 1 - i, Some(egui::Align::Center));
            }
            builder
                .header(row_height + 2.0, |mut header| {
                    for title in [
                        t!("audit-col-id"),
                        t!("audit-col-at"),
                        t!("audit-col-user"),
                        t!("audit-col-action"),
                        t!("audit-col-entity"),
                        t!("audit-col-customer"),
                        t!("audit-col-change"),
                    ] {
                        header.col(|ui| {
                            ui.strong(title);
                        });
                    }
                })
                .body(|body| {
                    body.rows(row_height, n, |mut row| {
                        let i = n - 1 - row.index();
                        let (e, line) = (&view.entries[i], &view.lines[i]);
                        row.set_selected(selected == Some(e.id));
                        row.col(|ui| {
                            number_cell(ui, e.id.to_string());
                        });
                        row.col(|ui| {
                            ui.label(egui::RichText::new(at_text(&e.at)).monospace());
                        });
                        row.col(|ui| {
                            ui.add(egui::Label::new(e.user.as_str()).truncate());
                        });
                        row.col(|ui| {
                            ui.add(egui::Label::new(action_name(&e.action)).truncate())
                                .on_hover_text(e.action.as_str());
                        });
                        row.col(|ui| {
                            let text = format!("{} {}", entity_name(&e.entity), e.entity_id);
                            ui.add(egui::Label::new(text).truncate());
                        });
                        row.col(|ui| {
                            if let Some(c) = &line.customer
                                && ui
                                    .link(c.as_str())
                                    .on_hover_text(t!("audit-open-customer", customer = c.as_str()))
                                    .clicked()
                            {
                                open = Some(c.clone());
                            }
                        });
                        row.col(|ui| {
                            ui.add(egui::Label::new(line.summary.as_str()).truncate());
                        });
                        if row.response().clicked() {
                            select = Some(e.id);
                        }
                    });
                });
        });
        if let Some(id) = select {
            self.selected = if self.selected == Some(id) {
                None
            } else {
                Some(id)
            };
        }
        if let Some(id) = open {
            cx.actions.push(Action::OpenCustomer(id));
        }
    }

    fn detail_ui(&mut self, ui: &mut egui::Ui) {
        let (Some(id), Some(view)) = (self.selected, &self.view) else {
            return;
        };
        let Some(entry) = view.entries.iter().rfind(|e| e.id == id) else {
            return;
        };
        if self.detail.as_ref().is_none_or(|d| d.id != id) {
            self.detail = Some(Detail {
                id,
                before: pretty_json(entry.before.as_deref()),
                after: pretty_json(entry.after.as_deref()),
            });
        }
        let Some(detail) = &self.detail else { return };
        ui.separator();
        ui.horizontal(|ui| {
            ui.strong(t!(
                "audit-row-title",
                id = id,
                action = action_name(&entry.action),
                user = entry.user.as_str(),
                at = at_text(&entry.at)
            ));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.small_button(t!("audit-close-row")).clicked() {
                    self.selected = None;
                }
            });
        });
        if let Some(hash) = &entry.hash {
            ui.label(
                egui::RichText::new(t!(
                    "audit-row-hashes",
                    hash = hash.as_str(),
                    prev = entry.prev_hash.as_deref().unwrap_or("-")
                ))
                .small()
                .weak()
                .monospace(),
            );
        }
        let height = (ui.available_height() - 24.0).max(80.0);
        ui.columns(2, |columns| {
            let sides = [
                (t!("audit-before"), &detail.before, "audit_before"),
                (t!("audit-after"), &detail.after, "audit_after"),
            ];
            for (ui, (title, text, salt)) in columns.iter_mut().zip(sides) {
                ui.strong(title);
                egui::ScrollArea::both()
                    .id_salt(salt)
                    .max_height(height)
                    .auto_shrink([false, false])
                    .show(ui, |ui| match text {
                        Some(text) => {
                            ui.add(
                                egui::Label::new(egui::RichText::new(text.as_str()).monospace())
                                    .selectable(true)
                                    .extend(),
                            );
                        }
                        None => {
                            ui.label(egui::RichText::new(t!("audit-nothing")).weak());
                        }
                    });
            }
        });
    }
}

/// Reads the rows `key` selects, the customer of each, and (when asked) the choices.
fn load_view(db: &Path, user: &str, key: ViewKey, need_choices: bool) -> ViewResult {
    let err = |e: crate::book::BookError| super::errors::book_error_text(&e);
    let book = Book::open(db, user).map_err(err)?;
    let entries = book.audit_log(&key.filter).map_err(err)?;
    let choices = if !need_choices {
        None
    } else if key.filter == AuditFilter::default() {
        Some(Choices::of(key.generation, &entries))
    } else {
        let all = book.audit_log(&AuditFilter::default()).map_err(err)?;
        Some(Choices::of(key.generation, &all))
    };
    let write_offs = write_off_customers(&book.write_offs(None).map_err(err)?);
    let lines = entries
        .iter()
        .map(|e| Line {
            summary: change_summary(e),
            customer: customer_of(e, &write_offs),
        })
        .collect();
    Ok((
        AuditView {
            key,
            entries: Arc::new(entries),
            lines,
        },
        choices,
    ))
}

/// An RFC 3339 UTC time as a person reads it: `2016-12-20 09:00:00`.
fn at_text(at: &str) -> String {
    at.replacen('T', " ", 1).trim_end_matches('Z').to_string()
}

/// An action for people, in the window's language; an unknown one as it is stored.
pub fn action_name(action: &str) -> String {
    match action {
        "import" => t!("audit-action-import"),
        "snapshot_replace" => t!("audit-action-snapshot-replace"),
        "policy_import" => t!("audit-action-policy-import"),
        "set_type" => t!("audit-action-set-type"),
        "set_currency" => t!("audit-action-set-currency"),
        "specific_set" => t!("audit-action-specific-set"),
        "specific_clear" => t!("audit-action-specific-clear"),
        "note_add" => t!("audit-action-note-add"),
        "approver_set" => t!("audit-action-approver-set"),
        "period_close" => t!("audit-action-period-close"),
        "period_reopen" => t!("audit-action-period-reopen"),
        "writeoff_propose" => t!("audit-action-writeoff-propose"),
        "writeoff_submit" => t!("audit-action-writeoff-submit"),
        "writeoff_approve" => t!("audit-action-writeoff-approve"),
        "writeoff_reject" => t!("audit-action-writeoff-reject"),
        "writeoff_post" => t!("audit-action-writeoff-post"),
        "recovery" => t!("audit-action-recovery"),
        "adjustment" => t!("audit-action-adjustment"),
        "restore" => t!("audit-action-restore"),
        other => other.to_string(),
    }
}

/// The kind of thing an audit row changed, for people.
fn entity_name(entity: &str) -> String {
    match entity {
        "snapshot" => t!("audit-entity-snapshot"),
        "customer" => t!("audit-entity-customer"),
        "write_off" => t!("audit-entity-write-off"),
        "policy" => t!("audit-entity-policy"),
        "period" => t!("audit-entity-period"),
        "approver" => t!("audit-entity-approver"),
        "book" => t!("audit-entity-book"),
        other => other.replace('_', " "),
    }
}

/// Why a chain row fails, for people.
fn chain_problem(problem: ChainProblem) -> String {
    match problem {
        ChainProblem::ContentChanged => t!("audit-problem-content-changed"),
        ChainProblem::Missing => t!("audit-problem-missing"),
        ChainProblem::PrevHashMismatch => t!("audit-problem-prev-hash"),
        ChainProblem::Unchained => t!("audit-problem-unchained"),
    }
}

/// Why a posted write-off disagrees with its audit rows, for people.
fn write_off_problem(problem: WriteOffProblem) -> String {
    match problem {
        WriteOffProblem::NoPostRow => t!("audit-wo-no-post-row"),
        WriteOffProblem::PostedTwice => t!("audit-wo-posted-twice"),
        WriteOffProblem::PostRowDisagrees => t!("audit-wo-post-row-disagrees"),
        WriteOffProblem::NoRecordOfDocuments => t!("audit-wo-no-record"),
        WriteOffProblem::DocumentsDiffer => t!("audit-wo-documents-differ"),
        WriteOffProblem::ApprovalNotAudited => t!("audit-wo-approval-not-audited"),
        WriteOffProblem::NotPosted => t!("audit-wo-not-posted"),
    }
}
