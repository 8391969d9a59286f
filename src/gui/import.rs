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

use chrono::NaiveDate;
use egui_extras::{Column, TableBuilder};

use super::app::{Action, ScreenContext};
use super::errors::book_error_text;
use super::file_dialog::{Ask, FileDialog};
use super::widgets::{figure, money_cell, number_cell};
use crate::book::{Book, BookError};
use crate::domain::date::{as_of_from_file_name, parse_date};
use crate::domain::money::NegativeStyle;
use crate::import::preview::{LedgerPreview, PREVIEW_ROWS};
use crate::import::profile::ImportProfile;
use crate::import::{Finding, ImportError, ImportOutcome, Position, Progress};
use crate::jobs::Job;
use crate::report::reconcile::{LineKind, Reconciliation};

use super::import_reading::{Profiles, Reading};

// The window's words for the importer's findings (kept apart from the lines above).
use super::widgets::{count_text, type_name};
use crate::domain::date::{DateError, EARLIEST, LATEST};
use crate::domain::money::Money;
use crate::import::{Problem, Warning};
use crate::report::labels;

/// What a finished import hands back.
#[derive(Debug, Clone)]
pub struct ImportDone {
    /// The file's name.
    pub file: String,
    /// What the import did, its reconciliation against the prior snapshot among it.
    pub outcome: ImportOutcome,
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
            message: book_error_text(&e),
            cancelled,
            needs_replace,
        }
    }
}

/// A preview, with the book's saved import profiles read in the same job.
type PreviewResult = Result<(LedgerPreview, Profiles), String>;
type ImportResult = Result<ImportDone, ImportFailure>;

/// Import a ledger: choose, preview, import with progress, reconcile.
#[derive(Default)]
pub struct ImportScreen {
    path: Option<PathBuf>,
    /// The open dialog, and the path field where it does not answer (or the user
    /// asked for it).
    dialog: FileDialog,
    as_of_text: String,
    replace: bool,
    /// Start a preview on the next frame (`choose` has no context to repaint with).
    preview_wanted: bool,
    preview_job: Option<(Job<PreviewResult>, PathBuf, NaiveDate, ImportProfile)>,
    /// The last preview, with the file, date and choices it was read with.
    preview: Option<(PreviewResult, PathBuf, NaiveDate, ImportProfile)>,
    /// The user's choices over detection (map, encoding, delimiter, dates, sheet) and
    /// the saved profiles.
    reading: Reading,
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
        self.path = Some(path);
        self.reading.reset();
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
            Some((Ok((p, _)), path, as_of, profile))
                if Some(path) == self.path.as_ref()
                    && Ok(*as_of) == self.as_of()
                    && profile == self.reading.profile() =>
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
        self.dialog.is_waiting()
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
            return Err(t!("import-enter-as-of"));
        }
        parse_date(text).map_err(|e| date_error_text(&e))
    }

    fn cancel_preview(&mut self) {
        if let Some((job, ..)) = self.preview_job.take() {
            job.cancel();
        }
    }

    /// Drains the jobs. Pushes [`Action::Imported`] when an import succeeds.
    /// A job that fails (its worker panicked) ends like one that returned its error.
    pub fn poll(&mut self, actions: &mut Vec<Action>) {
        if let Some(path) = self.dialog.poll() {
            self.choose(path);
        }
        if let Some((job, path, as_of, profile)) = &mut self.preview_job
            && let Some(end) = job.poll().ended()
        {
            let result = end.and_then(|result| result);
            if let Ok((_, saved)) = &result {
                self.reading.set_saved(saved.clone());
            }
            self.preview = Some((result, path.clone(), *as_of, profile.clone()));
            self.preview_job = None;
        }
        if let Some((job, _)) = &mut self.import_job
            && let Some(end) = job.poll().ended()
        {
            self.import_job = None;
            // A worker that died rolled its transaction back as it unwound.
            let result = end.unwrap_or_else(|e| {
                Err(ImportFailure {
                    message: t!("import-worker-failed", error = e.to_string()),
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

    /// What the dialog and the path field ask for: a ledger, from the folder of the last.
    fn ask(&self) -> Ask {
        let start = self
            .path
            .as_ref()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf);
        Ask::open(t!("import-title"))
            .file_name("ar_2016-12-31.csv")
            .directory(start)
            .filter(
                t!("import-dialog-filter"),
                &[
                    "csv", "CSV", "txt", "TXT", "tsv", "xlsx", "XLSX", "xls", "XLS", "xlsb", "ods",
                ],
            )
    }

    fn start_dialog(&mut self, ctx: &egui::Context) {
        if self.dialog.is_waiting() {
            return;
        }
        let ask = self.ask();
        self.dialog.start(ctx, ask);
    }

    fn start_preview(&mut self, ctx: &egui::Context, cx: &ScreenContext<'_>) {
        let (Some(path), Ok(as_of)) = (self.path.clone(), self.as_of()) else {
            return;
        };
        self.cancel_preview();
        self.preview_wanted = false;
        let profile = self.reading.profile().clone();
        let read = match self.reading.options() {
            Ok(read) => read,
            Err(e) => {
                self.preview = Some((Err(e), path, as_of, profile));
                return;
            }
        };
        let (db, user) = (cx.db.to_path_buf(), cx.user.to_string());
        let repaint = ctx.clone();
        let for_path = path.clone();
        let job = Job::spawn(
            "import preview",
            move || repaint.request_repaint(),
            move |jc| {
                let size = std::fs::metadata(&path).map_or(0, |m| m.len());
                let book = Book::open(&db, &user).map_err(|e| book_error_text(&e))?;
                let preview = book
                    .preview_file(&path, Some(as_of), &read, PREVIEW_ROWS, &mut |p| {
                        jc.progress(
                            Some(fraction(p.bytes, size)),
                            t!("import-reading-rows", rows = count_text(p.rows)),
                        );
                        !jc.cancelled()
                    })
                    .map_err(|e| book_error_text(&e))?;
                let saved = book.import_profiles().map_err(|e| book_error_text(&e))?;
                Ok((preview, saved))
            },
        );
        self.preview_job = Some((job, for_path, as_of, profile));
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
        let Ok(read) = self.reading.options() else {
            return;
        };
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        let repaint = ctx.clone();
        let job = Job::spawn(
            "import",
            move || repaint.request_repaint(),
            move |jc| {
                let size = std::fs::metadata(&path).map_or(0, |m| m.len());
                let mut book = Book::open(&db, &user)?;
                let outcome = book.import_file_with(
                    &path,
                    Some(as_of),
                    replace,
                    &read,
                    &mut |p: Progress| {
                        jc.progress(
                            Some(fraction(p.bytes, size)),
                            t!("import-rows-read", rows = count_text(p.rows)),
                        );
                    },
                    &flag,
                )?;
                Ok(ImportDone {
                    file: file_name(&path),
                    outcome,
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
            return Some(t!("import-blocked-no-file"));
        }
        let as_of = match self.as_of() {
            Ok(d) => d,
            Err(_) => return Some(t!("import-blocked-no-date")),
        };
        if self.import_job.is_some() {
            return Some(t!("import-blocked-running"));
        }
        if cx.busy {
            return Some(t!("import-blocked-busy"));
        }
        if self.preview_job.is_some() || self.preview_wanted {
            return Some(t!("import-reading"));
        }
        let preview = match &self.preview {
            Some((Ok((p, _)), path, d, profile))
                if Some(path) == self.path.as_ref()
                    && *d == as_of
                    && profile == self.reading.profile() =>
            {
                p
            }
            Some((Err(_), ..)) => return Some(t!("import-blocked-unreadable")),
            _ => return Some(t!("import-reading")),
        };
        if !preview.problems.is_empty() {
            return Some(t!("import-blocked-errors", n = preview.problems.len()));
        }
        if let Some(closed) = &preview.closed {
            return Some(t!(
                "import-blocked-closed",
                through = closed.closed_through,
                as_of = as_of
            ));
        }
        if date_in_book && !self.replace {
            return Some(t!("import-blocked-date-in-book", as_of = as_of));
        }
        if let Some(same) = self.same_content(cx)
            && !self.replace
        {
            return Some(t!(
                "import-blocked-same-content",
                as_of = same.as_of,
                source = same.source_name
            ));
        }
        None
    }

    /// The snapshot the previewed file's bytes were imported as, if any: importing the
    /// same file twice is refused unless the user asks to replace.
    fn same_content<'h>(&self, cx: &ScreenContext<'h>) -> Option<&'h crate::book::SnapshotInfo> {
        let Some((Ok((preview, _)), ..)) = &self.preview else {
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
        ui.heading(t!("import-title"));
        if let Some(Ok(done)) = &self.result {
            if result_ui(ui, cx, done) {
                // "Import another file…": start over, keeping the path field if shown.
                *self = ImportScreen {
                    dialog: std::mem::take(&mut self.dialog),
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
                !self.dialog.is_waiting() && self.import_job.is_none(),
                egui::Button::new(t!("import-choose-file")),
            );
            if choose.clicked() {
                self.start_dialog(ctx);
            }
            if self.dialog.is_waiting() {
                ui.spinner();
                ui.label(t!("import-waiting-for-dialog"));
            } else if let Some(path) = &self.path {
                ui.label(egui::RichText::new(path.display().to_string()).strong());
            } else {
                ui.label(t!("import-no-file"));
            }
            ui.separator();
            ui.label(egui::RichText::new(t!("import-drop-hint")).weak());
            if !self.dialog.is_prompting() && ui.small_button(t!("import-type-path")).clicked() {
                let ask = self.ask();
                self.dialog.type_path(ask);
            }
        });
        let importing = self.import_job.is_some();
        let typed = ui
            .add_enabled_ui(!importing, |ui| {
                ui.horizontal(|ui| self.dialog.field_ui(ui)).inner
            })
            .inner;
        // The field closes once a path is opened (the chosen file shows above); "Type a
        // path…" opens it again in that file's folder.
        if let Some(path) = typed {
            self.choose(path);
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
            let label = ui.label(t!("import-as-of-date"));
            let field = ui
                .add_enabled(
                    !importing,
                    egui::TextEdit::singleline(&mut self.as_of_text)
                        .hint_text(t!("import-date-hint"))
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
                        t!("import-date-in-book", as_of = d),
                    );
                }
                Ok(_) => {}
            }
            let needs_replace = self.import_failure().is_some_and(|f| f.needs_replace);
            if date_in_book || needs_replace || self.replace || self.same_content(cx).is_some() {
                ui.add_enabled(
                    !importing,
                    egui::Checkbox::new(&mut self.replace, t!("import-replace")),
                );
            }
        });
        ui.horizontal(|ui| {
            let import = ui
                .add_enabled(
                    self.blocked.is_none(),
                    egui::Button::new(t!("import-import-ledger")),
                )
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
                    t!("import-importing")
                } else {
                    status.to_string()
                });
                if ui.button(t!("import-cancel")).clicked() {
                    self.cancel_import();
                }
                ui.label(egui::RichText::new(t!("import-cancel-hint")).weak());
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
                text.push('\n');
                text.push_str(&t!("import-failure-replace"));
            } else if !failure.cancelled {
                text.push('\n');
                text.push_str(&t!("import-failure-unchanged"));
            }
            egui::ScrollArea::vertical()
                .id_salt("import_failure")
                .max_height(90.0)
                .show(ui, |ui| {
                    ui.colored_label(color, text);
                });
        }
    }

    fn preview_ui(&mut self, ui: &mut egui::Ui, cx: &ScreenContext<'_>) {
        let enabled = self.import_job.is_none();
        let current = self.preview().is_some();
        // The choices stay on screen while a new reading runs: they show the last one.
        let last = self
            .preview
            .as_ref()
            .and_then(|(r, ..)| r.as_ref().ok())
            .map(|(p, _)| p);
        if self.reading.ui(ui, last, cx.db, cx.user, enabled) {
            self.preview_wanted = true;
        }
        if let Some((job, ..)) = &self.preview_job {
            let (fraction, status) = job.progress();
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(if status.is_empty() {
                    t!("import-reading")
                } else {
                    status.to_string()
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
        let Some(preview) = last.filter(|_| current) else {
            return;
        };
        let style = cx.style;
        let error = ui.visuals().error_fg_color;
        let warn = ui.visuals().warn_fg_color;
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new(&preview.file).strong());
            ui.separator();
            ui.label(t!(
                "import-preview-rows",
                n = preview.row_count,
                rows = count_text(preview.row_count)
            ));
            ui.separator();
            ui.label(t!(
                "import-preview-customers",
                n = preview.customers,
                customers = count_text(preview.customers as u64)
            ));
            ui.separator();
            ui.label(t!("import-preview-total"));
            ui.label(
                egui::RichText::new(preview.total.grouped(style))
                    .monospace()
                    .strong(),
            );
            ui.label(cx.currency());
            ui.separator();
            let errors = preview.problems.len();
            let text = if preview.stopped_early() {
                t!("import-preview-errors-stopped", n = errors)
            } else {
                t!("import-preview-errors", n = errors)
            };
            if errors > 0 {
                ui.colored_label(error, text);
            } else {
                ui.label(text);
            }
            ui.separator();
            ui.label(t!("import-preview-warnings", n = preview.warnings.len()));
            if errors > 0 && preview.valid_rows > 0 {
                ui.separator();
                ui.label(
                    egui::RichText::new(t!(
                        "import-preview-valid-rows",
                        n = preview.valid_rows,
                        rows = count_text(preview.valid_rows)
                    ))
                    .weak(),
                );
            }
        });
        findings_ui(ui, preview, error, warn);
        ui.label(
            egui::RichText::new(t!("import-preview-first-rows", n = preview.rows.len())).strong(),
        );
        rows_ui(ui, preview, style);
    }
}

/// The outcome of an import: figures, the reconciliation, warnings. True when the user
/// asks to import another file.
fn result_ui(ui: &mut egui::Ui, cx: &ScreenContext<'_>, done: &ImportDone) -> bool {
    let style = cx.style;
    let s = &done.outcome.snapshot;
    ui.label(if done.outcome.replaced.is_some() {
        t!("import-done-replaced", file = done.file, as_of = s.as_of)
    } else {
        t!("import-done", file = done.file, as_of = s.as_of)
    });
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        figure(
            ui,
            &t!("import-open-items"),
            count_text(s.row_count.max(0) as u64),
            None,
        );
        ui.add_space(24.0);
        figure(
            ui,
            &t!("common-total"),
            s.total.grouped(style),
            Some(cx.currency().to_string()),
        );
        ui.add_space(24.0);
        figure(
            ui,
            &t!("import-new-customers"),
            count_text(done.outcome.new_customers as u64),
            None,
        );
        ui.add_space(24.0);
        figure(
            ui,
            &t!("import-warnings"),
            count_text(done.outcome.warnings.len() as u64),
            None,
        );
    });
    let skipped = done
        .outcome
        .skipped
        .iter()
        .filter(|r| r.reason != crate::import::SkipReason::AboveHeader)
        .count();
    if skipped > 0 {
        ui.label(t!("import-result-skipped", n = skipped));
    }
    if let Some((line, _)) = done.outcome.file_total {
        ui.label(t!("import-result-file-total", line = line));
    }
    ui.add_space(8.0);
    ui.label(egui::RichText::new(t!("import-reconciliation-title")).strong());
    reconciliation_ui(ui, &done.outcome.reconciliation, style);
    ui.add_space(8.0);
    if ui.button(t!("import-another")).clicked() {
        return true;
    }
    if !done.outcome.warnings.is_empty() {
        ui.add_space(4.0);
        ui.label(egui::RichText::new(t!("import-warnings")).strong());
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

/// `Line 3, column 5 (document_date)`, in the window's language.
fn position_text(at: &Position) -> String {
    match &at.column {
        Some((index, name)) => t!(
            "import-at-line-column",
            line = at.line,
            column = *index as u64,
            name = name
        ),
        None => t!("import-at-line", line = at.line),
    }
}

/// `Line 3, column 5 (document_date): '2016-13-45' is not a date …`, in the window's
/// language (the English [`std::fmt::Display`] of the finding is the command line's).
fn finding_text<K: Said>(f: &Finding<K>) -> String {
    t!(
        "import-finding",
        at = position_text(&f.at),
        what = f.kind.said()
    )
}

/// A problem, warning or error as the window says it, in its language, with the values
/// it names (line, column, text) as they are.
trait Said {
    /// The text.
    fn said(&self) -> String;
}

impl Said for Problem {
    fn said(&self) -> String {
        match self {
            Problem::MissingColumn {
                field,
                columns,
                closest,
            } => match closest {
                Some(c) => t!(
                    "import-problem-missing-field-closest",
                    field = field,
                    columns = crate::import::quoted(columns),
                    closest = c
                ),
                None => t!(
                    "import-problem-missing-field",
                    field = field,
                    columns = crate::import::quoted(columns)
                ),
            },
            Problem::MappedColumnMissing {
                field,
                column,
                columns,
            } => t!(
                "import-problem-mapped-column-missing",
                field = field,
                column = column,
                columns = crate::import::quoted(columns)
            ),
            Problem::NoHeader { first_row } => {
                t!(
                    "import-problem-no-header",
                    first = crate::import::quoted(first_row)
                )
            }
            Problem::MixedDateOrders {
                day_first_line,
                day_first,
                month_first_line,
                month_first,
            } => t!(
                "import-problem-mixed-dates",
                day = day_first,
                dayline = *day_first_line,
                month = month_first,
                monthline = *month_first_line
            ),
            Problem::MixedNumberStyles { point, comma } => {
                t!("import-problem-mixed-numbers", point = point, comma = comma)
            }
            Problem::TotalDiffers {
                file_total,
                documents,
            } => t!(
                "import-problem-total-differs",
                file = file_total.to_string(),
                documents = documents.to_string()
            ),
            Problem::DuplicateColumn(c) => t!("import-problem-duplicate-column", column = c),
            Problem::MissingValue(f) => t!("import-problem-missing-value", field = f),
            Problem::BadDate(e) => import_date_text(e),
            Problem::BadAmount(e) => amount_error_text(e),
            Problem::BadFlag(v) => t!("import-problem-bad-flag", value = v),
            Problem::DuplicateDocument {
                customer,
                document,
                first_line,
            } => t!(
                "import-problem-duplicate-document",
                customer = customer,
                document = document,
                line = *first_line
            ),
            Problem::FarFuture { date, as_of } => {
                t!("import-problem-far-future", date = date, as_of = as_of)
            }
            Problem::ForeignCurrency { found, book } => {
                t!(
                    "import-problem-foreign-currency",
                    found = found,
                    book = book
                )
            }
            Problem::FieldCount { expected, found } => t!(
                "import-problem-field-count",
                found = *found,
                expected = *expected
            ),
            Problem::NotUtf8 => t!("import-problem-not-utf8"),
            Problem::ControlCharacter { code, position } => t!(
                "import-problem-control-character",
                code = code,
                position = *position
            ),
            Problem::LedgerTooLarge { max } => t!("import-problem-too-large", max = max),
            Problem::NoDataRows => t!("import-problem-no-data-rows"),
        }
    }
}

impl Said for Warning {
    fn said(&self) -> String {
        match self {
            Warning::UnknownType(name) => t!("import-warning-unknown-type", name = name),
            Warning::TypeKept { file, book } => t!(
                "import-warning-type-kept",
                file = file,
                book = type_name(book)
            ),
            Warning::TypeChanged { customer, from, to } => t!(
                "import-warning-type-changed",
                customer = customer,
                from = type_name(from),
                to = type_name(to)
            ),
            Warning::NameDiffers {
                customer,
                other,
                line,
            } => t!(
                "import-warning-name-differs",
                customer = customer,
                other = other,
                line = *line
            ),
            Warning::AfterAsOf { date, as_of } => {
                t!("import-warning-after-as-of", date = date, as_of = as_of)
            }
            Warning::DueBeforeDocument { due, document } => t!(
                "import-warning-due-before-document",
                due = due,
                document = document
            ),
            Warning::UnusedColumn(c) => t!("import-warning-unused-column", column = c),
            Warning::DateOrderAssumed {
                order,
                values,
                given,
            } => t!(
                "import-warning-date-order",
                values = *values,
                order = date_order_text(*order),
                source = if *given {
                    t!("import-date-source-given")
                } else {
                    t!("import-date-source-book")
                }
            ),
            Warning::NumberStyleAssumed { example, decimal } => t!(
                "import-warning-number-style",
                example = example,
                decimal = decimal.to_string()
            ),
            Warning::Rounded {
                count,
                digits,
                lines,
            } => t!(
                "import-warning-rounded",
                count = *count,
                digits = *digits,
                lines = lines_list(lines)
            ),
            Warning::RowsSkipped { count, lines } => t!(
                "import-warning-rows-skipped",
                count = *count,
                lines = lines_list(lines)
            ),
            Warning::StandIn { field, from } => {
                t!("import-warning-stand-in", field = field, from = from)
            }
        }
    }
}

/// A date the importer or the as-of field refused, in the window's language.
fn date_error_text(e: &DateError) -> String {
    match e {
        DateError::NotADate(text) => t!("import-date-not-a-date", text = text),
        DateError::OutOfRange(text) => t!(
            "import-date-out-of-range",
            text = text,
            earliest = EARLIEST,
            latest = LATEST
        ),
    }
}

/// The first lines a warning names.
fn lines_list(lines: &[u64]) -> String {
    let list: Vec<String> = lines.iter().map(u64::to_string).collect();
    list.join(", ") + if lines.len() >= 5 { ", ..." } else { "" }
}

/// A date order, in the window's language.
pub(super) fn date_order_text(order: crate::import::dates::DateOrder) -> String {
    match order {
        crate::import::dates::DateOrder::DayFirst => t!("import-date-order-day-first"),
        crate::import::dates::DateOrder::MonthFirst => t!("import-date-order-month-first"),
    }
}

/// A date in a ledger the importer refused, in the window's language.
fn import_date_text(e: &crate::import::dates::DateError) -> String {
    use crate::import::dates::DateError as E;
    match e {
        E::NotADate { text, .. } => t!("import-date-unreadable", text = text),
        E::OutOfRange { text, .. } => t!(
            "import-date-out-of-range",
            text = text,
            earliest = EARLIEST,
            latest = LATEST
        ),
    }
}

/// An amount in a ledger the importer refused, in the window's language.
fn amount_error_text(e: &crate::import::numbers::AmountError) -> String {
    use crate::import::numbers::AmountError as E;
    match e {
        E::NotAnAmount { text, .. } => t!("import-amount-not-a-number", text = text),
        E::TooLarge { text } => t!(
            "import-amount-too-large",
            text = text,
            max = Money::MAX.grouped(NegativeStyle::Minus)
        ),
        E::UnsupportedMinorDigits { text, digits } => t!(
            "import-amount-unsupported-digits",
            text = text,
            digits = *digits
        ),
    }
}

/// A workbook that cannot be read, in the window's language.
fn workbook_error_text(file: &str, e: &crate::import::workbook::WorkbookError) -> String {
    use crate::import::workbook::WorkbookError;
    match e {
        WorkbookError::Unreadable(reason) => {
            t!(
                "import-error-workbook-unreadable",
                file = file,
                error = reason.as_str()
            )
        }
        WorkbookError::NoSuchSheet { sheet, sheets } => t!(
            "import-error-workbook-no-sheet",
            file = file,
            sheet = sheet.as_str(),
            sheets = sheets
                .iter()
                .map(|s| format!("'{s}'"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        WorkbookError::NoSheets => t!("import-error-workbook-no-sheets", file = file),
    }
}

/// An [`ImportError`] in the window's language.
pub(super) fn import_error_text(e: &ImportError) -> String {
    match e {
        ImportError::Io { file, source } => {
            t!("import-error-io", file = file, error = source.to_string())
        }
        ImportError::Invalid { file, problems } => {
            let mut text = t!("import-error-invalid", file = file, n = problems.len());
            for p in problems {
                text.push_str("\n  ");
                text.push_str(&finding_text(p));
            }
            if problems.len() >= crate::import::MAX_ERRORS {
                text.push_str("\n  ");
                text.push_str(&t!("import-error-stopped"));
            }
            text
        }
        ImportError::AsOfOutOfRange { file, source } => t!(
            "import-error-as-of-out-of-range",
            file = file,
            error = date_error_text(source)
        ),
        ImportError::NoAsOf { file } => t!("import-error-no-as-of", file = file),
        ImportError::Workbook { file, source } => workbook_error_text(file, source),
        ImportError::SnapshotExists { as_of, source_name } => t!(
            "import-error-snapshot-exists",
            as_of = as_of,
            source = source_name
        ),
        ImportError::DuplicateContent {
            file,
            as_of,
            source_name,
        } => t!(
            "import-error-duplicate-content",
            file = file,
            as_of = as_of,
            source = source_name
        ),
        ImportError::Cancelled => t!("import-error-cancelled"),
        ImportError::Store(e) => t!(
            "import-error-store",
            error = super::errors::store_error_text(e)
        ),
    }
}

/// What a ledger file looks like, for a user who has not chosen one yet.
fn format_help_ui(ui: &mut egui::Ui) {
    ui.add_space(12.0);
    ui.label(egui::RichText::new(t!("import-help-title")).strong());
    ui.label(t!("import-help-text"));
    ui.add_space(4.0);
    egui::Grid::new("import_format_help")
        .striped(true)
        .spacing([14.0, 2.0])
        .show(ui, |ui| {
            for field in crate::import::fields::Field::ALL {
                ui.label(egui::RichText::new(field.name()).monospace());
                ui.label(if field.required() {
                    t!("import-required")
                } else {
                    t!("import-optional")
                });
                ui.end_row();
            }
        });
    ui.add_space(4.0);
    ui.label(t!("import-help-as-of"));
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
    ui.label(egui::RichText::new(t!("import-errors-and-warnings")).strong());
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
                    line(ui, error, t!("import-error-line", text = finding_text(p)));
                } else if let Some(w) = preview.warnings.get(i - preview.problems.len()) {
                    line(ui, warn, t!("import-warning-line", text = finding_text(w)));
                }
            }
        });
    ui.add_space(4.0);
}

/// The first rows as mapped: amounts right-aligned with separators, names in full.
fn rows_ui(ui: &mut egui::Ui, preview: &LedgerPreview, style: NegativeStyle) {
    let row_height = 20.0;
    let headers: [(String, bool); 11] = [
        (t!("import-col-line"), true),
        (t!("common-customer"), false),
        (t!("common-name"), false),
        (t!("common-type"), false),
        (t!("import-col-document"), false),
        (t!("import-col-date"), false),
        (t!("import-col-due"), false),
        (t!("import-col-currency"), false),
        (t!("import-col-disputed"), false),
        (t!("common-amount"), true),
        (t!("import-col-open-amount"), true),
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
        .column(Column::auto().at_least(110.0))
        .column(Column::auto().at_least(110.0))
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
                        .map_or_else(|| "–".to_string(), labels::customer_type);
                    ui.add(egui::Label::new(t).truncate());
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
                    ui.label(if r.disputed {
                        t!("common-yes")
                    } else {
                        t!("common-no")
                    });
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
    let labels = reconciliation_labels(r);
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
                ui.label(egui::RichText::new(t!("import-rec-line")).strong());
            });
            header.col(|ui| {
                super::widgets::right(ui, |ui| {
                    ui.label(egui::RichText::new(t!("import-rec-documents")).strong())
                });
            });
            header.col(|ui| {
                super::widgets::right(ui, |ui| {
                    ui.label(egui::RichText::new(t!("common-amount")).strong())
                });
            });
        })
        .body(|body| {
            body.rows(row_height, lines.len(), |mut row| {
                let index = row.index();
                let line = &lines[index];
                // The lines come in a fixed order; a line the window has no words for keeps
                // the report's.
                let label = match (labels.len() == lines.len(), labels.get(index)) {
                    (true, Some(l)) => l.clone(),
                    _ => line.label.clone(),
                };
                row.col(|ui| {
                    let text = egui::RichText::new(label);
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
            t!(
                "import-rec-does-not-hold",
                computed = r.computed_total().grouped(style),
                total = r.total.amount.grouped(style)
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
            t!(
                "import-rec-written-off-open",
                documents = docs.join(t!("import-list-separator").as_str())
            ),
        );
    }
}

/// The reconciliation's line labels in the window's language, in the order of
/// [`Reconciliation::lines`].
fn reconciliation_labels(r: &Reconciliation) -> Vec<String> {
    let prior = match r.prior_as_of {
        Some(d) => t!("import-rec-prior", as_of = d),
        None => t!("import-rec-prior-none"),
    };
    vec![
        prior,
        t!("import-rec-new"),
        t!("import-rec-paid-down"),
        t!("import-rec-written-off"),
        t!("import-rec-collected"),
        t!("import-rec-other"),
        t!("import-rec-total", as_of = r.as_of),
        t!("import-rec-still-open"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, set_language};

    fn at(line: u64, column: Option<(usize, &str)>) -> Position {
        Position {
            file: "ar_2016-12-31.csv".into(),
            line,
            column: column.map(|(i, n)| (i, n.to_string())),
            sheet: None,
        }
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap_or_default()
    }

    /// Every problem and warning a file can have, each with the values it names.
    fn every_finding() -> (Vec<Problem>, Vec<Warning>) {
        let problems = vec![
            Problem::MissingColumn {
                field: "open_amount".into(),
                columns: vec!["Kunde".into(), "Betrag HW".into()],
                closest: Some("Betrag HW".into()),
            },
            Problem::MissingColumn {
                field: "document_no".into(),
                columns: vec!["Kunde".into()],
                closest: None,
            },
            Problem::MappedColumnMissing {
                field: "open_amount".into(),
                column: "Bal".into(),
                columns: vec!["Kunde".into()],
            },
            Problem::NoHeader {
                first_row: vec!["x".into(), "y".into()],
            },
            Problem::MixedDateOrders {
                day_first_line: 3,
                day_first: "31/12/2016".into(),
                month_first_line: 9,
                month_first: "12/31/2016".into(),
            },
            Problem::MixedNumberStyles {
                point: "1,234.56".into(),
                comma: "1.234,56".into(),
            },
            Problem::TotalDiffers {
                file_total: Money::from_minor(1600),
                documents: Money::from_minor(1500),
            },
            Problem::DuplicateColumn("due_date".into()),
            Problem::MissingValue("customer_id".into()),
            Problem::BadDate(crate::import::dates::DateError::NotADate {
                text: "2016-13-45".into(),
                reason: crate::import::dates::Reason::NoSuchDay,
            }),
            Problem::BadDate(crate::import::dates::DateError::OutOfRange {
                text: "1800-01-01".into(),
                date: date("1800-01-01"),
            }),
            Problem::BadAmount(crate::import::numbers::AmountError::NotAnAmount {
                text: "12..30".into(),
                reason: "two decimal points",
            }),
            Problem::BadAmount(crate::import::numbers::AmountError::TooLarge {
                text: "1e20".into(),
            }),
            Problem::BadAmount(
                crate::import::numbers::AmountError::UnsupportedMinorDigits {
                    text: "1.234".into(),
                    digits: 3,
                },
            ),
            Problem::BadFlag("maybe".into()),
            Problem::DuplicateDocument {
                customer: "C0001".into(),
                document: "INV-7".into(),
                first_line: 17,
            },
            Problem::FarFuture {
                date: date("2030-01-01"),
                as_of: date("2016-12-31"),
            },
            Problem::ForeignCurrency {
                found: "USD".into(),
                book: "CNY".into(),
            },
            Problem::FieldCount {
                expected: 10,
                found: 9,
            },
            Problem::NotUtf8,
            Problem::ControlCharacter {
                code: "U+0000".into(),
                position: 4,
            },
            Problem::LedgerTooLarge {
                max: "999,999,999,999,999.99".into(),
            },
            Problem::NoDataRows,
        ];
        let warnings = vec![
            Warning::UnknownType("key_account".into()),
            Warning::TypeKept {
                file: "private".into(),
                book: "state_owned".into(),
            },
            Warning::TypeChanged {
                customer: "C0002".into(),
                from: "private".into(),
                to: "state_owned".into(),
            },
            Warning::DateOrderAssumed {
                order: crate::import::dates::DateOrder::MonthFirst,
                values: 12,
                given: false,
            },
            Warning::NumberStyleAssumed {
                example: "1,234".into(),
                decimal: '.',
            },
            Warning::Rounded {
                count: 7,
                digits: 2,
                lines: vec![3, 5, 8, 13, 21],
            },
            Warning::RowsSkipped {
                count: 4,
                lines: vec![6, 9, 10, 12],
            },
            Warning::StandIn {
                field: "customer_name".into(),
                from: "customer_id".into(),
            },
            Warning::NameDiffers {
                customer: "C0003".into(),
                other: "华东电力".into(),
                line: 42,
            },
            Warning::AfterAsOf {
                date: date("2017-01-05"),
                as_of: date("2016-12-31"),
            },
            Warning::DueBeforeDocument {
                due: date("2016-01-01"),
                document: date("2016-02-01"),
            },
            Warning::UnusedColumn("region".into()),
        ];
        (problems, warnings)
    }

    /// The words a problem's English text and its values share: each value must be in
    /// the Chinese text too.
    fn values(text: &str) -> Vec<String> {
        text.split(['\'', ' ', '(', ')', ';', ','])
            .filter(|w| w.chars().any(|c| c.is_ascii_digit()) || w.contains('_'))
            .filter(|w| !w.is_empty() && *w != "UTF-8" && *w != "YYYY-MM-DD")
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn every_problem_and_warning_reads_in_chinese_with_its_line_column_and_values() {
        let (problems, warnings) = every_finding();
        let texts: Vec<(String, String)> = problems
            .iter()
            .map(|p| {
                set_language(Lang::Chinese);
                let zh = finding_text(&Finding {
                    at: at(3, Some((5, "document_date"))),
                    kind: p.clone(),
                });
                set_language(Lang::English);
                (zh, p.to_string())
            })
            .chain(warnings.iter().map(|w| {
                set_language(Lang::Chinese);
                let zh = finding_text(&Finding {
                    at: at(3, None),
                    kind: w.clone(),
                });
                set_language(Lang::English);
                (zh, w.to_string())
            }))
            .collect();
        for (zh, en) in &texts {
            assert!(zh.starts_with("第 3 行"), "{zh}");
            assert!(
                !zh.contains(" the ") && !zh.contains(" is "),
                "English in {zh}"
            );
            for v in values(en) {
                // The book's types read as their Chinese names.
                if v == "state_owned" || v == "private" {
                    continue;
                }
                assert!(zh.contains(&v), "{zh} lacks {v} of {en}");
            }
        }
        assert!(texts[0].0.starts_with("第 3 行第 5 列（document_date）："));
        let changed = &texts[problems.len() + 2].0;
        assert!(
            changed.contains("民营企业") && changed.contains("国有企业"),
            "{changed}"
        );
    }

    #[test]
    fn in_english_a_finding_reads_as_the_command_line_says_it_after_its_place() {
        set_language(Lang::English);
        let (problems, warnings) = every_finding();
        for p in problems {
            let f = Finding {
                at: at(3, Some((5, "document_date"))),
                kind: p.clone(),
            };
            // A date's or an amount's reason is the parser's English; the window says
            // the value without it.
            if matches!(p, Problem::BadDate(_) | Problem::BadAmount(_)) {
                let text = finding_text(&f);
                for v in values(&p.to_string()) {
                    assert!(text.contains(&v), "{text} lacks {v} of {p}");
                }
                continue;
            }
            // What to do differs: the command line names `agebook new`, the window its
            // menu; the rest reads the same.
            if matches!(p, Problem::ForeignCurrency { .. }) {
                let said = p.to_string();
                let (cli, _) = said.split_once(" (a ledger").unwrap();
                assert_eq!(
                    finding_text(&f),
                    format!(
                        "Line 3, column 5 (document_date): {cli} (a ledger kept in USD goes \
                         into a book of its own: File ▸ New book…, currency USD)"
                    )
                );
                continue;
            }
            assert_eq!(
                finding_text(&f),
                format!("Line 3, column 5 (document_date): {p}")
            );
        }
        for w in warnings {
            let f = Finding {
                at: at(3, None),
                kind: w.clone(),
            };
            let expected = match &w {
                // The window names the book's types as people read them.
                Warning::TypeKept { .. } => {
                    "the file says type 'private', a user set 'state owned'; the user's type \
                     is kept"
                        .to_string()
                }
                Warning::TypeChanged { .. } => "customer 'C0002' changes type from 'private' \
                                                to 'state owned' from this snapshot on"
                    .to_string(),
                other => other.to_string(),
            };
            assert_eq!(finding_text(&f), format!("Line 3: {expected}"));
        }
    }

    #[test]
    fn an_import_refused_says_why_in_chinese() {
        set_language(Lang::Chinese);
        let exists = import_error_text(&ImportError::SnapshotExists {
            as_of: date("2016-12-31"),
            source_name: "ar_2016-12-31.csv".into(),
        });
        let cancelled = import_error_text(&ImportError::Cancelled);
        set_language(Lang::English);
        assert_eq!(
            exists,
            "账簿中已有截至 2016-12-31 的快照（来自 ar_2016-12-31.csv）。"
        );
        assert_eq!(cancelled, "已取消导入；账簿保持不变。");
    }
}
