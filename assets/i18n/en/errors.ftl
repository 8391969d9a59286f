# Why the book refused something: the library's refusals, as the window says them.
# The English reads like the command line's (the library's Display).

error-failed-because = { $what }: { $error }
error-io = cannot read { $file }: { $error }
error-no-snapshot = no snapshot as of { $as_of }
error-no-policy = no provision matrix is in force on { $date }
error-not-empty = this book already holds { $n } snapshots; the demo needs a new book
error-empty-note = a collection note needs some text
error-unknown-write-off = no write-off { $id } in this book

# The store.
error-database = database error: { $error }
error-busy = the book is busy: another Agebook (window or command) is writing to it; try again when it has finished
error-newer-schema = this book has schema version { $found }, newer than this Agebook knows ({ $known }); open it with a newer Agebook
error-not-a-book = { $path } is not an Agebook book: { $reason }
error-corrupt = the book holds an unreadable { $what }: '{ $value }'
error-value-date = date
error-value-rate = rate
error-value-terms = default terms
error-value-customer-type = customer type
error-value-buckets = bucket set
error-value-basis = aging basis
error-value-specific = specific allowance
error-value-note-action = note action
error-value-snapshot = snapshot
error-unknown-customer = no customer '{ $customer }' in this book
error-no-specific = customer '{ $customer }' has no specific allowance in force on { $date }
error-write-off-moved = write-off { $id } was { $found } by { $by } meanwhile (at { $at }); it is no longer { $seen }

# Closed periods.
error-period-closed = { $what } dated { $date } falls in a closed period: the book is closed through { $through }; reopen that period, with a reason, to change it
error-change-specific = a specific allowance
error-change-clear-specific = clearing a specific allowance
error-change-type = a customer-type change
error-change-policy = a policy version
error-change-import = an import of a snapshot
error-change-import-replace = an import replacing the snapshot
error-change-recovery = a recovery
error-change-adjustment = an adjustment

# Write-off steps.
error-write-off-state = write-off { $id } is { $state }; it cannot be { $step }
error-step-submitted = submitted
error-step-approved = approved
error-step-rejected = rejected
error-step-posted = posted
error-write-off-own = { $user } prepared write-off { $id } and cannot also approve or reject it
error-write-off-not-approver = { $user } is not an approver; a credit manager can set an approval limit for them
error-write-off-already-approved = { $user } has already approved write-off { $id }; a second approver must be someone else
error-write-off-over-limit = write-off { $id } of { $amount } { $currency } is over { $user }'s limit of { $limit }; it needs an approver with a limit of at least { $amount }
error-write-off-closed = the period of { $date } is closed (closed through { $through }); reopen it to post
error-no-documents = a write-off needs at least one document with a positive amount

# Recoveries.
error-recovery-not-positive = a recovery must be above zero
error-recovery-nothing-written-off = customer '{ $customer }' has no posted write-off on or before { $date }; a recovery is cash collected on a balance written off earlier
error-recovery-too-much = customer '{ $customer }' had { $written } written off and { $back } recovered by { $date }; a recovery of { $asked } exceeds the { $rest } left to recover

# Postings the rules refuse.
error-no-narrative = a write-off needs a narrative
error-document-not-open = document '{ $document }' of '{ $customer }' is not open in the snapshot as of { $as_of }
error-document-pending = document '{ $document }' is already in write-off { $id }
error-amount-out-of-range = document '{ $document }': the amount written off must be above zero and at most its open amount { $open }
error-amount-out-of-range-taken = document '{ $document }': the amount written off must be above zero and at most its open amount { $open } ({ $taken } of it was written off already)
error-no-ledger = no snapshot on or before { $date } holds the documents
error-no-ledger-memo = no snapshot on or before { $date }
error-no-documents-anywhere = customer '{ $customer }' has no documents in any snapshot
error-no-open-items = customer '{ $customer }' has no open items in the snapshot as of { $as_of }
error-negative-limit = an approval limit cannot be negative
error-reopen-needs-reason = reopening a period needs a reason
error-zero-adjustment = an adjustment of zero changes nothing
error-adjustment-needs-reason = an adjustment needs a reason
error-from-after-to = the start { $from } is after the end { $to }
error-specific-percent = a specific percentage must be between 0% and 100%, not { $percent }
error-specific-negative = a specific amount cannot be negative ({ $amount })
error-specific-no-reason = a specific allowance needs a reason

# Policy files.
error-policy-csv = { $file }:{ $line }: cannot read the CSV: { $error }
error-policy-first-column = { $file }:1:1: the first column must be 'customer_type', not '{ $found }'
error-policy-buckets = { $file }:1: { $error }
error-policy-bad-rate = { $file }:{ $line }:{ $column } ({ $bucket }): '{ $text }' is not a rate (write 0.035 or 3.5%)
error-policy-rate-out-of-range = { $file }:{ $line }:{ $column } ({ $bucket }): rate { $rate } is outside 0 to 100%
error-policy-cells = { $file }:{ $line }: the row has { $found } cells, the header has { $expected }
error-policy-bad-type = { $file }:{ $line }:1: { $error }
error-policy-duplicate-type = { $file }:{ $line }:1: type '{ $customer_type }' is listed twice
error-policy-empty = { $file }: the policy has no rates
error-book-exists = { $path } already exists; a new book needs a new file
error-currency-unknown = '{ $code }' is not an ISO 4217 currency code (such as CNY, USD, EUR, GBP)
error-currency-not-a-currency = '{ $code }' is an ISO 4217 fund, metal or test code, not a currency a ledger is kept in
error-currency-minor-unit = { $code } has { $digits } decimal places; a book keeps amounts to exactly 2 for now (currencies such as JPY, KRW, KWD and BHD are not supported yet)
error-profile-unknown-field = '{ $field }' is not a field; the fields are { $fields }
error-profile-bad-mapping = '{ $text }' is not FIELD=COLUMN (for example open_amount="Balance Due")
error-profile-unknown-encoding = '{ $label }' is not an encoding this importer knows (try utf-8, gbk, gb18030, utf-16le, windows-1252)
error-profile-bad-delimiter = '{ $text }' is not a delimiter (give , ; | or tab)
error-profile-bad-date-format = '{ $text }' is not a date format (give DMY for 31/12/2016 or MDY for 12/31/2016)
error-profile-bad-name = '{ $name }' is not a profile name (1 to 60 characters, not blank)
error-profile-unknown = no import profile '{ $name }' in this book
