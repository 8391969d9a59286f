//! How the import screen reads a file, and what the user changes about it: the detected
//! encoding, delimiter (or sheet), header row, date order and decimal separator, each
//! with a choice over detection; the column mapping as a grid (each field a dropdown of
//! the file's columns, with the first values each holds); the saved import profiles; and
//! the rows that were skipped and why.
//!
//! What the user chooses is an [`ImportProfile`], the same one `agebook import --map …
//! --save-profile` writes, so a profile saved here is used by the command line and the
//! other way round. A change asks the screen for a new preview.

use super::errors::book_error_text;
use crate::book::Book;
use crate::import::fields::Field;
use crate::import::numbers::NumberStyle;
use crate::import::preview::LedgerPreview;
use crate::import::profile::{ImportProfile, ReadOptions};
use crate::import::reader::{DateReading, Layout, MappedBy};
use crate::import::text::delimiter_name;
use crate::import::{SkipReason, SkippedRow};
use crate::jobs::Job;

/// The saved profiles, by name.
pub type Profiles = Vec<(String, ImportProfile)>;

/// The encodings offered over detection (WHATWG labels, as `--encoding` takes them).
const ENCODINGS: &[&str] = &[
    "utf-8",
    "gbk",
    "gb18030",
    "utf-16le",
    "utf-16be",
    "windows-1252",
];

/// The delimiters offered over detection, as `--delimiter` takes them, each with its
/// name in the window's language.
fn delimiters() -> [(&'static str, String); 4] {
    [
        ("comma", t!("import-delimiter-comma")),
        ("semicolon", t!("import-delimiter-semicolon")),
        ("tab", t!("import-delimiter-tab")),
        ("pipe", t!("import-delimiter-pipe")),
    ]
}

/// How many samples of a column the grid shows.
const SAMPLES_SHOWN: usize = 3;

/// The user's choices over detection, and the profiles saved in the book.
#[derive(Default)]
pub struct Reading {
    /// What the user chose: map, encoding, delimiter, date order, sheet.
    profile: ImportProfile,
    /// The book's saved profiles, as of the last preview or save.
    saved: Profiles,
    /// The name to save as (the chosen saved profile's, once one is chosen).
    name: String,
    /// A save or delete running.
    job: Option<Job<Result<(Profiles, String), String>>>,
    /// What the last save or delete said.
    said: Option<Result<String, String>>,
}

impl Reading {
    /// The user's choices as the importer takes them, or why they cannot be used.
    pub fn options(&self) -> Result<ReadOptions, String> {
        self.profile
            .to_options()
            .map_err(|e| super::errors::profile_error_text(&e))
    }

    /// The choices as a profile (the key a preview was read with).
    pub fn profile(&self) -> &ImportProfile {
        &self.profile
    }

    /// The saved profiles as a preview read them.
    pub fn set_saved(&mut self, saved: Profiles) {
        self.saved = saved;
    }

    /// Forgets the choices (a new file is read by detection, unless a profile is chosen).
    pub fn reset(&mut self) {
        self.profile = ImportProfile::default();
        self.said = None;
    }

    /// Drains a running save or delete.
    fn poll(&mut self) {
        if let Some(job) = &mut self.job
            && let Some(end) = job.poll().ended()
        {
            self.job = None;
            self.said = Some(match end.and_then(|r| r) {
                Ok((saved, message)) => {
                    self.saved = saved;
                    Ok(message)
                }
                Err(e) => Err(e),
            });
        }
    }

    /// Draws the panel under the file's summary. True when a choice changed, so the file
    /// must be read again.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        preview: Option<&LedgerPreview>,
        db: &std::path::Path,
        user: &str,
        enabled: bool,
    ) -> bool {
        self.poll();
        let mut changed = false;
        let layout = preview.and_then(|p| p.layout.as_ref());
        ui.add_enabled_ui(enabled, |ui| {
            if let Some(layout) = layout {
                ui.label(egui::RichText::new(detected_text(layout)).weak());
            }
            changed |= self.overrides_ui(ui, layout);
            changed |= self.profiles_ui(ui, db, user);
            if let Some(layout) = layout {
                changed |= self.grid_ui(ui, layout);
            }
        });
        if let Some(p) = preview {
            skipped_ui(ui, &p.skipped);
        }
        changed
    }

    /// Encoding, delimiter or sheet, and date order: detected, or chosen.
    fn overrides_ui(&mut self, ui: &mut egui::Ui, layout: Option<&Layout>) -> bool {
        let mut changed = false;
        let detected = t!("import-detected");
        ui.horizontal_wrapped(|ui| {
            let workbook = layout.is_some_and(|l| l.source.sheet.is_some());
            if workbook {
                let sheets: Vec<String> = layout
                    .map(|l| {
                        l.source
                            .sheet
                            .iter()
                            .chain(l.source.sheets.iter())
                            .cloned()
                            .collect()
                    })
                    .unwrap_or_default();
                let options: Vec<(&str, String)> =
                    sheets.iter().map(|s| (s.as_str(), s.clone())).collect();
                changed |= choice_ui(
                    ui,
                    "import_sheet",
                    &t!("import-sheet"),
                    &t!("import-first-sheet"),
                    &options,
                    &mut self.profile.sheet,
                );
            } else {
                changed |= choice_ui(
                    ui,
                    "import_encoding",
                    &t!("import-encoding"),
                    &detected,
                    &ENCODINGS
                        .iter()
                        .map(|e| (*e, (*e).to_string()))
                        .collect::<Vec<_>>(),
                    &mut self.profile.encoding,
                );
                changed |= choice_ui(
                    ui,
                    "import_delimiter",
                    &t!("import-delimiter"),
                    &detected,
                    &delimiters(),
                    &mut self.profile.delimiter,
                );
            }
            changed |= choice_ui(
                ui,
                "import_date_format",
                &t!("import-date-order"),
                &detected,
                &[
                    ("DMY", t!("import-date-order-day-first")),
                    ("MDY", t!("import-date-order-month-first")),
                ],
                &mut self.profile.date_format,
            );
        });
        changed
    }

    /// Choose a saved profile; save the choices under a name; delete one.
    fn profiles_ui(&mut self, ui: &mut egui::Ui, db: &std::path::Path, user: &str) -> bool {
        let mut changed = false;
        ui.horizontal_wrapped(|ui| {
            let profile_label = ui.label(t!("import-profile"));
            let current = self
                .saved
                .iter()
                .find(|(n, p)| *n == self.name && *p == self.profile)
                .map_or_else(|| t!("import-profile-none"), |(n, _)| n.clone());
            egui::ComboBox::from_id_salt("import_profile")
                .selected_text(current)
                .show_ui(ui, |ui| {
                    if ui
                        .selectable_label(false, t!("import-profile-none"))
                        .clicked()
                    {
                        self.profile = ImportProfile::default();
                        self.name.clear();
                        changed = true;
                    }
                    for (name, profile) in &self.saved {
                        if ui.selectable_label(*name == self.name, name).clicked() {
                            self.profile = profile.clone();
                            self.name = name.clone();
                            changed = true;
                        }
                    }
                })
                .response
                .labelled_by(profile_label.id);
            let label = ui.label(t!("import-profile-name"));
            ui.add(
                egui::TextEdit::singleline(&mut self.name)
                    .hint_text(t!("import-profile-name-hint"))
                    .desired_width(140.0),
            )
            .labelled_by(label.id);
            let idle = self.job.is_none();
            let name = self.name.trim().to_string();
            if ui
                .add_enabled(
                    idle && !name.is_empty(),
                    egui::Button::new(t!("import-profile-save")),
                )
                .clicked()
            {
                self.start(ui.ctx(), db, user, name.clone(), Some(self.profile.clone()));
            }
            let exists = self.saved.iter().any(|(n, _)| *n == name);
            if exists
                && ui
                    .add_enabled(idle, egui::Button::new(t!("import-profile-delete")))
                    .clicked()
            {
                self.start(ui.ctx(), db, user, name, None);
            }
            if self.job.is_some() {
                ui.spinner();
            }
            match &self.said {
                Some(Ok(m)) => {
                    ui.label(egui::RichText::new(m).weak());
                }
                Some(Err(e)) => {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                None => {}
            }
        });
        changed
    }

    /// Saves `profile` as `name`, or deletes `name` when there is no profile.
    fn start(
        &mut self,
        ctx: &egui::Context,
        db: &std::path::Path,
        user: &str,
        name: String,
        profile: Option<ImportProfile>,
    ) {
        let (db, user, repaint) = (db.to_path_buf(), user.to_string(), ctx.clone());
        self.said = None;
        self.job = Some(Job::spawn(
            "import profile",
            move || repaint.request_repaint(),
            move |_| {
                let mut book = Book::open(&db, &user).map_err(|e| book_error_text(&e))?;
                let message = match &profile {
                    Some(p) => {
                        book.save_import_profile(&name, p)
                            .map_err(|e| book_error_text(&e))?;
                        t!("import-profile-saved", name = name.as_str())
                    }
                    None => {
                        book.delete_import_profile(&name)
                            .map_err(|e| book_error_text(&e))?;
                        t!("import-profile-deleted", name = name.as_str())
                    }
                };
                let saved = book.import_profiles().map_err(|e| book_error_text(&e))?;
                Ok((saved, message))
            },
        ));
    }

    /// Field by field: the column that feeds it (a dropdown of the file's columns), how
    /// it was found, and the first values the column holds.
    fn grid_ui(&mut self, ui: &mut egui::Ui, layout: &Layout) -> bool {
        let mut changed = false;
        let column_text = |c: usize| -> String {
            let name = layout.columns.get(c).map_or("", String::as_str);
            let name = if name.is_empty() {
                t!("import-unnamed-column")
            } else {
                name.to_string()
            };
            format!("{} · {name}", crate::import::table::column_letters(c + 1))
        };
        let samples = |c: usize| -> String {
            layout
                .samples
                .iter()
                .filter_map(|r| r.get(c))
                .filter(|v| !v.is_empty())
                .take(SAMPLES_SHOWN)
                .cloned()
                .collect::<Vec<_>>()
                .join("  ·  ")
        };
        egui::Grid::new("import_mapping_grid")
            .striped(true)
            .num_columns(4)
            .spacing([14.0, 3.0])
            .show(ui, |ui| {
                ui.label(egui::RichText::new(t!("import-field")).weak());
                ui.label(egui::RichText::new(t!("import-file-column")).weak());
                ui.label(egui::RichText::new(t!("import-found-by")).weak());
                ui.label(egui::RichText::new(t!("import-first-values")).weak());
                ui.end_row();
                for field in Field::ALL {
                    let found = layout.fields.get(field.index()).copied().flatten();
                    let text = egui::RichText::new(field.name()).monospace();
                    let field_label = ui.label(if field.required() {
                        text.strong()
                    } else {
                        text
                    });
                    let selected = match found {
                        Some((c, _)) => column_text(c),
                        None if field.required() => t!("import-missing"),
                        None => t!("import-default"),
                    };
                    let mut choice: Option<Option<usize>> = None;
                    egui::ComboBox::from_id_salt(("import_map", field.index()))
                        .selected_text(selected)
                        .width(220.0)
                        .show_ui(ui, |ui| {
                            let mapped = self.profile.map.contains_key(field.name());
                            if ui
                                .selectable_label(!mapped, t!("import-map-automatic"))
                                .clicked()
                            {
                                choice = Some(None);
                            }
                            for c in 0..layout.columns.len() {
                                let on = found.is_some_and(|(f, _)| f == c);
                                if ui.selectable_label(on, column_text(c)).clicked() {
                                    choice = Some(Some(c));
                                }
                            }
                        })
                        .response
                        .labelled_by(field_label.id);
                    if let Some(choice) = choice {
                        changed |= self.map(field, choice, layout);
                    }
                    let by = match found {
                        Some((_, MappedBy::Dictionary)) => t!("import-by-dictionary"),
                        Some((_, MappedBy::User)) => t!("import-by-map"),
                        Some((_, MappedBy::StandIn(other))) => {
                            t!("import-by-stand-in", field = other.name())
                        }
                        None if field.required() => String::new(),
                        None => t!("import-default-hover"),
                    };
                    ui.label(egui::RichText::new(by).weak());
                    match found {
                        Some((c, _)) => ui.label(egui::RichText::new(samples(c)).monospace()),
                        None => ui.label(""),
                    };
                    ui.end_row();
                }
            });
        changed
    }

    /// Maps `field` to column `choice` (by its name when the name is unique, else by
    /// its place), or back to detection. True when that changed the choices.
    fn map(&mut self, field: Field, choice: Option<usize>, layout: &Layout) -> bool {
        let before = self.profile.map.get(field.name()).cloned();
        match choice {
            None => {
                self.profile.map.remove(field.name());
            }
            Some(c) => {
                let name = layout.columns.get(c).cloned().unwrap_or_default();
                let key = crate::import::fields::normalize(&name);
                let unique = !key.is_empty()
                    && layout
                        .columns
                        .iter()
                        .filter(|n| crate::import::fields::normalize(n) == key)
                        .count()
                        == 1;
                let column = if unique { name } else { format!("#{}", c + 1) };
                self.profile.map.insert(field.name().to_string(), column);
            }
        }
        self.profile.map.get(field.name()) != before.as_ref()
    }
}

/// A dropdown: "detected" (no choice) or one of `options`. True when it changed.
fn choice_ui(
    ui: &mut egui::Ui,
    id: &str,
    label: &str,
    detected: &str,
    options: &[(&str, String)],
    value: &mut Option<String>,
) -> bool {
    let before = value.clone();
    let label = ui.label(label);
    let shown = match value.as_deref() {
        None => detected.to_string(),
        Some(v) => options
            .iter()
            .find(|(o, _)| *o == v)
            .map_or_else(|| v.to_string(), |(_, text)| text.clone()),
    };
    egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            if ui.selectable_label(value.is_none(), detected).clicked() {
                *value = None;
            }
            for (o, text) in options {
                let on = value.as_deref() == Some(*o);
                if ui.selectable_label(on, text).clicked() {
                    *value = Some((*o).to_string());
                }
            }
        })
        .response
        .labelled_by(label.id);
    *value != before
}

/// `UTF-8 (detected) · comma · header on line 6 · dates day-first (line 9: 31/12/2016) ·
/// decimal point`.
fn detected_text(layout: &Layout) -> String {
    let s = &layout.source;
    let mut parts = Vec::new();
    if let Some(sheet) = &s.sheet {
        parts.push(t!("import-read-sheet", sheet = sheet.as_str()));
    }
    if let Some(e) = &s.encoding {
        parts.push(if s.encoding_detected {
            t!("import-read-encoding-detected", encoding = e.as_str())
        } else {
            t!("import-read-encoding-given", encoding = e.as_str())
        });
    }
    if let Some(d) = s.delimiter {
        let name = match d {
            b',' => t!("import-delimiter-comma"),
            b';' => t!("import-delimiter-semicolon"),
            b'\t' => t!("import-delimiter-tab"),
            b'|' => t!("import-delimiter-pipe"),
            other => delimiter_name(other),
        };
        parts.push(t!("import-read-delimiter", delimiter = name));
    }
    parts.push(if layout.header_rows > 1 {
        t!(
            "import-read-header-lines",
            line = layout.header_line,
            last = layout.header_line + layout.header_rows as u64 - 1
        )
    } else {
        t!("import-read-header", line = layout.header_line)
    });
    let order = |o| super::import::date_order_text(o);
    match &layout.dates {
        DateReading::NotNeeded => {}
        DateReading::Settled {
            order: o,
            line,
            text,
        } => parts.push(t!(
            "import-read-dates-settled",
            order = order(*o),
            line = *line,
            text = text.as_str()
        )),
        DateReading::Given(o) => parts.push(t!("import-read-dates-given", order = order(*o))),
        DateReading::BookSetting(o) => {
            parts.push(t!("import-read-dates-book", order = order(*o)));
        }
    }
    parts.push(match layout.numbers.style {
        NumberStyle::DecimalPoint => t!("import-read-decimal-point"),
        NumberStyle::DecimalComma => t!("import-read-decimal-comma"),
    });
    parts.join("  ·  ")
}

/// The rows that are not documents, each with its line and why (titles above the
/// header counted apart).
fn skipped_ui(ui: &mut egui::Ui, skipped: &[SkippedRow]) {
    let rows: Vec<&SkippedRow> = skipped
        .iter()
        .filter(|s| s.reason != SkipReason::AboveHeader)
        .collect();
    if rows.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(t!("import-skipped", n = rows.len()))
        .id_salt("import_skipped")
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("import_skipped_rows")
                .max_height(140.0)
                .show(ui, |ui| {
                    egui::Grid::new("import_skipped_grid")
                        .striped(true)
                        .spacing([14.0, 2.0])
                        .show(ui, |ui| {
                            for s in rows {
                                ui.label(t!("import-line", line = s.line));
                                ui.label(skip_reason_text(s.reason));
                                ui.label(egui::RichText::new(&s.text).monospace());
                                ui.end_row();
                            }
                        });
                });
        });
}

/// Why a row was skipped, in the window's language.
pub fn skip_reason_text(reason: SkipReason) -> String {
    match reason {
        SkipReason::AboveHeader => t!("import-skip-above-header"),
        SkipReason::Group => t!("import-skip-group"),
        SkipReason::Subtotal => t!("import-skip-subtotal"),
        SkipReason::GrandTotal => t!("import-skip-grand-total"),
        SkipReason::UnlabelledTotal => t!("import-skip-unlabelled-total"),
    }
}
