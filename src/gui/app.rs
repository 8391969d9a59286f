//! The eframe application: the shell around the screens. For now it opens the book on a
//! worker, builds the demo book when none exists, and lists the book's snapshots.

use std::path::{Path, PathBuf};

use egui_extras::{Column, TableBuilder};

use crate::book::Book;
use crate::domain::money::NegativeStyle;
use crate::jobs::{Job, JobContext};
use crate::store::SnapshotInfo;

/// What the worker hands back after opening the book.
pub struct BookView {
    /// The snapshots, oldest first.
    pub snapshots: Vec<SnapshotInfo>,
    /// The functional currency.
    pub currency: String,
    /// True when the demo was built because the book did not exist.
    pub built_demo: bool,
}

/// The application.
pub struct AgebookApp {
    db: PathBuf,
    user: String,
    view: Option<BookView>,
    error: Option<String>,
    job: Option<Job<Result<BookView, String>>>,
}

/// The window title for a book.
pub fn window_title(db: &Path) -> String {
    let name = db.file_name().map_or_else(
        || db.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    format!("{name} — Agebook")
}

fn load(
    db: &Path,
    user: &str,
    ctx: &mut JobContext<Result<BookView, String>>,
) -> Result<BookView, String> {
    let is_new = !db.exists();
    let mut book = Book::open(db, user).map_err(|e| e.to_string())?;
    let mut built_demo = false;
    if is_new {
        ctx.progress(Some(0.0), "Building the demo book from the fixtures…");
        let cancel = std::sync::atomic::AtomicBool::new(false);
        crate::demo::build_demo(
            &mut book,
            &mut |done, total, name| {
                ctx.progress(
                    Some(done as f32 / total.max(1) as f32),
                    format!("Importing {name}"),
                );
            },
            &cancel,
        )
        .map_err(|e| e.to_string())?;
        built_demo = true;
    }
    Ok(BookView {
        snapshots: book.snapshots().map_err(|e| e.to_string())?,
        currency: book.settings().map_err(|e| e.to_string())?.currency,
        built_demo,
    })
}

impl AgebookApp {
    /// Starts opening the book in the background.
    pub fn new(ctx: &egui::Context, db: PathBuf, user: String) -> AgebookApp {
        let mut app = AgebookApp {
            db,
            user,
            view: None,
            error: None,
            job: None,
        };
        app.reload(ctx);
        app
    }

    /// Reloads the book's view on a worker.
    pub fn reload(&mut self, ctx: &egui::Context) {
        let (db, user) = (self.db.clone(), self.user.clone());
        let repaint = ctx.clone();
        self.job = Some(Job::spawn(
            "open book",
            move || repaint.request_repaint(),
            move |jc| load(&db, &user, jc),
        ));
    }

    /// True while the worker runs.
    pub fn is_loading(&self) -> bool {
        self.job.is_some()
    }

    /// The loaded view, once there is one.
    pub fn view(&self) -> Option<&BookView> {
        self.view.as_ref()
    }

    fn snapshots_ui(ui: &mut egui::Ui, view: &BookView) {
        let style = NegativeStyle::Minus;
        let text_height = egui::TextStyle::Body.resolve(ui.style()).size + 6.0;
        TableBuilder::new(ui)
            .id_salt("snapshots")
            .striped(true)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::auto().at_least(90.0))
            .column(Column::auto().at_least(160.0))
            .columns(Column::auto().at_least(120.0), 4)
            .column(Column::remainder())
            .header(text_height + 4.0, |mut header| {
                let right = ["Items", "Total", "Debits", "Credits"];
                for title in ["As of", "Source file"] {
                    header.col(|ui| {
                        ui.strong(title);
                    });
                }
                for title in right {
                    header.col(|ui| {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.strong(title);
                        });
                    });
                }
                header.col(|ui| {
                    ui.strong("Imported");
                });
            })
            .body(|body| {
                body.rows(text_height, view.snapshots.len(), |mut row| {
                    let s = &view.snapshots[view.snapshots.len() - 1 - row.index()];
                    row.col(|ui| {
                        ui.label(s.as_of.to_string());
                    });
                    row.col(|ui| {
                        ui.label(&s.source_name);
                    });
                    let numbers = [
                        s.row_count.to_string(),
                        s.total.grouped(style),
                        s.debits.grouped(style),
                        s.credits.grouped(style),
                    ];
                    for text in numbers {
                        row.col(|ui| {
                            ui.with_layout(
                                egui::Layout::right_to_left(egui::Align::Center),
                                |ui| {
                                    ui.monospace(text);
                                },
                            );
                        });
                    }
                    row.col(|ui| {
                        ui.label(format!(
                            "{} by {}",
                            s.imported_at.replace('T', " ").trim_end_matches('Z'),
                            s.imported_by
                        ));
                    });
                });
            });
    }
}

impl eframe::App for AgebookApp {
    fn logic(&mut self, _ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if let Some(job) = &mut self.job
            && let Some(result) = job.poll()
        {
            self.job = None;
            match result {
                Ok(view) => {
                    self.view = Some(view);
                    self.error = None;
                }
                Err(e) => self.error = Some(e),
            }
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::Panel::top("book").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.heading("Agebook");
                ui.separator();
                ui.label(self.db.display().to_string());
                if let Some(view) = &self.view {
                    ui.separator();
                    ui.label(format!(
                        "{} snapshots · amounts in {}",
                        view.snapshots.len(),
                        view.currency
                    ));
                }
            });
        });
        egui::CentralPanel::default().show(ui, |ui| {
            if let Some(error) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            if let Some(job) = &self.job {
                let (fraction, status) = job.progress();
                ui.label(if status.is_empty() {
                    "Opening the book…"
                } else {
                    status
                });
                ui.add(egui::ProgressBar::new(fraction.unwrap_or(0.0)).show_percentage());
                return;
            }
            if let Some(view) = &self.view {
                if view.built_demo {
                    ui.label(
                        "No book was found, so a demo book was built from the bundled fixtures.",
                    );
                }
                ui.heading("Snapshots");
                if view.snapshots.is_empty() {
                    ui.label(
                        "This book has no snapshots yet. Import one with `agebook import FILE`.",
                    );
                } else {
                    AgebookApp::snapshots_ui(ui, view);
                }
            }
        });
    }
}
