#!/usr/bin/env bash
# Installs everything KalamDB needs on Debian 12 (bookworm). Idempotent and non-interactive.
# Usage: scripts/setup.sh            (packages incl. PostgreSQL 15 for the CLI/psql test, emscripten and
#                                     chromium for the TypeScript SDK, the pinned DuckDB, npm test tools)
#        scripts/setup.sh --duckdb   (only the pinned DuckDB library and headers)
#        scripts/setup.sh --bench    (also postgresql-contrib and bench/tools, for make bench)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TP="$ROOT/third_party/duckdb"
DUCKDB_VERSION=1.4.4
DUCKDB_LIB_PKG="@duckdb/node-bindings-linux-x64@1.4.4-r.4"
DUCKDB_LIB_SHA="sha512-jBTL/WvfwxLToFa/pVHfT6elMtltJGnc3wSuxZD9OfMltit9YUdVFS37vBFQzXMT1Z8OWjtSjMh+zPKxOwHLHA=="
DUCKDB_SRC_PKG="duckdb@1.4.4"
DUCKDB_SRC_SHA="sha512-hEJJ5hyVF0VLj3dmOLpsWrQR0b3d4Ykqtygm6iUXjHJDDnSqg/USKxcb5qvNrOhFYPgktayU6dXCtgPqcmmpog=="

# Debian packages. Boost is pinned to 1.81: never libboost-dev (1.74), it removes 1.81.
PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git curl ca-certificates
  librocksdb-dev libboost1.81-dev
  libfmt-dev libspdlog-dev libcli11-dev libtomlplusplus-dev nlohmann-json3-dev
  libsodium-dev libssl-dev libcurl4-openssl-dev libxxhash-dev libzstd-dev libjemalloc-dev libedit-dev tmux
  clang libclang-rt-14-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  wrk python3
  postgresql-15 postgresql-client-15
  emscripten chromium fonts-dejavu-core
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

BENCH_PACKAGES=(postgresql-contrib python3-matplotlib)

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # Node may come from another source (nodejs bundling npm): only ask apt when it is absent.
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if [ ${#missing[@]} -eq 0 ]; then
    echo "setup: Debian packages present"
    return
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Fetches one npm tarball, checks its integrity string, prints its path.
fetch_npm() {
  local spec="$1" want="$2" dir="$3"
  local file
  file=$(cd "$dir" && npm pack --silent "$spec" 2>/dev/null | tail -n 1)
  local got="sha512-$(openssl dgst -sha512 -binary "$dir/$file" | base64 -w0)"
  if [ "$got" != "$want" ]; then
    echo "setup: integrity mismatch for $spec: $got" >&2
    exit 1
  fi
  echo "$dir/$file"
}

install_duckdb() {
  if [ -f "$TP/VERSION" ] && [ "$(cat "$TP/VERSION")" = "$DUCKDB_VERSION" ] \
     && [ -f "$TP/lib/libduckdb.so" ] && [ -f "$TP/include/duckdb.h" ]; then
    echo "setup: DuckDB $DUCKDB_VERSION present"
    return
  fi
  echo "setup: fetching DuckDB $DUCKDB_VERSION"
  local tmp
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' RETURN
  local lib src
  lib=$(fetch_npm "$DUCKDB_LIB_PKG" "$DUCKDB_LIB_SHA" "$tmp")
  src=$(fetch_npm "$DUCKDB_SRC_PKG" "$DUCKDB_SRC_SHA" "$tmp")
  mkdir -p "$tmp/lib" "$tmp/src"
  tar -xzf "$lib" -C "$tmp/lib"
  tar -xzf "$src" -C "$tmp/src" package/src/duckdb/src/include
  rm -rf "$TP"
  mkdir -p "$TP/lib" "$TP/include"
  cp "$tmp/lib/package/libduckdb.so" "$TP/lib/"
  cp -r "$tmp/src/package/src/duckdb/src/include/." "$TP/include/"
  echo "$DUCKDB_VERSION" >"$TP/VERSION"
}

# Node tools of the tests (tests/tools: s3rver, ws), the TypeScript SDK (sdks/typescript: typescript,
# ws, playwright-core driving Debian's chromium) or the benchmarks (bench/tools: pg, ws), pinned by
# their package-lock.json; reinstalled only when the lockfile changes.
install_test_tools() {
  local dir="$ROOT/${1:-tests/tools}" stamp="$ROOT/${1:-tests/tools}/node_modules/.kalam-lock"
  local want
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
  echo "setup: installing node tools (npm ci in ${1:-tests/tools})"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
}

case "${1:-}" in
  --duckdb) install_duckdb ;;
  --bench) install_packages "${BENCH_PACKAGES[@]}"; install_duckdb; install_test_tools bench/tools ;;
  *) install_packages; install_duckdb; install_test_tools; install_test_tools sdks/typescript ;;
esac
echo "setup: done"
