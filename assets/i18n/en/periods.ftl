# periods: the periods texts. Ids are prefixed by area and stable; see src/i18n.rs.

periods-closed = Closed the period through { $through }
periods-reopened = Reopened from { $through }
periods-close-failed = Could not close the period through { $through }
periods-reopen-failed = Could not reopen from { $through }
