//! The overview screen: the headline figures of one as-of date against the prior
//! snapshot, the aging matrix by customer type (amounts or allowance; a click on a cell
//! opens the review filtered to it), the matrix as a stacked bar chart, the trend of
//! receivables and allowance over every snapshot, and the trends a regulator asks about
//! (share over one year, customers lost).

use egui_extras::{Column, TableBuilder};
use egui_plot::{Bar, BarChart, Line, Plot, PlotPoints};
use serde::{Deserialize, Serialize};

use super::app::{Action, Screen, ScreenContext};
use super::widgets::{
    figure, integer_marks, money_cell, money_or_dash, percent, plot_value, right, text_width,
    type_name,
};
use crate::domain::aging::display_label;
use crate::domain::money::{Money, NegativeStyle};
use crate::report::aging::AgingReport;
use crate::report::labels;
use crate::report::overview::{Headline, Overview};
use crate::report::review::{ReviewFilter, coverage};

/// The overview's remembered choices.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OverviewScreen {
    /// Show the allowance in the matrix instead of the amounts.
    pub show_allowance: bool,
}

fn change(current: Money, prior: Option<Money>, style: NegativeStyle) -> Option<String> {
    let prior = prior?;
    let delta = current - prior;
    let sign = if delta.is_positive() { "+" } else { "" };
    Some(t!(
        "overview-vs-prior",
        change = format!("{sign}{}", delta.grouped(style))
    ))
}

impl OverviewScreen {
    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>) {
        let Some(history) = cx.history else {
            ui.centered_and_justified(|ui| ui.spinner());
            return;
        };
        if history.snapshots.is_empty() {
            empty_book_ui(ui, cx);
            return;
        }
        let Some(overview) = cx.overview else {
            ui.spinner();
            return;
        };
        let style = cx.style;
        egui::ScrollArea::vertical()
            .id_salt("overview")
            .show(ui, |ui| {
                headline_ui(ui, &overview.current, overview.prior.as_ref(), style);
                ui.add_space(6.0);
                ui.horizontal(|ui| {
                    ui.heading(t!("overview-matrix-heading", currency = history.currency));
                    ui.add_space(12.0);
                    ui.selectable_value(
                        &mut self.show_allowance,
                        false,
                        t!("overview-show-amounts"),
                    );
                    ui.selectable_value(&mut self.show_allowance, true, t!("common-allowance"));
                    ui.label(
                        egui::RichText::new(t!("overview-click-hint"))
                            .weak()
                            .small(),
                    );
                });
                let report = if self.show_allowance {
                    &overview.allowance
                } else {
                    &overview.amounts
                };
                matrix_ui(ui, report, style, cx.actions);
                written_off_in_ledger_ui(ui, &overview.amounts, style, cx.actions);
                ui.add_space(8.0);
                charts_ui(ui, overview, self.show_allowance);
            });
    }
}

/// "Written off, still in the ledger": documents a posted write-off covers that the
/// ERP still lists, set apart from every figure above, each customer a click away.
fn written_off_in_ledger_ui(
    ui: &mut egui::Ui,
    report: &AgingReport,
    style: NegativeStyle,
    actions: &mut Vec<Action>,
) {
    if report.written_off_in_ledger.is_empty() {
        return;
    }
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        ui.label(
            egui::RichText::new(t!(
                "overview-written-off-in-ledger",
                amount = report.total.written_off_in_ledger.grouped(style)
            ))
            .strong(),
        );
        ui.label(egui::RichText::new(t!("overview-in-none-of-the-figures")).weak());
        for w in &report.written_off_in_ledger {
            let text = t!(
                "overview-written-off-customer",
                customer = w.customer_id,
                name = w.name,
                amount = w.amount.grouped(style),
                n = w.documents.len()
            );
            if ui
                .link(text)
                .on_hover_text(t!("overview-open-customer"))
                .clicked()
            {
                actions.push(Action::OpenCustomer(w.customer_id.clone()));
            }
        }
    });
}

fn empty_book_ui(ui: &mut egui::Ui, cx: &mut ScreenContext<'_>) {
    ui.vertical_centered(|ui| {
        ui.add_space(80.0);
        ui.heading(t!("overview-empty-title"));
        ui.label(t!("overview-empty-text"));
        ui.add_space(12.0);
        if ui.button(t!("overview-import-ledger")).clicked() {
            cx.actions.push(Action::Show(Screen::Import));
        }
        if ui
            .add_enabled(!cx.busy, egui::Button::new(t!("overview-build-demo")))
            .clicked()
        {
            cx.actions.push(Action::Run(super::app::BookOp::BuildDemo));
        }
    });
}

fn headline_ui(
    ui: &mut egui::Ui,
    current: &Headline,
    prior: Option<&Headline>,
    style: NegativeStyle,
) {
    // Six figures need about 1,050 points; narrower (a side panel open) they go in two
    // rows of three rather than off the edge.
    let narrow = ui.available_width() < 1080.0;
    ui.horizontal_wrapped(|ui| {
        let spacing = 36.0;
        figure(
            ui,
            &t!("overview-total-receivables"),
            current.total.grouped(style),
            change(current.total, prior.map(|p| p.total), style),
        );
        ui.add_space(spacing);
        figure(
            ui,
            &t!("common-allowance"),
            current.allowance.grouped(style),
            change(current.allowance, prior.map(|p| p.allowance), style),
        );
        ui.add_space(spacing);
        let cov = coverage(current.allowance, current.total);
        let prior_cov = prior.and_then(|p| coverage(p.allowance, p.total));
        let cov_change = match (cov, prior_cov) {
            (Some(c), Some(p)) => {
                let points = ((c - p) * rust_decimal::Decimal::ONE_HUNDRED).round_dp(1);
                let sign = if points.is_sign_positive() && !points.is_zero() {
                    "+"
                } else {
                    ""
                };
                Some(t!(
                    "overview-points-vs-prior",
                    points = format!("{sign}{points:.1}")
                ))
            }
            _ => None,
        };
        figure(
            ui,
            &t!("common-coverage"),
            cov.map_or_else(|| "–".to_string(), percent),
            cov_change,
        );
        if narrow {
            ui.end_row();
        } else {
            ui.add_space(spacing);
        }
        let share = coverage(current.over_one_year, current.total).map(percent);
        figure(
            ui,
            &t!("overview-over-one-year"),
            current.over_one_year.grouped(style),
            share.map(|s| t!("overview-share-of-receivables", share = s)),
        );
        ui.add_space(spacing);
        let customers_change = prior.map(|p| {
            let d = current.customers as i64 - p.customers as i64;
            t!(
                "overview-vs-prior",
                change = format!("{}{d}", if d > 0 { "+" } else { "" })
            )
        });
        figure(
            ui,
            &t!("overview-customers-with-balance"),
            super::widgets::count_text(current.customers as u64),
            customers_change,
        );
        if let Some(p) = prior {
            ui.add_space(spacing);
            figure(
                ui,
                &t!("overview-prior-snapshot"),
                p.as_of.to_string(),
                None,
            );
        }
    });
}

/// The aging matrix. The type column is a table of its own, pinned on the left; the
/// buckets, the total and the coverage scroll sideways beside it when a big book's
/// amounts (billions, to the fen) are wider than the window. Both tables have the same
/// rows and row height, so their rows line up.
fn matrix_ui(
    ui: &mut egui::Ui,
    report: &AgingReport,
    style: NegativeStyle,
    actions: &mut Vec<Action>,
) {
    let labels: Vec<String> = report
        .total
        .buckets
        .0
        .iter()
        .map(|(l, _)| l.clone())
        .collect();
    let row_height = 22.0;
    let rows: Vec<&crate::report::aging::AgingRow> = report
        .rows
        .iter()
        .chain(std::iter::once(&report.total))
        .collect();
    let is_total = |row: &crate::report::aging::AgingRow| row.key == "total";
    // Every column fits its widest text: names in the body font, amounts in monospace.
    let body = egui::TextStyle::Body.resolve(ui.style());
    let mono = egui::TextStyle::Monospace.resolve(ui.style());
    let type_names: Vec<String> = rows
        .iter()
        .map(|r| {
            if is_total(r) {
                t!("common-total")
            } else {
                type_name(&r.key)
            }
        })
        .collect();
    let type_width = type_names
        .iter()
        .chain(std::iter::once(&t!("common-type")))
        .map(|name| text_width(ui, name, &body))
        .fold(80.0, f32::max)
        .min(220.0)
        .ceil()
        + 8.0;
    let amount_width = |header: &str, amounts: &mut dyn Iterator<Item = Money>| -> f32 {
        let widest = amounts
            .map(|m| m.grouped(style))
            .max_by_key(|t| t.chars().count())
            .map_or(0.0, |t| text_width(ui, &t, &mono));
        widest.max(text_width(ui, header, &body) + 4.0).ceil() + 4.0
    };
    let bucket_headers: Vec<String> = labels.iter().map(|l| labels::bucket(l)).collect();
    let bucket_widths: Vec<f32> = bucket_headers
        .iter()
        .enumerate()
        .map(|(b, header)| {
            amount_width(
                header,
                &mut rows
                    .iter()
                    .filter_map(|r| r.buckets.0.get(b).map(|(_, m)| *m)),
            )
        })
        .collect();
    let row_total = |row: &crate::report::aging::AgingRow| {
        if report.measure == "aging" {
            row.balance
        } else {
            row.allowance
        }
    };
    let total_width = amount_width(&t!("common-total"), &mut rows.iter().map(|r| row_total(r)));
    let cover_width = text_width(ui, "100.0%", &mono)
        .max(text_width(ui, &t!("common-cover"), &body))
        .ceil()
        + 8.0;
    let spacing = ui.spacing().item_spacing;
    let scroll_bar = ui.spacing().scroll.allocated_width() + 4.0;
    let height = (rows.len() + 1) as f32 * (row_height + spacing.y) + scroll_bar + 8.0;
    let top_down = egui::Layout::top_down(egui::Align::Min);
    // Between the pinned names and the first amount, and before the pinned totals.
    let gap = 12.0;
    let totals_width = gap + total_width + spacing.x + cover_width + spacing.x;
    ui.push_id("matrix", |ui| {
        ui.horizontal_top(|ui| {
            ui.spacing_mut().item_spacing.x = 0.0;
            // Pinned on the left: the types.
            ui.allocate_ui_with_layout(egui::vec2(type_width + gap, height), top_down, |ui| {
                ui.spacing_mut().item_spacing = spacing;
                matrix_table(ui, "aging_matrix_types")
                    // The gap belongs to the names, so the stripes run on unbroken.
                    .column(Column::exact(type_width + gap - spacing.x))
                    .header(row_height, |mut header| {
                        header.col(|ui| {
                            ui.strong(t!("common-type"));
                        });
                    })
                    .body(|mut body| {
                        for (row, name) in rows.iter().zip(&type_names) {
                            body.row(row_height, |mut table_row| {
                                table_row.col(|ui| {
                                    if is_total(row) {
                                        ui.strong(name);
                                    } else {
                                        ui.add(egui::Label::new(name.as_str()).truncate());
                                    }
                                });
                            });
                        }
                    });
            });
            // In the middle, scrolling sideways when a big book's amounts do not fit: the
            // buckets.
            let width = (ui.available_width() - totals_width).max(120.0);
            ui.allocate_ui_with_layout(egui::vec2(width, height), top_down, |ui| {
                ui.spacing_mut().item_spacing = spacing;
                ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
                egui::ScrollArea::horizontal()
                    .id_salt("aging_matrix_scroll")
                    .show(ui, |ui| {
                        let mut builder = matrix_table(ui, "aging_matrix");
                        for w in &bucket_widths {
                            builder = builder.column(Column::exact(*w));
                        }
                        builder
                            .header(row_height, |mut header| {
                                for h in &bucket_headers {
                                    header.col(|ui| {
                                        right(ui, |ui| ui.strong(h));
                                    });
                                }
                            })
                            .body(|mut body| {
                                for row in &rows {
                                    buckets_row_ui(&mut body, row, style, actions);
                                }
                            });
                    });
            });
            // Pinned on the right: each row's total and coverage.
            ui.allocate_ui_with_layout(egui::vec2(totals_width, height), top_down, |ui| {
                ui.spacing_mut().item_spacing = spacing;
                matrix_table(ui, "aging_matrix_totals")
                    .column(Column::exact(gap + total_width))
                    .column(Column::exact(cover_width))
                    .header(row_height, |mut header| {
                        header.col(|ui| {
                            right(ui, |ui| ui.strong(t!("common-total")));
                        });
                        header.col(|ui| {
                            right(ui, |ui| ui.strong(t!("common-cover")));
                        });
                    })
                    .body(|mut body| {
                        for row in &rows {
                            totals_row_ui(&mut body, row, row_total(row), style, actions);
                        }
                    });
            });
        });
    });
}

/// A table of the matrix: striped, not scrolling, cells centred on the row.
fn matrix_table<'a>(ui: &'a mut egui::Ui, salt: &str) -> TableBuilder<'a> {
    TableBuilder::new(ui)
        .id_salt(salt)
        .striped(true)
        .vscroll(false)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
}

/// One row of the matrix's buckets: a click on a cell opens the review of its customers.
fn buckets_row_ui(
    body: &mut egui_extras::TableBody<'_>,
    row: &crate::report::aging::AgingRow,
    style: NegativeStyle,
    actions: &mut Vec<Action>,
) {
    let is_total = row.key == "total";
    body.row(22.0, |mut table_row| {
        for (b, (_, amount)) in row.buckets.0.iter().enumerate() {
            table_row.col(|ui| {
                let response = money_or_dash(ui, *amount, style).interact(egui::Sense::click());
                let response = if amount.is_zero() {
                    response
                } else {
                    response.on_hover_text(t!("overview-review-cell"))
                };
                if response.clicked() && !amount.is_zero() {
                    actions.push(Action::OpenReview(ReviewFilter {
                        customer_type: (!is_total).then(|| row.key.clone()),
                        bucket: Some(b),
                        ..ReviewFilter::default()
                    }));
                }
            });
        }
    });
}

/// One row's total (a click opens the review of the type) and its coverage.
fn totals_row_ui(
    body: &mut egui_extras::TableBody<'_>,
    row: &crate::report::aging::AgingRow,
    amount: Money,
    style: NegativeStyle,
    actions: &mut Vec<Action>,
) {
    let is_total = row.key == "total";
    body.row(22.0, |mut table_row| {
        table_row.col(|ui| {
            let response = money_cell(ui, amount, style).interact(egui::Sense::click());
            let response = if is_total {
                response
            } else {
                response.on_hover_text(t!("overview-review-cell"))
            };
            if response.clicked() && !is_total {
                actions.push(Action::OpenReview(ReviewFilter {
                    customer_type: Some(row.key.clone()),
                    ..ReviewFilter::default()
                }));
            }
        });
        table_row.col(|ui| {
            let cov = coverage(row.allowance, row.balance).map_or_else(|| "–".into(), percent);
            right(ui, |ui| ui.label(egui::RichText::new(cov).monospace()));
        });
    });
}

/// A legend drawn above a chart (the plot's own legend would cover the bars).
fn legend_ui(ui: &mut egui::Ui, entries: &[(String, egui::Color32)]) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for (name, colour) in entries {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, *colour);
            ui.label(egui::RichText::new(name).small());
            ui.add_space(8.0);
        }
    });
}

/// Short bucket names for a chart axis: `Cur`, `1–30`, … `>3y`.
fn axis_label(label: &str) -> String {
    match label {
        "current" => t!("overview-axis-current"),
        "91-180" => t!("overview-axis-3-6m"),
        "181-365" => t!("overview-axis-6-12m"),
        "366-730" => t!("overview-axis-1-2y"),
        "731-1095" => t!("overview-axis-2-3y"),
        "1096+" => t!("overview-axis-over-3y"),
        other => display_label(other),
    }
}

/// An x axis whose labels name bars or snapshots by index, placed closer together than
/// egui_plot's default (which assumes long numbers).
fn x_axis<'a>(label: impl Fn(usize) -> String + 'a) -> egui_plot::AxisHints<'a> {
    egui_plot::AxisHints::new_x()
        .label_spacing(24.0..=32.0)
        // A label wider than the space between two bars is not drawn: a size smaller
        // than the body's keeps "6–12m" and "6-12月" under a big book's wider y axis.
        .tick_label_font(egui::FontId::proportional(11.0))
        .formatter(move |mark, _| {
            if mark.value < 0.0 || mark.value.fract() != 0.0 {
                return String::new();
            }
            label(mark.value as usize)
        })
}

fn type_colour(t: usize, n: usize) -> egui::Color32 {
    egui::ecolor::Hsva::new(t as f32 / n.max(1) as f32, 0.55, 0.8, 1.0).into()
}

fn charts_ui(ui: &mut egui::Ui, overview: &Overview, show_allowance: bool) {
    let report = if show_allowance {
        &overview.allowance
    } else {
        &overview.amounts
    };
    let labels: Vec<String> = report
        .total
        .buckets
        .0
        .iter()
        .map(|(l, _)| axis_label(l))
        .collect();
    let height = 270.0;
    ui.columns(3, |columns| {
        // Stacked bars: one bar per bucket, one stack per customer type.
        let title = if show_allowance {
            t!("overview-chart-allowance-by-bucket")
        } else {
            t!("overview-chart-receivables-by-bucket")
        };
        columns[0].label(egui::RichText::new(title).strong());
        let n = report.rows.len();
        let entries: Vec<(String, egui::Color32)> = report
            .rows
            .iter()
            .enumerate()
            .map(|(t, r)| (type_name(&r.key), type_colour(t, n)))
            .collect();
        legend_ui(&mut columns[0], &entries);
        let mut charts: Vec<BarChart> = Vec::new();
        for (t, row) in report.rows.iter().enumerate() {
            let bars: Vec<Bar> = row
                .buckets
                .0
                .iter()
                .enumerate()
                .map(|(b, (_, amount))| Bar::new(b as f64, plot_value(*amount) / 1e6).width(0.7))
                .collect();
            let mut chart = BarChart::new(type_name(&row.key), bars).color(type_colour(t, n));
            let below: Vec<&BarChart> = charts.iter().collect();
            if !below.is_empty() {
                chart = chart.stack_on(&below);
            }
            charts.push(chart);
        }
        let bucket_labels = labels.clone();
        Plot::new("by_bucket")
            .height(height)
            .allow_zoom(false)
            .allow_drag(false)
            .allow_scroll(false)
            .include_y(0.0)
            .x_grid_spacer(integer_marks)
            .custom_x_axes(vec![x_axis(move |v| {
                bucket_labels.get(v).cloned().unwrap_or_default()
            })])
            .show(&mut columns[0], |plot| {
                for chart in charts {
                    plot.bar_chart(chart);
                }
            });

        // Trend of receivables and allowance.
        columns[1].label(egui::RichText::new(t!("overview-chart-trend")).strong());
        let colours = [
            (
                t!("overview-receivables"),
                egui::Color32::from_rgb(100, 150, 230),
            ),
            (
                t!("common-allowance"),
                egui::Color32::from_rgb(230, 120, 90),
            ),
            (
                t!("overview-legend-over-one-year"),
                egui::Color32::from_rgb(200, 180, 80),
            ),
        ];
        legend_ui(&mut columns[1], &colours);
        let dates: Vec<String> = overview
            .trend
            .iter()
            .map(|p| p.as_of.format("%y-%m").to_string())
            .collect();
        let series = |f: &dyn Fn(&crate::report::overview::TrendPoint) -> Money| -> Vec<[f64; 2]> {
            overview
                .trend
                .iter()
                .enumerate()
                .map(|(i, p)| [i as f64, plot_value(f(p)) / 1e6])
                .collect()
        };
        let ar = series(&|p| p.total);
        let allowance = series(&|p| p.allowance);
        let over = series(&|p| p.over_one_year);
        Plot::new("trend")
            .height(height)
            .allow_zoom(false)
            .allow_drag(false)
            .allow_scroll(false)
            .include_y(0.0)
            .x_grid_spacer(integer_marks)
            .custom_x_axes(vec![x_axis(move |v| {
                dates.get(v).cloned().unwrap_or_default()
            })])
            .show(&mut columns[1], |plot| {
                plot.line(
                    Line::new(colours[0].0.clone(), PlotPoints::from(ar))
                        .color(colours[0].1)
                        .width(2.0),
                );
                plot.line(
                    Line::new(colours[1].0.clone(), PlotPoints::from(allowance))
                        .color(colours[1].1)
                        .width(2.0),
                );
                plot.line(
                    Line::new(colours[2].0.clone(), PlotPoints::from(over))
                        .color(colours[2].1)
                        .width(1.5),
                );
            });

        // What regulators ask: the share over one year and customers lost, by month.
        let ui = &mut columns[2];
        ui.label(egui::RichText::new(t!("overview-month-by-month")).strong());
        ui.push_id("trend_table", |ui| {
            TableBuilder::new(ui)
                .id_salt("trend_table")
                .striped(true)
                .max_scroll_height(height)
                .column(Column::auto().at_least(70.0))
                .column(Column::auto().at_least(80.0))
                .column(Column::remainder().at_least(60.0))
                .header(20.0, |mut h| {
                    h.col(|ui| {
                        ui.strong(t!("overview-month"));
                    });
                    h.col(|ui| {
                        right(ui, |ui| ui.strong(t!("common-over-one-year")));
                    });
                    h.col(|ui| {
                        right(ui, |ui| ui.strong(t!("overview-customers-lost")))
                            .on_hover_text(t!("overview-customers-lost-hover"));
                    });
                })
                .body(|body| {
                    let points: Vec<_> = overview.trend.iter().rev().collect();
                    body.rows(20.0, points.len(), |mut row| {
                        let p = points[row.index()];
                        row.col(|ui| {
                            ui.label(p.as_of.format("%Y-%m").to_string());
                        });
                        row.col(|ui| {
                            let share = coverage(p.over_one_year, p.total)
                                .map_or_else(|| "–".into(), percent);
                            right(ui, |ui| ui.label(egui::RichText::new(share).monospace()));
                        });
                        row.col(|ui| {
                            let lost = p
                                .customers_lost
                                .map_or_else(|| "–".into(), |n| n.to_string());
                            right(ui, |ui| ui.label(egui::RichText::new(lost).monospace()));
                        });
                    });
                });
        });
    });
}
