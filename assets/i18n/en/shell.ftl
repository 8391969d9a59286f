# shell: the shell texts. Ids are prefixed by area and stable; see src/i18n.rs.

## The navigation
screen-overview = Overview
screen-review = Long-aging review
screen-customer = Customer
screen-import = Import
screen-rollforward = Roll-forward
screen-writeoffs = Write-offs
screen-policy = Policy
screen-audit = Audit log

## Menus
menu-file = File
menu-new-book = New book…
menu-open-book = Open book…
menu-recent-books = Recent books
menu-recent-none = None yet
menu-working-as = Working as…
menu-backup = Backup copy…
menu-quit = Quit
menu-view = View
menu-alerts-panel = Alerts panel
menu-negative-amounts = Negative amounts
menu-language = Language

## Changes to the book, as the status bar reports them
op-type-set = { $customer } is now { $customer_type } from { $from }
op-type-failed = Setting the type of { $customer } failed
op-note-added = Note added to { $customer }
op-note-failed = Adding a note to { $customer } failed
op-specific-set = Specific allowance set for { $customer } from { $from }
op-specific-set-failed = Setting the specific allowance of { $customer } failed
op-specific-cleared = Specific allowance of { $customer } cleared from { $from }
op-specific-clear-failed = Clearing the specific allowance of { $customer } failed
op-demo-built = Demo book built
op-demo-failed = Building the demo book failed
op-backup-written = Backup written to { $path }
op-backup-failed = Writing the backup { $path } failed

## The shell
shell-changed-elsewhere = The book was changed by another program; reloaded.
shell-changed-elsewhere-waiting = The book was changed by another program; it reloads once the form you are typing in is saved or cleared.
shell-nothing-to-show = Nothing to show
shell-try-again-hint = Try again, or open another book from the File menu.
shell-try-again = Try again
shell-assessing = Assessing every snapshot…
shell-building-demo = Building the demo book: { $name }
shell-imported = Imported the snapshot as of { $as_of }
shell-load-failed = Loading the book failed
shell-view-failed = Building the view failed: { $error }
shell-view-failed-at = Building the view as of { $as_of } failed: { $error }
shell-no-cjk-font = No Chinese font found on this system: Chinese text shows as boxes (see README)
shell-cjk-font-failed = Looking for a Chinese font failed ({ $error }): Chinese text may show as boxes
shell-watch-stopped = Not watching for changes by other programs any more: { $error }
shell-dialog-filter = Agebook book
shell-open-book-title = Open a book
shell-new-book-title = New book
shell-backup-title = Backup copy
shell-ok = OK
shell-alerts = Alerts
shell-alerts-badge = Alerts ({ $n })
shell-alerts-hover = The alerts at the as-of date: show or hide the panel
shell-working-as-hover = The user this window acts as (File ▸ Working as…)
shell-working-as-title = Working as
shell-working-as-explain = Proposals, approvals and postings are made in this name; an approver cannot approve what they prepared.
shell-working-as-name = User name
shell-working-as-now = Now working as { $user }
shell-no-snapshots = No snapshots yet
shell-as-of = As of
shell-previous-snapshot = Previous snapshot
shell-next-snapshot = Next snapshot
shell-closed-badge = Closed period
shell-user-button = User: { $user }
shell-closed-hover = This date falls in a closed period: the book is closed through { $through }
shell-amounts-in = Amounts in { $currency }
shell-status-snapshots = { $n ->
    [one] { $n } snapshot
   *[other] { $n } snapshots
}
shell-status-closed-through = {" "}· closed through { $through }
shell-opening = Opening the book…
shell-dismiss = Dismiss
shell-dismiss-hover = Hide this error
shell-new-book-currency = Currency
shell-new-book-dates = Ambiguous dates
shell-new-book-day-first = day first (31/12/2016)
shell-new-book-month-first = month first (12/31/2016)
shell-new-book-minor-unit = Amounts in { $code } keep { $digits } decimal places.
shell-new-book-create = Create the book
