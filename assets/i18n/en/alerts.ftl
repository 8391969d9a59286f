# alerts: the alerts texts. Ids are prefixed by area and stable; see src/i18n.rs.

alerts-title = Alerts
alerts-loading = Gathering the alerts…
alerts-none = No alerts at { $as_of }.
alerts-summary = At { $as_of }: { $n ->
    [one] { $n } alert
   *[other] { $n } alerts
} on { $customers ->
    [one] { $customers } customer
   *[other] { $customers } customers
}
alerts-hint = Click an alert to open its customer.
alerts-group = { $kind } ({ $n })
alerts-open-customer = Open customer { $customer }
alerts-trading-detail = billed after the write-off of { $date }, still open
alerts-still-open-detail = written off but still in the ledger: { $documents }
alerts-documents-more = { $documents } and { $n } more
alerts-no-note-detail = oldest { $days } days past due; last note { $last }
alerts-no-note-never = oldest { $days } days past due; no note
alerts-related-detail = related-party balance, to be disclosed
alerts-kind-trading-hover = New documents dated after a posted write-off of the same customer: did we keep trading with it?
alerts-kind-still-open-hover = Written-off documents that a later ledger still lists as open: they count in no balance or allowance
alerts-kind-no-note-hover = Balances past the age threshold with no collection note in the recent days set for alerts (the amount is the customer's balance)
alerts-kind-related-hover = Balances with related parties, to be disclosed as related-party
