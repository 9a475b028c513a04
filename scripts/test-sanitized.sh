#!/usr/bin/env bash
# The unit, storage and API suites on SQLite, built with AddressSanitizer and
# UndefinedBehaviorSanitizer (leaks included): CI runs it after the test command.
# A sanitizer report ends the process that made it, so the test that started it fails.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD_ASAN:-build-asan}
# Warnings are held at zero by the ordinary build (-Werror); GCC's warnings under the
# sanitizers' instrumentation include false positives (format-truncation), so here they
# are shown, not fatal.
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS=-O1 \
  -DGRIDGOV_SANITIZE=ON -DGRIDGOV_WERROR=OFF -DGRIDGOV_BUILD_BENCH=OFF >/dev/null
echo "==> building with ASan + UBSan in $BUILD"
cmake --build "$BUILD"
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:detect_stack_use_after_return=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
echo "==> unit, storage and API suites under the sanitizers"
ctest --test-dir "$BUILD" --output-on-failure -R '^(unit|db\.sqlite|api\.sqlite|boundaries\..*)$' "$@"
