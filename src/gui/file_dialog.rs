//! The one way the window asks for a file: a native dialog ([`rfd`]) run on a
//! [`Job`] (the XDG portal may not answer, and the dialog must not block the frame),
//! and, when it comes back empty, a small window with a typed path field. It hands the
//! chosen path back once; a test seam answers the next dialog with a path.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::jobs::Job;

/// A dialog that comes back empty sooner than this did not show at all (no portal).
const NO_DIALOG: Duration = Duration::from_millis(500);

/// What to ask for: a file to save or to open, with its title, name, folder, filters.
#[derive(Debug, Clone)]
pub struct Ask {
    save: bool,
    title: String,
    file_name: String,
    directory: Option<PathBuf>,
    filters: Vec<(String, Vec<String>)>,
    /// Extensions a path may already end in; with none of them the first filter's
    /// first extension is added. `None`: the path is taken as typed.
    accepted: Option<Vec<String>>,
    warn_replace: bool,
}

impl Ask {
    /// A file to write, under the window title `title`.
    pub fn save(title: String) -> Ask {
        Ask::new(true, title)
    }

    /// A file to read, under the window title `title`.
    pub fn open(title: String) -> Ask {
        Ask::new(false, title)
    }

    fn new(save: bool, title: String) -> Ask {
        Ask {
            save,
            title,
            file_name: String::new(),
            directory: None,
            filters: Vec::new(),
            accepted: None,
            warn_replace: save,
        }
    }

    /// The file name proposed (for a file to open, the example in the empty field).
    pub fn file_name(mut self, name: impl Into<String>) -> Ask {
        self.file_name = name.into();
        self
    }

    /// The folder the dialog starts in (an empty path counts as none).
    pub fn directory(mut self, dir: Option<PathBuf>) -> Ask {
        self.directory = dir.filter(|d| !d.as_os_str().is_empty());
        self
    }

    /// A filter: its name and the extensions it shows (without the dot).
    pub fn filter(mut self, name: impl Into<String>, extensions: &[&str]) -> Ask {
        let extensions = extensions.iter().map(|e| (*e).to_string()).collect();
        self.filters.push((name.into(), extensions));
        self
    }

    /// Adds the first filter's first extension to a path that ends in none of
    /// `accepted` (compared without regard to case).
    pub fn add_extension(mut self, accepted: &[&str]) -> Ask {
        self.accepted = Some(accepted.iter().map(|e| (*e).to_string()).collect());
        self
    }

    /// A save that does not replace an existing file (it opens it): no warning.
    pub fn keep_existing(mut self) -> Ask {
        self.warn_replace = false;
        self
    }

    /// `path` with the extension added when the ask wants one and it has none of its.
    pub fn completed(&self, path: PathBuf) -> PathBuf {
        let (Some(accepted), Some(first)) = (
            &self.accepted,
            self.filters.first().and_then(|(_, e)| e.first()),
        ) else {
            return path;
        };
        let ours = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| accepted.iter().any(|a| a.eq_ignore_ascii_case(e)));
        if ours {
            path
        } else {
            let mut name = path.into_os_string();
            name.push(".");
            name.push(first);
            PathBuf::from(name)
        }
    }

    /// Runs the native dialog (on a worker: it may block until the user answers).
    fn run(self) -> Option<PathBuf> {
        let mut dialog = rfd::FileDialog::new().set_title(self.title);
        for (name, extensions) in &self.filters {
            dialog = dialog.add_filter(name, extensions);
        }
        if let Some(dir) = self.directory {
            dialog = dialog.set_directory(dir);
        }
        if self.save {
            if !self.file_name.is_empty() {
                dialog = dialog.set_file_name(self.file_name);
            }
            dialog.save_file()
        } else {
            dialog.pick_file()
        }
    }
}

/// The typed-path field: the text, why it shows, and whether to focus it.
struct Prompt {
    text: String,
    note: String,
    focus: bool,
}

/// A file dialog and its typed-path fallback; see the module doc.
#[derive(Default)]
pub struct FileDialog {
    /// The test seam: the next dialog answers this path without showing.
    answer_with: Option<PathBuf>,
    ask: Option<Ask>,
    job: Option<(Job<Option<PathBuf>>, Instant)>,
    prompt: Option<Prompt>,
    chosen: Option<PathBuf>,
}

impl FileDialog {
    /// A test seam: the next dialog answers `path` without showing.
    #[doc(hidden)]
    pub fn answer_with(&mut self, path: PathBuf) {
        self.answer_with = Some(path);
    }

    /// Asks: shows the native dialog (or takes the test seam's answer). Whatever was
    /// asked before and not answered is dropped.
    pub fn start(&mut self, ctx: &egui::Context, ask: Ask) {
        self.prompt = None;
        self.chosen = None;
        self.job = None;
        if let Some(path) = self.answer_with.take() {
            self.chosen = Some(ask.completed(path));
            self.ask = Some(ask);
            ctx.request_repaint();
            return;
        }
        let repaint = ctx.clone();
        let job_ask = ask.clone();
        self.job = Some((
            Job::spawn(
                "file dialog",
                move || repaint.request_repaint(),
                move |_| job_ask.run(),
            ),
            Instant::now(),
        ));
        self.ask = Some(ask);
    }

    /// True while the native dialog is open, or its answer waits to be handed back.
    pub fn is_waiting(&self) -> bool {
        self.job.is_some() || self.chosen.is_some()
    }

    /// True while the typed-path window shows.
    pub fn is_prompting(&self) -> bool {
        self.prompt.is_some()
    }

    /// Call each frame: the path chosen in the dialog, once. A dialog that came back
    /// empty opens the typed-path window instead.
    pub fn poll(&mut self) -> Option<PathBuf> {
        if let Some((job, started)) = &mut self.job
            && let Some(end) = job.poll().ended()
        {
            let quick = started.elapsed() < NO_DIALOG;
            self.job = None;
            match (end, &self.ask) {
                (Ok(Some(path)), Some(ask)) => self.chosen = Some(ask.completed(path)),
                (end, Some(ask)) => {
                    let note = match end {
                        Err(e) => t!("dialog-failed", error = e),
                        _ if quick => t!("dialog-no-dialog"),
                        _ => t!("dialog-none-chosen"),
                    };
                    self.prompt = Some(Prompt::new(ask, note));
                }
                (_, None) => {}
            }
        }
        self.chosen.take()
    }

    /// Opens the typed-path field for `ask` without a dialog (the user asked for it).
    pub fn type_path(&mut self, ask: Ask) {
        self.job = None;
        self.chosen = None;
        self.prompt = Some(Prompt::new(&ask, String::new()));
        self.ask = Some(ask);
    }

    /// Draws the typed-path window while it shows; the path typed, once OK or Enter.
    /// Closing the window (or Cancel) asks no more.
    pub fn prompt_ui(&mut self, ctx: &egui::Context) -> Option<PathBuf> {
        let (Some(prompt), Some(ask)) = (&mut self.prompt, &self.ask) else {
            return None;
        };
        let mut open = true;
        let mut end = None;
        let id = egui::Id::unique("file_dialog_prompt");
        egui::Window::new(ask.title.as_str())
            .id(id)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| end = prompt.contents_ui(ui, ask, id));
        if !open {
            self.prompt = None;
        }
        self.end_prompt(end)
    }

    /// Draws the typed-path field in `ui` (in a screen, not a window) while it shows;
    /// the path typed, once OK or Enter. Cancel asks no more.
    pub fn field_ui(&mut self, ui: &mut egui::Ui) -> Option<PathBuf> {
        let (Some(prompt), Some(ask)) = (&mut self.prompt, &self.ask) else {
            return None;
        };
        let end = prompt.contents_ui(ui, ask, egui::Id::unique("file_dialog_field"));
        self.end_prompt(end)
    }

    fn end_prompt(&mut self, end: Option<Option<PathBuf>>) -> Option<PathBuf> {
        let chosen = end?;
        self.prompt = None;
        chosen
    }
}

impl Prompt {
    fn new(ask: &Ask, note: String) -> Prompt {
        let text = match &ask.directory {
            Some(dir) if ask.save => path_text(&dir.join(&ask.file_name)),
            Some(dir) => path_text(&dir.join("")),
            None if ask.save => ask.file_name.clone(),
            None => String::new(),
        };
        Prompt {
            text,
            note,
            focus: true,
        }
    }

    /// The note, the field, the replace warning, OK and Cancel. `Some(Some(path))` once
    /// OK or Enter, `Some(None)` on Cancel.
    fn contents_ui(
        &mut self,
        ui: &mut egui::Ui,
        ask: &Ask,
        id: egui::Id,
    ) -> Option<Option<PathBuf>> {
        let mut end = None;
        if !self.note.is_empty() {
            ui.label(self.note.as_str());
        }
        let label = ui.label(t!("dialog-file-path"));
        let hint = if ask.file_name.is_empty() {
            t!("dialog-file-path-hint")
        } else {
            ask.file_name.clone()
        };
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut self.text)
                    .id(id.with("path"))
                    .hint_text(hint)
                    .desired_width(420.0),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut self.focus) {
            field.request_focus();
        }
        let typed = self.text.trim();
        let path = ask.completed(PathBuf::from(typed));
        if ask.save && ask.warn_replace && !typed.is_empty() && path.exists() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                t!("dialog-replaces", path = path_text(&path)),
            );
        }
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            let ok_text = if ask.save {
                t!("dialog-save")
            } else {
                t!("dialog-open")
            };
            let ok = ui.add_enabled(!typed.is_empty(), egui::Button::new(ok_text));
            if (ok.clicked() || enter) && !typed.is_empty() {
                end = Some(Some(path));
            }
            if ui.button(t!("dialog-cancel")).clicked() {
                end = Some(None);
            }
        });
        end
    }
}

fn path_text(path: &Path) -> String {
    path.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_path_gets_the_first_extension_unless_it_has_an_accepted_one() {
        let ask = Ask::save("x".into())
            .filter("XLSX", &["xlsx"])
            .add_extension(&["csv", "xlsx"]);
        assert_eq!(
            ask.completed(PathBuf::from("/tmp/rf")),
            PathBuf::from("/tmp/rf.xlsx")
        );
        assert_eq!(
            ask.completed(PathBuf::from("/tmp/rf.CSV")),
            PathBuf::from("/tmp/rf.CSV")
        );
        assert_eq!(
            ask.completed(PathBuf::from("/tmp/rf.2017")),
            PathBuf::from("/tmp/rf.2017.xlsx")
        );
    }

    #[test]
    fn without_add_extension_the_path_is_taken_as_typed() {
        let ask = Ask::save("x".into()).filter("CSV", &["csv"]);
        assert_eq!(
            ask.completed(PathBuf::from("/tmp/log")),
            PathBuf::from("/tmp/log")
        );
    }
}
