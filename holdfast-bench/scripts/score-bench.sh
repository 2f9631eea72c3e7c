#!/usr/bin/env bash
# Scoring benchmark: holdfast score (features of every active customer, prediction, reasons, health, revenue at risk,
# the scores written) run RUNS times one after another on the store churn-bench.sh trained a model in, the same day
# each time (the day's scores replaced). Prints each run's wall time, processor time, page faults and peak memory and
# the steps that took longest (HOLDFAST_TRACE), then the median, fastest and slowest run.
#
#   ./mvnw -q -B -DskipTests package && bash holdfast-bench/scripts/churn-bench.sh 1000000 \
#     && bash holdfast-bench/scripts/score-bench.sh 1000000 10
#
# One run alone says little on a shared virtual machine: the same work takes up to 40 % more processor time in its
# slower minutes, so the median of several runs is the figure to compare with a target (docs/benchmarks.md).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${BENCH_DIR:-/tmp/holdfast-bench}"
customers="${1:-100000}"
runs="${2:-5}"
store="$dir/churn-$customers.duckdb"
if [[ ! -f "$store" ]]; then
  echo "score-bench: $store is missing; make it first with: bash holdfast-bench/scripts/churn-bench.sh $customers" >&2
  exit 1
fi
export OMP_WAIT_POLICY=PASSIVE HOLDFAST_TRACE=1
walls=()
for run in $(seq 1 "$runs"); do
  /usr/bin/time -f "%e %U %S %R %M" -o "$dir/time-score-bench.txt" "$root/bin/holdfast" score --store "$store" \
    > "$dir/out-score-bench.txt" 2> "$dir/err-score-bench.txt"
  read -r seconds user system faults kib < "$dir/time-score-bench.txt"
  walls+=("$seconds")
  # the three longest steps, as "name seconds"
  steps=$(sed -n 's/^trace: \(.*[^ ]\) \+\([0-9.]\+\) s .*/\2 \1/p' "$dir/err-score-bench.txt" | sort -rn | head -3 \
    | awk '{t = $1; $1 = ""; printf "%s%s %.2f s", (NR > 1 ? ";" : ""), $0, t}')
  printf 'run %2d  %6.2f s wall  user %6.2f s  system %5.2f s  %7d page faults  %5d MiB peak |%s\n' \
    "$run" "$seconds" "$user" "$system" "$faults" "$((kib / 1024))" "$steps"
done
sed 's/^/  /' "$dir/out-score-bench.txt"
printf '%s\n' "${walls[@]}" | sort -n | awk '{w[NR] = $1} END {
  median = NR % 2 ? w[(NR + 1) / 2] : (w[NR / 2] + w[NR / 2 + 1]) / 2
  printf "%d runs: median %.2f s, fastest %.2f s, slowest %.2f s\n", NR, median, w[1], w[NR]}'
