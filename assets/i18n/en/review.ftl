# review: the review texts. Ids are prefixed by area and stable; see src/i18n.rs.
