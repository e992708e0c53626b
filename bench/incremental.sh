#!/usr/bin/env bash
# Edit-to-result benchmarks: what an editor waits for after saving one page.
#
#   bench/incremental.sh
#
#   - examples/incremental_edit at N = 1,000 and 10,000 pages: one role page edited EDITS times
#     (default 20) on a site kept in memory, timing each re-render (read, link, render what
#     changed), as `careerguide serve` does;
#   - bench/serve_latency.py at N = 1,000: `careerguide serve` running, one role page saved
#     EDITS times, timing the file write to the browser's reload event.
# Prints a Markdown table of medians and slowest edits (also in bench/out/incremental-latest.md).
# Each measurement edits a fresh copy of the synthetic guide in bench/out/incremental-N/, made
# with the same generator arguments as bench/run.sh (TEXT, SEED honoured; CARGO_TARGET_DIR too).
# Needs cargo and python3.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
EDITS="${EDITS:-20}"
TEXT="${TEXT:-zipf}"
SEED="${SEED:-1}"
OUT="$ROOT/bench/out"
TARGET="${CARGO_TARGET_DIR:-target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
BIN="$TARGET/release/careerguide"
EXAMPLE="$TARGET/release/examples/incremental_edit"

die() { echo "bench/incremental.sh: $*" >&2; exit 1; }
say() { echo "== $*" >&2; }
command -v cargo >/dev/null || die "cargo is not on PATH"
command -v python3 >/dev/null || die "python3 is not on PATH"
[[ "$EDITS" =~ ^[1-9][0-9]*$ ]] || die "EDITS must be a positive whole number (got '$EDITS')"

say "building careerguide and examples/incremental_edit (release)"
cargo build --release --quiet --bin careerguide --example incremental_edit || die "cargo build failed"
mkdir -p "$OUT"
REPORT="$OUT/incremental-latest.md"
: > "$REPORT"
emit() { printf '%s\n' "$*" | tee -a "$REPORT"; }

fresh_site() {
  local n=$1 dir="$OUT/incremental-$1"
  say "generating a fresh guide of $n pages into ${dir#"$ROOT/"}"
  python3 bench/gen.py $((n * 882 / 1000)) "$dir" --text "$TEXT" --seed "$SEED"
  echo "$dir"
}

REV="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
emit "## Edit benchmarks"
emit ""
emit "careerguide $REV; $EDITS edits of one role page each; $(nproc) cores; generator as in bench/run.sh (\`--text $TEXT --seed $SEED\`)."
emit ""
emit "| measure | pages | initial build | median | slowest | load average |"
emit "|---|---:|---:|---:|---:|---|"

for n in 1000 10000; do
  site=$(fresh_site "$n")
  say "incremental_edit at $n pages"
  load=$(uptime | sed 's/.*load average[s]*: //')
  log=$("$EXAMPLE" "$site" "$EDITS" 2>&1) || die "incremental_edit failed at $n pages: $log"
  echo "$log" >&2
  initial=$(sed -n 's/^initial build: \([0-9]*\) pages rendered in \([0-9.]*\) ms$/\2 ms (\1 pages)/p' <<< "$log")
  line=$(grep '^one-page edit' <<< "$log") || die "unexpected output from incremental_edit: $log"
  pages=$(sed -n 's/^one-page edit at \([0-9]*\) pages.*/\1/p' <<< "$line")
  median=$(sed -n 's/.*median \([0-9.]*\) ms.*/\1/p' <<< "$line")
  slowest=$(sed -n 's/.*slowest \([0-9.]*\) ms.*/\1/p' <<< "$line")
  if grep -q '^unexpected rebuild' <<< "$log"; then
    say "incremental_edit reported unexpected rebuilds at $n pages (see above)"
  fi
  emit "| one-page edit re-render (examples/incremental_edit) | $pages | ${initial:-—} | $median ms | $slowest ms | $load |"
done

site=$(fresh_site 1000)
say "serve_latency at 1000 pages"
load=$(uptime | sed 's/.*load average[s]*: //')
log=$(python3 bench/serve_latency.py "$site" --binary "$BIN" --edits "$EDITS" 2>&1) || die "serve_latency.py failed: $log"
echo "$log" >&2
line=$(grep 'save-to-reload' <<< "$log") || die "serve_latency.py measured nothing: $log"
files=$(sed -n 's/^\([0-9]*\) content files.*/\1/p' <<< "$line")
median=$(sed -n 's/.*median \([0-9.]*\) ms.*/\1/p' <<< "$line")
slowest=$(sed -n 's/.*slowest \([0-9.]*\) ms.*/\1/p' <<< "$line")
count=$(sed -n 's/.*over \([0-9]*\) edits.*/\1/p' <<< "$line")
emit "| save-to-reload in \`careerguide serve\` (bench/serve_latency.py) | $files | — | $median ms | $slowest ms | $load |"
if [ "$count" != "$EDITS" ]; then
  emit ""
  emit "Only $count of $EDITS saves led to a reload within 10 s."
fi
emit ""
say "done; the Markdown is also in ${REPORT#"$ROOT/"}"
