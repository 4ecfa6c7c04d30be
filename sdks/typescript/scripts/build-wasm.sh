#!/usr/bin/env bash
# Compiles kalam-link's core (link/core) and its C ABI (link/wasm) to WebAssembly with Debian's
# emscripten: dist/kalam_link.mjs (ES module loader) + dist/kalam_link.wasm.
# Flags and traps: shared/DEPENDENCIES.md ("WebAssembly").
set -euo pipefail

SDK="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$SDK/../.." && pwd)"
OUT="$SDK/dist"
WORK="$SDK/build/wasm"
mkdir -p "$OUT" "$WORK/include"

# emcc's JS tools need Debian's node modules (acorn) on NODE_PATH.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
# Never -I/usr/include (glibc headers break the wasm libc): copy the header-only JSON library.
rm -rf "$WORK/include/nlohmann"
cp -r /usr/include/nlohmann "$WORK/include/nlohmann"

SOURCES=(
  "$ROOT/link/core/protocol.cc"
  "$ROOT/link/core/live_protocol.cc"
  "$ROOT/link/core/statement_cache.cc"
  "$ROOT/link/core/value_kind.cc"
  "$ROOT/link/wasm/exports.cc"
)
EXPORTS=(
  _malloc _free _kl_out_ptr _kl_out_len
  _kl_encode_sql _kl_response_error _kl_encode_login _kl_decode_login _kl_basic_auth _kl_column_plan
  _kl_prepare _kl_prepared_params _kl_prepared_encode _kl_prepared_release
  _kl_encode_auth_token _kl_encode_auth_password _kl_encode_unsubscribe _kl_encode_ping
  _kl_subs_new _kl_subs_free _kl_subs_add _kl_subs_remove _kl_subs_observe _kl_subs_resume _kl_subs_last_seq
)
exported=$(printf '"%s",' "${EXPORTS[@]}")

emcc -std=c++20 -Oz -fno-exceptions -fno-rtti -DNDEBUG \
  -I "$ROOT" -I "$WORK/include" \
  "${SOURCES[@]}" \
  -sMODULARIZE=1 -sEXPORT_ES6=1 -sENVIRONMENT=web -sEXPORT_NAME=createKalamLink \
  -sALLOW_MEMORY_GROWTH=1 -sFILESYSTEM=0 -sMALLOC=emmalloc -sASSERTIONS=0 \
  -sEXPORTED_FUNCTIONS="[${exported%,}]" -sEXPORTED_RUNTIME_METHODS='["HEAPU8"]' \
  -o "$WORK/kalam_link.mjs"
cp "$WORK/kalam_link.mjs" "$WORK/kalam_link.wasm" "$OUT/"
echo "wasm: $(stat -c %s "$OUT/kalam_link.wasm") bytes, loader: $(stat -c %s "$OUT/kalam_link.mjs") bytes"
