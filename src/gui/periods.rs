//! Closing and reopening periods from the window: the confirmation that shows the
//! roll-forward being closed, and the reopen with its reason.

/// A close or reopen, run on a worker by the shell.
#[derive(Debug, Clone)]
pub enum PeriodOp {}

impl PeriodOp {
    /// What the status bar says once done.
    pub fn describe(&self) -> String {
        match *self {}
    }

    /// What it says when the change failed.
    pub fn failure(&self) -> String {
        match *self {}
    }

    /// Makes the change.
    pub fn apply(self, book: &mut crate::book::Book) -> anyhow::Result<()> {
        let _ = book;
        match self {}
    }
}
