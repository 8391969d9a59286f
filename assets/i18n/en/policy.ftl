# policy: the policy texts. Ids are prefixed by area and stable; see src/i18n.rs.

policy-title = Provision matrix
policy-opening = Opening the book…
policy-reading = Reading the policy versions…
policy-read-failed = Could not read the policy: { $error }
policy-in-force-at = In force at { $as_of }: the version effective from { $effective }, aged by { $basis }
policy-newest = The newest version, effective from { $effective }, aged by { $basis }
policy-none-in-force = No provision matrix is in force at this date.
policy-viewing-earlier = Version effective from { $effective }, aged by { $basis }, saved by { $by } on { $at } (read-only)
policy-back-to-in-force = Back to the version in force
policy-edit = Edit…
policy-edit-hover = Start a new version from this one (effective { $effective }); nothing changes until you save it
policy-type = Customer type
policy-all-others = all other types (*)
policy-basis = Aging basis:
policy-basis-due-date = due date
policy-basis-document-date = document date
policy-source-default = built-in default
policy-source-editor = policy screen

## Versions
policy-versions-title = { $n ->
    [one] { $n } version
   *[other] { $n } versions
}
policy-versions-effective = Effective from
policy-versions-basis = Aging basis
policy-versions-buckets = Buckets
policy-versions-by = Saved by
policy-versions-at = Saved at
policy-versions-source = Source
policy-versions-in-force = in force
policy-versions-view = View
policy-versions-view-hover = Show the version effective from { $effective }, read-only

## The draft
policy-draft-title = New version of the provision matrix
policy-draft-from = started from the version effective { $effective }
policy-effective-from = Effective from
policy-effective-invalid = '{ $text }' is not a date: write YYYY-MM-DD
policy-effective-closed = The book is closed through { $through }: a version effective { $effective } would change a closed period. Choose a date after { $through }.
policy-ends-at-day = Ends at day
policy-open-ended = open-ended
policy-end-hover = The last day past due of bucket { $bucket }
policy-end-not-a-day = '{ $text }' is not a whole number of days
policy-end-before-start = must be day { $start } or later (the bucket starts there)
policy-end-too-far = must be day { $max } or earlier
policy-buckets-too-few = A policy needs at least two buckets.
policy-buckets-invalid = The buckets are not valid: { $error }
policy-split = Split
policy-split-hover = Split bucket { $bucket } in two; both keep its rates
policy-remove = Remove
policy-remove-hover = Remove bucket { $bucket } and its rates; the next bucket takes over its days
policy-remove-last-two = A policy needs at least two buckets
policy-cell-hover = { $row }, { $bucket }
policy-rate-empty = enter a percentage between 0 and 100
policy-rate-not-a-number = '{ $text }' is not a number
policy-rate-out-of-range = { $text } is not between 0% and 100%
policy-problem-end = Bucket { $bucket }: { $error }
policy-problem-cell = { $row }, { $bucket }: { $error }

## Preview
policy-preview-title = What the draft does to the allowance at the latest snapshot, { $as_of }
policy-preview-after-latest = The draft takes effect from { $effective }, after { $as_of }: these figures show that snapshot as if it were already in force.
policy-preview-no-snapshot = The book has no snapshot to preview the draft on.
policy-preview-needs-valid-draft = Correct the draft to see what it does to the allowance.
policy-preview-working = Assessing the latest snapshot under the draft…
policy-preview-failed = Could not assess the draft: { $error }
policy-preview-customers = Customers
policy-preview-current = Current allowance
policy-preview-new = New allowance
policy-preview-difference = Difference
policy-preview-total = Total

## Saving
policy-save = Save new version
policy-save-hover = Save the draft as a new version of the matrix (recorded in the audit log)
policy-save-fix-first = { $n ->
    [one] Correct the problem above before saving.
   *[other] Correct the { $n } problems above before saving.
}
policy-save-wait-preview = Wait for the preview before saving.
policy-saving = Saving…
policy-discard = Discard draft
policy-discard-hover = Close the draft without saving
policy-saved-notice = Saved: a new version is in force from { $effective }.
policy-save-refused-notice = The version was not saved (the status bar says why); your draft is kept as you left it.
policy-op-saved = New policy version in force from { $effective }
policy-op-save-failed = Could not save the policy version effective { $effective }
