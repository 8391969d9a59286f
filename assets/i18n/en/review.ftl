# review: the review texts. Ids are prefixed by area and stable; see src/i18n.rs.

## Filters
review-search = Search
review-search-hint = id or name
review-days-over = Days past due over
review-days-hint = e.g. 365
review-not-a-number = not a number
review-over-days = Over { $n } days
review-all-types = all
review-balance-at-least = Balance at least
review-not-an-amount = not an amount
review-alerts-only = Alerts only
review-bucket-filter = Bucket { $bucket } ×
review-remove-bucket-filter = Remove the bucket filter
review-clear-filters = Clear filters

## Totals of the rows shown
review-count = { $n ->
    [one] { $shown } of { $total } customer
   *[other] { $shown } of { $total } customers
}
review-sum-balance = balance { $amount } { $currency }
review-sum-allowance = allowance { $amount } { $currency }
review-keys-hint = ↑↓ select · Enter opens · Ctrl+F search
review-no-match = No customer matches these filters.
review-no-customers = No customer has a balance at this date.

## Columns
review-days = Days
review-days-hover = Days past due of the oldest open item
review-specific = Specific
review-last-collected = Last collected
review-alerts = Alerts
review-list-separator = ,{" "}
