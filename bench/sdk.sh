#!/usr/bin/env bash
# TypeScript SDK (issue: TypeScript SDK): decoding a 10k-row result vs plain JSON.parse, and the
# package's size against its budget. Writes bench/sections/sdk.md. Needs `make build sdk`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
[ -f sdks/typescript/dist/index.js ] || { echo "bench: the SDK is not built (make sdk)" >&2; exit 1; }
{
  node bench/sdk_decode.mjs
  echo
  echo "Size (\`node sdks/typescript/scripts/size.mjs\`, budget: wasm ≤ 150 KB, package ≤ 300 KB unpacked):"
  echo
  echo "    $(node sdks/typescript/scripts/size.mjs)"
} >bench/sections/sdk.md
echo "bench: wrote bench/sections/sdk.md"
