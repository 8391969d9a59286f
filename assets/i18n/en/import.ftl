# import: the import texts. Ids are prefixed by area and stable; see src/i18n.rs.

## Choosing the file
import-title = Import a ledger
import-dialog-filter = Ledger (CSV, text, Excel)
import-choose-file = Choose file…
import-waiting-for-dialog = Waiting for the file dialog…
import-no-file = No file chosen.
import-drop-hint = You can also drag a ledger file (CSV, TXT, XLSX, XLS) onto this window.
import-type-path = Type a path…

## What the file holds
import-help-title = What the file holds
import-help-text = The open-item ledger at one date as your ERP exports it (CSV or other delimited text in any common encoding, or an Excel workbook), one row per open document. Title rows above the header, group rows, subtotals and totals are skipped; columns are recognised by the names SAP, Oracle, Business Central, NetSuite, QuickBooks, Xero, Kingdee, Yonyou and others give them, and any other column can be mapped once the file is read. The fields:
import-required = required
import-optional = optional
import-help-as-of = The as-of date is read from the file name (ar_2016-12-31.csv, 2016-12.csv) and can be changed. Nothing is written until you press Import ledger, and an import is all or nothing.

## The as-of date and the Import button
import-as-of-date = As-of date
import-date-hint = YYYY-MM-DD
import-enter-as-of = enter the as-of date (YYYY-MM-DD)
import-date-in-book = The book already has a snapshot as of { $as_of }.
import-replace = Replace the existing snapshot
import-import-ledger = Import ledger
import-importing = Importing…
import-cancel = Cancel import
import-cancel-hint = Cancelling leaves the book exactly as it was: an import is all or nothing.
import-reading = Reading the file…
import-reading-rows = Reading the file: { $rows } rows
import-rows-read = { $rows } rows read
import-failure-replace = Tick “Replace the existing snapshot” to import it anyway.
import-failure-unchanged = Nothing was imported; the book is unchanged.
import-worker-failed = The import failed: { $error }; the book is unchanged

## Why Import is disabled
import-blocked-no-file = Choose a file first
import-blocked-no-date = Enter a valid as-of date
import-blocked-running = An import is running
import-blocked-busy = The book is being updated
import-blocked-unreadable = The file could not be read
import-blocked-errors = { $n ->
    [one] Fix the { $n } error below first
   *[other] Fix the { $n } errors below first
}
import-blocked-closed = The book is closed through { $through }: a snapshot as of { $as_of } cannot be imported until that period is reopened
import-blocked-date-in-book = The book has a snapshot as of { $as_of }: tick “Replace the existing snapshot”
import-blocked-same-content = This file was imported already, as the snapshot of { $as_of } ({ $source }): tick “Replace the existing snapshot” to import it again

## The preview
import-preview-rows = { $n ->
    [one] { $rows } row
   *[other] { $rows } rows
}
import-preview-customers = { $n ->
    [one] { $customers } customer
   *[other] { $customers } customers
}
import-preview-total = total
import-preview-errors = { $n ->
    [one] { $n } error
   *[other] { $n } errors
}
import-preview-errors-stopped = { $n ->
    [one] { $n } error (reading stopped there)
   *[other] { $n } errors (reading stopped there)
}
import-preview-warnings = { $n ->
    [one] { $n } warning
   *[other] { $n } warnings
}
import-preview-valid-rows = { $n ->
    [one] rows and total count the { $rows } valid row
   *[other] rows and total count the { $rows } valid rows
}
import-preview-first-rows = { $n ->
    [one] The first row as it will be imported
   *[other] The first { $n } rows as they will be imported
}
import-field = Field
import-file-column = File column
import-missing = missing
import-default = default
import-default-hover = Not in the file: the book's default applies
import-not-imported = Not imported: { $columns }
import-list-separator = ,{" "}
import-mapping-hint = Bold fields are required; “default” means the book's default applies.
import-errors-and-warnings = Errors and warnings
import-error-line = Error · { $text }
import-warning-line = Warning · { $text }
import-col-line = Line
import-col-document = Document
import-col-date = Date
import-col-due = Due
import-col-currency = Currency
import-col-disputed = Disputed
import-col-open-amount = Open amount

## The result
import-done = Imported { $file } as of { $as_of }.
import-done-replaced = Imported { $file } as of { $as_of }, replacing the earlier snapshot.
import-open-items = Open items
import-new-customers = New customers
import-warnings = Warnings
import-reconciliation-title = Reconciliation with the prior snapshot
import-another = Import another file…
import-rec-line = Line
import-rec-documents = Documents
import-rec-prior = Prior total, { $as_of }
import-rec-prior-none = Prior total (no earlier snapshot)
import-rec-new = New documents
import-rec-paid-down = Paid down
import-rec-written-off = Gone, written off
import-rec-collected = Gone, collected
import-rec-other = Other changes (credits, increases)
import-rec-total = Total, { $as_of }
import-rec-still-open = Written-off documents still open
import-rec-does-not-hold = The changes lead to { $computed }, not to the total { $total }
import-rec-written-off-open = Written off but still open in this ledger: { $documents }

## Where a finding is, and what it is
import-at-line = Line { $line }
import-at-line-column = Line { $line }, column { $column } ({ $name })
import-finding = { $at }: { $what }
import-problem-missing-column = the header has no '{ $column }' column (required)
import-problem-duplicate-column = the header names '{ $column }' twice
import-problem-missing-value = '{ $field }' is required and blank
import-problem-bad-flag = '{ $value }' is not yes or no
import-problem-duplicate-document = document '{ $document }' of customer '{ $customer }' already appears on line { $line }
import-problem-far-future = { $date } is far after the as-of date { $as_of }
import-problem-foreign-currency = currency { $found } is not the book's currency { $book }; this book has no exchange rates, so documents in other currencies cannot be imported (a ledger kept in { $found } goes into a book of its own: File ▸ New book…, currency { $found })
import-problem-field-count = the row has { $found } fields, the header has { $expected }
import-problem-not-utf8 = the text is not UTF-8 (save the file as UTF-8)
import-problem-control-character = the field holds the control character { $code } at character { $position }; the file is damaged or was not exported as text
import-problem-too-large = the open amounts add up to more than the { $max } one ledger may hold (from this line on); split the ledger or check its amounts
import-problem-no-data-rows = the file has no data rows
import-warning-unknown-type = unknown customer type '{ $name }'; the customer is kept as its current type (or 'other')
import-warning-type-kept = the file says type '{ $file }', a user set '{ $book }'; the user's type is kept
import-warning-type-changed = customer '{ $customer }' changes type from '{ $from }' to '{ $to }' from this snapshot on
import-warning-name-differs = customer '{ $customer }' is also named '{ $other }' on line { $line }; the first name is kept
import-warning-after-as-of = document date { $date } is after the as-of date { $as_of }
import-warning-due-before-document = due date { $due } is before the document date { $document }
import-warning-unused-column = column '{ $column }' is not used
import-date-not-a-date = '{ $text }' is not a date (expected YYYY-MM-DD)
import-date-out-of-range = '{ $text }' is outside the dates a book accepts ({ $earliest } to { $latest })
import-amount-not-a-number = '{ $text }' is not an amount
import-amount-too-precise = '{ $text }' has more than { $digits } decimal places
import-amount-too-large = '{ $text }' is larger than the largest amount a book accepts ({ $max })

## Why an import did not happen
import-error-io = Cannot read { $file }: { $error }
import-error-invalid = { $n ->
    [one] { $file }: { $n } error, nothing was imported:
   *[other] { $file }: { $n } errors, nothing was imported:
}
import-error-stopped = (reading stopped after this many errors)
import-error-as-of-out-of-range = { $file }: { $error }
import-error-no-as-of = { $file }: no as-of date; enter one, or name the file like ar_2016-12-31.csv
import-error-snapshot-exists = The book already has a snapshot as of { $as_of } (from { $source }).
import-error-duplicate-content = { $file } has the same content as the snapshot as of { $as_of } (from { $source }).
import-error-cancelled = Import cancelled; the book is unchanged.
import-error-store = The book could not be written: { $error }
import-problem-missing-field = the header has no column for '{ $field }' (required); its columns are { $columns }; map one with --map { $field }=COLUMN
import-problem-missing-field-closest = the header has no column for '{ $field }' (required); its columns are { $columns }; the closest is '{ $closest }': map it with --map { $field }="{ $closest }"
import-problem-mapped-column-missing = --map { $field }={ $column }: the header has no column '{ $column }'; its columns are { $columns }
import-problem-no-header = no header found: none of the first rows names the columns (customer, document number, date, open amount...); the first row holds { $first }; map the columns with --map FIELD=COLUMN
import-problem-mixed-dates = the file mixes date orders: '{ $day }' on line { $dayline } is day-first, '{ $month }' on line { $monthline } is month-first; export the ledger again with one date format
import-problem-mixed-numbers = the file mixes decimal separators: '{ $point }' has a decimal point, '{ $comma }' a decimal comma
import-problem-total-differs = the file's total is { $file } but its documents add up to { $documents }; rows are missing or the export is damaged; nothing was imported
import-date-unreadable = '{ $text }' is not a date
import-amount-unsupported-digits = '{ $text }': a currency with { $digits } decimal places is not supported (at most 2)
import-date-order-day-first = day-first (DD/MM/YYYY)
import-date-order-month-first = month-first (MM/DD/YYYY)
import-warning-date-order = { $values } date(s) read either day-first or month-first and none settles it; they were read { $order } ({ $source }); give --date-format DMY or MDY if that is wrong
import-date-source-given = as --date-format says
import-date-source-book = the book's setting
import-warning-number-style = amounts such as '{ $example }' read differently with a decimal point or comma; '{ $decimal }' was taken as the decimal separator
import-warning-rounded = { $count } amount(s) had more than { $digits } decimal places and were rounded half away from zero (lines { $lines })
import-warning-rows-skipped = { $count } row(s) that are not documents (group headings, subtotals, totals) were skipped (lines { $lines })
import-warning-stand-in = the file has no { $field } column; { $field } is taken from { $from }
import-error-workbook-unreadable = { $file }: it is not a workbook this importer reads (XLSX, XLS, XLSB, ODS): { $error }
import-error-workbook-no-sheet = { $file }: it has no sheet '{ $sheet }'; its sheets are { $sheets }
import-error-workbook-no-sheets = { $file }: it has no sheets

## How the file is read (encoding, delimiter, header, dates) and the mapping grid
import-detected = detected
import-sheet = Sheet
import-first-sheet = the first
import-encoding = Encoding
import-delimiter = Delimiter
import-date-order = Dates
import-profile = Profile
import-profile-none = (none)
import-profile-name = Save as
import-profile-name-hint = profile name
import-profile-save = Save profile
import-profile-delete = Delete profile
import-profile-saved = Saved the profile “{ $name }”
import-profile-deleted = Deleted the profile “{ $name }”
import-unnamed-column = (no name)
import-found-by = Found by
import-first-values = First values
import-map-automatic = Automatic (as detected)
import-by-dictionary = its name
import-by-map = your choice
import-by-stand-in = from { $field }
import-read-sheet = sheet “{ $sheet }”
import-read-encoding-detected = { $encoding } (detected)
import-read-encoding-given = { $encoding } (chosen)
import-read-delimiter = { $delimiter }
import-read-header = header on line { $line }
import-read-header-lines = header on lines { $line }–{ $last }
import-delimiter-comma = comma
import-delimiter-semicolon = semicolon
import-delimiter-tab = tab
import-delimiter-pipe = pipe
import-read-dates-settled = dates { $order } (line { $line }: { $text })
import-read-dates-given = dates { $order } (chosen)
import-read-dates-book = dates { $order } (every date reads both ways: the book's setting)
import-read-decimal-point = decimal point
import-read-decimal-comma = decimal comma
import-skipped = { $n ->
    [one] One row skipped (not a document)
   *[other] { $n } rows skipped (not documents)
}
import-line = line { $line }
import-skip-above-header = a title row above the header
import-skip-group = a group row (a name, no document)
import-skip-subtotal = a subtotal
import-skip-grand-total = the file's total
import-skip-unlabelled-total = a total without a label
import-result-skipped = { $n ->
    [one] One row that is not a document was skipped.
   *[other] { $n } rows that are not documents were skipped.
}
import-result-file-total = The file's own total (line { $line }) equals the imported total.
