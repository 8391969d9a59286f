//! The overview screen (being written).

use serde::{Deserialize, Serialize};

use super::app::ScreenContext;

/// Headline figures, the aging matrix and the trends of one as-of date.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OverviewScreen {
    show_allowance: bool,
}

impl OverviewScreen {
    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut egui::Ui, _cx: &mut ScreenContext<'_>) {
        ui.checkbox(&mut self.show_allowance, "Allowance");
    }
}
