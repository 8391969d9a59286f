//! The window. `gui` never opens a connection or writes SQL: it asks [`crate::book`]
//! for view models on worker threads ([`crate::jobs`]) and draws what comes back.
//!
//! `app` is the shell (menus, as-of selector, jobs, persistence); each screen is a
//! struct with a `ui` function in its own file; `widgets` holds the shared drawing
//! helpers and `fonts` finds a CJK font for Chinese names.

pub mod alerts;
pub mod app;
pub mod audit;
pub mod customer;
pub mod errors;
pub mod file_dialog;
pub mod fonts;
pub mod import;
pub mod import_reading;
pub mod overview;
pub mod periods;
pub mod policy;
pub mod propose;
pub mod review;
pub mod rollforward;
pub mod widgets;
pub mod writeoffs;

use std::path::PathBuf;

/// Opens the window on the book at `db`; without one, on the last book, else the
/// default book (built as a demo when it does not exist).
pub fn run(db: Option<PathBuf>, user: String) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([960.0, 600.0])
            .with_title("Agebook"),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "Agebook",
        options,
        Box::new(move |cc| Ok(Box::new(app::AgebookApp::new(cc, db, user)))),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
