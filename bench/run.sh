#!/usr/bin/env bash
# make bench: every benchmark, then bench/RESULTS.md assembled from bench/sections/.
# Env: DURATION (seconds per run, default 5), RUNS (repetitions, median reported, default 3).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
command -v wrk >/dev/null || { echo "bench: wrk is missing (scripts/setup.sh installs it)" >&2; exit 1; }
bash "$ROOT/bench/http.sh"
bash "$ROOT/bench/tables.sh"
{
  echo "# KalamDB benchmark results"
  echo
  echo "Produced by \`make bench\` (bench/run.sh) on $(date -u +%Y-%m-%d): Release build; servers,"
  echo "PostgreSQL and load generators share one machine ($(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB,"
  echo "$(uname -sr)) over loopback, so throughput includes the load generator's CPU. Each figure is the"
  echo "median of ${RUNS:-3} runs of ${DURATION:-5} s."
  echo
  cat "$ROOT/bench/sections/w0.md"
  echo
  cat "$ROOT/bench/sections/tables.md"
} >"$ROOT/bench/RESULTS.md"
echo "bench: wrote bench/RESULTS.md"
