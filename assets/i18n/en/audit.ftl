# audit: the audit texts. Ids are prefixed by area and stable; see src/i18n.rs.

audit-title = Audit log
audit-subtitle = Every change to the book, newest first. Read-only.

## The hash-chain check
audit-check-chain = Check the chain
audit-check-chain-hover = Verify the book as agebook verify does: the file's integrity, the audit log's hash chain, and every posted write-off against its audit rows
audit-checking = Checking the book…
audit-check-failed = The check could not run: { $error }
audit-check-stale = The book changed since this check; it runs again when the screen opens.
audit-verified = Verified: { $rows } rows, head row { $id }
audit-verified-no-head = Verified: { $rows } rows (this book's log has no chain yet)
audit-head-hover = The hash of the last row: note it down to compare with later
audit-verified-detail = File integrity ok; { $n ->
    [one] { $n } posted write-off agrees with its audit rows.
   *[other] { $n } posted write-offs agree with their audit rows.
}
audit-file-damaged = Not verified: the file fails SQLite's integrity check ({ $message }); the chain was not checked
audit-chain-fails = Not verified: the chain fails at row { $row }: { $problem }
audit-write-off-disagrees = Not verified: posted write-off { $id } disagrees with its audit rows: { $problem }
audit-derived-disagrees = Not verified: the figures kept for the ledger of { $as_of } disagree with its open items
audit-more-failing = { $n ->
    [one] { $n } more row fails
   *[other] { $n } more rows fail
}
audit-show-row = Show row { $row }
audit-problem-content-changed = its content was changed after it was written
audit-problem-missing = the row is missing from the log
audit-problem-prev-hash = it does not follow the row before it
audit-problem-unchained = it has no hash
audit-wo-no-post-row = no audit row records its posting
audit-wo-posted-twice = two audit rows record its posting
audit-wo-post-row-disagrees = its posting row records another state or poster
audit-wo-no-record = no audit row records its documents
audit-wo-documents-differ = its customer, date, documents or amounts differ from what was audited
audit-wo-approval-not-audited = an approval has no audit row
audit-wo-not-posted = a posting row names a write-off that is not posted

## Filters
audit-from = From
audit-from-hover = Rows written on or after this day (UTC)
audit-to = To
audit-to-hover = Rows written on or before this day (UTC)
audit-date-hint = YYYY-MM-DD
audit-bad-from = The From date is not a date: the filter is not applied
audit-bad-to = The To date is not a date: the filter is not applied
audit-user = User
audit-all-users = all users
audit-action = Action
audit-all-actions = all actions
audit-customer = Customer
audit-customer-hint = e.g. C0001
audit-customer-hover = Rows about this customer: its own, those that name it, and the steps of its write-offs
audit-clear-filters = Clear filters

## Rows
audit-rows-all = { $n ->
    [one] { $n } row
   *[other] { $n } rows
}
audit-rows-filtered = { $n ->
    [one] { $n } row matches the filter
   *[other] { $n } rows match the filter
}
audit-reading = Reading the audit log…
audit-read-failed = The audit log could not be read: { $error }
audit-no-rows = No audit rows match the filter.
audit-col-id = Id
audit-col-at = At (UTC)
audit-col-user = User
audit-col-action = Action
audit-col-entity = Entity
audit-col-customer = Customer
audit-col-change = Change
audit-open-customer = Open customer { $customer }

## The selected row
audit-row-title = Row { $id }: { $action } by { $user } at { $at } UTC
audit-row-hashes = hash { $hash } · previous { $prev }
audit-before = Before
audit-after = After
audit-nothing = (nothing)
audit-close-row = Close

## Export
audit-export = Export CSV…
audit-export-hover = The rows the filter selects, as agebook audit --format csv writes them
audit-export-title = Export the audit log
audit-csv-filter = CSV file
audit-waiting-dialog = Waiting for the file dialog…
audit-writing = Writing…
audit-exported = { $n ->
    [one] Wrote { $n } row to { $path }
   *[other] Wrote { $n } rows to { $path }
}
audit-export-failed = The export failed: { $error }

## Actions and what they changed
audit-action-import = import
audit-action-snapshot-replace = snapshot replaced
audit-action-policy-import = policy version
audit-action-set-type = type changed
audit-action-set-currency = currency set
audit-action-specific-set = specific allowance set
audit-action-specific-clear = specific allowance cleared
audit-action-note-add = collection note
audit-action-approver-set = approver limit set
audit-action-period-close = period closed
audit-action-period-reopen = period reopened
audit-action-writeoff-propose = write-off proposed
audit-action-writeoff-submit = write-off submitted
audit-action-writeoff-approve = write-off approved
audit-action-writeoff-reject = write-off rejected
audit-action-writeoff-post = write-off posted
audit-action-recovery = recovery
audit-action-adjustment = adjustment
audit-action-restore = restore
audit-entity-snapshot = snapshot
audit-entity-customer = customer
audit-entity-write-off = write-off
audit-entity-policy = policy
audit-entity-period = period
audit-entity-approver = approver
audit-entity-book = book
