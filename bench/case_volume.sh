#!/usr/bin/env bash
# A year of a megacity's hotline in SQLite: the whole demo city (Wuhan, 41,940
# micro-grids) with N cases (default 10 million, 1 million open), then
#  - the raw batched insert rate of those rows, the daily aggregates' rebuild,
#  - in process: a street's open queue, a whole-city month of measures, the sweep,
#  - over HTTP with wrk: a street officer's open queue and the city's measures,
#  - the server's resident memory at that size.
# Usage: bench/case_volume.sh [--cases N] [--open N] [--keep DIR]
# Needs ~10 GB of disk for 10 million cases; takes 10–20 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
BIN=${BIN:-build/src/gridgov}
GEN=${GEN:-build/bench/case_volume}
CASES=10000000
OPEN=1000000
KEEP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --cases) CASES="$2"; shift 2 ;;
    --open) OPEN="$2"; shift 2 ;;
    --keep) KEEP="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
WORK=${KEEP:-$(mktemp -d)}
mkdir -p "$WORK"
PID=""
cleanup() {
  [ -n "$PID" ] && { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
  [ -z "$KEEP" ] && rm -rf "$WORK"
  return 0
}
trap cleanup EXIT
DB="sqlite:$WORK/volume.db"
FLAGS=(--database "$DB" --log-level warn)

machine
if [ ! -s "$WORK/volume.db" ]; then
  echo "==> the whole demo city (gridgov demo --scale large)"
  "$BIN" demo --scale large "${FLAGS[@]}" >"$WORK/demo.log" 2>&1 || { cat "$WORK/demo.log"; exit 1; }
  echo "==> $CASES cases, $OPEN open"
  "$GEN" --database "$DB" --cases "$CASES" --open "$OPEN"
fi
echo "==> database file: $(du -h "$WORK/volume.db" | cut -f1)"

start_server "${FLAGS[@]}"
STREET=$(login street)
LEADER=$(login leader)
CITY=$(node_id "$LEADER" 420100000000)
# One client at a time: the latency of a single request (the figure the targets name),
# then 16 at once: what the server sustains.
run() {
  local name=$1 token=$2 path=$3
  for conns in 1 16; do
    echo
    echo "==> $name: wrk -t1 -c$conns -d10s --latency GET $path"
    wrk -t1 -c"$conns" -d10s --latency -s bench/get.lua "$URL" -- "$token" "$path" 2>&1 |
      grep -E 'Requests/sec|  50%|  99%|Non-2xx|unexpected' | sort -u -k1,1
  done
}
run "a street officer's open queue" "$STREET" "/api/v1/cases?state=open&limit=50"
run "the whole city's measures, last 30 days" "$LEADER" "/api/v1/nodes/$CITY/measures"
echo
echo "==> server memory after the runs: $(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' /proc/$PID/status)"
