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
    amounts_width, count_text, date_text, money_cell, money_or_dash, number_cell, percent, right,
    sort_header, type_name,
};
use crate::domain::money::{Money, NegativeStyle};
use crate::i18n::Lang;
use crate::report::labels;
use crate::report::review::{
    PreparedReview, ReviewColumn, ReviewFilter, ReviewRow, ReviewSort, filter_and_sort, shown_sums,
};

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
    /// The balance and allowance of the rows shown, summed when they change rather than
    /// on every frame (tens of thousands of rows on a large book).
    #[serde(skip)]
    shown_sums: (Money, Money),
    #[serde(skip)]
    scroll_to: Option<usize>,
    #[serde(skip)]
    texts_loaded: bool,
    /// The columns' widths, measured for the rows, the language and the negative style.
    #[serde(skip)]
    widths: Option<(WidthsKey, [f32; 11])>,
}

/// What the columns' widths were measured for: the rows, the language, the style.
type WidthsKey = (usize, Lang, NegativeStyle);

/// The columns in order, each with whether it is right-aligned.
const COLUMNS: [(ReviewColumn, bool); 11] = [
    (ReviewColumn::Customer, false),
    (ReviewColumn::Name, false),
    (ReviewColumn::Type, false),
    (ReviewColumn::Balance, true),
    (ReviewColumn::OldestDays, true),
    (ReviewColumn::OverOneYear, true),
    (ReviewColumn::Allowance, true),
    (ReviewColumn::Coverage, true),
    (ReviewColumn::Specific, true),
    (ReviewColumn::LastCollection, false),
    (ReviewColumn::Alerts, false),
];

/// A column's header, in the window's language.
fn column_title(column: ReviewColumn) -> String {
    match column {
        ReviewColumn::Customer => t!("common-customer"),
        ReviewColumn::Name => t!("common-name"),
        ReviewColumn::Type => t!("common-type"),
        ReviewColumn::Balance => t!("common-balance"),
        ReviewColumn::OldestDays => t!("review-days"),
        ReviewColumn::OverOneYear => t!("common-over-one-year"),
        ReviewColumn::Allowance => t!("common-allowance"),
        ReviewColumn::Coverage => t!("common-cover"),
        ReviewColumn::Specific => t!("review-specific"),
        ReviewColumn::LastCollection => t!("review-last-collected"),
        ReviewColumn::Alerts => t!("review-alerts"),
    }
}

/// A row's alerts, by kind, in the window's language.
fn alerts_text(row: &ReviewRow) -> String {
    let kinds: Vec<String> = row.alerts.iter().map(labels::alert_kind).collect();
    kinds.join(t!("review-list-separator").as_str())
}

/// The widest text's width among `texts`, in `font`. Monospace texts are measured by
/// their longest; others each (a column holds few distinct ones, or its longest are picked).
fn widest<'a>(
    ui: &egui::Ui,
    font: &egui::FontId,
    texts: impl Iterator<Item = &'a str>,
    monospace: bool,
) -> f32 {
    let measure = |text: &str| {
        ui.ctx().fonts_mut(|f| {
            f.layout_no_wrap(text.to_string(), font.clone(), egui::Color32::PLACEHOLDER)
                .size()
                .x
        })
    };
    if monospace {
        texts.max_by_key(|t| t.chars().count()).map_or(0.0, measure)
    } else {
        // A few texts each (the longest of a column are picked by `PreparedReview`).
        texts.map(measure).fold(0.0, f32::max)
    }
}

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

    /// The sort in force.
    pub fn sort(&self) -> ReviewSort {
        self.sort
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
        let (Some(history), Some(rows), Some(prepared)) = (cx.history, cx.rows, cx.prepared) else {
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
        self.refresh(rows, prepared);

        let (balance, allowance) = self.shown_sums;
        ui.horizontal(|ui| {
            ui.label(t!(
                "review-count",
                shown = count_text(self.shown.len() as u64),
                total = count_text(rows.len() as u64),
                n = rows.len()
            ));
            ui.separator();
            ui.label(t!(
                "review-sum-balance",
                amount = balance.grouped(cx.style),
                currency = history.currency
            ));
            ui.separator();
            ui.label(t!(
                "review-sum-allowance",
                amount = allowance.grouped(cx.style),
                currency = history.currency
            ));
            ui.separator();
            ui.label(egui::RichText::new(t!("review-keys-hint")).weak().small());
        });
        self.keyboard(ui, cx);
        self.table_ui(ui, rows, prepared, cx);
        if self.shown.is_empty() {
            ui.add_space(12.0);
            ui.vertical_centered(|ui| {
                if rows.is_empty() {
                    ui.label(egui::RichText::new(t!("review-no-customers")).weak());
                } else {
                    ui.label(egui::RichText::new(t!("review-no-match")).weak());
                }
            });
        }
    }

    fn filters_ui(
        &mut self,
        ui: &mut egui::Ui,
        history: &crate::book::BookHistory,
        bucket_labels: &[String],
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
            let label = ui.label(t!("review-search"));
            ui.add(
                egui::TextEdit::singleline(&mut self.filter.search)
                    .id(Self::search_id())
                    .hint_text(t!("review-search-hint"))
                    .desired_width(160.0),
            )
            .labelled_by(label.id);
            ui.separator();
            let label = ui.label(t!("review-days-over"));
            let days = ui
                .add(
                    egui::TextEdit::singleline(&mut self.min_days_text)
                        .hint_text(t!("review-days-hint"))
                        .desired_width(64.0),
                )
                .labelled_by(label.id);
            if days.changed() {
                self.filter.min_days = self.min_days_text.trim().parse().ok();
            }
            if !self.min_days_text.trim().is_empty() && self.filter.min_days.is_none() {
                ui.colored_label(ui.visuals().error_fg_color, t!("review-not-a-number"));
            }
            for preset in [90, 180, 365] {
                if ui
                    .small_button(format!("{preset}"))
                    .on_hover_text(t!("review-over-days", n = preset))
                    .clicked()
                {
                    self.filter.min_days = Some(preset);
                    self.min_days_text = preset.to_string();
                }
            }
            ui.separator();
            let label = ui.label(t!("common-type"));
            let current = self
                .filter
                .customer_type
                .as_deref()
                .map_or_else(|| t!("review-all-types"), type_name);
            egui::ComboBox::from_id_salt("review_type")
                .selected_text(current)
                .show_ui(ui, |ui| {
                    ui.selectable_value(
                        &mut self.filter.customer_type,
                        None,
                        t!("review-all-types"),
                    );
                    for t in &history.customer_types {
                        let name = t.as_str().to_string();
                        let text = labels::customer_type(t);
                        ui.selectable_value(&mut self.filter.customer_type, Some(name), text);
                    }
                })
                .response
                .labelled_by(label.id);
            ui.separator();
            let label = ui.label(t!("review-balance-at-least"));
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
                ui.colored_label(ui.visuals().error_fg_color, t!("review-not-an-amount"));
            }
            ui.separator();
            ui.checkbox(&mut self.filter.alerts_only, t!("review-alerts-only"));
            if let Some(b) = self.filter.bucket {
                let name = bucket_labels
                    .get(b)
                    .map_or_else(|| (b + 1).to_string(), |l| labels::bucket(l));
                if ui
                    .button(t!("review-bucket-filter", bucket = name))
                    .on_hover_text(t!("review-remove-bucket-filter"))
                    .clicked()
                {
                    self.filter.bucket = None;
                }
            }
            if !self.filter.is_empty() && ui.button(t!("review-clear-filters")).clicked() {
                self.filter = ReviewFilter::default();
                self.min_days_text.clear();
                self.min_balance_text.clear();
            }
        });
    }

    /// The rows shown, worked out again when the rows, the filter or the sort change;
    /// taken from `prepared` (worked out with the rows, on the worker) when it is for
    /// the filter and sort in force.
    fn refresh(&mut self, rows: &Arc<Vec<ReviewRow>>, prepared: &PreparedReview) {
        let key = (Arc::as_ptr(rows) as usize, self.filter.clone(), self.sort);
        if self.shown_for.as_ref() == Some(&key) {
            return;
        }
        if prepared.filter == self.filter && prepared.sort == self.sort {
            self.shown.clone_from(&prepared.shown);
            self.shown_sums = prepared.shown_sums;
        } else {
            self.shown = filter_and_sort(rows, &self.filter, self.sort);
            self.shown_sums = shown_sums(rows, &self.shown);
        }
        self.shown_for = Some(key);
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

    /// The columns' widths: each fits its header (with the sort arrow) and its widest
    /// value, so a big book's amounts (billions, to the fen) are never cut; the name takes
    /// what is left. Measured once per rows, language and style.
    fn widths(
        &mut self,
        ui: &egui::Ui,
        rows: &Arc<Vec<ReviewRow>>,
        prepared: &PreparedReview,
        style: NegativeStyle,
    ) -> [f32; 11] {
        let key = (Arc::as_ptr(rows) as usize, crate::i18n::language(), style);
        if let Some((k, w)) = &self.widths
            && *k == key
        {
            return *w;
        }
        let body = egui::TextStyle::Body.resolve(ui.style());
        let mono = egui::TextStyle::Monospace.resolve(ui.style());
        // A header is bold, with a sort arrow and a button's padding.
        let arrow = widest(ui, &body, [" ⬇"].into_iter(), false) + 8.0;
        let money = |(low, high): (Money, Money)| -> f32 {
            amounts_width(ui, [low, high].into_iter(), style)
        };
        let text = |texts: Vec<String>, mono_font: bool| -> f32 {
            let font = if mono_font { &mono } else { &body };
            widest(ui, font, texts.iter().map(String::as_str), mono_font)
        };
        let mut w = [0.0f32; 11];
        for (i, (column, _)) in COLUMNS.iter().enumerate() {
            let header = widest(
                ui,
                &body,
                [column_title(*column).as_str()].into_iter(),
                false,
            );
            let content = match column {
                ReviewColumn::Customer => text(prepared.longest_ids.clone(), false),
                ReviewColumn::Name => 0.0,
                ReviewColumn::Type => {
                    text(prepared.types.iter().map(|t| type_name(t)).collect(), false).min(140.0)
                }
                ReviewColumn::Balance => money(prepared.amounts[0]),
                ReviewColumn::OldestDays => {
                    // The longest number is the largest or the most negative.
                    let (low, high) = prepared.days;
                    text(vec![low.to_string(), high.to_string()], true)
                }
                ReviewColumn::OverOneYear => money(prepared.amounts[1]),
                ReviewColumn::Allowance => money(prepared.amounts[2]),
                ReviewColumn::Coverage => text(vec!["100.0%".into()], true),
                ReviewColumn::Specific => {
                    text(prepared.longest_specifics.clone(), false).min(120.0)
                }
                ReviewColumn::LastCollection => text(vec!["2000-00-00".into()], false),
                ReviewColumn::Alerts => text(
                    prepared
                        .alert_kinds
                        .iter()
                        .filter_map(|&i| rows.get(i))
                        .map(alerts_text)
                        .collect(),
                    false,
                )
                .min(180.0),
            };
            w[i] = (header + arrow).max(content + 6.0).ceil();
        }
        self.widths = Some((key, w));
        w
    }

    fn table_ui(
        &mut self,
        ui: &mut egui::Ui,
        rows: &Arc<Vec<ReviewRow>>,
        prepared: &PreparedReview,
        cx: &mut ScreenContext<'_>,
    ) {
        let style = cx.style;
        let row_height = 22.0;
        let w = self.widths(ui, rows, prepared, style);
        let mut builder = TableBuilder::new(ui)
            .id_salt("review_table")
            .striped(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::exact(w[0]))
            .column(Column::remainder().at_least(120.0).clip(true))
            .column(Column::exact(w[2]).clip(true))
            .column(Column::exact(w[3]))
            .column(Column::exact(w[4]))
            .column(Column::exact(w[5]))
            .column(Column::exact(w[6]))
            .column(Column::exact(w[7]))
            .column(Column::exact(w[8]))
            .column(Column::exact(w[9]))
            .column(Column::exact(w[10]).clip(true));
        if let Some(n) = self.scroll_to.take() {
            builder = builder.scroll_to_row(n, None);
        }
        let mut clicked_sort = None;
        let mut open = None;
        let mut select = None;
        builder
            .header(row_height + 2.0, |mut header| {
                for (column, right_aligned) in COLUMNS {
                    header.col(|ui| {
                        let active = self.sort.column == column;
                        let title = column_title(column);
                        if sort_header(ui, &title, active, self.sort.descending, right_aligned) {
                            clicked_sort = Some(column);
                        }
                        if column == ReviewColumn::OldestDays {
                            ui.response().on_hover_text(t!("review-days-hover"));
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
                        ui.add(egui::Label::new(type_name(&r.customer_type)).truncate());
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
                        if !r.alerts.is_empty() {
                            let text = egui::RichText::new(alerts_text(r))
                                .color(ui.visuals().warn_fg_color);
                            ui.add(egui::Label::new(text).truncate());
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
