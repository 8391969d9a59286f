//! The long-aging review: every customer of the selected snapshot in one virtualised,
//! sortable table, with filters. Rows come from the shell's view (built on a worker);
//! this screen only filters and sorts them in memory, and only when a filter, the sort
//! or the rows change.
//!
//! Keyboard: ↑/↓ move the selection, Enter opens the customer, Ctrl+F focuses search.

use std::sync::Arc;

use egui_extras::{Column, TableBuilder};
use serde::{Deserialize, Serialize};

use super::app::{Action, ScreenContext};
use super::widgets::{
    date_text, money_cell, money_or_dash, number_cell, percent, right, sort_header,
};
use crate::domain::aging::display_label;
use crate::domain::money::Money;
use crate::report::review::{ReviewColumn, ReviewFilter, ReviewRow, ReviewSort, filter_and_sort};

/// Every customer, filtered and sorted.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewScreen {
    filter: ReviewFilter,
    sort: ReviewSort,
    #[serde(skip)]
    min_days_text: String,
    #[serde(skip)]
    min_balance_text: String,
    #[serde(skip)]
    selected: Option<String>,
    #[serde(skip)]
    shown: Vec<usize>,
    #[serde(skip)]
    shown_for: Option<(usize, ReviewFilter, ReviewSort)>,
    #[serde(skip)]
    scroll_to: Option<usize>,
    #[serde(skip)]
    texts_loaded: bool,
}

const COLUMNS: [(ReviewColumn, &str, bool); 11] = [
    (ReviewColumn::Customer, "Customer", false),
    (ReviewColumn::Name, "Name", false),
    (ReviewColumn::Type, "Type", false),
    (ReviewColumn::Balance, "Balance", true),
    (ReviewColumn::OldestDays, "Days", true),
    (ReviewColumn::OverOneYear, "Over 1 year", true),
    (ReviewColumn::Allowance, "Allowance", true),
    (ReviewColumn::Coverage, "Cover", true),
    (ReviewColumn::Specific, "Specific", true),
    (ReviewColumn::LastCollection, "Last collected", false),
    (ReviewColumn::Alerts, "Alerts", false),
];

impl ReviewScreen {
    /// The customer highlighted in the table, if any.
    pub fn selected(&self) -> Option<&str> {
        self.selected.as_deref()
    }

    /// Replaces the filter (from a matrix cell on the overview).
    pub fn set_filter(&mut self, filter: ReviewFilter) {
        self.filter = filter;
        self.texts_loaded = false;
    }

    /// The filter in force.
    pub fn filter(&self) -> &ReviewFilter {
        &self.filter
    }

    /// The rows shown, as indices into the view's rows, in display order.
    pub fn shown(&self) -> &[usize] {
        &self.shown
    }

    fn search_id() -> egui::Id {
        egui::Id::unique("review_search")
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>) {
        let (Some(history), Some(rows)) = (cx.history, cx.rows) else {
            ui.spinner();
            return;
        };
        if !self.texts_loaded {
            self.min_days_text = self
                .filter
                .min_days
                .map(|d| d.to_string())
                .unwrap_or_default();
            self.min_balance_text = self
                .filter
                .min_balance
                .map(|m| m.to_string())
                .unwrap_or_default();
            self.texts_loaded = true;
        }
        let labels: Vec<String> = cx
            .at
            .and_then(|i| history.assessments.get(i))
            .map(|a| a.bucket_labels.clone())
            .unwrap_or_default();
        self.filters_ui(ui, history, &labels);
        self.refresh(rows);

        let shown_rows: Vec<&ReviewRow> = self.shown.iter().map(|&i| &rows[i]).collect();
        let balance: Money = shown_rows.iter().map(|r| r.balance).sum();
        let allowance: Money = shown_rows.iter().map(|r| r.allowance).sum();
        ui.horizontal(|ui| {
            ui.label(format!("{} of {} customers", self.shown.len(), rows.len()));
            ui.separator();
            ui.label(format!(
                "balance {} {}",
                balance.grouped(cx.style),
                history.currency
            ));
            ui.separator();
            ui.label(format!(
                "allowance {} {}",
                allowance.grouped(cx.style),
                history.currency
            ));
            ui.separator();
            ui.label(
                egui::RichText::new("↑↓ select · Enter opens · Ctrl+F search")
                    .weak()
                    .small(),
            );
        });
        self.keyboard(ui, cx);
        self.table_ui(ui, rows, cx);
    }

    fn filters_ui(
        &mut self,
        ui: &mut egui::Ui,
        history: &crate::book::BookHistory,
        labels: &[String],
    ) {
        let ctx = ui.ctx().clone();
        if ctx.input_mut(|i| {
            i.consume_shortcut(&egui::KeyboardShortcut::new(
                egui::Modifiers::COMMAND,
                egui::Key::F,
            ))
        }) {
            ctx.memory_mut(|m| m.request_focus(Self::search_id()));
        }
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Search");
            ui.add(
                egui::TextEdit::singleline(&mut self.filter.search)
                    .id(Self::search_id())
                    .hint_text("id or name")
                    .desired_width(160.0),
            )
            .labelled_by(label.id);
            ui.separator();
            let label = ui.label("Days past due over");
            let days = ui
                .add(
                    egui::TextEdit::singleline(&mut self.min_days_text)
                        .hint_text("e.g. 365")
                        .desired_width(48.0),
                )
                .labelled_by(label.id);
            if days.changed() {
                self.filter.min_days = self.min_days_text.trim().parse().ok();
            }
            if !self.min_days_text.trim().is_empty() && self.filter.min_days.is_none() {
                ui.colored_label(ui.visuals().error_fg_color, "not a number");
            }
            for preset in [90, 180, 365] {
                if ui
                    .small_button(format!("{preset}"))
                    .on_hover_text(format!("Over {preset} days"))
                    .clicked()
                {
                    self.filter.min_days = Some(preset);
                    self.min_days_text = preset.to_string();
                }
            }
            ui.separator();
            let label = ui.label("Type");
            let current = self
                .filter
                .customer_type
                .clone()
                .unwrap_or_else(|| "all".into());
            egui::ComboBox::from_id_salt("review_type")
                .selected_text(current.replace('_', " "))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.filter.customer_type, None, "all");
                    for t in &history.customer_types {
                        let name = t.as_str().to_string();
                        let text = name.replace('_', " ");
                        ui.selectable_value(&mut self.filter.customer_type, Some(name), text);
                    }
                })
                .response
                .labelled_by(label.id);
            ui.separator();
            let label = ui.label("Balance at least");
            let min = ui
                .add(
                    egui::TextEdit::singleline(&mut self.min_balance_text)
                        .hint_text("0.00")
                        .desired_width(90.0),
                )
                .labelled_by(label.id);
            if min.changed() {
                self.filter.min_balance =
                    Money::parse(&self.min_balance_text.replace(',', "")).ok();
            }
            if !self.min_balance_text.trim().is_empty() && self.filter.min_balance.is_none() {
                ui.colored_label(ui.visuals().error_fg_color, "not an amount");
            }
            ui.separator();
            ui.checkbox(&mut self.filter.alerts_only, "Alerts only");
            if let Some(b) = self.filter.bucket {
                let name = labels
                    .get(b)
                    .map_or_else(|| format!("bucket {b}"), |l| display_label(l));
                if ui
                    .button(format!("Bucket {name} ×"))
                    .on_hover_text("Remove the bucket filter")
                    .clicked()
                {
                    self.filter.bucket = None;
                }
            }
            if !self.filter.is_empty() && ui.button("Clear filters").clicked() {
                self.filter = ReviewFilter::default();
                self.min_days_text.clear();
                self.min_balance_text.clear();
            }
        });
    }

    fn refresh(&mut self, rows: &Arc<Vec<ReviewRow>>) {
        let key = (Arc::as_ptr(rows) as usize, self.filter.clone(), self.sort);
        if self.shown_for.as_ref() != Some(&key) {
            self.shown = filter_and_sort(rows, &self.filter, self.sort);
            self.shown_for = Some(key);
        }
    }

    fn keyboard(&mut self, ui: &egui::Ui, cx: &mut ScreenContext<'_>) {
        let Some(rows) = cx.rows else { return };
        if ui.ctx().egui_wants_keyboard_input() || self.shown.is_empty() {
            return;
        }
        let (down, up, enter) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::ArrowDown),
                i.key_pressed(egui::Key::ArrowUp),
                i.key_pressed(egui::Key::Enter),
            )
        });
        let position = self
            .selected
            .as_ref()
            .and_then(|id| self.shown.iter().position(|&i| rows[i].customer_id == *id));
        let next = match (down, up, position) {
            (true, _, None) | (_, true, None) => Some(0),
            (true, _, Some(p)) => Some((p + 1).min(self.shown.len() - 1)),
            (_, true, Some(p)) => Some(p.saturating_sub(1)),
            _ => None,
        };
        if let Some(n) = next {
            self.selected = Some(rows[self.shown[n]].customer_id.clone());
            self.scroll_to = Some(n);
        }
        if enter && let Some(id) = &self.selected {
            cx.actions.push(Action::OpenCustomer(id.clone()));
        }
    }

    fn table_ui(
        &mut self,
        ui: &mut egui::Ui,
        rows: &Arc<Vec<ReviewRow>>,
        cx: &mut ScreenContext<'_>,
    ) {
        let style = cx.style;
        let row_height = 22.0;
        let mut builder = TableBuilder::new(ui)
            .id_salt("review_table")
            .striped(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::exact(62.0))
            .column(
                Column::initial(230.0)
                    .at_least(120.0)
                    .clip(true)
                    .resizable(true),
            )
            .column(Column::exact(92.0))
            .column(Column::exact(112.0))
            .column(Column::exact(62.0))
            .column(Column::exact(112.0))
            .column(Column::exact(112.0))
            .column(Column::exact(58.0))
            .column(Column::exact(70.0))
            .column(Column::exact(92.0))
            .column(Column::remainder().at_least(100.0).clip(true));
        if let Some(n) = self.scroll_to.take() {
            builder = builder.scroll_to_row(n, None);
        }
        let mut clicked_sort = None;
        let mut open = None;
        let mut select = None;
        builder
            .header(row_height + 2.0, |mut header| {
                for (column, title, right_aligned) in COLUMNS {
                    header.col(|ui| {
                        let active = self.sort.column == column;
                        if sort_header(ui, title, active, self.sort.descending, right_aligned) {
                            clicked_sort = Some(column);
                        }
                        if column == ReviewColumn::OldestDays {
                            ui.response()
                                .on_hover_text("Days past due of the oldest open item");
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(row_height, self.shown.len(), |mut table_row| {
                    let r = &rows[self.shown[table_row.index()]];
                    table_row
                        .set_selected(self.selected.as_deref() == Some(r.customer_id.as_str()));
                    table_row.col(|ui| {
                        ui.label(&r.customer_id);
                    });
                    table_row.col(|ui| {
                        ui.add(egui::Label::new(&r.name).truncate());
                    });
                    table_row.col(|ui| {
                        ui.label(r.customer_type.replace('_', " "));
                    });
                    table_row.col(|ui| {
                        money_cell(ui, r.balance, style);
                    });
                    table_row.col(|ui| {
                        number_cell(
                            ui,
                            r.oldest_days.map_or_else(|| "–".into(), |d| d.to_string()),
                        );
                    });
                    table_row.col(|ui| {
                        money_or_dash(ui, r.over_one_year, style);
                    });
                    table_row.col(|ui| {
                        money_cell(ui, r.allowance, style);
                    });
                    table_row.col(|ui| {
                        number_cell(ui, r.coverage.map_or_else(|| "–".into(), percent));
                    });
                    table_row.col(|ui| {
                        right(ui, |ui| ui.label(r.specific.clone().unwrap_or_default()));
                    });
                    table_row.col(|ui| {
                        ui.label(date_text(r.last_collection));
                    });
                    table_row.col(|ui| {
                        let text: Vec<&str> = r.alerts.iter().map(|a| a.label()).collect();
                        if !text.is_empty() {
                            ui.colored_label(ui.visuals().warn_fg_color, text.join(", "));
                        }
                    });
                    let response = table_row.response();
                    if response.double_clicked() {
                        open = Some(r.customer_id.clone());
                    } else if response.clicked() {
                        select = Some(r.customer_id.clone());
                    }
                });
            });
        if let Some(column) = clicked_sort {
            if self.sort.column == column {
                self.sort.descending = !self.sort.descending;
            } else {
                // Amounts and ages read largest first; names A to Z.
                let text = matches!(
                    column,
                    ReviewColumn::Customer | ReviewColumn::Name | ReviewColumn::Type
                );
                self.sort = ReviewSort {
                    column,
                    descending: !text,
                };
            }
        }
        if let Some(id) = select {
            self.selected = Some(id);
        }
        if let Some(id) = open {
            self.selected = Some(id.clone());
            cx.actions.push(Action::OpenCustomer(id));
        }
    }
}
