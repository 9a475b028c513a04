#!/usr/bin/env bash
# Prepares the embedded SQLite database with the demo city and serves it.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/src/gridgov}
"$BIN" migrate --log-level warn
"$BIN" demo --log-level warn
echo
echo "==> 打开 open  http://127.0.0.1:8080   (Ctrl-C 停止 to stop)"
exec "$BIN" serve "$@"
