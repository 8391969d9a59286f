# memo: the write-off memo's texts (Markdown and PDF). Ids are prefixed by area and
# stable; see src/i18n.rs. Amounts, dates and ids arrive formatted; the Markdown adds its
# own emphasis and escaping around these texts, so none of them holds Markdown.

## Title, draft and footer
memo-title = Write-off memo { $id }
memo-md-heading = Write-off memo { $id } — { $customer }
memo-draft = DRAFT
memo-md-draft-line = write-off { $id } is { $state }; not for posting.
memo-pdf-draft-title = Draft.
memo-pdf-draft-line = Write-off { $id } is { $state }: this memo is not an authority to post.
memo-md-footer = Memo { $id } · content hash { $hash }
memo-pdf-footer = Write-off memo { $id } · { $customer } · content hash
memo-page-of = Page { $page } of { $pages }

## The summary
memo-customer = Customer
memo-customer-type = Customer type
memo-related-party = Related party
memo-yes = Yes
memo-no = No
memo-md-related-disclose = { " " }— disclose under ASC 850
memo-pdf-related-disclose = { " " }— disclose under ASC 850 (related party disclosures)
memo-date = Write-off date
memo-amount = Amount written off
memo-reason = Reason
memo-state = State
memo-narrative = Narrative

## The documents
memo-documents = Documents
memo-md-documents-heading = Documents (as in the ledger of { $date }, amounts in { $currency })
memo-pdf-documents-note = As in the ledger of { $date }. Days past due and buckets at the write-off date; amounts in { $currency }.
memo-col-document = Document
memo-col-document-date = Document date
memo-col-due-date = Due date
memo-col-days-past-due = Days past due
memo-col-bucket = Bucket
memo-col-open-amount = Open amount
memo-col-written-off = Written off
memo-total = Total

## Allowance, charge to profit and the accounting entry
memo-allowance-heading = Allowance and charge to profit ({ $currency })
memo-col-amount = Amount
memo-md-customer-allowance = Customer's allowance at { $date }
memo-pdf-customer-allowance = The customer's allowance at { $date }
memo-allowance-held = Allowance held against these documents
memo-net-charge = Net charge to profit (bad-debt expense)
memo-entry = Accounting entry
memo-col-account = Account
memo-col-debit = Debit
memo-col-credit = Credit
memo-entry-allowance = Allowance for doubtful accounts
memo-entry-expense = Bad-debt expense
memo-entry-receivable = Accounts receivable — { $customer }

## Balance history and billings
memo-history-heading = Balance history ({ $currency })
memo-col-as-of = As of
memo-col-balance = Balance
memo-col-allowance = Allowance
memo-col-over-one-year = Over one year
memo-billings = Billings
memo-billed-before = Billed in the twelve months before { $date }
memo-billed-after = Billed after { $date }
memo-md-billed-before = Billed in the twelve months before { $date }: { $amount } { $currency }
memo-md-billed-after = Billed after { $date }: { $amount } { $currency }

## Collection efforts
memo-collection = Collection efforts
memo-no-notes = No collection notes were recorded before the write-off date.
memo-col-date = Date
memo-col-action = Action
memo-col-by = By
memo-col-outcome = Outcome
memo-col-note = Note
memo-action-call = call
memo-action-letter = letter
memo-action-email = email
memo-action-visit = visit
memo-action-legal = legal
memo-action-other = other

## Approvals and signatures
memo-approvals = Approvals
memo-col-step = Step
memo-col-done-by = By
memo-col-when = When
memo-step-prepared = Prepared
memo-step-approved = Approved
memo-step-posted = Posted
memo-signatures = Signatures
memo-signer-first = Credit controller
memo-signer-second = Financial controller
memo-signer-third = Chief financial officer
memo-md-signature-line = { $role }: ______________________________  Date: ____________
memo-pdf-name-and-date = Name and date
