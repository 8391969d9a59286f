#!/usr/bin/env bash
# Import speed of a ledger as an ERP writes it against the canonical CSV of the same
# rows (issue 10: "within a quarter of the canonical path"). Both files come from the
# project's generator: `--shape erp` writes the same documents with title lines above
# the header, the ERP's column names, dates 31.12.2017, amounts 1,234.56- with grouping,
# a subtotal row after each customer and a grand total. Each is imported into a new book
# three times, alternately; the medians and their ratio are printed.
#
#   benches/dialect.sh                 # 1,000,000 items
#   ITEMS=200000 benches/dialect.sh
#
# Files go to target/bench-data/dialect/.
set -euo pipefail
cd "$(dirname "$0")/.."
items=${ITEMS:-1000000}
runs=${RUNS:-3}
cargo build --release --quiet
bin=target/release/agebook
work=target/bench-data/dialect
mkdir -p "$work"

for shape in canonical erp; do
  f="$work/${shape}_$items.csv"
  [ -f "$f" ] || "$bin" generate ledger --items "$items" --customers $((items / 50)) \
    --as-of 2017-12-31 --shape "$shape" --out "$f"
done

# One import into a new book: "seconds peak_kB" appended to $work/<shape>.times.
import_once() {
  local shape=$1 book="$work/$1.db"
  rm -f "$book" "$book"-wal "$book"-shm
  /usr/bin/time -o "$work/time.txt" -f "%e %M" \
    "$bin" --db "$book" import "$work/${shape}_$items.csv" --as-of 2017-12-31 >/dev/null 2>&1
  tail -1 "$work/time.txt" >>"$work/$shape.times"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

rm -f "$work"/*.times
for _ in $(seq "$runs"); do
  import_once canonical
  import_once erp
done
canonical=$(cut -d' ' -f1 "$work/canonical.times" | median)
erp=$(cut -d' ' -f1 "$work/erp.times" | median)
for shape in canonical erp; do
  secs=$(cut -d' ' -f1 "$work/$shape.times" | median)
  peak=$(cut -d' ' -f2 "$work/$shape.times" | median)
  printf '%-34s %8.2f s  %5d MB peak   (median of %d)\n' \
    "import $items items, $shape" "$secs" $((peak / 1024)) "$runs"
done
printf '%-34s %8.2f×   (target: at most 1.25×)\n' "ratio erp / canonical" \
  "$(echo "$erp / $canonical" | bc -l)"
