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
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
FLAGS=(--database "$DB" --log-level warn)

echo "==> machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
echo "==> preparing demo data"
"$BIN" demo "${FLAGS[@]}" >"$WORK/demo.log" 2>&1 || { cat "$WORK/demo.log"; exit 1; }
# No rate limits: this measures the server, not the limiter.
"$BIN" serve "${FLAGS[@]}" --http-port "$PORT" --limits-ip-rps 0 --limits-account-rps 0 \
  --log-file "$WORK/server.log" ${GRIDGOV_BENCH_FLAGS:-} &
PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

json() { python3 -c "import sys,json; d=json.load(sys.stdin); print($1)"; }
TOKEN=$(curl -sf -H 'Content-Type: application/json' -d '{"username":"admin","password":"GridGov#2026"}' \
  "http://127.0.0.1:$PORT/api/v1/auth/login" | json 'd["token"]')
AUTH="Authorization: Bearer $TOKEN"
# The demo community 420102002003 and one of its grids.
find_code() {
  curl -sf -H "$AUTH" "http://127.0.0.1:$PORT/api/v1/nodes?code=$1" | json 'd["items"][0]["id"]'
}
COMMUNITY=$(find_code 420102002003)
GRID=$(find_code 420102002003001)
if [ "$WEBHOOKS" -gt 0 ]; then
  CITY=$(find_code 420100000000)
  DEAD=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  for i in $(seq "$WEBHOOKS"); do
    KEY=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' \
      -d "{\"name\":\"bench client $i\",\"node_id\":\"$CITY\",\"rate_per_minute\":600}" \
      "http://127.0.0.1:$PORT/api/v1/api-clients" | json 'd["key"]')
    curl -sf -H "X-Api-Key: $KEY" -H 'Content-Type: application/json' \
      -d "{\"url\":\"http://127.0.0.1:$DEAD/hook\",\"events\":[\"case.created\",\"case.status_changed\"]}" \
      "http://127.0.0.1:$PORT/api/v1/webhooks" >/dev/null
  done
  echo "==> $WEBHOOKS webhook subscribers to every case, their receivers down (port $DEAD closed)"
fi

run() {
  local name=$1 script=$2 arg=$3
  echo
  echo "==> $name: wrk -t2 -c$CONNS -d${SECONDS_RUN}s --latency (loopback)"
  wrk -t2 -c"$CONNS" -d"${SECONDS_RUN}s" --latency -s "bench/$script" "http://127.0.0.1:$PORT" -- "$TOKEN" "$arg" 2>&1 |
    grep -E 'Requests/sec|Latency  |  50%|  90%|  99%|requests in|Non-2xx|Socket errors|unexpected' | sort -u -k1,1 | head -20
}
run "authenticated read  GET /api/v1/nodes/{id}" read.lua "$GRID"
run "durable write       POST /api/v1/nodes" write.lua "$COMMUNITY"
RESIDENT=$(curl -sf -H 'Content-Type: application/json' -d '{"username":"resident","password":"GridGov#2026"}' \
  "http://127.0.0.1:$PORT/api/v1/auth/login" | json 'd["token"]')
TOKEN=$RESIDENT run "case intake         POST /api/v1/cases by residents (locate, number, seal, history)" case.lua ""
STAFF=$(curl -sf -H 'Content-Type: application/json' -d '{"username":"staff","password":"GridGov#2026"}' \
  "http://127.0.0.1:$PORT/api/v1/auth/login" | json 'd["token"]')
TOKEN=$STAFF run "case intake         POST /api/v1/cases by community staff (+ duplicate suggestions)" case.lua ""
echo
curl -sf "http://127.0.0.1:$PORT/metrics" | grep -E '^gridgov_db_(batch_size|commit_seconds)_(sum|count)' |
  awk '{v[$1]=$2} END {n=v["gridgov_db_batch_size_count"]; if (n>0) printf "==> group commit: %d batches, %.1f writes per batch, %.2f ms per batch on average\n", n, v["gridgov_db_batch_size_sum"]/n, 1000*v["gridgov_db_commit_seconds_sum"]/n}'
if [ "$WEBHOOKS" -gt 0 ]; then
  curl -sf "http://127.0.0.1:$PORT/metrics" | grep -E '^gridgov_webhook_deliveries_total' |
    sed 's/^/==> /'
fi
