//! The alerts panel: the alerts at the as-of date, each a click to its customer; its count is the badge in the navigation.

use serde::{Deserialize, Serialize};

use super::app::ScreenContext;

/// The screen's state.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AlertsPanel {}

impl AlertsPanel {
    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>) {
        let _ = (ui, cx);
    }
}

impl AlertsPanel {
    /// The number the navigation's badge shows, once known.
    pub fn count(&mut self, cx: &ScreenContext<'_>) -> Option<usize> {
        let _ = cx;
        None
    }
}
