# Trains Python's xgboost on the CSV written by dev.holdfast.app.XgboostComparison with the parameters that
# XgboostComparison gives XGBoost4J (Holdfast's defaults with the learning rate 0.05 of the recorded run, docs/benchmarks.md): categorical columns (cat:NAME, level codes) one-hot as Holdfast encodes them,
# empty cells missing. Prints the seconds of xgb.train alone.
#   /usr/bin/python3 holdfast-bench/scripts/xgboost-python.py FILE.csv ROUNDS SEED
# Needs Debian's python3-xgboost (apt-get install python3-xgboost), hence /usr/bin/python3.
import sys
import time

import numpy as np
import xgboost as xgb

path, rounds, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(path, encoding="utf-8") as f:
    header = f.readline().rstrip("\n").split(",")
data = np.genfromtxt(path, delimiter=",", skip_header=1, dtype=np.float32, filling_values=np.nan)
labels = data[:, -1]
columns = []
for i, name in enumerate(header[:-1]):
    if name.startswith("cat:"):
        codes = data[:, i]
        for level in np.unique(codes[~np.isnan(codes)]):
            one_hot = (codes == level).astype(np.float32)
            one_hot[np.isnan(codes)] = np.nan
            columns.append(one_hot)
    else:
        columns.append(data[:, i])
design = np.column_stack(columns)
matrix = xgb.DMatrix(design, label=labels, missing=np.nan)
parameters = {
    "objective": "binary:logistic", "eval_metric": "logloss", "tree_method": "hist", "max_depth": 4, "eta": 0.05,
    "subsample": 0.8, "colsample_bytree": 0.8, "min_child_weight": 1, "lambda": 1, "scale_pos_weight": 1,
    "seed": seed, "nthread": 2, "verbosity": 0,
}
start = time.perf_counter()
xgb.train(parameters, matrix, num_boost_round=rounds)
seconds = time.perf_counter() - start
print(f"Python xgboost {xgb.__version__}: {design.shape[0]} rows × {design.shape[1]} columns, {rounds} rounds, "
      f"2 threads: {seconds:.2f} s")
