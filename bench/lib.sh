# Sourced by the HTTP benchmarks: a free port, the server started and waited
# for, JSON fields, the demo's logins and nodes. Expects BIN and WORK set;
# start_server sets PID, PORT and URL.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
# start_server ARGS… : `gridgov serve ARGS…` on a free port without rate limits
# (the benchmarks measure the server, not the limiter), logging to $WORK/server.log.
start_server() {
  PORT=$(free_port)
  URL="http://127.0.0.1:$PORT"
  "$BIN" serve "$@" --http-port "$PORT" --limits-ip-rps 0 --limits-account-rps 0 \
    --log-file "$WORK/server.log" &
  PID=$!
  for _ in $(seq 300); do
    curl -sf "$URL/healthz" >/dev/null && return 0
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "the server did not start" >&2
  tail -20 "$WORK/server.log" >&2 || true
  return 1
}
json() { python3 -c "import sys,json; d=json.load(sys.stdin); print($1)"; }
# login USER: a bearer token for a demo account.
login() {
  curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"GridGov#2026\"}" \
    "$URL/api/v1/auth/login" | json 'd["token"]'
}
# node_id TOKEN CODE: the id of the node with that division code.
node_id() {
  curl -sf -H "Authorization: Bearer $1" "$URL/api/v1/nodes?code=$2" | json 'd["items"][0]["id"]'
}
machine() {
  echo "==> machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
}
