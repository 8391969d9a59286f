# customer: the customer texts. Ids are prefixed by area and stable; see src/i18n.rs.
customer-propose-write-off = Propose write-off…

## Empty states
customer-opening-book = Opening the book…
customer-no-snapshots = This book has no snapshots yet
customer-import-ledger = Import a ledger…
customer-none-selected = No customer selected
customer-none-selected-hint = Open a customer from the long-aging review (double-click its row), or find one by id or name.
customer-open-review = Open the long-aging review

## The finder
customer-find = Find a customer
customer-find-hint = id or name
customer-find-matches = Matching customers
customer-find-no-match = No customer at this date matches

## The header
customer-as-of = as of { $as_of }
customer-absent-at = No open items as of { $as_of }: the customer is not in this ledger.
customer-absent = No open items: the customer is not in this ledger.
customer-show-previous = Show its previous ledger, { $as_of }
customer-show-next = Show its next ledger, { $as_of }
customer-in-no-ledger = It has no items in any ledger of this book.
customer-balance = Balance
customer-items = { $n ->
    [one] { $n } item
   *[other] { $n } items
}
customer-allowance = Allowance
customer-coverage = Coverage
customer-over-one-year = Over one year
customer-oldest-item = Oldest item
customer-days-past-due = days past due
customer-days-since-document = days since document date
customer-in-dispute = In dispute
customer-last-note = Last note
customer-last-collected = last collected { $date }
customer-alerts = Alerts:
customer-method-specific = specific: { $basis }
customer-method-specific-plain = specific
customer-method-matrix = provision matrix, { $customer_type }
customer-method-capped = { $method }, capped at the balance
customer-basis-percent = { $rate } of the balance
customer-basis-amount = fixed { $amount }
customer-alert-trading = trading after the write-off of { $date }: { $amount } open
customer-alert-still-open = written-off documents still in the ledger: { $amount } ({ $documents })
customer-alert-no-note = { $days } days past due and no recent collection note (last: { $last })
customer-alert-related = related party: disclose the balance of { $balance }

## The documents
customer-documents = Documents ({ $currency })
customer-documents-count = as of { $as_of } · { $n ->
    [one] { $n } open item
   *[other] { $n } open items
}
customer-documents-count-written-off = as of { $as_of } · { $n ->
    [one] { $n } document
   *[other] { $n } documents
} in the ledger, { $written_off } written off
customer-documents-failed = Cannot read the documents: { $error }
customer-documents-none = No open items as of { $as_of }.
customer-col-document = Document
customer-col-document-date = Doc date
customer-col-due-date = Due date
customer-col-days = Days
customer-col-bucket = Bucket
customer-col-amount = Amount
customer-col-open = Open
customer-col-written-off = Written off
customer-col-disputed = Disputed
customer-still-listed = Written off by a posted write-off, yet still in this ledger
customer-disputed-yes = yes

## The pane under the documents
customer-pane-balance = Balance history
customer-pane-activity = Activity by period
customer-pane-billings = Billings by year
customer-profile-failed = Building the figures across snapshots failed: { $error }
customer-chart-caption = { $currency }{ $scale ->
    [millions] { " " }millions
    [thousands] { " " }thousands
   *[units] {""}
} by bucket; click a bar to show its date
customer-chart-allowance = Allowance
customer-chart-as-of = As of
customer-activity-none = The customer has no documents in any ledger of this book.
customer-activity-caption = { $currency }; one row per ledger (click one to show its date); the first ledger is the opening balance
customer-activity-as-of = As of
customer-activity-billings = Billings
customer-activity-collections = Collections
customer-activity-write-offs = Write-offs
customer-activity-adjustments = Adjustments
customer-activity-recoveries = Recoveries
customer-activity-closing = Closing
customer-activity-opening = opening
customer-activity-all = All periods:
customer-activity-total = { $what } { $amount }
customer-activity-billed = billed
customer-activity-collected = collected
customer-activity-written-off = written off
customer-activity-adjusted = adjusted
customer-activity-recovered = recovered
customer-billings-caption = { $currency }, by the year of the document date; documents already open in the first ledger ({ $first }) are the opening, not billings
customer-billings-none = No billings since the first ledger.
customer-billings-year = Year
customer-billings-billed = Billed
customer-billings-after-write-off = Billed after the write-off of { $date } (documents dated later): { $amount }

## The side: specific allowance, notes, write-offs, type
customer-specific = Specific allowance
customer-specific-in-force = In force at { $as_of }: { $basis }
customer-specific-from = From { $from }, set by { $who }
customer-specific-from-until = From { $from } until { $to }, set by { $who }
customer-specific-matrix-would-give = The provision matrix alone would give { $amount }
customer-specific-none = None in force at { $as_of }: the provision matrix applies.
customer-specific-other-periods = Other periods
customer-specific-open-ended = open
customer-specific-period = { $from } to { $to }: { $basis } · { $who } · { $reason }
customer-specific-set-heading = Set a specific allowance:
customer-specific-percent = Percent
customer-specific-amount = Fixed amount
customer-specific-amount-label = Amount ({ $currency })
customer-specific-amount-hint = e.g. 250,000.00
customer-specific-percent-label = Percent (%)
customer-specific-percent-hint = 0 to 100
customer-specific-reason = Reason
customer-specific-reason-hint = why, in a sentence
customer-specific-reason-required = a reason is required
customer-specific-effective-from = Effective from
customer-specific-set = Set specific allowance
customer-specific-none-on = no specific allowance is in force on { $date }
customer-specific-clear-from = Clear from
customer-specific-clear = Clear specific allowance
customer-specific-clear-hint = From this date the provision matrix applies again
customer-percent-empty = enter a percentage between 0 and 100
customer-percent-range = a percentage must be between 0 and 100, not { $text }
customer-not-a-number = '{ $text }' is not a number
customer-amount-empty = enter an amount
customer-not-an-amount = '{ $text }' is not an amount (digits, at most two decimals)
customer-amount-negative = an allowance cannot be negative
customer-date-hint = YYYY-MM-DD
customer-date-invalid = '{ $text }' is not a date (expected YYYY-MM-DD)
customer-date-out-of-range = '{ $text }' is outside the dates a book accepts
customer-form-saving = Saving…
customer-form-refused = Not saved: the book refused the change (the status bar says why). What you typed is kept.
customer-form-unsure = Perhaps not saved: of the changes sent together, one was refused (the status bar says which). What you typed is kept; check before sending it again.
customer-form-closed = The book is closed through { $closed }: a change effective { $date } would fall in the closed period. Choose a later date, or reopen the period.
customer-notes = Collection notes ({ $n })
customer-notes-none = No collection notes yet.
customer-note-date = Note date
customer-note-today = Today
customer-note-today-hint = Date the note today
customer-note-action = Action
customer-note-action-call = call
customer-note-action-letter = letter
customer-note-action-email = email
customer-note-action-visit = visit
customer-note-action-legal = legal
customer-note-action-other = other
customer-note-outcome-label = Outcome
customer-note-outcome-hint = e.g. promised to pay by 30 June
customer-note-text = Note text
customer-note-text-hint = what was done and said
customer-note-text-required = a note needs some text
customer-note-add = Add note
customer-note-by = by { $author }
customer-note-outcome = Outcome: { $outcome }
customer-write-offs = Write-offs ({ $n })
customer-write-offs-none = No write-offs.
customer-prepared-by = prepared by { $who }
customer-approved-by = approved by { $who }
customer-rejected-by = rejected by { $who }: { $why }
customer-posted-by = posted by { $who }
customer-list-separator = { ", " }
customer-type = Customer type
customer-type-in-force = In force at { $as_of }: { $customer_type }
customer-type-change-by-user = From { $from }: { $customer_type } (set by a user)
customer-type-change-from-ledger = From { $from }: { $customer_type } (from a ledger)
customer-type-new = New type
customer-type-choose-placeholder = choose…
customer-type-choose = choose a type or name a new one
customer-type-new-name = Or a new type name
customer-type-new-name-hint = e.g. distributor
customer-type-name-invalid = '{ $name }' is not a customer type name (use letters, digits and underscores)
customer-type-from = Type from
customer-type-apply = Apply type
