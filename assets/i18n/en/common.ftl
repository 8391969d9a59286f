# common: the common texts. Ids are prefixed by area and stable; see src/i18n.rs.

lang-name = English
common-documents = { $n ->
    [one] { $n } document
   *[other] { $n } documents
}
