//! The review screen (being written).

use serde::{Deserialize, Serialize};

use super::app::ScreenContext;
use crate::report::review::ReviewFilter;

/// Every customer, filtered and sorted.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewScreen {
    filter: ReviewFilter,
}

impl ReviewScreen {
    /// Replaces the filter (from a matrix cell on the overview).
    pub fn set_filter(&mut self, filter: ReviewFilter) {
        self.filter = filter;
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut egui::Ui, _cx: &mut ScreenContext<'_>) {
        ui.label(&self.filter.search);
    }
}
