#!/usr/bin/env bash
# Primary-key reads and updates of flushed rows: one user's 10,000 rows flushed to one Parquet file,
# then `SELECT … WHERE id = $1` and `UPDATE … SET v = v + 1 WHERE id = $1` of random keys at 1
# connection for DURATION s each, with the cold row cache on (default 64 MiB) and off
# (`[engine] cold_row_cache_mb = 0`), alternating RUNS times on fresh servers; no fsync (the figure is
# the read path, not the disk). Prints medians: req/s and server CPU µs per request.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
. bench/lib.sh
ROWS=${ROWS:-10000}
WORK=$(mktemp -d)
trap 'stop_kalam; rm -rf "$WORK"' EXIT
printf '[engine]\ncold_row_cache_mb = 0\n' >"$WORK/off.toml"
printf '#!/bin/sh\nexec "%s" --config "%s" "$@"\n' "$BIN" "$WORK/off.toml" >"$WORK/server-off"
chmod +x "$WORK/server-off"
ROOT_AUTH="Basic $(printf 'root:' | base64)"

run_one() {  # run_one <on|off> → "point_rps point_us update_rps update_us"
  local dir="$WORK/$1-$RANDOM"; mkdir -p "$dir"
  local bin="$BIN"; [ "$1" = off ] && bin="$WORK/server-off"
  BIN="$bin" start_kalam "$dir" KALAMDB_SYNC_WRITES=false
  kalam_sql "$ROOT_AUTH" "CREATE NAMESPACE bench; CREATE USER alice WITH PASSWORD 'alice-pass';
    CREATE USER TABLE bench.cold (id BIGINT PRIMARY KEY, v INT, body TEXT)"
  export KALAM_TOKEN; KALAM_TOKEN=$(kalam_token alice alice-pass)
  for k in $(seq 0 $(( ROWS / 1000 - 1 ))); do
    kalam_sql "Bearer $KALAM_TOKEN" "INSERT INTO bench.cold (id, v, body) VALUES $(python3 -c "
print(','.join(f\"({i},{i%1000},'row {i}')\" for i in range($k*1000+1,($k+1)*1000+1)))")"
  done
  kalam_flush_wait "$ROOT_AUTH" bench.cold
  local out=""
  for op in point update; do
    local t0 t1 rps
    t0=$(awk '{print $14+$15}' "/proc/$KALAM_PID/stat")
    rps=$(OP=$op ROWS=$ROWS "${LOAD_PIN[@]}" wrk -t1 -c1 -d"${DURATION}s" -s bench/cold_point.lua \
      "$KALAM_URL/v1/api/sql" | awk '/Requests\/sec/ {print $2}')
    t1=$(awk '{print $14+$15}' "/proc/$KALAM_PID/stat")
    out+="$rps $(python3 -c "print(round(($t1-$t0)*10000/($rps*$DURATION)))") "
  done
  stop_kalam
  echo "$out"
}

for _ in $(seq "$RUNS"); do
  echo "on $(run_one on)" >>"$WORK/runs"
  echo "off $(run_one off)" >>"$WORK/runs"
done
col() { awk -v m="$1" -v c="$2" '$1 == m {print $c}' "$WORK/runs" | median; }
echo "| cache | point req/s | point server µs/req | update req/s | update server µs/req |"
echo "|---|---:|---:|---:|---:|"
for m in on off; do echo "| $m | $(col $m 2) | $(col $m 3) | $(col $m 4) | $(col $m 5) |"; done
