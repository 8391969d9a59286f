#!/usr/bin/env bash
# Agebook against SQLite's own tools doing the same work by hand (SPEC section 7, issue
# 11), on ledgers from the project's generator:
#   - 1,000,000 open items grouped by customer, and the same items by document date
#     (customers interleaved, as exports sorted by date or number come);
#   - 24 monthly ledgers of 100,000 (a rolling population) for the roll-forward.
# Each figure runs Agebook and its peer alternately, RUNS times (3), and prints the
# median seconds, the median peak memory and the ratio Agebook / peer, in one table.
#
#   benches/compare.sh                        # the sizes above
#   ITEMS=200000 MONTHLY=20000 RUNS=1 benches/compare.sh
#
# Needs sqlite3 and GNU time (apt-get install sqlite3 time). Files go to
# target/bench-data/compare/ (about 1.2 GB at the default sizes).
set -euo pipefail
cd "$(dirname "$0")/.."
items=${ITEMS:-1000000}
monthly=${MONTHLY:-100000}
runs=${RUNS:-3}
as_of=2017-12-31
cargo build --release --quiet
bin=$PWD/target/release/agebook
work=target/bench-data/compare
mkdir -p "$work"

# --- inputs -------------------------------------------------------------------------
for order in customer date; do
  f="$work/ledger_${order}_$items.csv"
  [ -f "$f" ] || "$bin" generate ledger --items "$items" --customers $((items / 50)) \
    --as-of "$as_of" --order "$order" --out "$f" 2>/dev/null
done
months="$work/monthly_$monthly"
[ -d "$months" ] || "$bin" generate monthly --months 24 --items "$monthly" --last "$as_of" \
  --out "$months" 2>/dev/null

# --- timing -------------------------------------------------------------------------
# run NAME CMD...: one timed run, "seconds peak_kB" appended to $work/NAME.t.
run() {
  local name=$1
  shift
  /usr/bin/time -o "$work/time.txt" -f "%e %M" "$@" >/dev/null 2>"$work/$name.err" || {
    echo "failed: $*" >&2
    cat "$work/$name.err" >&2
    exit 1
  }
  tail -1 "$work/time.txt" >>"$work/$name.t"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
secs() { cut -d' ' -f1 "$work/$1.t" | median; }
peak_mb() { echo $(($(cut -d' ' -f2 "$work/$1.t" | median) / 1024)); }
rm -f "$work"/*.t

# The peer: sqlite3 .import of the same file into a table of text columns (no checks),
# named first, since .import --skip 1 does not take the names from the header.
peer_schema="CREATE TABLE t(customer_id, customer_name, customer_type, document_no,
  document_date, due_date, currency, disputed, amount, open_amount);"
buckets="CASE WHEN d <= 0 THEN 'current' WHEN d <= 30 THEN '1-30' WHEN d <= 60 THEN '31-60'
  WHEN d <= 90 THEN '61-90' WHEN d <= 180 THEN '91-180' WHEN d <= 365 THEN '181-365'
  WHEN d <= 730 THEN '366-730' WHEN d <= 1095 THEN '731-1095' ELSE '1096+' END"
aging_sql="SELECT customer_type, $buckets AS bucket,
  sum(CAST(round(CAST(open_amount AS REAL) * 100) AS INTEGER))
  FROM (SELECT *, julianday('$as_of') - julianday(due_date) AS d FROM t) GROUP BY 1, 2;"
allowance_sql="SELECT customer_id, $buckets AS bucket,
  sum(max(CAST(round(CAST(open_amount AS REAL) * 100) AS INTEGER), 0))
  FROM (SELECT *, julianday('$as_of') - julianday(due_date) AS d FROM t) GROUP BY 1, 2;"

for order in customer date; do
  csv="$work/ledger_${order}_$items.csv"
  for _ in $(seq "$runs"); do
    book="$work/book_$order.db"
    rm -f "$book" "$book"-wal "$book"-shm
    run "import_$order" "$bin" --db "$book" import "$csv" --as-of "$as_of"
    raw="$work/raw_$order.db"
    rm -f "$raw"
    sqlite3 "$raw" "$peer_schema"
    run "peer_import_$order" sqlite3 "$raw" ".mode csv" ".import --skip 1 $csv t"
  done
done
book="$work/book_customer.db"
raw="$work/raw_customer.db"
for _ in $(seq "$runs"); do
  run aging "$bin" --db "$book" aging --as-of "$as_of" --by type --format json
  run peer_aging sqlite3 "$raw" "$aging_sql"
  run allowance "$bin" --db "$book" allowance --as-of "$as_of" --by customer --format json
  run peer_allowance sqlite3 "$raw" "$allowance_sql"
done

# 24 months: Agebook's book, and the peer's one table of every month's rows.
mbook="$work/monthly_$monthly.db"
mraw="$work/monthly_raw_$monthly.db"
if [ ! -f "$mbook" ] || [ ! -f "$mraw" ]; then
  rm -f "$mbook" "$mbook"-wal "$mbook"-shm "$mraw"
  for f in "$months"/*.csv; do "$bin" --db "$mbook" import "$f" >/dev/null 2>&1; done
  sqlite3 "$mraw" "${peer_schema/CREATE TABLE t(/CREATE TABLE t(as_of, }"
  for f in "$months"/*.csv; do
    d=$(basename "$f" .csv)
    sqlite3 "$mraw" "${peer_schema/CREATE TABLE t(/CREATE TABLE m(}" ".mode csv" \
      ".import --skip 1 $f m" "INSERT INTO t SELECT '${d#ar_}', * FROM m;" "DROP TABLE m;"
  done
fi
first=$(basename "$(ls "$months"/*.csv | head -1)" .csv)
last=$(basename "$(ls "$months"/*.csv | tail -1)" .csv)
rollforward_sql="SELECT as_of, customer_type, $buckets AS bucket,
  sum(max(CAST(round(CAST(open_amount AS REAL) * 100) AS INTEGER), 0))
  FROM (SELECT *, julianday(as_of) - julianday(due_date) AS d FROM t) GROUP BY 1, 2, 3;"
for _ in $(seq "$runs"); do
  run rollforward "$bin" --db "$mbook" rollforward --from "${first#ar_}" --to "${last#ar_}" \
    --by type --format json
  run peer_rollforward sqlite3 "$mraw" "$rollforward_sql"
done

# --- the table ----------------------------------------------------------------------
row() { # LABEL OURS PEER TARGET
  local ours peer
  ours=$(secs "$2")
  peer=$(secs "$3")
  printf '| %-44s | %8.2f s | %6d MB | %8.2f s | %6.2f× | %-22s |\n' "$1" "$ours" "$(peak_mb "$2")" \
    "$peer" "$(echo "$ours / $peer" | bc -l)" "$4"
}
echo
echo "Agebook $(git describe --always --dirty), $(nproc) cores, median of $runs runs"
echo
printf '| %-44s | %10s | %9s | %10s | %7s | %-22s |\n' work Agebook peak "sqlite3" ratio target
printf '| %s | %s | %s | %s | %s | %s |\n' "$(printf -- '-%.0s' {1..44})" ---------- --------- \
  ---------- ------- ----------------------
row "import $items, grouped by customer" import_customer peer_import_customer "<= 0.5x, < 200 MB"
row "import $items, by document date" import_date peer_import_date "<= 0.5x, < 200 MB"
row "aging --by type ($items)" aging peer_aging "<= 0.2x"
row "allowance --by customer ($items)" allowance peer_allowance "<= 0.2x"
row "rollforward 24 x $monthly --by type" rollforward peer_rollforward "< 1 s"
