//! The eframe application: the shell around the screens. It owns the book's path, the
//! loaded [`BookHistory`] (built on a worker, swapped in whole), the view of the selected
//! as-of date (also built on a worker), the menus, and the state that is remembered
//! between runs (eframe persistence).
//!
//! Screens draw from borrowed view models and say what they want done as [`Action`]s;
//! the shell carries them out, running anything that touches the book on a worker.
//!
//! Every job ends, and the shell handles each end: a job that fails (an error, or a
//! worker that panicked) clears its spinner, says in the status bar what failed, and the
//! next queued change still runs. A watcher ([`crate::book_watch`]) notices changes that
//! another program (a second window, the command line) commits to the book; when the
//! window is idle it reloads and says so.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::alerts::AlertsPanel;
use super::audit::AuditScreen;
use super::customer::CustomerScreen;
use super::errors::{any_error_text, book_error_text, failed_because};
use super::file_dialog::{Ask, FileDialog};
use super::import::ImportScreen;
use super::overview::OverviewScreen;
use super::periods::PeriodOp;
use super::policy::{PolicyOp, PolicyScreen};
use super::review::ReviewScreen;
use super::rollforward::RollForwardScreen;
use super::writeoffs::{WriteOffOp, WriteOffsScreen};
use crate::book::{Book, BookHistory, Touched};
use crate::book_watch::{BookWatch, ChangeToken, WATCH_INTERVAL, watch_book};
use crate::domain::alerts::AlertSettings;
use crate::domain::collection::NoteAction;
use crate::domain::customer_type::CustomerType;
use crate::domain::money::NegativeStyle;
use crate::domain::policy::SpecificBasis;
use crate::i18n::Lang;
use crate::jobs::{Job, JobContext};
use crate::report::overview::{Overview, overview};
use crate::report::review::{PreparedReview, ReviewFilter, ReviewRow, review_rows};

/// The screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Screen {
    /// Headline figures, the matrix, the trends.
    #[default]
    Overview,
    /// Every customer, filtered and sorted.
    Review,
    /// One customer.
    Customer,
    /// Import a ledger.
    Import,
    /// The allowance's roll-forward over a range.
    RollForward,
    /// Write-offs from proposal to posting.
    WriteOffs,
    /// The provision matrix.
    Policy,
    /// The audit log.
    Audit,
}

impl Screen {
    /// Every screen with its shortcut key, in the navigation's order.
    pub const ALL: [(Screen, egui::Key); 8] = [
        (Screen::Overview, egui::Key::Num1),
        (Screen::Review, egui::Key::Num2),
        (Screen::Customer, egui::Key::Num3),
        (Screen::Import, egui::Key::Num4),
        (Screen::RollForward, egui::Key::Num5),
        (Screen::WriteOffs, egui::Key::Num6),
        (Screen::Policy, egui::Key::Num7),
        (Screen::Audit, egui::Key::Num8),
    ];

    /// The screen's name in the navigation, in the window's language.
    pub fn name(self) -> String {
        match self {
            Screen::Overview => t!("screen-overview"),
            Screen::Review => t!("screen-review"),
            Screen::Customer => t!("screen-customer"),
            Screen::Import => t!("screen-import"),
            Screen::RollForward => t!("screen-rollforward"),
            Screen::WriteOffs => t!("screen-writeoffs"),
            Screen::Policy => t!("screen-policy"),
            Screen::Audit => t!("screen-audit"),
        }
    }
}

/// A change to the book, run on a worker.
#[derive(Debug, Clone)]
pub enum BookOp {
    /// Set a customer's type from a date.
    SetType {
        /// Customer.
        customer: String,
        /// New type.
        customer_type: CustomerType,
        /// From.
        from: NaiveDate,
    },
    /// Add a collection note.
    AddNote {
        /// Customer.
        customer: String,
        /// Date of the effort.
        date: NaiveDate,
        /// Kind of effort.
        action: NoteAction,
        /// Outcome.
        outcome: String,
        /// Text.
        text: String,
    },
    /// Set a specific allowance.
    SetSpecific {
        /// Customer.
        customer: String,
        /// Percent or amount.
        basis: SpecificBasis,
        /// Why.
        reason: String,
        /// From.
        from: NaiveDate,
    },
    /// Clear a specific allowance.
    ClearSpecific {
        /// Customer.
        customer: String,
        /// From.
        from: NaiveDate,
    },
    /// Build the demo into this (empty) book.
    BuildDemo,
    /// Copy the book with SQLite's backup API.
    Backup {
        /// Destination.
        to: PathBuf,
    },
    /// A write-off: proposed, or moved on a step.
    WriteOff(WriteOffOp),
    /// A new policy version.
    Policy(PolicyOp),
    /// A period closed or reopened.
    Period(PeriodOp),
}

impl BookOp {
    /// What the change touches when it touches only one customer's figures or notes:
    /// the history shown is then brought up to date ([`Book::history_after`]) instead of
    /// rebuilt.
    fn touches(&self) -> Option<Touched> {
        match self {
            BookOp::AddNote { .. } => Some(Touched::Notes),
            BookOp::SetType { customer, .. }
            | BookOp::SetSpecific { customer, .. }
            | BookOp::ClearSpecific { customer, .. } => Some(Touched::Customer(customer.clone())),
            _ => None,
        }
    }

    fn describe(&self) -> String {
        match self {
            BookOp::SetType {
                customer,
                customer_type,
                from,
            } => t!(
                "op-type-set",
                customer = customer,
                customer_type = customer_type.to_string(),
                from = from
            ),
            BookOp::AddNote { customer, .. } => t!("op-note-added", customer = customer),
            BookOp::SetSpecific { customer, from, .. } => {
                t!("op-specific-set", customer = customer, from = from)
            }
            BookOp::ClearSpecific { customer, from } => {
                t!("op-specific-cleared", customer = customer, from = from)
            }
            BookOp::BuildDemo => t!("op-demo-built"),
            BookOp::Backup { to } => t!("op-backup-written", path = to.display().to_string()),
            BookOp::WriteOff(op) => op.describe(),
            BookOp::Policy(op) => op.describe(),
            BookOp::Period(op) => op.describe(),
        }
    }

    /// What the status bar says when the change could not be made.
    fn failure(&self) -> String {
        match self {
            BookOp::SetType { customer, .. } => t!("op-type-failed", customer = customer),
            BookOp::AddNote { customer, .. } => t!("op-note-failed", customer = customer),
            BookOp::SetSpecific { customer, .. } => {
                t!("op-specific-set-failed", customer = customer)
            }
            BookOp::ClearSpecific { customer, .. } => {
                t!("op-specific-clear-failed", customer = customer)
            }
            BookOp::BuildDemo => t!("op-demo-failed"),
            BookOp::Backup { to } => {
                t!("op-backup-failed", path = to.display().to_string())
            }
            BookOp::WriteOff(op) => op.failure(),
            BookOp::Policy(op) => op.failure(),
            BookOp::Period(op) => op.failure(),
        }
    }
}

/// What a screen asks the shell to do.
#[derive(Debug, Clone)]
pub enum Action {
    /// Select the snapshot at this index.
    SelectSnapshot(usize),
    /// Show a screen.
    Show(Screen),
    /// Open the review with this filter.
    OpenReview(ReviewFilter),
    /// Open a customer.
    OpenCustomer(String),
    /// Change the book.
    Run(BookOp),
    /// An import finished: reload and select its date.
    Imported(NaiveDate),
    /// Open a write-off on the write-offs screen.
    OpenWriteOff(i64),
    /// Start proposing a write-off of this customer (the form opens over the screen).
    ProposeWriteOff(String),
}

/// What every screen may read while drawing.
pub struct ScreenContext<'a> {
    /// The book's history, once loaded.
    pub history: Option<&'a Arc<BookHistory>>,
    /// The selected snapshot's index.
    pub at: Option<usize>,
    /// The overview of the selected snapshot.
    pub overview: Option<&'a Overview>,
    /// The review rows of the selected snapshot.
    pub rows: Option<&'a Arc<Vec<ReviewRow>>>,
    /// The review's table worked out with them.
    pub prepared: Option<&'a PreparedReview>,
    /// Bumped every time a new history is swapped in.
    pub generation: u64,
    /// How to write negative amounts.
    pub style: NegativeStyle,
    /// The book file.
    pub db: &'a Path,
    /// The user.
    pub user: &'a str,
    /// True while a change to the book runs.
    pub busy: bool,
    /// What the screen wants done.
    pub actions: &'a mut Vec<Action>,
}

impl ScreenContext<'_> {
    /// The selected as-of date.
    pub fn as_of(&self) -> Option<NaiveDate> {
        Some(self.history?.snapshots.get(self.at?)?.as_of)
    }

    /// The functional currency.
    pub fn currency(&self) -> &str {
        self.history.map_or("", |h| h.currency.as_str())
    }
}

/// The view of one as-of date, built on a worker.
pub struct AsOfView {
    /// Snapshot index.
    pub at: usize,
    /// The overview.
    pub overview: Option<Overview>,
    /// The review rows.
    pub rows: Arc<Vec<ReviewRow>>,
    /// The review's table worked out for the filter and sort in force when the view
    /// was built.
    pub prepared: PreparedReview,
    /// The history it was built from.
    pub generation: u64,
}

/// What a load job hands back: the history, what to say about the change it made (if
/// any), and the book's change token read before the history.
struct Loaded {
    history: BookHistory,
    message: Option<String>,
    token: ChangeToken,
}

type LoadResult = Result<Loaded, String>;

/// Why the running load job runs: what the status bar says when it ends.
#[derive(Debug, Clone, Default)]
enum LoadFor {
    /// Opening or reloading the book.
    #[default]
    Open,
    /// Making a change; the text says what failed if it fails.
    Change(String),
    /// Another program changed the book.
    ExternalChange,
}

/// A test seam: run first by the next load job (e.g. a panic).
type LoadFault = Box<dyn FnOnce() + Send>;

/// The application.
#[derive(Serialize, Deserialize)]
#[serde(default)]
pub struct AgebookApp {
    /// The last book opened.
    last_book: Option<PathBuf>,
    /// Recently opened books, newest first.
    recent_books: Vec<PathBuf>,
    /// The screen shown.
    screen: Screen,
    /// The selected as-of date.
    as_of: Option<NaiveDate>,
    /// How negative amounts are written.
    negative_style: NegativeStyle,
    /// Alert thresholds.
    alert_settings: AlertSettings,
    /// The window's language; `None` until chosen, which follows the system's.
    language: Option<Lang>,
    /// The alerts panel is open.
    alerts_open: bool,
    overview_screen: OverviewScreen,
    review_screen: ReviewScreen,
    customer_screen: CustomerScreen,
    rollforward_screen: RollForwardScreen,
    writeoffs_screen: WriteOffsScreen,
    policy_screen: PolicyScreen,
    audit_screen: AuditScreen,
    alerts_panel: AlertsPanel,
    #[serde(skip)]
    import_screen: ImportScreen,
    #[serde(skip)]
    db: PathBuf,
    #[serde(skip)]
    user: String,
    #[serde(skip)]
    history: Option<Arc<BookHistory>>,
    #[serde(skip)]
    generation: u64,
    #[serde(skip)]
    view: Option<AsOfView>,
    #[serde(skip)]
    load_job: Option<Job<LoadResult>>,
    #[serde(skip)]
    view_job: Option<Job<AsOfView>>,
    #[serde(skip)]
    queued_ops: VecDeque<BookOp>,
    #[serde(skip)]
    file_dialog: FileDialog,
    /// What the file asked for in `file_dialog` is for.
    #[serde(skip)]
    dialog_purpose: Option<DialogPurpose>,
    #[serde(skip)]
    font_job: Option<Job<Option<super::fonts::CjkFont>>>,
    #[serde(skip)]
    font_note: Option<String>,
    /// The last thing done.
    #[serde(skip)]
    status: Option<String>,
    /// The last thing that failed; it stays until dismissed or a newer failure.
    #[serde(skip)]
    error: Option<String>,
    /// The error is a failed load that a successful load takes back.
    #[serde(skip)]
    error_is_load: bool,
    /// A failure that left the window with nothing to show (no history, or no view of
    /// the selected date): the central panel says it instead of a spinner.
    #[serde(skip)]
    blocked_by: Option<String>,
    #[serde(skip)]
    load_for: LoadFor,
    #[serde(skip)]
    load_fault: Option<LoadFault>,
    /// Watches the book for commits by other programs.
    #[serde(skip)]
    watch: Option<BookWatch>,
    /// The change token of the history shown.
    #[serde(skip)]
    loaded_token: Option<ChangeToken>,
    /// Another program changed the book since the history shown was read.
    #[serde(skip)]
    changed_elsewhere: bool,
    /// A watcher report came while this window wrote: ask the watcher again when done.
    #[serde(skip)]
    recheck_when_idle: bool,
    /// File ▸ Working as…: the name being typed.
    #[serde(skip)]
    user_prompt: Option<String>,
    /// File ▸ New book…: the file chosen, and the currency and date order being chosen.
    #[serde(skip)]
    new_book_prompt: Option<NewBookPrompt>,
}

/// The form File ▸ New book… shows once a file that does not exist yet is chosen.
#[derive(Debug, Clone)]
pub struct NewBookPrompt {
    /// Where the book goes.
    pub path: PathBuf,
    /// The functional currency typed (ISO 4217).
    pub currency: String,
    /// How ambiguous ledger dates will be read.
    pub date_order: crate::domain::date::DateOrder,
    /// Why the last Create was refused.
    pub error: Option<String>,
}

/// What a file dialog is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogPurpose {
    /// Create a book.
    NewBook,
    /// Open a book.
    OpenBook,
    /// Write a backup copy.
    Backup,
}

impl Default for AgebookApp {
    fn default() -> Self {
        AgebookApp {
            last_book: None,
            recent_books: Vec::new(),
            screen: Screen::Overview,
            as_of: None,
            negative_style: NegativeStyle::Minus,
            alert_settings: AlertSettings::default(),
            language: None,
            alerts_open: false,
            overview_screen: OverviewScreen::default(),
            review_screen: ReviewScreen::default(),
            customer_screen: CustomerScreen::default(),
            rollforward_screen: RollForwardScreen::default(),
            writeoffs_screen: WriteOffsScreen::default(),
            policy_screen: PolicyScreen::default(),
            audit_screen: AuditScreen::default(),
            alerts_panel: AlertsPanel::default(),
            import_screen: ImportScreen::default(),
            db: PathBuf::new(),
            user: String::new(),
            history: None,
            generation: 0,
            view: None,
            load_job: None,
            view_job: None,
            queued_ops: VecDeque::new(),
            file_dialog: FileDialog::default(),
            dialog_purpose: None,
            font_job: None,
            font_note: None,
            status: None,
            error: None,
            error_is_load: false,
            blocked_by: None,
            load_for: LoadFor::Open,
            load_fault: None,
            watch: None,
            loaded_token: None,
            changed_elsewhere: false,
            recheck_when_idle: false,
            user_prompt: None,
            new_book_prompt: None,
        }
    }
}

/// What the status bar says after reloading for another program's change.
pub fn changed_elsewhere() -> String {
    t!("shell-changed-elsewhere")
}

/// What it says while a form the user is typing in holds the reload back.
pub fn changed_elsewhere_waiting() -> String {
    t!("shell-changed-elsewhere-waiting")
}

/// What the screens read while drawing, borrowed field by field from the app (so a
/// screen of the app can be borrowed mutably beside it).
macro_rules! screen_context {
    ($app:ident, $actions:expr) => {
        ScreenContext {
            history: $app.history.as_ref(),
            at: $app.view.as_ref().map(|v| v.at),
            overview: $app.view.as_ref().and_then(|v| v.overview.as_ref()),
            rows: $app.view.as_ref().map(|v| &v.rows),
            prepared: $app.view.as_ref().map(|v| &v.prepared),
            generation: $app.generation,
            style: $app.negative_style,
            db: &$app.db,
            user: &$app.user,
            busy: $app.load_job.is_some(),
            actions: $actions,
        }
    };
}

/// The window title for a book.
pub fn window_title(db: &Path) -> String {
    let name = db.file_name().map_or_else(
        || db.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    format!("{name} — Agebook")
}

/// What the central panel shows when a failure left nothing to show; true when the user
/// asks to try again.
fn blocked_ui(ui: &mut egui::Ui, why: &str) -> bool {
    let mut retry = false;
    ui.vertical_centered(|ui| {
        ui.add_space(80.0);
        ui.heading(t!("shell-nothing-to-show"));
        ui.add_space(8.0);
        ui.colored_label(ui.visuals().error_fg_color, why);
        ui.add_space(8.0);
        ui.label(t!("shell-try-again-hint"));
        retry = ui.button(t!("shell-try-again")).clicked();
    });
    retry
}

/// Opens the book (building the demo into a new default book), makes the change `op`
/// asks for, and assesses the book. `shown` is the history the window shows and the
/// change token it was read at: a change that touches one customer brings it up to
/// date rather than building the whole history again, when nobody else changed the
/// book meanwhile (its token is the book's before the change, and the change wrote
/// the one audit row after it).
fn load_history(
    db: &Path,
    user: &str,
    build_demo_if_new: bool,
    op: Option<BookOp>,
    shown: Option<(Arc<BookHistory>, ChangeToken)>,
    fault: Option<LoadFault>,
    ctx: &mut JobContext<LoadResult>,
) -> LoadResult {
    if let Some(fault) = fault {
        fault();
    }
    let is_new = !db.exists();
    let mut book = Book::open(db, user).map_err(|e| book_error_text(&e))?;
    let mut message = None;
    let op = match op {
        None if is_new && build_demo_if_new => Some(BookOp::BuildDemo),
        other => other,
    };
    let mut derive_from = None;
    if let Some(op) = op {
        message = Some(op.describe());
        let touched = op.touches();
        let before = book.change_token().map_err(|e| book_error_text(&e))?;
        apply(&mut book, op, ctx).map_err(|e| any_error_text(&e))?;
        let after = book.change_token().map_err(|e| book_error_text(&e))?;
        if let (Some(touched), Some((history, token))) = (touched, shown)
            && token == before
            && after == before.next()
        {
            derive_from = Some((history, touched, after));
        }
    }
    if let Some((shown, touched, token)) = derive_from {
        let history = book
            .history_after(&shown, &touched)
            .map_err(|e| book_error_text(&e))?;
        return Ok(Loaded {
            history,
            message,
            token,
        });
    }
    ctx.progress(None, t!("shell-assessing"));
    // Read before the history: a change committed in between shows as a newer token
    // (and a reload), never as a history that claims to be newer than it is.
    let token = book.change_token().map_err(|e| book_error_text(&e))?;
    let history = book
        .history(&mut |done, total| {
            ctx.progress(
                Some(done as f32 / total.max(1) as f32),
                t!("shell-assessing"),
            );
        })
        .map_err(|e| book_error_text(&e))?;
    Ok(Loaded {
        history,
        message,
        token,
    })
}

/// Makes the change `op` asks for. A refusal keeps its type (a [`BookError`], or the
/// backup's own error) so the status bar can say it in the window's language.
fn apply(book: &mut Book, op: BookOp, ctx: &mut JobContext<LoadResult>) -> anyhow::Result<()> {
    match op {
        BookOp::SetType {
            customer,
            customer_type,
            from,
        } => {
            book.set_customer_type(&customer, &customer_type, Some(from))?;
        }
        BookOp::AddNote {
            customer,
            date,
            action,
            outcome,
            text,
        } => {
            book.add_note(&customer, date, action, &outcome, &text)?;
        }
        BookOp::SetSpecific {
            customer,
            basis,
            reason,
            from,
        } => {
            book.set_specific(&customer, basis, &reason, from)?;
        }
        BookOp::ClearSpecific { customer, from } => book.clear_specific(&customer, from)?,
        BookOp::BuildDemo => {
            let cancel = AtomicBool::new(false);
            crate::demo::build_demo(
                book,
                &mut |done, total, name| {
                    ctx.progress(
                        Some(done as f32 / total.max(1) as f32),
                        t!("shell-building-demo", name = name),
                    );
                },
                &cancel,
            )?;
        }
        // The dialog asked before overwriting; the copy is verified before it is kept.
        BookOp::Backup { to } => {
            book.backup(&to, true)?;
        }
        BookOp::WriteOff(op) => op.apply(book)?,
        BookOp::Policy(op) => op.apply(book)?,
        BookOp::Period(op) => op.apply(book)?,
    }
    Ok(())
}

impl AgebookApp {
    /// The app on the book at `db` (or, with `db` = `None`, the last book opened, else the
    /// default book, which is built as a demo when it does not exist).
    pub fn new(cc: &eframe::CreationContext<'_>, db: Option<PathBuf>, user: String) -> AgebookApp {
        let mut app: AgebookApp = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default();
        app.user = user;
        // At first start the window speaks the system's language; a choice in View
        // is remembered from then on.
        let lang = *app.language.get_or_insert_with(Lang::from_system);
        crate::i18n::set_language(lang);
        let (db, demo_if_new) = match db {
            Some(db) => (db, false),
            None => match app.last_book.clone().filter(|p| p.exists()) {
                Some(last) => (last, false),
                None => (crate::book::default_book_path(), true),
            },
        };
        app.start_fonts(&cc.egui_ctx);
        app.open_book(&cc.egui_ctx, db, demo_if_new);
        app
    }

    /// An app for tests: no persistence, a given book.
    pub fn for_book(ctx: &egui::Context, db: PathBuf, user: &str) -> AgebookApp {
        let mut app = AgebookApp {
            user: user.to_string(),
            ..AgebookApp::default()
        };
        app.start_fonts(ctx);
        app.open_book(ctx, db, false);
        app
    }

    fn start_fonts(&mut self, ctx: &egui::Context) {
        let repaint = ctx.clone();
        self.font_job = Some(Job::spawn(
            "fonts",
            move || repaint.request_repaint(),
            |_| super::fonts::find_cjk_font(),
        ));
    }

    /// Switches to the book at `db`.
    pub fn open_book(&mut self, ctx: &egui::Context, db: PathBuf, demo_if_new: bool) {
        self.db = db.clone();
        self.history = None;
        self.view = None;
        self.watch = None;
        self.loaded_token = None;
        self.changed_elsewhere = false;
        self.recheck_when_idle = false;
        self.blocked_by = None;
        self.last_book = Some(db.clone());
        self.recent_books.retain(|p| p != &db);
        self.recent_books.insert(0, db.clone());
        self.recent_books.truncate(8);
        ctx.send_viewport_cmd(egui::ViewportCommand::Title(window_title(&db)));
        self.start_load(ctx, demo_if_new, None);
    }

    fn start_load(&mut self, ctx: &egui::Context, demo_if_new: bool, op: Option<BookOp>) {
        let (db, user) = (self.db.clone(), self.user.clone());
        let repaint = ctx.clone();
        self.load_for = match &op {
            Some(op) => LoadFor::Change(op.failure()),
            None => LoadFor::Open,
        };
        let fault = self.load_fault.take();
        let shown = match (&self.history, self.loaded_token) {
            (Some(history), Some(token)) if !self.changed_elsewhere => {
                Some((history.clone(), token))
            }
            _ => None,
        };
        self.load_job = Some(Job::spawn(
            "load book",
            move || repaint.request_repaint(),
            move |jc| load_history(&db, &user, demo_if_new, op, shown, fault, jc),
        ));
    }

    fn start_view(&mut self, ctx: &egui::Context, at: usize) {
        let Some(history) = self.history.clone() else {
            return;
        };
        let settings = self.alert_settings;
        let generation = self.generation;
        let repaint = ctx.clone();
        let (filter, sort) = (
            self.review_screen.filter().clone(),
            self.review_screen.sort(),
        );
        self.view_job = Some(Job::spawn(
            "as-of view",
            move || repaint.request_repaint(),
            move |_| {
                let rows = review_rows(&history, at, &settings);
                AsOfView {
                    at,
                    overview: overview(&history, at),
                    prepared: PreparedReview::new(&rows, &filter, sort),
                    rows: Arc::new(rows),
                    generation,
                }
            },
        ));
    }

    /// True while the book loads or a change runs.
    pub fn is_busy(&self) -> bool {
        self.load_job.is_some() || self.view_job.is_some()
    }

    /// The loaded history, if any.
    pub fn history(&self) -> Option<&Arc<BookHistory>> {
        self.history.as_ref()
    }

    /// The screen shown.
    pub fn screen(&self) -> Screen {
        self.screen
    }

    /// The selected as-of date.
    pub fn as_of(&self) -> Option<NaiveDate> {
        self.as_of
    }

    /// The last status message (what was done).
    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    /// The last failure the status bar shows, until dismissed or replaced.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Bumped every time a new history is swapped in.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// True while the window watches its book for changes by other programs.
    pub fn is_watching(&self) -> bool {
        self.watch.is_some()
    }

    /// A test seam: the next job that loads the book runs `fault` first (a fault that
    /// panics shows what the window does when a worker dies).
    #[doc(hidden)]
    pub fn inject_load_fault(&mut self, fault: impl FnOnce() + Send + 'static) {
        self.load_fault = Some(Box::new(fault));
    }

    /// The import screen, for tests that drive its state.
    pub fn import_screen_mut(&mut self) -> &mut ImportScreen {
        &mut self.import_screen
    }

    /// The customer screen, for tests.
    pub fn customer_screen(&self) -> &CustomerScreen {
        &self.customer_screen
    }

    /// The review screen, for tests.
    pub fn review_screen(&self) -> &ReviewScreen {
        &self.review_screen
    }

    /// The roll-forward screen, for tests.
    pub fn rollforward_screen_mut(&mut self) -> &mut RollForwardScreen {
        &mut self.rollforward_screen
    }

    /// The write-offs screen, for tests.
    pub fn writeoffs_screen_mut(&mut self) -> &mut WriteOffsScreen {
        &mut self.writeoffs_screen
    }

    /// The policy screen, for tests.
    pub fn policy_screen_mut(&mut self) -> &mut PolicyScreen {
        &mut self.policy_screen
    }

    /// The audit screen, for tests.
    pub fn audit_screen_mut(&mut self) -> &mut AuditScreen {
        &mut self.audit_screen
    }

    /// The alerts panel, for tests.
    pub fn alerts_panel_mut(&mut self) -> &mut AlertsPanel {
        &mut self.alerts_panel
    }

    /// The window's language.
    pub fn language(&self) -> Lang {
        self.language.unwrap_or_default()
    }

    /// Switches the window's language.
    pub fn set_language(&mut self, lang: Lang) {
        self.language = Some(lang);
        crate::i18n::set_language(lang);
    }

    /// The user the window acts as.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// Acts as another user from now on (File ▸ Working as…).
    pub fn set_user(&mut self, user: &str) {
        let user = user.trim();
        if !user.is_empty() && user != self.user {
            self.user = user.to_string();
            self.status = Some(t!("shell-working-as-now", user = user));
        }
    }

    /// The review rows of the selected snapshot, once built.
    pub fn review_rows(&self) -> Option<&Arc<Vec<ReviewRow>>> {
        self.view.as_ref().map(|v| &v.rows)
    }

    /// True when the book is loaded, its view built, and no job runs.
    pub fn is_ready(&self) -> bool {
        self.history.is_some()
            && self.view.is_some()
            && self.load_job.is_none()
            && self.view_job.is_none()
            && self.font_job.is_none()
    }

    /// Makes a change as a screen's button does: run on a worker (after a running one)
    /// and shown when done. The way in for a benchmark that times it.
    pub fn change(&mut self, ctx: &egui::Context, op: BookOp) {
        self.run(ctx, Action::Run(op));
    }

    /// Opens a customer on the customer screen.
    pub fn open_customer(&mut self, customer_id: &str) {
        self.customer_screen.open(customer_id.to_string());
        self.screen = Screen::Customer;
    }

    /// Shows a screen.
    pub fn show(&mut self, screen: Screen) {
        self.screen = screen;
    }

    fn selected_index(&self) -> Option<usize> {
        let history = self.history.as_ref()?;
        match self.as_of {
            Some(d) => history
                .index_of(d)
                .or_else(|| history.snapshots.len().checked_sub(1)),
            None => history.snapshots.len().checked_sub(1),
        }
    }

    fn run(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::SelectSnapshot(i) => {
                if let Some(d) = self
                    .history
                    .as_ref()
                    .and_then(|h| h.snapshots.get(i))
                    .map(|s| s.as_of)
                {
                    self.as_of = Some(d);
                    self.start_view(ctx, i);
                }
            }
            Action::Show(screen) => self.screen = screen,
            Action::OpenReview(filter) => {
                self.review_screen.set_filter(filter);
                self.screen = Screen::Review;
            }
            Action::OpenCustomer(id) => {
                self.customer_screen.open(id);
                self.screen = Screen::Customer;
            }
            Action::Run(op) => {
                if self.load_job.is_some() {
                    self.queued_ops.push_back(op);
                } else {
                    self.start_load(ctx, false, Some(op));
                }
            }
            Action::Imported(as_of) => {
                self.as_of = Some(as_of);
                self.status = Some(t!("shell-imported", as_of = as_of));
                self.start_load(ctx, false, None);
            }
            Action::OpenWriteOff(id) => {
                self.writeoffs_screen.open(id);
                self.screen = Screen::WriteOffs;
            }
            Action::ProposeWriteOff(customer) => self.writeoffs_screen.propose(customer),
        }
    }

    /// Shows a failure in the status bar until it is dismissed or a newer one comes.
    fn show_error(&mut self, message: String, is_load: bool) {
        self.error = Some(message);
        self.error_is_load = is_load;
    }

    fn poll_jobs(&mut self, ctx: &egui::Context) {
        if let Some(job) = &mut self.font_job
            && let Some(end) = job.poll().ended()
        {
            self.font_job = None;
            match end {
                Ok(Some(font)) => super::fonts::install(ctx, font),
                Ok(None) => self.font_note = Some(t!("shell-no-cjk-font")),
                Err(e) => self.font_note = Some(t!("shell-cjk-font-failed", error = e)),
            }
        }
        if let Some(job) = &mut self.load_job
            && let Some(end) = job.poll().ended()
        {
            self.load_job = None;
            let load_for = std::mem::take(&mut self.load_for);
            match end.and_then(|result| result) {
                Ok(loaded) => self.loaded(ctx, loaded, &load_for),
                Err(e) => {
                    let (what, is_load) = match load_for {
                        LoadFor::Change(what) => (what, false),
                        LoadFor::Open | LoadFor::ExternalChange => (t!("shell-load-failed"), true),
                    };
                    let message = failed_because(&what, &e);
                    if self.history.is_none() {
                        self.blocked_by = Some(message.clone());
                    }
                    self.show_error(message, is_load);
                    // A failed change leaves the history as it was: ask the watcher
                    // again whether others changed the book. A failed load is not
                    // retried by itself (it would fail in a loop).
                    self.changed_elsewhere = false;
                    self.recheck_when_idle = !is_load;
                }
            }
            if let Some(op) = self.queued_ops.pop_front() {
                self.start_load(ctx, false, Some(op));
            }
        }
        if let Some(job) = &mut self.view_job
            && let Some(end) = job.poll().ended()
        {
            self.view_job = None;
            match end {
                Ok(view) => {
                    self.view = Some(view);
                    self.blocked_by = None;
                }
                Err(e) => {
                    let message = match self.as_of {
                        Some(d) => t!("shell-view-failed-at", as_of = d, error = e),
                        None => t!("shell-view-failed", error = e),
                    };
                    if self.view.is_none() {
                        self.blocked_by = Some(message.clone());
                    }
                    self.show_error(message, false);
                }
            }
        }
        if let Some(path) = self.file_dialog.poll()
            && let Some(purpose) = self.dialog_purpose
        {
            self.dialog_chosen(ctx, purpose, path);
        }
        self.poll_watch(ctx);
    }

    /// A load job's history arrived: swap it in, tell the watcher what is shown.
    fn loaded(&mut self, ctx: &egui::Context, loaded: Loaded, load_for: &LoadFor) {
        let Loaded {
            history,
            message,
            token,
        } = loaded;
        self.generation += 1;
        self.history = Some(Arc::new(history));
        self.blocked_by = None;
        if self.error_is_load {
            self.error = None;
            self.error_is_load = false;
        }
        if let Some(m) = message {
            self.status = Some(m);
        } else if matches!(load_for, LoadFor::ExternalChange) {
            self.status = Some(changed_elsewhere());
        }
        // This history has what was committed up to `token`; whatever the watcher
        // said against an older one is answered by the watcher again if still true.
        self.changed_elsewhere = false;
        self.recheck_when_idle = false;
        self.loaded_token = Some(token);
        match &self.watch {
            Some(watch) => watch.send(token),
            None => {
                let repaint = ctx.clone();
                self.watch = Some(watch_book(
                    &self.db,
                    &self.user,
                    token,
                    WATCH_INTERVAL,
                    move || repaint.request_repaint(),
                ));
            }
        }
        if let Some(at) = self.selected_index() {
            self.start_view(ctx, at);
        } else {
            self.view = None;
        }
    }

    /// Drains the watcher; a report about the history shown marks it stale.
    fn poll_watch(&mut self, ctx: &egui::Context) {
        let Some(watch) = &mut self.watch else {
            return;
        };
        match watch.poll() {
            // A report against an older history was overtaken by a load since.
            Ok(Some(changed)) if Some(changed.against) != self.loaded_token => {}
            // While the window writes itself, the change may be its own: ask again
            // once it is done (unless a load answers first).
            Ok(Some(_)) if self.is_writing() => self.recheck_when_idle = true,
            Ok(Some(_)) => {
                self.changed_elsewhere = true;
                if self.has_unsaved_input() {
                    self.status = Some(changed_elsewhere_waiting());
                }
            }
            Ok(None) => {}
            Err(e) => {
                self.watch = None;
                self.status = Some(t!("shell-watch-stopped", error = e));
            }
        }
        self.reload_if_changed_elsewhere(ctx);
    }

    /// True while the user has typed into a form and not saved it.
    fn has_unsaved_input(&self) -> bool {
        self.customer_screen.has_unsaved_input()
            || self.writeoffs_screen.has_unsaved_input()
            || self.policy_screen.has_unsaved_input()
            || self.rollforward_screen.has_unsaved_input()
    }

    /// True while a job of this window may be writing to the book.
    fn is_writing(&self) -> bool {
        self.load_job.is_some() || !self.queued_ops.is_empty() || self.import_screen.is_working()
    }

    /// Nothing runs or waits and nothing typed is pending: a reload surprises no one.
    fn is_idle(&self) -> bool {
        self.load_job.is_none()
            && self.view_job.is_none()
            && self.queued_ops.is_empty()
            && !self.import_screen.is_working()
            && !self.has_unsaved_input()
    }

    /// Reloads the history when another program changed the book and the window is idle.
    fn reload_if_changed_elsewhere(&mut self, ctx: &egui::Context) {
        if self.recheck_when_idle && !self.is_writing() {
            self.recheck_when_idle = false;
            if let (Some(watch), Some(token)) = (&self.watch, self.loaded_token) {
                watch.send(token);
            }
        }
        if !self.changed_elsewhere || !self.is_idle() {
            return;
        }
        self.changed_elsewhere = false;
        self.start_load(ctx, false, None);
        self.load_for = LoadFor::ExternalChange;
    }

    fn dialog_chosen(&mut self, ctx: &egui::Context, purpose: DialogPurpose, path: PathBuf) {
        match purpose {
            DialogPurpose::NewBook if !path.exists() => {
                self.new_book_prompt = Some(NewBookPrompt {
                    path,
                    currency: "CNY".to_string(),
                    date_order: crate::domain::date::DateOrder::DayFirst,
                    error: None,
                });
            }
            DialogPurpose::NewBook | DialogPurpose::OpenBook => self.open_book(ctx, path, false),
            DialogPurpose::Backup => self.run(ctx, Action::Run(BookOp::Backup { to: path })),
        }
    }

    fn ask_path(&mut self, ctx: &egui::Context, purpose: DialogPurpose) {
        let ask = match purpose {
            DialogPurpose::OpenBook => Ask::open(t!("shell-open-book-title")),
            // An existing book named here is opened, not replaced.
            DialogPurpose::NewBook => Ask::save(t!("shell-new-book-title"))
                .file_name("book.db")
                .keep_existing(),
            DialogPurpose::Backup => Ask::save(t!("shell-backup-title")).file_name("backup.db"),
        };
        let ask = ask
            .directory(self.db.parent().map(Path::to_path_buf))
            .filter(t!("shell-dialog-filter"), &["db", "agebook", "sqlite"]);
        self.dialog_purpose = Some(purpose);
        self.file_dialog.start(ctx, ask);
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(t!("menu-file"), |ui| {
                if ui.button(t!("menu-new-book")).clicked() {
                    self.ask_path(&ctx, DialogPurpose::NewBook);
                }
                if ui.button(t!("menu-open-book")).clicked() {
                    self.ask_path(&ctx, DialogPurpose::OpenBook);
                }
                ui.menu_button(t!("menu-recent-books"), |ui| {
                    let recent: Vec<PathBuf> = self
                        .recent_books
                        .iter()
                        .filter(|p| **p != self.db)
                        .cloned()
                        .collect();
                    if recent.is_empty() {
                        ui.label(t!("menu-recent-none"));
                    }
                    for path in recent {
                        if ui.button(path.display().to_string()).clicked() {
                            self.open_book(&ctx, path, false);
                        }
                    }
                });
                ui.separator();
                if ui.button(t!("menu-working-as")).clicked() {
                    self.user_prompt = Some(self.user.clone());
                }
                ui.separator();
                if ui.button(t!("menu-backup")).clicked() {
                    self.ask_path(&ctx, DialogPurpose::Backup);
                }
                ui.separator();
                if ui.button(t!("menu-quit")).clicked() {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button(t!("menu-view"), |ui| {
                for (screen, key) in Screen::ALL {
                    let shortcut = ctx.format_shortcut(&egui::KeyboardShortcut::new(
                        egui::Modifiers::COMMAND,
                        key,
                    ));
                    if ui
                        .add(egui::Button::new(screen.name()).shortcut_text(shortcut))
                        .clicked()
                    {
                        self.screen = screen;
                    }
                }
                ui.separator();
                if ui
                    .checkbox(&mut self.alerts_open, t!("menu-alerts-panel"))
                    .clicked()
                {
                    ui.close();
                }
                ui.separator();
                ui.label(t!("menu-negative-amounts"));
                ui.radio_value(&mut self.negative_style, NegativeStyle::Minus, "-1,234.56");
                ui.radio_value(
                    &mut self.negative_style,
                    NegativeStyle::Parentheses,
                    "(1,234.56)",
                );
                ui.separator();
                ui.label(t!("menu-language"));
                for lang in Lang::ALL {
                    if ui
                        .radio(self.language() == lang, lang.native_name())
                        .clicked()
                    {
                        self.set_language(lang);
                    }
                }
            });
        });
    }

    fn top_bar_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            for (screen, _) in Screen::ALL {
                if ui
                    .selectable_label(self.screen == screen, screen.name())
                    .clicked()
                {
                    self.screen = screen;
                }
            }
            ui.separator();
            self.alerts_badge_ui(ui);
            ui.separator();
            // The acting user sits in the corner, a click from switching.
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button(t!("shell-user-button", user = self.user.as_str()))
                    .on_hover_text(t!("shell-working-as-hover"))
                    .clicked()
                {
                    self.user_prompt = Some(self.user.clone());
                }
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    self.as_of_ui(ui, actions);
                });
            });
        });
    }

    /// The navigation's alert badge: the count at the as-of date, a click to the panel.
    fn alerts_badge_ui(&mut self, ui: &mut egui::Ui) {
        let count = {
            let mut actions = Vec::new();
            let cx = screen_context!(self, &mut actions);
            self.alerts_panel.count(&cx)
        };
        let text = match count {
            Some(n) if n > 0 => egui::RichText::new(t!("shell-alerts-badge", n = n))
                .color(ui.visuals().warn_fg_color),
            Some(n) => egui::RichText::new(t!("shell-alerts-badge", n = n)),
            None => egui::RichText::new(t!("shell-alerts")),
        };
        if ui
            .selectable_label(self.alerts_open, text)
            .on_hover_text(t!("shell-alerts-hover"))
            .clicked()
        {
            self.alerts_open = !self.alerts_open;
        }
    }

    fn as_of_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let Some(history) = &self.history else { return };
        if history.snapshots.is_empty() {
            ui.label(t!("shell-no-snapshots"));
            return;
        }
        let at = self.selected_index().unwrap_or(0);
        let as_of_label = ui.label(t!("shell-as-of"));
        let prev = ui
            .add_enabled(
                at > 0,
                egui::Button::new(egui::RichText::new("‹").size(16.0)),
            )
            .on_hover_text(t!("shell-previous-snapshot"));
        if prev.clicked() {
            actions.push(Action::SelectSnapshot(at - 1));
        }
        let selected = history.snapshots[at].as_of;
        egui::ComboBox::from_id_salt("as_of")
            .selected_text(selected.to_string())
            .height(400.0)
            .show_ui(ui, |ui| {
                for (i, s) in history.snapshots.iter().enumerate().rev() {
                    if ui.selectable_label(i == at, s.as_of.to_string()).clicked() {
                        actions.push(Action::SelectSnapshot(i));
                    }
                }
            })
            .response
            .labelled_by(as_of_label.id);
        let next = ui
            .add_enabled(
                at + 1 < history.snapshots.len(),
                egui::Button::new(egui::RichText::new("›").size(16.0)),
            )
            .on_hover_text(t!("shell-next-snapshot"));
        if next.clicked() {
            actions.push(Action::SelectSnapshot(at + 1));
        }
        if let Some(through) = history.closing(selected) {
            ui.label(egui::RichText::new(t!("shell-closed-badge")).strong())
                .on_hover_text(t!("shell-closed-hover", through = through));
        }
        ui.label(
            egui::RichText::new(t!("shell-amounts-in", currency = history.currency.as_str()))
                .weak(),
        );
    }

    fn status_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new(self.db.display().to_string())
                    .small()
                    .weak(),
            );
            if let Some(h) = &self.history {
                let closed = match h.closed_through {
                    Some(d) => t!("shell-status-closed-through", through = d),
                    None => String::new(),
                };
                ui.label(
                    egui::RichText::new(format!(
                        "· {}{closed}",
                        t!("shell-status-snapshots", n = h.snapshots.len())
                    ))
                    .small()
                    .weak(),
                );
            }
            if let Some(job) = self.load_job.as_ref() {
                let (fraction, status) = job.progress();
                ui.separator();
                ui.add(egui::Spinner::new());
                if status.is_empty() {
                    ui.label(t!("shell-opening"));
                } else {
                    ui.label(status);
                }
                if let Some(f) = fraction {
                    ui.add(egui::ProgressBar::new(f).desired_width(160.0));
                }
            }
            if let Some(message) = &self.status {
                ui.separator();
                ui.label(message);
            }
            if let Some(error) = &self.error {
                ui.separator();
                // The button first: a long error is cut at the window's edge (the whole
                // of it on hover), and must not push the button out of reach.
                let dismissed = ui
                    .small_button(t!("shell-dismiss"))
                    .on_hover_text(t!("shell-dismiss-hover"))
                    .clicked();
                let text = egui::RichText::new(error).color(ui.visuals().error_fg_color);
                ui.add(egui::Label::new(text).truncate())
                    .on_hover_text(error);
                if dismissed {
                    self.error = None;
                    self.error_is_load = false;
                }
            }
            if let Some(note) = &self.font_note {
                ui.separator();
                ui.colored_label(ui.visuals().warn_fg_color, note);
            }
        });
    }

    /// Runs again what failed and left nothing to show: the load, or the view.
    fn retry(&mut self, ctx: &egui::Context) {
        self.blocked_by = None;
        match self.selected_index() {
            Some(at) if self.history.is_some() => self.start_view(ctx, at),
            _ => self.start_load(ctx, false, None),
        }
    }

    fn path_prompt_ui(&mut self, ctx: &egui::Context) {
        if let Some(path) = self.file_dialog.prompt_ui(ctx)
            && let Some(purpose) = self.dialog_purpose
        {
            self.dialog_chosen(ctx, purpose, path);
        }
    }

    /// File ▸ New book…, once its file is chosen: the currency the book is kept in and
    /// how it reads ambiguous dates, then Create (the book is created and opened).
    fn new_book_ui(&mut self, ctx: &egui::Context) {
        use crate::domain::date::DateOrder;
        let Some(prompt) = &mut self.new_book_prompt else {
            return;
        };
        let mut open = true;
        let mut create = false;
        egui::Window::new(t!("shell-new-book-title"))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(prompt.path.display().to_string());
                egui::Grid::new("new_book_form")
                    .num_columns(2)
                    .spacing([12.0, 6.0])
                    .show(ui, |ui| {
                        let label = ui.label(t!("shell-new-book-currency"));
                        ui.horizontal(|ui| {
                            ui.add(
                                egui::TextEdit::singleline(&mut prompt.currency)
                                    .desired_width(60.0)
                                    .char_limit(3),
                            )
                            .labelled_by(label.id);
                            for code in ["CNY", "USD", "EUR", "HKD", "GBP", "SGD"] {
                                if ui.small_button(code).clicked() {
                                    prompt.currency = code.to_string();
                                }
                            }
                        });
                        ui.end_row();
                        ui.label(t!("shell-new-book-dates"));
                        ui.horizontal(|ui| {
                            ui.radio_value(
                                &mut prompt.date_order,
                                DateOrder::DayFirst,
                                t!("shell-new-book-day-first"),
                            );
                            ui.radio_value(
                                &mut prompt.date_order,
                                DateOrder::MonthFirst,
                                t!("shell-new-book-month-first"),
                            );
                        });
                        ui.end_row();
                    });
                let checked = crate::domain::currency::book_currency(&prompt.currency);
                match &checked {
                    Ok(c) => {
                        ui.label(
                            egui::RichText::new(t!(
                                "shell-new-book-minor-unit",
                                code = c.code,
                                digits = c.minor_digits
                            ))
                            .weak(),
                        );
                    }
                    Err(e) => {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            super::errors::currency_error_text(e),
                        );
                    }
                }
                if let Some(e) = &prompt.error {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                if ui
                    .add_enabled(
                        checked.is_ok(),
                        egui::Button::new(t!("shell-new-book-create")),
                    )
                    .clicked()
                {
                    create = true;
                }
            });
        if !open {
            self.new_book_prompt = None;
            return;
        }
        if create {
            // Creating a book writes its schema and defaults: a few milliseconds.
            match Book::create(
                &prompt.path,
                &self.user,
                &prompt.currency,
                prompt.date_order,
            ) {
                Ok(book) => {
                    drop(book);
                    let path = prompt.path.clone();
                    self.new_book_prompt = None;
                    self.open_book(ctx, path, false);
                }
                Err(e) => prompt.error = Some(super::errors::book_error_text(&e)),
            }
        }
    }

    /// File ▸ Working as…: the name the window acts as (preparer, approver, poster).
    fn user_prompt_ui(&mut self, ctx: &egui::Context) {
        let Some(text) = &mut self.user_prompt else {
            return;
        };
        let mut open = true;
        let mut chosen = None;
        egui::Window::new(t!("shell-working-as-title"))
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label(t!("shell-working-as-explain"));
                let label = ui.label(t!("shell-working-as-name"));
                let field = ui
                    .add(egui::TextEdit::singleline(text).desired_width(240.0))
                    .labelled_by(label.id);
                let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if (ui.button(t!("shell-ok")).clicked() || enter) && !text.trim().is_empty() {
                    chosen = Some(text.trim().to_string());
                }
            });
        if let Some(user) = chosen {
            self.user_prompt = None;
            self.set_user(&user);
        } else if !open {
            self.user_prompt = None;
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        for (screen, key) in Screen::ALL {
            if ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, key)) {
                self.screen = screen;
            }
        }
    }
}

impl eframe::App for AgebookApp {
    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, self);
    }

    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        crate::i18n::set_language(self.language());
        self.poll_jobs(ctx);
        // An import that finishes while another screen is shown still reloads the book.
        let mut finished = Vec::new();
        self.import_screen.poll(&mut finished);
        for action in finished {
            self.run(ctx, action);
        }
        self.shortcuts(ctx);
        // Files dropped on the window go to the import screen.
        let dropped = ctx.input(|i| i.raw.dropped_files.clone());
        if let Some(file) = dropped.first() {
            self.import_screen.choose(file.path().to_path_buf());
            self.screen = Screen::Import;
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        crate::i18n::set_language(self.language());
        let mut actions = Vec::new();
        egui::Panel::top("menu").show(ui, |ui| {
            self.menu_ui(ui);
            self.top_bar_ui(ui, &mut actions);
        });
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar_ui(ui));
        // A failure that left nothing to show is said in place of the screen, which
        // would otherwise wait for data that is not coming.
        let blocked = self.blocked_by.clone().filter(|_| {
            self.screen != Screen::Import && self.load_job.is_none() && self.view_job.is_none()
        });
        if let Some(why) = blocked {
            let mut retry = false;
            egui::CentralPanel::default().show(ui, |ui| retry = blocked_ui(ui, &why));
            if retry {
                self.retry(&ctx);
            }
            self.path_prompt_ui(&ctx);
            self.user_prompt_ui(&ctx);
            self.new_book_ui(&ctx);
            for action in actions {
                self.run(&ctx, action);
            }
            return;
        }
        if self.alerts_open {
            let mut cx = screen_context!(self, &mut actions);
            egui::Panel::right("alerts")
                .resizable(true)
                .default_size(340.0)
                .show(ui, |ui| self.alerts_panel.ui(ui, &mut cx));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            let mut cx = screen_context!(self, &mut actions);
            // The Customer screen with no customer open shows the one highlighted in the
            // review, as someone who moves there with Ctrl+3 or the tab expects.
            if self.screen == Screen::Customer
                && self.customer_screen.customer_id().is_none()
                && let Some(id) = self.review_screen.selected()
            {
                self.customer_screen.open(id.to_string());
            }
            match self.screen {
                Screen::Overview => self.overview_screen.ui(ui, &mut cx),
                Screen::Review => self.review_screen.ui(ui, &mut cx),
                Screen::Customer => self.customer_screen.ui(ui, &mut cx),
                Screen::Import => self.import_screen.ui(ui, &mut cx),
                Screen::RollForward => self.rollforward_screen.ui(ui, &mut cx),
                Screen::WriteOffs => self.writeoffs_screen.ui(ui, &mut cx),
                Screen::Policy => self.policy_screen.ui(ui, &mut cx),
                Screen::Audit => self.audit_screen.ui(ui, &mut cx),
            }
        });
        // The write-off proposal is a window over whichever screen asked for it.
        {
            let mut cx = screen_context!(self, &mut actions);
            self.writeoffs_screen.proposal_ui(&ctx, &mut cx);
        }
        self.path_prompt_ui(&ctx);
        self.user_prompt_ui(&ctx);
        self.new_book_ui(&ctx);
        for action in actions {
            self.run(&ctx, action);
        }
    }
}
