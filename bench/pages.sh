#!/usr/bin/env bash
# Reads of key ranges in one user's partition of 100,000 hot rows, 1 connection, against
# PostgreSQL 15 with row-level security in the same run: the page of 50 rows older than a cursor
# (a chat's "load older messages"), 5 keys by IN, 100 keys by BETWEEN. KalamDB also runs each query
# with the key hidden in an expression (bench/pages.lua PLANNED=1), the cost before key bounds took
# the planner-free walk and key filters narrowed the hot scan. Writes bench/sections/pages.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/bench/lib.sh"
pg_workdir

pg_start
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 <<'SQL'
CREATE ROLE alice LOGIN;
CREATE TABLE msgs (owner text NOT NULL DEFAULT current_user, id bigint PRIMARY KEY, room text, body text);
ALTER TABLE msgs ENABLE ROW LEVEL SECURITY; ALTER TABLE msgs FORCE ROW LEVEL SECURITY;
CREATE POLICY own ON msgs USING (owner = current_user) WITH CHECK (owner = current_user);
GRANT ALL ON msgs TO alice;
INSERT INTO msgs SELECT 'alice', g, 'r' || (g % 100), 'payload-0123456789' FROM generate_series(1, 100000) g;
VACUUM ANALYZE msgs;
SQL
printf '\\set c random(1000, 100000)\nSELECT * FROM msgs WHERE id < :c ORDER BY id DESC LIMIT 50;\n' >"$WORK/page.sql"
printf '\\set a random(1, 100000)\n\\set b random(1, 100000)\n\\set c random(1, 100000)\n\\set d random(1, 100000)\n\\set e random(1, 100000)\nSELECT * FROM msgs WHERE id IN (:a, :b, :c, :d, :e);\n' >"$WORK/keys.sql"
printf '\\set a random(1, 99900)\nSELECT * FROM msgs WHERE id BETWEEN :a AND :a + 99;\n' >"$WORK/range.sql"


mkdir -p "$WORK/kalam"
start_kalam "$WORK/kalam"
ROOT_AUTH="Basic $(printf 'root:' | base64)"
kalam_sql "$ROOT_AUTH" "CREATE NAMESPACE bench; CREATE USER alice WITH PASSWORD 'alice-pass';
  CREATE USER TABLE bench.msgs (id BIGINT PRIMARY KEY, room TEXT, body TEXT)
    WITH (FLUSH_POLICY='rows:1000000000,interval:31536000')"
export KALAM_TOKEN; KALAM_TOKEN=$(kalam_token alice alice-pass)
kalam_sql "Bearer $KALAM_TOKEN" "INSERT INTO bench.msgs SELECT g, 'r' || (g % 100), 'payload-0123456789'
  FROM generate_series(1, 100000) AS t(g)"

declare -A R
for op in page keys range; do
  read -r R[$op.k_rps] R[$op.k_p50] _ <<<"$(OP=$op PLANNED=0 wrk_median pages.lua "$KALAM_URL/v1/api/sql" 1)"
  read -r R[$op.pl_rps] R[$op.pl_p50] _ <<<"$(OP=$op PLANNED=1 wrk_median pages.lua "$KALAM_URL/v1/api/sql" 1)"
  read -r R[$op.p_tps] R[$op.p_lat] <<<"$(pg_median "$op.sql" 1)"
  echo "bench: $op: kalam p50 ${R[$op.k_p50]} ms (key in an expression ${R[$op.pl_p50]} ms) | postgres avg ${R[$op.p_lat]} ms"
done

ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.2f}×' if b else 'n/a')" "$1" "$2"; }
line() {  # line <label> <op>
  echo "| $1 | ${R[$2.k_rps]} (p50 ${R[$2.k_p50]} ms) | ${R[$2.pl_rps]} (p50 ${R[$2.pl_p50]} ms) | ${R[$2.p_tps]} (avg ${R[$2.p_lat]} ms) | $(ratio "${R[$2.p_lat]}" "${R[$2.k_p50]}") |"
}
cat >"$ROOT/bench/sections/pages.md" <<MD
## Key ranges in a partition — KalamDB vs PostgreSQL 15 + RLS

One user's 100,000 hot rows (KalamDB USER table; PostgreSQL: a table keyed by \`id\` with a
row-level security policy), 1 connection, values as parameters (pgbench \`-M prepared\`). "Key in an
expression": the same query with \`id % 1000000000\` for \`id\`, which neither the planner-free walk nor
the hot scan's key ranges recognise — what each query cost before they did. Ratio: PostgreSQL's
average latency ÷ KalamDB's p50.

| workload | KalamDB req/s | key in an expression | PostgreSQL tps | ratio |
|---|---|---|---|---|
$(line "50 rows older than a cursor (WHERE id < cursor ORDER BY id DESC LIMIT 50)" page)
$(line "5 keys (WHERE id IN of 5 values)" keys)
$(line "100 keys (WHERE id BETWEEN a AND a + 99)" range)

Command: \`bash bench/pages.sh\` (part of \`make bench\`).
MD
echo "bench: wrote bench/sections/pages.md"
