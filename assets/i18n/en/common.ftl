# common: the common texts. Ids are prefixed by area and stable; see src/i18n.rs.

lang-name = English
common-documents = { $n ->
    [one] { $n } document
   *[other] { $n } documents
}

## Customer types (the built-in ones; a type a user adds shows as its name)
type-state-owned = state owned
type-government = government
type-private = private
type-related-party = related party
type-individual = individual
type-other = other

## Buckets
bucket-current = Current

## Write-off states
state-draft = draft
state-submitted = submitted
state-approved = approved
state-rejected = rejected
state-posted = posted

## Reason categories
reason-dispute = Dispute
reason-insolvency = Insolvency
reason-change-of-management = Change of management
reason-uneconomic = Uneconomic to pursue
reason-time-barred = Time-barred
reason-other = Other

## Alert kinds
alert-kind-trading-after-write-off = trading after write-off
alert-kind-written-off-still-open = written-off still open
alert-kind-no-recent-note = no recent note
alert-kind-related-party = related party

## overview/review/import shared
common-balance = Balance
common-allowance = Allowance
common-coverage = Coverage
common-cover = Cover
common-total = Total
common-customer = Customer
common-name = Name
common-type = Type
common-amount = Amount
common-over-one-year = Over 1 year
common-sort-by = Sort by { $column }
common-yes = yes
common-no = no

## file dialog
dialog-no-dialog = No file dialog is available here: type the file's path.
dialog-none-chosen = No file chosen. You can also type the file's path:
dialog-failed = The file dialog failed ({ $error }): type the file's path.
dialog-file-path = File path
dialog-file-path-hint = /path/to/file
dialog-replaces = { $path } exists: saving replaces it.
dialog-save = Save
dialog-open = Open
dialog-cancel = Cancel
