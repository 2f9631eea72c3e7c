#!/usr/bin/env bash
# Demo-generation benchmark: wall seconds and peak memory of `holdfast demo` for several sizes.
#
#   ./mvnw -q -B -DskipTests package && bash holdfast-bench/scripts/demo-bench.sh 1000 100000 1000000
#
# Each run generates a 24-month subscription company (seed 42) into a fresh store under
# ${BENCH_DIR:-/tmp/holdfast-bench} and prints the time, the peak resident memory and the event count.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${BENCH_DIR:-/tmp/holdfast-bench}"
mkdir -p "$dir"
for customers in "${@:-1000}"; do
  store="$dir/demo-$customers.duckdb"
  rm -f "$store" "$store.wal"
  /usr/bin/time -f "%e s wall, %M KiB peak" -o "$dir/demo-$customers.time" \
    "$root/bin/holdfast" demo --customers "$customers" --store "$store" --replace > "$dir/demo-$customers.out"
  echo "customers=$customers $(cat "$dir/demo-$customers.time"); $(sed -n 2p "$dir/demo-$customers.out"); store $(du -h "$store" | cut -f1)"
done
