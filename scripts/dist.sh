#!/usr/bin/env bash
# make dist: the release tarball kalamdb-<version>-linux-x86_64.tar.gz from a built tree —
# bin/kalamdb-server, bin/kalam (rpath $ORIGIN/../lib), lib/libduckdb.so, config/server.example.toml,
# README.md, LICENSE, CHANGELOG.md and SHA256SUMS — plus <tarball>.sha256 beside it.
# Env: BUILD_DIR (default build), DIST_DIR (default dist).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${BUILD_DIR:-$ROOT/build}"
OUT="${DIST_DIR:-$ROOT/dist}"
VERSION=$(sed -n 's/^project(kalamdb VERSION \([0-9.]*\).*/\1/p' "$ROOT/CMakeLists.txt")
NAME="kalamdb-$VERSION-linux-$(uname -m)"
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cmake --install "$BUILD" --prefix "$STAGE/$NAME" --strip >/dev/null
(cd "$STAGE/$NAME" && sha256sum bin/* lib/* >SHA256SUMS)
mkdir -p "$OUT"
tar -C "$STAGE" -czf "$OUT/$NAME.tar.gz" "$NAME"
(cd "$OUT" && sha256sum "$NAME.tar.gz" >"$NAME.tar.gz.sha256")
echo "dist: $OUT/$NAME.tar.gz ($(du -h "$OUT/$NAME.tar.gz" | cut -f1))"
