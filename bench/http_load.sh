#!/usr/bin/env bash
# Load benchmark of the real server on loopback with wrk, 64 connections:
# an authenticated JSON read, a durable JSON write (group commit) and a case
# intake (point → grid, case code, history, audit).
# Usage: bench/http_load.sh [--database URL] [--seconds N] [--connections N] [--webhooks N]
# --webhooks N subscribes N client systems to every case event with their
# receivers down (a closed port): intake then also queues N deliveries per
# case while the sender retries in the background — compare with N = 0.
# Prints requests/s and latency percentiles for each; a fresh SQLite database
# in a temporary directory is used unless --database is given.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
BIN=${BIN:-build/src/gridgov}
SECONDS_RUN=10
CONNS=64
DB=""
WEBHOOKS=0
while [ $# -gt 0 ]; do
  case "$1" in
    --database) DB="$2"; shift 2 ;;
    --seconds) SECONDS_RUN="$2"; shift 2 ;;
    --connections) CONNS="$2"; shift 2 ;;
    --webhooks) WEBHOOKS="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
DB=${DB:-sqlite:$WORK/bench.db}
FLAGS=(--database "$DB" --log-level warn)

machine
echo "==> preparing demo data"
"$BIN" demo "${FLAGS[@]}" >"$WORK/demo.log" 2>&1 || { cat "$WORK/demo.log"; exit 1; }
# shellcheck disable=SC2086  # extra flags split on purpose
start_server "${FLAGS[@]}" ${GRIDGOV_BENCH_FLAGS:-}
TOKEN=$(login admin)
AUTH="Authorization: Bearer $TOKEN"
# The demo community 420102002003 and one of its grids.
COMMUNITY=$(node_id "$TOKEN" 420102002003)
GRID=$(node_id "$TOKEN" 420102002003001)
if [ "$WEBHOOKS" -gt 0 ]; then
  CITY=$(node_id "$TOKEN" 420100000000)
  DEAD=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  for i in $(seq "$WEBHOOKS"); do
    KEY=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' \
      -d "{\"name\":\"bench client $i\",\"node_id\":\"$CITY\",\"rate_per_minute\":600}" \
      "$URL/api/v1/api-clients" | json 'd["key"]')
    curl -sf -H "X-Api-Key: $KEY" -H 'Content-Type: application/json' \
      -d "{\"url\":\"http://127.0.0.1:$DEAD/hook\",\"events\":[\"case.created\",\"case.status_changed\"]}" \
      "$URL/api/v1/webhooks" >/dev/null
  done
  echo "==> $WEBHOOKS webhook subscribers to every case, their receivers down (port $DEAD closed)"
fi

run() {
  local name=$1 script=$2 arg=$3
  echo
  echo "==> $name: wrk -t2 -c$CONNS -d${SECONDS_RUN}s --latency (loopback)"
  wrk -t2 -c"$CONNS" -d"${SECONDS_RUN}s" --latency -s "bench/$script" "$URL" -- "$TOKEN" "$arg" 2>&1 |
    grep -E 'Requests/sec|Latency  |  50%|  90%|  99%|requests in|Non-2xx|Socket errors|unexpected' | sort -u -k1,1 | head -20
}
run "authenticated read  GET /api/v1/nodes/{id}" read.lua "$GRID"
run "durable write       POST /api/v1/nodes" write.lua "$COMMUNITY"
RESIDENT=$(login resident)
TOKEN=$RESIDENT run "case intake         POST /api/v1/cases by residents (locate, number, seal, history)" case.lua ""
STAFF=$(login staff)
TOKEN=$STAFF run "case intake         POST /api/v1/cases by community staff (+ duplicate suggestions)" case.lua ""
echo
curl -sf "$URL/metrics" | grep -E '^gridgov_db_(batch_size|commit_seconds)_(sum|count)' |
  awk '{v[$1]=$2} END {n=v["gridgov_db_batch_size_count"]; if (n>0) printf "==> group commit: %d batches, %.1f writes per batch, %.2f ms per batch on average\n", n, v["gridgov_db_batch_size_sum"]/n, 1000*v["gridgov_db_commit_seconds_sum"]/n}'
if [ "$WEBHOOKS" -gt 0 ]; then
  curl -sf "$URL/metrics" | grep -E '^gridgov_webhook_deliveries_total' |
    sed 's/^/==> /'
fi
