#!/usr/bin/env bash
# The same XGBoost training run in XGBoost4J (Holdfast) and Python's xgboost (Debian's python3-xgboost), on
# holdfast train's training set of a store, with Holdfast's default parameters and a fixed number of rounds.
#
#   ./mvnw -q -B -DskipTests package && bash holdfast-bench/scripts/xgboost-compare.sh /tmp/holdfast-bench/churn-1000000.duckdb 500
#
# Installs python3-xgboost with apt-get when it is missing. Writes the training set to ${BENCH_DIR:-/tmp/holdfast-bench}.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
store="$1"
rounds="${2:-500}"
dir="${BENCH_DIR:-/tmp/holdfast-bench}"
mkdir -p "$dir"
if ! /usr/bin/python3 -c 'import xgboost' 2> /dev/null; then
  apt-get install -y -q python3-xgboost > /dev/null
fi
export OMP_WAIT_POLICY=PASSIVE
java -cp "$root/holdfast-bench/target/classes:$root/holdfast-bench/target/lib/*" dev.holdfast.app.XgboostComparison \
  "$store" "$dir/training.csv" "$rounds" 2> /dev/null
/usr/bin/python3 "$root/holdfast-bench/scripts/xgboost-python.py" "$dir/training.csv" "$rounds" 42
