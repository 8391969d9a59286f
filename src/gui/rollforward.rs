//! The roll-forward screen (Ctrl+5): the allowance's movement over a range, by line, type
//! and customer, a waterfall from opening to closing, exports, and closing or reopening
//! the period.
//!
//! Layout (fits 1280×800): the range (anchored on the shell's as-of date: month, quarter,
//! year to date, year, or any two snapshots) and the period's close over the lines table
//! (lines as rows; the total and each customer type as columns, the line names pinned
//! while the amounts scroll sideways); under it, the customers behind the chosen line on
//! the left and the waterfall on the right.
//!
//! The figures are the command line's: each range is computed on a [`Job`] with the same
//! call `agebook rollforward` makes ([`Book::rollforward_of`] on the book's history), and
//! kept per (history generation, from, to). Exports build the same sheets as
//! `agebook export rollforward` ([`rollforward_sheet`], [`schedule_ii_sheet`] over
//! [`schedule_ii_ranges`]) and write them on a worker. Closing and reopening go to the
//! shell as [`PeriodOp`]s.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{Datelike, Months, NaiveDate};
use egui_extras::{Column, Size, StripBuilder, TableBuilder};
use egui_plot::{Bar, BarChart, Plot, PlotPoint, Text};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::app::{Action, BookOp, Screen, ScreenContext};
use super::file_dialog::{Ask, FileDialog};
use super::periods::{PeriodOp, closed_after_reopen};
use super::widgets::{integer_marks, money_cell, money_label, number_cell, percent, plot_value};
use crate::book::{Book, BookHistory};
use crate::domain::customer_type::CustomerType;
use crate::domain::money::{Money, NegativeStyle};
use crate::domain::rollforward::RollForwardLine;
use crate::jobs::Job;
use crate::report::export::{Sheet, rollforward_sheet, schedule_ii_sheet};
use crate::report::rollforward::{LineOf, RollForward, RollGroup, schedule_ii_ranges};

/// Height of a table row.
const ROW_HEIGHT: f32 = 22.0;
/// Width of the pinned column of line names.
const LINE_COLUMN: f32 = 150.0;
/// The narrowest column of amounts (fits -999,999,999.99 in the monospace font).
const VALUE_COLUMN: f32 = 124.0;

/// How the range is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum RangeKind {
    /// From the snapshot before the as-of date.
    Month,
    /// From the end of the previous quarter (quarter to date).
    Quarter,
    /// From the end of the previous year.
    #[default]
    YearToDate,
    /// From twelve months before the as-of date.
    Year,
    /// Any two snapshots.
    Custom,
}

impl RangeKind {
    /// Every kind, in the selector's order.
    pub const ALL: [RangeKind; 5] = [
        RangeKind::Month,
        RangeKind::Quarter,
        RangeKind::YearToDate,
        RangeKind::Year,
        RangeKind::Custom,
    ];

    fn name(self) -> String {
        match self {
            RangeKind::Month => t!("rollforward-range-month"),
            RangeKind::Quarter => t!("rollforward-range-quarter"),
            RangeKind::YearToDate => t!("rollforward-range-ytd"),
            RangeKind::Year => t!("rollforward-range-year"),
            RangeKind::Custom => t!("rollforward-range-custom"),
        }
    }

    fn hover(self) -> String {
        match self {
            RangeKind::Month => t!("rollforward-range-month-hover"),
            RangeKind::Quarter => t!("rollforward-range-quarter-hover"),
            RangeKind::YearToDate => t!("rollforward-range-ytd-hover"),
            RangeKind::Year => t!("rollforward-range-year-hover"),
            RangeKind::Custom => t!("rollforward-range-custom-hover"),
        }
    }
}

/// A range resolved to two snapshot dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RollRange {
    /// The opening snapshot.
    pub from: NaiveDate,
    /// The closing snapshot.
    pub to: NaiveDate,
    /// The range wanted to open before the book's first snapshot, and opens there.
    pub clipped: bool,
}

/// The last day of `date`'s month.
fn month_end(date: NaiveDate) -> Option<NaiveDate> {
    date.with_day(1)?
        .checked_add_months(Months::new(1))?
        .pred_opt()
}

/// The range of `kind` closing at the snapshot `at` of `dates` (oldest first): it opens
/// at the last snapshot on or before the day before the period starts, or at the first
/// snapshot when the book starts later (`clipped`). `custom` is the pair a user chose.
pub fn resolve_range(
    kind: RangeKind,
    dates: &[NaiveDate],
    at: usize,
    custom: (Option<NaiveDate>, Option<NaiveDate>),
) -> Option<RollRange> {
    let to = *dates.get(at)?;
    let opening = |target: Option<NaiveDate>| -> (usize, bool) {
        match target.and_then(|t| dates.iter().rposition(|d| *d <= t)) {
            Some(i) => (i.min(at), false),
            None => (0, true),
        }
    };
    let (from, clipped) = match kind {
        RangeKind::Month => (at.saturating_sub(1), at == 0),
        RangeKind::Quarter => {
            let first_month = to.month0() / 3 * 3 + 1;
            opening(NaiveDate::from_ymd_opt(to.year(), first_month, 1).and_then(|d| d.pred_opt()))
        }
        RangeKind::YearToDate => opening(NaiveDate::from_ymd_opt(to.year() - 1, 12, 31)),
        RangeKind::Year => {
            let target = if month_end(to) == Some(to) {
                to.with_day(1)
                    .and_then(|d| d.checked_sub_months(Months::new(12)))
                    .and_then(month_end)
            } else {
                to.checked_sub_months(Months::new(12))
            };
            opening(target)
        }
        RangeKind::Custom => {
            let known = |d: Option<NaiveDate>| d.filter(|d| dates.contains(d));
            let a = known(custom.0).unwrap_or(dates[0]);
            let b = known(custom.1).unwrap_or(to);
            return Some(RollRange {
                from: a.min(b),
                to: a.max(b),
                clipped: false,
            });
        }
    };
    Some(RollRange {
        from: dates[from],
        to,
        clipped,
    })
}

/// One line of the roll-forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Line {
    /// The allowance at the start.
    Opening,
    /// Charged to expense.
    #[default]
    Provisions,
    /// Released to income.
    WriteBacks,
    /// Written off against the allowance.
    WriteOffs,
    /// Recovered after a write-off.
    Recoveries,
    /// Other adjustments.
    Other,
    /// The allowance at the end.
    Closing,
}

impl Line {
    /// Every line, in the identity's order.
    pub const ALL: [Line; 7] = [
        Line::Opening,
        Line::Provisions,
        Line::WriteBacks,
        Line::WriteOffs,
        Line::Recoveries,
        Line::Other,
        Line::Closing,
    ];

    /// The line's name in the window's language.
    pub fn name(self) -> String {
        match self {
            Line::Opening => t!("rollforward-line-opening"),
            Line::Provisions => t!("rollforward-line-provisions"),
            Line::WriteBacks => t!("rollforward-line-write-backs"),
            Line::WriteOffs => t!("rollforward-line-write-offs"),
            Line::Recoveries => t!("rollforward-line-recoveries"),
            Line::Other => t!("rollforward-line-other"),
            Line::Closing => t!("rollforward-line-closing"),
        }
    }

    /// The line's amount as the report holds it (a magnitude, `other` signed).
    fn of(self) -> LineOf {
        match self {
            Line::Opening => |l| l.opening,
            Line::Provisions => |l| l.provisions,
            Line::WriteBacks => |l| l.write_backs,
            Line::WriteOffs => |l| l.write_offs,
            Line::Recoveries => |l| l.recoveries,
            Line::Other => |l| l.other,
            Line::Closing => |l| l.closing,
        }
    }

    /// The amount as the table shows it: decreases of the allowance negative.
    pub fn signed(self, line: &RollForwardLine) -> Money {
        let amount = (self.of())(line);
        match self {
            Line::WriteBacks | Line::WriteOffs => -amount,
            _ => amount,
        }
    }

    /// A short name for the chart's axis.
    fn short(self) -> String {
        match self {
            Line::Opening => t!("rollforward-axis-opening"),
            Line::Provisions => t!("rollforward-axis-provisions"),
            Line::WriteBacks => t!("rollforward-axis-write-backs"),
            Line::WriteOffs => t!("rollforward-axis-write-offs"),
            Line::Recoveries => t!("rollforward-axis-recoveries"),
            Line::Other => t!("rollforward-axis-other"),
            Line::Closing => t!("rollforward-axis-closing"),
        }
    }

    fn is_balance(self) -> bool {
        matches!(self, Line::Opening | Line::Closing)
    }
}

/// What a user can export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportLayout {
    /// One row per customer type and the total (`--by type`).
    ByType,
    /// One row per customer that moved, and the total (`--by customer`).
    ByCustomer,
    /// SEC Schedule II, one row per calendar year (`--schedule-ii`).
    ScheduleII,
}

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Comma-separated text.
    Csv,
    /// An Excel workbook.
    Xlsx,
}

impl ExportFormat {
    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }
}

/// What an export was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ExportRequest {
    layout: ExportLayout,
    format: ExportFormat,
    range: RollRange,
}

impl ExportRequest {
    fn file_name(&self) -> String {
        let what = match self.layout {
            ExportLayout::ByType => "rollforward_by_type",
            ExportLayout::ByCustomer => "rollforward_by_customer",
            ExportLayout::ScheduleII => "schedule_ii",
        };
        format!(
            "{what}_{}_{}.{}",
            self.range.from,
            self.range.to,
            self.format.extension()
        )
    }
}

/// Builds the sheet `agebook export rollforward` would write for `request`.
fn export_sheet(
    book: &Book,
    history: &BookHistory,
    request: &ExportRequest,
) -> Result<Sheet, String> {
    let RollRange { from, to, .. } = request.range;
    let rf = |a, b| {
        book.rollforward_of(history, a, b)
            .map_err(|e| super::errors::book_error_text(&e))
    };
    Ok(match request.layout {
        ExportLayout::ByType => rollforward_sheet(&rf(from, to)?, RollGroup::Type),
        ExportLayout::ByCustomer => rollforward_sheet(&rf(from, to)?, RollGroup::Customer),
        ExportLayout::ScheduleII => {
            let dates: Vec<NaiveDate> = history.snapshots.iter().map(|s| s.as_of).collect();
            let periods = schedule_ii_ranges(&dates, from, to)
                .into_iter()
                .map(|(a, b)| rf(a, b))
                .collect::<Result<Vec<_>, _>>()?;
            schedule_ii_sheet(&periods)
        }
    })
}

type ExportResult = Result<(usize, PathBuf), String>;

/// The save dialog (with its typed-path fallback), and the export job.
#[derive(Default)]
struct Exporter {
    dialog: FileDialog,
    /// What the file asked for in `dialog` is to hold.
    request: Option<ExportRequest>,
    job: Option<Job<ExportResult>>,
    result: Option<ExportResult>,
    last_dir: Option<PathBuf>,
}

/// The rows of the driver list of one line.
struct DriverRow {
    customer_id: String,
    name: String,
    customer_type: String,
    amount: Money,
    share: Option<Decimal>,
}

/// The driver list shown, and what it was built for.
struct Drivers {
    key: (u64, NaiveDate, NaiveDate, Line),
    rows: Vec<DriverRow>,
    total: Money,
}

type RfResult = Result<Arc<RollForward>, String>;
type RangeKey = (NaiveDate, NaiveDate);

/// Roll-forwards computed for the current history, by range.
#[derive(Default)]
struct RfCache {
    generation: u64,
    done: HashMap<RangeKey, RfResult>,
    running: HashMap<RangeKey, Job<Result<RollForward, String>>>,
}

impl RfCache {
    fn poll(&mut self) {
        let mut ended = Vec::new();
        for (key, job) in &mut self.running {
            if let Some(end) = job.poll().ended() {
                ended.push((*key, end.and_then(|r| r).map(Arc::new)));
            }
        }
        for (key, result) in ended {
            self.running.remove(&key);
            self.done.insert(key, result);
        }
    }

    /// The roll-forward over `range`, once computed; starts it when it is not.
    fn get(
        &mut self,
        ctx: &egui::Context,
        cx: &ScreenContext<'_>,
        history: &Arc<BookHistory>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Option<RfResult> {
        if self.generation != cx.generation {
            // A new history: every figure may have moved.
            self.done.clear();
            self.running.clear();
            self.generation = cx.generation;
        }
        let key = (from, to);
        if let Some(result) = self.done.get(&key) {
            return Some(result.clone());
        }
        self.running.entry(key).or_insert_with(|| {
            let db = cx.db.to_path_buf();
            let user = cx.user.to_string();
            let history = Arc::clone(history);
            let repaint = ctx.clone();
            Job::spawn(
                "roll-forward",
                move || repaint.request_repaint(),
                move |_| {
                    let book =
                        Book::open(&db, &user).map_err(|e| super::errors::book_error_text(&e))?;
                    book.rollforward_of(&history, from, to)
                        .map_err(|e| super::errors::book_error_text(&e))
                },
            )
        });
        None
    }

    fn forget(&mut self, key: RangeKey) {
        self.done.remove(&key);
    }
}

/// The close confirmation: the period from the previous close to `through`.
struct CloseConfirm {
    from: NaiveDate,
    through: NaiveDate,
    /// The generation when the close was sent.
    sent_at: Option<u64>,
}

/// The reopen form.
struct ReopenForm {
    date: NaiveDate,
    reason: String,
    tried: bool,
    sent_at: Option<u64>,
}

/// The screen's state.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RollForwardScreen {
    kind: RangeKind,
    custom_from: Option<NaiveDate>,
    custom_to: Option<NaiveDate>,
    line: Line,
    #[serde(skip)]
    shown: Option<RollRange>,
    #[serde(skip)]
    cache: RfCache,
    #[serde(skip)]
    drivers: Option<Drivers>,
    #[serde(skip)]
    close: Option<CloseConfirm>,
    #[serde(skip)]
    reopen: Option<ReopenForm>,
    #[serde(skip)]
    export: Exporter,
}

impl RollForwardScreen {
    /// The range shown (opening and closing snapshot), once the screen was drawn.
    pub fn shown_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.shown.map(|r| (r.from, r.to))
    }

    /// A test seam: the next export writes to `path` instead of asking in a dialog.
    #[doc(hidden)]
    pub fn answer_save_dialog_with(&mut self, path: PathBuf) {
        self.export.dialog.answer_with(path);
    }

    /// True while an export is being chosen or written.
    pub fn is_exporting(&self) -> bool {
        self.export.dialog.is_waiting() || self.export.job.is_some()
    }

    /// The last export's end: the rows and file written, or why not.
    pub fn export_result(&self) -> Option<&Result<(usize, PathBuf), String>> {
        self.export.result.as_ref()
    }

    /// True while the reopen form holds a reason not yet sent.
    pub fn has_unsaved_input(&self) -> bool {
        self.reopen
            .as_ref()
            .is_some_and(|f| f.sent_at.is_none() && !f.reason.trim().is_empty())
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>) {
        self.cache.poll();
        self.poll_export(ui.ctx(), cx);
        let Some(history) = cx.history else {
            ui.vertical_centered(|ui| {
                ui.add_space(80.0);
                ui.spinner();
                ui.label(t!("rollforward-opening"));
            });
            return;
        };
        let history = Arc::clone(history);
        if history.snapshots.is_empty() {
            ui.vertical_centered(|ui| {
                ui.add_space(80.0);
                ui.heading(t!("rollforward-no-snapshots"));
                if ui.button(t!("rollforward-import")).clicked() {
                    cx.actions.push(Action::Show(Screen::Import));
                }
            });
            return;
        }
        let dates: Vec<NaiveDate> = history.snapshots.iter().map(|s| s.as_of).collect();
        let at = cx
            .at
            .filter(|a| *a < dates.len())
            .unwrap_or(dates.len() - 1);
        let custom = (self.custom_from, self.custom_to);
        let Some(range) = resolve_range(self.kind, &dates, at, custom) else {
            return;
        };
        self.shown = Some(range);

        self.range_ui(ui, &dates, range);
        self.period_ui(ui, cx, &history, &dates, range);
        ui.separator();

        let ctx = ui.ctx().clone();
        match self.cache.get(&ctx, cx, &history, range.from, range.to) {
            None => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(t!(
                        "rollforward-computing",
                        from = range.from,
                        to = range.to
                    ));
                });
            }
            Some(Err(e)) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    t!(
                        "rollforward-failed",
                        from = range.from,
                        to = range.to,
                        error = e
                    ),
                );
                if ui.button(t!("rollforward-try-again")).clicked() {
                    self.cache.forget((range.from, range.to));
                }
            }
            Some(Ok(rf)) => self.body_ui(ui, cx, &rf),
        }

        self.close_ui(&ctx, cx, &history);
        self.reopen_ui(&ctx, cx, &history, &dates);
        self.export_prompt_ui(&ctx, cx);
    }

    /// The range selector: the kinds, then the two snapshots.
    fn range_ui(&mut self, ui: &mut egui::Ui, dates: &[NaiveDate], range: RollRange) {
        ui.horizontal_wrapped(|ui| {
            ui.heading(t!("rollforward-title"));
            ui.add_space(12.0);
            for kind in RangeKind::ALL {
                let selected = self.kind == kind;
                if ui
                    .selectable_label(selected, kind.name())
                    .on_hover_text(kind.hover())
                    .clicked()
                    && !selected
                {
                    if kind == RangeKind::Custom {
                        self.custom_from = Some(range.from);
                        self.custom_to = Some(range.to);
                    }
                    self.kind = kind;
                }
            }
            ui.separator();
            let mut from = range.from;
            let mut to = range.to;
            let from_label = ui.label(t!("rollforward-from"));
            date_combo_ui(
                ui,
                "rf_from",
                &mut from,
                dates.iter().filter(|d| **d <= range.to),
            )
            .labelled_by(from_label.id);
            let to_label = ui.label(t!("rollforward-to"));
            date_combo_ui(
                ui,
                "rf_to",
                &mut to,
                dates.iter().filter(|d| **d >= range.from),
            )
            .labelled_by(to_label.id);
            if from != range.from || to != range.to {
                self.kind = RangeKind::Custom;
                self.custom_from = Some(from);
                self.custom_to = Some(to);
            }
            if range.clipped {
                ui.label(
                    egui::RichText::new(t!("rollforward-clipped", first = dates[0]))
                        .weak()
                        .italics(),
                );
            }
        });
    }

    /// The period's close, the close and reopen buttons, and the exports.
    fn period_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &mut ScreenContext<'_>,
        history: &BookHistory,
        dates: &[NaiveDate],
        range: RollRange,
    ) {
        ui.horizontal_wrapped(|ui| {
            let closed = history.closed_through;
            let status = match closed {
                Some(c) => t!("rollforward-closed-through", through = c),
                None => t!("rollforward-none-closed"),
            };
            ui.label(egui::RichText::new(status).strong())
                .on_hover_text(t!("rollforward-close-meaning"));
            ui.separator();
            let already = history.is_closed(range.to);
            let close = ui
                .add_enabled(
                    !already && !cx.busy,
                    egui::Button::new(t!("rollforward-close-button", through = range.to)),
                )
                .on_hover_text(t!("rollforward-close-hover", through = range.to))
                .on_disabled_hover_text(match closed {
                    Some(c) if already => {
                        t!("rollforward-close-disabled", through = range.to, closed = c)
                    }
                    _ => t!("rollforward-busy"),
                });
            if close.clicked() {
                // The roll-forward closed: from the previous close (the last snapshot on
                // or before it), or from the book's first snapshot.
                let from = closed
                    .and_then(|c| dates.iter().rposition(|d| *d <= c))
                    .map_or(dates[0], |i| dates[i]);
                self.close = Some(CloseConfirm {
                    from,
                    through: range.to,
                    sent_at: None,
                });
            }
            if already && let Some(c) = closed {
                ui.label(
                    egui::RichText::new(t!(
                        "rollforward-close-disabled",
                        through = range.to,
                        closed = c
                    ))
                    .weak(),
                );
            }
            let reopen = ui
                .add_enabled(
                    closed.is_some() && !cx.busy,
                    egui::Button::new(t!("rollforward-reopen-button")),
                )
                .on_hover_text(t!("rollforward-reopen-hover"))
                .on_disabled_hover_text(t!("rollforward-reopen-disabled"));
            if reopen.clicked()
                && let Some(c) = closed
            {
                let date = if range.to <= c { range.to } else { c };
                self.reopen = Some(ReopenForm {
                    date,
                    reason: String::new(),
                    tried: false,
                    sent_at: None,
                });
            }
            ui.separator();
            self.export_menu_ui(ui, cx, range);
        });
    }

    fn export_menu_ui(&mut self, ui: &mut egui::Ui, cx: &ScreenContext<'_>, range: RollRange) {
        let exporting = self.is_exporting();
        let mut chosen = None;
        ui.add_enabled_ui(!exporting, |ui| {
            ui.menu_button(t!("rollforward-export"), |ui| {
                let entries = [
                    (
                        ExportLayout::ByType,
                        ExportFormat::Csv,
                        t!("rollforward-export-type-csv"),
                    ),
                    (
                        ExportLayout::ByType,
                        ExportFormat::Xlsx,
                        t!("rollforward-export-type-xlsx"),
                    ),
                    (
                        ExportLayout::ByCustomer,
                        ExportFormat::Csv,
                        t!("rollforward-export-customer-csv"),
                    ),
                    (
                        ExportLayout::ByCustomer,
                        ExportFormat::Xlsx,
                        t!("rollforward-export-customer-xlsx"),
                    ),
                    (
                        ExportLayout::ScheduleII,
                        ExportFormat::Csv,
                        t!("rollforward-export-schedule-csv"),
                    ),
                    (
                        ExportLayout::ScheduleII,
                        ExportFormat::Xlsx,
                        t!("rollforward-export-schedule-xlsx"),
                    ),
                ];
                for (i, (layout, format, text)) in entries.into_iter().enumerate() {
                    if i == 2 || i == 4 {
                        ui.separator();
                    }
                    if ui.button(text).clicked() {
                        chosen = Some(ExportRequest {
                            layout,
                            format,
                            range,
                        });
                        ui.close();
                    }
                }
            });
        });
        if exporting {
            ui.spinner();
            ui.label(t!("rollforward-exporting"));
        }
        match &self.export.result {
            Some(Ok((rows, path))) => {
                ui.label(t!(
                    "rollforward-exported",
                    n = *rows,
                    path = path.display().to_string()
                ));
            }
            Some(Err(e)) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    t!("rollforward-export-failed", error = e.as_str()),
                );
            }
            None => {}
        }
        if let Some(request) = chosen {
            self.start_export_dialog(ui.ctx(), cx, request);
        }
    }

    /// Asks where to save (a native dialog on a worker; the typed path where none shows).
    fn start_export_dialog(
        &mut self,
        ctx: &egui::Context,
        cx: &ScreenContext<'_>,
        request: ExportRequest,
    ) {
        self.export.result = None;
        let dir = self
            .export
            .last_dir
            .clone()
            .or_else(|| cx.db.parent().map(Path::to_path_buf));
        let extension = request.format.extension();
        let ask = Ask::save(t!("rollforward-export-title"))
            .file_name(request.file_name())
            .directory(dir)
            .filter(extension.to_uppercase(), &[extension])
            .add_extension(&["csv", "xlsx"]);
        self.export.request = Some(request);
        self.export.dialog.start(ctx, ask);
    }

    fn start_export(
        &mut self,
        ctx: &egui::Context,
        cx: &ScreenContext<'_>,
        request: ExportRequest,
        path: PathBuf,
    ) {
        let Some(history) = cx.history.map(Arc::clone) else {
            return;
        };
        self.export.last_dir = path.parent().map(Path::to_path_buf);
        let db = cx.db.to_path_buf();
        let user = cx.user.to_string();
        let repaint = ctx.clone();
        self.export.job = Some(Job::spawn(
            "export roll-forward",
            move || repaint.request_repaint(),
            move |_| {
                let book =
                    Book::open(&db, &user).map_err(|e| super::errors::book_error_text(&e))?;
                let sheet = export_sheet(&book, &history, &request)?;
                sheet.write(&path).map_err(|e| e.to_string())?;
                Ok((sheet.rows.len(), path))
            },
        ));
    }

    fn poll_export(&mut self, ctx: &egui::Context, cx: &ScreenContext<'_>) {
        if let Some(path) = self.export.dialog.poll()
            && let Some(request) = self.export.request.clone()
        {
            self.start_export(ctx, cx, request, path);
        }
        if let Some(job) = &mut self.export.job
            && let Some(end) = job.poll().ended()
        {
            self.export.job = None;
            self.export.result = Some(end.and_then(|r| r));
        }
    }

    /// The typed-path window, shown when no dialog answered.
    fn export_prompt_ui(&mut self, ctx: &egui::Context, cx: &ScreenContext<'_>) {
        if let Some(path) = self.export.dialog.prompt_ui(ctx)
            && let Some(request) = self.export.request.clone()
        {
            self.start_export(ctx, cx, request, path);
        }
    }

    /// The lines table, the driver list and the waterfall.
    fn body_ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>, rf: &RollForward) {
        ui.label(
            egui::RichText::new(t!(
                "rollforward-caption",
                from = rf.from,
                to = rf.to,
                currency = rf.currency.as_str()
            ))
            .weak(),
        );
        self.lines_ui(ui, cx.style, rf);
        ui.separator();
        let key = (cx.generation, rf.from, rf.to, self.line);
        if self.drivers.as_ref().is_none_or(|d| d.key != key) {
            self.drivers = Some(build_drivers(rf, self.line, key));
        }
        StripBuilder::new(ui)
            .clip(true)
            .size(Size::relative(0.5))
            .size(Size::exact(16.0))
            .size(Size::remainder())
            .horizontal(|mut strip| {
                strip.cell(|ui| {
                    if let Some(drivers) = &self.drivers {
                        drivers_ui(ui, cx, self.line, drivers);
                    }
                });
                strip.empty();
                strip.cell(|ui| waterfall_ui(ui, &rf.total(), &rf.currency, cx.style));
            });
    }

    /// Lines as rows; the total and each type as columns; the line names stay put while
    /// the amounts scroll sideways.
    fn lines_ui(&mut self, ui: &mut egui::Ui, style: NegativeStyle, rf: &RollForward) {
        let total = rf.total();
        let by_type = rf.by_type();
        let columns: Vec<(String, RollForwardLine)> =
            std::iter::once((t!("rollforward-total"), total))
                .chain(by_type.into_iter().map(|(t, l)| (type_label(&t), l)))
                .collect();
        let height = ROW_HEIGHT * (Line::ALL.len() + 1) as f32 + 6.0;
        ui.allocate_ui(egui::vec2(ui.available_width(), height), |ui| {
            ui.horizontal_top(|ui| {
                // A table lays out downwards: each one in its own vertical.
                ui.vertical(|ui| {
                    TableBuilder::new(ui)
                        .id_salt("rf_lines_pinned")
                        .striped(true)
                        .vscroll(false)
                        .column(Column::exact(LINE_COLUMN))
                        .header(ROW_HEIGHT, |mut h| {
                            h.col(|ui| {
                                ui.with_layout(
                                    egui::Layout::left_to_right(egui::Align::Center),
                                    |ui| ui.strong(t!("rollforward-line")),
                                );
                            });
                        })
                        .body(|mut body| {
                            for line in Line::ALL {
                                body.row(ROW_HEIGHT, |mut row| {
                                    row.col(|ui| {
                                        let text = egui::RichText::new(line.name());
                                        let text = if line.is_balance() {
                                            text.strong()
                                        } else {
                                            text
                                        };
                                        if ui
                                            .selectable_label(self.line == line, text)
                                            .on_hover_text(t!("rollforward-line-hover"))
                                            .clicked()
                                        {
                                            self.line = line;
                                        }
                                    });
                                });
                            }
                        });
                });
                // Column widths leave out the spacing between cells.
                let n = columns.len() as f32;
                let spacing = ui.spacing().item_spacing.x;
                let width =
                    ((ui.available_width() - spacing * (n + 1.0)) / n).clamp(VALUE_COLUMN, 180.0);
                egui::ScrollArea::horizontal()
                    .id_salt("rf_lines_scroll")
                    .show(ui, |ui| {
                        ui.vertical(|ui| {
                            TableBuilder::new(ui)
                                .id_salt("rf_lines_values")
                                .striped(true)
                                .vscroll(false)
                                .columns(Column::exact(width), columns.len())
                                .header(ROW_HEIGHT, |mut h| {
                                    for (name, _) in &columns {
                                        h.col(|ui| {
                                            super::widgets::right(ui, |ui| ui.strong(name));
                                        });
                                    }
                                })
                                .body(|mut body| {
                                    for line in Line::ALL {
                                        body.row(ROW_HEIGHT, |mut row| {
                                            for (_, l) in &columns {
                                                row.col(|ui| {
                                                    money_cell(ui, line.signed(l), style);
                                                });
                                            }
                                        });
                                    }
                                });
                        });
                    });
            });
        });
    }

    fn close_ui(
        &mut self,
        ctx: &egui::Context,
        cx: &mut ScreenContext<'_>,
        history: &Arc<BookHistory>,
    ) {
        let Some(confirm) = &self.close else {
            return;
        };
        let (from, through) = (confirm.from, confirm.through);
        // Sent, and the book came back closed through it: done.
        if confirm.sent_at.is_some_and(|g| g != cx.generation)
            && history.closed_through.is_some_and(|c| c >= through)
        {
            self.close = None;
            return;
        }
        let sent = confirm.sent_at.is_some();
        let rf = self.cache.get(ctx, cx, history, from, through);
        let mut open = true;
        let mut confirmed = false;
        let mut cancel = false;
        egui::Window::new(t!("rollforward-close-title", through = through))
            .id(egui::Id::unique("rf_close"))
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .default_width(520.0)
            .show(ctx, |ui| {
                ui.set_max_width(520.0);
                ui.label(t!("rollforward-close-explain", through = through));
                ui.add_space(6.0);
                ui.strong(t!(
                    "rollforward-close-range",
                    from = from,
                    through = through
                ));
                match &rf {
                    None => {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label(t!("rollforward-computing", from = from, to = through));
                        });
                    }
                    Some(Err(e)) => {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            t!(
                                "rollforward-failed",
                                from = from,
                                to = through,
                                error = e.as_str()
                            ),
                        );
                    }
                    Some(Ok(rf)) => {
                        let total = rf.total();
                        egui::Grid::new("rf_close_lines")
                            .num_columns(2)
                            .min_col_width(140.0)
                            .show(ui, |ui| {
                                for line in Line::ALL {
                                    let text = egui::RichText::new(line.name());
                                    ui.label(if line.is_balance() {
                                        text.strong()
                                    } else {
                                        text
                                    });
                                    money_cell(ui, line.signed(&total), cx.style);
                                    ui.end_row();
                                }
                            });
                        ui.label(
                            egui::RichText::new(t!(
                                "rollforward-amounts-in",
                                currency = rf.currency.as_str()
                            ))
                            .weak(),
                        );
                    }
                }
                ui.add_space(6.0);
                ui.label(egui::RichText::new(t!("rollforward-close-reopen-note")).weak());
                ui.add_space(6.0);
                ui.horizontal(|ui| {
                    let ready = matches!(rf, Some(Ok(_))) && !cx.busy;
                    let button = ui
                        .add_enabled(
                            ready,
                            egui::Button::new(
                                egui::RichText::new(t!(
                                    "rollforward-close-confirm",
                                    through = through
                                ))
                                .strong(),
                            ),
                        )
                        .on_disabled_hover_text(t!("rollforward-busy"));
                    confirmed = button.clicked();
                    cancel = ui.button(t!("rollforward-cancel")).clicked();
                    if sent && cx.busy {
                        ui.spinner();
                        ui.label(t!("rollforward-closing"));
                    }
                });
            });
        if confirmed {
            cx.actions
                .push(Action::Run(BookOp::Period(PeriodOp::Close { through })));
            if let Some(c) = &mut self.close {
                c.sent_at = Some(cx.generation);
            }
        } else if !open || cancel {
            self.close = None;
        }
    }

    fn reopen_ui(
        &mut self,
        ctx: &egui::Context,
        cx: &mut ScreenContext<'_>,
        history: &BookHistory,
        dates: &[NaiveDate],
    ) {
        let Some(form) = &mut self.reopen else {
            return;
        };
        let Some(closed) = history.closed_through else {
            // Nothing is closed (any more): the reopen is done, or was done elsewhere.
            self.reopen = None;
            return;
        };
        let after = closed_after_reopen(Some(closed), form.date);
        if form.sent_at.is_some_and(|g| g != cx.generation) && Some(closed) == after {
            self.reopen = None;
            return;
        }
        let mut open = true;
        let mut send = false;
        let mut cancel = false;
        egui::Window::new(t!("rollforward-reopen-title"))
            .id(egui::Id::unique("rf_reopen"))
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .default_width(460.0)
            .show(ctx, |ui| {
                ui.set_max_width(460.0);
                ui.label(t!("rollforward-closed-through", through = closed));
                egui::Grid::new("rf_reopen_form")
                    .num_columns(2)
                    .spacing([8.0, 6.0])
                    .show(ui, |ui| {
                        let label = ui.label(t!("rollforward-reopen-from"));
                        date_combo_ui(
                            ui,
                            "rf_reopen_date",
                            &mut form.date,
                            dates.iter().filter(|d| **d <= closed),
                        )
                        .labelled_by(label.id);
                        ui.end_row();
                        let label = ui.label(t!("rollforward-reopen-reason"));
                        ui.add(
                            egui::TextEdit::multiline(&mut form.reason)
                                .desired_rows(3)
                                .desired_width(300.0)
                                .hint_text(t!("rollforward-reopen-reason-hint")),
                        )
                        .labelled_by(label.id);
                        ui.end_row();
                    });
                let after_text = match after {
                    Some(d) => t!("rollforward-reopen-after", through = d),
                    None => t!("rollforward-reopen-after-none"),
                };
                ui.label(after_text);
                if form.tried && form.reason.trim().is_empty() {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        t!("rollforward-reopen-needs-reason"),
                    );
                }
                ui.horizontal(|ui| {
                    let button = ui
                        .add_enabled(
                            !cx.busy,
                            egui::Button::new(t!("rollforward-reopen-confirm")),
                        )
                        .on_disabled_hover_text(t!("rollforward-busy"));
                    if button.clicked() {
                        if form.reason.trim().is_empty() {
                            form.tried = true;
                        } else {
                            send = true;
                        }
                    }
                    cancel = ui.button(t!("rollforward-cancel")).clicked();
                    if form.sent_at.is_some() && cx.busy {
                        ui.spinner();
                    }
                });
            });
        if send {
            cx.actions
                .push(Action::Run(BookOp::Period(PeriodOp::Reopen {
                    through: form.date,
                    reason: form.reason.trim().to_string(),
                })));
            form.sent_at = Some(cx.generation);
        } else if !open || cancel {
            self.reopen = None;
        }
    }
}

/// A snapshot-date combo box over `choices`.
fn date_combo_ui<'a>(
    ui: &mut egui::Ui,
    id: &str,
    value: &mut NaiveDate,
    choices: impl DoubleEndedIterator<Item = &'a NaiveDate>,
) -> egui::Response {
    egui::ComboBox::from_id_salt(id)
        .selected_text(value.to_string())
        .height(400.0)
        .show_ui(ui, |ui| {
            for d in choices.rev() {
                ui.selectable_value(value, *d, d.to_string());
            }
        })
        .response
}

/// A stored type name for people.
fn type_label(name: &str) -> String {
    CustomerType::parse(name).map_or_else(
        |_| name.replace('_', " "),
        |t| crate::report::labels::customer_type(&t),
    )
}

/// The customers behind `line`, largest first, with their share of it.
fn build_drivers(rf: &RollForward, line: Line, key: (u64, NaiveDate, NaiveDate, Line)) -> Drivers {
    let total = line.signed(&rf.total());
    let rows = rf
        .drivers(line.of(), usize::MAX)
        .into_iter()
        .map(|c| {
            let amount = line.signed(&c.line);
            DriverRow {
                customer_id: c.customer_id.clone(),
                name: c.name.clone(),
                customer_type: type_label(&c.customer_type),
                amount,
                share: (!total.is_zero()).then(|| amount.amount() / total.amount()),
            }
        })
        .collect();
    Drivers { key, rows, total }
}

/// The customers behind one line: a click opens the customer.
fn drivers_ui(ui: &mut egui::Ui, cx: &mut ScreenContext<'_>, line: Line, drivers: &Drivers) {
    ui.horizontal(|ui| {
        ui.strong(t!(
            "rollforward-drivers-title",
            line = line.name(),
            n = drivers.rows.len()
        ));
        ui.label(egui::RichText::new(t!("rollforward-drivers-pick")).weak());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            money_label(ui, drivers.total, cx.style);
            ui.label(t!("rollforward-drivers-sum"));
        });
    });
    if drivers.rows.is_empty() {
        ui.label(egui::RichText::new(t!("rollforward-drivers-none")).weak());
        return;
    }
    let mut open = None;
    ui.push_id("rf_drivers", |ui| {
        // A solid scroll bar, beside the last column rather than over its figures.
        ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
        TableBuilder::new(ui)
            .id_salt("rf_drivers")
            .striped(true)
            .sense(egui::Sense::click())
            .auto_shrink([false, false])
            .column(Column::exact(34.0))
            .column(Column::exact(64.0))
            .column(Column::remainder().at_least(120.0).clip(true))
            .column(Column::exact(84.0).clip(true))
            .column(Column::exact(VALUE_COLUMN))
            .column(Column::exact(60.0))
            .header(ROW_HEIGHT, |mut h| {
                h.col(|ui| {
                    super::widgets::right(ui, |ui| ui.strong("#"));
                });
                h.col(|ui| {
                    ui.strong(t!("rollforward-col-customer"));
                });
                h.col(|ui| {
                    ui.strong(t!("rollforward-col-name"));
                });
                h.col(|ui| {
                    ui.strong(t!("rollforward-col-type"));
                });
                h.col(|ui| {
                    super::widgets::right(ui, |ui| ui.strong(t!("rollforward-col-amount")));
                });
                h.col(|ui| {
                    super::widgets::right(ui, |ui| ui.strong(t!("rollforward-col-share")));
                });
            })
            .body(|body| {
                body.rows(ROW_HEIGHT, drivers.rows.len(), |mut row| {
                    let i = row.index();
                    let d = &drivers.rows[i];
                    row.col(|ui| {
                        number_cell(ui, (i + 1).to_string());
                    });
                    row.col(|ui| {
                        if ui
                            .link(&d.customer_id)
                            .on_hover_text(t!(
                                "rollforward-open-customer",
                                customer = d.customer_id.as_str()
                            ))
                            .clicked()
                        {
                            open = Some(d.customer_id.clone());
                        }
                    });
                    row.col(|ui| {
                        ui.add(egui::Label::new(d.name.as_str()).truncate());
                    });
                    row.col(|ui| {
                        ui.add(egui::Label::new(d.customer_type.as_str()).truncate());
                    });
                    row.col(|ui| {
                        money_cell(ui, d.amount, cx.style);
                    });
                    row.col(|ui| {
                        number_cell(ui, d.share.map_or_else(|| "–".into(), percent));
                    });
                    if row.response().clicked() {
                        open = Some(d.customer_id.clone());
                    }
                });
            });
    });
    if let Some(id) = open {
        cx.actions.push(Action::OpenCustomer(id));
    }
}

/// How the chart's axis counts: the divisor and its unit's message.
fn chart_unit(largest: Money, currency: &str) -> (i64, String) {
    let largest = largest.abs().amount();
    if largest >= Decimal::from(1_000_000) {
        (
            1_000_000,
            t!("rollforward-chart-millions", currency = currency),
        )
    } else if largest >= Decimal::from(10_000) {
        (
            1_000,
            t!("rollforward-chart-thousands", currency = currency),
        )
    } else {
        (1, t!("rollforward-chart-units", currency = currency))
    }
}

/// An amount in the chart's unit, one decimal, for the labels over the bars.
fn in_unit(amount: Money, divisor: i64) -> String {
    let v = (amount.amount() / Decimal::from(divisor))
        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    format!("{v:.1}")
}

/// The waterfall from opening to closing: the balances stand on the axis, each movement
/// floats from where the previous one left the allowance.
fn waterfall_ui(ui: &mut egui::Ui, total: &RollForwardLine, currency: &str, style: NegativeStyle) {
    let balance = egui::Color32::from_rgb(100, 150, 230);
    let up = egui::Color32::from_rgb(220, 110, 80);
    let down = egui::Color32::from_rgb(80, 170, 120);
    let largest = [
        total.opening,
        total.closing,
        total.provisions,
        total.write_offs,
    ]
    .into_iter()
    .max()
    .unwrap_or(Money::ZERO);
    let (divisor, unit) = chart_unit(largest, currency);
    ui.horizontal(|ui| {
        ui.strong(t!("rollforward-chart-title"));
        ui.label(egui::RichText::new(format!("({unit})")).weak());
        for (name, colour) in [
            (t!("rollforward-chart-balance"), balance),
            (t!("rollforward-chart-increase"), up),
            (t!("rollforward-chart-decrease"), down),
        ] {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, colour);
            ui.label(egui::RichText::new(name).small());
        }
    });
    let scale = |m: Money| plot_value(m) / divisor as f64;
    // (line, amount shown, bottom, top, colour)
    let mut running = total.opening;
    let mut steps: Vec<(Line, Money, Money, Money, egui::Color32)> = vec![(
        Line::Opening,
        total.opening,
        Money::ZERO,
        total.opening,
        balance,
    )];
    for line in [
        Line::Provisions,
        Line::WriteBacks,
        Line::WriteOffs,
        Line::Recoveries,
        Line::Other,
    ] {
        let amount = line.signed(total);
        let next = running + amount;
        let colour = if amount.is_negative() { down } else { up };
        steps.push((line, amount, running.min(next), running.max(next), colour));
        running = next;
    }
    steps.push((
        Line::Closing,
        total.closing,
        Money::ZERO,
        total.closing,
        balance,
    ));
    let bars: Vec<Bar> = steps
        .iter()
        .enumerate()
        .map(|(i, (line, amount, bottom, top, colour))| {
            Bar::new(i as f64, scale(*top) - scale(*bottom))
                .base_offset(scale(*bottom))
                .width(0.6)
                .fill(*colour)
                .name(format!("{}: {}", line.name(), amount.grouped(style)))
        })
        .collect();
    let names: Vec<String> = steps.iter().map(|s| s.0.short()).collect();
    let labels: Vec<(f64, f64, String)> = steps
        .iter()
        .enumerate()
        .filter(|(_, (_, amount, ..))| !amount.is_zero())
        .map(|(i, (_, amount, _, top, _))| (i as f64, scale(*top), in_unit(*amount, divisor)))
        .collect();
    let top = steps.iter().map(|s| scale(s.3)).fold(0.0_f64, f64::max);
    let chart = BarChart::new(t!("rollforward-chart-title"), bars)
        .element_formatter(Box::new(|bar, _| bar.name.clone()));
    let axis_names = names.clone();
    Plot::new("rf_waterfall")
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .show_x(false)
        .show_y(false)
        .include_y(0.0)
        .include_y(top * 1.08)
        .include_x(-0.6)
        .include_x(steps.len() as f64 - 0.4)
        .x_grid_spacer(integer_marks)
        .custom_x_axes(vec![
            egui_plot::AxisHints::new_x()
                .label_spacing(20.0..=30.0)
                .tick_label_font(egui::FontId::proportional(12.0))
                .formatter(move |mark, _| {
                    if mark.value < 0.0 || mark.value.fract() != 0.0 {
                        return String::new();
                    }
                    axis_names
                        .get(mark.value as usize)
                        .cloned()
                        .unwrap_or_default()
                }),
        ])
        .show(ui, |plot| {
            plot.bar_chart(chart);
            for (x, y, text) in labels {
                plot.text(
                    Text::new("", PlotPoint::new(x, y), egui::RichText::new(text).small())
                        .anchor(egui::Align2::CENTER_BOTTOM),
                );
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    /// The demo book's month ends, 2016-01-31 to 2017-06-30.
    fn demo_dates() -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let mut m = d("2016-01-31");
        while m <= d("2017-06-30") {
            out.push(m);
            m = m.succ_opt().and_then(month_end).unwrap_or(NaiveDate::MAX);
        }
        out
    }

    fn range(kind: RangeKind, to: &str) -> RollRange {
        let dates = demo_dates();
        let at = dates.iter().position(|x| *x == d(to)).unwrap_or(0);
        resolve_range(kind, &dates, at, (None, None)).unwrap_or(RollRange {
            from: NaiveDate::MIN,
            to: NaiveDate::MIN,
            clipped: false,
        })
    }

    #[test]
    fn year_to_date_at_the_2016_year_end_opens_at_the_first_snapshot() {
        let r = range(RangeKind::YearToDate, "2016-12-31");
        assert_eq!(
            (r.from, r.to, r.clipped),
            (d("2016-01-31"), d("2016-12-31"), true)
        );
        let r = range(RangeKind::YearToDate, "2017-06-30");
        assert_eq!((r.from, r.clipped), (d("2016-12-31"), false));
    }

    #[test]
    fn month_quarter_and_year_open_at_the_snapshot_before_their_period() {
        assert_eq!(range(RangeKind::Month, "2017-03-31").from, d("2017-02-28"));
        assert_eq!(
            range(RangeKind::Quarter, "2017-03-31").from,
            d("2016-12-31")
        );
        assert_eq!(
            range(RangeKind::Quarter, "2017-05-31").from,
            d("2017-03-31")
        );
        // Twelve months before a month end is the month end, even in February.
        assert_eq!(range(RangeKind::Year, "2017-02-28").from, d("2016-02-29"));
        assert_eq!(range(RangeKind::Year, "2017-06-30").from, d("2016-06-30"));
        let first = range(RangeKind::Month, "2016-01-31");
        assert_eq!(
            (first.from, first.to, first.clipped),
            (d("2016-01-31"), d("2016-01-31"), true)
        );
    }

    #[test]
    fn a_custom_range_keeps_its_snapshots_in_order_and_ignores_unknown_dates() {
        let dates = demo_dates();
        let r = resolve_range(
            RangeKind::Custom,
            &dates,
            5,
            (Some(d("2017-03-31")), Some(d("2016-06-30"))),
        );
        assert_eq!(
            r.map(|r| (r.from, r.to)),
            Some((d("2016-06-30"), d("2017-03-31")))
        );
        let r = resolve_range(RangeKind::Custom, &dates, 5, (Some(d("2016-06-15")), None));
        assert_eq!(
            r.map(|r| (r.from, r.to)),
            Some((d("2016-01-31"), d("2016-06-30")))
        );
    }
}
