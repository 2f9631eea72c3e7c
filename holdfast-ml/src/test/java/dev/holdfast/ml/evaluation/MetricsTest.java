package dev.holdfast.ml.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricsTest {
  // Churners score 0.35, 0.8 and 0.4; the others 0.1 and 0.4. Of the six churner/other pairs the churner is higher in
  // four (0.35>0.1, 0.8>0.1, 0.8>0.4, 0.4>0.1), lower in one (0.35<0.4) and tied in one (0.4=0.4): AUC = 4.5 / 6.
  private static final double[] SCORES = {0.1, 0.4, 0.35, 0.8, 0.4};
  private static final int[] LABELS = {0, 0, 1, 1, 1};

  @Test
  void auc_countsATieAsHalfAPair() {
    assertThat(Metrics.auc(SCORES, LABELS)).isCloseTo(0.75, within(1e-15));
  }

  @Test
  void auc_isOneForAPerfectRankingAndHalfForConstantScores() {
    assertThat(Metrics.auc(new double[] {0.1, 0.2, 0.3, 0.4}, new int[] {0, 0, 1, 1})).isEqualTo(1.0);
    assertThat(Metrics.auc(new double[] {0.5, 0.5, 0.5, 0.5}, new int[] {0, 1, 0, 1})).isEqualTo(0.5);
    assertThat(Metrics.auc(new double[] {0.1, 0.2}, new int[] {1, 1})).isNaN();
  }

  @Test
  void auc_matchesBruteForcePairCounting_onRandomTiedScores() {
    var random = new SplittableRandom(11);
    for (int round = 0; round < 200; round++) {
      int n = 2 + random.nextInt(40);
      double[] scores = new double[n];
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        scores[i] = random.nextInt(5);
        labels[i] = random.nextInt(2);
      }
      double pairs = 0;
      double wins = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (labels[i] == 1 && labels[j] == 0) {
            pairs++;
            wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
          }
        }
      }
      double expected = pairs == 0 ? Double.NaN : wins / pairs;
      assertThat(Metrics.auc(scores, labels)).as("round %d", round).isEqualTo(expected, within(1e-12));
    }
  }

  @Test
  void averagePrecision_entersTiedScoresTogether() {
    // Thresholds from the top: 0.8 → precision 1, recall 1/3; 0.4 → 2/3, 2/3; 0.35 → 3/4, 1; 0.1 adds no recall.
    // AP = 1/3 · 1 + 1/3 · 2/3 + 1/3 · 3/4 = 29/36.
    assertThat(Metrics.averagePrecision(SCORES, LABELS)).isCloseTo(29.0 / 36, within(1e-15));
  }

  @Test
  void averagePrecision_isOneForAPerfectRankingAndTheChurnRateForConstantScores() {
    assertThat(Metrics.averagePrecision(new double[] {0.1, 0.2, 0.3, 0.4}, new int[] {0, 0, 1, 1})).isEqualTo(1.0);
    assertThat(Metrics.averagePrecision(new double[] {0.5, 0.5, 0.5, 0.5}, new int[] {0, 1, 0, 0}))
        .isEqualTo(0.25);
  }

  @Test
  void brierAndLogLoss_matchHandComputation() {
    double[] probabilities = {0.9, 0.2, 0.6};
    int[] labels = {1, 0, 0};
    assertThat(Metrics.brier(probabilities, labels)).isCloseTo((0.01 + 0.04 + 0.36) / 3, within(1e-15));
    assertThat(Metrics.logLoss(probabilities, labels))
        .isCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4)) / 3, within(1e-15));
  }

  @Test
  void lift_splitsATieAtTheEdgeOfTheTopInProportion() {
    double[] scores = {0.9, 0.8, 0.8, 0.7, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
    int[] labels = {1, 1, 0, 0, 1, 0, 0, 0, 0, 0};
    Metrics.Lift decile = Metrics.lift(scores, labels, 0.1);
    assertThat(decile.churners()).isEqualTo(1.0);
    assertThat(decile.capture()).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(decile.precision()).isEqualTo(1.0);
    assertThat(decile.lift()).isCloseTo(10.0 / 3, within(1e-12));
    // The top 2 rows: 0.9 (a churner) and half of the tied pair at 0.8 (one churner, one not).
    Metrics.Lift fifth = Metrics.lift(scores, labels, 0.2);
    assertThat(fifth.churners()).isEqualTo(1.5);
    assertThat(fifth.capture()).isEqualTo(0.5);
    assertThat(fifth.precision()).isEqualTo(0.75);
    assertThat(fifth.lift()).isCloseTo(2.5, within(1e-12));
  }

  @Test
  void lift_ofTheWholeRankingIsOne() {
    Metrics.Lift all = Metrics.lift(SCORES, LABELS, 1.0);
    assertThat(all.capture()).isEqualTo(1.0);
    assertThat(all.lift()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void calibrationTable_binsByQuantileKeepingTiesTogether() {
    double[] probabilities = {0.9, 0.1, 0.2, 0.1, 0.3, 0.2, 0.4, 0.3, 0.9, 0.4};
    int[] labels = {1, 0, 0, 0, 0, 1, 1, 1, 1, 0};
    CalibrationTable table = CalibrationTable.of(probabilities, labels, 5, CalibrationTable.Binning.QUANTILE);
    assertThat(table.bins()).extracting(CalibrationTable.Bin::count).containsExactly(2, 2, 2, 2, 2);
    assertThat(table.bins()).extracting(CalibrationTable.Bin::meanPredicted)
        .containsExactly(0.1, 0.2, 0.3, 0.4, 0.9);
    assertThat(table.bins()).extracting(CalibrationTable.Bin::observed).containsExactly(0.0, 0.5, 0.5, 0.5, 1.0);
    assertThat(table.expectedCalibrationError()).isCloseTo((0.2 + 0.6 + 0.4 + 0.2 + 0.2) / 10, within(1e-12));
  }

  @Test
  void calibrationTable_equalWidthBinsLeaveOutEmptyOnes() {
    double[] probabilities = {0.05, 0.07, 0.55, 0.95};
    int[] labels = {0, 1, 1, 1};
    CalibrationTable table = CalibrationTable.of(probabilities, labels, 10, CalibrationTable.Binning.EQUAL_WIDTH);
    assertThat(table.bins()).hasSize(3);
    CalibrationTable.Bin first = table.bins().get(0);
    assertThat(first.lower()).isEqualTo(0.0);
    assertThat(first.upper()).isEqualTo(0.1);
    assertThat(first.count()).isEqualTo(2);
    assertThat(first.meanPredicted()).isCloseTo(0.06, within(1e-15));
    assertThat(first.observed()).isEqualTo(0.5);
    assertThat(table.bins().get(2).lower()).isEqualTo(0.9);
  }

  @Test
  void measures_refuseMismatchedInput() {
    assertThatThrownBy(() -> Metrics.auc(new double[] {0.1}, new int[] {0, 1}))
        .hasMessage("scores and labels differ in length: 1 and 2");
    assertThatThrownBy(() -> Metrics.brier(new double[] {0.1}, new int[] {2}))
        .hasMessage("label 0 is 2; labels must be 0 or 1");
  }
}
