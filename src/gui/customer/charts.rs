//! The customer's balance history: a bar per snapshot stacked by bucket, the required
//! allowance as a line, the selected date marked; a click on a bar selects its date.

use chrono::NaiveDate;
use egui_plot::{Bar, BarChart, Line, Plot, PlotPoints, VLine};

use crate::domain::money::{Money, NegativeStyle};
use crate::gui::app::Action;
use crate::gui::widgets::{integer_marks, plot_value};
use crate::report::customer::CustomerHistory;
use crate::report::labels;

/// The balance history chart (it keeps no state of its own: the selected date is the
/// shell's).
#[derive(Default)]
pub(super) struct BalanceChart;

impl BalanceChart {
    /// Draws the legend and the chart of `profile`; `at` is the selected snapshot.
    pub(super) fn ui(
        &mut self,
        ui: &mut egui::Ui,
        profile: &CustomerHistory,
        at: Option<usize>,
        currency: &str,
        actions: &mut Vec<Action>,
    ) {
        let largest = profile
            .points
            .iter()
            .map(|p| {
                let positive: f64 = p.buckets.iter().map(|m| plot_value(*m).max(0.0)).sum();
                positive.max(plot_value(p.allowance))
            })
            .fold(0.0_f64, f64::max);
        let (scale, unit) = if largest >= 1e7 {
            (1e6, "millions")
        } else if largest >= 1e4 {
            (1e3, "thousands")
        } else {
            (1.0, "units")
        };
        let n = profile.labels.len();
        let allowance_colour = ui.visuals().strong_text_color();
        let allowance_name = t!("customer-chart-allowance");
        ui.horizontal_wrapped(|ui| {
            ui.label(
                egui::RichText::new(t!(
                    "customer-chart-caption",
                    currency = currency,
                    scale = unit
                ))
                .small()
                .weak(),
            );
            ui.spacing_mut().item_spacing.x = 4.0;
            for (b, label) in profile.labels.iter().enumerate() {
                swatch(ui, bucket_colour(b, n));
                ui.label(egui::RichText::new(labels::bucket(label)).small());
                ui.add_space(4.0);
            }
            swatch(ui, allowance_colour);
            ui.label(egui::RichText::new(allowance_name.as_str()).small());
        });
        let dates: Vec<NaiveDate> = profile.points.iter().map(|p| p.as_of).collect();
        let mut charts: Vec<BarChart> = Vec::with_capacity(n);
        for (b, label) in profile.labels.iter().enumerate() {
            let amounts: Vec<Money> = profile
                .points
                .iter()
                .map(|p| p.buckets.get(b).copied().unwrap_or(Money::ZERO))
                .collect();
            let colour = bucket_colour(b, n);
            // Solid bars: the default translucent fill over the dark theme reads as
            // outlines only.
            let bars: Vec<Bar> = amounts
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    Bar::new(i as f64, plot_value(*m) / scale)
                        .width(0.7)
                        .fill(colour)
                        .stroke(egui::Stroke::new(0.5, colour))
                })
                .collect();
            let name = labels::bucket(label);
            let tip_dates = dates.clone();
            let tip_name = name.clone();
            let mut chart = BarChart::new(name, bars)
                .color(bucket_colour(b, n))
                .element_formatter(Box::new(move |bar, _| {
                    let i = bar.argument.max(0.0) as usize;
                    let amount = amounts.get(i).copied().unwrap_or(Money::ZERO);
                    let date = tip_dates.get(i).map_or_else(String::new, |d| d.to_string());
                    format!(
                        "{date}\n{tip_name}: {}",
                        amount.grouped(NegativeStyle::Minus)
                    )
                }));
            let below: Vec<&BarChart> = charts.iter().collect();
            if !below.is_empty() {
                chart = chart.stack_on(&below);
            }
            charts.push(chart);
        }
        let allowance: Vec<[f64; 2]> = profile
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| [i as f64, plot_value(p.allowance) / scale])
            .collect();
        let axis_dates: Vec<String> = dates
            .iter()
            .map(|d| d.format("%y-%m").to_string())
            .collect();
        let axis = egui_plot::AxisHints::new_x()
            .label_spacing(24.0..=32.0)
            .formatter(move |mark, _| {
                if mark.value < 0.0 || mark.value.fract() != 0.0 {
                    return String::new();
                }
                axis_dates
                    .get(mark.value as usize)
                    .cloned()
                    .unwrap_or_default()
            });
        let last = profile.points.len().saturating_sub(1);
        let as_of_name = t!("customer-chart-as-of");
        let response = Plot::new("customer_balance_history")
            .height(ui.available_height().max(80.0))
            .allow_zoom(false)
            .allow_drag(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            .include_y(0.0)
            .include_x(-0.5)
            .include_x(last as f64 + 0.5)
            .x_grid_spacer(integer_marks)
            .custom_x_axes(vec![axis])
            .show(ui, move |plot| {
                for chart in charts {
                    plot.bar_chart(chart);
                }
                plot.line(
                    Line::new(allowance_name, PlotPoints::from(allowance))
                        .color(allowance_colour)
                        .width(2.0),
                );
                if let Some(at) = at {
                    plot.vline(
                        VLine::new(as_of_name, at as f64)
                            .color(egui::Color32::from_gray(140))
                            .style(egui_plot::LineStyle::dashed_loose()),
                    );
                }
                if plot.response().clicked() {
                    plot.pointer_coordinate()
                } else {
                    None
                }
            });
        if let Some(point) = response.inner {
            let i = point.x.round();
            if i >= 0.0 && (i as usize) <= last {
                actions.push(Action::SelectSnapshot(i as usize));
            }
        }
    }
}

/// Green for current, through yellow, to red for the oldest bucket.
fn bucket_colour(b: usize, n: usize) -> egui::Color32 {
    let t = if n > 1 {
        b as f32 / (n - 1) as f32
    } else {
        0.0
    };
    egui::ecolor::Hsva::new(0.33 * (1.0 - t), 0.6, 0.85, 1.0).into()
}

fn swatch(ui: &mut egui::Ui, colour: egui::Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    ui.painter().rect_filled(rect, 2.0, colour);
}
