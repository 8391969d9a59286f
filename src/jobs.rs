//! Background work: a named job on its own thread, reporting progress over a channel,
//! cancellable through a shared flag. The UI polls jobs each frame and never waits.
//!
//! Invariant: every job ends, and its end is explicit. [`Job::poll`] says
//! [`JobState::Running`], [`JobState::Done`] or [`JobState::Failed`]; a worker that panics
//! (or whose thread vanishes without a result) is `Failed` with a message, never "still
//! running", so a window cannot wait forever on it.
//!
//! A [`Watch`] is the long-lived kind: a thread that keeps looking at something (the
//! book file) and reports what it sees until it is dropped; the UI can send it messages.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::time::{Duration, Instant};

enum Message<T> {
    Progress(Option<f32>, String),
    Done(T),
    Failed(String),
}

/// Where a job is, as [`Job::poll`] sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobState<T> {
    /// Still working.
    Running,
    /// Finished with its result.
    Done(T),
    /// Ended without a result: the worker panicked (with this message) or its thread is
    /// gone.
    Failed(String),
}

impl<T> JobState<T> {
    /// `None` while running; the result, or why there is none, once the job ended.
    pub fn ended(self) -> Option<Result<T, String>> {
        match self {
            JobState::Running => None,
            JobState::Done(result) => Some(Ok(result)),
            JobState::Failed(message) => Some(Err(message)),
        }
    }
}

/// A running job whose result is a `T`.
pub struct Job<T> {
    name: &'static str,
    rx: Receiver<Message<T>>,
    cancel: Arc<AtomicBool>,
    fraction: Option<f32>,
    status: String,
    /// Set once `poll` returned `Done` or `Failed`.
    ended: bool,
    /// Why the thread could not be started, if it could not.
    start_error: Option<String>,
}

/// What the worker side of a job sees.
pub struct JobContext<T> {
    tx: Sender<Message<T>>,
    cancel: Arc<AtomicBool>,
    repaint: Box<dyn Fn() + Send>,
    last: Option<Instant>,
}

/// Progress messages closer together than this are dropped (the UI repaints at most
/// this often because of a job).
const THROTTLE: Duration = Duration::from_millis(50);

/// The text of a panic's payload: what `panic!` was given, when it was a string.
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "the worker panicked".to_string()
    }
}

impl<T> JobContext<T> {
    /// Reports progress: a fraction done (if known) and a line of status.
    pub fn progress(&mut self, fraction: Option<f32>, status: impl Into<String>) {
        let now = Instant::now();
        if self.last.is_some_and(|l| now - l < THROTTLE) {
            return;
        }
        self.last = Some(now);
        let _ = self.tx.send(Message::Progress(fraction, status.into()));
        (self.repaint)();
    }

    /// True once the user asked to cancel.
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// The cancel flag, for library calls that take one.
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.cancel
    }

    /// A handle on the cancel flag that does not borrow the context, for a library call
    /// that also reports progress through it.
    pub fn cancel_handle(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.cancel)
    }
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a new thread. `repaint` wakes the UI (e.g. `ctx.request_repaint`).
    /// A panic in `work` ends the job as [`JobState::Failed`] with the panic's message.
    pub fn spawn(
        name: &'static str,
        repaint: impl Fn() + Send + 'static,
        work: impl FnOnce(&mut JobContext<T>) -> T + Send + 'static,
    ) -> Job<T> {
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let mut ctx = JobContext {
            tx,
            cancel: Arc::clone(&cancel),
            repaint: Box::new(repaint),
            last: None,
        };
        // What the worker writes for the user is in the spawner's language.
        let lang = crate::i18n::language();
        let spawned = std::thread::Builder::new()
            .name(format!("job: {name}"))
            .spawn(move || {
                crate::i18n::set_language(lang);
                // The context is only read after the panic to send the end: nothing it
                // holds is left half-changed by one.
                let outcome = catch_unwind(AssertUnwindSafe(|| work(&mut ctx)));
                let end = match outcome {
                    Ok(result) => Message::Done(result),
                    Err(payload) => Message::Failed(panic_message(payload.as_ref())),
                };
                let _ = ctx.tx.send(end);
                (ctx.repaint)();
            });
        let start_error = spawned.err().map(|e| format!("could not start: {e}"));
        Job {
            name,
            rx,
            cancel,
            fraction: None,
            status: start_error.clone().unwrap_or_default(),
            ended: false,
            start_error,
        }
    }

    /// Drains messages and says where the job is. Once it returned `Done` or `Failed`
    /// the job is spent (drop it): later polls say `Failed`.
    pub fn poll(&mut self) -> JobState<T> {
        if self.ended {
            return JobState::Failed(format!("the job “{}” already ended", self.name));
        }
        loop {
            match self.rx.try_recv() {
                Ok(Message::Progress(f, s)) => {
                    self.fraction = f;
                    self.status = s;
                }
                Ok(Message::Done(result)) => {
                    self.ended = true;
                    return JobState::Done(result);
                }
                Ok(Message::Failed(message)) => {
                    self.ended = true;
                    return JobState::Failed(message);
                }
                Err(TryRecvError::Empty) => return JobState::Running,
                // The worker's side is gone without a word: it could not start, or its
                // thread died in a way that skipped the end (an abort would not get here).
                Err(TryRecvError::Disconnected) => {
                    self.ended = true;
                    let why = self
                        .start_error
                        .clone()
                        .unwrap_or_else(|| "its thread ended without a result".to_string());
                    return JobState::Failed(why);
                }
            }
        }
    }

    /// Asks the job to stop.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// The job's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Fraction done, if known, and the latest status line.
    pub fn progress(&self) -> (Option<f32>, &str) {
        (self.fraction, &self.status)
    }
}

/// What woke a [`Watch`]'s worker from [`WatchContext::wait`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wake<I> {
    /// The UI sent this.
    Message(I),
    /// The interval passed.
    Timeout,
    /// The watch was dropped: end the loop.
    Stop,
}

enum WatchMessage<O> {
    Report(O),
    Failed(String),
}

/// A long-lived worker that keeps looking at something and reports what it sees, until
/// it is dropped (which wakes it and ends its loop). The UI can send it messages of type
/// `I`; it reports values of type `O`.
pub struct Watch<I, O> {
    name: &'static str,
    to_worker: Sender<I>,
    from_worker: Receiver<WatchMessage<O>>,
    failed: Option<String>,
}

/// What the worker side of a [`Watch`] sees.
pub struct WatchContext<I, O> {
    rx: Receiver<I>,
    tx: Sender<WatchMessage<O>>,
    repaint: Box<dyn Fn() + Send>,
}

impl<I, O> WatchContext<I, O> {
    /// Waits at most `timeout` for a message from the UI.
    pub fn wait(&self, timeout: Duration) -> Wake<I> {
        match self.rx.recv_timeout(timeout) {
            Ok(message) => Wake::Message(message),
            Err(RecvTimeoutError::Timeout) => Wake::Timeout,
            Err(RecvTimeoutError::Disconnected) => Wake::Stop,
        }
    }

    /// Reports a value and wakes the UI. False once nobody listens any more.
    pub fn report(&self, value: O) -> bool {
        let sent = self.tx.send(WatchMessage::Report(value)).is_ok();
        (self.repaint)();
        sent
    }
}

impl<I: Send + 'static, O: Send + 'static> Watch<I, O> {
    /// Starts `work` on a new thread; it should loop on [`WatchContext::wait`] until
    /// [`Wake::Stop`]. An error it returns, or a panic, ends the watch as failed.
    pub fn spawn(
        name: &'static str,
        repaint: impl Fn() + Send + 'static,
        work: impl FnOnce(&mut WatchContext<I, O>) -> Result<(), String> + Send + 'static,
    ) -> Watch<I, O> {
        let (to_worker, rx) = channel();
        let (tx, from_worker) = channel();
        let mut ctx = WatchContext {
            rx,
            tx,
            repaint: Box::new(repaint),
        };
        let lang = crate::i18n::language();
        let spawned = std::thread::Builder::new()
            .name(format!("watch: {name}"))
            .spawn(move || {
                crate::i18n::set_language(lang);
                let failure = match catch_unwind(AssertUnwindSafe(|| work(&mut ctx))) {
                    Ok(Ok(())) => return,
                    Ok(Err(message)) => message,
                    Err(payload) => panic_message(payload.as_ref()),
                };
                let _ = ctx.tx.send(WatchMessage::Failed(failure));
                (ctx.repaint)();
            });
        Watch {
            name,
            to_worker,
            from_worker,
            failed: spawned.err().map(|e| format!("could not start: {e}")),
        }
    }

    /// Sends the worker a message (it sees it at its next [`WatchContext::wait`]).
    pub fn send(&self, message: I) {
        let _ = self.to_worker.send(message);
    }

    /// The newest value reported since the last poll, if any; `Err` once the watch ended
    /// (its worker failed, panicked or is gone), with why.
    pub fn poll(&mut self) -> Result<Option<O>, String> {
        if let Some(why) = &self.failed {
            return Err(why.clone());
        }
        let mut latest = None;
        loop {
            match self.from_worker.try_recv() {
                Ok(WatchMessage::Report(value)) => latest = Some(value),
                Ok(WatchMessage::Failed(why)) => {
                    self.failed = Some(why.clone());
                    return Err(why);
                }
                Err(TryRecvError::Empty) => return Ok(latest),
                Err(TryRecvError::Disconnected) => {
                    if latest.is_some() {
                        return Ok(latest);
                    }
                    let why = format!("the watch “{}” ended", self.name);
                    self.failed = Some(why.clone());
                    return Err(why);
                }
            }
        }
    }

    /// The watch's name.
    pub fn name(&self) -> &'static str {
        self.name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait_for_end<T: Send + 'static>(job: &mut Job<T>) -> Result<T, String> {
        let start = Instant::now();
        loop {
            if let Some(end) = job.poll().ended() {
                return end;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the job never ended"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn a_job_reports_progress_then_its_result() {
        let mut job = Job::spawn(
            "count",
            || {},
            |ctx: &mut JobContext<u32>| {
                ctx.progress(Some(0.5), "half");
                21 * 2
            },
        );
        assert_eq!(wait_for_end(&mut job), Ok(42));
        assert_eq!(job.progress(), (Some(0.5), "half"));
    }

    #[test]
    fn a_cancelled_job_sees_the_flag() {
        let mut job = Job::spawn(
            "wait",
            || {},
            |ctx: &mut JobContext<bool>| {
                while !ctx.cancelled() {
                    std::thread::sleep(Duration::from_millis(1));
                }
                true
            },
        );
        job.cancel();
        assert_eq!(wait_for_end(&mut job), Ok(true));
    }

    /// Numbered defect 8: `poll` took a disconnected channel for "not done", so a worker
    /// that panicked left the window's spinner turning forever.
    #[test]
    fn a_worker_that_panics_is_reported_not_pending() {
        let (release, gate) = channel::<()>();
        let mut job = Job::spawn(
            "explode",
            || {},
            move |_: &mut JobContext<u32>| {
                let _ = gate.recv();
                let reason = "the disk is on fire";
                panic!("worker gave up: {reason}")
            },
        );
        assert_eq!(job.poll(), JobState::Running, "running until it panics");
        let _ = release.send(());
        assert_eq!(
            wait_for_end(&mut job),
            Err("worker gave up: the disk is on fire".to_string())
        );
        assert!(
            matches!(job.poll(), JobState::Failed(_)),
            "a spent job never says running again"
        );

        let mut literal = Job::spawn(
            "explode",
            || {},
            |_: &mut JobContext<u32>| panic!("a plain message"),
        );
        assert_eq!(
            wait_for_end(&mut literal),
            Err("a plain message".to_string())
        );
    }

    #[test]
    fn a_job_whose_worker_vanished_without_a_result_has_failed() {
        // A job whose sender is gone and never said Done: what a thread killed under
        // the job would leave.
        let (tx, rx) = channel::<Message<u32>>();
        let _ = tx.send(Message::Progress(Some(0.3), "reading".into()));
        drop(tx);
        let mut job = Job {
            name: "vanished",
            rx,
            cancel: Arc::new(AtomicBool::new(false)),
            fraction: None,
            status: String::new(),
            ended: false,
            start_error: None,
        };
        let state = job.poll();
        assert!(
            matches!(&state, JobState::Failed(m) if m.contains("without a result")),
            "{state:?}"
        );
    }

    #[test]
    fn a_watch_reports_what_it_sees_and_stops_when_dropped() {
        let (stopped_tx, stopped) = channel::<()>();
        let mut watch: Watch<u32, u32> = Watch::spawn(
            "echo",
            || {},
            move |ctx| {
                loop {
                    match ctx.wait(Duration::from_secs(5)) {
                        Wake::Message(n) => {
                            ctx.report(n * 10);
                        }
                        Wake::Timeout => {}
                        Wake::Stop => break,
                    }
                }
                let _ = stopped_tx.send(());
                Ok(())
            },
        );
        watch.send(4);
        let start = Instant::now();
        let seen = loop {
            if let Some(n) = watch.poll().unwrap() {
                break n;
            }
            assert!(start.elapsed() < Duration::from_secs(10));
            std::thread::sleep(Duration::from_millis(1));
        };
        assert_eq!(seen, 40);
        drop(watch);
        assert!(
            stopped.recv_timeout(Duration::from_secs(2)).is_ok(),
            "dropping the watch woke its worker at once"
        );
    }

    #[test]
    fn a_watch_whose_worker_panics_says_so() {
        let mut watch: Watch<(), ()> = Watch::spawn("explode", || {}, |_| panic!("cannot look"));
        let start = Instant::now();
        let why = loop {
            if let Err(why) = watch.poll() {
                break why;
            }
            assert!(start.elapsed() < Duration::from_secs(10));
            std::thread::sleep(Duration::from_millis(1));
        };
        assert_eq!(why, "cannot look");
    }
}
