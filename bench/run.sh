#!/usr/bin/env bash
# make bench: every benchmark, then bench/RESULTS.md assembled from bench/sections/.
# Env: DURATION (seconds per run, default 5), RUNS (repetitions, median reported, default 3).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
command -v wrk >/dev/null || { echo "bench: wrk is missing (scripts/setup.sh installs it)" >&2; exit 1; }
bash "$ROOT/scripts/setup.sh" --bench  # PostgreSQL 15, pgbench, bench/tools (pg, ws); quick when present
bash "$ROOT/bench/http.sh"
bash "$ROOT/bench/tables.sh"
bash "$ROOT/bench/pages.sh"
bash "$ROOT/bench/auth.sh"
bash "$ROOT/bench/cold.sh"
bash "$ROOT/bench/cold_reads.sh"
bash "$ROOT/bench/live.sh"
bash "$ROOT/bench/live_write_cost.sh"
bash "$ROOT/bench/sdk.sh"
bash "$ROOT/bench/assemble.sh"
