//! The import screen: choose a ledger (native dialog, a typed path, or a file dropped on
//! the window), set its as-of date, see a preview of the file as the importer reads it
//! (the column mapping, the first rows, every error and warning with its line), import it
//! with a progress bar and a Cancel button, then see the result and the reconciliation
//! against the prior snapshot.
//!
//! Everything that reads the file or the book runs on a [`Job`]: the dialog, the preview
//! and the import. The screen polls them when it draws. An import is one transaction, so a
//! cancel or an error leaves the book as it was.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use egui_extras::{Column, TableBuilder};

use super::app::{Action, ScreenContext};
use super::widgets::{figure, money_cell, number_cell};
use crate::book::{Book, BookError};
use crate::domain::date::{as_of_from_file_name, parse_date};
use crate::domain::money::NegativeStyle;
use crate::import::preview::{LedgerPreview, PREVIEW_ROWS, preview_file};
use crate::import::{Finding, ImportError, ImportOutcome, Position, Progress};
use crate::jobs::Job;
use crate::report::reconcile::{LineKind, Reconciliation};

/// A dialog that answers faster than this did not show (no portal): offer a path field.
const NO_DIALOG: Duration = Duration::from_millis(800);

/// What a finished import hands back.
#[derive(Debug, Clone)]
pub struct ImportDone {
    /// The file's name.
    pub file: String,
    /// What the import did.
    pub outcome: ImportOutcome,
    /// The reconciliation against the prior snapshot, or why there is none.
    pub reconciliation: Result<Reconciliation, String>,
}

/// Why an import did not happen (the book is unchanged).
#[derive(Debug, Clone)]
pub struct ImportFailure {
    /// The error in full.
    pub message: String,
    /// The user cancelled.
    pub cancelled: bool,
    /// The date or the content is in the book already: replacing would go through.
    pub needs_replace: bool,
}

impl From<BookError> for ImportFailure {
    fn from(e: BookError) -> ImportFailure {
        let (cancelled, needs_replace) = match &e {
            BookError::Import(ImportError::Cancelled) => (true, false),
            BookError::Import(
                ImportError::SnapshotExists { .. } | ImportError::DuplicateContent { .. },
            ) => (false, true),
            _ => (false, false),
        };
        ImportFailure {
            message: format!("{e:#}"),
            cancelled,
            needs_replace,
        }
    }
}

type PreviewResult = Result<LedgerPreview, String>;
type ImportResult = Result<ImportDone, ImportFailure>;

/// Import a ledger: choose, preview, import with progress, reconcile.
#[derive(Default)]
pub struct ImportScreen {
    path: Option<PathBuf>,
    /// The fallback path field's text.
    path_text: String,
    /// Show the path field (the dialog did not answer, or the user asked for it).
    path_field: bool,
    /// Why the path field shows.
    dialog_note: Option<&'static str>,
    /// Focus the path field on the next frame.
    focus_path: bool,
    dialog: Option<(Job<Option<PathBuf>>, Instant)>,
    as_of_text: String,
    replace: bool,
    /// Start a preview on the next frame (`choose` has no context to repaint with).
    preview_wanted: bool,
    preview_job: Option<(Job<PreviewResult>, PathBuf, NaiveDate)>,
    /// The last preview, with the file and date it was read for.
    preview: Option<(PreviewResult, PathBuf, NaiveDate)>,
    import_job: Option<(Job<ImportResult>, Arc<AtomicBool>)>,
    /// The last import's result; a success replaces the form until "Import another".
    result: Option<ImportResult>,
    /// Why Import is disabled, as of the last frame.
    blocked: Option<String>,
}

impl ImportScreen {
    /// Takes a file (from the dialog, the path field, or dropped on the window): the as-of
    /// date comes from its name when it holds one, and a preview starts.
    pub fn choose(&mut self, path: PathBuf) {
        let name = file_name(&path);
        self.as_of_text = as_of_from_file_name(&name)
            .map(|d| d.to_string())
            .unwrap_or_default();
        self.path_text = path.display().to_string();
        self.path = Some(path);
        self.dialog_note = None;
        self.replace = false;
        self.result = None;
        self.preview = None;
        self.cancel_preview();
        self.preview_wanted = true;
    }

    /// The file chosen.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The preview of the chosen file at the current as-of date, once read.
    pub fn preview(&self) -> Option<&LedgerPreview> {
        match &self.preview {
            Some((Ok(p), path, as_of))
                if Some(path) == self.path.as_ref() && Ok(*as_of) == self.as_of() =>
            {
                Some(p)
            }
            _ => None,
        }
    }

    /// Why the file could not be previewed (it could not be opened or read).
    pub fn preview_error(&self) -> Option<&str> {
        match &self.preview {
            Some((Err(e), ..)) => Some(e),
            _ => None,
        }
    }

    /// True while the dialog, a preview or an import runs.
    pub fn is_working(&self) -> bool {
        self.dialog.is_some()
            || self.preview_job.is_some()
            || self.import_job.is_some()
            || (self.preview_wanted && self.path.is_some() && self.as_of().is_ok())
    }

    /// Why the Import button is disabled, as of the last frame drawn; `None` when it is
    /// enabled.
    pub fn import_blocked(&self) -> Option<&str> {
        self.blocked.as_deref()
    }

    /// The last import, once it succeeded.
    pub fn imported(&self) -> Option<&ImportDone> {
        self.result.as_ref().and_then(|r| r.as_ref().ok())
    }

    /// The last import's failure, if it failed.
    pub fn import_failure(&self) -> Option<&ImportFailure> {
        self.result.as_ref().and_then(|r| r.as_ref().err())
    }

    /// The as-of date typed, or why it is not one.
    fn as_of(&self) -> Result<NaiveDate, String> {
        let text = self.as_of_text.trim();
        if text.is_empty() {
            return Err("enter the as-of date (YYYY-MM-DD)".into());
        }
        parse_date(text).map_err(|e| e.to_string())
    }

    fn cancel_preview(&mut self) {
        if let Some((job, ..)) = self.preview_job.take() {
            job.cancel();
        }
    }

    /// Drains the jobs. Pushes [`Action::Imported`] when an import succeeds.
    /// A job that fails (its worker panicked) ends like one that returned its error.
    pub fn poll(&mut self, actions: &mut Vec<Action>) {
        if let Some((job, started)) = &mut self.dialog
            && let Some(end) = job.poll().ended()
        {
            let quick = started.elapsed() < NO_DIALOG;
            self.dialog = None;
            // A dialog that failed offers the path field, as one that is not there.
            let failed = end.is_err();
            match end.ok().flatten() {
                Some(path) => {
                    self.path_field = false;
                    self.dialog_note = None;
                    self.choose(path);
                }
                None => {
                    self.path_field = true;
                    self.focus_path = true;
                    self.dialog_note = Some(if quick || failed {
                        "No file dialog is available here: type the file's path."
                    } else {
                        "No file chosen. You can also type the file's path:"
                    });
                }
            }
        }
        if let Some((job, path, as_of)) = &mut self.preview_job
            && let Some(end) = job.poll().ended()
        {
            let result = end.and_then(|result| result);
            self.preview = Some((result, path.clone(), *as_of));
            self.preview_job = None;
        }
        if let Some((job, _)) = &mut self.import_job
            && let Some(end) = job.poll().ended()
        {
            self.import_job = None;
            // A worker that died rolled its transaction back as it unwound.
            let result = end.unwrap_or_else(|e| {
                Err(ImportFailure {
                    message: format!("The import failed: {e}; the book is unchanged"),
                    cancelled: false,
                    needs_replace: false,
                })
            });
            if let Ok(done) = &result {
                actions.push(Action::Imported(done.outcome.snapshot.as_of));
            }
            self.result = Some(result);
        }
    }

    fn start_dialog(&mut self, ctx: &egui::Context) {
        if self.dialog.is_some() {
            return;
        }
        let start = self
            .path
            .as_ref()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf);
        let repaint = ctx.clone();
        let job = Job::spawn(
            "file dialog",
            move || repaint.request_repaint(),
            move |_| {
                let mut dialog = rfd::FileDialog::new()
                    .set_title("Import a ledger")
                    .add_filter("CSV ledger", &["csv", "CSV", "txt"]);
                if let Some(dir) = start {
                    dialog = dialog.set_directory(dir);
                }
                dialog.pick_file()
            },
        );
        self.dialog = Some((job, Instant::now()));
    }

    fn start_preview(&mut self, ctx: &egui::Context, cx: &ScreenContext<'_>) {
        let (Some(path), Ok(as_of)) = (self.path.clone(), self.as_of()) else {
            return;
        };
        self.cancel_preview();
        self.preview_wanted = false;
        let (db, user) = (cx.db.to_path_buf(), cx.user.to_string());
        let repaint = ctx.clone();
        let for_path = path.clone();
        let job = Job::spawn(
            "import preview",
            move || repaint.request_repaint(),
            move |jc| {
                let size = std::fs::metadata(&path).map_or(0, |m| m.len());
                let book = Book::open(&db, &user).map_err(|e| format!("{e:#}"))?;
                preview_file(&book, &path, Some(as_of), PREVIEW_ROWS, &mut |p| {
                    jc.progress(
                        Some(fraction(p.bytes, size)),
                        format!("Reading the file: {} rows", p.rows),
                    );
                    !jc.cancelled()
                })
                .map_err(|e| format!("{e:#}"))
            },
        );
        self.preview_job = Some((job, for_path, as_of));
    }

    /// Starts the import of the chosen file at the typed as-of date. Does nothing when
    /// [`Self::import_blocked`] says why not.
    pub fn start_import(&mut self, ctx: &egui::Context, cx: &ScreenContext<'_>) {
        if self.blocked.is_some() {
            return;
        }
        let (Some(path), Ok(as_of)) = (self.path.clone(), self.as_of()) else {
            return;
        };
        let (db, user, replace) = (cx.db.to_path_buf(), cx.user.to_string(), self.replace);
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        let repaint = ctx.clone();
        let job = Job::spawn(
            "import",
            move || repaint.request_repaint(),
            move |jc| {
                let size = std::fs::metadata(&path).map_or(0, |m| m.len());
                let mut book = Book::open(&db, &user)?;
                let outcome = book.import_file(
                    &path,
                    Some(as_of),
                    replace,
                    &mut |p: Progress| {
                        jc.progress(
                            Some(fraction(p.bytes, size)),
                            format!("{} rows read", p.rows),
                        );
                    },
                    &flag,
                )?;
                jc.progress(Some(1.0), "Reconciling with the prior snapshot…");
                let reconciliation = book
                    .reconcile(outcome.snapshot.as_of)
                    .map_err(|e| format!("{e:#}"));
                Ok(ImportDone {
                    file: file_name(&path),
                    outcome,
                    reconciliation,
                })
            },
        );
        self.result = None;
        self.import_job = Some((job, cancel));
    }

    /// Asks a running import to stop; the book stays as it was.
    pub fn cancel_import(&self) {
        if let Some((job, flag)) = &self.import_job {
            flag.store(true, Ordering::Relaxed);
            job.cancel();
        }
    }

    /// Why Import cannot run now, or `None`.
    fn blocker(&self, cx: &ScreenContext<'_>, date_in_book: bool) -> Option<String> {
        if self.path.is_none() {
            return Some("Choose a file first".into());
        }
        let as_of = match self.as_of() {
            Ok(d) => d,
            Err(_) => return Some("Enter a valid as-of date".into()),
        };
        if self.import_job.is_some() {
            return Some("An import is running".into());
        }
        if cx.busy {
            return Some("The book is being updated".into());
        }
        if self.preview_job.is_some() || self.preview_wanted {
            return Some("Reading the file…".into());
        }
        let preview = match &self.preview {
            Some((Ok(p), path, d)) if Some(path) == self.path.as_ref() && *d == as_of => p,
            Some((Err(_), ..)) => return Some("The file could not be read".into()),
            _ => return Some("Reading the file…".into()),
        };
        if !preview.problems.is_empty() {
            return Some(format!(
                "Fix the {} error{} below first",
                preview.problems.len(),
                if preview.problems.len() == 1 { "" } else { "s" }
            ));
        }
        if let Some(closed) = &preview.closed {
            return Some(format!(
                "The book is closed through {}: a snapshot as of {as_of} cannot be imported \
                 until that period is reopened",
                closed.closed_through
            ));
        }
        if date_in_book && !self.replace {
            return Some(format!(
                "The book has a snapshot as of {as_of}: tick “Replace the existing snapshot”"
            ));
        }
        if let Some(same) = self.same_content(cx)
            && !self.replace
        {
            return Some(format!(
                "This file was imported already, as the snapshot of {} ({}): tick “Replace the \
                 existing snapshot” to import it again",
                same.as_of, same.source_name
            ));
        }
        None
    }

    /// The snapshot the previewed file's bytes were imported as, if any: importing the
    /// same file twice is refused unless the user asks to replace.
    fn same_content<'h>(&self, cx: &ScreenContext<'h>) -> Option<&'h crate::book::SnapshotInfo> {
        let Some((Ok(preview), ..)) = &self.preview else {
            return None;
        };
        cx.history?
            .snapshots
            .iter()
            .find(|s| s.content_hash == preview.content_hash)
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>) {
        let ctx = ui.ctx().clone();
        self.poll(cx.actions);
        if self.preview_wanted && self.import_job.is_none() && self.as_of().is_ok() {
            self.start_preview(&ctx, cx);
        }
        ui.heading("Import a ledger");
        if let Some(Ok(done)) = &self.result {
            if result_ui(ui, cx, done) {
                // "Import another file…": start over, keeping the path field if shown.
                *self = ImportScreen {
                    path_field: self.path_field,
                    ..ImportScreen::default()
                };
            }
            return;
        }
        let as_of = self.as_of().ok();
        let date_in_book = as_of.is_some_and(|d| {
            cx.history
                .is_some_and(|h| h.snapshots.iter().any(|s| s.as_of == d))
        });
        self.blocked = self.blocker(cx, date_in_book);
        self.file_ui(ui, &ctx);
        if self.path.is_none() {
            format_help_ui(ui);
            return;
        }
        self.controls_ui(ui, &ctx, cx, date_in_book);
        ui.separator();
        self.preview_ui(ui, cx);
    }

    fn file_ui(&mut self, ui: &mut egui::Ui, ctx: &egui::Context) {
        ui.horizontal(|ui| {
            let choose = ui.add_enabled(
                self.dialog.is_none() && self.import_job.is_none(),
                egui::Button::new("Choose file…"),
            );
            if choose.clicked() {
                self.start_dialog(ctx);
            }
            if self.dialog.is_some() {
                ui.spinner();
                ui.label("Waiting for the file dialog…");
            } else if let Some(path) = &self.path {
                ui.label(egui::RichText::new(path.display().to_string()).strong());
            } else {
                ui.label("No file chosen.");
            }
            ui.separator();
            ui.label(egui::RichText::new("You can also drag a CSV file onto this window.").weak());
            if !self.path_field && ui.small_button("Type a path…").clicked() {
                self.path_field = true;
                self.focus_path = true;
            }
        });
        if self.path_field {
            ui.horizontal(|ui| {
                if let Some(note) = self.dialog_note {
                    ui.colored_label(ui.visuals().warn_fg_color, note);
                }
                let label = ui.label("File path");
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.path_text)
                            .hint_text("/path/to/ar_2016-12-31.csv")
                            .desired_width(420.0),
                    )
                    .labelled_by(label.id);
                if std::mem::take(&mut self.focus_path) {
                    field.request_focus();
                }
                let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let open = ui.add_enabled(
                    !self.path_text.trim().is_empty() && self.import_job.is_none(),
                    egui::Button::new("Open"),
                );
                if (open.clicked() || enter) && !self.path_text.trim().is_empty() {
                    self.choose(PathBuf::from(self.path_text.trim()));
                }
            });
        }
    }

    fn controls_ui(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &egui::Context,
        cx: &ScreenContext<'_>,
        date_in_book: bool,
    ) {
        let importing = self.import_job.is_some();
        ui.horizontal(|ui| {
            let label = ui.label("As-of date");
            let field = ui
                .add_enabled(
                    !importing,
                    egui::TextEdit::singleline(&mut self.as_of_text)
                        .hint_text("YYYY-MM-DD")
                        .desired_width(96.0),
                )
                .labelled_by(label.id);
            if field.changed() {
                // A new valid date needs a new preview: the checks depend on the date.
                self.preview_wanted = true;
            }
            match self.as_of() {
                Err(e) => {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                Ok(d) if date_in_book => {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!("The book already has a snapshot as of {d}."),
                    );
                }
                Ok(_) => {}
            }
            let needs_replace = self.import_failure().is_some_and(|f| f.needs_replace);
            if date_in_book || needs_replace || self.replace || self.same_content(cx).is_some() {
                ui.add_enabled(
                    !importing,
                    egui::Checkbox::new(&mut self.replace, "Replace the existing snapshot"),
                );
            }
        });
        ui.horizontal(|ui| {
            let import = ui
                .add_enabled(self.blocked.is_none(), egui::Button::new("Import ledger"))
                .on_disabled_hover_text(self.blocked.clone().unwrap_or_default());
            if import.clicked() {
                self.start_import(ctx, cx);
            }
            if let Some((job, _)) = &self.import_job {
                let (fraction, status) = job.progress();
                let bar = match fraction {
                    Some(f) => egui::ProgressBar::new(f).show_percentage(),
                    None => egui::ProgressBar::new(0.0).animate(true),
                };
                ui.add(bar.desired_width(240.0));
                ui.label(if status.is_empty() {
                    "Importing…"
                } else {
                    status
                });
                if ui.button("Cancel import").clicked() {
                    self.cancel_import();
                }
                ui.label(
                    egui::RichText::new(
                        "Cancelling leaves the book exactly as it was: an import is all or nothing.",
                    )
                    .weak(),
                );
            } else if let Some(why) = &self.blocked {
                ui.label(egui::RichText::new(why).weak());
            }
        });
        if let Some(failure) = self.import_failure() {
            let color = if failure.cancelled {
                ui.visuals().warn_fg_color
            } else {
                ui.visuals().error_fg_color
            };
            let mut text = failure.message.clone();
            if failure.needs_replace {
                text.push_str("\nTick “Replace the existing snapshot” to import it anyway.");
            } else if !failure.cancelled {
                text.push_str("\nNothing was imported; the book is unchanged.");
            }
            egui::ScrollArea::vertical()
                .id_salt("import_failure")
                .max_height(90.0)
                .show(ui, |ui| {
                    ui.colored_label(color, text);
                });
        }
    }

    fn preview_ui(&self, ui: &mut egui::Ui, cx: &ScreenContext<'_>) {
        if let Some((job, ..)) = &self.preview_job {
            let (fraction, status) = job.progress();
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(if status.is_empty() {
                    "Reading the file…"
                } else {
                    status
                });
                if let Some(f) = fraction {
                    ui.add(egui::ProgressBar::new(f).desired_width(200.0));
                }
            });
            return;
        }
        if let Some(e) = self.preview_error() {
            ui.colored_label(ui.visuals().error_fg_color, e.to_string());
            return;
        }
        let Some(preview) = self.preview() else {
            return;
        };
        let style = cx.style;
        let error = ui.visuals().error_fg_color;
        let warn = ui.visuals().warn_fg_color;
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new(&preview.file).strong());
            ui.separator();
            ui.label(format!("{} rows", preview.row_count));
            ui.separator();
            ui.label(format!("{} customers", preview.customers));
            ui.separator();
            ui.label("total");
            ui.label(
                egui::RichText::new(preview.total.grouped(style))
                    .monospace()
                    .strong(),
            );
            ui.label(cx.currency());
            ui.separator();
            let errors = preview.problems.len();
            let text = format!(
                "{errors} error{}{}",
                if errors == 1 { "" } else { "s" },
                if preview.stopped_early() {
                    " (reading stopped there)"
                } else {
                    ""
                }
            );
            if errors > 0 {
                ui.colored_label(error, text);
            } else {
                ui.label(text);
            }
            ui.separator();
            ui.label(format!(
                "{} warning{}",
                preview.warnings.len(),
                if preview.warnings.len() == 1 { "" } else { "s" }
            ));
            if errors > 0 && preview.valid_rows > 0 {
                ui.separator();
                ui.label(
                    egui::RichText::new(format!(
                        "rows and total count the {} valid rows",
                        preview.valid_rows
                    ))
                    .weak(),
                );
            }
        });
        mapping_ui(ui, preview);
        findings_ui(ui, preview, error, warn);
        ui.label(
            egui::RichText::new(format!(
                "The first {} rows as they will be imported",
                preview.rows.len()
            ))
            .strong(),
        );
        rows_ui(ui, preview, style);
    }
}

/// The outcome of an import: figures, the reconciliation, warnings. True when the user
/// asks to import another file.
fn result_ui(ui: &mut egui::Ui, cx: &ScreenContext<'_>, done: &ImportDone) -> bool {
    let style = cx.style;
    let s = &done.outcome.snapshot;
    ui.label(format!(
        "Imported {} as of {}{}.",
        done.file,
        s.as_of,
        if done.outcome.replaced.is_some() {
            ", replacing the earlier snapshot"
        } else {
            ""
        }
    ));
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        figure(ui, "Open items", s.row_count.to_string(), None);
        ui.add_space(24.0);
        figure(
            ui,
            "Total",
            s.total.grouped(style),
            Some(cx.currency().to_string()),
        );
        ui.add_space(24.0);
        figure(
            ui,
            "New customers",
            done.outcome.new_customers.to_string(),
            None,
        );
        ui.add_space(24.0);
        figure(
            ui,
            "Warnings",
            done.outcome.warnings.len().to_string(),
            None,
        );
    });
    ui.add_space(8.0);
    ui.label(egui::RichText::new("Reconciliation with the prior snapshot").strong());
    match &done.reconciliation {
        Ok(r) => reconciliation_ui(ui, r, style),
        Err(e) => {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("No reconciliation: {e}"),
            );
        }
    }
    ui.add_space(8.0);
    if ui.button("Import another file…").clicked() {
        return true;
    }
    if !done.outcome.warnings.is_empty() {
        ui.add_space(4.0);
        ui.label(egui::RichText::new("Warnings").strong());
        let warn = ui.visuals().warn_fg_color;
        let row_height = ui.text_style_height(&egui::TextStyle::Body);
        egui::ScrollArea::both()
            .id_salt("import_result_warnings")
            .auto_shrink([false, true])
            .show_rows(ui, row_height, done.outcome.warnings.len(), |ui, range| {
                for w in &done.outcome.warnings[range] {
                    ui.add(
                        egui::Label::new(egui::RichText::new(finding_text(w)).color(warn)).extend(),
                    );
                }
            });
    }
    false
}

/// The fraction of `size` that `bytes` is, for a progress bar.
fn fraction(bytes: u64, size: u64) -> f32 {
    if size == 0 {
        0.0
    } else {
        (bytes as f64 / size as f64).clamp(0.0, 1.0) as f32
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// `Line 3, column 5 (document_date): …`
fn position_text(at: &Position) -> String {
    match &at.column {
        Some((index, name)) => format!("Line {}, column {index} ({name})", at.line),
        None => format!("Line {}", at.line),
    }
}

fn finding_text<K: std::fmt::Display>(f: &Finding<K>) -> String {
    format!("{}: {}", position_text(&f.at), f.kind)
}

/// What a ledger file looks like, for a user who has not chosen one yet.
fn format_help_ui(ui: &mut egui::Ui) {
    ui.add_space(12.0);
    ui.label(egui::RichText::new("What the file holds").strong());
    ui.label(
        "A CSV export of the open-item ledger at one date, one row per open document, with a \
         header row. Header names are case-insensitive and the columns may come in any order:",
    );
    ui.add_space(4.0);
    egui::Grid::new("import_format_help")
        .striped(true)
        .spacing([14.0, 2.0])
        .show(ui, |ui| {
            for (field, required) in crate::import::preview::CANONICAL_FIELDS {
                ui.label(egui::RichText::new(field).monospace());
                ui.label(if required { "required" } else { "optional" });
                ui.end_row();
            }
        });
    ui.add_space(4.0);
    ui.label(
        "The as-of date is read from the file name (ar_2016-12-31.csv, 2016-12.csv) and can \
         be changed. Nothing is written until you press Import ledger, and an import is all \
         or nothing.",
    );
}

/// Which file column feeds each canonical field, as two rows.
fn mapping_ui(ui: &mut egui::Ui, preview: &LedgerPreview) {
    ui.add_space(2.0);
    egui::Grid::new("import_mapping")
        .striped(true)
        .spacing([14.0, 2.0])
        .show(ui, |ui| {
            ui.label(egui::RichText::new("Field").weak());
            for f in &preview.mapping.fields {
                let text = egui::RichText::new(f.field).monospace();
                ui.label(if f.required { text.strong() } else { text });
            }
            ui.end_row();
            ui.label(egui::RichText::new("File column").weak());
            for f in &preview.mapping.fields {
                match &f.column {
                    Some(c) => {
                        ui.label(format!("{} · {}", c.index, c.name));
                    }
                    None if f.required => {
                        ui.colored_label(ui.visuals().error_fg_color, "missing");
                    }
                    None => {
                        ui.label(egui::RichText::new("default").weak())
                            .on_hover_text("Not in the file: the book's default applies");
                    }
                }
            }
            ui.end_row();
        });
    if !preview.mapping.unused.is_empty() {
        let unused: Vec<String> = preview
            .mapping
            .unused
            .iter()
            .map(|c| format!("{} · {}", c.index, c.name))
            .collect();
        ui.label(egui::RichText::new(format!("Not imported: {}", unused.join(", "))).weak());
    }
    ui.label(
        egui::RichText::new(
            "Bold fields are required; “default” means the book's default applies.",
        )
        .small()
        .weak(),
    );
}

/// Every error, then every warning, with line and column; virtualised.
fn findings_ui(
    ui: &mut egui::Ui,
    preview: &LedgerPreview,
    error: egui::Color32,
    warn: egui::Color32,
) {
    let total = preview.problems.len() + preview.warnings.len();
    if total == 0 {
        return;
    }
    ui.add_space(4.0);
    ui.label(egui::RichText::new("Errors and warnings").strong());
    let row_height = ui.text_style_height(&egui::TextStyle::Body);
    let max_height = if preview.problems.is_empty() {
        72.0
    } else {
        130.0
    };
    // One line per finding (long ones scroll sideways), so the list can be virtualised.
    let line = |ui: &mut egui::Ui, color: egui::Color32, text: String| {
        ui.add(egui::Label::new(egui::RichText::new(text).color(color)).extend());
    };
    egui::ScrollArea::both()
        .id_salt("import_findings")
        .max_height(max_height)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, total, |ui, range| {
            for i in range {
                if let Some(p) = preview.problems.get(i) {
                    line(ui, error, format!("Error · {}", finding_text(p)));
                } else if let Some(w) = preview.warnings.get(i - preview.problems.len()) {
                    line(ui, warn, format!("Warning · {}", finding_text(w)));
                }
            }
        });
    ui.add_space(4.0);
}

/// The first rows as mapped: amounts right-aligned with separators, names in full.
fn rows_ui(ui: &mut egui::Ui, preview: &LedgerPreview, style: NegativeStyle) {
    let row_height = 20.0;
    let headers: [(&str, bool); 11] = [
        ("Line", true),
        ("Customer", false),
        ("Name", false),
        ("Type", false),
        ("Document", false),
        ("Date", false),
        ("Due", false),
        ("Currency", false),
        ("Disputed", false),
        ("Amount", true),
        ("Open amount", true),
    ];
    TableBuilder::new(ui)
        .id_salt("import_preview_rows")
        .striped(true)
        .auto_shrink([false, true])
        .max_scroll_height(f32::INFINITY)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(48.0))
        .column(Column::exact(72.0))
        .column(Column::remainder().at_least(200.0).clip(true))
        .column(Column::exact(96.0))
        .column(Column::exact(130.0))
        .column(Column::exact(84.0))
        .column(Column::exact(84.0))
        .column(Column::exact(62.0))
        .column(Column::exact(62.0))
        .column(Column::exact(120.0))
        .column(Column::exact(120.0))
        .header(row_height + 2.0, |mut header| {
            for (title, right_aligned) in headers {
                header.col(|ui| {
                    let text = egui::RichText::new(title).strong();
                    if right_aligned {
                        super::widgets::right(ui, |ui| ui.label(text));
                    } else {
                        ui.label(text);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(row_height, preview.rows.len(), |mut row| {
                let r = &preview.rows[row.index()];
                row.col(|ui| {
                    number_cell(ui, r.line.to_string());
                });
                row.col(|ui| {
                    ui.label(&r.customer_id);
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(&r.customer_name).truncate());
                });
                row.col(|ui| {
                    let t = r
                        .customer_type
                        .as_ref()
                        .map_or_else(|| "–".to_string(), |t| t.as_str().replace('_', " "));
                    ui.label(t);
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(&r.document_no).truncate());
                });
                row.col(|ui| {
                    ui.label(r.document_date.to_string());
                });
                row.col(|ui| {
                    ui.label(r.due_date.to_string());
                });
                row.col(|ui| {
                    ui.label(&r.currency);
                });
                row.col(|ui| {
                    ui.label(if r.disputed { "yes" } else { "no" });
                });
                row.col(|ui| match r.amount {
                    Some(a) => {
                        money_cell(ui, a, style);
                    }
                    None => {
                        super::widgets::right(ui, |ui| ui.label(egui::RichText::new("–").weak()));
                    }
                });
                row.col(|ui| {
                    money_cell(ui, r.open_amount, style);
                });
            });
        });
}

/// The reconciliation as a small table: line, documents, signed amount.
fn reconciliation_ui(ui: &mut egui::Ui, r: &Reconciliation, style: NegativeStyle) {
    let row_height = 20.0;
    let lines = r.lines();
    TableBuilder::new(ui)
        .id_salt("import_reconciliation")
        .striped(true)
        .vscroll(false)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(280.0))
        .column(Column::exact(90.0))
        .column(Column::exact(150.0))
        .header(row_height + 2.0, |mut header| {
            header.col(|ui| {
                ui.label(egui::RichText::new("Line").strong());
            });
            header.col(|ui| {
                super::widgets::right(ui, |ui| ui.label(egui::RichText::new("Documents").strong()));
            });
            header.col(|ui| {
                super::widgets::right(ui, |ui| ui.label(egui::RichText::new("Amount").strong()));
            });
        })
        .body(|body| {
            body.rows(row_height, lines.len(), |mut row| {
                let line = &lines[row.index()];
                row.col(|ui| {
                    let text = egui::RichText::new(&line.label);
                    ui.label(match line.kind {
                        LineKind::Balance => text.strong(),
                        LineKind::Change => text,
                        LineKind::Memo => text.weak(),
                    });
                });
                row.col(|ui| {
                    number_cell(ui, line.documents.to_string());
                });
                row.col(|ui| {
                    money_cell(ui, line.amount, style);
                });
            });
        });
    if !r.holds() {
        // Cannot happen by construction; say so rather than hide it.
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!(
                "The changes lead to {}, not to the total {}",
                r.computed_total().grouped(style),
                r.total.amount.grouped(style)
            ),
        );
    }
    if !r.written_off_open_documents.is_empty() {
        let docs: Vec<String> = r
            .written_off_open_documents
            .iter()
            .map(|(c, d)| format!("{c} {d}"))
            .collect();
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "Written off but still open in this ledger: {}",
                docs.join(", ")
            ),
        );
    }
}
