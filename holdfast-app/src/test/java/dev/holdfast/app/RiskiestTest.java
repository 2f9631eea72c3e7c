package dev.holdfast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class RiskiestTest {
  private static final double[] PROBABILITY = {0.10, 0.90, 0.30, 0.50, 0.30, 0.25, 0.05};

  @Test
  void riskiest_takesTheTopRowsAtOrAboveTheThreshold() {
    assertThat(ScoreCommand.riskiest(PROBABILITY, 2, 0.2)).isEqualTo(rows(1, 3));
    // fewer than top at or above the threshold: all of them
    assertThat(ScoreCommand.riskiest(PROBABILITY, 10, 0.2)).isEqualTo(rows(1, 2, 3, 4, 5));
    assertThat(ScoreCommand.riskiest(PROBABILITY, 10, 0.95)).isEqualTo(rows());
    assertThat(ScoreCommand.riskiest(PROBABILITY, 0, 0.2)).isEqualTo(rows());
  }

  @Test
  void riskiest_breaksTiesByRowOrder() {
    // 0.90, 0.50, then one of the two 0.30s: the first
    assertThat(ScoreCommand.riskiest(PROBABILITY, 3, 0.2)).isEqualTo(rows(1, 2, 3));
    assertThat(ScoreCommand.riskiest(PROBABILITY, 4, 0.2)).isEqualTo(rows(1, 2, 3, 4));
  }

  @Test
  void largest_isWhatSortingPutsAtItsPlace() {
    java.util.Random random = new java.util.Random(5);
    for (int round = 0; round < 200; round++) {
      // few distinct values (ties), sometimes in order or in reverse
      double[] values = new double[1 + random.nextInt(300)];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextInt(1 + random.nextInt(40)) / 10.0;
      }
      if (round % 3 == 1) {
        java.util.Arrays.sort(values);
      }
      double[] sorted = values.clone();
      java.util.Arrays.sort(sorted);
      int k = 1 + random.nextInt(values.length);
      assertThat(ScoreCommand.largest(values, k)).as("round %d, k %d of %d", round, k, values.length)
          .isEqualTo(sorted[values.length - k]);
      assertThat(ScoreCommand.largest(values, values.length)).isEqualTo(sorted[0]);
      assertThat(ScoreCommand.largest(values, 1)).isEqualTo(sorted[values.length - 1]);
    }
  }

  private static BitSet rows(int... indexes) {
    BitSet rows = new BitSet();
    for (int index : indexes) {
      rows.set(index);
    }
    return rows;
  }
}
