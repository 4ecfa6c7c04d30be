# Shared by the bench scripts: start servers, run wrk, take medians. Source it; needs $ROOT.
BIN="${BIN:-$ROOT/build/bin/kalamdb-server}"
DURATION="${DURATION:-5}"
RUNS="${RUNS:-3}"

# BENCH_PIN=1: servers (KalamDB, PostgreSQL) on CPU 0, load generators (wrk, pgbench, node) on the
# others, so neither steals the other's core; figures then show one server core. Default off: on a
# 2-core machine that halves the servers, so the default shares both cores and the live bench
# reports server CPU-seconds per operation instead.
SERVER_PIN=()
LOAD_PIN=()
if [ "${BENCH_PIN:-0}" = 1 ] && command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  SERVER_PIN=(taskset -c 0)
  LOAD_PIN=(taskset -c "1-$(( $(nproc) - 1 ))")
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_kalam <workdir> [ENV=VALUE ...]: starts a server; sets KALAM_URL and KALAM_PID.
start_kalam() {
  local dir=$1; shift
  local port; port=$(free_port)
  env KALAMDB_PORT="$port" KALAMDB_DATA_DIR="$dir/data" KALAMDB_LOGS_DIR="$dir/logs" \
    KALAMDB_LOG_LEVEL=warn "$@" "${SERVER_PIN[@]}" "$BIN" >"$dir/server.out" 2>"$dir/server.err" &
  KALAM_PID=$!
  KALAM_URL="http://127.0.0.1:$port"
  for _ in $(seq 100); do curl -sf "$KALAM_URL/v1/api/healthcheck" >/dev/null && return 0; sleep 0.1; done
  echo "bench: server did not start: $(cat "$dir/server.err")" >&2
  return 1
}

stop_kalam() {
  [ -n "${KALAM_PID:-}" ] || return 0
  kill "$KALAM_PID" 2>/dev/null; wait "$KALAM_PID" 2>/dev/null || true
  KALAM_PID=""
}

# kalam_sql <auth header> <sql>: runs SQL, fails loudly on an error body.
kalam_sql() {
  local out
  out=$(curl -s -H "Authorization: $1" "$KALAM_URL/v1/api/sql" \
    --data-binary "$(python3 -c 'import json,sys; print(json.dumps({"sql": sys.argv[1]}))' "$2")")
  case "$out" in *'"status":"success"'*) ;; *) echo "bench: SQL failed: $out" >&2; return 1 ;; esac
}

# kalam_flush_wait <auth> <table>: FLUSH TABLE, then waits until no job is queued or running.
kalam_flush_wait() {
  kalam_sql "$1" "FLUSH TABLE $2"
  kalam_jobs_wait "$1" "the flush of $2"
}

# kalam_jobs_wait <auth> <what>: waits until no job (flush, compaction) is queued or running.
kalam_jobs_wait() {
  local body
  for _ in $(seq 600); do
    body=$(curl -s -H "Authorization: $1" "$KALAM_URL/v1/api/sql" --data-binary \
      "{\"sql\":\"SELECT count(*) FROM system.jobs WHERE status IN ('queued', 'running')\"}")
    case "$body" in *'"rows":[["0"]]'*) return 0 ;; esac
    sleep 0.2
  done
  echo "bench: $2 did not finish: $body" >&2
  return 1
}

kalam_token() {
  curl -sf "$KALAM_URL/v1/api/auth/login" -d "{\"username\":\"$1\",\"password\":\"$2\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "n/a"; else print a[int((NR+1)/2)]}'; }

# wrk_median <script> <url> <connections> → "rps p50_ms p99_ms" (medians over RUNS runs)
wrk_median() {
  local script=$1 url=$2 conns=$3 threads=$(( $3 < 2 ? 1 : 2 ))
  local rps=() p50=() p99=()
  for _ in $(seq "$RUNS"); do
    local line
    line=$(cd "$ROOT" && "${LOAD_PIN[@]}" wrk -t"$threads" -c"$conns" -d"${DURATION}s" --latency -s "bench/$script" "$url" | grep '^RESULT')
    rps+=("$(sed -n 's/.*rps=\([0-9.]*\).*/\1/p' <<<"$line")")
    p50+=("$(sed -n 's/.*p50_ms=\([0-9.]*\).*/\1/p' <<<"$line")")
    p99+=("$(sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p' <<<"$line")")
  done
  echo "$(printf '%s\n' "${rps[@]}" | median) $(printf '%s\n' "${p50[@]}" | median) $(printf '%s\n' "${p99[@]}" | median)"
}

# kalam_workdir: makes $WORK and stops the server and removes $WORK on exit (scripts without PostgreSQL).
kalam_workdir() {
  WORK=$(mktemp -d)
  trap 'stop_kalam; rm -rf "$WORK"' EXIT
}

PGBIN=/usr/lib/postgresql/15/bin
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# pg_workdir: checks PostgreSQL 15 is there, makes $WORK (readable by the postgres user), sets
# PG_PORT="" and stops both servers and removes $WORK on exit.
pg_workdir() {
  [ -x "$PGBIN/postgres" ] || { echo "bench: PostgreSQL 15 is missing (scripts/setup.sh installs it)" >&2; exit 1; }
  WORK=$(mktemp -d)
  chmod 755 "$WORK"
  PG_PORT=""
  trap 'stop_kalam; [ -n "$PG_PORT" ] && as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" stop -m fast >/dev/null 2>&1; rm -rf "$WORK"' EXIT
}

# pg_start ["-c name=value" ...]: a fresh PostgreSQL 15 cluster in $WORK/pg (a running one is
# stopped first), trusting local connections, on a free port: sets PG_PORT.
pg_start() {
  [ -n "$PG_PORT" ] && as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" stop -m fast >/dev/null
  rm -rf "$WORK/pg"; mkdir -p "$WORK/pg"
  [ "$(id -u)" -eq 0 ] && chown postgres "$WORK/pg"
  as_pg "$PGBIN/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
  PG_PORT=$(free_port)
  as_pg "${SERVER_PIN[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/log" -w start -o \
    "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 $*" >/dev/null
}

# pg_median <script in $WORK> <clients> → "tps latency_avg_ms" (medians of RUNS pgbench runs as alice)
pg_median() {
  local tps=() lat=()
  for _ in $(seq "$RUNS"); do
    local out
    out=$("${LOAD_PIN[@]}" pgbench -n -M prepared -h 127.0.0.1 -p "$PG_PORT" -U alice -c "$2" -j $(( $2 < 2 ? 1 : 2 )) \
      -T "$DURATION" -f "$WORK/$1" postgres 2>&1)
    tps+=("$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out" | head -1)")
    lat+=("$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<<"$out")")
  done
  echo "$(printf '%s\n' "${tps[@]}" | median) $(printf '%s\n' "${lat[@]}" | median)"
}

# dump_results <name>: the script's R array as bench/data/<name>.tsv (key, value), read by
# bench/report.py for the summary table and the charts.
dump_results() {
  mkdir -p "$ROOT/bench/data"
  local k
  for k in "${!R[@]}"; do printf '%s\t%s\n' "$k" "${R[$k]}"; done | sort >"$ROOT/bench/data/$1.tsv"
}
