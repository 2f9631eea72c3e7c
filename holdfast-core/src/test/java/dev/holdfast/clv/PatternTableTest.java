package dev.holdfast.clv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PatternTableTest {

  @Test
  void add_sumsTheWeightsOfIdenticalRowsInOrderOfFirstAppearance() {
    PatternTable table = new PatternTable(4);
    table.add(2, 30.5, 39, 1);
    table.add(0, 0, 39, 3);
    table.add(2, 30.5, 39, 2);
    table.add(0, -0.0, 39, 1);
    assertThat(table.size()).isEqualTo(2);
    assertThat(table.first()).containsExactly(2, 0);
    assertThat(table.second()).containsExactly(30.5, 0);
    assertThat(table.third()).containsExactly(39, 39);
    assertThat(table.weights()).containsExactly(3, 4);
  }

  @Test
  void add_keepsEveryDistinctPatternWhileTheTableGrows() {
    PatternTable table = new PatternTable(1);
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 100_000; i++) {
        table.add(i % 17, i * 0.25, i % 3, 1);
      }
    }
    assertThat(table.size()).isEqualTo(100_000);
    double[] weights = table.weights();
    assertThat(weights).containsOnly(3);
    assertThat(table.second()[99_999]).isEqualTo(99_999 * 0.25);
  }

  @Test
  void distinctSorted_returnsEachValueOnceInAscendingOrder() {
    assertThat(PatternTable.distinctSorted(new double[] {3, 1, 3, 0, 1, 7})).containsExactly(0, 1, 3, 7);
    assertThat(PatternTable.distinctSorted(new double[0])).isEmpty();
  }
}
