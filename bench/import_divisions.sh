#!/usr/bin/env bash
# Times `gridgov import divisions --all` (the whole country, ~664,000 nodes)
# into a fresh database, then the idempotent re-run.
# Usage: bench/import_divisions.sh [--database URL]   (default: fresh SQLite in a temp dir)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/src/gridgov}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DB="sqlite:$WORK/import.db"
[ "${1:-}" = "--database" ] && DB="$2"
echo "==> machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
"$BIN" migrate --database "$DB" --log-level warn >/dev/null
for run in first again; do
  start=$(date +%s.%N)
  "$BIN" import divisions --all --database "$DB" --log-level warn 2>/dev/null >"$WORK/$run.txt"
  end=$(date +%s.%N)
  added=$(awk 'NR>1 {s+=$NF} END {print s}' "$WORK/$run.txt")
  printf '==> %-5s run: %6.2f s, %d nodes added\n' "$run" "$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')" "$added"
done
cat "$WORK/first.txt"
