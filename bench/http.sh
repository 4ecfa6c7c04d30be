#!/usr/bin/env bash
# W0: the HTTP foundation (health check, SELECT 1). Writes bench/sections/w0.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/bench/lib.sh"
kalam_workdir
start_kalam "$WORK"
export KALAM_TOKEN; KALAM_TOKEN=$(kalam_token root "")

read -r h1_rps h1_p50 h1_p99 <<<"$(wrk_median health.lua "$KALAM_URL/v1/api/healthcheck" 1)"
read -r h16_rps h16_p50 h16_p99 <<<"$(wrk_median health.lua "$KALAM_URL/v1/api/healthcheck" 16)"
read -r s1_rps s1_p50 s1_p99 <<<"$(wrk_median select1.lua "$KALAM_URL/v1/api/sql" 1)"
read -r s16_rps s16_p50 s16_p99 <<<"$(wrk_median select1.lua "$KALAM_URL/v1/api/sql" 16)"
cat >"$ROOT/bench/sections/w0.md" <<MD
## W0 — HTTP foundation

| workload | connections | req/s | p50 ms | p99 ms | target |
|---|---|---|---|---|---|
| GET /v1/api/healthcheck | 1 | $h1_rps | $h1_p50 | $h1_p99 | — |
| GET /v1/api/healthcheck | 16 | $h16_rps | $h16_p50 | $h16_p99 | ≥ 30,000 req/s |
| POST /v1/api/sql \`SELECT 1\` (Bearer) | 1 | $s1_rps | $s1_p50 | $s1_p99 | p50 ≤ 0.3 ms |
| POST /v1/api/sql \`SELECT 1\` (Bearer) | 16 | $s16_rps | $s16_p50 | $s16_p99 | — |

Command: \`bash bench/http.sh\` (part of \`make bench\`).
MD
echo "bench: W0 done"
