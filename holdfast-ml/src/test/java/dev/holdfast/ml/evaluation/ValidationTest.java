package dev.holdfast.ml.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.holdfast.ml.CalibrationMethod;
import dev.holdfast.ml.ChurnTrainer;
import dev.holdfast.ml.FeatureMatrix;
import dev.holdfast.ml.LogisticParameters;
import dev.holdfast.ml.ModelException;
import dev.holdfast.ml.SyntheticChurn;
import java.time.Clock;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ValidationTest {
  private static final ChurnTrainer LOGISTIC =
      new ChurnTrainer(LogisticParameters.defaults(), CalibrationMethod.PLATT, 1, Clock.systemUTC());
  private static final FeatureMatrix DATA = SyntheticChurn.generate(3_000, 41).matrix();

  @Test
  void stratifiedKFold_evaluatesEveryRowOnceAndSummarisesTheFolds() {
    ValidationReport report = Validation.stratifiedKFold(DATA, LOGISTIC, 4, 7);
    assertThat(report.design()).isEqualTo("stratified 4-fold, seed 7");
    assertThat(report.folds()).hasSize(4);
    assertThat(report.folds().stream().mapToInt(fold -> fold.evaluation().rows()).sum()).isEqualTo(3_000);
    assertThat(report.folds().stream().mapToInt(fold -> fold.evaluation().churners()).sum())
        .isEqualTo(DATA.positives());
    report.folds().forEach(fold -> assertThat(fold.trainingRows() + fold.evaluation().rows()).isEqualTo(3_000));
    double[] aucs = report.folds().stream().mapToDouble(fold -> fold.evaluation().auc()).toArray();
    double mean = (aucs[0] + aucs[1] + aucs[2] + aucs[3]) / 4;
    double variance = 0;
    for (double auc : aucs) {
      variance += (auc - mean) * (auc - mean) / 3;
    }
    assertThat(report.auc().mean()).isCloseTo(mean, within(1e-15));
    assertThat(report.auc().sd()).isCloseTo(Math.sqrt(variance), within(1e-15));
    assertThat(report.auc().mean()).isBetween(0.74, 0.84);
    assertThat(report.toJson()).contains("\"design\" : \"stratified 4-fold, seed 7\"", "\"auc\"", "\"bins\"");
  }

  @Test
  void timeOrdered_trainsOnlyOnRowsAtLeastTheGapOlder() {
    // Six monthly observation dates, 500 rows each. A row is a training row for date g when its date is at most
    // g - gap: its label window (the gap) then ends no later than g.
    int may = (int) LocalDate.of(2026, 5, 1).toEpochDay();
    int june = (int) LocalDate.of(2026, 6, 1).toEpochDay();
    ValidationReport report = Validation.timeOrdered(DATA, LOGISTIC, 2, 32);
    assertThat(report.folds()).extracting(ValidationReport.Fold::name)
        .containsExactly("group " + may, "group " + june);
    // 32 days before May 1 is March 30, before June 1 is April 30: January to March, then January to April.
    assertThat(report.folds()).extracting(ValidationReport.Fold::trainingRows).containsExactly(1_500, 2_000);
    assertThat(report.folds()).extracting(fold -> fold.evaluation().rows()).containsExactly(500, 500);
    assertThat(report.design()).isEqualTo("time-ordered, 2 newest groups, gap 32");
    // May has 31 days: with a 31-day gap, the May rows' labels end on June 1 and they may train the June model.
    ValidationReport touching = Validation.timeOrdered(DATA, LOGISTIC, 2, 31);
    assertThat(touching.folds()).extracting(ValidationReport.Fold::trainingRows).containsExactly(1_500, 2_500);
  }

  @Test
  void timeOrdered_namesWhatIsMissing() {
    FeatureMatrix undated = FeatureMatrix.builder().numeric("x", new double[] {1, 2}).labels(new int[] {0, 1})
        .build();
    assertThatThrownBy(() -> Validation.timeOrdered(undated, LOGISTIC, 1, 1))
        .isInstanceOf(ModelException.class)
        .hasMessage("time-ordered validation needs the rows' observation dates (groups); this matrix has none");
    assertThatThrownBy(() -> Validation.timeOrdered(DATA, LOGISTIC, 6, 1))
        .hasMessage("time-ordered validation with 6 folds needs more than 6 observation dates; the data has 6");
  }
}
