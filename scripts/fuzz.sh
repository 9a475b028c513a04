#!/usr/bin/env bash
# Builds the fuzzers (clang, libFuzzer, ASan + UBSan) in build-fuzz and runs each
# for FUZZ_SECONDS (default 60) from the seeds in fuzz/corpus/. A crash, a leak,
# undefined behaviour, a hang over 10 s or more than 2 GB fails the run; the input
# that did it is left in build-fuzz/findings/ to replay (`build-fuzz/fuzz/X_fuzz FILE`).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${FUZZ_SECONDS:-60}
CXX_FUZZ=$(command -v clang++-14 || command -v clang++ || true)
[ -n "$CXX_FUZZ" ] || { echo "clang++ is not installed (apt-get install clang-14 libclang-rt-14-dev)" >&2; exit 1; }
[ -f build-fuzz/build.ninja ] ||
  cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER="$CXX_FUZZ" -DGRIDGOV_FUZZ=ON >/dev/null
cmake --build build-fuzz -j "$(nproc)"
mkdir -p build-fuzz/findings
for target in json_body form table geojson; do
  work=$(mktemp -d)  # what the fuzzer learns stays out of the source tree
  echo "==> fuzzing $target for ${SECONDS_EACH}s"
  if ! build-fuzz/fuzz/${target}_fuzz "$work" "fuzz/corpus/$target" \
      -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="build-fuzz/findings/${target}-" \
      >"build-fuzz/${target}.log" 2>&1; then
    tail -40 "build-fuzz/${target}.log"
    echo "==> $target: FOUND a failing input, in build-fuzz/findings/" >&2
    rm -rf "$work"
    exit 1
  fi
  grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "build-fuzz/${target}.log" | tr '\n' ' '
  echo "corpus $(ls "$work" | wc -l) new inputs"
  rm -rf "$work"
done
