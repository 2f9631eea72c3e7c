package dev.holdfast.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EncodingTest {
  private static final FeatureMatrix TRAINING = FeatureMatrix.builder()
      .numeric("mrr", new double[] {10, 20, Double.NaN, 40})
      .numeric("seats", new double[] {1, 1, 1, 1})
      .categorical("plan", new String[] {"pro", "basic", "pro", null})
      .build();

  @Test
  void standardised_imputesTheMedianAddsAMissingIndicatorAndOneHots() {
    Encoding encoding = Encoding.fit(TRAINING, Encoding.Mode.STANDARDISED);
    assertThat(encoding.width()).isEqualTo(5);
    assertThat(java.util.stream.IntStream.range(0, 5).mapToObj(encoding::designName))
        .containsExactly("mrr", "mrr missing", "seats", "plan=basic", "plan=pro");
    // Median of 10, 20, 40 is 20; after imputation the column is 10, 20, 20, 40: mean 22.5, population sd 10.897.
    assertThat(encoding.median(0)).isEqualTo(20);
    assertThat(encoding.mean(0)).isEqualTo(22.5);
    double sd = Math.sqrt((12.5 * 12.5 + 2.5 * 2.5 * 2 + 17.5 * 17.5) / 4);
    assertThat(encoding.scale(0)).isCloseTo(sd, within(1e-12));
    double[] design = encoding.standardised(TRAINING);
    assertThat(design[0]).isCloseTo((10 - 22.5) / sd, within(1e-12));
    assertThat(design[2 * 5]).isCloseTo((20 - 22.5) / sd, within(1e-12));
    assertThat(design[2 * 5 + 1]).isEqualTo(1);
    assertThat(design[1]).isEqualTo(0);
    // A constant column has no spread: it is centred and left unscaled.
    assertThat(encoding.scale(1)).isEqualTo(1);
    assertThat(design[2]).isEqualTo(0);
    assertThat(new double[] {design[3], design[4]}).containsExactly(0, 1);
    assertThat(new double[] {design[3 * 5 + 3], design[3 * 5 + 4]}).containsExactly(0, 0);
  }

  @Test
  void trees_passNumbersAsTheyAreAndMarkAMissingCategoryMissingInEveryLevel() {
    Encoding encoding = Encoding.fit(TRAINING, Encoding.Mode.TREES);
    assertThat(encoding.width()).isEqualTo(4);
    float[] design = encoding.trees(TRAINING);
    assertThat(design[2 * 4]).isNaN();
    assertThat(new float[] {design[2], design[3]}).containsExactly(0f, 1f);
    assertThat(design[3 * 4 + 2]).isNaN();
    assertThat(design[3 * 4 + 3]).isNaN();
  }

  @Test
  void trees_ofManyRows_madeInBlocks_haveEveryRowWhereItBelongs() {
    // more rows than a block, columns in another order than the model's, a float column and an unseen level
    int rows = 10_001;
    double[] mrr = new double[rows];
    float[] seats = new float[rows];
    String[] plan = new String[rows];
    FeatureMatrix scoring = manyRows(mrr, seats, plan);
    float[] design = Encoding.fit(TRAINING, Encoding.Mode.TREES).trees(scoring);
    assertThat(design).hasSize(rows * 4);
    for (int row = 0; row < rows; row++) {
      int at = row * 4;
      assertThat(Float.valueOf(design[at])).as("mrr of row %d", row).isEqualTo(Float.valueOf((float) mrr[row]));
      assertThat(design[at + 1]).as("seats of row %d", row).isEqualTo(seats[row]);
      float[] levels = plan[row] == null ? new float[] {Float.NaN, Float.NaN}
          : new float[] {plan[row].equals("basic") ? 1 : 0, plan[row].equals("pro") ? 1 : 0};
      assertThat(new float[] {design[at + 2], design[at + 3]}).as("plan of row %d", row).containsExactly(levels);
    }
  }

  /** Fills the columns (all of one length) with numbers, missing values and levels, the model's and an unseen one. */
  private static FeatureMatrix manyRows(double[] mrr, float[] seats, String[] plan) {
    for (int row = 0; row < mrr.length; row++) {
      mrr[row] = row % 7 == 0 ? Double.NaN : row * 0.5;
      seats[row] = row % 3;
      plan[row] = row % 5 == 0 ? null : row % 5 == 1 ? "enterprise" : row % 2 == 0 ? "pro" : "basic";
    }
    return FeatureMatrix.builder().categorical("plan", plan).numeric("seats", seats).numeric("mrr", mrr).build();
  }

  @Test
  void treeRows_layOutTheRowsOfTheDesignABlockAtATime() {
    int rows = 10_001;
    FeatureMatrix scoring = manyRows(new double[rows], new float[rows], new String[rows]);
    Encoding encoding = Encoding.fit(TRAINING, Encoding.Mode.TREES);
    float[] design = encoding.trees(scoring);
    // every row by its number, in blocks of 64 and the short last one
    TreeEnsemble.DesignRows all = encoding.treeRows(scoring, null);
    for (int first = 0; first < rows; first += 64) {
      int count = Math.min(64, rows - first);
      float[] block = new float[count * 4];
      all.fill(first, count, block);
      assertThat(block).as("rows from %d", first).containsExactly(java.util.Arrays.copyOfRange(design, first * 4, (first + count) * 4));
    }
    // rows picked out of order, from a position in the middle of the list
    int[] picked = {10_000, 0, 7, 5, 1, 9_999};
    float[] block = new float[3 * 4];
    encoding.treeRows(scoring, picked).fill(2, 3, block);
    float[] expected = new float[3 * 4];
    for (int i = 0; i < 3; i++) {
      System.arraycopy(design, picked[2 + i] * 4, expected, i * 4, 4);
    }
    assertThat(block).containsExactly(expected);
  }

  @Test
  void scoring_matchesFeaturesAndLevelsByNameAndSetsUnseenLevelsToZero() {
    Encoding encoding = Encoding.fit(TRAINING, Encoding.Mode.STANDARDISED);
    // Columns in another order, a level the model never saw, and the known levels coded differently.
    FeatureMatrix scoring = FeatureMatrix.builder()
        .categorical("plan", List.of("enterprise", "pro", "basic"), new int[] {0, 1, 2})
        .numeric("seats", new double[] {1, 1, 1})
        .numeric("mrr", new double[] {10, 10, 10})
        .numeric("ignored", new double[] {5, 5, 5})
        .build();
    double[] design = encoding.standardised(scoring);
    assertThat(new double[] {design[3], design[4]}).containsExactly(0, 0);
    assertThat(new double[] {design[5 + 3], design[5 + 4]}).containsExactly(0, 1);
    assertThat(new double[] {design[10 + 3], design[10 + 4]}).containsExactly(1, 0);
    assertThat(design[0]).isEqualTo(encoding.standardised(TRAINING)[0]);
    float[] trees = Encoding.fit(TRAINING, Encoding.Mode.TREES).trees(scoring);
    assertThat(new float[] {trees[2], trees[3]}).containsExactly(0f, 0f);
  }

  @Test
  void scoring_namesAMissingOrRetypedFeature() {
    Encoding encoding = Encoding.fit(TRAINING, Encoding.Mode.TREES);
    FeatureMatrix lacking = FeatureMatrix.builder().numeric("mrr", new double[] {1}).build();
    assertThatThrownBy(() -> encoding.trees(lacking))
        .isInstanceOf(ModelException.class)
        .hasMessage("the data lacks feature \"seats\", which the model was trained on; the data has [mrr]");
    FeatureMatrix retyped = FeatureMatrix.builder()
        .numeric("mrr", new double[] {1})
        .numeric("seats", new double[] {1})
        .numeric("plan", new double[] {1})
        .build();
    assertThatThrownBy(() -> encoding.trees(retyped))
        .hasMessage("feature \"plan\" is categorical in the model but numeric in the data");
  }

  @Test
  void encoding_survivesItsJsonForm() {
    Encoding encoding = Encoding.fit(TRAINING, Encoding.Mode.STANDARDISED);
    Encoding back = Encoding.fromJson(encoding.toJson());
    assertThat(back.standardised(TRAINING)).containsExactly(encoding.standardised(TRAINING));
    assertThat(back.features()).isEqualTo(encoding.features());
  }
}
