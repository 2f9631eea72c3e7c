package dev.holdfast.clv;

import java.util.Arrays;

/**
 * Rows of three numbers grouped into their distinct patterns, each with the summed weight of its rows, in the
 * order each pattern first appears.
 *
 * <p>An open-addressing hash table over primitive arrays: a million rows group in tens of milliseconds, where a
 * {@code HashMap} of boxed keys takes seconds. Values compare by their bits after {@code −0.0} is folded into
 * {@code 0.0}; NaN is not expected (the callers validate first).
 */
final class PatternTable {
  private static final int EMPTY = -1;

  private double[] first;
  private double[] second;
  private double[] third;
  private double[] weight;
  private int[] slots;
  private int size;

  PatternTable(int expectedRows) {
    int capacity = Math.max(16, Math.min(expectedRows, 1 << 20));
    first = new double[capacity];
    second = new double[capacity];
    third = new double[capacity];
    weight = new double[capacity];
    slots = new int[Integer.highestOneBit(capacity * 2 - 1) * 2];
    Arrays.fill(slots, EMPTY);
  }

  /** Adds {@code rowWeight} to the pattern {@code (a, b, c)}, creating it if new; returns the pattern's index. */
  int add(double a, double b, double c, double rowWeight) {
    a += 0.0;
    b += 0.0;
    c += 0.0;
    int mask = slots.length - 1;
    int slot = hash(a, b, c) & mask;
    while (true) {
      int pattern = slots[slot];
      if (pattern == EMPTY) {
        break;
      }
      if (first[pattern] == a && second[pattern] == b && third[pattern] == c) {
        weight[pattern] += rowWeight;
        return pattern;
      }
      slot = (slot + 1) & mask;
    }
    if (size == first.length) {
      int capacity = size * 2;
      first = Arrays.copyOf(first, capacity);
      second = Arrays.copyOf(second, capacity);
      third = Arrays.copyOf(third, capacity);
      weight = Arrays.copyOf(weight, capacity);
    }
    first[size] = a;
    second[size] = b;
    third[size] = c;
    weight[size] = rowWeight;
    slots[slot] = size;
    size++;
    if (size * 2 > slots.length) {
      rehash();
    }
    return size - 1;
  }

  int size() {
    return size;
  }

  double[] first() {
    return Arrays.copyOf(first, size);
  }

  double[] second() {
    return Arrays.copyOf(second, size);
  }

  double[] third() {
    return Arrays.copyOf(third, size);
  }

  double[] weights() {
    return Arrays.copyOf(weight, size);
  }

  /** The distinct values of {@code values}, ascending. */
  static double[] distinctSorted(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int distinct = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (distinct == 0 || sorted[i] != sorted[distinct - 1]) {
        sorted[distinct++] = sorted[i];
      }
    }
    return Arrays.copyOf(sorted, distinct);
  }

  private void rehash() {
    slots = new int[slots.length * 2];
    Arrays.fill(slots, EMPTY);
    int mask = slots.length - 1;
    for (int pattern = 0; pattern < size; pattern++) {
      int slot = hash(first[pattern], second[pattern], third[pattern]) & mask;
      while (slots[slot] != EMPTY) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = pattern;
    }
  }

  private static int hash(double a, double b, double c) {
    long h = Double.doubleToLongBits(a);
    h = h * 0x9E3779B97F4A7C15L + Double.doubleToLongBits(b);
    h = h * 0x9E3779B97F4A7C15L + Double.doubleToLongBits(c);
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return (int) h;
  }
}
