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

  private static BitSet rows(int... indexes) {
    BitSet rows = new BitSet();
    for (int index : indexes) {
      rows.set(index);
    }
    return rows;
  }
}
