#!/usr/bin/env bash
# Import benchmark: rows/s and peak memory of `holdfast import --kind events` from CSV and Parquet.
#
#   ./mvnw -q -B -DskipTests package && bash holdfast-bench/scripts/import-bench.sh 1000000 10000000
#
# For each size it writes a deterministic events file (and its customers) under ${BENCH_DIR:-/tmp/holdfast-bench},
# converts it to Parquet with DuckDB, and times a full import (validation on) into a fresh store with
# /usr/bin/time (wall seconds, peak resident memory). Results go to docs/benchmarks.md by hand.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${BENCH_DIR:-/tmp/holdfast-bench}"
classes="$root/holdfast-bench/target/classes"
lib="$root/holdfast-app/target/lib"
mkdir -p "$dir"
for rows in "${@:-1000000}"; do
  data="$dir/events-$rows"
  if [[ ! -f "$data/events.csv" ]]; then
    java -cp "$classes" dev.holdfast.bench.EventFile "$rows" 100000 "$data"
  fi
  if [[ ! -f "$data/events.parquet" ]]; then
    java -cp "$(ls "$lib"/duckdb_jdbc-*.jar)" "$root/holdfast-bench/scripts/ToParquet.java" "$data/events.csv" "$data/events.parquet"
  fi
  for format in csv parquet; do
    store="$data/store-$format.duckdb"
    rm -f "$store" "$store.wal"
    "$root/bin/holdfast" import --store "$store" --kind customers "$data/customers.csv" > /dev/null
    /usr/bin/time -f "%e s wall, %M KiB peak" -o "$data/time-$format.txt" \
      "$root/bin/holdfast" import --store "$store" --kind events "$data/events.$format" > "$data/out-$format.txt"
    seconds=$(cut -d' ' -f1 "$data/time-$format.txt")
    echo "$format rows=$rows $(cat "$data/time-$format.txt") => $(awk -v r="$rows" -v s="$seconds" 'BEGIN{printf "%.0f rows/s", r/s}') ($(head -1 "$data/out-$format.txt"))"
  done
done
