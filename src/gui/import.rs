//! The import screen (being written).

use std::path::PathBuf;

use super::app::ScreenContext;

/// Import a ledger: choose, preview, import with progress, reconcile.
#[derive(Default)]
pub struct ImportScreen {
    path: Option<PathBuf>,
}

impl ImportScreen {
    /// Takes a file (from the dialog or dropped on the window).
    pub fn choose(&mut self, path: PathBuf) {
        self.path = Some(path);
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut egui::Ui, _cx: &mut ScreenContext<'_>) {
        ui.label(
            self.path
                .as_ref()
                .map_or_else(|| "No file".to_string(), |p| p.display().to_string()),
        );
    }
}
