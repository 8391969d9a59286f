# rollforward: the rollforward texts. Ids are prefixed by area and stable; see src/i18n.rs.

rollforward-title = Allowance roll-forward
rollforward-opening = Opening the book…
rollforward-no-snapshots = This book has no snapshots yet
rollforward-import = Import a ledger…
rollforward-computing = Computing the roll-forward { $from } to { $to }…
rollforward-failed = The roll-forward { $from } to { $to } could not be computed: { $error }
rollforward-try-again = Try again
rollforward-caption = From { $from } to { $to }, { $currency }; decreases of the allowance are negative.
rollforward-amounts-in = Amounts in { $currency }.
rollforward-busy = Wait for the change under way to finish.
rollforward-cancel = Cancel

## The range
rollforward-range-month = Month
rollforward-range-quarter = Quarter to date
rollforward-range-ytd = Year to date
rollforward-range-year = Twelve months
rollforward-range-custom = Custom
rollforward-range-month-hover = From the snapshot before the as-of date to the as-of date
rollforward-range-quarter-hover = From the end of the previous quarter to the as-of date
rollforward-range-ytd-hover = From the previous year end to the as-of date
rollforward-range-year-hover = From twelve months before the as-of date to the as-of date
rollforward-range-custom-hover = Any two snapshots, chosen below
rollforward-from = From
rollforward-to = to
rollforward-clipped = The book starts at { $first }: the range opens there.

## The lines
rollforward-line = Line
rollforward-line-hover = Show the customers behind this line
rollforward-line-opening = Opening balance
rollforward-line-provisions = Provisions
rollforward-line-write-backs = Write-backs
rollforward-line-write-offs = Write-offs
rollforward-line-recoveries = Recoveries
rollforward-line-other = Other adjustments
rollforward-line-closing = Closing balance
rollforward-total = Total

## The customers behind a line
rollforward-drivers-title = { $line }: { $n ->
    [one] { $n } customer
   *[other] { $n } customers, largest first
}
rollforward-drivers-pick = (choose a line in the table)
rollforward-drivers-none = No customer moved this line in the range.
rollforward-drivers-sum = Line total
rollforward-col-customer = Customer
rollforward-col-name = Name
rollforward-col-type = Type
rollforward-col-amount = Amount
rollforward-col-share = Share
rollforward-open-customer = Open { $customer }

## The waterfall
rollforward-chart-title = From opening to closing
rollforward-chart-balance = balance
rollforward-chart-increase = increase
rollforward-chart-decrease = decrease
rollforward-chart-millions = { $currency } millions
rollforward-chart-thousands = { $currency } thousands
rollforward-chart-units = { $currency }

## The period's close
rollforward-closed-through = Closed through { $through }
rollforward-none-closed = No period is closed
rollforward-close-meaning = Figures dated on or before the closed date are frozen until the period is reopened with a reason.
rollforward-close-button = Close the period through { $through }…
rollforward-close-hover = Freeze every figure dated on or before { $through }
rollforward-close-disabled = { $through } is already closed (closed through { $closed }).
rollforward-close-title = Close the period through { $through }
rollforward-close-explain = Closing freezes every figure dated on or before { $through }: no write-off, recovery or adjustment can be posted in it, no ledger dated in it can be imported or replaced, and no specific allowance, policy version or customer-type change can take effect in it. The close is recorded in the audit log under your name.
rollforward-close-range = The roll-forward being closed: { $from } to { $through }
rollforward-close-reopen-note = A closed period can be reopened later from this screen, with a reason that the audit log keeps.
rollforward-close-confirm = Close through { $through }
rollforward-closing = Closing…
rollforward-reopen-button = Reopen…
rollforward-reopen-hover = Reopen a closed month and every later one, with a reason
rollforward-reopen-disabled = No period is closed.
rollforward-reopen-title = Reopen a closed period
rollforward-reopen-from = Reopen from the month of
rollforward-reopen-reason = Reason
rollforward-reopen-reason-hint = Why the period must change (kept in the audit log)
rollforward-reopen-after = Afterwards the book is closed through { $through }.
rollforward-reopen-after-none = Afterwards no period is closed.
rollforward-reopen-needs-reason = A reopen needs a reason.
rollforward-reopen-confirm = Reopen

## Exports
rollforward-export = Export
rollforward-export-type-csv = Roll-forward by customer type, CSV…
rollforward-export-type-xlsx = Roll-forward by customer type, Excel…
rollforward-export-customer-csv = Roll-forward by customer, CSV…
rollforward-export-customer-xlsx = Roll-forward by customer, Excel…
rollforward-export-schedule-csv = Schedule II layout, CSV…
rollforward-export-schedule-xlsx = Schedule II layout, Excel…
rollforward-export-title = Export the roll-forward
rollforward-exporting = Exporting…
rollforward-exported = Wrote { $n ->
    [one] { $n } row
   *[other] { $n } rows
} to { $path }
rollforward-export-failed = The export failed: { $error }

## The waterfall's axis (short)
rollforward-axis-opening = Opening
rollforward-axis-provisions = Provisions
rollforward-axis-write-backs = Write-backs
rollforward-axis-write-offs = Write-offs
rollforward-axis-recoveries = Recoveries
rollforward-axis-other = Other
rollforward-axis-closing = Closing
