#!/usr/bin/env bash
# What live queries cost a write nobody subscribes to (issue: Live queries, "a write with 0
# matching subscriptions costs < 5% more than with live queries disabled"): single-row INSERTs
# into a USER table (bench/insert1.lua, 8 connections, sync_writes off so no fsync hides the cost)
# on fresh servers (one user shard, so every user's rows share one writer and change log) in five
# set-ups, RUNS rounds in rotating order:
#   off     — `[live] enabled = false`;
#   on      — live queries on, the table never subscribed (its changes are not logged);
#   others  — live queries on, another user holds a live subscription on the table all along (0
#             matching subscriptions: the writer's changes are not logged, only the other user's);
#   watched — live queries on, the writer itself subscribed once and left (0 subscriptions, but
#             every change is logged so that a client can resume with from_seq).
#   expired — as `watched`, on a server with a 1-s change-log retention, after 3 s of unmeasured
#             writes: the watch nobody held for a retention has ended, so nothing is logged again.
# Reports medians of req/s and of server CPU µs per INSERT (from /proc, less noisy than req/s while
# wrk shares the two cores), and each set-up's CPU cost over `off`. Writes bench/sections/live_write_cost.md and
# bench/data/live_write_cost.tsv.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
. bench/lib.sh
[ -d bench/tools/node_modules/ws ] || { echo "bench: bench/tools is not installed (scripts/setup.sh --bench)" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'stop_kalam; rm -rf "$WORK"' EXIT
ROOT_AUTH="Basic $(printf 'root:' | base64)"
NOFLUSH="FLUSH_POLICY='rows:1000000000,interval:31536000'"

run_one() {  # run_one <off|on|others|watched|expired> → "rps server_us_per_insert"
  local dir="$WORK/$1-$RANDOM"; mkdir -p "$dir"
  local live=true; [ "$1" = off ] && live=false
  local retention=3600; [ "$1" = expired ] && retention=1
  start_kalam "$dir" KALAMDB_SYNC_WRITES=false KALAMDB_LIVE_ENABLED=$live KALAMDB_USER_SHARDS=1 \
    KALAMDB_CHANGE_RETENTION_SECONDS=$retention
  kalam_sql "$ROOT_AUTH" "CREATE NAMESPACE bench; CREATE USER bob WITH PASSWORD 'bob-pass';
    CREATE USER TABLE bench.items (id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID(), v TEXT) WITH ($NOFLUSH);
    INSERT INTO bench.items (v) VALUES ('before')"
  export KALAM_TOKEN; KALAM_TOKEN=$(kalam_token root '')
  if [ "$1" = watched ] || [ "$1" = expired ]; then
    "${LOAD_PIN[@]}" node bench/live.mjs watch kalam "$KALAM_URL" "$KALAM_TOKEN" 'SELECT * FROM bench.items' >/dev/null
  fi
  # 3 s of unmeasured writes in every set-up (so each measures a table of about the same size): in
  # `expired` they are checked twice, more than the retention apart — the first check finds the
  # watch unheld, the next ends it. (When only `expired` had them, its bigger table cost it 1–2 µs
  # per INSERT that were no live-query cost.)
  "${LOAD_PIN[@]}" wrk -t1 -c1 -d3s -s bench/insert1.lua "$KALAM_URL/v1/api/sql" >/dev/null
  local holder=""
  if [ "$1" = others ]; then  # bob's subscription stays for the whole run; wait until it is ready
    "${LOAD_PIN[@]}" node bench/live.mjs watch kalam "$KALAM_URL" "$(kalam_token bob bob-pass)" \
      'SELECT * FROM bench.items' $(( DURATION + 30 )) >"$dir/holder.out" &
    holder=$!
    for _ in $(seq 100); do [ -s "$dir/holder.out" ] && break; sleep 0.1; done
    [ -s "$dir/holder.out" ] || { echo "bench: bob's subscription did not become ready" >&2; exit 1; }
  fi
  local t0 t1 rps
  t0=$(awk '{print $14+$15}' "/proc/$KALAM_PID/stat")
  rps=$("${LOAD_PIN[@]}" wrk -t2 -c8 -d"${DURATION}s" -s bench/insert1.lua "$KALAM_URL/v1/api/sql" |
    awk '/Requests\/sec/ {print $2}')
  t1=$(awk '{print $14+$15}' "/proc/$KALAM_PID/stat")
  if [ -n "$holder" ]; then kill "$holder" 2>/dev/null || true; wait "$holder" 2>/dev/null || true; fi
  stop_kalam
  echo "$rps $(python3 -c "print(round(($t1-$t0)*10000/($rps*$DURATION), 1))")"
}

# The order rotates from run to run, so no set-up always runs first or last (the machine drifts).
setups=(off on others watched expired)
for i in $(seq 0 $(( RUNS - 1 ))); do
  for j in $(seq 0 4); do
    m=${setups[$(( (i + j) % 5 ))]}
    r=$(run_one $m)
    echo "$m $r" >>"$WORK/runs"
    echo "bench: live write cost, $m: $r (req/s, server µs per INSERT)" >&2
  done
done
col() { awk -v m="$1" -v c="$2" '$1 == m {print $c}' "$WORK/runs" | median; }
# The cost of a set-up: the median over runs of its CPU per INSERT against the same run's `off`.
cost() {
  paste <(awk -v m="$1" '$1 == m {print $3}' "$WORK/runs") <(awk '$1 == "off" {print $3}' "$WORK/runs") |
    while read -r a b; do python3 -c "print(f'{($a/$b-1)*100:+.1f}')"; done | median
}
declare -A R
for m in off on others watched expired; do R[wc.$m.rps]=$(col $m 2); R[wc.$m.us]=$(col $m 3); done
R[wc.on.cost]=$(cost on); R[wc.others.cost]=$(cost others); R[wc.watched.cost]=$(cost watched)
R[wc.expired.cost]=$(cost expired)
dump_results live_write_cost
{
  echo "### Write cost of live queries with no subscriber"
  echo
  echo "\`bash bench/live_write_cost.sh\` ($RUNS rounds of ${DURATION} s per set-up in rotating order, fresh server each): single-row"
  echo "INSERTs into a USER table at 8 connections by one user, \`sync_writes = false\` (WAL written, no fsync), one user"
  echo "shard (every user's rows share one writer and change log), medians."
  echo "Server CPU per INSERT is read from /proc; the cost column is the median of each run's ratio to \`off\`."
  echo
  echo "| set-up | req/s | server µs / INSERT | CPU cost vs off | target |"
  echo "|---|---:|---:|---:|---|"
  echo "| live queries off (\`[live] enabled = false\`) | $(col off 2) | $(col off 3) | — | |"
  echo "| on, table never subscribed (nothing logged) | $(col on 2) | $(col on 3) | ${R[wc.on.cost]} % | < 5 % |"
  echo "| on, another user subscribed to the table all along, 0 matching subscriptions (the writer's rows not logged) | $(col others 2) | $(col others 3) | ${R[wc.others.cost]} % | < 5 % |"
  echo "| on, the writing user subscribed once, 0 subscriptions now (changes logged for resume) | $(col watched 2) | $(col watched 3) | ${R[wc.watched.cost]} % | |"
  echo "| on, the same after more than the change-log retention with no subscription (the watch ended; 1-s retention) | $(col expired 2) | $(col expired 3) | ${R[wc.expired.cost]} % | < 5 % |"
} >bench/sections/live_write_cost.md
cat bench/sections/live_write_cost.md
