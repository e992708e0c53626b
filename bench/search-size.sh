#!/usr/bin/env bash
# Search size and speed: index bytes (raw and gzipped) and what a first query transfers and
# costs, for the bundled guide and for a synthetic site of N pages (default 10,000).
#
#   bench/search-size.sh [N]
#
# Builds with the release binary (honours CARGO_TARGET_DIR), generates the synthetic site with
# `bench/gen.py ROLES DIR --text zipf` (ROLES = 0.882 N gives about N pages) into
# bench/out/synthetic-N (kept between runs), and checks the budgets of the
# search issue: at most 100 KB gzipped for the bundled guide's whole search payload, and at 10,000
# pages at most 300 KB transferred for a first query and 50 ms to answer once its files arrive.
# Exits 1 when a budget is exceeded. Needs cargo, python3 and node.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000}"
TARGET="${CARGO_TARGET_DIR:-target}"
BIN="$TARGET/release/careerguide"
OUT=bench/out

cargo build --release --quiet
mkdir -p "$OUT"

echo "== bundled guide"
rm -rf "$OUT/bundled"
"$BIN" build --output "$OUT/bundled/public"

echo "== synthetic site, $N pages"
if [ ! -f "$OUT/synthetic-$N/site.yaml" ]; then
  python3 bench/gen.py $((N * 882 / 1000)) "$OUT/synthetic-$N" --text zipf
fi
"$BIN" build --root "$OUT/synthetic-$N"

status=0
node bench/search-cost.js "$OUT/bundled/public" --budget-total-kb 100 || status=1
node bench/search-cost.js "$OUT/synthetic-$N/public" --budget-kb 300 --budget-ms 50 || status=1
if [ "$status" != 0 ]; then echo "over budget (see above)"; fi
exit "$status"
