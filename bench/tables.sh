#!/usr/bin/env bash
# Tables and DML (issue: Tables and DML) against PostgreSQL 15 with row-level security, both on
# this machine in the same run. Writes bench/sections/tables.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/bench/lib.sh"
pg_workdir  # WORK, as_pg, PG_PORT; both servers stopped on exit

# ---------- PostgreSQL ----------
start_pg() {  # start_pg <synchronous_commit>
  pg_start "-c max_connections=200 -c synchronous_commit=$1"
  psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 <<'SQL'
CREATE ROLE alice LOGIN;
CREATE TABLE items (id bigserial PRIMARY KEY, owner text NOT NULL DEFAULT current_user, v text);
-- Keyed by id alone: with PRIMARY KEY (owner, id) PostgreSQL 15 does not use the RLS qual as an
-- index condition and walks the whole index (2 ms a lookup), which would flatter KalamDB.
CREATE TABLE points (owner text NOT NULL DEFAULT current_user, id bigint PRIMARY KEY, v text);
ALTER TABLE items ENABLE ROW LEVEL SECURITY; ALTER TABLE items FORCE ROW LEVEL SECURITY;
ALTER TABLE points ENABLE ROW LEVEL SECURITY; ALTER TABLE points FORCE ROW LEVEL SECURITY;
CREATE POLICY own ON items USING (owner = current_user) WITH CHECK (owner = current_user);
CREATE POLICY own ON points USING (owner = current_user) WITH CHECK (owner = current_user);
GRANT ALL ON items, points TO alice; GRANT USAGE ON SEQUENCE items_id_seq TO alice;
INSERT INTO points SELECT 'alice', g, 'payload-0123456789' FROM generate_series(1, 100000) g;
ANALYZE points;
-- W4: a user's 10k rows, newest 50; W9: an aggregate over 1M rows.
CREATE TABLE scan (owner text NOT NULL DEFAULT current_user, id bigint PRIMARY KEY, v text);
ALTER TABLE scan ENABLE ROW LEVEL SECURITY; ALTER TABLE scan FORCE ROW LEVEL SECURITY;
CREATE POLICY own ON scan USING (owner = current_user) WITH CHECK (owner = current_user);
INSERT INTO scan SELECT 'alice', g, 'payload-0123456789' FROM generate_series(1, 10000) g;
CREATE TABLE agg AS SELECT g::bigint AS id, (g % 1000)::int AS user_id, (g % 10000) * 0.01::float8 AS amount
  FROM generate_series(1, 1000000) g;
ALTER TABLE agg ADD PRIMARY KEY (id);
GRANT ALL ON scan, agg TO alice;
VACUUM ANALYZE scan; VACUUM ANALYZE agg;
SQL
}


echo "INSERT INTO items (v) VALUES ('payload-0123456789');" >"$WORK/insert1.sql"
python3 -c "print('INSERT INTO items (v) VALUES ' + ','.join([\"('payload-0123456789')\"] * 1000) + ';')" >"$WORK/insert1000.sql"
python3 -c "print('INSERT INTO items (v) VALUES ' + ','.join([\"('payload-0123456789')\"] * 100) + ';')" >"$WORK/insert100.sql"
printf '\\set id random(1, 100000)\nSELECT * FROM points WHERE id = :id;\n' >"$WORK/point.sql"
echo 'SELECT * FROM scan ORDER BY id DESC LIMIT 50;' >"$WORK/scan.sql"
echo 'SELECT count(*), sum(amount), count(DISTINCT user_id) FROM agg;' >"$WORK/agg.sql"

# ---------- KalamDB ----------
setup_kalam() {  # setup_kalam <ENV=VALUE ...>
  stop_kalam
  rm -rf "$WORK/kalam"; mkdir -p "$WORK/kalam"
  start_kalam "$WORK/kalam" "$@"
  local root="Basic $(printf 'root:' | base64)"
  kalam_sql "$root" "CREATE NAMESPACE bench; CREATE USER alice WITH PASSWORD 'alice-pass';
    CREATE USER TABLE bench.items (id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID(), v TEXT) WITH (FLUSH_POLICY='rows:1000000000,interval:31536000');
    CREATE USER TABLE bench.points (id BIGINT PRIMARY KEY, v TEXT) WITH (FLUSH_POLICY='rows:1000000000,interval:31536000')"
  export KALAM_TOKEN; KALAM_TOKEN=$(kalam_token alice alice-pass)
  local alice="Bearer $KALAM_TOKEN"
  for chunk in $(seq 0 99); do
    kalam_sql "$alice" "$(python3 -c "import sys; b=int(sys.argv[1])*1000; print('INSERT INTO bench.points VALUES ' + ','.join(f\"({b+i}, 'payload-0123456789')\" for i in range(1, 1001)))" "$chunk")"
  done
}

declare -A R
measure_pair() {  # measure_pair <name> <lua> <pgsql> <clients> <path>
  read -r R[$1.k_rps] R[$1.k_p50] R[$1.k_p99] <<<"$(wrk_median "$2" "$KALAM_URL$5" "$4")"
  read -r R[$1.p_tps] R[$1.p_lat] <<<"$(pg_median "$3" "$4")"
  echo "bench: $1: kalam ${R[$1.k_rps]} req/s p50 ${R[$1.k_p50]} ms | postgres ${R[$1.p_tps]} tps avg ${R[$1.p_lat]} ms"
}

start_pg on
setup_kalam KALAMDB_SYNC_WRITES=true
measure_pair ins_sync_c1 insert1.lua insert1.sql 1 /v1/api/sql
measure_pair ins_sync_c8 insert1.lua insert1.sql 8 /v1/api/sql
measure_pair ins_sync_c64 insert1.lua insert1.sql 64 /v1/api/sql
measure_pair bulk100_sync_c1 insert100.lua insert100.sql 1 /v1/api/sql
measure_pair bulk_sync_c1 insert1000.lua insert1000.sql 1 /v1/api/sql
measure_pair point_c1 point.lua point.sql 1 /v1/api/sql
measure_pair point_c8 point.lua point.sql 8 /v1/api/sql
measure_pair pointp_c1 point_params.lua point.sql 1 /v1/api/sql
measure_pair pointp_c8 point_params.lua point.sql 8 /v1/api/sql
# The HTTP floor on this machine: an empty request (no auth, no SQL) at 8 connections.
read -r R[health_c8.rps] R[health_c8.p50] _ <<<"$(wrk_median health.lua "$KALAM_URL/v1/api/healthcheck" 8)"
read -r R[health_c1.rps] R[health_c1.p50] _ <<<"$(wrk_median health.lua "$KALAM_URL/v1/api/healthcheck" 1)"
# The disk's floor under the fsync'd INSERT: one small write made durable, no database
# (bench/micro/fsync_floor.cc), in the directory that holds the server's data.
floors=()
for _ in $(seq "$RUNS"); do floors+=("$("$ROOT/build/bench/fsync_floor" "$WORK" 2000)"); done
for m in append zeros; do
  R[fsync.$m]=$(for j in "${floors[@]}"; do
    python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]]["p50_ms"])' "$j" "$m"
  done | median)
done
echo "bench: fsync floor p50 ${R[fsync.zeros]} ms over zeros, ${R[fsync.append]} ms appending; healthcheck c1 p50 ${R[health_c1.p50]} ms"

# W4 and W9 over data in Parquet: alice's 10k rows (5 flushes of 1,400, then 3,000 hot) and 1M rows
# of a SHARED table flushed into one file. Every bench table has a FLUSH_POLICY that never fires, so
# only these explicit flushes move rows (the default, 10,000 rows, would flush bench.points mid-run
# and W3 would measure Parquet lookups).
ALICE="Bearer $KALAM_TOKEN"
ROOT_AUTH="Basic $(printf 'root:' | base64)"
kalam_sql "$ROOT_AUTH" "CREATE USER TABLE bench.scan (id BIGINT PRIMARY KEY, v TEXT) WITH (FLUSH_POLICY='rows:1000000000,interval:31536000');
  CREATE SHARED TABLE bench.agg (id BIGINT PRIMARY KEY, user_id INT, amount DOUBLE)
    WITH (ACCESS_LEVEL='public', FLUSH_POLICY='rows:1000000000,interval:31536000')"
for f in 0 1 2 3 4; do
  kalam_sql "$ALICE" "INSERT INTO bench.scan SELECT g, 'payload-0123456789' FROM generate_series($((f * 1400 + 1)), $(((f + 1) * 1400))) AS t(g)"
  kalam_flush_wait "$ROOT_AUTH" bench.scan
done
kalam_sql "$ALICE" "INSERT INTO bench.scan SELECT g, 'payload-0123456789' FROM generate_series(7001, 10000) AS t(g)"
for b in $(seq 0 9); do
  kalam_sql "$ROOT_AUTH" "INSERT INTO bench.agg SELECT g, g % 1000, (g % 10000) * 0.01 FROM generate_series($((b * 100000 + 1)), $(((b + 1) * 100000))) AS t(g)"
done
kalam_flush_wait "$ROOT_AUTH" bench.agg
measure_pair scan_c1 scan.lua scan.sql 1 /v1/api/sql
measure_pair agg_c1 agg.lua agg.sql 1 /v1/api/sql

start_pg off
setup_kalam KALAMDB_SYNC_WRITES=false
measure_pair ins_async_c1 insert1.lua insert1.sql 1 /v1/api/sql
measure_pair ins_async_c8 insert1.lua insert1.sql 8 /v1/api/sql
measure_pair bulk_async_c1 insert1000.lua insert1000.sql 1 /v1/api/sql

# Shard scaling: 8 users writing at once (one wrk thread each), 1 shard vs 4 shards, run as
# alternating pairs (the disk's fsync time drifts): the ratio is the median of the pairs' ratios.
shards_once() {  # shards_once <shards>: one run on a fresh server; sets SHARD_RPS
  setup_kalam KALAMDB_SYNC_WRITES=true KALAMDB_USER_SHARDS="$1"
  local root="Basic $(printf 'root:' | base64)" tokens=()
  for u in $(seq 1 8); do
    kalam_sql "$root" "CREATE USER writer$u WITH PASSWORD 'writer-pass-$u'"
    tokens+=("$(kalam_token "writer$u" "writer-pass-$u")")
  done
  export KALAM_TOKENS; KALAM_TOKENS=$(IFS=,; echo "${tokens[*]}")
  SHARD_RPS=$(cd "$ROOT" && "${LOAD_PIN[@]}" wrk -t8 -c8 -d"${DURATION}s" -s bench/insert1_users.lua "$KALAM_URL/v1/api/sql" |
    sed -n 's/.*rps=\([0-9.]*\).*/\1/p')
}
one=(); four=(); pair_ratios=()
for _ in $(seq "$RUNS"); do
  shards_once 1; a=$SHARD_RPS
  shards_once 4; b=$SHARD_RPS
  one+=("$a"); four+=("$b")
  pair_ratios+=("$(python3 -c "import sys; print(f'{float(sys.argv[2])/float(sys.argv[1]):.2f}')" "$a" "$b")")
done
R[shard1]=$(printf '%s\n' "${one[@]}" | median)
R[shard4]=$(printf '%s\n' "${four[@]}" | median)
R[shard_ratio]=$(printf '%s\n' "${pair_ratios[@]}" | median)
echo "bench: shards: 1 → ${R[shard1]} req/s, 4 → ${R[shard4]} req/s"

ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.2f}×' if b else 'n/a')" "$1" "$2"; }
rows() { python3 -c "import sys; print(f'{float(sys.argv[1])*1000:.0f}')" "$1"; }
line() {  # line <label> <key> <durability> <target>
  echo "| $1 | ${R[$2.k_rps]} | ${R[$2.k_p50]} | ${R[$2.k_p99]} | ${R[$2.p_tps]} | ${R[$2.p_lat]} | $(ratio "${R[$2.k_rps]}" "${R[$2.p_tps]}") | $3 | $4 |"
}
cat >"$ROOT/bench/sections/tables.md" <<MD
## Tables and DML — KalamDB vs PostgreSQL 15 + RLS

KalamDB: HTTP + JSON (\`POST /v1/api/sql\`, Bearer token of user alice), USER table (per-user partition).
PostgreSQL 15 (Debian): pgbench \`-M prepared\` as role alice over TCP, a table with a row-level security
policy \`owner = current_user\` (the per-user equivalent), points table keyed by \`id\` (an index scan
plus the RLS filter: 0.05 ms a lookup).
KalamDB answers \`SELECT … WHERE pk = value\` with one RocksDB read on the I/O thread (no planning).
PostgreSQL latency is pgbench's average; KalamDB's is wrk's p50/p99.
Point SELECT is measured twice: the key as a literal in the SQL text (a new text per request; KalamDB
reuses the parse of the first text that differs only in the key) and as a \`\$1\` parameter (the same
text every time, as pgbench \`-M prepared\` sends it). Both use PostgreSQL's prepared figure.
The HTTP floor here: \`GET /v1/api/healthcheck\` (no auth, no SQL) at 8 connections does
${R[health_c8.rps]} req/s (p50 ${R[health_c8.p50]} ms), with wrk on the same 2 cores.
The floor under the 1-connection fsync'd INSERT: one 200-byte write + \`fdatasync\` over a file of
zeros, nothing else (\`build/bench/fsync_floor\`, the disk of the data directory), p50 ${R[fsync.zeros]} ms
(appended to a new file: ${R[fsync.append]} ms); an empty HTTP request at 1 connection, p50
${R[health_c1.p50]} ms. Their sum is as low as a 1-connection fsync'd INSERT can go on this machine
before any SQL is parsed or any row written.

| workload | KalamDB req/s | p50 ms | p99 ms | PostgreSQL tps | avg ms | ratio | durability | target |
|---|---|---|---|---|---|---|---|---|
$(line "single-row INSERT, 1 conn" ins_sync_c1 "fsync'd group commit / synchronous_commit=on" "p50 ≤ 0.15 ms")
$(line "single-row INSERT, 8 conns" ins_sync_c8 "fsync'd group commit / synchronous_commit=on" "≥ 1.5× PG")
$(line "single-row INSERT, 64 conns" ins_sync_c64 "fsync'd group commit / synchronous_commit=on" "—")
$(line "100-row INSERT, 1 conn" bulk100_sync_c1 "fsync'd / synchronous_commit=on" "—")
$(line "single-row INSERT, 1 conn" ins_async_c1 "WAL, no fsync / synchronous_commit=off" "p50 ≤ 0.15 ms")
$(line "single-row INSERT, 8 conns" ins_async_c8 "WAL, no fsync / synchronous_commit=off" "≥ 1.5× PG")
$(line "1,000-row INSERT, 1 conn" bulk_sync_c1 "fsync'd / synchronous_commit=on" "≥ 300k rows/s")
$(line "1,000-row INSERT, 1 conn" bulk_async_c1 "no fsync / synchronous_commit=off" "≥ 300k rows/s")
$(line "point SELECT by PK (100k-row partition), key literal, 1 conn" point_c1 "reads" "p50 ≤ 0.2 ms")
$(line "point SELECT by PK (100k-row partition), key literal, 8 conns" point_c8 "reads" "≥ 1.5× PG")
$(line "point SELECT by PK (100k-row partition), key as \$1, 1 conn" pointp_c1 "reads" "p50 ≤ 0.2 ms")
$(line "point SELECT by PK (100k-row partition), key as \$1, 8 conns" pointp_c8 "reads" "≥ 1.5× PG")
$(line "W4 newest 50 of a user's 10k rows (7k in 5 Parquet files + 3k hot), 1 conn" scan_c1 "reads" "p50 ≤ 5 ms")
$(line "W9 count/sum/count DISTINCT over 1M rows (KalamDB: flushed to Parquet), 1 conn" agg_c1 "reads" "—")

1,000-row INSERT in rows/s: KalamDB $(rows "${R[bulk_sync_c1.k_rps]}") (fsync) / $(rows "${R[bulk_async_c1.k_rps]}") (no fsync);
PostgreSQL $(rows "${R[bulk_sync_c1.p_tps]}") / $(rows "${R[bulk_async_c1.p_tps]}").

Shard scaling (8 users inserting single rows at once, 8 connections, fsync'd group commit):
1 shard ${R[shard1]} req/s, 4 shards ${R[shard4]} req/s (medians) — ${R[shard_ratio]}× (median of $RUNS alternating pairs' ratios: ${pair_ratios[*]}; target ≥ 1.6×).
Every shard's prepared batches go to one commit queue (one WAL write and one fsync per group,
docs/tables.md "Writes"), so 1 shard already commits the 8 writers together; more shards only
prepare (key checks, seqs) in parallel, and on 2 cores that is not what limits fsync'd writes.

Command: \`bash bench/tables.sh\` (part of \`make bench\`).
MD
dump_results tables
echo "bench: tables done"
