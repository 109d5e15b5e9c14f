#!/usr/bin/env bash
# The benchmark of docs/performance.md (run on demand, not in CI).
#
#   scripts/bench.sh [RUNS] [PMS:AGENTS ...]
#   default: 9 runs each at 250:12500 1000:50000 4000:200000
#
# For each size: a synthetic month from `kaoping sample`, then (RUNS rounds, each running
# all six once, round robin) the median wall time and the peak memory (max RSS,
# /usr/bin/time) of
#   floor read   calamine opening every input sheet and visiting every cell, with the
#                API kaoping reads with (xlsx/xlsb streamed cell by cell, xls/ods as a Range),
#   floor write  rust_xlsxwriter writing a plain workbook of as many cells as the report,
#   check        kaoping check on the month,
#   run          kaoping run on the month (report written),
#   check/run on one core   the same under `taskset -c 0` (kaoping then uses one thread:
#                the work itself, without the second core),
#   polars       scripts/peer_polars.py: polars + fastexcel reading, a simple scorer, XlsxWriter
#                writing (the Python peer; skipped, with a message, without those packages),
# and the ratios the performance issue sets targets for. The ratios are the median of
# each round's own ratio (a round's commands run within seconds of each other, so a
# change in the machine's speed between rounds cancels out); the times are the medians
# of all rounds. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-9}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(250:12500 1000:50000 4000:200000)
work=${BENCH_DIR:-/tmp/kaoping-bench}
mkdir -p "$work"

cargo build --release --quiet --bin kaoping --example floor
# Copies, so a rebuild while the benchmark runs cannot swap the binaries under it.
mkdir -p "$work/bin"
cp target/release/kaoping target/release/examples/floor "$work/bin/"
k=$work/bin/kaoping
floor=$work/bin/floor
export SOURCE_DATE_EPOCH=1767225600
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg), $(git rev-parse --short HEAD)" >&2

# once LABEL CMD...: runs CMD once; appends its time (s) to $work/LABEL.t and its peak
# memory (KB) to $work/LABEL.m. A command that fails measures nothing: stop and show why.
once() {
  local label=$1
  shift
  if ! /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt"; then
    echo "bench: $label failed: $*" >&2
    cat "$work/stderr.txt" >&2
    exit 1
  fi
  read -r t m <"$work/time.txt"
  echo "$t" >>"$work/$label.t"
  echo "$m" >>"$work/$label.m"
}

# summary LABEL: sets MEDIAN (s) and PEAK (MB, the highest of the runs).
summary() {
  MEDIAN=$(sort -g "$work/$1.t" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
  PEAK=$(($(sort -g "$work/$1.m" | tail -1) / 1024))
  echo "  $1: median ${MEDIAN}s of ${runs} ($(sort -g "$work/$1.t" | xargs)), peak ${PEAK} MB" >&2
}

# round_ratio A B [C]: the median over the rounds of A / (B + C), each round's own times.
round_ratio() {
  local c=${3:-}
  paste "$work/$1.t" "$work/$2.t" ${c:+"$work/$c.t"} |
    awk '{ d = $2 + ($3 == "" ? 0 : $3); if (d > 0) print $1 / d }' | sort -g |
    awk '{a[NR]=$1} END {printf "%.2f", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'
}

# One core: taskset pins the process to CPU 0, and kaoping sizes its threads by the CPUs it may use.
one_core=()
if command -v taskset >/dev/null; then one_core=(taskset -c 0); fi

# The Python peer, when polars, fastexcel and XlsxWriter are installed.
peer=""
if python3 -c "import polars, fastexcel, xlsxwriter" 2>/dev/null; then
  peer=1
  echo "peer: $(python3 -c 'import polars, fastexcel, xlsxwriter as x; print("polars", polars.__version__, "fastexcel", fastexcel.__version__, "XlsxWriter", x.__version__)')" >&2
else
  echo "peer: skipped (pip install polars fastexcel xlsxwriter to measure it)" >&2
fi

echo "| PMs | agents | input cells | report cells | floor read (s) | floor write (s) | floor (s) | polars peer (s) | check (s) | run (s) | check / read | run / floor | run / polars | check / polars | check, 1 core (s) | run, 1 core (s) | check / read, 1 core | run / floor, 1 core | check peak (MB) | run peak (MB) | polars peak (MB) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for size in "${sizes[@]}"; do
  pms=${size%%:*}
  agents=${size##*:}
  dir="$work/m$pms/2026-11"
  if [ ! -d "$dir" ]; then
    "$k" sample --out "$dir" --pms "$pms" --agents "$agents" >/dev/null
  fi
  mapfile -t files < <(find "$dir" -type f | sort)
  echo "size $pms PMs / $agents agents (${#files[@]} files)" >&2
  in_cells=$("$floor" read "${files[@]}" 2>&1 | awk '/^read/ {print $2}')

  # Each size's reports in a folder of its own, with the history store (kaoping.db) that
  # kaoping keeps beside them: the sizes share a month, and a store holding another
  # size's run of it would give every run a Changes sheet of all PMs. Emptied here, so
  # the store holds this benchmark's runs only (one run to size the floor, then one a
  # round: each run compares itself with the one before, as a rerun of a month does).
  out="$work/out-$pms"
  rm -rf "$out"
  mkdir -p "$out"
  # The size of the report, to size the floor's write (a run that fails stops the benchmark, saying why).
  if ! "$k" run "$dir" --out "$out/report.xlsx" >/dev/null 2>"$work/stderr.txt"; then
    echo "bench: kaoping run failed on the $pms-PM month:" >&2
    cat "$work/stderr.txt" >&2
    exit 1
  fi
  cells=$("$floor" count "$out/report.xlsx")
  # Round robin: each run measures all four once, so a change in the machine's speed
  # while the benchmark runs (other work on the shared cores) touches all four alike.
  rm -f "$work"/*.t "$work"/*.m
  for _ in $(seq "$runs"); do
    once floor-read "$floor" read "${files[@]}"
    once check "$k" check "$dir"
    once run "$k" run "$dir" --out "$out/report.xlsx"
    once floor-write "$floor" write "$cells" "$work/floor-$pms.xlsx"
    once check1 "${one_core[@]}" "$k" check "$dir"
    once run1 "${one_core[@]}" "$k" run "$dir" --out "$out/report.xlsx"
    if [ -n "$peer" ]; then once polars python3 scripts/peer_polars.py "$dir" "$out/peer.xlsx"; fi
  done
  summary floor-read
  read_t=$MEDIAN
  summary check
  check_t=$MEDIAN
  check_m=$PEAK
  summary run
  run_t=$MEDIAN
  run_m=$PEAK
  summary floor-write
  write_t=$MEDIAN
  summary check1
  check1_t=$MEDIAN
  summary run1
  run1_t=$MEDIAN
  floor_t=$(awk -v a="$read_t" -v b="$write_t" 'BEGIN { printf "%.2f", a + b }')
  polars_t="—"; polars_m="—"; run_polars="—"; check_polars="—"
  if [ -n "$peer" ]; then
    summary polars
    polars_t=$MEDIAN; polars_m=$PEAK; run_polars=$(round_ratio run polars); check_polars=$(round_ratio check polars)
  fi

  echo "| $pms | $agents | $in_cells | $cells | $read_t | $write_t | $floor_t | $polars_t | $check_t | $run_t | $(round_ratio check floor-read) | $(round_ratio run floor-read floor-write) | $run_polars | $check_polars | $check1_t | $run1_t | $(round_ratio check1 floor-read) | $(round_ratio run1 floor-read floor-write) | $check_m | $run_m | $polars_m |"
done
