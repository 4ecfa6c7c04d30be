#!/usr/bin/env bash
# KalamDB benchmarks. Starts a Release kalamdb-server on a random loopback port with a temp data
# dir, drives it with wrk, and writes bench/RESULTS.md. Usage: make bench (or bash bench/run.sh).
# Env: DURATION (seconds per run, default 10), RUNS (repetitions, median reported, default 3).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/build/bin/kalamdb-server"
DURATION="${DURATION:-10}"
RUNS="${RUNS:-3}"
OUT="$ROOT/bench/RESULTS.md"
command -v wrk >/dev/null || { echo "bench: wrk is missing (scripts/setup.sh installs it)" >&2; exit 1; }

WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
KALAMDB_PORT=$PORT KALAMDB_DATA_DIR="$WORK/data" KALAMDB_LOGS_DIR="$WORK/logs" KALAMDB_LOG_LEVEL=warn \
  "$BIN" 2>"$WORK/server.err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
cd "$ROOT"
URL="http://127.0.0.1:$PORT"
for _ in $(seq 100); do curl -sf "$URL/v1/api/healthcheck" >/dev/null && break; sleep 0.1; done
export KALAM_TOKEN=$(curl -sf "$URL/v1/api/auth/login" -d '{"username":"root","password":""}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

# median of a RESULT field over RUNS runs: run_wrk <script> <path> <connections> <field>
declare -A MEDIANS
bench() {
  local name=$1 script=$2 path=$3 conns=$4 threads=$(( $4 < 2 ? 1 : 2 ))
  local lines=()
  for _ in $(seq "$RUNS"); do
    lines+=("$(wrk -t"$threads" -c"$conns" -d"${DURATION}s" --latency -s "$ROOT/bench/$script" "$URL$path" | grep '^RESULT')")
  done
  for field in p50_ms p99_ms rps errors; do
    MEDIANS[$name.$field]=$(printf '%s\n' "${lines[@]}" | sed -n "s/.*$field=\([0-9.]*\).*/\1/p" | sort -g |
      awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  done
  echo "bench: $name: p50 ${MEDIANS[$name.p50_ms]} ms, p99 ${MEDIANS[$name.p99_ms]} ms, ${MEDIANS[$name.rps]} req/s, errors ${MEDIANS[$name.errors]}"
}

bench health_c1 health.lua /v1/api/healthcheck 1
bench health_c16 health.lua /v1/api/healthcheck 16
bench select1_c1 select1.lua /v1/api/sql 1
bench select1_c16 select1.lua /v1/api/sql 16

row() { echo "| $1 | $2 | ${MEDIANS[$3.rps]} | ${MEDIANS[$3.p50_ms]} | ${MEDIANS[$3.p99_ms]} | ${MEDIANS[$3.errors]} | $4 |"; }
{
  echo "# KalamDB benchmark results"
  echo
  echo "Produced by \`make bench\` (bench/run.sh): Release build, server and wrk on the same machine over"
  echo "loopback, ${DURATION}s per run, median of ${RUNS} runs. Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB,"
  echo "$(uname -sr), $(date -u +%Y-%m-%d)."
  echo
  echo "## W0 — HTTP foundation (issue: Server foundation)"
  echo
  echo "| workload | connections | req/s | p50 ms | p99 ms | errors | target |"
  echo "|---|---|---|---|---|---|---|"
  row "GET /v1/api/healthcheck" 1 health_c1 "—"
  row "GET /v1/api/healthcheck" 16 health_c16 "≥ 30,000 req/s"
  row 'POST /v1/api/sql `SELECT 1` (Bearer)' 1 select1_c1 "p50 ≤ 0.3 ms"
  row 'POST /v1/api/sql `SELECT 1` (Bearer)' 16 select1_c16 "—"
  echo
  echo "wrk shares the 2 cores with the server, so throughput figures include the load generator's"
  echo "CPU. Command: \`DURATION=$DURATION RUNS=$RUNS make bench\`."
} >"$OUT"
echo "bench: wrote $OUT"
