#!/usr/bin/env bash
# Cold storage (issue: Cold storage): flush throughput, hot + cold reads, an aggregate next to
# DuckDB's own read_parquet, INSERT latency during a flush. In-process (build/bench/cold_bench).
# Writes bench/sections/cold.md. Env: COLD_ROWS (default 1000000), RUNS (default 7 here).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/build/bench/cold_bench"
[ -x "$BIN" ] || { echo "bench: $BIN is missing (make build)" >&2; exit 1; }
"$BIN" --rows "${COLD_ROWS:-1000000}" --runs "${RUNS:-7}" 2>/dev/null >"$ROOT/bench/sections/cold.md"
# Control: INSERT latency during a flush with the data directory in memory (tmpfs), which tells
# disk contention (fsync behind the flush's bulk writes) from CPU contention.
if [ -d /dev/shm ]; then
  TMPDIR=/dev/shm "$BIN" --rows "${COLD_ROWS:-1000000}" --insert-only 2>/dev/null >>"$ROOT/bench/sections/cold.md"
fi
echo "bench: wrote bench/sections/cold.md"
