#!/usr/bin/env bash
# Soak: the real server under a paced, mixed load for a long time (30 minutes
# by default), sampling its resident memory and open file descriptors. A leak
# shows as growth after the warm-up; the verdict compares the first sample
# after warm-up with the last.
# Usage: bench/soak.sh [--minutes N] [--connections N] [--delay-ms N] [--sample-seconds N]
#                      [--streams N] [--database URL]
#        GRIDGOV_BENCH_FLAGS="--db-sqlite-cache-mib 8" bench/soak.sh   (extra server flags)
# Live event streams (four by default) are held open and reopened every minute alongside.
# Columns: resident set, heap in use (malloc's view: a leak grows it; SQLite's
# page caches are in it and grow with the file up to db.sqlite_cache_mib per
# connection), heap freed but kept by the allocator (retention, not a leak),
# open descriptors, and the data directory.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
BIN=${BIN:-build/src/gridgov}
MINUTES=30
CONNS=16
DELAY_MS=40
SAMPLE=30
STREAMS=4
DB=""
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES="$2"; shift 2 ;;
    --connections) CONNS="$2"; shift 2 ;;
    --delay-ms) DELAY_MS="$2"; shift 2 ;;
    --sample-seconds) SAMPLE="$2"; shift 2 ;;
    --streams) STREAMS="$2"; shift 2 ;;
    --database) DB="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  kill "${PID:-}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
DB=${DB:-sqlite:$WORK/soak.db}
FLAGS=(--database "$DB" --log-level warn)

machine
echo "==> preparing demo data"
"$BIN" demo "${FLAGS[@]}" >"$WORK/demo.log" 2>&1 || { cat "$WORK/demo.log"; exit 1; }
# shellcheck disable=SC2086  # extra flags split on purpose
start_server "${FLAGS[@]}" ${GRIDGOV_BENCH_FLAGS:-}
ADMIN=$(login admin)
RESIDENT=$(login resident)
GRID=$(node_id "$ADMIN" 420102002003001)
COMMUNITY=$(node_id "$ADMIN" 420102002003)
STREET=$(node_id "$ADMIN" 420102002000)

for _ in $(seq "$STREAMS"); do
  (while kill -0 "$PID" 2>/dev/null; do
    curl -s -N --max-time 60 -H "Authorization: Bearer $ADMIN" "$URL/api/v1/events" >/dev/null || true
  done) &
  PIDS+=($!)
done

# The resident set and its parts: anonymous (the heap, stacks) and file-backed
# (SQLite's readers map the database file: each reader's mapping counts).
status_mb() { awk -v k="$1:" '$1 == k {printf "%.0f", $2/1024}' "/proc/$PID/status"; }
rss_mb() { status_mb VmRSS; }
fds() { find "/proc/$PID/fd" -mindepth 1 -maxdepth 1 | wc -l; }
db_mb() { du -sm "$WORK" | awk '{print $1}'; }
heap_mb() { curl -sf "$URL/metrics" | awk -v g="gridgov_memory_heap_${1}_bytes" '$1 == g {printf "%.0f", $2/1048576}'; }

echo "==> $MINUTES minutes, $CONNS connections, one request per connection every $DELAY_MS ms (wrk -t2)"
wrk -t2 -c"$CONNS" -d"${MINUTES}m" --timeout 10s --latency -s bench/soak.lua "$URL" -- \
  "$ADMIN" "$RESIDENT" "$GRID" "$COMMUNITY" "$STREET" "$DELAY_MS" >"$WORK/wrk.log" 2>&1 &
WRK=$!
PIDS+=($WRK)
START=$(date +%s)
printf '%8s %10s %10s %10s %8s %10s %8s %8s %8s\n' minute rss_MB heap_MB free_MB fds data_MB anon_MB file_MB threads |
  tee "$WORK/samples"
while kill -0 "$WRK" 2>/dev/null; do
  kill -0 "$PID" 2>/dev/null || { echo "the server died" >&2; tail -20 "$WORK/server.log" >&2; exit 1; }
  printf '%8.1f %10s %10s %10s %8s %10s %8s %8s %8s\n' "$(echo "($(date +%s) - $START) / 60" | bc -l)" \
    "$(rss_mb)" "$(heap_mb in_use)" "$(heap_mb free)" "$(fds)" "$(db_mb)" \
    "$(status_mb RssAnon)" "$(status_mb RssFile)" "$(awk '$1 == "Threads:" {print $2}' "/proc/$PID/status")" |
    tee -a "$WORK/samples"
  for _ in $(seq "$SAMPLE"); do kill -0 "$WRK" 2>/dev/null || break; sleep 1; done
done
printf '%8s %10s %10s %10s %8s %10s %8s %8s\n' end "$(rss_mb)" "$(heap_mb in_use)" "$(heap_mb free)" "$(fds)" \
  "$(db_mb)" "$(status_mb RssAnon)" "$(status_mb RssFile)" | tee -a "$WORK/samples"
echo
grep -E 'Requests/sec|Latency  |  50%|  99%|requests in|Socket errors|==>' "$WORK/wrk.log"
# Verdict over the samples after the first tenth of the run (warm-up: caches fill).
awk -v warm="$(echo "$MINUTES / 10" | bc -l)" '
  $1 != "minute" && $1 != "end" && $1 >= warm { if (!seen) { r0 = $2; h0 = $3; f0 = $5; t0 = $1; seen = 1 }
    r1 = $2; h1 = $3; f1 = $5; t1 = $1
    if ($5 > fmax) fmax = $5; if (fmin == "" || $5 < fmin) fmin = $5 }
  END { if (seen && t1 > t0) printf "==> after warm-up (%.1f → %.1f min): RSS %d → %d MB (%+.1f MB per 10 min), heap in use %d → %d MB, fds %d → %d (range %d–%d)\n",
          t0, t1, r0, r1, 10 * (r1 - r0) / (t1 - t0), h0, h1, f0, f1, fmin, fmax }' "$WORK/samples"
