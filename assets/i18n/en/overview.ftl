# overview: the overview texts. Ids are prefixed by area and stable; see src/i18n.rs.

## Headline figures
overview-total-receivables = Total receivables
overview-over-one-year = Over one year past due
overview-customers-with-balance = Customers with a balance
overview-prior-snapshot = Prior snapshot
overview-vs-prior = { $change } vs prior
overview-points-vs-prior = { $points } points vs prior
overview-share-of-receivables = { $share } of receivables

## The aging matrix
overview-matrix-heading = Aging by customer type ({ $currency })
overview-show-amounts = Amounts
overview-click-hint = Click a cell to review its customers
overview-review-cell = Review these customers
overview-written-off-in-ledger = Written off, still in the ledger: { $amount }
overview-in-none-of-the-figures = (in none of the figures above)
overview-written-off-customer = { $n ->
    [one] { $customer } { $name } — { $amount } ({ $n } document)
   *[other] { $customer } { $name } — { $amount } ({ $n } documents)
}
overview-open-customer = Open the customer

## An empty book
overview-empty-title = This book has no snapshots yet
overview-empty-text = Import a month-end ledger to start, or fill this book with the demo data.
overview-import-ledger = Import a ledger…
overview-build-demo = Build the demo book here

## Charts
overview-chart-receivables-by-bucket = Receivables by bucket and type, millions
overview-chart-allowance-by-bucket = Allowance by bucket and type, millions
overview-chart-trend = Every snapshot, millions
overview-receivables = Receivables
overview-legend-over-one-year = Over one year
overview-axis-current = Cur
overview-axis-3-6m = 3–6m
overview-axis-6-12m = 6–12m
overview-axis-1-2y = 1–2y
overview-axis-2-3y = 2–3y
overview-axis-over-3y = >3y
overview-month-by-month = Month by month
overview-month = As of
overview-customers-lost = Customers lost
overview-customers-lost-hover = Billed in the twelve months before the last six, not in the last six
