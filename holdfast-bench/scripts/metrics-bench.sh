#!/usr/bin/env bash
# Metrics benchmark: wall time and peak memory of holdfast metrics (24 months), cohorts, survival and a
# drill-down on a demo store.
#
#   ./mvnw -q -B -DskipTests package && bash holdfast-bench/scripts/metrics-bench.sh 1000000
#
# Builds the store with `holdfast demo --customers N` under ${BENCH_DIR:-/tmp/holdfast-bench} if it is
# missing (the demo benchmark makes the same file), then times each command with /usr/bin/time.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${BENCH_DIR:-/tmp/holdfast-bench}"
customers="${1:-1000000}"
store="$dir/demo-$customers.duckdb"
mkdir -p "$dir"
if [[ ! -f "$store" ]]; then
  "$root/bin/holdfast" demo --customers "$customers" --store "$store" > /dev/null
fi
run() {
  local name="$1"; shift
  /usr/bin/time -f "%e %M" -o "$dir/time-$name.txt" "$root/bin/holdfast" "$@" --store "$store" > "$dir/out-$name.txt"
  read -r seconds kib < "$dir/time-$name.txt"
  printf '%-28s %6.2f s wall  %6d MiB peak\n' "$name" "$seconds" "$((kib / 1024))"
}
run metrics-24-months metrics --from 2024-01-01 --to 2025-12-31 --format json
run cohorts-monthly cohorts --from 2024-01-01 --to 2025-12-31 --format json
run survival-by-plan survival --by plan --format json
run drill-down-churned metrics --customers churned --in 2025-06 --from 2025-06-01 --to 2025-06-30 --format csv
"$root/bin/holdfast" --version > /dev/null; /usr/bin/time -f "%e" "$root/bin/holdfast" --version 2>&1 >/dev/null | sed "s/^/JVM start (holdfast --version): /;s/$/ s/"
