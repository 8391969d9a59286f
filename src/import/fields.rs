//! The one table of a ledger's fields: their canonical names (SPEC section 3), which are
//! required, and the names real exports give their columns, in English, German and
//! Chinese. The reader, the preview, the CLI's `--map` and the import screen all read
//! this table.

use std::fmt;

/// A field the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// Customer code.
    CustomerId,
    /// Customer name.
    CustomerName,
    /// Customer type (state-owned, private, ...).
    CustomerType,
    /// Document number.
    DocumentNo,
    /// Document (or posting) date.
    DocumentDate,
    /// Due date.
    DueDate,
    /// Currency code.
    Currency,
    /// In dispute.
    Disputed,
    /// Original amount.
    Amount,
    /// Outstanding amount.
    OpenAmount,
}

impl Field {
    /// Every field, in the order SPEC section 3 lists them.
    pub const ALL: [Field; 10] = [
        Field::CustomerId,
        Field::CustomerName,
        Field::CustomerType,
        Field::DocumentNo,
        Field::DocumentDate,
        Field::DueDate,
        Field::Currency,
        Field::Disputed,
        Field::Amount,
        Field::OpenAmount,
    ];

    /// The canonical column name, e.g. `open_amount`.
    pub fn name(self) -> &'static str {
        match self {
            Field::CustomerId => "customer_id",
            Field::CustomerName => "customer_name",
            Field::CustomerType => "customer_type",
            Field::DocumentNo => "document_no",
            Field::DocumentDate => "document_date",
            Field::DueDate => "due_date",
            Field::Currency => "currency",
            Field::Disputed => "disputed",
            Field::Amount => "amount",
            Field::OpenAmount => "open_amount",
        }
    }

    /// Whether an import needs it.
    pub fn required(self) -> bool {
        matches!(
            self,
            Field::CustomerId
                | Field::CustomerName
                | Field::DocumentNo
                | Field::DocumentDate
                | Field::OpenAmount
        )
    }

    /// The field with this canonical name (as `--map` takes it; case and spaces
    /// ignored).
    pub fn from_name(name: &str) -> Option<Field> {
        let key = normalize(name).replace(' ', "_");
        Field::ALL.into_iter().find(|f| f.name() == key)
    }

    /// Position in [`Field::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The column names exports give this field, normalised (see [`normalize`]). The
    /// canonical name comes first.
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::CustomerId => &[
                "customer id",
                "customer",
                "customer no",
                "customer number",
                "customer code",
                "customer account",
                "account",
                "account no",
                "account number",
                "client",
                "client id",
                "client code",
                "debtor",
                "debtor no",
                "cust no",
                "cust id",
                "customer#",
                "bp",
                "business partner",
                "debitor",
                "debitorennummer",
                "debitor nr",
                "konto",
                "kunde",
                "kundennummer",
                "客户",
                "客户编码",
                "客户编号",
                "客户代码",
                "往来单位",
                "往来单位编码",
                "对账对象",
                "对账对象编码",
            ],
            Field::CustomerName => &[
                "customer name",
                "name",
                "name 1",
                "name1",
                "client name",
                "account name",
                "debtor name",
                "customer full name",
                "contact",
                "kundenname",
                "name des debitors",
                "客户名称",
                "往来单位名称",
                "对账对象名称",
                "单位名称",
            ],
            Field::CustomerType => &[
                "customer type",
                "customer category",
                "customer class",
                "customer group",
                "type of customer",
                "category",
                "kundengruppe",
                "kontengruppe",
                "客户类型",
                "客户类别",
                "客户性质",
                "单位性质",
                "企业性质",
            ],
            Field::DocumentNo => &[
                "document no",
                "document number",
                "documentno",
                "document",
                "doc no",
                "doc number",
                "invoice",
                "invoice no",
                "invoice number",
                "invoice #",
                "num",
                "no",
                "number",
                "reference",
                "transaction number",
                "trx number",
                "voucher no",
                "voucher number",
                "belegnummer",
                "beleg nr",
                "belegnr",
                "单据编号",
                "单据号",
                "凭证字号",
                "凭证号",
                "发票号",
                "发票号码",
            ],
            Field::DocumentDate => &[
                "document date",
                "doc date",
                "posting date",
                "invoice date",
                "transaction date",
                "trx date",
                "gl date",
                "date",
                "belegdatum",
                "buchungsdatum",
                "业务日期",
                "单据日期",
                "开票日期",
                "记账日期",
                "日期",
            ],
            Field::DueDate => &[
                "due date",
                "net due date",
                "due",
                "due on",
                "payment due date",
                "maturity date",
                "nettofälligkeit",
                "nettofälligkeitsdatum",
                "fällig",
                "fälligkeit",
                "fälligkeitsdatum",
                "到期日",
                "到期日期",
                "应收日期",
            ],
            Field::Currency => &[
                "currency",
                "curr",
                "currency code",
                "crcy",
                "cur",
                "währung",
                "币种",
                "币别",
                "货币",
            ],
            Field::Disputed => &[
                "disputed",
                "dispute",
                "in dispute",
                "dispute flag",
                "on hold",
                "strittig",
                "争议",
                "是否争议",
                "争议款",
            ],
            Field::Amount => &[
                "amount",
                "original amount",
                "invoice amount",
                "document amount",
                "orig amount",
                "total",
                "betrag",
                "rechnungsbetrag",
                "金额",
                "原币金额",
                "单据金额",
                "价税合计",
                "应收金额",
            ],
            Field::OpenAmount => &[
                "open amount",
                "amount in local currency",
                "amount in local cur",
                "amount in lc",
                "amt in loc cur",
                "open balance",
                "balance",
                "remaining amount",
                "amount remaining",
                "outstanding amount",
                "outstanding",
                "amount due",
                "balance due",
                "open amount in local currency",
                "betrag in hauswährung",
                "betrag in hw",
                "offener betrag",
                "offener posten",
                "未收金额",
                "余额",
                "未核销金额",
                "应收余额",
                "未收款金额",
                "期末余额",
            ],
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A header cell as the dictionary compares it: a leading byte-order mark dropped,
/// lower case, `_ . : - /` and runs of white space (non-breaking included) as one space,
/// trimmed. `" Amount in local cur. "` becomes `amount in local cur`.
pub fn normalize(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    let mut space = false;
    for c in header.trim_start_matches('\u{feff}').chars() {
        if c.is_whitespace() || matches!(c, '_' | '.' | ':' | '-' | '/' | '(' | ')') {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// The field a header cell names, if the dictionary knows it.
pub fn recognise(header: &str) -> Option<Field> {
    let key = normalize(header);
    if key.is_empty() {
        return None;
    }
    // Compared without allocating: the header search asks this of every cell of the
    // first rows, against every name of every field.
    let compact = || key.chars().filter(|c| *c != ' ');
    Field::ALL.into_iter().find(|f| {
        f.name()
            .chars()
            .map(|c| if c == '_' { ' ' } else { c })
            .eq(key.chars())
            || f.synonyms()
                .iter()
                .any(|s| *s == key || s.chars().filter(|c| *c != ' ').eq(compact()))
    })
}

/// The file column whose name is closest to one of `field`'s names, when it is close
/// enough to suggest (a normalised edit similarity of at least one half).
pub fn closest(field: Field, columns: &[String]) -> Option<&str> {
    let names: Vec<String> = std::iter::once(field.name().replace('_', " "))
        .chain(field.synonyms().iter().map(|s| (*s).to_string()))
        .collect();
    columns
        .iter()
        .filter(|c| !normalize(c).is_empty())
        .map(|c| {
            let key = normalize(c);
            let score = names
                .iter()
                .map(|n| strsim::normalized_levenshtein(n, &key))
                .fold(0.0_f64, f64::max);
            (c, score)
        })
        .filter(|(_, score)| *score >= 0.5)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_real_exports_use_are_recognised() {
        for (header, field) in [
            ("customer_id", Field::CustomerId),
            (" Customer ", Field::CustomerId),
            ("Konto", Field::CustomerId),
            ("Debitor", Field::CustomerId),
            ("往来单位", Field::CustomerId),
            ("对账对象", Field::CustomerId),
            ("Name 1", Field::CustomerName),
            ("客户名称", Field::CustomerName),
            ("DocumentNo", Field::DocumentNo),
            ("Document Number", Field::DocumentNo),
            ("Voucher No.", Field::DocumentNo),
            ("凭证字号", Field::DocumentNo),
            ("Belegdatum", Field::DocumentDate),
            ("Posting Date", Field::DocumentDate),
            ("业务日期", Field::DocumentDate),
            ("Net Due Date", Field::DueDate),
            ("Nettofälligkeit", Field::DueDate),
            ("fällig", Field::DueDate),
            ("到期日", Field::DueDate),
            ("Amount in local cur.", Field::OpenAmount),
            ("Amount in Local Currency", Field::OpenAmount),
            ("Betrag in Hauswährung", Field::OpenAmount),
            ("Open Balance", Field::OpenAmount),
            ("Balance Due", Field::OpenAmount),
            ("未核销金额", Field::OpenAmount),
            ("\u{feff}open_amount", Field::OpenAmount),
            ("Amount", Field::Amount),
            ("Währung", Field::Currency),
            ("Disputed", Field::Disputed),
        ] {
            assert_eq!(recognise(header), Some(field), "{header}");
        }
        for header in ["", "  ", "Branch", "Sales Rep", "Status", "BA"] {
            assert_eq!(recognise(header), None, "{header}");
        }
    }

    #[test]
    fn no_name_belongs_to_two_fields() {
        let mut seen = std::collections::HashMap::new();
        for field in Field::ALL {
            for name in std::iter::once(field.name().replace('_', " "))
                .chain(field.synonyms().iter().map(|s| (*s).to_string()))
            {
                assert_eq!(normalize(&name), name, "synonyms are stored normalised");
                if let Some(other) = seen.insert(name.replace(' ', ""), field) {
                    assert_eq!(other, field, "'{name}' names {other} and {field}");
                }
            }
        }
    }

    #[test]
    fn map_names_are_the_canonical_ones() {
        assert_eq!(Field::from_name("open_amount"), Some(Field::OpenAmount));
        assert_eq!(Field::from_name("Customer Name"), Some(Field::CustomerName));
        assert_eq!(Field::from_name("balance"), None);
        assert_eq!(
            Field::ALL.iter().filter(|f| f.required()).count(),
            5,
            "SPEC section 3 requires five fields"
        );
    }

    #[test]
    fn the_closest_column_is_suggested_when_close_enough() {
        let columns: Vec<String> = ["Kunde Nr", "Beleg", "Betrag HW", "Sales Rep"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(closest(Field::OpenAmount, &columns), Some("Betrag HW"));
        assert_eq!(closest(Field::Currency, &columns), None);
    }
}
