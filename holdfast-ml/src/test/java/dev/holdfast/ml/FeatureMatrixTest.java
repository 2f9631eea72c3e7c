package dev.holdfast.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.HoldfastException.InputException;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureMatrixTest {

  private static FeatureMatrix small() {
    return FeatureMatrix.builder()
        .numeric("mrr", new double[] {10, Double.NaN, 30})
        .categorical("plan", new String[] {"pro", "basic", null})
        .labels(new int[] {1, 0, 0})
        .observationDates(new LocalDate[] {
            LocalDate.of(2026, 1, 1), LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 1)})
        .ids(new String[] {"a", "b", "c"})
        .build();
  }

  @Test
  void builder_storesValuesRowMajorWithLevelCodesAndNaNForMissing() {
    FeatureMatrix matrix = small();
    assertThat(matrix.rows()).isEqualTo(3);
    assertThat(matrix.features()).containsExactly(new Feature.Numeric("mrr"),
        new Feature.Categorical("plan", List.of("basic", "pro")));
    assertThat(matrix.value(0, 0)).isEqualTo(10f);
    assertThat(matrix.value(1, 0)).isNaN();
    assertThat(matrix.value(0, 1)).isEqualTo(1f);
    assertThat(matrix.value(1, 1)).isEqualTo(0f);
    assertThat(matrix.value(2, 1)).isNaN();
    assertThat(matrix.rawValues()).hasSize(6);
    assertThat(matrix.group(1)).isEqualTo((int) LocalDate.of(2026, 2, 1).toEpochDay());
    assertThat(matrix.id(2)).isEqualTo("c");
    assertThat(matrix.positives()).isEqualTo(1);
  }

  @Test
  void select_takesRowsInTheGivenOrder() {
    FeatureMatrix picked = small().select(new int[] {2, 0, 0});
    assertThat(picked.rows()).isEqualTo(3);
    assertThat(picked.id(0)).isEqualTo("c");
    assertThat(picked.value(1, 0)).isEqualTo(10f);
    assertThat(picked.labels()).containsExactly(0, 1, 1);
    assertThat(picked.features()).isEqualTo(small().features());
  }

  @Test
  void builder_namesTheBadValue() {
    assertThatThrownBy(() -> FeatureMatrix.builder().numeric("mrr", new double[] {1, Double.POSITIVE_INFINITY}))
        .isInstanceOf(InputException.class)
        .hasMessage("feature \"mrr\" row 1: Infinity is not a number a model can use; give a finite value, or NaN"
            + " when it is missing");
    assertThatThrownBy(() -> FeatureMatrix.builder().labels(new int[] {0, 2}))
        .isInstanceOf(InputException.class)
        .hasMessage("label of row 1 is 2; labels must be 0 or 1");
    assertThatThrownBy(() -> FeatureMatrix.builder().numeric("a", new double[2]).numeric("b", new double[3]))
        .hasMessage("feature \"b\" has 3 rows, but feature \"a\" has 2");
    assertThatThrownBy(() -> FeatureMatrix.builder().numeric("a", new double[2]).numeric("a", new double[2]))
        .hasMessage("feature \"a\" was added twice");
    assertThatThrownBy(() -> FeatureMatrix.builder().categorical("plan", List.of("x"), new int[] {0, 1}))
        .hasMessage("feature \"plan\" row 1: code 1 is outside its 1 levels; use -1 for a missing value");
  }

  @Test
  void stratifiedFolds_balanceSizeAndChurnersAndDependOnlyOnTheSeed() {
    FeatureMatrix data = SyntheticChurn.generate(1003, 9).matrix();
    int[] folds = data.stratifiedFolds(5, 77);
    assertThat(data.stratifiedFolds(5, 77)).isEqualTo(folds);
    assertThat(data.stratifiedFolds(5, 78)).isNotEqualTo(folds);
    int[] sizes = new int[5];
    int[] churners = new int[5];
    for (int row = 0; row < data.rows(); row++) {
      sizes[folds[row]]++;
      churners[folds[row]] += data.label(row);
    }
    for (int fold = 0; fold < 5; fold++) {
      assertThat(sizes[fold]).isBetween(1003 / 5, 1003 / 5 + 1);
      assertThat(churners[fold]).isBetween(data.positives() / 5, data.positives() / 5 + 1);
    }
  }
}
