//! The policy screen (Ctrl+7): the provision matrix in force at the as-of date, the list
//! of its versions (earlier ones viewable, read-only), and the editor of a new version:
//! a grid of customer types by buckets with rates in percent, the bucket boundaries, the
//! aging basis and the effective date, with what the draft does to the allowance at the
//! latest snapshot, type by type, before it is saved.
//!
//! Nothing here touches SQLite from `ui()`. The matrix and the versions are read on a
//! [`Job`] with its own [`Book`], once per history generation and as-of date; the
//! preview assesses the latest snapshot under the draft on another job
//! ([`Book::assess_with_policy`], the path [`Book::assess`] takes), once per draft. A
//! save is a [`PolicyOp::Save`] the shell runs, which writes the version the way
//! `agebook policy import` does ([`Book::save_policy`]). The draft stays, with everything
//! typed, until the new version is seen in the book: a refused save loses nothing.
//!
//! Rates are read by [`parse_rate_input`] and buckets checked by [`BucketSet::parse`],
//! so the rules are the policy file's.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::app::{Action, BookOp, ScreenContext};
use super::widgets::{money_cell, number_cell};
use crate::book::{Book, BookError, BookHistory, POLICY_EDITOR_SOURCE, PolicyVersion};
use crate::domain::aging::{AgingBasis, BucketError, BucketSet, MAX_BUCKET_DAY};
use crate::domain::customer_type::CustomerType;
use crate::domain::date::parse_date;
use crate::domain::money::{Money, NegativeStyle, format_rate};
use crate::domain::policy::ProvisionMatrix;
use crate::jobs::Job;
use crate::report::labels;
use crate::report::policy::{
    AllowanceChange, PolicyTable, RateInputError, allowance_change, bucket_ends,
    bucket_labels_from_ends, parse_rate_input, policy_table, rate_input_text,
};

/// Height of one row of the grids.
const ROW_HEIGHT: f32 = 24.0;
/// Width of the pinned first column (the customer type).
const TYPE_WIDTH: f32 = 150.0;
/// Width of a bucket's column.
const BUCKET_WIDTH: f32 = 110.0;
/// Width of the text field of a rate or a bucket's last day.
const RATE_FIELD_WIDTH: f32 = 84.0;

/// What the matrix job was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ViewKey {
    generation: u64,
    as_of: Option<NaiveDate>,
}

/// What the matrix job read.
struct PolicyView {
    key: ViewKey,
    /// The matrix in force at the as-of date (the newest without one); `None` when no
    /// version is in force then.
    in_force: Option<ProvisionMatrix>,
    /// Every version, by effective date then order saved.
    versions: Vec<PolicyVersion>,
}

type ViewResult = Result<PolicyView, String>;

/// What the preview job was asked for: the draft (its effective date aside, which does
/// not change the figures) and the history it was computed against.
#[derive(Debug, Clone, PartialEq)]
struct PreviewKey {
    generation: u64,
    matrix: ProvisionMatrix,
}

type PreviewResult = Result<AllowanceChange, String>;

/// One row of the draft: a type (or `*`) and the text of each rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct DraftRow {
    customer_type: Option<CustomerType>,
    cells: Vec<String>,
}

/// A new version being edited: everything as typed. It is remembered between runs, so
/// a draft left open is still there when the window opens again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Draft {
    /// The effective date of the version it started from.
    from: NaiveDate,
    rows: Vec<DraftRow>,
    /// The day each bucket but the last ends on, as typed.
    ends: Vec<String>,
    basis: AgingBasis,
    effective: String,
    /// Something was changed since the draft started.
    touched: bool,
}

/// What is wrong with a draft, field by field, and the matrix when nothing is.
struct DraftCheck {
    /// Per bucket, its label for people (from the ends as far as they read).
    labels: Vec<String>,
    /// Per end field, why it is wrong.
    end_errors: Vec<Option<String>>,
    /// What the bucket rules say of the whole set, when it is not one field's fault.
    bucket_error: Option<String>,
    /// Per row and bucket, why the rate is wrong.
    cell_errors: Vec<Vec<Option<String>>>,
    /// The effective date, or why it is not one.
    effective: Result<NaiveDate, String>,
    /// Why the effective date may not be used (a closed period).
    closed: Option<String>,
    /// The draft as a matrix, when its buckets and rates are valid (effective date
    /// aside: it is the parsed one, or the version's it started from).
    matrix: Option<ProvisionMatrix>,
}

impl DraftCheck {
    /// Every problem, with where it is, in the grid's order.
    fn problems(&self, draft: &Draft) -> Vec<String> {
        let mut out = Vec::new();
        for (i, e) in self.end_errors.iter().enumerate() {
            if let Some(e) = e {
                let bucket = self.labels.get(i).cloned().unwrap_or_default();
                out.push(t!(
                    "policy-problem-end",
                    bucket = bucket,
                    error = e.as_str()
                ));
            }
        }
        if let Some(e) = &self.bucket_error {
            out.push(e.clone());
        }
        for (r, row) in self.cell_errors.iter().enumerate() {
            for (b, e) in row.iter().enumerate() {
                if let Some(e) = e {
                    let name = draft.rows.get(r).map_or_else(String::new, row_name);
                    let bucket = self.labels.get(b).cloned().unwrap_or_default();
                    out.push(t!(
                        "policy-problem-cell",
                        row = name,
                        bucket = bucket,
                        error = e.as_str()
                    ));
                }
            }
        }
        out
    }
}

/// A row's name for people: the type in the window's language, or "all other types".
fn row_name(row: &DraftRow) -> String {
    type_name(row.customer_type.as_ref())
}

fn type_name(t: Option<&CustomerType>) -> String {
    match t {
        Some(t) => labels::customer_type(t),
        None => t!("policy-all-others"),
    }
}

/// Why a rate typed in a cell is not one, in the window's language.
fn rate_error(e: &RateInputError) -> String {
    match e {
        RateInputError::Empty => t!("policy-rate-empty"),
        RateInputError::NotANumber(text) => t!("policy-rate-not-a-number", text = text.as_str()),
        RateInputError::OutOfRange(text) => t!("policy-rate-out-of-range", text = text.as_str()),
    }
}

impl Draft {
    /// A draft of a new version with `matrix`'s buckets, basis and rates, in force from
    /// `effective`.
    fn from_matrix(matrix: &ProvisionMatrix, effective: NaiveDate) -> Draft {
        let table = policy_table(matrix);
        Draft {
            from: matrix.effective,
            rows: table
                .rows
                .iter()
                .map(|r| DraftRow {
                    customer_type: r.customer_type.clone(),
                    cells: r.rates.iter().map(|rate| rate_input_text(*rate)).collect(),
                })
                .collect(),
            ends: bucket_ends(&matrix.buckets)
                .iter()
                .map(i64::to_string)
                .collect(),
            basis: matrix.basis,
            effective: effective.to_string(),
            touched: false,
        }
    }

    fn bucket_count(&self) -> usize {
        self.ends.len() + 1
    }

    /// The ends as numbers, where they read as whole days.
    fn parsed_ends(&self) -> Vec<Option<i64>> {
        self.ends
            .iter()
            .map(|e| e.trim().parse::<i64>().ok().filter(|d| *d >= 0))
            .collect()
    }

    /// Splits bucket `i` in two, the new one taking the same rates: a closed bucket at
    /// its middle day, the open-ended last one a step as long as the bucket before it
    /// further on.
    fn split(&mut self, i: usize) {
        let ends = self.parsed_ends();
        let start = match i {
            0 => Some(0),
            _ => ends.get(i - 1).copied().flatten().map(|e| e + 1),
        };
        let Some(start) = start else { return };
        let new_end = match ends.get(i) {
            Some(Some(end)) if *end > start => start + (end - start) / 2,
            Some(_) => return,
            None => {
                let before = i
                    .checked_sub(2)
                    .map_or(Some(-1), |p| ends.get(p).copied().flatten());
                let step = before.map_or(30, |b| (start - 1 - b).max(30));
                start - 1 + step
            }
        };
        if new_end > MAX_BUCKET_DAY {
            return;
        }
        self.ends.insert(i, new_end.to_string());
        for row in &mut self.rows {
            let copy = row.cells.get(i).cloned().unwrap_or_default();
            row.cells.insert(i, copy);
        }
        self.touched = true;
    }

    /// True when bucket `i` can be split (it spans more than one day and its start is
    /// known).
    fn can_split(&self, i: usize) -> bool {
        let mut copy = self.clone();
        copy.split(i);
        copy.ends.len() > self.ends.len()
    }

    /// Removes bucket `i` and its rates; the bucket after it takes over its days (or,
    /// for the last, the one before becomes open-ended), so the buckets stay
    /// contiguous. A policy keeps at least two buckets.
    fn remove(&mut self, i: usize) {
        let n = self.bucket_count();
        if n <= 2 || i >= n {
            return;
        }
        if i + 1 < n {
            self.ends.remove(i);
        } else {
            self.ends.pop();
        }
        for row in &mut self.rows {
            if i < row.cells.len() {
                row.cells.remove(i);
            }
        }
        self.touched = true;
    }

    /// Checks every field against the policy file's rules and the book's closes.
    fn check(&self, history: &BookHistory) -> DraftCheck {
        let n = self.bucket_count();
        let ends = self.parsed_ends();
        let mut end_errors: Vec<Option<String>> = self
            .ends
            .iter()
            .zip(&ends)
            .map(|(text, parsed)| match parsed {
                Some(_) => None,
                None => Some(t!("policy-end-not-a-day", text = text.trim())),
            })
            .collect();
        let mut labels = Vec::with_capacity(n);
        for i in 0..n {
            let start = match i {
                0 => Some(0),
                _ => ends[i - 1].map(|e| e.saturating_add(1)),
            };
            let end = ends.get(i).copied();
            let text = |d: Option<i64>| d.map_or_else(|| "?".to_string(), |d| d.to_string());
            labels.push(match end {
                Some(Some(0)) if i == 0 => labels::bucket("current"),
                Some(end) => format!("{}–{}", text(start), text(end)),
                None => format!("{}+", text(start)),
            });
        }
        let mut bucket_error = None;
        let mut buckets = None;
        if let Some(ends) = ends.iter().copied().collect::<Option<Vec<i64>>>() {
            let stored = bucket_labels_from_ends(&ends);
            match BucketSet::parse(&stored) {
                Ok(set) => buckets = Some(set),
                Err(e) => {
                    let at = |label: &str| stored.iter().position(|l| l == label);
                    match &e {
                        BucketError::BadLabel(label) => match at(label) {
                            Some(i) if i < end_errors.len() => {
                                end_errors[i] = Some(t!(
                                    "policy-end-before-start",
                                    start = labels_start(&ends, i)
                                ));
                            }
                            _ => bucket_error = Some(bucket_rule(&e)),
                        },
                        BucketError::TooManyDays(label) => {
                            let i = at(label)
                                .unwrap_or(0)
                                .min(end_errors.len().saturating_sub(1));
                            match end_errors.get_mut(i) {
                                Some(slot) => {
                                    *slot = Some(t!("policy-end-too-far", max = MAX_BUCKET_DAY))
                                }
                                None => bucket_error = Some(bucket_rule(&e)),
                            }
                        }
                        _ => bucket_error = Some(bucket_rule(&e)),
                    }
                }
            }
        }
        let mut rows_ok = true;
        let mut rates: Vec<Vec<Decimal>> = Vec::with_capacity(self.rows.len());
        let cell_errors = self
            .rows
            .iter()
            .map(|row| {
                let mut parsed = Vec::with_capacity(n);
                let errors = row
                    .cells
                    .iter()
                    .map(|cell| match parse_rate_input(cell) {
                        Ok(rate) => {
                            parsed.push(rate);
                            None
                        }
                        Err(e) => {
                            rows_ok = false;
                            Some(rate_error(&e))
                        }
                    })
                    .collect();
                rates.push(parsed);
                errors
            })
            .collect();
        let effective = parse_date(&self.effective)
            .map_err(|_| t!("policy-effective-invalid", text = self.effective.trim()));
        let closed = effective.as_ref().ok().and_then(|&d| {
            let through = history.closing(d)?;
            Some(t!(
                "policy-effective-closed",
                effective = d,
                through = through
            ))
        });
        let matrix = match buckets {
            Some(buckets) if rows_ok && end_errors.iter().all(Option::is_none) => {
                let mut matrix = ProvisionMatrix {
                    effective: effective.clone().unwrap_or(self.from),
                    basis: self.basis,
                    buckets,
                    rates: Default::default(),
                    fallback: None,
                };
                for (row, rates) in self.rows.iter().zip(rates) {
                    match &row.customer_type {
                        Some(t) => {
                            matrix.rates.insert(t.clone(), rates);
                        }
                        None => matrix.fallback = Some(rates),
                    }
                }
                Some(matrix)
            }
            _ => None,
        };
        DraftCheck {
            labels,
            end_errors,
            bucket_error,
            cell_errors,
            effective,
            closed,
            matrix,
        }
    }
}

/// The first day of bucket `i` of buckets ending on `ends`.
fn labels_start(ends: &[i64], i: usize) -> i64 {
    match i {
        0 => 0,
        _ => ends.get(i - 1).map_or(0, |e| e.saturating_add(1)),
    }
}

/// A bucket rule broken by the whole set, in the window's language.
fn bucket_rule(e: &BucketError) -> String {
    match e {
        BucketError::TooFew => t!("policy-buckets-too-few"),
        other => t!("policy-buckets-invalid", error = other.to_string()),
    }
}

/// A save sent to the shell, waiting to be seen in the book.
#[derive(Debug, Clone)]
struct PendingSave {
    /// The history generation when it was sent.
    generation: u64,
    /// The largest version id known then: the new version's is larger.
    max_id: i64,
    /// What was sent.
    matrix: ProvisionMatrix,
    /// False in the frame it was sent (the shell starts the job after the screens draw).
    armed: bool,
}

/// The screen's state.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PolicyScreen {
    /// An earlier version shown read-only (its id), instead of the one in force.
    #[serde(skip)]
    viewing: Option<i64>,
    #[serde(skip)]
    view: Option<PolicyView>,
    #[serde(skip)]
    view_job: Option<(ViewKey, Job<ViewResult>)>,
    #[serde(skip)]
    view_error: Option<(ViewKey, String)>,
    /// The draft being edited, as typed (kept between runs).
    draft: Option<Draft>,
    #[serde(skip)]
    preview: Option<(PreviewKey, PreviewResult)>,
    #[serde(skip)]
    preview_job: Option<(PreviewKey, Job<PreviewResult>)>,
    #[serde(skip)]
    pending: Option<PendingSave>,
    /// What the last save came to, shown over the matrix (saved, or refused).
    #[serde(skip)]
    notice: Option<(bool, String)>,
}

impl PolicyScreen {
    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>) {
        self.poll_jobs();
        let Some(history) = cx.history.cloned() else {
            ui.vertical_centered(|ui| {
                ui.add_space(80.0);
                ui.spinner();
                ui.label(t!("policy-opening"));
            });
            return;
        };
        let key = ViewKey {
            generation: cx.generation,
            as_of: cx.as_of(),
        };
        self.start_view(ui.ctx(), cx, key);
        self.settle_pending(cx);
        egui::ScrollArea::vertical()
            .id_salt("policy_screen")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if self.draft.is_some() {
                    self.draft_ui(ui, cx, &history);
                } else {
                    self.matrix_ui(ui, &history, key);
                }
            });
        if let Some(p) = &mut self.pending {
            p.armed = true;
        }
    }

    /// True while a draft holds changes that are not saved.
    pub fn has_unsaved_input(&self) -> bool {
        self.draft.as_ref().is_some_and(|d| d.touched) || self.pending.is_some()
    }

    /// True while a draft is open.
    pub fn is_editing(&self) -> bool {
        self.draft.is_some()
    }

    fn poll_jobs(&mut self) {
        if let Some((_, job)) = &mut self.view_job
            && let Some(end) = job.poll().ended()
            && let Some((key, _)) = self.view_job.take()
        {
            match end.and_then(|r| r) {
                Ok(view) => {
                    self.view = Some(view);
                    self.view_error = None;
                }
                Err(e) => self.view_error = Some((key, e)),
            }
        }
        if let Some((_, job)) = &mut self.preview_job
            && let Some(end) = job.poll().ended()
            && let Some((key, _)) = self.preview_job.take()
        {
            self.preview = Some((key, end.and_then(|r| r)));
        }
    }

    fn start_view(&mut self, ctx: &egui::Context, cx: &ScreenContext<'_>, key: ViewKey) {
        let have = self.view.as_ref().is_some_and(|v| v.key == key);
        let running = self.view_job.as_ref().is_some_and(|(k, _)| *k == key);
        let failed = self.view_error.as_ref().is_some_and(|(k, _)| *k == key);
        if have || running || failed {
            return;
        }
        let (db, user) = (cx.db.to_path_buf(), cx.user.to_string());
        let repaint = ctx.clone();
        let job = Job::spawn(
            "policy versions",
            move || repaint.request_repaint(),
            move |_| -> ViewResult {
                let book =
                    Book::open(&db, &user).map_err(|e| super::errors::book_error_text(&e))?;
                let in_force = match book.policy(key.as_of) {
                    Ok(m) => Some(m),
                    Err(BookError::NoPolicy(_)) => None,
                    Err(e) => return Err(super::errors::book_error_text(&e)),
                };
                let versions = book
                    .policy_versions()
                    .map_err(|e| super::errors::book_error_text(&e))?;
                Ok(PolicyView {
                    key,
                    in_force,
                    versions,
                })
            },
        );
        self.view_job = Some((key, job));
    }

    /// Starts the preview of `matrix` unless it is shown or on its way; one job at a
    /// time, the latest draft next.
    fn start_preview(
        &mut self,
        ctx: &egui::Context,
        cx: &ScreenContext<'_>,
        latest: NaiveDate,
        matrix: &ProvisionMatrix,
    ) {
        let mut matrix = matrix.clone();
        matrix.effective = latest;
        let key = PreviewKey {
            generation: cx.generation,
            matrix,
        };
        let have = self.preview.as_ref().is_some_and(|(k, _)| *k == key);
        if have || self.preview_job.is_some() {
            return;
        }
        let (db, user) = (cx.db.to_path_buf(), cx.user.to_string());
        let repaint = ctx.clone();
        let draft = key.matrix.clone();
        let job = Job::spawn(
            "policy preview",
            move || repaint.request_repaint(),
            move |_| -> PreviewResult {
                let book =
                    Book::open(&db, &user).map_err(|e| super::errors::book_error_text(&e))?;
                let current = book
                    .assess(latest)
                    .map_err(|e| super::errors::book_error_text(&e))?;
                let under_draft = book
                    .assess_with_policy(latest, &draft)
                    .map_err(|e| super::errors::book_error_text(&e))?;
                Ok(allowance_change(&current, &under_draft))
            },
        );
        self.preview_job = Some((key, job));
    }

    /// A save sent earlier has come to an end once the shell is idle again: saved when
    /// the book holds the new version, refused otherwise (the draft stays as typed).
    fn settle_pending(&mut self, cx: &ScreenContext<'_>) {
        let Some(p) = &self.pending else { return };
        if !p.armed || cx.busy {
            return;
        }
        let saved = if cx.generation == p.generation {
            Some(false)
        } else {
            match &self.view {
                Some(v) if v.key.generation == cx.generation => Some(
                    v.versions
                        .iter()
                        .any(|version| version.id > p.max_id && version.matrix == p.matrix),
                ),
                // The versions of the new history are still being read.
                _ => None,
            }
        };
        match saved {
            Some(true) => {
                self.notice = Some((
                    true,
                    t!("policy-saved-notice", effective = p.matrix.effective),
                ));
                self.pending = None;
                self.draft = None;
                self.viewing = None;
            }
            Some(false) => {
                self.notice = Some((false, t!("policy-save-refused-notice")));
                self.pending = None;
            }
            None => {}
        }
    }

    /// The matrix in force (or an earlier version) and the list of versions.
    fn matrix_ui(&mut self, ui: &mut egui::Ui, history: &BookHistory, key: ViewKey) {
        let view = self.view.as_ref().filter(|v| v.key == key);
        let Some(view) = view else {
            if let Some((_, e)) = self.view_error.as_ref().filter(|(k, _)| *k == key) {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    t!("policy-read-failed", error = e.as_str()),
                );
            } else {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(t!("policy-reading"));
                });
            }
            return;
        };
        let viewed = self
            .viewing
            .and_then(|id| view.versions.iter().find(|v| v.id == id));
        let shown = viewed.map(|v| &v.matrix).or(view.in_force.as_ref());
        let mut edit = None;
        ui.horizontal(|ui| {
            ui.heading(t!("policy-title"));
            ui.add_space(12.0);
            if let Some(m) = shown {
                let hover = t!("policy-edit-hover", effective = m.effective);
                if ui.button(t!("policy-edit")).on_hover_text(hover).clicked() {
                    edit = Some(m.clone());
                }
            }
            if viewed.is_some() && ui.button(t!("policy-back-to-in-force")).clicked() {
                self.viewing = None;
            }
        });
        if let Some((ok, notice)) = &self.notice {
            let colour = if *ok {
                ui.visuals().text_color()
            } else {
                ui.visuals().warn_fg_color
            };
            ui.colored_label(colour, notice);
        }
        match (viewed, shown) {
            (Some(v), _) => {
                ui.label(
                    egui::RichText::new(t!(
                        "policy-viewing-earlier",
                        effective = v.matrix.effective,
                        basis = basis_name(v.matrix.basis),
                        by = v.created_by.as_str(),
                        at = saved_at(&v.created_at)
                    ))
                    .strong(),
                );
            }
            (None, Some(m)) => {
                let text = match key.as_of {
                    Some(as_of) => t!(
                        "policy-in-force-at",
                        as_of = as_of,
                        effective = m.effective,
                        basis = basis_name(m.basis)
                    ),
                    None => t!(
                        "policy-newest",
                        effective = m.effective,
                        basis = basis_name(m.basis)
                    ),
                };
                ui.label(egui::RichText::new(text).strong());
            }
            (None, None) => {
                ui.label(t!("policy-none-in-force"));
            }
        }
        ui.add_space(6.0);
        if let Some(m) = shown {
            matrix_table_ui(ui, &policy_table(m));
        }
        ui.add_space(12.0);
        ui.separator();
        let in_force_id = key.as_of.map_or_else(
            || view.versions.last().map(|v| v.id),
            |d| {
                view.versions
                    .iter()
                    .rev()
                    .find(|v| v.matrix.effective <= d)
                    .map(|v| v.id)
            },
        );
        if let Some(id) = versions_ui(ui, &view.versions, in_force_id, self.viewing) {
            self.viewing = if Some(id) == in_force_id {
                None
            } else {
                Some(id)
            };
        }
        if let Some(m) = edit {
            let effective = default_effective(history, key.as_of);
            self.draft = Some(Draft::from_matrix(&m, effective));
            self.notice = None;
            self.preview = None;
        }
    }

    /// The draft: its date and basis, the grid, the problems, the preview, Save.
    fn draft_ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>, history: &BookHistory) {
        // Held outside the screen while drawn, so the preview can start beside it.
        let Some(mut held) = self.draft.take() else {
            return;
        };
        let keep = self.draft_form_ui(ui, cx, history, &mut held);
        if keep {
            self.draft = Some(held);
        }
    }

    /// Draws the draft; false when it was discarded.
    fn draft_form_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &mut ScreenContext<'_>,
        history: &BookHistory,
        draft: &mut Draft,
    ) -> bool {
        let pending = self.pending.is_some();
        let mut discard = false;
        ui.horizontal(|ui| {
            ui.heading(t!("policy-draft-title"));
            ui.add_space(12.0);
            ui.label(egui::RichText::new(t!("policy-draft-from", effective = draft.from)).weak());
        });
        if let Some((false, notice)) = &self.notice {
            ui.colored_label(ui.visuals().warn_fg_color, notice);
        }
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let label = ui.label(t!("policy-effective-from"));
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut draft.effective)
                        .hint_text("YYYY-MM-DD")
                        .desired_width(100.0),
                )
                .labelled_by(label.id);
            if field.changed() {
                draft.touched = true;
            }
            ui.add_space(16.0);
            ui.label(t!("policy-basis"));
            for (basis, name) in [
                (AgingBasis::DueDate, t!("policy-basis-due-date")),
                (AgingBasis::DocumentDate, t!("policy-basis-document-date")),
            ] {
                if ui.radio_value(&mut draft.basis, basis, name).changed() {
                    draft.touched = true;
                }
            }
        });
        let check = draft.check(history);
        if let Err(e) = &check.effective {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        if let Some(reason) = &check.closed {
            ui.colored_label(ui.visuals().error_fg_color, reason);
        }
        ui.add_space(6.0);
        draft_grid_ui(ui, draft, &check);
        let problems = check.problems(draft);
        for p in &problems {
            ui.colored_label(ui.visuals().error_fg_color, p);
        }
        ui.add_space(8.0);
        ui.separator();

        // What the draft does at the latest snapshot.
        let latest = history.snapshots.last().map(|s| s.as_of);
        let mut preview_ready = false;
        match (latest, &check.matrix) {
            (None, _) => {
                ui.label(t!("policy-preview-no-snapshot"));
                preview_ready = true;
            }
            (Some(_), None) => {
                ui.label(
                    egui::RichText::new(t!("policy-preview-needs-valid-draft"))
                        .color(ui.visuals().warn_fg_color),
                );
            }
            (Some(latest), Some(matrix)) => {
                let matrix = matrix.clone();
                self.start_preview(ui.ctx(), cx, latest, &matrix);
                let mut key_matrix = matrix.clone();
                key_matrix.effective = latest;
                let shown = self
                    .preview
                    .as_ref()
                    .filter(|(k, _)| k.generation == cx.generation && k.matrix == key_matrix);
                ui.label(egui::RichText::new(t!("policy-preview-title", as_of = latest)).strong());
                if let Ok(effective) = &check.effective
                    && *effective > latest
                {
                    ui.label(
                        egui::RichText::new(t!(
                            "policy-preview-after-latest",
                            effective = *effective,
                            as_of = latest
                        ))
                        .weak(),
                    );
                }
                match shown {
                    Some((_, Ok(change))) => {
                        preview_ui(ui, change, cx.style);
                        preview_ready = true;
                    }
                    Some((_, Err(e))) => {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            t!("policy-preview-failed", error = e.as_str()),
                        );
                    }
                    None => {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label(t!("policy-preview-working"));
                        });
                    }
                }
            }
        }
        ui.add_space(8.0);

        // Save, or why not.
        let why_not = if pending {
            Some(t!("policy-saving"))
        } else if let Some(reason) = &check.closed {
            Some(reason.clone())
        } else if let Err(e) = &check.effective {
            Some(e.clone())
        } else if check.matrix.is_none() {
            Some(t!("policy-save-fix-first", n = problems.len().max(1)))
        } else if !preview_ready {
            Some(t!("policy-save-wait-preview"))
        } else {
            None
        };
        let mut save = None;
        ui.horizontal(|ui| {
            let button = ui.add_enabled(why_not.is_none(), egui::Button::new(t!("policy-save")));
            let button = match &why_not {
                Some(reason) => button.on_disabled_hover_text(reason.as_str()),
                None => button.on_hover_text(t!("policy-save-hover")),
            };
            if button.clicked()
                && let (Some(mut matrix), Ok(effective)) = (check.matrix.clone(), &check.effective)
            {
                matrix.effective = *effective;
                save = Some(matrix);
            }
            if ui
                .add_enabled(!pending, egui::Button::new(t!("policy-discard")))
                .on_hover_text(t!("policy-discard-hover"))
                .clicked()
            {
                discard = true;
            }
            if pending {
                ui.spinner();
            }
        });
        if let Some(reason) = &why_not
            && !pending
        {
            ui.label(egui::RichText::new(reason).color(ui.visuals().warn_fg_color));
        }
        if let Some(matrix) = save {
            let max_id = self
                .view
                .as_ref()
                .and_then(|v| v.versions.iter().map(|v| v.id).max())
                .unwrap_or(0);
            self.pending = Some(PendingSave {
                generation: cx.generation,
                max_id,
                matrix: matrix.clone(),
                armed: false,
            });
            self.notice = None;
            let effective = matrix.effective;
            cx.actions.push(Action::Run(BookOp::Policy(PolicyOp::Save {
                matrix,
                effective,
            })));
        }
        if discard {
            self.notice = None;
        }
        !discard
    }
}

/// The effective date a new draft starts with: the first day of the as-of date's month,
/// or the day after the close when that is later.
fn default_effective(history: &BookHistory, as_of: Option<NaiveDate>) -> NaiveDate {
    let base = as_of
        .or_else(|| history.snapshots.last().map(|s| s.as_of))
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let first = base.with_day(1).unwrap_or(base);
    match history.closed_through.and_then(|c| c.succ_opt()) {
        Some(open) if open > first => open,
        _ => first,
    }
}

/// An aging basis for people.
fn basis_name(basis: AgingBasis) -> String {
    match basis {
        AgingBasis::DueDate => t!("policy-basis-due-date"),
        AgingBasis::DocumentDate => t!("policy-basis-document-date"),
    }
}

/// When a version was saved, for people: `2026-12-02 03:48 UTC`.
fn saved_at(created_at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(created_at).map_or_else(
        |_| created_at.to_string(),
        |d| d.format("%Y-%m-%d %H:%M UTC").to_string(),
    )
}

/// Where a version came from, for people.
fn source_name(source: &str) -> String {
    match source {
        "default" => t!("policy-source-default"),
        POLICY_EDITOR_SOURCE => t!("policy-source-editor"),
        file => file.to_string(),
    }
}

/// A cell of a fixed size, its contents aligned left or right and centred vertically.
fn cell_ui<R>(
    ui: &mut egui::Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
    width: f32,
    align_right: bool,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, ROW_HEIGHT), egui::Sense::hover());
    let layout = if align_right {
        egui::Layout::right_to_left(egui::Align::Center)
    } else {
        egui::Layout::left_to_right(egui::Align::Center)
    };
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .id_salt(id)
            .max_rect(rect)
            .layout(layout),
    );
    add(&mut child)
}

/// Rows of cells with the first column pinned: `first(ui, row)` draws the first
/// column's cell of each row, `rest(ui, row)` the others (in a sideways scroll area when
/// they are wider than the window).
fn pinned_rows_ui(
    ui: &mut egui::Ui,
    id: &str,
    rows: usize,
    mut first: impl FnMut(&mut egui::Ui, usize),
    mut rest: impl FnMut(&mut egui::Ui, usize),
) {
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            for r in 0..rows {
                first(ui, r);
            }
        });
        egui::ScrollArea::horizontal()
            .id_salt(id)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                ui.vertical(|ui| {
                    for r in 0..rows {
                        ui.horizontal(|ui| rest(ui, r));
                    }
                });
            });
    });
}

/// The matrix, read-only: types down, buckets across, rates right-aligned.
fn matrix_table_ui(ui: &mut egui::Ui, table: &PolicyTable) {
    let strong = |t: String| egui::RichText::new(t).strong();
    pinned_rows_ui(
        ui,
        "policy_matrix",
        table.rows.len() + 1,
        |ui, r| {
            cell_ui(ui, ("policy_matrix_type", r), TYPE_WIDTH, false, |ui| {
                if r == 0 {
                    ui.label(strong(t!("policy-type")));
                } else if let Some(row) = table.rows.get(r - 1) {
                    ui.label(type_name(row.customer_type.as_ref()));
                }
            });
        },
        |ui, r| {
            for (b, label) in table.buckets.iter().enumerate() {
                cell_ui(ui, ("policy_matrix_cell", r, b), BUCKET_WIDTH, true, |ui| {
                    if r == 0 {
                        ui.label(strong(labels::bucket(label)));
                    } else if let Some(rate) =
                        table.rows.get(r - 1).and_then(|row| row.rates.get(b))
                    {
                        ui.label(egui::RichText::new(format_rate(*rate)).monospace());
                    }
                });
            }
        },
    );
}

/// The editing grid: bucket labels, the day each ends on, split and remove, then a
/// text field per type and bucket.
fn draft_grid_ui(ui: &mut egui::Ui, draft: &mut Draft, check: &DraftCheck) {
    const HEADER_ROWS: usize = 4;
    let n = draft.bucket_count();
    let rows = draft.rows.len();
    let error_colour = ui.visuals().error_fg_color;
    let names: Vec<String> = draft.rows.iter().map(row_name).collect();
    let can_split: Vec<bool> = (0..n).map(|i| draft.can_split(i)).collect();
    let mut split = None;
    let mut remove = None;
    let mut touched = false;
    // The width the `%` after a rate takes, so the day fields line up with the rates.
    let unit_width = ui
        .painter()
        .layout_no_wrap(
            "%".to_string(),
            egui::TextStyle::Body.resolve(ui.style()),
            egui::Color32::WHITE,
        )
        .size()
        .x
        + ui.spacing().item_spacing.x;
    pinned_rows_ui(
        ui,
        "policy_draft",
        rows + HEADER_ROWS,
        |ui, r| {
            cell_ui(
                ui,
                ("policy_draft_type", r),
                TYPE_WIDTH,
                false,
                |ui| match r {
                    0 => {
                        ui.label(egui::RichText::new(t!("policy-type")).strong());
                    }
                    1 => {
                        ui.label(t!("policy-ends-at-day"));
                    }
                    2 | 3 => {}
                    _ => {
                        ui.label(names.get(r - HEADER_ROWS).cloned().unwrap_or_default());
                    }
                },
            );
        },
        |ui, r| {
            for b in 0..n {
                let label = check.labels.get(b).cloned().unwrap_or_default();
                cell_ui(
                    ui,
                    ("policy_draft_cell", r, b),
                    BUCKET_WIDTH,
                    true,
                    |ui| match r {
                        0 => {
                            ui.label(egui::RichText::new(label.as_str()).strong());
                        }
                        1 => match draft.ends.get_mut(b) {
                            Some(end) => {
                                let bad = check.end_errors.get(b).is_some_and(Option::is_some);
                                // As wide as a rate's field, right edges in line.
                                ui.add_space(unit_width);
                                let mut edit = egui::TextEdit::singleline(end)
                                    .id_salt(("policy_end", b))
                                    .align(egui::Align2::RIGHT_CENTER)
                                    .desired_width(RATE_FIELD_WIDTH);
                                if bad {
                                    edit = edit.text_color(error_colour);
                                }
                                let response = ui
                                    .add(edit)
                                    .on_hover_text(t!("policy-end-hover", bucket = label.as_str()));
                                touched |= response.changed();
                            }
                            None => {
                                ui.label(egui::RichText::new(t!("policy-open-ended")).weak());
                            }
                        },
                        3 => {
                            let removed = ui
                                .add_enabled(n > 2, egui::Button::new(t!("policy-remove")).small())
                                .on_hover_text(t!("policy-remove-hover", bucket = label.as_str()))
                                .on_disabled_hover_text(t!("policy-remove-last-two"))
                                .clicked();
                            if removed {
                                remove = Some(b);
                            }
                        }
                        2 => {
                            // A bucket of one day (Current) cannot be split: no button.
                            if can_split.get(b).copied().unwrap_or(false)
                                && ui
                                    .add(egui::Button::new(t!("policy-split")).small())
                                    .on_hover_text(t!(
                                        "policy-split-hover",
                                        bucket = label.as_str()
                                    ))
                                    .clicked()
                            {
                                split = Some(b);
                            }
                        }
                        _ => {
                            let row = r - HEADER_ROWS;
                            let name = names.get(row).cloned().unwrap_or_default();
                            let bad = check
                                .cell_errors
                                .get(row)
                                .and_then(|e| e.get(b))
                                .is_some_and(Option::is_some);
                            if let Some(text) =
                                draft.rows.get_mut(row).and_then(|r| r.cells.get_mut(b))
                            {
                                let mut edit = egui::TextEdit::singleline(text)
                                    .id_salt(("policy_rate", row, b))
                                    .align(egui::Align2::RIGHT_CENTER)
                                    .desired_width(RATE_FIELD_WIDTH);
                                if bad {
                                    edit = edit.text_color(error_colour);
                                }
                                ui.label("%");
                                let response = ui.add(edit).on_hover_text(t!(
                                    "policy-cell-hover",
                                    row = name,
                                    bucket = label.as_str()
                                ));
                                touched |= response.changed();
                            }
                        }
                    },
                );
            }
        },
    );
    if let Some(b) = split {
        draft.split(b);
    } else if let Some(b) = remove {
        draft.remove(b);
    }
    if touched {
        draft.touched = true;
    }
}

/// What the draft does to the allowance, by type: current, new, difference.
fn preview_ui(ui: &mut egui::Ui, change: &AllowanceChange, style: NegativeStyle) {
    const TYPE: f32 = 160.0;
    const COUNT: f32 = 90.0;
    const AMOUNT: f32 = 170.0;
    let strong = |t: String| egui::RichText::new(t).strong();
    let header = [
        t!("policy-preview-customers"),
        t!("policy-preview-current"),
        t!("policy-preview-new"),
        t!("policy-preview-difference"),
    ];
    ui.horizontal(|ui| {
        cell_ui(ui, "policy_preview_h0", TYPE, false, |ui| {
            ui.label(strong(t!("policy-type")));
        });
        for (i, h) in header.into_iter().enumerate() {
            let width = if i == 0 { COUNT } else { AMOUNT };
            cell_ui(ui, ("policy_preview_h", i), width, true, |ui| {
                ui.label(strong(h));
            });
        }
    });
    let row_ui = |ui: &mut egui::Ui,
                  id: usize,
                  name: String,
                  customers: usize,
                  amounts: [Money; 3],
                  bold: bool| {
        ui.horizontal(|ui| {
            cell_ui(ui, ("policy_preview_type", id), TYPE, false, |ui| {
                if bold {
                    ui.label(strong(name));
                } else {
                    ui.label(name);
                }
            });
            cell_ui(ui, ("policy_preview_count", id), COUNT, true, |ui| {
                number_cell(ui, customers.to_string());
            });
            for (i, amount) in amounts.into_iter().enumerate() {
                cell_ui(ui, ("policy_preview_amount", id, i), AMOUNT, true, |ui| {
                    money_cell(ui, amount, style);
                });
            }
        });
    };
    for (i, row) in change.rows.iter().enumerate() {
        row_ui(
            ui,
            i,
            labels::customer_type(&row.customer_type),
            row.customers,
            [row.current, row.draft, row.difference()],
            false,
        );
    }
    ui.separator();
    row_ui(
        ui,
        usize::MAX,
        t!("policy-preview-total"),
        change.rows.iter().map(|r| r.customers).sum(),
        [
            change.current_total,
            change.draft_total,
            change.difference(),
        ],
        true,
    );
}

/// The versions, newest effective date last as stored; returns the one clicked.
fn versions_ui(
    ui: &mut egui::Ui,
    versions: &[PolicyVersion],
    in_force: Option<i64>,
    viewing: Option<i64>,
) -> Option<i64> {
    const WIDTHS: [f32; 7] = [110.0, 120.0, 70.0, 110.0, 160.0, 190.0, 170.0];
    ui.label(egui::RichText::new(t!("policy-versions-title", n = versions.len())).strong());
    let header = [
        t!("policy-versions-effective"),
        t!("policy-versions-basis"),
        t!("policy-versions-buckets"),
        t!("policy-versions-by"),
        t!("policy-versions-at"),
        t!("policy-versions-source"),
        String::new(),
    ];
    ui.horizontal(|ui| {
        for (i, (h, w)) in header.into_iter().zip(WIDTHS).enumerate() {
            cell_ui(ui, ("policy_versions_h", i), w, i == 2, |ui| {
                ui.label(egui::RichText::new(h).strong());
            });
        }
    });
    let mut clicked = None;
    for v in versions.iter().rev() {
        ui.horizontal(|ui| {
            let cells = [
                v.matrix.effective.to_string(),
                basis_name(v.matrix.basis),
                v.matrix.buckets.len().to_string(),
                v.created_by.clone(),
                saved_at(&v.created_at),
                source_name(&v.source),
            ];
            for (i, (text, w)) in cells.into_iter().zip(WIDTHS).enumerate() {
                cell_ui(ui, ("policy_versions", v.id, i), w, i == 2, |ui| {
                    ui.add(egui::Label::new(text).truncate());
                });
            }
            cell_ui(ui, ("policy_versions_do", v.id), WIDTHS[6], false, |ui| {
                let shown = viewing.map_or(in_force == Some(v.id), |id| id == v.id);
                if in_force == Some(v.id) {
                    ui.label(egui::RichText::new(t!("policy-versions-in-force")).strong());
                }
                if !shown
                    && ui
                        .small_button(t!("policy-versions-view"))
                        .on_hover_text(t!(
                            "policy-versions-view-hover",
                            effective = v.matrix.effective
                        ))
                        .clicked()
                {
                    clicked = Some(v.id);
                }
            });
        });
    }
    clicked
}

/// A change to the policy, run on a worker by the shell.
#[derive(Debug, Clone)]
pub enum PolicyOp {
    /// Save a new version of the matrix, in force from `effective`.
    Save {
        /// The matrix (its own effective date is replaced by `effective`).
        matrix: ProvisionMatrix,
        /// The first as-of date it applies to.
        effective: NaiveDate,
    },
}

impl PolicyOp {
    /// What the status bar says once done.
    pub fn describe(&self) -> String {
        match self {
            PolicyOp::Save { effective, .. } => t!("policy-op-saved", effective = *effective),
        }
    }

    /// What it says when the change failed.
    pub fn failure(&self) -> String {
        match self {
            PolicyOp::Save { effective, .. } => {
                t!("policy-op-save-failed", effective = *effective)
            }
        }
    }

    /// Makes the change.
    pub fn apply(self, book: &mut crate::book::Book) -> Result<(), crate::book::BookError> {
        match self {
            PolicyOp::Save { matrix, effective } => {
                book.save_policy(&matrix, effective)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        let m = ProvisionMatrix::default_matrix(NaiveDate::from_ymd_opt(2016, 1, 1).unwrap());
        Draft::from_matrix(&m, NaiveDate::from_ymd_opt(2017, 1, 1).unwrap())
    }

    fn labels_of(d: &Draft) -> Vec<String> {
        let ends: Vec<i64> = d.parsed_ends().into_iter().map(Option::unwrap).collect();
        bucket_labels_from_ends(&ends)
    }

    #[test]
    fn splitting_and_removing_buckets_keeps_them_contiguous() {
        let mut d = draft();
        d.split(8);
        assert_eq!(labels_of(&d)[8..], ["1096-1460", "1461+"]);
        d.split(1);
        assert_eq!(labels_of(&d)[1..3], ["1-15", "16-30"]);
        assert!(d.rows.iter().all(|r| r.cells.len() == d.bucket_count()));
        d.remove(0);
        assert_eq!(labels_of(&d)[0], "0-15");
        d.remove(d.bucket_count() - 1);
        assert_eq!(labels_of(&d).last().map(String::as_str), Some("1096+"));
        assert!(BucketSet::parse(&labels_of(&d)).is_ok());
        assert!(!d.can_split(usize::MAX));
    }
}
