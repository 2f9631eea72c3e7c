package dev.holdfast.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.holdfast.ml.evaluation.CalibrationTable;
import dev.holdfast.ml.evaluation.Evaluation;
import dev.holdfast.ml.evaluation.Metrics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Simulation with known truth ({@link SyntheticChurn}): churn is logistic in three of ten features. Both models are
 * trained on 10 000 customers and judged on 10 000 others drawn from the same truth.
 */
class PlantedDriversTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);
  private static SyntheticChurn.Sample training;
  private static SyntheticChurn.Sample test;
  private static ChurnModel xgboost;
  private static LogisticModel logistic;

  @BeforeAll
  static void train() {
    training = SyntheticChurn.generate(10_000, 1);
    test = SyntheticChurn.generate(10_000, 2);
    xgboost = new ChurnTrainer(XgboostParameters.defaults(), CalibrationMethod.PLATT, 5, CLOCK)
        .train(training.matrix());
    logistic = (LogisticModel) new ChurnTrainer(LogisticParameters.defaults(), CalibrationMethod.PLATT, 5, CLOCK)
        .train(training.matrix());
  }

  @Test
  void logistic_recoversThePlantedCoefficients() {
    Map<String, Double> perUnit = logistic.coefficients();
    System.out.println("planted-driver logistic coefficients per unit: " + perUnit + ", intercept "
        + logistic.intercept());
    // Standard errors at 10 000 rows: about 0.0017 (tenure), 0.06 (logins), 0.03 (tickets), 0.08 (intercept).
    assertThat(perUnit.get("tenure_months")).isCloseTo(SyntheticChurn.TENURE_MONTHS, within(0.007));
    assertThat(perUnit.get("logins_change")).isCloseTo(SyntheticChurn.LOGINS_CHANGE, within(0.24));
    assertThat(perUnit.get("open_tickets")).isCloseTo(SyntheticChurn.OPEN_TICKETS, within(0.12));
    assertThat(logistic.intercept()).isCloseTo(SyntheticChurn.INTERCEPT, within(0.3));
    // The noise features: standardised coefficients (standard error about 0.03) are small next to the drivers'
    // (0.69, 0.80, 0.70); 0/1 columns (levels, the missing indicator) have standard errors up to 0.07.
    logistic.standardisedCoefficients().forEach((column, coefficient) -> {
      if (SyntheticChurn.DRIVERS.stream().noneMatch(column::equals)) {
        boolean indicator = column.contains("=") || column.endsWith(" missing");
        assertThat(Math.abs(coefficient)).as(column).isLessThan(indicator ? 0.3 : 0.12);
      }
    });
  }

  @Test
  void models_rankAlmostAsWellAsTheTruth() {
    int[] labels = test.matrix().labels();
    double oracle = Metrics.auc(test.probabilities(), labels);
    double trees = Metrics.auc(xgboost.predict(test.matrix()), labels);
    double linear = Metrics.auc(logistic.predict(test.matrix()), labels);
    System.out.printf("planted drivers, test AUC: truth %.4f, XGBoost %.4f, logistic %.4f%n", oracle, trees, linear);
    assertThat(linear).isGreaterThan(oracle - 0.005);
    assertThat(trees).isGreaterThan(oracle - 0.015);
  }

  @Test
  void reasons_forChurnersAreThePlantedDrivers() {
    FeatureMatrix rows = test.matrix();
    var churners = new java.util.BitSet();
    for (int row = 0; row < rows.rows(); row++) {
      if (rows.label(row) == 1) {
        churners.set(row);
      }
    }
    // The share of churners whose strongest reason is a planted driver; trees also give some weight to noise.
    Map<ChurnModel, Double> required = Map.of(xgboost, 0.9, logistic, 0.95);
    for (ChurnModel model : new ChurnModel[] {xgboost, logistic}) {
      Contributions contributions = model.contributions(rows, churners);
      int explained = 0;
      for (int row = churners.nextSetBit(0); row >= 0; row = churners.nextSetBit(row + 1)) {
        assertThat(contributions.isExact(row)).isTrue();
        var reasons = contributions.reasons(row, 1);
        if (!reasons.isEmpty() && SyntheticChurn.DRIVERS.contains(reasons.get(0).feature())) {
          explained++;
        }
      }
      double share = explained / (double) churners.cardinality();
      System.out.printf("%s: the strongest reason is a planted driver for %.1f %% of churners%n", model.kind(),
          100 * share);
      assertThat(share).as(model.kind().id()).isGreaterThan(required.get(model));
      double[] importance = contributions.meanAbsolute();
      var ranked = new ArrayList<String>(contributions.features());
      ranked.sort((a, b) -> Double.compare(importance[contributions.features().indexOf(b)],
          importance[contributions.features().indexOf(a)]));
      assertThat(ranked.subList(0, 3)).as(model.kind().id())
          .containsExactlyInAnyOrderElementsOf(SyntheticChurn.DRIVERS);
    }
  }

  @Test
  void calibratedProbabilities_matchObservedChurnInEveryDecile() {
    int[] labels = test.matrix().labels();
    for (ChurnModel model : new ChurnModel[] {xgboost, logistic}) {
      Evaluation evaluation = Evaluation.of(model.predict(test.matrix()), labels);
      CalibrationTable table = evaluation.calibration();
      assertThat(table.bins()).hasSize(10);
      for (CalibrationTable.Bin bin : table.bins()) {
        // 1 000 rows a bin: the observed rate's standard error is at most 0.016.
        assertThat(bin.meanPredicted()).as("%s, bin %s", model.kind(), bin).isCloseTo(bin.observed(), within(0.05));
      }
      assertThat(table.expectedCalibrationError()).as(model.kind().id()).isLessThan(0.025);
    }
  }

  @Test
  void contributions_addUpToTheMargin() {
    FeatureMatrix rows = test.matrix().select(java.util.stream.IntStream.range(0, 500).toArray());
    double[] treeMargins = xgboost.margins(rows);
    Contributions exact = xgboost.contributions(rows);
    Contributions approximate = xgboost.contributions(rows, new java.util.BitSet());
    double[] linearMargins = logistic.margins(rows);
    Contributions linear = logistic.contributions(rows);
    for (int row = 0; row < rows.rows(); row++) {
      assertThat(exact.isExact(row)).isTrue();
      assertThat(approximate.isExact(row)).isFalse();
      assertThat(exact.margin(row)).isCloseTo(treeMargins[row], within(1e-4));
      assertThat(approximate.margin(row)).isCloseTo(treeMargins[row], within(1e-4));
      assertThat(linear.margin(row)).isCloseTo(linearMargins[row], within(1e-9));
    }
    // The approximation is not the exact SHAP value, but it is close to it on average.
    double difference = 0;
    double size = 0;
    for (int row = 0; row < rows.rows(); row++) {
      for (int feature = 0; feature < exact.features().size(); feature++) {
        difference += Math.abs(exact.value(row, feature) - approximate.value(row, feature));
        size += Math.abs(exact.value(row, feature));
      }
    }
    assertThat(difference).isGreaterThan(0).isLessThan(0.5 * size);
  }
}
