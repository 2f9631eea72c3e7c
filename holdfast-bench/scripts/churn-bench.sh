#!/usr/bin/env bash
# Churn benchmark: wall time and peak memory of holdfast train (12 monthly observation dates of features, then
# XGBoost: time-ordered validation on the 3 newest dates and the final model) and holdfast score (features of all
# active customers, prediction, reasons, health, revenue at risk) on a demo store; the feature step is timed
# separately with HOLDFAST_TRACE.
#
#   ./mvnw -q -B -DskipTests package && bash holdfast-bench/scripts/churn-bench.sh 100000
#
# Works on a copy of ${BENCH_DIR:-/tmp/holdfast-bench}/demo-N.duckdb (made with holdfast demo if missing), so the
# metrics benchmark's store stays as it was.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${BENCH_DIR:-/tmp/holdfast-bench}"
customers="${1:-100000}"
source="$dir/demo-$customers.duckdb"
store="$dir/churn-$customers.duckdb"
mkdir -p "$dir"
if [[ ! -f "$source" ]]; then
  "$root/bin/holdfast" demo --customers "$customers" --store "$source" > /dev/null
fi
cp "$source" "$store"
export OMP_WAIT_POLICY=PASSIVE HOLDFAST_TRACE=1
run() {
  local name="$1"; shift
  /usr/bin/time -f "%e %M" -o "$dir/time-$name.txt" "$root/bin/holdfast" "$@" --store "$store" > "$dir/out-$name.txt" 2> "$dir/err-$name.txt"
  read -r seconds kib < "$dir/time-$name.txt"
  printf '%-28s %7.2f s wall  %6d MiB peak\n' "$name" "$seconds" "$((kib / 1024))"
}
run train-xgboost train --format json
grep -E 'trace: (feature|features)' "$dir/err-train-xgboost.txt" | awk '{s += $(NF-1)} END {printf "  of which features:         %7.2f s\n", s}'
grep -E 'Built' "$dir/err-train-xgboost.txt" | sed 's/^/  /'
run score score
cat "$dir/out-score.txt" | sed 's/^/  /'
