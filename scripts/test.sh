#!/usr/bin/env bash
# Runs every test: unit tests, then the database and API suites on SQLite and
# on PostgreSQL (a private server on loopback, started here). ctest's closing
# line says how many passed and failed; then the web app (Vitest, Chromium) and the
# fuzzers (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}

# The code is formatted as .clang-format says (a diff fails the run).
echo "==> clang-format"
git ls-files -z '*.cpp' '*.hpp' | xargs -0 clang-format --dry-run -Werror

if [ -z "${GRIDGOV_TEST_PG_URL:-}" ]; then
  GRIDGOV_TEST_PG_URL=$(scripts/pg-test-server.sh)
  # Ours to restart and stop: the tests of riding out a database restart or
  # outage run `$GRIDGOV_TEST_PG_CONTROL restart`, `… pause` and `…` (start).
  GRIDGOV_TEST_PG_CONTROL="$PWD/scripts/pg-test-server.sh"
  export GRIDGOV_TEST_PG_URL GRIDGOV_TEST_PG_CONTROL
fi
echo "==> PostgreSQL for tests: ${GRIDGOV_TEST_PG_URL%%@*}@…"
ctest --test-dir "$BUILD" --output-on-failure "$@"

# The web app: component and store tests (Vitest), then the whole product in
# Chromium against a real `gridgov serve` (screenshots in test-artifacts/).
echo "==> web app unit tests"
npm test --prefix web/app --silent
echo "==> end-to-end tests in Chromium"
GRIDGOV_BIN="$PWD/$BUILD/src/gridgov" node --test web/app/e2e/

# Every parser of client input under libFuzzer with ASan and UBSan, a minute each.
echo "==> fuzzers"
scripts/fuzz.sh
