# writeoffs: the write-offs screen and the proposal form. Ids are prefixed by area and stable; see src/i18n.rs.

wo-opening = Opening the book…
wo-title = Write-offs
wo-filter = Show
wo-filter-all = all
wo-list-failed = Cannot read the write-offs: { $error }
wo-list-none = No write-offs in this book yet.
wo-list-none-in = No write-offs are { $state }.
wo-list-how = A write-off is proposed from a customer's screen: Propose write-off…
wo-none-selected = Select a write-off in the list to see its documents, approvals and memo.
wo-id = #{ $id }

## The list's and the tables' columns
wo-col-id = No.
wo-col-customer = Customer
wo-col-date = Date
wo-col-state = State
wo-col-amount = Amount ({ $currency })
wo-col-preparer = Preparer
wo-col-document = Document
wo-col-doc-date = Doc date
wo-col-due-date = Due date
wo-col-days = Days
wo-col-open = Open
wo-col-to-write-off = To write off
wo-col-written-off = Written off
wo-col-left-open = Left open

## The selected write-off
wo-detail-title = Write-off #{ $id }
wo-detail-date = Write-off date
wo-detail-reason = Reason
wo-detail-prepared = Prepared by
wo-detail-narrative = Narrative
wo-documents = { $n ->
    [one] { $n } document
   *[other] { $n } documents
}
wo-figure-amount = Amount written off ({ $currency })
wo-figure-held = Allowance held against these documents
wo-figure-net = Net charge to profit
wo-figure-held-explain = The customer's allowance of { $allowance } in the ledger of { $ledger }, in proportion to these documents' share of its balance.
wo-approvals = Approvals
wo-prepared-line = Prepared by { $user }, { $at }
wo-no-approvals = No approvals yet.
wo-approved-line = Approved by { $user } (limit { $limit }), { $at }
wo-rejected-line = Rejected by { $user }: { $reason }
wo-posted-line = Posted by { $user }, { $at }
wo-needs-second-approver = Needs a second approver above { $limit }
wo-posted-final = Posted: the documents are derecognised and the write-off cannot change.
wo-rejected-final = Rejected: it goes no further; propose a new one if needed.
wo-memo-preview = The memo as it will print
wo-memo-failed = Cannot build the memo: { $error }

## Steps
wo-acting-as = Acting as { $user }:
wo-submit = Submit
wo-approve = Approve
wo-reject = Reject…
wo-post = Post
wo-busy = A change to the book is running
wo-cancel = Cancel
wo-reject-reason = Why is it rejected?
wo-reject-hint = the reason, for the preparer and the audit log
wo-reject-send = Reject write-off
wo-reject-needs-reason = A rejection needs a reason.

## Why a step is refused (the rules the command line applies)
wo-why-submit-state = Only a draft can be submitted; this one is { $state }.
wo-why-approve-state = Only a submitted write-off can be approved; this one is { $state }.
wo-why-reject-state = Only a submitted write-off can be rejected; this one is { $state }.
wo-why-post-state = Only an approved write-off can be posted; this one is { $state }.
wo-why-own-approve = You prepared it: another user must approve.
wo-why-own-reject = You prepared it: another user must reject it.
wo-why-not-approver = { $user } is not an approver (approvers and their limits are set with agebook approver set).
wo-why-already-approved = You approved it already: the second approver must be someone else.
wo-why-over-limit = { $amount } is over your limit of { $limit }: it needs an approver with a limit of at least { $amount }.
wo-why-closed = The period of { $date } is closed (closed through { $through }): reopen it to post.
wo-why-no-documents = It has no document with an amount above zero.

## Export
wo-export-pdf = Export memo as PDF…
wo-export-md = Export memo as Markdown…
wo-export-pdf-title = Export the memo as PDF
wo-export-md-title = Export the memo as Markdown
wo-filter-pdf = PDF
wo-filter-md = Markdown
wo-exporting = Writing the memo…
wo-exported = Memo written to { $path }
wo-export-failed = The memo was not written: { $error }
wo-export-extension = { $path }: the memo is written as .pdf or .md

## The proposal form
wo-propose-title = Propose a write-off: { $customer }
wo-propose-ledger = Documents in the ledger of { $ledger } (amounts in { $currency }); those over 365 days past due are checked.
wo-propose-loading = Reading the documents in the ledger of { $ledger }…
wo-propose-no-ledger = No ledger on or before { $date } holds the documents.
wo-propose-read-failed = Cannot read the documents: { $error }
wo-propose-amount-of = Amount to write off of { $document }
wo-propose-in-write-off = in write-off #{ $id }
wo-propose-written-off-already = written off already
wo-propose-taken = { $taken } of the { $ledger } in the ledger was written off already
wo-propose-partial = partial: { $left } stays open
wo-propose-credits = { $n ->
    [one] { $n } credit item is not listed: credits are not written off.
   *[other] { $n } credit items are not listed: credits are not written off.
}
wo-propose-reason = Reason category
wo-propose-choose-reason = choose a reason
wo-propose-date = Write-off date
wo-propose-narrative = Narrative
wo-propose-narrative-hint = what happened and why the balance is uncollectible
wo-propose-held-explain = The customer's allowance of { $allowance } in the ledger of { $ledger }, spread over its positive balance of { $positive }, as the memo states it.
wo-propose-closed = { $date } falls in a closed period: the book is closed through { $through }.
wo-propose-needs-date = Enter the write-off date as YYYY-MM-DD.
wo-propose-needs-ledger = No ledger on or before the write-off date holds the documents.
wo-propose-needs-documents-loaded = The documents are still being read.
wo-propose-needs-valid-amounts = { $n ->
    [one] { $n } checked document has an amount that cannot be written off.
   *[other] { $n } checked documents have amounts that cannot be written off.
}
wo-propose-needs-documents = Check at least one document.
wo-propose-needs-reason = Choose a reason category.
wo-propose-needs-narrative = A narrative is required.
wo-propose-send = Propose
wo-propose-sending = Proposing…
wo-propose-refused = The book refused the proposal: { $error }
wo-propose-not-made = The proposal was not made; the status bar says why.

## Amounts typed for a document
wo-amount-empty = enter an amount
wo-amount-not-an-amount = not an amount
wo-amount-not-positive = must be above zero
wo-amount-above-open = at most the open { $open }

## Status bar
wo-op-proposing = Proposing a write-off of { $customer }
wo-op-proposed = Draft write-off #{ $id } of { $customer } proposed
wo-op-propose-failed = The write-off of { $customer } was not proposed
wo-op-submitted = Write-off #{ $id } submitted for approval
wo-op-approved = Write-off #{ $id }: approval recorded
wo-op-rejected = Write-off #{ $id } rejected
wo-op-posted = Write-off #{ $id } posted
wo-op-submit-failed = Write-off #{ $id } was not submitted
wo-op-approve-failed = Write-off #{ $id } was not approved
wo-op-reject-failed = Write-off #{ $id } was not rejected
wo-op-post-failed = Write-off #{ $id } was not posted
