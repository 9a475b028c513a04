#!/usr/bin/env bash
# Runs every test: unit tests, then the database and API suites on SQLite and
# on PostgreSQL (a private server on loopback, started here). ctest's closing
# line says how many passed and failed.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}

if [ -z "${GRIDGOV_TEST_PG_URL:-}" ]; then
  GRIDGOV_TEST_PG_URL=$(scripts/pg-test-server.sh)
  export GRIDGOV_TEST_PG_URL
fi
echo "==> PostgreSQL for tests: ${GRIDGOV_TEST_PG_URL%%@*}@…"
ctest --test-dir "$BUILD" --output-on-failure "$@"
