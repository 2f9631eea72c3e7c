package dev.holdfast.ml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.ml.evaluation.Validation;
import dev.holdfast.ml.evaluation.ValidationReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reference test on the IBM Telco churn sample: 5-fold stratified cross-validation with default settings. Published
 * reference on this design: scikit-learn's logistic regression reaches a mean AUC of 0.845, XGBoost 0.842.
 */
class TelcoChurnTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);
  private static FeatureMatrix telco;

  @BeforeAll
  static void load() {
    telco = TelcoData.load();
  }

  @Test
  void data_hasTheDocumentedShape() {
    assertThat(telco.rows()).isEqualTo(7043);
    assertThat(telco.columns()).isEqualTo(19);
    assertThat(telco.positives()).isEqualTo(1869);
    int totalCharges = telco.columnOf("TotalCharges");
    int missing = 0;
    for (int row = 0; row < telco.rows(); row++) {
      if (Float.isNaN(telco.value(row, totalCharges))) {
        missing++;
        assertThat(telco.value(row, telco.columnOf("tenure"))).isZero();
      }
    }
    assertThat(missing).isEqualTo(11);
    assertThat(telco.feature(telco.columnOf("Contract")))
        .isEqualTo(new Feature.Categorical("Contract", java.util.List.of("Month-to-month", "One year", "Two year")));
  }

  @Test
  void logisticBaseline_reachesTheReferenceAuc() {
    var trainer = new ChurnTrainer(LogisticParameters.defaults(), CalibrationMethod.PLATT, 42, CLOCK);
    ValidationReport report = Validation.stratifiedKFold(telco, trainer, 5, 42);
    System.out.println("Telco, logistic: " + report);
    assertThat(report.auc().mean()).isGreaterThanOrEqualTo(0.845);
    assertThat(report.folds()).hasSize(5);
    assertThat(report.brier().mean()).isBetween(0.12, 0.15);
    assertThat(report.topDecileLift().mean()).isGreaterThan(2.5);
  }

  @Test
  void xgboost_reachesTheReferenceAucWithDefaults() {
    var trainer = new ChurnTrainer(XgboostParameters.defaults(), CalibrationMethod.PLATT, 42, CLOCK);
    ValidationReport report = Validation.stratifiedKFold(telco, trainer, 5, 42);
    System.out.println("Telco, XGBoost: " + report);
    assertThat(report.auc().mean()).isGreaterThanOrEqualTo(0.84);
    assertThat(report.brier().mean()).isBetween(0.12, 0.15);
    assertThat(report.topDecileLift().mean()).isGreaterThan(2.5);
  }
}
