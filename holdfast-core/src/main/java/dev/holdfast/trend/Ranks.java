package dev.holdfast.trend;

import java.util.Arrays;

/**
 * The ranks of values pooled from several groups, ties sharing their average rank: each group's rank sum and
 * Σ (t³ − t) over the groups of t tied values, the tie term of rank tests.
 */
record Ranks(double[] rankSums, double tieSum, int total) {
  static Ranks of(double[][] groups) {
    int total = 0;
    for (double[] group : groups) {
      total += group.length;
    }
    double[] pooled = new double[total];
    int[] groupOf = new int[total];
    int k = 0;
    for (int g = 0; g < groups.length; g++) {
      for (double value : groups[g]) {
        pooled[k] = value;
        groupOf[k++] = g;
      }
    }
    Integer[] order = new Integer[total];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Double.compare(pooled[a], pooled[b]));
    double[] rankSums = new double[groups.length];
    double tieSum = 0;
    for (int start = 0; start < total; ) {
      int end = start;
      while (end + 1 < total && pooled[order[end + 1]] == pooled[order[start]]) {
        end++;
      }
      double averageRank = (start + end) / 2.0 + 1;
      for (int i = start; i <= end; i++) {
        rankSums[groupOf[order[i]]] += averageRank;
      }
      double t = end - start + 1;
      tieSum += t * t * t - t;
      start = end + 1;
    }
    return new Ranks(rankSums, tieSum, total);
  }
}
