#!/usr/bin/env bash
# Runs every libFuzzer target over its committed corpus (fuzz/corpus/<target>, replayed first: the
# regression part) and then for SECONDS more on new inputs. New inputs go to a temp dir, never into
# the repository; a crash leaves its input in BUILD/artifacts and fails the run.
# Usage: fuzz/run.sh BUILD_DIR SECONDS
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD=$1
SECONDS_EACH=$2
mkdir -p "$BUILD/artifacts"
status=0
for target in sql row_codec request_json value_coerce path_template manifest ws_message live_filter postgres_text multipart; do
  scratch=$(mktemp -d)
  if "$BUILD/${target}_fuzz" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=0 \
       -artifact_prefix="$BUILD/artifacts/${target}-" "$scratch" "$ROOT/fuzz/corpus/$target" >"$BUILD/${target}.log" 2>&1; then
    echo "fuzz: $target ok ($(grep -o 'Done [0-9]* runs' "$BUILD/${target}.log" | tail -1))"
  else
    echo "fuzz: $target FAILED — see $BUILD/${target}.log and $BUILD/artifacts/" >&2
    grep -E "SUMMARY|ERROR" "$BUILD/${target}.log" | head -5 >&2
    status=1
  fi
  rm -rf "$scratch"
done
exit $status
