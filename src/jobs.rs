//! Background work: a named job on its own thread, reporting progress over a channel,
//! cancellable through a shared flag. The UI polls jobs each frame and never waits.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::{Duration, Instant};

enum Message<T> {
    Progress(Option<f32>, String),
    Done(T),
}

/// A running job whose result is a `T`.
pub struct Job<T> {
    name: &'static str,
    rx: Receiver<Message<T>>,
    cancel: Arc<AtomicBool>,
    fraction: Option<f32>,
    status: String,
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
        let spawned = std::thread::Builder::new()
            .name(format!("job: {name}"))
            .spawn(move || {
                let result = work(&mut ctx);
                let _ = ctx.tx.send(Message::Done(result));
                (ctx.repaint)();
            });
        let status = match spawned {
            Ok(_) => String::new(),
            Err(e) => format!("could not start: {e}"),
        };
        Job {
            name,
            rx,
            cancel,
            fraction: None,
            status,
        }
    }

    /// Drains messages; returns the result once the job is done (then `None` forever).
    pub fn poll(&mut self) -> Option<T> {
        loop {
            match self.rx.try_recv() {
                Ok(Message::Progress(f, s)) => {
                    self.fraction = f;
                    self.status = s;
                }
                Ok(Message::Done(result)) => return Some(result),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return None,
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let result = loop {
            if let Some(r) = job.poll() {
                break r;
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        assert_eq!(result, 42);
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
        let result = loop {
            if let Some(r) = job.poll() {
                break r;
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        assert!(result);
    }
}
