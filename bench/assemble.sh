#!/usr/bin/env bash
# Joins the sections the bench scripts wrote into bench/RESULTS.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
/usr/bin/python3 "$ROOT/bench/report.py"  # the W1–W10 summary and charts (Debian's python3 + matplotlib)
{
  echo "# KalamDB benchmark results"
  echo
  echo "Produced by \`make bench\` (bench/run.sh) on $(date -u +%Y-%m-%d): Release build; servers,"
  echo "PostgreSQL and load generators share one machine ($(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB,"
  echo "$(uname -sr)) over loopback, so throughput includes the load generator's CPU. Each figure is the"
  echo "median of ${RUNS:-3} runs of ${DURATION:-5} s."
  echo
  cat "$ROOT/bench/sections/summary.md"
  echo
  cat "$ROOT/bench/sections/w0.md"
  echo
  cat "$ROOT/bench/sections/tables.md"
  echo
  if [ -f "$ROOT/bench/sections/pages.md" ]; then cat "$ROOT/bench/sections/pages.md"; echo; fi
  cat "$ROOT/bench/sections/auth.md"
  echo
  cat "$ROOT/bench/sections/cold.md"
  echo
  if [ -f "$ROOT/bench/sections/cold_reads.md" ]; then cat "$ROOT/bench/sections/cold_reads.md"; echo; fi
  if [ -f "$ROOT/bench/sections/cold_point.md" ]; then cat "$ROOT/bench/sections/cold_point.md"; echo; fi
  cat "$ROOT/bench/sections/live.md"
  echo
  if [ -f "$ROOT/bench/sections/live_write_cost.md" ]; then cat "$ROOT/bench/sections/live_write_cost.md"; echo; fi
  cat "$ROOT/bench/sections/sdk.md"
  if [ -f "$ROOT/bench/sections/soak.md" ]; then echo; cat "$ROOT/bench/sections/soak.md"; fi
  if [ -f "$ROOT/bench/sections/soak_long.md" ]; then echo; cat "$ROOT/bench/sections/soak_long.md"; fi
} >"$ROOT/bench/RESULTS.md"
echo "bench: wrote bench/RESULTS.md"
