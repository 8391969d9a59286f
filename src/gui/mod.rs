//! The window. `gui` never opens a connection or writes SQL: it asks [`crate::book`]
//! for view models on a worker thread ([`crate::jobs`]) and draws what comes back.

pub mod app;

use std::path::PathBuf;

/// Opens the window on the book at `db` (a demo book is built there when none exists).
pub fn run(db: PathBuf, user: String) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([800.0, 500.0])
            .with_title(app::window_title(&db)),
        ..Default::default()
    };
    eframe::run_native(
        "Agebook",
        options,
        Box::new(move |cc| Ok(Box::new(app::AgebookApp::new(&cc.egui_ctx, db, user)))),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
