#!/usr/bin/env bash
# CLV end to end on UCI Online Retail (541,909 invoice lines): import with the shipped mapping, then holdfast clv
# (purchase histories, BG/NBD + Gamma-Gamma fits, predictions for every customer, stored), then the fit report with
# a calibration period ending 2011-06-30 and its holdout.
#
#   ./mvnw -q -B -DskipTests package && bash holdfast-bench/scripts/clv-retail-bench.sh
#
# The data is read from ${HOLDFAST_DATA:-../shared/data}/online-retail.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${BENCH_DIR:-/tmp/holdfast-bench}"
data="${HOLDFAST_DATA:-$root/../shared/data}/online-retail/online-retail-by-day-concat.csv"
store="$dir/retail.duckdb"
mkdir -p "$dir"
rm -f "$store"
run() {
  local name="$1"; shift
  /usr/bin/time -f "%e %M" -o "$dir/time-$name.txt" "$root/bin/holdfast" "$@" --store "$store" > "$dir/out-$name.txt"
  read -r seconds kib < "$dir/time-$name.txt"
  printf '%-28s %6.2f s wall  %6d MiB peak\n' "$name" "$seconds" "$((kib / 1024))"
}
start=$(date +%s.%N)
run import import --mapping "$root/examples/mappings/online-retail/mapping.yaml" "$data"
run clv clv --currency GBP --limit 5
run clv-fit-report clv --currency GBP --fit-report --calibration-end 2011-06-30 --no-save
end=$(date +%s.%N)
printf '%-28s %6.2f s wall\n' "end to end" "$(echo "$end - $start" | bc)"
sed -n 1p "$dir/out-clv.txt"
grep -E 'log-likelihood' "$dir/out-clv-fit-report.txt"
