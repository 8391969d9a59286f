#!/usr/bin/env python3
"""Builds the ledger corpus for Agebook issue 10 (tests/data/ledgers/).

Every file is rendered from a CLEAN list of documents generated here with a fixed
seed; the expected aging figures in expected.json are computed from that list, never
from the rendered text. Re-running gives byte-identical files (no timestamps: XLSX
archives are rewritten with a fixed date, and their core properties are fixed).

Run: python3 build.py   (writes into the directory this script is in)
"""

import datetime as dt
import io
import json
import os
import random
import re
import zipfile
import zlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

OUT = os.path.dirname(os.path.abspath(__file__))
CENT = Decimal("0.01")
D0 = Decimal("0")

BUCKETS = [
    ("current", None, 0),
    ("1-30", 1, 30),
    ("31-60", 31, 60),
    ("61-90", 61, 90),
    ("91-180", 91, 180),
    ("181-365", 181, 365),
    ("366-730", 366, 730),
    ("731-1095", 731, 1095),
    ("1096+", 1096, None),
]

# Customer-type texts Agebook maps to its canonical keys (brief); anything else is not
# used for a "types" expectation.
TYPE_SYNONYMS = {
    "state_owned": "state_owned",
    "government": "government",
    "private": "private",
    "related_party": "related_party",
    "individual": "individual",
    "other": "other",
    "国有企业": "state_owned",
    "央企": "state_owned",
    "SOE": "state_owned",
    "state-owned": "state_owned",
    "关联方": "related_party",
    "related party": "related_party",
    "政府": "government",
    "民营企业": "private",
    "个人": "individual",
}


def rng_for(name):
    """A generator seeded from the file name (crc32: stable across runs, unlike hash())."""
    return random.Random(zlib.crc32(name.encode("utf-8")) ^ 0x5EED1010)


def month_end(y, m):
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def money(x):
    """Money as expected.json writes it: exactly two decimals, never '-0.00'."""
    q = Decimal(x).quantize(CENT, rounding=ROUND_HALF_UP)
    if q == 0:
        q = Decimal("0.00")
    return f"{q:.2f}"


def round_cents(x):
    return Decimal(x).quantize(CENT, rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------- documents


@dataclass
class Customer:
    cid: str
    name: str
    ctype: str = ""


@dataclass
class Doc:
    cid: str
    name: str
    ctype: str
    no: str
    date: dt.date
    due: object  # dt.date, or None when the file has no due date (then date + 30)
    currency: str
    disputed: bool
    amount: object  # Decimal or None
    open: Decimal  # rounded to the cent: what the figures use
    raw: object = None  # Decimal with more decimals as the file writes it, or None
    raw_text: object = None  # literal text when the raw value is a float repr

    @property
    def eff_due(self):
        return self.due if self.due is not None else self.date + dt.timedelta(days=30)

    @property
    def written(self):
        """The open amount as the file holds it (before rounding)."""
        return self.raw if self.raw is not None else self.open


AGE_RANGES = [(0, 30), (31, 60), (61, 90), (91, 120), (121, 210), (211, 400),
              (401, 760), (761, 1130), (1131, 1600)]
AGE_WEIGHTS = [30, 16, 10, 8, 8, 9, 8, 5, 6]


def rand_amount(rng, lo=1.5, hi=5.3):
    """A positive amount, log-uniform, sometimes whole or with one decimal."""
    v = Decimal(str(round(10 ** rng.uniform(lo, hi), 2))).quantize(CENT)
    r = rng.random()
    if r < 0.08:
        v = v.quantize(Decimal("1"))
    elif r < 0.16:
        v = v.quantize(Decimal("0.1"))
    if v == 0:
        v = Decimal("10.00")
    return v.quantize(CENT)


def make_customers(rng, n, ids, names, types=None):
    """n customers: ids from the callable `ids(i)`, names drawn from the pool."""
    pool = list(names)
    rng.shuffle(pool)
    if n > len(pool):
        raise ValueError(f"name pool too small: {n} > {len(pool)}")
    out = []
    for i in range(n):
        t = rng.choice(types) if types else ""
        out.append(Customer(ids(i), pool[i], t))
    return out


def make_docs(rng, customers, n_docs, as_of, *, doc_no, currency, terms=(30,),
              with_due=True, dispute_rate=0.0, credit_rate=0.1, with_amount=True,
              max_age=1600, min_age=0, amount_lo=1.5, amount_hi=5.3):
    """n_docs documents over the customers (each has at least one), dated on or before
    as_of, due within a year after it at most."""
    assert n_docs >= len(customers)
    owners = list(customers) + [rng.choice(customers) for _ in range(n_docs - len(customers))]
    rng.shuffle(owners)
    docs = []
    seq = {}
    for k, c in enumerate(owners):
        ranges = [(r, w) for r, w in zip(AGE_RANGES, AGE_WEIGHTS) if min_age <= r[1] and r[0] <= max_age]
        lo_hi = rng.choices([r for r, _ in ranges], [w for _, w in ranges])[0]
        age = rng.randint(max(lo_hi[0], min_age), min(lo_hi[1], max_age))
        date = as_of - dt.timedelta(days=age)
        t = rng.choice(terms)
        due = date + dt.timedelta(days=t) if with_due else None
        credit = rng.random() < credit_rate
        amt = rand_amount(rng, amount_lo, amount_hi)
        if credit:
            open_ = -amt
            amount = -amt
        else:
            # partly paid sometimes
            if rng.random() < 0.2:
                open_ = (amt * Decimal(rng.randint(10, 90)) / 100).quantize(CENT)
                if open_ == 0:
                    open_ = amt
            else:
                open_ = amt
            amount = amt
        seq[c.cid] = seq.get(c.cid, 0) + 1
        docs.append(Doc(c.cid, c.name, c.ctype, doc_no(k, c, seq[c.cid]), date, due, currency,
                        rng.random() < dispute_rate, amount if with_amount else None, open_))
    docs.sort(key=lambda d: (d.cid, d.date, d.no))
    check_unique(docs)
    return docs


def check_unique(docs):
    seen = set()
    for d in docs:
        key = (d.cid, d.no)
        assert key not in seen, f"duplicate document {key}"
        seen.add(key)


def bucket_of(days):
    for label, lo, hi in BUCKETS:
        if lo is None:
            if days <= hi:
                return label
        elif days >= lo and (hi is None or days <= hi):
            return label
    raise AssertionError(days)


def expected(docs, as_of):
    """The aging figures the rules of the brief give for the clean list."""
    buckets = {label: D0 for label, _, _ in BUCKETS}
    for d in docs:
        assert d.date <= as_of, (d.no, d.date, as_of)
        assert d.eff_due <= as_of + dt.timedelta(days=5 * 365), d.no
        assert d.open == round_cents(d.written)
        buckets[bucket_of((as_of - d.eff_due).days)] += d.open
    return {
        "customers": len({d.cid for d in docs}),
        "balance": money(sum((d.open for d in docs), D0)),
        "disputed": money(sum((d.open for d in docs if d.disputed), D0)),
        "buckets": {k: money(v) for k, v in buckets.items()},
    }


def type_totals(docs):
    """Balance per canonical customer type; None when a type cell is not one Agebook
    maps (then the file gets no "types" expectation)."""
    out = {}
    for d in docs:
        # A customer the ledger gives no type is kept as 'other', as Agebook does.
        key = TYPE_SYNONYMS.get(d.ctype) if d.ctype else "other"
        if key is None:
            return None
        out[key] = out.get(key, D0) + d.open
    return {k: money(v) for k, v in sorted(out.items())}


def total(docs):
    return sum((d.open for d in docs), D0)


def by_customer(docs):
    """Documents grouped by customer, in order of first appearance."""
    groups = {}
    for d in docs:
        groups.setdefault(d.cid, []).append(d)
    return list(groups.values())


# --------------------------------------------------------------------------- formats

NBSP = "\u00a0"
NNBSP = "\u202f"
UMINUS = "\u2212"


def fmt_num(v, *, dec=".", group=",", neg="-", places=2, minimal=False, prefix="",
            suffix="", pos_suffix=""):
    """An amount as a report writes it.

    neg: '-' leading minus, 'paren' (1,234.56), 'trailing' 1.234,56-, 'cr' 1,234.56 CR,
    'unicode' −1,234.56, 'drcr' 1,234.56 Dr / 1,234.56 Cr.
    places: 2, or None to write the value's own decimals (raw values).
    minimal: drop trailing zeros as a spreadsheet's General format does (65.7, 94).
    prefix/suffix: a currency symbol or code before/after the number.
    """
    v = Decimal(v)
    a = abs(v)
    text = f"{a:.{places}f}" if places is not None else format(a, "f")
    if minimal and "." in text:
        text = text.rstrip("0").rstrip(".")
    ip, _, fp = text.partition(".")
    if group:
        parts = []
        while len(ip) > 3:
            parts.insert(0, ip[-3:])
            ip = ip[:-3]
        parts.insert(0, ip)
        ip = group.join(parts)
    body = ip + (dec + fp if fp else "")
    body = prefix + body + suffix
    if v >= 0:
        return body + pos_suffix
    if neg == "-":
        return "-" + body
    if neg == "paren":
        return "(" + body + ")"
    if neg == "trailing":
        return body + "-"
    if neg == "cr":
        return body + " CR"
    if neg == "unicode":
        return UMINUS + body
    if neg == "drcr":
        return body + " Cr"
    raise ValueError(neg)


MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
EXCEL_EPOCH = dt.date(1899, 12, 30)


def fmt_date(d, style):
    y, m, dd = d.year, d.month, d.day
    yy = y % 100
    s = {
        "iso": f"{y:04d}-{m:02d}-{dd:02d}",
        "ymd/": f"{y:04d}/{m:02d}/{dd:02d}",
        "ymd/nz": f"{y}/{m}/{dd}",
        "ymd.": f"{y:04d}.{m:02d}.{dd:02d}",
        "dmy.": f"{dd:02d}.{m:02d}.{y:04d}",
        "dmy.nz": f"{dd}.{m}.{y}",
        "dmy.yy": f"{dd:02d}.{m:02d}.{yy:02d}",
        "dmy/": f"{dd:02d}/{m:02d}/{y:04d}",
        "dmy/nz": f"{dd}/{m}/{y}",
        "dmy-": f"{dd:02d}-{m:02d}-{y:04d}",
        "dmy/yy": f"{dd:02d}/{m:02d}/{yy:02d}",
        "mdy/": f"{m:02d}/{dd:02d}/{y:04d}",
        "mdy-": f"{m:02d}-{dd:02d}-{y:04d}",
        "mdy/nz": f"{m}/{dd}/{y}",
        "mdy-yy": f"{m:02d}-{dd:02d}-{yy:02d}",
        "mdy/yy": f"{m}/{dd}/{yy:02d}",
        "yyyymmdd": f"{y:04d}{m:02d}{dd:02d}",
        "yyyymmdd.0": f"{y:04d}{m:02d}{dd:02d}.0",
        "serial": str((d - EXCEL_EPOCH).days),
        "d-mon-yy": f"{dd}-{MONTHS_EN[m - 1]}-{yy:02d}",
        "dd-MON-yy": f"{dd:02d}-{MONTHS_EN[m - 1].upper()}-{yy:02d}",
        "d mon yyyy": f"{dd} {MONTHS_EN[m - 1]} {y}",
        "cn": f"{y}年{m}月{dd}日",
    }.get(style)
    if s is None:
        raise ValueError(style)
    return s


# Which date styles depend on the day/month order, and which part comes first.
ORDERED_STYLES = {
    "dmy.": "day", "dmy.nz": "day", "dmy.yy": "day", "dmy/": "day", "dmy/nz": "day",
    "dmy-": "day", "dmy/yy": "day",
    "mdy/": "month", "mdy-": "month", "mdy/nz": "month", "mdy-yy": "month", "mdy/yy": "month",
}


def check_order_decidable(docs, style, name):
    """In a day/month-ambiguous style, at least one date must have a day over 12 (in
    the document or due date), so the file settles its order."""
    if style not in ORDERED_STYLES:
        return
    days = [d.date.day for d in docs] + [d.due.day for d in docs if d.due is not None]
    assert any(x > 12 for x in days), f"{name}: no date settles the day/month order"


# --------------------------------------------------------------------------- writers


def needs_quote(cell, delim):
    return any(ch in cell for ch in (delim, '"', "\n", "\r"))


def render_row(row, delim, quote_all=False, quote_cols=()):
    if isinstance(row, str):  # a raw line (SAP frame, dashes)
        return row
    out = []
    for i, cell in enumerate(row):
        cell = "" if cell is None else str(cell)
        if quote_all or i in quote_cols or needs_quote(cell, delim):
            cell = '"' + cell.replace('"', '""') + '"'
        out.append(cell)
    return delim.join(out)


def write_text(name, rows, *, delim=",", eol="\n", encoding="utf-8", bom=False,
               quote_all=False, final_eol=True):
    """Writes rows (lists of cells, or raw strings) and returns the text's lines, so
    callers can find the 1-based line of a row (index + 1)."""
    lines = [render_row(r, delim, quote_all) for r in rows]
    for ln in lines:
        assert "\n" not in ln and "\r" not in ln
    text = eol.join(lines) + (eol if final_eol else "")
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    else:
        data = text.encode(encoding)
        if bom:
            data = b"\xef\xbb\xbf" + data
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    return lines


FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
FIXED_ISO = "2026-01-01T00:00:00Z"


def save_xlsx(wb, name):
    """Saves an openpyxl workbook with no timestamps: fixed core properties, and every
    zip member rewritten with one fixed date, in a fixed order."""
    fixed = dt.datetime(2026, 1, 1, 0, 0, 0)
    wb.properties.creator = "Agebook corpus"
    wb.properties.lastModifiedBy = "Agebook corpus"
    wb.properties.created = fixed
    wb.properties.modified = fixed
    raw = io.BytesIO()
    wb.save(raw)
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    dst_buf = io.BytesIO()
    with zipfile.ZipFile(dst_buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                              lambda mm: mm.group(1) + FIXED_ISO + mm.group(2), text)
                data = text.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(dst_buf.getvalue())


# --------------------------------------------------------------------------- registry

BUILDERS = []


def ledger(fn):
    BUILDERS.append(fn)
    return fn


def entry(file, imitates, as_of, currency, features, *, docs=None, args=(), error=None,
          types=None, customer_ids=None, skipped=None, warnings=None):
    e = {"file": file, "imitates": imitates, "as_of": as_of.isoformat(),
         "currency": currency, "args": list(args), "features": list(features)}
    if error is not None:
        e["error"] = list(error)
    else:
        e["expect"] = expected(docs, as_of)
        if types:
            e["types"] = types
        if customer_ids:
            e["customer_ids"] = list(customer_ids)
        if skipped is not None:
            e["skipped"] = skipped
        rounded = any(d.raw is not None and d.raw != d.open for d in docs)
        w = list(warnings or [])
        if rounded and "rounded" not in w:
            w.insert(0, "rounded")
        assert not (("rounded" in w) and not rounded), f"{file}: 'rounded' but nothing rounds"
        if w:
            e["warnings"] = w
        RENDERED[file] = docs
        n = len(docs)
        assert 5 <= n <= 300, f"{file}: {n} documents"
        nc = e["expect"]["customers"]
        assert 3 <= nc <= 40, f"{file}: {nc} customers"
        for d in docs:
            assert d.currency == currency
    return e


def main():
    entries = []
    for fn in BUILDERS:
        got = fn()
        entries.extend(got if isinstance(got, list) else [got])
    names = [e["file"] for e in entries]
    assert len(names) == len(set(names)), "file names repeat"
    for n in names:
        assert os.path.exists(os.path.join(OUT, n)), n
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(entries, f, ensure_ascii=False, indent=1)
        f.write("\n")
    write_readme(entries)
    self_check(entries)
    print(f"{len(entries)} files")


def write_readme(entries):
    lines = [
        "# Ledger corpus (issue 10)",
        "",
        "Built by `python3 build.py` (deterministic; re-running gives byte-identical files).",
        "`expected.json` holds, per file, the figures computed from the clean list of",
        "documents each file was rendered from, or the substrings its refusal must hold.",
        "",
    ]
    for e in entries:
        kind = "REFUSED: " if "error" in e else ""
        args = f" (args: `{json.dumps(e['args'], ensure_ascii=False)}`)" if e["args"] else ""
        lines.append(f"- `{e['file']}` — {kind}{e['imitates']}; {e['currency']}, as of "
                     f"{e['as_of']}{args}; features: {', '.join(e['features'])}")
    with open(os.path.join(OUT, "README.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


# --------------------------------------------------------------------------- names

NAMES_EN = [
    "Bluewater Trading Ltd", "Northwind Traders", "Contoso Pharmaceuticals", "Fabrikam, Inc.",
    "Adventure Works Cycles", "Litware, Inc.", "Tailspin Toys", "Wide World Importers",
    "Coho Winery", "Alpine Ski House", "Proseware, Inc.", "Woodgrove Bank",
    "Smith, Jones & Partners LLP", "Lucerne Publishing", "Margie's Travel", "Trey Research",
    "Graphic Design Institute", "School of Fine Art", "City Power & Light", "Humongous Insurance",
    "A. Datum Corporation", "Consolidated Messenger", "Fourth Coffee", "VanArsdel, Ltd.",
    "Relecloud", "Southridge Video", "Best For You Organics Company", "Blue Yonder Airlines",
    "Wingtip Toys", "Munson's Pickles and Preserves Farm", "Tradewinds Shipping Co.",
    "Harbor Freight Partners", "Pacific Rim Metals", "Great Lakes Paper Mills",
    "Evergreen Landscaping, LLC", "Summit Ridge Builders", "Copperfield Electric",
    "Ironclad Security Services", "Meadowbrook Dairy", "Silver Creek Logistics",
    "Old Mill Bakery", "Redwood Timber Supply", "Brightline Medical Group",
]

NAMES_DE = [
    "Müller & Söhne GmbH", "Bäckerei Weiß KG", "Schröder Maschinenbau AG", "Köhler Logistik GmbH",
    "Jäger, Brandt & Partner", "Groß- und Außenhandel Hübner", "Stadtwerke Lüdenscheid",
    "Fränkische Brauerei Zürn", "Weißenfels Papierfabrik", "Nürnberger Stahlbau GmbH",
    "Gärtnerei Blümel", "Hofmann Elektrotechnik e.K.", "Krämer Holzbau GmbH & Co. KG",
    "Süßwaren Özdemir", "Württembergische Textil AG", "Bürotechnik Lößl", "Fleischerei Häußler",
    "Möbelhaus Schütz", "Wäscherei Grün OHG", "Ölmühle Dürr", "Autohaus Böhm GmbH",
    "Zimmerei Strauß", "Dörfler Baustoffe", "Lübecker Hafenbetriebe", "Kühne, Rösler & Co.",
]

NAMES_CN = [
    "中国石化销售股份有限公司", "北京城建集团有限责任公司", "上海振华重工（集团）股份有限公司",
    "深圳市腾达电子有限公司", "广州白云山医药集团股份有限公司", "浙江吉利控股集团有限公司",
    "中铁十二局集团有限公司", "国家电网江苏省电力有限公司", "杭州海康威视数字技术股份有限公司",
    "成都天府软件园有限公司", "武汉钢铁有限公司", "青岛啤酒股份有限公司", "南京市城市建设投资控股（集团）有限责任公司",
    "苏州工业园区管理委员会", "厦门建发股份有限公司", "重庆长安汽车股份有限公司",
    "天津港（集团）有限公司", "西安航天动力研究所", "合肥京东方光电科技有限公司",
    "长沙中联重科股份有限公司", "大连万达商业管理集团股份有限公司", "郑州宇通客车股份有限公司",
    "沈阳机床股份有限公司", "东莞市华美食品有限公司", "佛山市顺德区美的电器有限公司",
    "宁波舟山港股份有限公司", "昆明滇池水务股份有限公司", "哈尔滨电气集团有限公司",
    "福州市财政局", "张伟", "李娜", "王芳（个体工商户）", "刘洋商贸行", "陈静",
    "内蒙古伊利实业集团股份有限公司", "贵州茅台酒销售有限公司", "华为技术有限公司",
    "珠海格力电器股份有限公司", "海南航空控股股份有限公司", "云南白药集团股份有限公司",
    "晋城市煤业有限公司", "济南二机床集团有限公司",
]

NAMES_FR = [
    "Société Générale d'Équipement", "Boulangerie Lefèvre & Fils", "Établissements Gérard",
    "Château Côte-Rôtie SARL", "Crédit Régional du Maine", "Hôtel des Deux Écus",
    "Pâtisserie Béatrice", "Transports Dupré, Frères et Cie", "Mécanique Générale Noël",
    "Librairie Mollat", "Fromagerie Rançon", "Électricité Picard SA",
]

NAMES_CH = [
    "Zürcher Kantonalbank", "Uhrenmanufaktur Jäggi AG", "Bergbahnen Engelberg AG",
    "Käserei Gruyère SA", "Schokoladen Läderach GmbH", "Basler Chemie AG",
    "Hotel Bären Gstaad", "Reinhart & Söhne AG", "Luzerner Holzbau GmbH", "Genève Horlogerie SA",
    "Schweizerische Transportgesellschaft", "Appenzeller Brauerei Locher",
]

NAMES_UK_1252 = [
    "Café Rouge Nº 7 Ltd", "Bistro Nº 12", "O'Brien & Sons (Dublin) Ltd", "Müller Bakeries UK",
    "Crêperie Élise", "Smith, Hartley & Co.", "Fenwick Nº 1 Trading", "Señor Pepe's Cantina",
    "Brontë Publishing plc", "Zoë's Florist", "Hôtel du Parc Ltd", "Rowntree, Baxter & Wells",
    "Åsa Lindqvist Design", "Daniël van der Berg BV",
]

NAMES_IN = [
    "Sharma Traders", "Gupta Enterprises", "Patel Textiles Pvt Ltd", "Reddy Agro Foods",
    "Krishna Steel Works", "Mehta & Sons", "Iyer Electricals", "Singh Transport Co.",
    "Bansal Paper Mart", "Joshi Pharma Distributors", "Nair Spices Export", "Verma Hardware",
]


def sap_id(base):
    """SAP customer numbers: ten digits with leading zeros."""
    return lambda i: f"{base + 1379 * i:010d}"


# --------------------------------------------------------------------------- SAP


@ledger
def sap_fbl5n_list():
    """SAP FBL5N 'Customer Line Item Display' saved as an unconverted list: `|` framed,
    dashed separator lines, a status column, `*` subtotals per customer and a `**`
    grand total."""
    name = "sap_fbl5n_list.txt"
    rng = rng_for(name)
    as_of = month_end(2026, 3)
    custs = make_customers(rng, 6, sap_id(611365), NAMES_DE[:12] + NAMES_EN[:6])
    docs = make_docs(rng, custs, 48, as_of, currency="EUR", terms=(14, 30, 45),
                     doc_no=lambda k, c, n: f"{1800000000 + 37 * k + 11:010d}")
    check_order_decidable(docs, "dmy.", name)
    widths = [5, 10, 30, 10, 3, 10, 12, 22, 5]
    heads = ["St", "Account", "Name 1", "DocumentNo", "Typ", "Doc. Date", "Net due date",
             "Amount in local cur.", "Crcy"]

    def frame(cells, right=()):
        out = []
        for i, (c, w) in enumerate(zip(cells, widths)):
            out.append(c.rjust(w) if i in right else c.ljust(w))
        return "|" + "|".join(out) + "|"

    dash = "-" * (sum(widths) + len(widths) + 1)
    amt = lambda v: fmt_num(v, neg="trailing") if v < 0 else fmt_num(v) + " "
    rows = [
        "Customer Line Item Display",
        "",
        "Company Code        1000  Bluewater Europe GmbH",
        f"Open items at key date {fmt_date(as_of, 'dmy.')}",
        "",
        dash,
        frame(heads),
        dash,
    ]
    # Dashed separator lines are the list's frame, not rows: only the subtotals and
    # the total count as skipped rows.
    skipped = 0
    for group in by_customer(docs):
        for d in group:
            typ = "DG" if d.open < 0 else "RV"
            rows.append(frame(["@5C@", d.cid, d.name[:30], d.no, typ, fmt_date(d.date, "dmy."),
                               fmt_date(d.due, "dmy."), amt(d.open), "EUR"], right=(7,)))
        rows.append(frame(["", "", "", "", "", "", "", amt(total(group)), "EUR"], right=(7,))
                    .replace("|     |", "|*    |", 1))
        rows.append(dash)
        skipped += 1
    rows.append(frame(["", "", "", "", "", "", "", amt(total(docs)), "EUR"], right=(7,))
                .replace("|     |", "|**   |", 1))
    rows.append(dash)
    skipped += 1
    write_text(name, rows, delim="|", eol="\r\n")
    return entry(name, "SAP FBL5N line item list (English), saved as unconverted text",
                 as_of, "EUR",
                 ["pipe", "sap-list-frame", "dashed-separators", "status-column", "preamble",
                  "blank-row-above-header", "short-headers", "trailing-minus", "star-subtotals",
                  "star-grand-total", "day-first-dots", "leading-zero-ids", "extra-columns",
                  "padded-cells", "crlf", "umlauts"],
                 docs=docs, customer_ids=[custs[0].cid], skipped=skipped)


@ledger
def sap_fbl5n_en():
    """SAP FBL5N exported to a spreadsheet (English, US user with SAP date format
    MM-DD-YYYY): long header names, month-first dates with dashes, trailing minus."""
    name = "sap_fbl5n_en.csv"
    rng = rng_for(name)
    as_of = month_end(2025, 9)
    custs = make_customers(rng, 9, sap_id(100230), NAMES_EN)
    docs = make_docs(rng, custs, 64, as_of, currency="USD", terms=(30, 60),
                     doc_no=lambda k, c, n: f"{90000000 + 113 * k:010d}")
    check_order_decidable(docs, "mdy-", name)
    rows = [["Customer", "Name 1", "Document Number", "Document Type", "Document Date",
             "Net Due Date", "Amount in Local Currency", "Local Currency", "Assignment",
             "Clearing Document", "Currency"]]
    for d in docs:
        rows.append([d.cid, d.name, d.no, "DZ" if d.open < 0 else "RV", fmt_date(d.date, "mdy-"),
                     fmt_date(d.due, "mdy-"),
                     fmt_num(d.open, neg="trailing"), "USD", f"SO{rng.randint(100000, 999999)}",
                     "", "USD"])
    write_text(name, rows, eol="\r\n")
    return entry(name, "SAP FBL5N export to spreadsheet (English, US date format)", as_of, "USD",
                 ["comma", "long-headers", "month-first-dashes", "trailing-minus",
                  "quoted-thousands", "leading-zero-ids", "extra-columns", "currency-column",
                  "names-with-commas", "crlf"],
                 docs=docs, customer_ids=[c.cid for c in custs[:3]], skipped=0)


@ledger
def sap_de_trailing_minus():
    """German SAP FBL5N as a CSV from Excel: semicolon, UTF-8 with BOM, German headers
    (long forms: Belegart, Nettofälligkeit, Betrag in Hauswährung), 1.234,56- credits,
    X/blank dispute flag, 'Summe <Name>' subtotals and a 'Summe' grand total."""
    name = "sap_de_trailing_minus.csv"
    rng = rng_for(name)
    as_of = month_end(2024, 12)
    custs = make_customers(rng, 8, sap_id(2000411), NAMES_DE)
    docs = make_docs(rng, custs, 70, as_of, currency="EUR", terms=(10, 30, 60),
                     dispute_rate=0.12,
                     doc_no=lambda k, c, n: f"{1400000000 + 29 * k:010d}")
    check_order_decidable(docs, "dmy.", name)
    de = lambda v: fmt_num(v, dec=",", group=".", neg="trailing")
    rows = [["Konto", "Name 1", "Belegnummer", "Belegart", "Belegdatum", "Nettofälligkeit",
             "Betrag in Hauswährung", "Hauswährung", "Strittig", "Zuordnung"]]
    skipped = 0
    for group in by_customer(docs):
        for d in group:
            rows.append([d.cid, d.name, d.no, "DG" if d.open < 0 else "RV",
                         fmt_date(d.date, "dmy."), fmt_date(d.due, "dmy."), de(d.open), "EUR",
                         "X" if d.disputed else "", f"{rng.randint(4500000, 4599999)}"])
        rows.append(["", f"Summe {group[0].name}", "", "", "", "", de(total(group)), "EUR", "", ""])
        skipped += 1
    rows.append(["", "Summe", "", "", "", "", de(total(docs)), "EUR", "", ""])
    skipped += 1
    write_text(name, rows, delim=";", eol="\r\n", bom=True)
    return entry(name, "SAP FBL5N (German) exported via Excel as CSV UTF-8", as_of, "EUR",
                 ["utf8-bom", "semicolon", "crlf", "german-headers", "long-headers",
                  "decimal-comma", "trailing-minus", "flag-x-blank", "subtotals",
                  "grand-total-summe", "day-first-dots", "leading-zero-ids", "umlauts",
                  "names-with-commas", "extra-columns"],
                 docs=docs, customer_ids=[custs[1].cid], skipped=skipped)


@ledger
def sap_de_short_headers():
    """SAP list exported as tab-separated text, German short column titles (Debitor, BA,
    Belegnr, fällig, Betrag in HW), dates without leading zeros."""
    name = "sap_de_short_headers.txt"
    rng = rng_for(name)
    as_of = month_end(2025, 6)
    custs = make_customers(rng, 5, sap_id(3001), NAMES_DE)
    docs = make_docs(rng, custs, 22, as_of, currency="EUR", terms=(30,),
                     doc_no=lambda k, c, n: f"{5100000 + 7 * k}")
    check_order_decidable(docs, "dmy.nz", name)
    rows = [["Debitor", "Name des Debitors", "BA", "Belegnr", "Belegdatum", "fällig",
             "Betrag in HW", "Währung"]]
    for d in docs:
        rows.append([d.cid, d.name, "DR" if d.open > 0 else "DG", d.no, fmt_date(d.date, "dmy.nz"),
                     fmt_date(d.due, "dmy.nz"),
                     fmt_num(d.open, dec=",", group=".", neg="trailing"), "EUR"])
    write_text(name, rows, delim="\t")
    return entry(name, "SAP FBL5N (German) list saved as tab-separated text", as_of, "EUR",
                 ["tab", "lf", "utf8-no-bom", "german-headers", "short-headers",
                  "decimal-comma", "trailing-minus", "day-first-no-leading-zeros",
                  "leading-zero-ids", "extra-columns", "umlauts"],
                 docs=docs, customer_ids=[custs[0].cid], skipped=0)


@ledger
def sap_bex_result():
    """SAP BW (BEx Analyzer) query exported to CSV: title rows, a two-row header, amounts
    with the unit after them (1,234.56 EUR) and an 'Overall Result' ... here 'Result'
    as the only totals row."""
    name = "sap_bex_result.csv"
    rng = rng_for(name)
    as_of = month_end(2025, 12)
    custs = make_customers(rng, 7, sap_id(700100), NAMES_DE + NAMES_EN)
    docs = make_docs(rng, custs, 35, as_of, currency="EUR", with_due=False,
                     doc_no=lambda k, c, n: f"{9400000 + 3 * k}")
    check_order_decidable(docs, "dmy.", name)
    rows = [
        ["Open Items Receivables (0FIAR_C03 Q0001)", "", "", "", "", ""],
        ["Key Date", fmt_date(as_of, "dmy."), "", "", "", ""],
        ["", "", "", "", "", ""],
        ["Customer", "", "Document", "Posting", "Amount", "Original"],
        ["Number", "Name", "Number", "Date", "in local currency", "Amount"],
    ]
    unit = lambda v: fmt_num(v, suffix=" EUR")
    for d in docs:
        rows.append([d.cid, d.name, d.no, fmt_date(d.date, "dmy."), unit(d.open), unit(d.amount)])
    rows.append(["Result", "", "", "", unit(total(docs)), ""])
    write_text(name, rows, eol="\r\n")
    return entry(name, "SAP BW BEx Analyzer open-items query exported as CSV", as_of, "EUR",
                 ["comma", "preamble", "blank-row-above-header", "two-row-header",
                  "currency-code-suffix", "no-due-date-column", "grand-total-result",
                  "day-first-dots", "leading-zero-ids", "umlauts", "names-with-commas"],
                 docs=docs, skipped=1)


# --------------------------------------------------------------------------- Oracle, BC, US/UK SaaS

ORACLE_TYPES = ["SOE", "state-owned", "related party", "private", "government", "individual",
                "private", "private"]


@ledger
def oracle_aging():
    """Oracle Receivables 'Aging - 7 Buckets - By Account Report' as CSV: a preamble, the
    customer class (type) per row, Y/N dispute flags, DD-MON-YY dates, the seven bucket
    columns (extra, ignored), 'Total for Customer:' subtotals and a 'Report Total'."""
    name = "oracle_aging.csv"
    rng = rng_for(name)
    as_of = month_end(2026, 3)
    custs = make_customers(rng, 12, lambda i: str(1001 + 17 * i), NAMES_EN, ORACLE_TYPES)
    docs = make_docs(rng, custs, 90, as_of, currency="USD", terms=(30, 45, 60),
                     dispute_rate=0.15,
                     doc_no=lambda k, c, n: f"{10230 + 7 * k}")
    cols = ["Current", "1-30 Days Past Due", "31-60 Days Past Due", "61-90 Days Past Due",
            "91-180 Days Past Due", "181-360 Days Past Due", "Over 360 Days"]

    def slot(d):
        dpd = (as_of - d.due).days
        for i, lim in enumerate([0, 30, 60, 90, 180, 360]):
            if dpd <= lim:
                return i
        return 6

    def buckets(ds):
        b = [D0] * 7
        for d in ds:
            b[slot(d)] += d.open
        return [fmt_num(x) if x else "" for x in b]

    rows = [
        ["Aging - 7 Buckets - By Account Report"],
        ["Vision Operations (USA)"],
        [f"As of Date: {fmt_date(as_of, 'dd-MON-yy')}"],
        ["Currency: USD", "Order By: Customer"],
        [],
        ["Customer Name", "Customer Number", "Customer Class", "Invoice Number", "Type",
         "Invoice Date", "Due Date", "Disputed", "Outstanding Amount"] + cols,
    ]
    skipped = 0
    for group in by_customer(docs):
        for d in group:
            rows.append([d.name, d.cid, d.ctype, d.no, "Credit Memo" if d.open < 0 else "Invoice",
                         fmt_date(d.date, "dd-MON-yy"), fmt_date(d.due, "dd-MON-yy"),
                         "Y" if d.disputed else "N", fmt_num(d.open)] + buckets([d]))
        rows.append([f"Total for Customer: {group[0].name}", "", "", "", "", "", "", "",
                     fmt_num(total(group))] + buckets(group))
        skipped += 1
    rows.append(["Report Total", "", "", "", "", "", "", "", fmt_num(total(docs))] + buckets(docs))
    skipped += 1
    write_text(name, rows)
    return entry(name, "Oracle Receivables Aging - 7 Buckets - By Account report (CSV)",
                 as_of, "USD",
                 ["comma", "lf", "preamble", "blank-row-above-header", "customer-types-english",
                  "flag-y-n", "dd-mon-yy-dates", "bucket-columns-ignored", "subtotals",
                  "grand-total-report-total", "names-with-commas", "quoted-thousands"],
                 docs=docs, types=type_totals(docs), skipped=skipped)


def xlsx_book():
    import openpyxl
    return openpyxl.Workbook()


@ledger
def bc_excel():
    """Business Central 'Aged Accounts Receivable' sent to Excel: title rows, customer
    group rows, real date cells, numeric cells, blank currency code for the local
    currency, a 'Total' row."""
    name = "bc_excel.xlsx"
    rng = rng_for(name)
    as_of = month_end(2025, 12)
    custs = make_customers(rng, 10, lambda i: str(10000 + 10000 * i), NAMES_EN)
    docs = make_docs(rng, custs, 60, as_of, currency="USD", terms=(14, 30, 60),
                     doc_no=lambda k, c, n: f"103{k + 1:03d}")
    wb = xlsx_book()
    ws = wb.active
    ws.title = "Aged Accounts Receivable"
    ws.append(["Aged Accounts Receivable"])
    ws.append(["CRONUS USA, Inc."])
    ws.append(["Aged by Due Date", None, "Aged As Of", as_of])
    ws["D3"].number_format = "m/d/yyyy"
    ws.append([])
    ws.append(["Customer No.", "Name", "Document Type", "Document No.", "Posting Date",
               "Due Date", "Original Amount", "Remaining Amount", "Currency Code"])
    skipped = 0
    for group in by_customer(docs):
        ws.append([group[0].cid, group[0].name])
        skipped += 1
        for d in group:
            ws.append([d.cid, d.name, "Credit Memo" if d.open < 0 else "Invoice", d.no, d.date,
                       d.due, float(d.amount), float(d.open), None])
            r = ws.max_row
            for col in "EF":
                ws[f"{col}{r}"].number_format = "m/d/yyyy"
            for col in "GH":
                ws[f"{col}{r}"].number_format = "#,##0.00"
    ws.append([None, "Total", None, None, None, None,
               float(sum((d.amount for d in docs), D0)), float(total(docs)), None])
    skipped += 1
    save_xlsx(wb, name)
    return entry(name, "Microsoft Dynamics 365 Business Central Aged Accounts Receivable, "
                 "Send to Excel", as_of, "USD",
                 ["xlsx", "title-rows", "date-cells", "numeric-cells", "group-rows",
                  "grand-total", "blank-currency-means-local", "names-with-commas",
                  "extra-columns"],
                 docs=docs, skipped=skipped)


@ledger
def bc_open_items():
    """A workbook whose first sheet is a summary and whose second, 'Open Items', holds
    the ledger: imported with --sheet."""
    name = "bc_open_items.xlsx"
    rng = rng_for(name)
    as_of = month_end(2025, 4)
    custs = make_customers(rng, 8, lambda i: f"C{i * 3 + 101:05d}", NAMES_EN + NAMES_UK_1252)
    docs = make_docs(rng, custs, 40, as_of, currency="GBP", terms=(30,), dispute_rate=0.2,
                     doc_no=lambda k, c, n: f"SI-{24000 + 5 * k}")
    wb = xlsx_book()
    summary = wb.active
    summary.title = "Summary"
    summary.append(["Aged Debt Summary", None, fmt_date(as_of, "dmy/")])
    summary.append([])
    summary.append(["Account", "Customer Name", "Balance", "Current", "Overdue"])
    for group in by_customer(docs):
        bal = total(group)
        cur = sum((d.open for d in group if d.due >= as_of), D0)
        summary.append([group[0].cid, group[0].name, float(bal), float(cur), float(bal - cur)])
    ws = wb.create_sheet("Open Items")
    ws.append(["Open Items", None, "Aged as at", as_of])
    ws["D1"].number_format = "dd/mm/yyyy"
    ws.append(["Company: Wingtip Toys UK Ltd"])
    ws.append(["Customer No.", "Customer Name", "Document No.", "Document Date", "Due Date",
               "Amount", "Remaining Amount", "Currency Code", "Disputed"])
    for d in docs:
        ws.append([d.cid, d.name, d.no, d.date, d.due, float(d.amount), float(d.open), "GBP",
                   bool(d.disputed)])
        r = ws.max_row
        ws[f"D{r}"].number_format = "dd/mm/yyyy"
        ws[f"E{r}"].number_format = "dd/mm/yyyy"
    wb.active = 0
    save_xlsx(wb, name)
    return entry(name, "Business Central customer ledger entries workbook with a summary "
                 "sheet first", as_of, "GBP",
                 ["xlsx", "second-sheet", "title-rows", "date-cells", "numeric-cells",
                  "boolean-cells", "currency-column", "flag-true-false"],
                 docs=docs, args=["--sheet", "Open Items"], skipped=0)


@ledger
def netsuite():
    """NetSuite 'A/R Aging Detail' CSV: company/title/as-of preamble, the customer name
    alone on a group row, '$' amounts, 'Total - <customer>' subtotals and 'Total'. The
    report has no customer code: --map customer_id=Name."""
    name = "netsuite.csv"
    rng = rng_for(name)
    as_of = month_end(2025, 10)
    custs = make_customers(rng, 11, lambda i: "", NAMES_EN)
    for c in custs:
        c.cid = c.name
    docs = make_docs(rng, custs, 75, as_of, currency="USD", terms=(30, 45),
                     doc_no=lambda k, c, n: f"INV{10200 + 3 * k}")
    for d in docs:
        if d.open < 0:
            d.no = "CM" + d.no[3:]
    check_unique(docs)
    check_order_decidable(docs, "mdy/nz", name)
    usd = lambda v: fmt_num(v, prefix="$")
    rows = [
        ["Bluewater Inc."],
        ["A/R Aging Detail"],
        [f"As of {MONTHS_EN[as_of.month - 1]} {as_of.day}, {as_of.year}"],
        [],
        ["Type", "Date", "Document Number", "Name", "Memo", "Due Date", "Age", "Open Balance"],
    ]
    skipped = 0
    for group in by_customer(docs):
        rows.append([group[0].name])
        skipped += 1
        for d in group:
            rows.append(["Credit Memo" if d.open < 0 else "Invoice", fmt_date(d.date, "mdy/nz"),
                         d.no, d.name, "", fmt_date(d.due, "mdy/nz"),
                         str(max((as_of - d.due).days, 0)), usd(d.open)])
        rows.append([f"Total - {group[0].name}", "", "", "", "", "", "", usd(total(group))])
        skipped += 1
    rows.append(["Total", "", "", "", "", "", "", usd(total(docs))])
    skipped += 1
    write_text(name, rows, quote_all=False)
    return entry(name, "Oracle NetSuite A/R Aging Detail report exported to CSV", as_of, "USD",
                 ["comma", "preamble", "blank-row-above-header", "group-rows", "subtotals",
                  "grand-total", "dollar-prefix", "month-first-no-leading-zeros", "map",
                  "names-with-commas", "extra-columns"],
                 docs=docs, args=["--map", "customer_id=Name"], skipped=skipped)


@ledger
def quickbooks_detail():
    """QuickBooks Online 'A/R Aging Detail' CSV: preamble, an unnamed first column holding
    the aging-group headings, 'Total for ...' subtotals, 'TOTAL', negatives in
    parentheses, and the report footer. The Customer column is the only customer
    column: --map customer_name=Customer."""
    name = "quickbooks_detail.csv"
    rng = rng_for(name)
    as_of = month_end(2026, 2)
    custs = make_customers(rng, 14, lambda i: "", NAMES_EN)
    for c in custs:
        c.cid = c.name
    docs = make_docs(rng, custs, 80, as_of, currency="USD", terms=(15, 30),
                     doc_no=lambda k, c, n: str(1001 + 2 * k))
    check_order_decidable(docs, "mdy/", name)
    groups = [("Current", lambda x: x <= 0), ("1 - 30 days past due", lambda x: 1 <= x <= 30),
              ("31 - 60 days past due", lambda x: 31 <= x <= 60),
              ("61 - 90 days past due", lambda x: 61 <= x <= 90),
              ("91 or more days past due", lambda x: x >= 91)]
    q = lambda v: fmt_num(v, neg="paren")
    rows = [
        ["Craig's Design and Landscaping Services"],
        ["A/R Aging Detail"],
        [f"As of {as_of.strftime('%B')} {as_of.day}, {as_of.year}"],
        [],
        ["", "Date", "Transaction Type", "Num", "Customer", "Due Date", "Past Due", "Amount",
         "Open Balance"],
    ]
    for label, pred in groups:
        ds = sorted((d for d in docs if pred((as_of - d.due).days)), key=lambda d: (d.date, d.no))
        if not ds:
            continue
        rows.append([label, "", "", "", "", "", "", "", ""])
        for d in ds:
            rows.append(["", fmt_date(d.date, "mdy/"),
                         "Credit Memo" if d.open < 0 else "Invoice", d.no, d.name,
                         fmt_date(d.due, "mdy/"), str((as_of - d.due).days), q(d.amount), q(d.open)])
        rows.append([f"Total for {label}", "", "", "", "", "", "",
                     q(sum((d.amount for d in ds), D0)), q(total(ds))])
    rows.append(["TOTAL", "", "", "", "", "", "", q(sum((d.amount for d in docs), D0)),
                 q(total(docs))])
    rows.append([])
    rows.append([])
    rows.append(["Accrual Basis Tuesday, March 3, 2026 09:41 AM GMT-08:00"])
    write_text(name, rows, quote_all=True)
    return entry(name, "QuickBooks Online A/R Aging Detail report exported to CSV", as_of, "USD",
                 ["comma", "quote-all", "preamble", "blank-row-above-header",
                  "unnamed-first-column", "group-rows", "subtotals", "grand-total",
                  "parentheses-negative", "month-first-slashes", "map-name-to-id",
                  "names-with-commas", "report-footer", "extra-columns"],
                 docs=docs, args=["--map", "customer_name=Customer"])


@ledger
def xero_detail():
    """Xero 'Aged Receivables Detail' CSV: the four preamble lines Xero writes ('Ageing by
    due date'), contact group rows, 'Total <contact>' subtotals and 'Total'; dates as
    '1 Mar 2026'."""
    name = "xero_detail.csv"
    rng = rng_for(name)
    as_of = month_end(2026, 3)
    custs = make_customers(rng, 9, lambda i: "", NAMES_EN + NAMES_UK_1252[:6])
    for i, c in enumerate(custs):
        c.cid = re.sub(r"[^A-Z]", "", c.name.upper())[:3] + f"{i + 1:03d}"
    docs = make_docs(rng, custs, 55, as_of, currency="GBP", terms=(14, 30),
                     doc_no=lambda k, c, n: f"INV-{k + 1:04d}")
    for d in docs:
        if d.open < 0:
            d.no = "CN-" + d.no[4:]
    check_unique(docs)
    rows = [
        ["Aged Receivables Detail"],
        ["Demo Company (UK)"],
        [f"As at {as_of.day} {as_of.strftime('%B')} {as_of.year}"],
        ["Ageing by due date"],
        [],
        ["Invoice Date", "Invoice Number", "Contact", "Account Number", "Due Date", "Reference",
         "Invoice Total", "Paid", "Credited", "Amount Due"],
    ]
    skipped = 0
    for group in by_customer(docs):
        rows.append([group[0].name])
        skipped += 1
        for d in group:
            paid = d.amount - d.open if d.open > 0 else D0
            rows.append([fmt_date(d.date, "d mon yyyy"), d.no, d.name, d.cid,
                         fmt_date(d.due, "d mon yyyy"), f"PO {rng.randint(1000, 9999)}",
                         fmt_num(d.amount), fmt_num(paid), "0.00", fmt_num(d.open)])
        rows.append([f"Total {group[0].name}", "", "", "", "", "", "", "", "",
                     fmt_num(total(group))])
        skipped += 1
    rows.append(["Total", "", "", "", "", "", "", "", "", fmt_num(total(docs))])
    skipped += 1
    write_text(name, rows, eol="\r\n")
    return entry(name, "Xero Aged Receivables Detail report exported to CSV", as_of, "GBP",
                 ["comma", "crlf", "preamble", "blank-row-above-header", "group-rows",
                  "subtotals", "grand-total", "month-name-dates", "two-document-columns",
                  "extra-columns", "names-with-commas"],
                 docs=docs, skipped=skipped)


@ledger
def erpnext():
    """ERPNext 'Accounts Receivable' report exported to CSV: ISO dates, voucher columns,
    ageing range columns (ignored), Customer Group as the type (with groups Agebook does
    not know, so no type totals are asserted), one customer's name written with
    different spacing, and the 'Total' row."""
    name = "erpnext.csv"
    rng = rng_for(name)
    as_of = month_end(2025, 8)
    groups = ["Commercial", "Commercial", "Government", "Individual", "Non Profit"]
    custs = make_customers(rng, 13, lambda i: f"CUST-2023-{i * 7 + 3:05d}", NAMES_EN, groups)
    docs = make_docs(rng, custs, 96, as_of, currency="USD", terms=(0, 30, 60),
                     doc_no=lambda k, c, n: f"ACC-SINV-2025-{k * 3 + 11:05d}")
    for d in docs:
        if d.open < 0:
            d.no = d.no.replace("SINV", "PAY")
    check_unique(docs)
    rows = [["Posting Date", "Customer", "Customer Name", "Voucher Type", "Voucher No",
             "Due Date", "Invoiced Amount", "Paid Amount", "Credit Note", "Outstanding Amount",
             "Age (Days)", "0-30", "31-60", "61-90", "91-120", "121-Above", "Currency",
             "Territory", "Customer Group"]]
    respaced = docs[len(docs) // 2].cid
    seen = set()
    for d in docs:
        age = (as_of - d.date).days
        rng_cols = [""] * 5
        rng_cols[min(4, max(0, (age - 1) // 30))] = f"{d.open:.2f}"
        nm = d.name
        if d.cid == respaced:
            if d.cid in seen:
                nm = nm.replace(" ", "  ", 1)
            seen.add(d.cid)
        inv = d.amount if d.open > 0 else D0
        rows.append([fmt_date(d.date, "iso"), d.cid, nm,
                     "Payment Entry" if d.open < 0 else "Sales Invoice", d.no,
                     fmt_date(d.due, "iso"), f"{inv:.2f}",
                     f"{(inv - d.open if d.open > 0 else D0):.2f}", "0.00", f"{d.open:.2f}",
                     str(age)] + rng_cols + ["USD", rng.choice(["United States", "Canada", "All Territories"]),
                                             d.ctype])
    rows.append(["", "Total", "", "", "", "", "", "", "", f"{total(docs):.2f}", "", "", "", "",
                 "", "", "", "", ""])
    write_text(name, rows)
    return entry(name, "ERPNext Accounts Receivable report exported to CSV", as_of, "USD",
                 ["comma", "lf", "utf8-no-bom", "iso-dates", "plain-decimals", "voucher-no",
                  "customer-group-as-type", "unknown-customer-types", "name-spacing-varies",
                  "bucket-columns-ignored", "grand-total", "currency-column", "extra-columns"],
                 docs=docs, customer_ids=[custs[0].cid], skipped=1)


@ledger
def odoo_total_first():
    """Odoo 'Aged Receivable' exported to CSV: the grand total on the first row under the
    header, a partner line (its total, no label) above each partner's invoices, '€ '
    before amounts."""
    name = "odoo_total_first.csv"
    rng = rng_for(name)
    as_of = month_end(2024, 11)
    custs = make_customers(rng, 7, lambda i: f"BE0{rng.randint(400, 899)}.{rng.randint(100, 999)}"
                           f".{rng.randint(100, 999)}", NAMES_FR + NAMES_DE)
    docs = make_docs(rng, custs, 42, as_of, currency="EUR", terms=(30, 60),
                     doc_no=lambda k, c, n: f"INV/{2022 + k % 3}/{k + 1:05d}")
    check_order_decidable(docs, "dmy/", name)
    eur = lambda v: fmt_num(v, prefix="€ ")
    rows = [["", "Customer Code", "Customer Name", "Invoice Number", "Invoice Date", "Due Date",
             "Currency", "Amount Due"],
            ["Total", "", "", "", "", "", "", eur(total(docs))]]
    skipped = 1
    for group in by_customer(docs):
        rows.append([group[0].name, "", "", "", "", "", "", eur(total(group))])
        skipped += 1
        for d in group:
            rows.append(["", d.cid, d.name, d.no, fmt_date(d.date, "dmy/"), fmt_date(d.due, "dmy/"),
                         "EUR", eur(d.open)])
    write_text(name, rows)
    return entry(name, "Odoo Aged Receivable (partner ledger) exported to CSV", as_of, "EUR",
                 ["comma", "unnamed-first-column", "grand-total-first",
                  "partner-rows-with-totals", "day-first-slashes", "euro-prefix", "quoted-thousands",
                  "currency-column", "names-with-commas", "accents"],
                 docs=docs, skipped=skipped)


@ledger
def tally_unlabeled_total():
    """Tally ERP 'Bills Receivable' exported to CSV: a period preamble, Dr/Cr suffixes,
    1-Apr-25 dates, the party name as the only customer column, and a last row of
    totals without a label. Tally's column titles are not in the dictionary: --map."""
    name = "tally_unlabeled_total.csv"
    rng = rng_for(name)
    as_of = month_end(2025, 3)
    custs = make_customers(rng, 8, lambda i: "", NAMES_IN)
    for c in custs:
        c.cid = c.name
    docs = make_docs(rng, custs, 45, as_of, currency="INR", terms=(15, 30, 45),
                     credit_rate=0.07, amount_lo=3, amount_hi=5.8,
                     doc_no=lambda k, c, n: f"SI/{24 if k % 2 else 23}-{25 if k % 2 else 24}/{k + 101:04d}")
    for k, d in enumerate(docs):  # voucher numbers carry the Indian fiscal year (Apr-Mar)
        fy = d.date.year if d.date.month >= 4 else d.date.year - 1
        d.no = f"SI/{fy % 100:02d}-{(fy + 1) % 100:02d}/{k + 101:04d}"
    check_unique(docs)
    if total(docs) <= 0:
        raise AssertionError("tally: a positive total is wanted")
    tally = lambda v: fmt_num(v, neg="drcr", pos_suffix=" Dr")
    rows = [
        ["Bluewater Exports Pvt Ltd"],
        ["Bills Receivable"],
        [f"{fmt_date(dt.date(2024, 4, 1), 'd-mon-yy')} to {fmt_date(as_of, 'd-mon-yy')}"],
        [],
        ["Date", "Ref. No.", "Party's Name", "Opening Amount", "Pending Amount", "Due on",
         "Overdue by days"],
    ]
    for d in sorted(docs, key=lambda d: (d.date, d.no)):
        od = (as_of - d.due).days
        rows.append([fmt_date(d.date, "d-mon-yy"), d.no, d.name, tally(d.amount), tally(d.open),
                     fmt_date(d.due, "d-mon-yy"), str(od) if od > 0 else ""])
    rows.append(["", "", "", tally(sum((d.amount for d in docs), D0)), tally(total(docs)), "", ""])
    write_text(name, rows, eol="\r\n")
    return entry(name, "Tally.ERP 9 / TallyPrime Bills Receivable exported to CSV", as_of, "INR",
                 ["comma", "crlf", "preamble", "blank-row-above-header", "dr-cr-suffix",
                  "d-mon-yy-dates", "unlabelled-total", "map", "map-name-to-id",
                  "extra-columns"],
                 docs=docs, skipped=1,
                 args=["--map", "customer_id=Party's Name", "--map", "customer_name=Party's Name",
                       "--map", "document_no=Ref. No.", "--map", "open_amount=Pending Amount",
                       "--map", "amount=Opening Amount"])


# --------------------------------------------------------------------------- Chinese ERPs

CN_TYPES = ["国有企业", "央企", "民营企业", "民营企业", "关联方", "政府", "个人", "民营企业"]


@ledger
def kingdee_gbk():
    """Kingdee K/3 应收账款明细 exported as CSV in GBK: a title and parameter preamble,
    customer types in Chinese, ￥ amounts, 是/否 dispute flags, 小计 per customer and 合计."""
    name = "kingdee_gbk.csv"
    rng = rng_for(name)
    as_of = month_end(2026, 3)
    custs = make_customers(rng, 15, lambda i: f"01.02.{i * 3 + 7:04d}", NAMES_CN, CN_TYPES)
    docs = make_docs(rng, custs, 120, as_of, currency="CNY", terms=(30, 60, 90, 180),
                     dispute_rate=0.08, amount_lo=3, amount_hi=6.3,
                     doc_no=lambda k, c, n: f"AR{2021 + k % 5}{k * 7 + 1:06d}")
    yuan = lambda v: fmt_num(v, prefix="￥")  # full-width: GBK has no U+00A5
    rows = [
        ["应收账款明细表"],
        ["公司：深圳市蓝水科技有限公司"],
        ["会计期间：2026年第1期 至 2026年第3期", "", "币别：人民币"],
        [],
        ["客户编码", "客户名称", "客户类型", "单据日期", "单据编号", "到期日", "价税合计", "未核销金额",
         "是否争议", "业务员", "部门"],
    ]
    skipped = 0
    staff = ["张三", "李四", "王五"]
    for group in by_customer(docs):
        for d in group:
            rows.append([d.cid, d.name, d.ctype, fmt_date(d.date, "ymd/nz"), d.no,
                         fmt_date(d.due, "ymd/nz"), yuan(d.amount), yuan(d.open),
                         "是" if d.disputed else "否", rng.choice(staff), "销售部"])
        rows.append(["小计", "", "", "", "", "", yuan(sum((d.amount for d in group), D0)),
                     yuan(total(group)), "", "", ""])
        skipped += 1
    rows.append(["合计", "", "", "", "", "", yuan(sum((d.amount for d in docs), D0)),
                 yuan(total(docs)), "", "", ""])
    skipped += 1
    write_text(name, rows, encoding="gbk", eol="\r\n")
    return entry(name, "Kingdee K/3 应收账款明细 export, GBK", as_of, "CNY",
                 ["gbk", "crlf", "preamble", "blank-row-above-header", "chinese-headers",
                  "customer-types-chinese", "fullwidth-yuan-prefix", "flag-shi-fou", "subtotals",
                  "grand-total-heji", "iso-order-slashes-no-leading-zeros", "extra-columns"],
                 docs=docs, args=["--encoding", "gbk"], types=type_totals(docs),
                 customer_ids=[custs[0].cid], skipped=skipped)


@ledger
def yonyou_gbk():
    """Yonyou U8 应收明细账 exported as CSV in GBK, left to detection: 往来单位 columns,
    凭证字号 document numbers (one voucher may post for two customers), 2016年12月31日
    dates, 小计 and 合计 rows."""
    name = "yonyou_gbk.csv"
    rng = rng_for(name)
    as_of = month_end(2025, 12)
    custs = make_customers(rng, 18, lambda i: f"{i * 11 + 100:06d}", NAMES_CN, CN_TYPES)
    docs = make_docs(rng, custs, 140, as_of, currency="CNY", terms=(30, 90, 180, 365),
                     amount_lo=3, amount_hi=6.5,
                     doc_no=lambda k, c, n: f"记-{k + 1:04d}")
    # one voucher posts receivables for two customers: the same number, other customers
    by = by_customer(docs)
    by[1][0].no = by[0][0].no
    by[3][0].no = by[2][-1].no
    check_unique(docs)
    rows = [
        ["应收明细账"],
        ["核算单位：北京蓝水科技有限公司", "", "", f"截止日期：{fmt_date(as_of, 'cn')}"],
        [],
        ["往来单位编码", "往来单位名称", "单位性质", "业务日期", "凭证字号", "摘要", "到期日期",
         "原币金额", "余额"],
    ]
    skipped = 0
    for group in by_customer(docs):
        for d in group:
            rows.append([d.cid, d.name, d.ctype, fmt_date(d.date, "cn"), d.no,
                         "销售发票" if d.open > 0 else "收款单", fmt_date(d.due, "cn"),
                         fmt_num(d.amount), fmt_num(d.open)])
        rows.append(["", f"{group[0].name} 小计", "", "", "", "", "",
                     fmt_num(sum((d.amount for d in group), D0)), fmt_num(total(group))])
        skipped += 1
    rows.append(["合计", "", "", "", "", "", "", fmt_num(sum((d.amount for d in docs), D0)),
                 fmt_num(total(docs))])
    skipped += 1
    write_text(name, rows, encoding="gbk")
    return entry(name, "Yonyou U8 应收明细账 export, GBK (detected)", as_of, "CNY",
                 ["gbk", "gbk-detected", "lf", "preamble", "blank-row-above-header",
                  "chinese-headers", "chinese-dates", "customer-types-chinese",
                  "shared-voucher-across-customers", "subtotals", "grand-total-heji",
                  "leading-zero-ids", "quoted-thousands"],
                 docs=docs, types=type_totals(docs), customer_ids=[custs[0].cid],
                 skipped=skipped)


@ledger
def kingdee_gb18030():
    """Kingdee Cloud (金蝶云星空) 应收款明细 in GB18030, with names only GB18030 can hold
    (CJK extensions A and B), RMB-prefixed amounts and YYYYMMDD dates."""
    name = "kingdee_gb18030.csv"
    rng = rng_for(name)
    as_of = month_end(2024, 6)
    custs = make_customers(rng, 10, lambda i: f"CUST{i * 13 + 21:05d}", NAMES_CN, CN_TYPES)
    for c, rare in zip(custs, ["广东䶮联科技有限公司", "𠮷野家餐饮（上海）有限公司", "㐂福贸易有限公司"]):
        c.name = rare
    docs = make_docs(rng, custs, 58, as_of, currency="CNY", terms=(30, 60),
                     amount_lo=3, amount_hi=6,
                     doc_no=lambda k, c, n: f"AR{k * 5 + 100001:08d}")
    for c in custs[:3]:
        try:
            c.name.encode("gbk")
            raise AssertionError("want a name outside GBK")
        except UnicodeEncodeError:
            pass
    rmb = lambda v: fmt_num(v, prefix="RMB ")
    rows = [["对账对象编码", "对账对象名称", "企业性质", "单据编号", "业务日期", "到期日", "应收金额",
             "未收款金额", "结算组织"]]
    for d in docs:
        rows.append([d.cid, d.name, d.ctype, d.no, fmt_date(d.date, "yyyymmdd"),
                     fmt_date(d.due, "yyyymmdd"), rmb(d.amount), rmb(d.open), "蓝水科技"])
    write_text(name, rows, encoding="gb18030")
    return entry(name, "Kingdee Cloud 金蝶云星空 应收款明细 export, GB18030", as_of, "CNY",
                 ["gb18030", "gb18030-four-byte-characters", "chinese-headers", "rmb-prefix",
                  "yyyymmdd-dates", "customer-types-chinese", "quoted-thousands", "extra-columns"],
                 docs=docs, args=["--encoding", "gb18030"], types=type_totals(docs),
                 customer_ids=[custs[0].cid], skipped=0)


# --------------------------------------------------------------------------- spreadsheets

import math  # noqa: E402


def add_noise(rng, d, force=None):
    """Gives d a float-noise raw value one or two ULPs from its open amount, as a
    spreadsheet or pandas keeps it ('2309.7899999999995'); the figures keep d.open."""
    x = float(d.open)
    if force is not None:
        x = force
    steps = rng.choice([1, 1, 2]) if force is None else 1
    direction = rng.choice([0.0, 1e15]) if force is None else 0.0
    y = x
    for _ in range(steps):
        y = math.nextafter(y, direction if x >= 0 else -direction)
    text = repr(y)
    raw = Decimal(text)
    assert round_cents(raw) == round_cents(Decimal(repr(x))), (text, x)
    d.raw, d.raw_text = raw, text
    d.open = round_cents(raw)
    return y


def force_values(docs, values):
    """Sets the open (and original) amounts of the first documents to given values
    (e.g. 65.70 and 94.00, which a spreadsheet writes as 65.7 and 94)."""
    for d, v in zip(docs, values):
        d.open = Decimal(v).quantize(CENT)
        d.amount = d.open if d.amount is not None else None


@ledger
def excel_bom_us_dates():
    """A ledger kept in Excel (US locale) saved as 'CSV UTF-8': BOM, CRLF, M/D/YYYY dates
    without leading zeros, General-format amounts (65.7, 94), TRUE/FALSE flags."""
    name = "excel_bom_us_dates.csv"
    rng = rng_for(name)
    as_of = month_end(2025, 1)
    custs = make_customers(rng, 10, lambda i: f"C-{i * 4 + 1021}", NAMES_EN)
    docs = make_docs(rng, custs, 52, as_of, currency="USD", terms=(30,), dispute_rate=0.15,
                     doc_no=lambda k, c, n: f"{5001 + k}")
    force_values(docs, ["65.70", "94.00", "1200.50"])
    check_order_decidable(docs, "mdy/nz", name)
    gen = lambda v: fmt_num(v, group="", minimal=True)
    rows = [["Customer ID", "Customer Name", "Invoice #", "Invoice Date", "Due Date", "Amount",
             "Balance", "Disputed", "Notes"]]
    for d in docs:
        rows.append([d.cid, d.name, d.no, fmt_date(d.date, "mdy/nz"), fmt_date(d.due, "mdy/nz"),
                     gen(d.amount), gen(d.open), "TRUE" if d.disputed else "FALSE",
                     rng.choice(["", "", "called 2x", "promised to pay", "see email, 3/2"])])
    write_text(name, rows, eol="\r\n", bom=True)
    return entry(name, "Excel workbook saved as CSV UTF-8 (US locale)", as_of, "USD",
                 ["utf8-bom", "crlf", "comma", "month-first-no-leading-zeros",
                  "general-format-amounts", "one-or-no-decimals", "flag-true-false",
                  "names-with-commas", "extra-columns"],
                 docs=docs, skipped=0)


@ledger
def excel_unicode():
    """Excel 'Unicode Text' (UTF-16LE with BOM, tab, CRLF) from a Hong Kong desk keeping
    a CNY ledger: day-first dates, ¥ amounts as displayed, Chinese and German names."""
    name = "excel_unicode.txt"
    rng = rng_for(name)
    as_of = month_end(2025, 5)
    custs = make_customers(rng, 9, lambda i: f"HK{i * 9 + 12:04d}", NAMES_CN[:20] + NAMES_DE[:8])
    docs = make_docs(rng, custs, 44, as_of, currency="CNY", terms=(30, 60),
                     doc_no=lambda k, c, n: f"INV-HK-{k * 2 + 301}")
    check_order_decidable(docs, "dmy/", name)
    yen = lambda v: fmt_num(v, prefix="¥")
    rows = [["客户编号", "客户名称", "发票号", "开票日期", "到期日", "金额", "未收金额", "币种", "备注"]]
    for d in docs:
        rows.append([d.cid, d.name, d.no, fmt_date(d.date, "dmy/"), fmt_date(d.due, "dmy/"),
                     yen(d.amount), yen(d.open), "CNY", ""])
    write_text(name, rows, delim="\t", eol="\r\n", encoding="utf-16-le")
    return entry(name, "Excel 'Unicode Text' export (UTF-16LE, tab)", as_of, "CNY",
                 ["utf16le-bom", "tab", "crlf", "chinese-headers", "yen-prefix", "day-first-slashes",
                  "umlauts", "currency-column", "extra-columns"],
                 docs=docs, skipped=0)


@ledger
def legacy_xls():
    """An Excel 97-2003 workbook (.xls) from a legacy system: a title row, a date
    parameter row, date cells, numeric cells, customer types, a 合计 row."""
    import xlwt
    name = "legacy.xls"
    rng = rng_for(name)
    as_of = month_end(2024, 9)
    custs = make_customers(rng, 8, lambda i: f"KH{i + 1:04d}", NAMES_CN, CN_TYPES)
    docs = make_docs(rng, custs, 46, as_of, currency="CNY", terms=(60, 90),
                     amount_lo=3, amount_hi=6,
                     doc_no=lambda k, c, n: f"XS{2019 + k % 6}{k + 1:05d}")
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    dstyle = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    nstyle = xlwt.easyxf(num_format_str="#,##0.00")
    ws.write(0, 0, "应收账款余额表")
    ws.write(1, 0, "截止日期")
    ws.write(1, 1, dt.datetime.combine(as_of, dt.time()), dstyle)
    heads = ["客户编号", "客户名称", "客户类别", "单据号", "开票日期", "到期日期", "金额", "应收余额", "币种"]
    for c, h in enumerate(heads):
        ws.write(3, c, h)
    r = 4
    for d in docs:
        vals = [d.cid, d.name, d.ctype, d.no]
        for c, v in enumerate(vals):
            ws.write(r, c, v)
        ws.write(r, 4, dt.datetime.combine(d.date, dt.time()), dstyle)
        ws.write(r, 5, dt.datetime.combine(d.due, dt.time()), dstyle)
        ws.write(r, 6, float(d.amount), nstyle)
        ws.write(r, 7, float(d.open), nstyle)
        ws.write(r, 8, "CNY")
        r += 1
    ws.write(r, 0, "合计")
    ws.write(r, 6, float(sum((d.amount for d in docs), D0)), nstyle)
    ws.write(r, 7, float(total(docs)), nstyle)
    buf = io.BytesIO()
    wb.save(buf)
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(buf.getvalue())
    return entry(name, "Excel 97-2003 (.xls) receivables balance sheet from a legacy system",
                 as_of, "CNY",
                 ["xls", "title-rows", "blank-row-above-header", "date-cells", "numeric-cells",
                  "chinese-headers", "customer-types-chinese", "grand-total-heji",
                  "currency-column"],
                 docs=docs, types=type_totals(docs), customer_ids=[custs[0].cid], skipped=1)


@ledger
def pandas_export():
    """A DataFrame written with pandas' to_csv(): the unnamed index column, float noise
    in amounts (2309.7899999999995), dates as YYYYMMDD numbers (20190906.0 in the due
    date column, which has blanks, so pandas made it float), True/False flags."""
    name = "pandas_export.csv"
    rng = rng_for(name)
    as_of = month_end(2024, 1)
    custs = make_customers(rng, 12, lambda i: f"{i * 37 + 5:08d}", NAMES_EN)
    docs = make_docs(rng, custs, 85, as_of, currency="USD", terms=(30,), dispute_rate=0.1,
                     doc_no=lambda k, c, n: f"{700000 + k * 13}")
    docs[0].open = Decimal("2309.79")
    add_noise(rng, docs[0], force=2309.79)
    assert docs[0].raw_text == "2309.7899999999995"
    for d in docs[1:]:
        if rng.random() < 0.3:
            add_noise(rng, d)
    blanks = [docs[5], docs[17], docs[40]]
    for d in blanks:
        d.due = None  # NaN in the frame: the default terms apply
    rows = [["", "customer_id", "customer_name", "document_no", "document_date", "due_date",
             "disputed", "open_amount"]]
    for i, d in enumerate(docs):
        rows.append([str(i), d.cid, d.name, d.no, fmt_date(d.date, "yyyymmdd"),
                     fmt_date(d.due, "yyyymmdd.0") if d.due else "",
                     "True" if d.disputed else "False",
                     d.raw_text if d.raw_text else str(float(d.open))])
    write_text(name, rows)
    return entry(name, "pandas DataFrame.to_csv() of a ledger read from Excel", as_of, "USD",
                 ["comma", "lf", "unnamed-index-column", "float-noise", "yyyymmdd-numbers",
                  "yyyymmdd-float", "blank-due-dates", "flag-true-false", "leading-zero-ids",
                  "names-with-commas"],
                 docs=docs, customer_ids=[custs[0].cid, custs[1].cid], skipped=0)


@ledger
def controller_workbook():
    """A controller's own XLSX: German headers, document dates pasted as values (Excel
    serial numbers without a date format), due dates as date cells, amounts with float
    noise left by formulas (rounded, with a warning)."""
    name = "controller_workbook.xlsx"
    rng = rng_for(name)
    as_of = month_end(2025, 9)
    custs = make_customers(rng, 9, sap_id(45001), NAMES_DE)
    docs = make_docs(rng, custs, 50, as_of, currency="EUR", terms=(30, 45),
                     doc_no=lambda k, c, n: f"RE-{2025 if k % 2 else 2024}-{k + 1:04d}")
    for d in docs:
        if rng.random() < 0.35:
            add_noise(rng, d)
    wb = xlsx_book()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["Offene Posten Debitoren"])
    ws.append(["Stichtag", as_of])
    ws["B2"].number_format = "dd.mm.yyyy"
    ws.append(["Debitorennummer", "Name des Debitors", "Belegnummer", "Belegdatum",
               "Nettofälligkeitsdatum", "Rechnungsbetrag", "Offener Betrag", "Währung"])
    for d in docs:
        y = float(d.raw_text) if d.raw_text else float(d.open)
        ws.append([d.cid, d.name, d.no, (d.date - EXCEL_EPOCH).days, d.due, float(d.amount), y,
                   "EUR"])
        ws[f"E{ws.max_row}"].number_format = "dd.mm.yyyy"
    save_xlsx(wb, name)
    return entry(name, "Controller's XLSX open-item list (German), formulas pasted as values",
                 as_of, "EUR",
                 ["xlsx", "title-rows", "excel-serial-numbers", "date-cells", "numeric-cells",
                  "float-noise", "german-headers", "umlauts", "leading-zero-ids"],
                 docs=docs, customer_ids=[custs[0].cid], skipped=0)


@ledger
def converted_3dec():
    """A group-reporting export whose local-currency column was converted at a rate and
    kept three decimals (12.345): rounded half away from zero, with a warning."""
    name = "group_converted_3dec.csv"
    rng = rng_for(name)
    as_of = month_end(2025, 9)
    custs = make_customers(rng, 6, lambda i: f"IC{i + 1:03d}", NAMES_EN + NAMES_DE)
    docs = make_docs(rng, custs, 30, as_of, currency="EUR", terms=(30, 60),
                     doc_no=lambda k, c, n: f"{k + 1:04d}-{c.cid}")
    halves = {0: "5", 1: "5"}
    for i, d in enumerate(docs):
        last = halves.get(i, str(rng.randint(0, 9)))
        raw = Decimal(f"{abs(d.open):.2f}"[:-1] + str(rng.randint(0, 9)) + last)
        raw = -raw if d.open < 0 else raw
        d.raw = raw
        d.open = round_cents(raw)
    # one negative exact half: -x.xx5 rounds away from zero
    neg = next(d for d in docs[2:] if d.raw > 0)
    neg.raw = -(Decimal(f"{neg.raw:.2f}") + Decimal("0.005"))
    neg.open = round_cents(neg.raw)
    neg.amount = -abs(neg.amount)
    # a value of four or more integer digits settles the decimal point (361.205 alone
    # would read either way)
    assert any(abs(d.raw) >= 1000 for d in docs)
    rows = [["Customer Number", "Customer Name", "Document Number", "Document Date", "Due Date",
             "Document Currency", "Amount in DC", "Amount in LC", "Currency"]]
    for d in docs:
        dc = rng.choice(["USD", "GBP", "EUR"])
        rows.append([d.cid, d.name, d.no, fmt_date(d.date, "ymd."), fmt_date(d.due, "ymd."), dc,
                     f"{(d.raw * Decimal('1.0831')).quantize(CENT):.2f}", f"{d.raw:.3f}", "EUR"])
    write_text(name, rows)
    return entry(name, "Group reporting (consolidation) open-item export, amounts converted "
                 "to EUR with three decimals", as_of, "EUR",
                 ["comma", "three-decimal-amounts", "half-away-from-zero", "iso-dots",
                  "foreign-document-currency-column-ignored", "currency-column"],
                 docs=docs, skipped=0)


# --------------------------------------------------------------------------- Europe, legacy


@ledger
def sage_fr_nbsp():
    """Sage 100 (France) échéancier clients exported to CSV: semicolon, amounts grouped
    with non-breaking spaces (U+00A0, and the narrow U+202F newer locales write) and a
    decimal comma; 'Client' is the only title the dictionary knows: the rest is mapped."""
    name = "sage_fr_nbsp.csv"
    rng = rng_for(name)
    as_of = month_end(2025, 2)
    custs = make_customers(rng, 8, lambda i: f"CL{i * 5 + 10:05d}", NAMES_FR)
    docs = make_docs(rng, custs, 50, as_of, currency="EUR", terms=(30, 45, 60),
                     doc_no=lambda k, c, n: f"FA{24000 + k * 3:06d}")
    check_order_decidable(docs, "dmy/", name)
    fr = lambda v, sp: fmt_num(v, dec=",", group=sp)
    rows = [["Client", "Intitulé", "N° pièce", "Date pièce", "Échéance", "Montant", "Solde",
             "Devise", "Mode de règlement"]]
    for k, d in enumerate(docs):
        sp = NNBSP if k % 3 == 0 else NBSP
        rows.append([d.cid, d.name, d.no, fmt_date(d.date, "dmy/"), fmt_date(d.due, "dmy/"),
                     fr(d.amount, sp), fr(d.open, sp), "EUR",
                     rng.choice(["Virement", "Chèque", "LCR", "Prélèvement"])])
    write_text(name, rows, delim=";", eol="\r\n")
    args = ["--map", "customer_name=Intitulé", "--map", "document_no=N° pièce",
            "--map", "document_date=Date pièce", "--map", "due_date=Échéance",
            "--map", "amount=Montant", "--map", "open_amount=Solde", "--map", "currency=Devise"]
    return entry(name, "Sage 100 Comptabilité (France) échéancier clients, CSV", as_of, "EUR",
                 ["semicolon", "crlf", "nbsp-grouping", "narrow-nbsp-grouping", "decimal-comma",
                  "localised-header-client", "french-headers", "map", "day-first-slashes",
                  "accents", "names-with-commas", "extra-columns"],
                 docs=docs, args=args, skipped=0)


@ledger
def excel_eu_spaces():
    """Excel CSV saved on a Finnish desktop: semicolon, '1 234,56' with ordinary spaces,
    31.3.2026 dates without leading zeros."""
    name = "excel_eu_spaces.csv"
    rng = rng_for(name)
    as_of = month_end(2024, 3)
    custs = make_customers(rng, 6, lambda i: f"{2000 + i * 15}", NAMES_EN[:15] + NAMES_DE[:5])
    docs = make_docs(rng, custs, 28, as_of, currency="EUR", terms=(14, 30),
                     doc_no=lambda k, c, n: f"{100450 + k}")
    check_order_decidable(docs, "dmy.nz", name)
    sp = lambda v: fmt_num(v, dec=",", group=" ")
    rows = [["Customer No", "Customer Name", "Document No", "Posting Date", "Due Date",
             "Original Amount", "Remaining Amount"]]
    for d in docs:
        rows.append([d.cid, d.name, d.no, fmt_date(d.date, "dmy.nz"), fmt_date(d.due, "dmy.nz"),
                     sp(d.amount), sp(d.open)])
    write_text(name, rows, delim=";", eol="\r\n")
    return entry(name, "Excel CSV (Finnish locale) of a customer ledger", as_of, "EUR",
                 ["semicolon", "crlf", "space-grouping", "decimal-comma",
                  "day-first-dots-no-leading-zeros", "umlauts", "names-with-commas"],
                 docs=docs, skipped=0)


@ledger
def abacus_chf():
    """Abacus (Switzerland) Debitoren-OP-Liste: semicolon, apostrophe grouping
    (1'234.56), two-digit years (31.03.26), CHF."""
    name = "abacus_chf.csv"
    rng = rng_for(name)
    as_of = month_end(2025, 11)
    custs = make_customers(rng, 7, lambda i: f"{30100 + i * 7}", NAMES_CH)
    docs = make_docs(rng, custs, 38, as_of, currency="CHF", terms=(30, 60),
                     doc_no=lambda k, c, n: f"{880100 + k * 2}")
    check_order_decidable(docs, "dmy.yy", name)
    ch = lambda v: fmt_num(v, group="'")
    rows = [["Debitoren-OP-Liste per " + fmt_date(as_of, "dmy.")],
            [],
            ["Kundennummer", "Kundenname", "Belegnr", "Belegdatum", "Fälligkeitsdatum",
             "Rechnungsbetrag", "Offener Betrag", "Währung", "Mahnstufe"]]
    for d in docs:
        rows.append([d.cid, d.name, d.no, fmt_date(d.date, "dmy.yy"), fmt_date(d.due, "dmy.yy"),
                     ch(d.amount), ch(d.open), "CHF", str(rng.randint(0, 3))])
    write_text(name, rows, delim=";", eol="\r\n")
    return entry(name, "Abacus ERP (Switzerland) Debitoren-OP-Liste, CSV", as_of, "CHF",
                 ["semicolon", "crlf", "apostrophe-grouping", "two-digit-years",
                  "day-first-dots", "preamble", "blank-row-above-header", "german-headers",
                  "currency-column", "umlauts", "extra-columns"],
                 docs=docs, skipped=0)


@ledger
def sage50_uk_cp1252():
    """Sage 50 Accounts (UK) customer activity, custom CSV layout, Windows-1252 (left to
    detection): £ amounts, 'Nº' and accents in names, dd/mm/yy dates."""
    name = "sage50_uk_cp1252.csv"
    rng = rng_for(name)
    as_of = month_end(2024, 8)
    custs = make_customers(rng, 10, lambda i: f"A{i * 3 + 1:03d}", NAMES_UK_1252)
    for c in custs:
        c.cid = (re.sub(r"[^A-Za-z]", "", c.name).upper() + "XXX")[:5] + c.cid[-3:]
    # every name holding Nº is among the customers
    have = {c.name for c in custs}
    assert any("Nº" in n for n in have)
    docs = make_docs(rng, custs, 60, as_of, currency="GBP", terms=(30,),
                     doc_no=lambda k, c, n: f"{3100 + k}")
    check_order_decidable(docs, "dmy/yy", name)
    gbp = lambda v: fmt_num(v, prefix="£")
    rows = [["Account", "Name", "Type", "Invoice No", "Date", "Due Date", "Amount", "Outstanding",
             "Currency", "Details"]]
    for d in docs:
        rows.append([d.cid, d.name, "SC" if d.open < 0 else "SI", d.no, fmt_date(d.date, "dmy/yy"),
                     fmt_date(d.due, "dmy/yy"), gbp(d.amount), gbp(d.open), "GBP",
                     rng.choice(["Goods", "Services", "Nº 2 order", "Café supplies"])])
    write_text(name, rows, eol="\r\n", encoding="cp1252")
    return entry(name, "Sage 50 Accounts (UK) customer activity export, Windows-1252", as_of,
                 "GBP",
                 ["windows-1252", "encoding-detected", "crlf", "pound-prefix", "numero-sign",
                  "accents", "two-digit-years", "day-first-slashes", "names-with-commas",
                  "currency-column", "extra-columns"],
                 docs=docs, skipped=0)


@ledger
def datev_opos_1252():
    """DATEV OPOS list (Debitoren) exported to CSV in Windows-1252: semicolon, amounts
    with a € suffix and decimal comma, 'Summe Konto' subtotals and 'Gesamtsumme'."""
    name = "datev_opos_1252.csv"
    rng = rng_for(name)
    as_of = month_end(2024, 6)
    custs = make_customers(rng, 7, lambda i: f"{10005 + i * 12}", NAMES_DE)
    docs = make_docs(rng, custs, 45, as_of, currency="EUR", terms=(14, 30),
                     doc_no=lambda k, c, n: f"RE{24000 + k * 7}")
    check_order_decidable(docs, "dmy.", name)
    eur = lambda v: fmt_num(v, dec=",", group=".", suffix=" €")
    rows = [["OPOS-Liste Debitoren", "", "", "", "", "", "", ""],
            ["Mandant 12345 / Berater 1001", "", "", "", "", "", "", ""],
            ["Stand: " + fmt_date(as_of, "dmy."), "", "", "", "", "", "", ""],
            ["Konto", "Kundenname", "Belegnummer", "Belegdatum", "Fälligkeit", "Rechnungsbetrag",
             "Offener Betrag", "Währung"]]
    skipped = 0
    for group in by_customer(docs):
        for d in group:
            rows.append([d.cid, d.name, d.no, fmt_date(d.date, "dmy."), fmt_date(d.due, "dmy."),
                         eur(d.amount), eur(d.open), "EUR"])
        rows.append([f"Summe Konto {group[0].cid}", "", "", "", "", "", eur(total(group)), ""])
        skipped += 1
    rows.append(["Gesamtsumme", "", "", "", "", "", eur(total(docs)), ""])
    skipped += 1
    write_text(name, rows, delim=";", eol="\r\n", encoding="cp1252")
    return entry(name, "DATEV Kanzlei-Rechnungswesen OPOS-Liste Debitoren, CSV (Windows-1252)",
                 as_of, "EUR",
                 ["windows-1252", "encoding-given", "semicolon", "crlf", "preamble",
                  "euro-suffix", "decimal-comma", "german-headers", "subtotals",
                  "grand-total-gesamtsumme", "day-first-dots", "umlauts", "currency-column"],
                 docs=docs, args=["--encoding", "windows-1252"], skipped=skipped)


@ledger
def map_kdnr():
    """A ledger from a small German shop system whose titles are in no dictionary
    (Kd.Nr, Firma, Re.Nr, Offen €): every column is mapped with --map."""
    name = "map_kdnr.csv"
    rng = rng_for(name)
    as_of = month_end(2026, 1)
    custs = make_customers(rng, 5, lambda i: f"{i * 21 + 104}", NAMES_DE)
    docs = make_docs(rng, custs, 24, as_of, currency="EUR", terms=(14,),
                     doc_no=lambda k, c, n: f"R{2026 if k % 3 else 2025}-{k + 11:04d}")
    check_order_decidable(docs, "dmy.", name)
    rows = [["Kd.Nr", "Firma", "Re.Nr", "Re.Datum", "Zahlbar bis", "Offen €", "Bemerkung"]]
    for d in docs:
        rows.append([d.cid, d.name, d.no, fmt_date(d.date, "dmy."), fmt_date(d.due, "dmy."),
                     fmt_num(d.open, dec=",", group="."), rng.choice(["", "", "gemahnt", "Ratenzahlung"])])
    write_text(name, rows, delim=";")
    args = ["--map", "customer_id=Kd.Nr", "--map", "customer_name=Firma",
            "--map", "document_no=Re.Nr", "--map", "document_date=Re.Datum",
            "--map", "due_date=Zahlbar bis", "--map", "open_amount=Offen €"]
    return entry(name, "Export of a small German shop/invoicing tool with its own titles",
                 as_of, "EUR",
                 ["semicolon", "lf", "map", "headers-not-in-dictionary", "decimal-comma",
                  "day-first-dots", "umlauts", "extra-columns"],
                 docs=docs, args=args, skipped=0)


@ledger
def as400_padded():
    """JD Edwards World on an AS/400 (CPYTOIMPF): every field padded to its width, quoted
    character fields with their padding, upper-case titles, YYYYMMDD dates, CR suffix for
    credits, 1/0 dispute flags, ten-digit customer numbers."""
    name = "as400_padded.csv"
    rng = rng_for(name)
    as_of = month_end(2024, 10)
    custs = make_customers(rng, 8, sap_id(9100), [n.upper() for n in NAMES_EN])
    docs = make_docs(rng, custs, 42, as_of, currency="USD", terms=(30, 60), dispute_rate=0.12,
                     doc_no=lambda k, c, n: f"{k * 17 + 50021}")
    heads = [("CUSTOMER NO", 12), ("CUSTOMER NAME", 34), ("INVOICE NO", 10),
             ("INVOICE DATE", 12), ("DUE DATE", 10), ("GROSS AMOUNT", 16),
             ("OPEN AMOUNT", 16), ("DISPUTE FLAG", 12), ("BRANCH", 8)]
    q = lambda s, w: '"' + s.ljust(w) + '"'
    lines = [",".join(q(h, w) for h, w in heads)]
    for d in docs:
        cr = lambda v: fmt_num(v, group="", neg="cr")
        cells = [q(" " + d.cid, 12), q(d.name, 34), d.no.rjust(10), fmt_date(d.date, "yyyymmdd").rjust(12),
                 fmt_date(d.due, "yyyymmdd").rjust(10), cr(d.amount).rjust(16), cr(d.open).rjust(16),
                 ("1" if d.disputed else "0").rjust(12), q(rng.choice(["CHI", "DAL", "ATL"]), 8)]
        lines.append(",".join(cells))
    write_text(name, lines, eol="\r\n")
    return entry(name, "JD Edwards World A/R detail (AS/400 CPYTOIMPF to CSV)", as_of, "USD",
                 ["comma", "crlf", "padded-headers", "padded-cells", "quoted-padding",
                  "yyyymmdd-dates", "cr-suffix", "flag-1-0", "leading-zero-ids",
                  "upper-case-names", "names-with-commas", "extra-columns"],
                 docs=docs, customer_ids=[custs[0].cid], skipped=0)


# --------------------------------------------------------------------------- more dialects


@ledger
def large_mixed_types():
    """The largest file: 40 customers, 300 documents, English customer-type synonyms and
    canonical keys, Yes/No dispute flags, ISO dates, a currency column."""
    name = "large_mixed_types.csv"
    rng = rng_for(name)
    as_of = month_end(2024, 12)
    types = ["SOE", "state-owned", "state_owned", "related party", "related_party", "government",
             "private", "private", "individual", "other", ""]
    pool = NAMES_EN + NAMES_CN[:10]
    custs = make_customers(rng, 40, lambda i: f"{i * 29 + 7:06d}", pool, types)
    docs = make_docs(rng, custs, 300, as_of, currency="CNY", terms=(30, 60, 90),
                     dispute_rate=0.07, amount_lo=2.5, amount_hi=6,
                     doc_no=lambda k, c, n: f"{c.cid}-{n:03d}")
    rows = [["Customer Code", "Customer Name", "Customer Type", "Document No", "Document Date",
             "Due Date", "Currency", "Disputed", "Amount", "Open Amount"]]
    for d in docs:
        rows.append([d.cid, d.name, d.ctype, d.no, fmt_date(d.date, "iso"), fmt_date(d.due, "iso"),
                     "CNY", "Yes" if d.disputed else "No", f"{d.amount:.2f}", f"{d.open:.2f}"])
    write_text(name, rows)
    return entry(name, "A consolidated AR extract in the near-canonical layout, 300 items",
                 as_of, "CNY",
                 ["comma", "lf", "iso-dates", "customer-types-english", "canonical-type-keys",
                  "blank-customer-types", "flag-yes-no", "currency-column", "leading-zero-ids",
                  "names-with-commas", "40-customers", "300-documents"],
                 docs=docs, types=type_totals(docs),
                 customer_ids=[custs[0].cid, custs[39].cid], skipped=0)


@ledger
def month_first_ambiguous():
    """Sage Intacct AR aging detail where every date reads both ways (no day over 12):
    the order is given with --date-format month-first."""
    name = "month_first_ambiguous.csv"
    rng = rng_for(name)
    as_of = month_end(2025, 7)
    custs = make_customers(rng, 5, lambda i: f"CUST-{i + 1:04d}", NAMES_EN)
    docs = make_docs(rng, custs, 26, as_of, currency="USD", terms=(30,),
                     doc_no=lambda k, c, n: f"INV-{k + 6001}")
    for d in docs:
        day = rng.randint(1, 12)
        while day == d.date.month:  # 5/5 reads the same either way; keep each date telling
            day = rng.randint(1, 12)
        d.date = d.date.replace(day=day)
        months = rng.choice([1, 2])
        y, m = d.date.year + (d.date.month + months - 1) // 12, (d.date.month + months - 1) % 12 + 1
        due_day = d.date.day if d.date.day != m else (d.date.day % 12) + 1
        d.due = dt.date(y, m, due_day)
        assert d.date.day <= 12 and d.due.day <= 12 and d.due >= d.date
    docs.sort(key=lambda d: (d.cid, d.date, d.no))
    rows = [["Customer ID", "Customer name", "Invoice number", "Invoice date", "Due date",
             "Total amount", "Amount due", "Currency"]]
    for d in docs:
        rows.append([d.cid, d.name, d.no, fmt_date(d.date, "mdy/"), fmt_date(d.due, "mdy/"),
                     fmt_num(d.amount), fmt_num(d.open), "USD"])
    write_text(name, rows, eol="\r\n")
    return entry(name, "Sage Intacct AR aging detail export, every date ambiguous", as_of, "USD",
                 ["comma", "crlf", "month-first-slashes", "all-dates-ambiguous", "date-format-arg",
                  "currency-column", "names-with-commas"],
                 docs=docs, args=["--date-format", "month-first"], warnings=["month-first"],
                 skipped=0)


@ledger
def zoho_books():
    """Zoho Books 'AR Aging Details' CSV: credits with the Unicode minus (U+2212),
    dd-mm-yyyy dates, the 'Invoice#' title."""
    name = "zoho_books.csv"
    rng = rng_for(name)
    as_of = month_end(2026, 1)
    custs = make_customers(rng, 6, lambda i: f"{460000000000 + i * 1234567}", NAMES_EN)
    # The report has no due date column, only the age: Agebook takes the book's
    # default terms (30 days), so the clean list has no due dates either.
    docs = make_docs(rng, custs, 33, as_of, currency="GBP", with_due=False, credit_rate=0.2,
                     doc_no=lambda k, c, n: f"INV-{k + 17:06d}")
    for d in docs:
        if d.open < 0:
            d.no = "CN" + d.no[3:]
    check_unique(docs)
    check_order_decidable(docs, "dmy-", name)
    um = lambda v: fmt_num(v, neg="unicode")
    rows = [["Date", "Invoice#", "Type", "Status", "Customer Name", "Customer ID", "Age",
             "Amount", "Balance Due"]]
    for d in docs:
        age = (as_of - (d.date + dt.timedelta(days=30))).days
        rows.append([fmt_date(d.date, "dmy-"), d.no, "Credit Note" if d.open < 0 else "Invoice",
                     "Open" if d.open < 0 else ("Overdue" if age > 0 else "Sent"), d.name, d.cid,
                     f"{max(age, 0)} Days", um(d.amount), um(d.open)])
    write_text(name, rows)
    return entry(name, "Zoho Books AR Aging Details report exported to CSV", as_of, "GBP",
                 ["comma", "lf", "unicode-minus", "day-first-dashes", "invoice-hash-title",
                  "quoted-thousands", "extra-columns"],
                 docs=docs, skipped=0)


@ledger
def wps_serial_dates():
    """A CSV saved from WPS/Excel by a Chinese SME where the date columns lost their
    format and hold Excel serial numbers; ¥ (U+00A5) amounts; no due date column."""
    name = "wps_serial_dates.csv"
    rng = rng_for(name)
    as_of = month_end(2025, 4)
    custs = make_customers(rng, 11, lambda i: f"{i * 3 + 1:04d}", NAMES_CN, CN_TYPES)
    docs = make_docs(rng, custs, 66, as_of, currency="CNY", with_due=False,
                     amount_lo=3, amount_hi=6,
                     doc_no=lambda k, c, n: f"{2025 - k % 4}{k + 1:04d}")
    rows = [["客户编号", "客户名称", "客户性质", "发票号码", "开票日期", "应收余额"]]
    for d in docs:
        rows.append([d.cid, d.name, d.ctype, d.no, fmt_date(d.date, "serial"),
                     fmt_num(d.open, prefix="¥")])
    write_text(name, rows)
    return entry(name, "WPS Office / Excel CSV with dates as serial numbers", as_of, "CNY",
                 ["comma", "lf", "utf8-no-bom", "excel-serial-numbers", "no-due-date-column",
                  "yen-prefix", "chinese-headers", "customer-types-chinese", "leading-zero-ids"],
                 docs=docs, types=type_totals(docs), customer_ids=[custs[0].cid], skipped=0)


# --------------------------------------------------------------------------- refusals


@ledger
def refuse_bad_amount():
    """A hand-edited aged-receivables CSV where one cell holds '12..30': refused, naming
    line 57 and the column 'Balance Due'."""
    name = "refuse_bad_amount.csv"
    rng = rng_for(name)
    as_of = month_end(2026, 3)
    custs = make_customers(rng, 8, lambda i: f"C{i + 1:04d}", NAMES_EN)
    docs = make_docs(rng, custs, 70, as_of, currency="USD", terms=(30,),
                     doc_no=lambda k, c, n: f"{8000 + k}")
    rows = [["Aged Receivables Detail"], ["Bluewater Inc."], ["As at 31 March 2026"], [],
            ["Customer", "Customer Name", "Invoice Number", "Invoice Date", "Due Date",
             "Balance Due"]]
    for d in docs:
        rows.append([d.cid, d.name, d.no, fmt_date(d.date, "iso"), fmt_date(d.due, "iso"),
                     fmt_num(d.open)])
    bad_line = 57
    assert rows[bad_line - 1][2] == docs[bad_line - 6].no
    rows[bad_line - 1][5] = "12..30"
    write_text(name, rows)
    return entry(name, "Aged receivables CSV with a mistyped amount", as_of, "USD",
                 ["refused", "bad-amount", "preamble", "line-number"],
                 error=[f":{bad_line}:6 (Balance Due)", "12..30"])


@ledger
def refuse_mixed_dates():
    """Two regional exports pasted together: the first half day-first, the second
    month-first. Only 25/04/2025 (line 6) is day-first beyond doubt and only 05/27/2025
    (line 22) month-first: refused, naming both."""
    name = "refuse_mixed_dates.csv"
    rng = rng_for(name)
    as_of = month_end(2025, 6)
    custs = make_customers(rng, 5, lambda i: f"UK{i + 1:03d}", NAMES_EN)
    docs = make_docs(rng, custs, 30, as_of, currency="GBP", with_due=False, max_age=700,
                     doc_no=lambda k, c, n: f"{4100 + k}")
    for d in docs:
        d.date = d.date.replace(day=rng.randint(1, 12))
    rows = [["Customer", "Customer Name", "Invoice Number", "Invoice Date", "Balance"]]
    day_line, month_line = 6, 22
    for i, d in enumerate(docs):
        line = i + 2
        if line == day_line:
            d.date = dt.date(2025, 4, 25)
        if line == month_line:
            d.date = dt.date(2025, 5, 27)
        style = "dmy/" if line < 17 else "mdy/"
        rows.append([d.cid, d.name, d.no, fmt_date(d.date, style), fmt_num(d.open)])
    assert rows[day_line - 1][3] == "25/04/2025" and rows[month_line - 1][3] == "05/27/2025"
    write_text(name, rows)
    return entry(name, "Two regional AR exports concatenated (UK and US date formats)", as_of,
                 "GBP", ["refused", "mixed-date-orders"],
                 error=[f"line {day_line}", "25/04/2025", f"line {month_line}", "05/27/2025"])


@ledger
def refuse_duplicate_doc():
    """An export that lists one invoice twice for the same customer (lines 12 and 40)."""
    name = "refuse_duplicate_doc.csv"
    rng = rng_for(name)
    as_of = month_end(2025, 10)
    custs = make_customers(rng, 6, lambda i: f"{i * 101 + 20001}", NAMES_EN)
    docs = make_docs(rng, custs, 45, as_of, currency="USD", terms=(30,),
                     doc_no=lambda k, c, n: f"INV-{31000 + k}")
    first, second = 12, 40
    a, b = docs[first - 2], docs[second - 2]
    b.cid, b.name, b.no = a.cid, a.name, a.no
    rows = [["Customer Number", "Customer Name", "Invoice Number", "Invoice Date", "Due Date",
             "Amount Due"]]
    for d in docs:
        rows.append([d.cid, d.name, d.no, fmt_date(d.date, "iso"), fmt_date(d.due, "iso"),
                     fmt_num(d.open)])
    assert rows[first - 1][2] == rows[second - 1][2] and rows[first - 1][0] == rows[second - 1][0]
    write_text(name, rows)
    return entry(name, "AR export with a duplicated invoice line", as_of, "USD",
                 ["refused", "duplicate-document"],
                 error=[a.no, a.cid, f"line {first}"])


@ledger
def refuse_missing_amount():
    """A collections worklist exported without any amount column: refused, naming
    open_amount."""
    name = "refuse_missing_amount.csv"
    rng = rng_for(name)
    as_of = month_end(2025, 5)
    custs = make_customers(rng, 5, lambda i: f"{i + 300}", NAMES_EN)
    docs = make_docs(rng, custs, 20, as_of, currency="USD", terms=(30,),
                     doc_no=lambda k, c, n: f"{k + 9100}")
    rows = [["Customer", "Customer Name", "Invoice Number", "Invoice Date", "Due Date", "Status",
             "Collector"]]
    for d in docs:
        rows.append([d.cid, d.name, d.no, fmt_date(d.date, "iso"), fmt_date(d.due, "iso"),
                     rng.choice(["Open", "Promised", "Escalated"]), rng.choice(["JS", "MK"])])
    write_text(name, rows)
    return entry(name, "Collections worklist without amounts", as_of, "USD",
                 ["refused", "missing-required-column"], error=["open_amount"])


@ledger
def refuse_foreign_currency():
    """A EUR ledger with one document in USD (line 14): refused until the book has rates."""
    name = "refuse_foreign_currency.csv"
    rng = rng_for(name)
    as_of = month_end(2024, 9)
    custs = make_customers(rng, 5, sap_id(77001), NAMES_DE)
    docs = make_docs(rng, custs, 25, as_of, currency="EUR", terms=(30,),
                     doc_no=lambda k, c, n: f"{k + 1600000000}")
    rows = [["Customer", "Name 1", "Document Number", "Document Date", "Net Due Date",
             "Open Amount", "Currency"]]
    for d in docs:
        rows.append([d.cid, d.name, d.no, fmt_date(d.date, "iso"), fmt_date(d.due, "iso"),
                     fmt_num(d.open), d.currency])
    rows[14 - 1][6] = "USD"
    write_text(name, rows)
    return entry(name, "SAP customer open items with one foreign-currency document", as_of,
                 "EUR", ["refused", "foreign-currency", "currency-column"],
                 error=["USD", "Currency"])


@ledger
def refuse_xlsx_na():
    """An XLSX whose Balance Due cell F23 holds the error value #N/A (a broken lookup)."""
    name = "refuse_xlsx_na.xlsx"
    rng = rng_for(name)
    as_of = month_end(2025, 12)
    custs = make_customers(rng, 5, lambda i: f"{i + 501}", NAMES_EN)
    docs = make_docs(rng, custs, 30, as_of, currency="USD", terms=(30,),
                     doc_no=lambda k, c, n: f"{k + 77100}")
    wb = xlsx_book()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["AR Aging Detail"])
    ws.append(["As of", as_of])
    ws.append([])
    ws.append(["Customer", "Customer Name", "Invoice Number", "Invoice Date", "Due Date",
               "Balance Due"])
    for d in docs:
        ws.append([d.cid, d.name, d.no, d.date, d.due, float(d.open)])
    ws["F23"] = "#N/A"
    assert ws["F23"].data_type == "e"
    save_xlsx(wb, name)
    return entry(name, "XLSX aging with a #N/A error cell from a broken VLOOKUP", as_of, "USD",
                 ["refused", "xlsx", "error-cell", "sheet-cell-position"],
                 error=["#N/A", "Sheet1!F23"])


# --------------------------------------------------------------------------- self-check

# What the brief asks the corpus to cover, each in at least one file's features.
REQUIRED = [
    "preamble", "blank-row-above-header", "two-row-header", "sap-list-frame", "status-column",
    "dashed-separators", "group-rows", "subtotals", "grand-total", "grand-total-heji",
    "grand-total-summe", "grand-total-result", "grand-total-first", "unlabelled-total",
    "short-headers", "long-headers", "padded-headers", "unnamed-first-column",
    "localised-header-client", "chinese-headers", "german-headers",
    "customer-types-chinese", "customer-types-english",
    "quoted-thousands", "decimal-comma", "space-grouping", "nbsp-grouping",
    "apostrophe-grouping", "parentheses-negative", "trailing-minus", "cr-suffix",
    "unicode-minus", "yen-prefix", "rmb-prefix", "dollar-prefix", "euro-prefix",
    "one-or-no-decimals", "float-noise", "three-decimal-amounts",
    "iso-dates", "day-first-slashes", "day-first-dots", "day-first-dashes",
    "month-first-slashes", "month-first-dashes", "month-first-no-leading-zeros",
    "day-first-no-leading-zeros", "two-digit-years", "yyyymmdd-dates", "yyyymmdd-float",
    "excel-serial-numbers", "d-mon-yy-dates", "chinese-dates", "all-dates-ambiguous",
    "flag-yes-no", "flag-y-n", "flag-true-false", "flag-1-0", "flag-x-blank", "flag-shi-fou",
    "utf8-bom", "utf8-no-bom", "gbk", "gb18030", "utf16le-bom", "windows-1252",
    "comma", "semicolon", "tab", "pipe", "crlf", "lf", "extra-columns",
    "leading-zero-ids", "padded-cells", "name-spacing-varies", "umlauts", "numero-sign",
    "names-with-commas", "xlsx", "xls", "date-cells", "numeric-cells", "title-rows",
    "second-sheet", "map", "map-name-to-id", "headers-not-in-dictionary",
]


def self_check(entries):
    """Checks on the rendered files that do NOT feed the figures: every feature the
    brief lists is covered, every document number of a clean list appears in its file,
    grand totals were written from the same list, and the four mandatory refusals are
    there."""
    have = {f for e in entries for f in e["features"]}
    missing = [f for f in REQUIRED if f not in have]
    assert not missing, f"features not covered: {missing}"
    for e in entries:
        docs = RENDERED.get(e["file"])
        if docs is None:
            continue
        text = decoded(e["file"])
        for d in docs:
            assert d.no in text, (e["file"], d.no)
            assert d.cid in text, (e["file"], d.cid)
    kinds = {f for e in entries if "error" in e for f in e["features"]}
    for k in ["bad-amount", "mixed-date-orders", "duplicate-document", "missing-required-column"]:
        assert k in kinds, k
    cur = {e["currency"] for e in entries}
    assert {"USD", "EUR", "GBP", "CHF", "CNY"} <= cur, cur
    assert len(entries) >= 34


RENDERED = {}


def decoded(file):
    """The text of a rendered file, for the self-check only."""
    path = os.path.join(OUT, file)
    data = open(path, "rb").read()
    if file.endswith(".xlsx"):
        import openpyxl
        wb = openpyxl.load_workbook(path)
        return "\n".join("\t".join("" if v is None else str(v) for v in row)
                         for ws in wb.worksheets for row in ws.iter_rows(values_only=True))
    if file.endswith(".xls"):
        return data.decode("utf-16-le", "ignore") + data.decode("latin-1")
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le")
    for enc in ("utf-8-sig", "gb18030", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            pass
    raise AssertionError(file)


if __name__ == "__main__":
    main()
