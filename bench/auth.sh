#!/usr/bin/env bash
# What authentication costs per request (issue: Users, roles and access): the authenticator's
# per-request work (Google Benchmark, build/bench/auth_bench) next to a whole healthcheck-sized
# request (wrk, 1 connection). Writes bench/sections/auth.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/bench/lib.sh"
kalam_workdir
JSON="$WORK/auth.json"
"$ROOT/build/bench/auth_bench" --benchmark_repetitions="${RUNS:-3}" --benchmark_report_aggregates_only=true \
  --benchmark_format=json >"$JSON"
us() {  # us <benchmark name>: median real time in µs
  python3 -c "import json,sys
d=json.load(open(sys.argv[1]))
for b in d['benchmarks']:
  n=b['name']
  if n.endswith('_median') and n[:-len('_median')].split('/')[0]==sys.argv[2]:
    t=b['real_time']; u=b['time_unit']
    print(f\"{t*{'ns':1e-3,'us':1,'ms':1e3}[u]:.2f}\")" "$JSON" "$1"
}
BEARER=$(us BM_BearerToken)
BEARER_FIRST=$(us BM_BearerTokenFirstUse)
BASIC=$(us BM_BasicCached)
HASH=$(us BM_PasswordHashCheck)
start_kalam "$WORK"
read -r HRPS HP50 _ <<<"$(wrk_median health.lua "$KALAM_URL/v1/api/healthcheck" 1)"
share() { python3 -c "import sys; print(f'{float(sys.argv[1])/(float(sys.argv[2])*1000)*100:.1f}%')" "$1" "$2"; }
cat >"$ROOT/bench/sections/auth.md" <<MD
## Authentication cost

The authenticator's work per request (Google Benchmark, median of ${RUNS:-3} repetitions) against the
p50 of a whole unauthenticated healthcheck request over HTTP (wrk, 1 connection: ${HP50} ms).

| check | µs per request | share of a healthcheck-sized request | target |
|---|---|---|---|
| Bearer token seen before (remembered: expiry + user lookup) | ${BEARER} | $(share "$BEARER" "$HP50") | ≤ 10% |
| Bearer token, first use (HS256 verify + claims parsing, then remembered) | ${BEARER_FIRST} | $(share "$BEARER_FIRST" "$HP50") | — |
| Basic, password verified before (cached) | ${BASIC} | $(share "$BASIC" "$HP50") | ≤ 10% |
| Argon2id password check (login, first Basic use) | ${HASH} | — | login only |

Password hashes are computed only at login or on the first Basic use of a password (then cached per
process), on a separate worker pool.

Command: \`bash bench/auth.sh\` (part of \`make bench\`).
MD
echo "bench: auth done"
