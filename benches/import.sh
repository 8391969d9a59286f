#!/usr/bin/env bash
# Throughput of the book against SQLite doing the same work by hand (SPEC section 7):
# importing a generated ledger of 1,000,000 open items, aging and the allowance on it,
# 24 monthly ledgers of 100,000 and the roll-forward across them; then `sqlite3 .import`
# of the same file and an aging GROUP BY, so the ratio reads in one run.
#
#   benches/import.sh                 # 1,000,000 items and 24 × 100,000
#   ITEMS=200000 MONTHLY=20000 benches/import.sh
#
# Needs sqlite3 (apt-get install sqlite3). Files go to target/bench-data/.
set -euo pipefail
cd "$(dirname "$0")/.."
items=${ITEMS:-1000000}
monthly=${MONTHLY:-100000}
cargo build --release --quiet
bin=target/release/agebook
work=target/bench-data/import
mkdir -p "$work"

# seconds and peak memory of a command, into $secs and $peak_mb
measure() {
  local out
  /usr/bin/time -o "$work/time.txt" -f "%e %M" "$@" >/dev/null 2>&1
  out=$(tail -1 "$work/time.txt")
  secs=${out% *}
  peak_mb=$(( ${out#* } / 1024 ))
}

csv="$work/ledger_$items.csv"
[ -f "$csv" ] || "$bin" generate ledger --items "$items" --customers $((items / 50)) --as-of 2017-12-31 --out "$csv"
book="$work/book.db"
rm -f "$book" "$book"-wal "$book"-shm
measure "$bin" --db "$book" import "$csv" --as-of 2017-12-31
import_secs=$secs
printf '%-44s %8.2f s  %9.0f rows/s  %5d MB peak\n' "agebook import ($items items)" "$secs" "$(echo "$items / $secs" | bc -l)" "$peak_mb"
measure "$bin" --db "$book" aging --as-of 2017-12-31 --by type --format json
aging_secs=$secs
printf '%-44s %8.2f s  %27d MB peak\n' "agebook aging --by type" "$secs" "$peak_mb"
measure "$bin" --db "$book" allowance --as-of 2017-12-31 --by customer --format json
printf '%-44s %8.2f s  %27d MB peak\n' "agebook allowance --by customer" "$secs" "$peak_mb"

# The same by hand: sqlite3 .import (the header names the new table's columns), then a
# GROUP BY over buckets by days past due.
raw="$work/raw.db"
rm -f "$raw"
measure sqlite3 "$raw" -cmd ".mode csv" ".import $csv ledger"
sqlite_import=$secs
printf '%-44s %8.2f s  %9.0f rows/s\n' "sqlite3 .import (no checks, text columns)" "$secs" "$(echo "$items / $secs" | bc -l)"
query="SELECT customer_type,
  CASE WHEN d <= 0 THEN 'current' WHEN d <= 30 THEN '1-30' WHEN d <= 60 THEN '31-60'
       WHEN d <= 90 THEN '61-90' WHEN d <= 180 THEN '91-180' WHEN d <= 365 THEN '181-365'
       WHEN d <= 730 THEN '366-730' WHEN d <= 1095 THEN '731-1095' ELSE '1096+' END AS bucket,
  sum(CAST(round(CAST(open_amount AS REAL) * 100) AS INTEGER))
FROM (SELECT *, julianday('2017-12-31') - julianday(due_date) AS d FROM ledger)
GROUP BY 1, 2;"
measure sqlite3 "$raw" "$query"
sqlite_aging=$secs
printf '%-44s %8.2f s\n' "sqlite3 aging GROUP BY" "$secs"
printf '%-44s %8.1f×   aging %5.1f×\n' "ratio agebook / sqlite3: import" \
  "$(echo "$import_secs / $sqlite_import" | bc -l)" "$(echo "$aging_secs / $sqlite_aging" | bc -l)"

# 24 monthly ledgers and the roll-forward across them.
dir="$work/monthly_$monthly"
[ -d "$dir" ] || "$bin" generate monthly --months 24 --items "$monthly" --last 2017-12-31 --out "$dir"
mbook="$work/monthly.db"
rm -f "$mbook" "$mbook"-wal "$mbook"-shm
start=$(date +%s.%N)
for f in "$dir"/*.csv; do "$bin" --db "$mbook" import "$f" >/dev/null 2>&1; done
end=$(date +%s.%N)
printf '%-44s %8.2f s  %9.0f rows/s\n' "agebook import 24 × $monthly" "$(echo "$end - $start" | bc -l)" \
  "$(echo "24 * $monthly / ($end - $start)" | bc -l)"
first=$(basename "$(ls "$dir"/*.csv | head -1)" .csv | sed 's/^ar_//')
last=$(basename "$(ls "$dir"/*.csv | tail -1)" .csv | sed 's/^ar_//')
measure "$bin" --db "$mbook" rollforward --from "$first" --to "$last" --by type --format json
printf '%-44s %8.2f s  %27d MB peak\n' "agebook rollforward 24 months --by type" "$secs" "$peak_mb"
