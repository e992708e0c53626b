#!/usr/bin/env bash
# Build-speed benchmark: careerguide against Hugo on the same synthetic guide.
#
#   bench/run.sh [N ...]          (default: 1000 10000 50000)
#
# For each N (content pages), generates the guide once with bench/gen.py in both formats into
# bench/out/bench-N/ (kept between runs and reused while gen.py and its arguments are unchanged),
# then repeats R rounds, each building every size in turn, interleaved so that changing machine
# load hits every tool and every size alike:
#   careerguide clean build    output folder, its .previous spare and staging folders moved away first
#   careerguide rebuild        the same build again with nothing changed
#   hugo clean build           destination moved away first, --cleanDestinationDir
#   hugo rebuild               the same build again
# and prints Markdown: per N, the median wall time (and range), pages (index.html files in the
# output), pages per second, median peak RSS, and how many times longer Hugo takes; then
# careerguide's stage timings (CAREERGUIDE_TIMINGS=1, medians over the clean builds) and the
# targets of issue #9. Hugo rows are skipped, with a note, when `hugo` is not installed. Before
# and after each size it also measures the disk's floor (bench/fs-floor.py) and the processor's
# speed (one core compressing a fixed input), so that a slow run can be told from a slow host.
#
# Old outputs are moved into bench/out/trash rather than deleted, and the trash is deleted when
# the run ends: on ext4 without a journal (this machine's disk) each file or folder created in
# the minute after thousands were deleted costs several times more (the kernel skips, and looks
# up, every recently freed inode: `recently_deleted` in fs/ext4/ialloc.c), which made clean
# builds right after `rm -rf` two to three times slower, for both tools, by chance. Before the
# first timed build the script waits out that minute if it had to delete anything, or if an
# earlier run deleted its trash less than a minute before (bench/out/.trash-deleted-at).
#
# Environment: R (repetitions, default 3), TEXT (gen.py --text, default zipf), SEED (default 1),
# CARGO_TARGET_DIR (honoured), HUGO (the hugo binary, default: hugo on PATH), BASELINE (another
# careerguide binary, e.g. one built from an earlier commit: its clean builds and rebuilds are
# interleaved with this one's in every round, to compare two versions under the same load),
# CAREERGUIDE (the binary to measure instead of building target/release/careerguide).
# Needs cargo, python3 and GNU time (/usr/bin/time; installed with apt-get when missing and root).
# The Markdown also goes to bench/out/run-latest.md; progress goes to stderr.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
R="${R:-3}"
TEXT="${TEXT:-zipf}"
SEED="${SEED:-1}"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000 50000)
OUT="$ROOT/bench/out"
TARGET="${CARGO_TARGET_DIR:-target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
BIN="$TARGET/release/careerguide"

die() { echo "bench/run.sh: $*" >&2; exit 1; }
say() { echo "== $*" >&2; }

for n in "${SIZES[@]}"; do
  [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 10 ] || die "N must be a whole number of pages, at least 10 (got '$n')"
done
[[ "$R" =~ ^[1-9][0-9]*$ ]] || die "R must be a positive whole number (got '$R')"
command -v cargo >/dev/null || die "cargo is not on PATH"
command -v python3 >/dev/null || die "python3 is not on PATH"
if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing GNU time"
    apt-get install -y time >/dev/null || die "could not install GNU time (apt-get install time)"
  else
    die "GNU time is needed at /usr/bin/time (Debian: apt-get install time)"
  fi
fi
HUGO="${HUGO:-$(command -v hugo || true)}"
BASELINE="${BASELINE:-}"
[ -z "$BASELINE" ] || [ -x "$BASELINE" ] || die "BASELINE=$BASELINE is not an executable"

if [ -n "${CAREERGUIDE:-}" ]; then
  BIN="$CAREERGUIDE"
else
  say "building careerguide (cargo build --release)"
  cargo build --release --quiet || die "cargo build --release failed"
fi
[ -x "$BIN" ] || die "no binary at $BIN"
mkdir -p "$OUT"
REPORT="$OUT/run-latest.md"
: > "$REPORT"
emit() { printf '%s\n' "$*" | tee -a "$REPORT"; }

# Deleting is kept out of the timed part of the run (see the top of this file).
TRASH="$OUT/trash"
# When a run last deleted its trash (seconds since the epoch): the next run, started at once,
# waits out the same minute (in the seventh session a 50,000-page run started right after a
# 10,000-page one met a disk floor of 14.4 s against 4.3 s after it).
DELETED_AT="$OUT/.trash-deleted-at"
# SETTLE: seconds to wait before the first timed build, because files were just deleted.
SETTLE=0
if [ -e "$TRASH" ]; then
  say "deleting the trash of an earlier run"
  rm -rf "$TRASH"
  SETTLE=65
elif [ -f "$DELETED_AT" ]; then
  since=$(($(date +%s) - $(cat "$DELETED_AT" 2>/dev/null || echo 0)))
  if [ "$since" -ge 0 ] && [ "$since" -lt 65 ]; then SETTLE=$((65 - since)); fi
fi
delete_trash() {
  if [ -e "$TRASH" ]; then
    rm -rf "$TRASH"
    date +%s > "$DELETED_AT"
  fi
}
trap delete_trash EXIT
# to_trash PATH...: moves each existing PATH into the trash.
to_trash() {
  local p
  for p in "$@"; do
    [ -e "$p" ] || continue
    mkdir -p "$TRASH"
    mv "$p" "$(mktemp -d "$TRASH/old.XXXXXX")/"
  done
}
# settle: after deleting files, waits until the kernel no longer skips their inodes.
settle() {
  if [ "$SETTLE" -gt 0 ]; then
    sync
    say "waiting $SETTLE s after deleting files (see the top of bench/run.sh)"
    sleep "$SETTLE"
    SETTLE=0
  fi
}

GEN_HASH="$(sha256sum bench/gen.py | cut -c1-16)"
REV="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$ROOT" status --porcelain -- src themes Cargo.toml Cargo.lock build.rs 2>/dev/null)" ]; then
  REV="$REV (with uncommitted changes)"
fi
HUGO_VERSION="not installed"
[ -n "$HUGO" ] && HUGO_VERSION="$("$HUGO" version | head -1)"

# Generates the guide of N pages in FORMAT into DIR unless a stamp says it is already there.
generate() {
  local n=$1 format=$2 dir=$3
  local roles=$((n * 882 / 1000))
  local stamp="gen.py $GEN_HASH: $roles --format $format --text $TEXT --seed $SEED"
  if [ -f "$dir.stamp" ] && [ "$(cat "$dir.stamp")" = "$stamp" ] && [ -d "$dir/content" ]; then
    say "reusing $dir"
    return
  fi
  local avail_mb
  avail_mb=$(df -Pm "$OUT" | awk 'NR==2 {print $4}')
  # Sources, and per run two careerguide outputs (the output and its spare) and Hugo's, kept
  # in the trash until the end: ~30 KB a page each.
  local need_mb=$((n * (10 + 30 * 3 * R) / 1000 + 500))
  if [ "$avail_mb" -lt "$need_mb" ]; then
    die "only $avail_mb MB free under $OUT; N=$n needs about $need_mb MB (delete old bench/out/bench-* folders, or lower R)"
  fi
  say "generating $format site, $n pages ($roles roles), into $dir"
  rm -f "$dir.stamp"
  [ -e "$dir" ] && SETTLE=65
  python3 bench/gen.py "$roles" "$dir" --format "$format" --text "$TEXT" --seed "$SEED"
  echo "$stamp" > "$dir.stamp"
}

# measure FILE LOG CMD...: runs CMD under GNU time, appends "seconds peak_kb" to FILE.
measure() {
  local file=$1 log=$2; shift 2
  local t
  t=$(mktemp)
  if ! /usr/bin/time -f "%e %M" -o "$t" "$@" > /dev/null 2> "$log"; then
    echo "failed: $*" >&2
    tail -n 20 "$log" >&2
    rm -f "$t"
    die "a benchmarked build failed (log above)"
  fi
  tail -n 1 "$t" >> "$file"
  rm -f "$t"
}

median_of() { sort -g | awk '{v[NR]=$1} END {if (NR==0) exit 1; print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
pages_in() { find "$1" -name index.html | wc -l; }
load_avg() { uptime | sed 's/.*load average[s]*: //'; }
# The disk's own cost of N page files right now (bench/fs-floor.py, in the output's folder): a
# clean build cannot beat it, and it moves a lot with what the disk did just before.
disk_floor() {
  python3 "$ROOT/bench/fs-floor.py" "$1" --pages "$2" --trash "$TRASH" 2>/dev/null | awk '/together/ {print $2 " s"}'
}

# The processor's speed right now: seconds for one core to gzip (level 6) 16 MB made of a fixed
# small synthetic guide (bench/gen.py 300 roles, seed 1, zipf text, whatever TEXT and SEED are),
# as a tar archive (1.8 MB) repeated. The same on every machine and every run, so two runs'
# figures can be told apart from two hosts' speeds: on one shared 2-core host the same binary
# ran 20-40 % slower one day than another (docs/benchmarks.md, fifth session).
CPU_REF="$OUT/cpu-reference"
prepare_cpu_reference() {
  rm -rf "$CPU_REF"
  mkdir -p "$CPU_REF"
  python3 "$ROOT/bench/gen.py" 300 "$CPU_REF/site" --text zipf --seed 1 >/dev/null 2>&1 &&
    (cd "$CPU_REF" && LC_ALL=C tar --sort=name --mtime=@0 --owner=0 --group=0 -cf guide.tar site)
  rm -rf "$CPU_REF/site"
}
cpu_reference() {
  [ -f "$CPU_REF/guide.tar" ] || return 0
  /usr/bin/time -f "%e" -o "$CPU_REF/time" \
    sh -c 'for i in $(seq 12); do cat "$1"; done | head -c 16777216 | gzip -6 > /dev/null' _ "$CPU_REF/guide.tar" &&
    printf '%s s' "$(cat "$CPU_REF/time")"
}

# row TOOL BUILD FILE PAGES REF_SECONDS: one table row from a file of "seconds kb" lines.
row() {
  local tool=$1 build=$2 file=$3 pages=$4 ref=$5
  local med lo hi mem
  med=$(cut -d' ' -f1 "$file" | median_of)
  lo=$(cut -d' ' -f1 "$file" | sort -g | head -1)
  hi=$(cut -d' ' -f1 "$file" | sort -g | tail -1)
  mem=$(cut -d' ' -f2 "$file" | median_of)
  awk -v tool="$tool" -v build="$build" -v pages="$pages" -v med="$med" -v lo="$lo" -v hi="$hi" \
      -v mem="$mem" -v ref="$ref" 'BEGIN {
    ratio = (ref == "" || ref == 0) ? "—" : sprintf("%.1f×", med / ref)
    pps = med > 0 ? sprintf("%.0f", pages / med) : "—"
    printf "| %s | %s | %d | %.2f s (%.2f–%.2f) | %s | %.0f | %s |\n", tool, build, pages, med, lo, hi, pps, mem / 1024, ratio
  }'
}

emit "## Build benchmark"
emit ""
emit "- careerguide $REV, $BIN"
[ -z "$BASELINE" ] || emit "- baseline: $BASELINE"
emit "- $HUGO_VERSION"
emit "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/^Mem:/ {print $2}') GB RAM"
emit "- generator: \`bench/gen.py ROLES DIR --format careerguide|hugo --text $TEXT --seed $SEED\` with ROLES = 0.882 N (about N content pages)"
emit "- each build run $R times, interleaved with the other tool's and the other sizes'; wall time is the median (range in brackets); memory is the median peak RSS"
emit ""
if [ -z "$HUGO" ]; then
  emit "Hugo is not installed (Debian: \`apt-get install hugo\`), so only careerguide is measured."
  emit ""
fi

declare -A SUMMARY LOAD_BEFORE FLOOR_BEFORE CPU_BEFORE
prepare_cpu_reference
# Every size is generated and its old outputs moved away first; then each of the R rounds
# builds every size in turn, so that a host that speeds up or slows down during the run (a
# shared machine's speed moved by a third within an hour in the fifth session) touches every
# size alike, and the linear-growth check compares like with like.
for n in "${SIZES[@]}"; do
  dir="$OUT/bench-$n"
  mkdir -p "$dir"
  generate "$n" careerguide "$dir/careerguide"
  [ -n "$HUGO" ] && generate "$n" hugo "$dir/hugo"
  rm -rf "$dir/results"
  mkdir -p "$dir/results"
  to_trash "$dir/careerguide-public" "$dir/.careerguide-public.previous" \
    "$dir"/.careerguide-public.staging-* "$dir/hugo-public"
done
settle
for n in "${SIZES[@]}"; do
  LOAD_BEFORE[$n]=$(load_avg)
  FLOOR_BEFORE[$n]=$(disk_floor "$OUT/bench-$n" "$n")
  CPU_BEFORE[$n]=$(cpu_reference || true)
done
for ((i = 1; i <= R; i++)); do
  for n in "${SIZES[@]}"; do
    dir="$OUT/bench-$n"
    cg_out="$dir/careerguide-public"
    hugo_out="$dir/hugo-public"
    res="$dir/results"
    say "N=$n run $i/$R: careerguide clean build"
    to_trash "$cg_out" "$dir/.careerguide-public.previous" "$dir"/.careerguide-public.staging-*
    sync
    CAREERGUIDE_TIMINGS=1 measure "$res/cg-clean" "$res/cg-clean-$i.log" \
      "$BIN" build --root "$dir/careerguide" --output "$cg_out"
    say "N=$n run $i/$R: careerguide rebuild, nothing changed"
    CAREERGUIDE_TIMINGS=1 measure "$res/cg-rebuild" "$res/cg-rebuild-$i.log" \
      "$BIN" build --root "$dir/careerguide" --output "$cg_out"
    if [ -n "$BASELINE" ]; then
      base_out="$dir/baseline-public"
      say "N=$n run $i/$R: baseline clean build"
      to_trash "$base_out" "$dir/.baseline-public.previous" "$dir"/.baseline-public.staging-*
      sync
      measure "$res/base-clean" "$res/base-clean-$i.log" \
        "$BASELINE" build --root "$dir/careerguide" --output "$base_out"
      say "N=$n run $i/$R: baseline rebuild, nothing changed"
      measure "$res/base-rebuild" "$res/base-rebuild-$i.log" \
        "$BASELINE" build --root "$dir/careerguide" --output "$base_out"
    fi
    if [ -n "$HUGO" ]; then
      say "N=$n run $i/$R: hugo clean build"
      to_trash "$hugo_out"
      sync
      measure "$res/hugo-clean" "$res/hugo-clean-$i.log" \
        "$HUGO" --quiet --source "$dir/hugo" --destination "$hugo_out" --cleanDestinationDir
      say "N=$n run $i/$R: hugo rebuild"
      measure "$res/hugo-rebuild" "$res/hugo-rebuild-$i.log" \
        "$HUGO" --quiet --source "$dir/hugo" --destination "$hugo_out" --cleanDestinationDir
    fi
  done
done
for n in "${SIZES[@]}"; do
  dir="$OUT/bench-$n"
  cg_out="$dir/careerguide-public"
  hugo_out="$dir/hugo-public"
  res="$dir/results"
  load_before=${LOAD_BEFORE[$n]}
  floor_before=${FLOOR_BEFORE[$n]}
  cpu_before=${CPU_BEFORE[$n]}
  load_after=$(load_avg)
  floor_after=$(disk_floor "$dir" "$n")
  cpu_after=$(cpu_reference || true)
  cg_pages=$(pages_in "$cg_out")
  cg_clean=$(cut -d' ' -f1 "$res/cg-clean" | median_of)
  cg_rebuild=$(cut -d' ' -f1 "$res/cg-rebuild" | median_of)
  cg_mem=$(cut -d' ' -f2 "$res/cg-clean" | median_of)
  emit "### N = $n"
  emit ""
  emit "Load average (1, 5, 15 min) before the runs: $load_before; after: $load_after."
  emit "Disk floor (\`bench/fs-floor.py\`, $n page files, 2 threads) before: ${floor_before:-?}; after: ${floor_after:-?}."
  emit "Processor reference (one core gzips a fixed 16 MB; lower is faster) before: ${cpu_before:-?}; after: ${cpu_after:-?}."
  emit ""
  emit "| tool | build | pages | wall time | pages/s | peak MB | time ÷ careerguide's |"
  emit "|---|---|---:|---:|---:|---:|---:|"
  emit "$(row careerguide clean "$res/cg-clean" "$cg_pages" "")"
  emit "$(row careerguide "rebuild, no change" "$res/cg-rebuild" "$cg_pages" "")"
  if [ -n "$BASELINE" ]; then
    emit "$(row "baseline" clean "$res/base-clean" "$(pages_in "$dir/baseline-public")" "$cg_clean")"
    emit "$(row "baseline" "rebuild, no change" "$res/base-rebuild" "$(pages_in "$dir/baseline-public")" "$cg_rebuild")"
  fi
  hugo_clean=""
  if [ -n "$HUGO" ]; then
    hugo_pages=$(pages_in "$hugo_out")
    hugo_clean=$(cut -d' ' -f1 "$res/hugo-clean" | median_of)
    emit "$(row Hugo clean "$res/hugo-clean" "$hugo_pages" "$cg_clean")"
    emit "$(row Hugo "rebuild, no change" "$res/hugo-rebuild" "$hugo_pages" "$cg_rebuild")"
  else
    emit "| Hugo | — | — | not installed | — | — | — |"
  fi
  emit ""
  emit "careerguide stages (CAREERGUIDE_TIMINGS=1), median ms over the $R runs; \"outside the stages\" is the median wall time less the stages (start-up, theme and templates, preparing the output folder, the service worker, freeing memory at exit). Lines marked · are parts of the stage above them; some run side by side on the cores (the list pages render while the content pages do), so they are not added up:"
  emit ""
  emit "| stage | clean build | rebuild |"
  emit "|---|---:|---:|"
  # A timing line may end with the memory at that point, "  (RSS … MB, peak … MB)".
  stages=$(sed -n 's/^\[timing\] \(.*[^ ]\)  *[0-9.]* ms\(  (.*)\)\{0,1\}$/\1/p' "$res/cg-clean-1.log" | awk '!seen[$0]++')
  sum_c=0
  sum_b=0
  while IFS= read -r stage; do
    [ -n "$stage" ] || continue
    c=$(cat "$res"/cg-clean-*.log | sed -n "s/^\[timing\] $stage  *\([0-9.]*\) ms\(  (.*)\)\{0,1\}$/\1/p" | median_of || echo "")
    b=$(cat "$res"/cg-rebuild-*.log | sed -n "s/^\[timing\] $stage  *\([0-9.]*\) ms\(  (.*)\)\{0,1\}$/\1/p" | median_of || echo "")
    # Indented lines are parts of a stage (the list pages among them, rendered during
    # "render pages and lists" side by side with the pages): none adds to the wall time on
    # its own.
    case "$stage" in
      " "*) ;;
      *)
        sum_c=$(awk -v a="$sum_c" -v c="${c:-0}" 'BEGIN {print a + c}')
        sum_b=$(awk -v a="$sum_b" -v b="${b:-0}" 'BEGIN {print a + b}')
        ;;
    esac
    case "$stage" in " "*) stage="· ${stage#"${stage%%[! ]*}"}" ;; esac
    emit "$(awk -v s="$stage" -v c="$c" -v b="$b" 'BEGIN {
      printf "| %s | %s | %s |\n", s, c == "" ? "—" : sprintf("%.0f", c), b == "" ? "—" : sprintf("%.0f", b) }')"
  done <<< "$stages"
  emit "$(awk -v c="$sum_c" -v b="$sum_b" -v wc="$cg_clean" -v wb="$cg_rebuild" 'BEGIN {
    printf "| outside the stages | %.0f | %.0f |\n| **wall time** | **%.0f** | **%.0f** |\n", wc * 1000 - c, wb * 1000 - b, wc * 1000, wb * 1000 }')"
  emit ""
  SUMMARY[$n]="$cg_pages $cg_clean $cg_mem ${hugo_clean:-}"
done

# Targets of issue #9, judged on the figures above.
emit "### Targets (issue #9)"
emit ""
emit "| target | measured | met |"
emit "|---|---|---|"
verdict() { awk -v a="$1" -v b="$2" 'BEGIN {print (a + 0 < b + 0) ? "yes" : "**no**"}'; }
if [ -n "${SUMMARY[10000]:-}" ]; then
  read -r p t m h <<< "${SUMMARY[10000]}"
  emit "| clean build of 10,000 pages < 1.5 s | ${t} s | $(verdict "$t" 1.5) |"
fi
if [ -n "${SUMMARY[50000]:-}" ]; then
  read -r p t m h <<< "${SUMMARY[50000]}"
  emit "| clean build of 50,000 pages < 8 s | ${t} s | $(verdict "$t" 8) |"
  emit "| peak memory at 50,000 pages < 500 MB | $((m / 1024)) MB | $(verdict "$((m / 1024))" 500) |"
fi
sorted=($(printf '%s\n' "${!SUMMARY[@]}" | sort -n))
if [ ${#sorted[@]} -ge 2 ]; then
  first=${sorted[0]}; last=${sorted[${#sorted[@]}-1]}
  read -r p1 t1 _ _ <<< "${SUMMARY[$first]}"
  read -r p2 t2 _ _ <<< "${SUMMARY[$last]}"
  # Linear: the time per page at the largest N at most 1.25 times that at the smallest (fixed
  # costs make small sites dearer per page, so this is lenient only in the right direction).
  lin=$(awk -v p1="$p1" -v t1="$t1" -v p2="$p2" -v t2="$t2" 'BEGIN {printf "%.2f", (t2 / p2) / (t1 / p1)}')
  emit "| linear growth: time per page at $last ≤ 1.25 × at $first | $(awk -v t="$t1" -v p="$p1" 'BEGIN {printf "%.0f", t / p * 1e6}') µs → $(awk -v t="$t2" -v p="$p2" 'BEGIN {printf "%.0f", t / p * 1e6}') µs per page (× $lin) | $(verdict "$lin" 1.2501) |"
fi
if [ -n "$HUGO" ]; then
  for n in "${sorted[@]}"; do
    read -r p t m h <<< "${SUMMARY[$n]}"
    r=$(awk -v h="$h" -v t="$t" 'BEGIN {printf "%.1f", h / t}')
    emit "| at least 4× faster than Hugo at $n pages (clean) | Hugo takes ${r}× as long | $(awk -v r="$r" 'BEGIN {print (r >= 4) ? "yes" : "**no**"}') |"
  done
fi
emit ""
say "done; the Markdown is also in ${REPORT#"$ROOT/"}"
