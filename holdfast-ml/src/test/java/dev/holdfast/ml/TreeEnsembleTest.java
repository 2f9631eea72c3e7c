package dev.holdfast.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.HoldfastBridge;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The trees walked in Java against XGBoost's own margins and approximate contributions, row by row. */
class TreeEnsembleTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);
  private static XgboostModel model;
  private static byte[] json;

  @BeforeAll
  static void train() throws Exception {
    FeatureMatrix training = SyntheticChurn.generate(5_000, 31).matrix();
    model = (XgboostModel) new ChurnTrainer(XgboostParameters.defaults().withFixedRounds(80).withMaxDepth(5),
        CalibrationMethod.NONE, 4, CLOCK).train(training);
    var booster = XgboostTraining.load(model.boosterBytes(), 1);
    try {
      json = booster.toByteArray("json");
    } finally {
      booster.dispose();
    }
  }

  @Test
  void walkedTrees_giveXgboostsMarginsAndApproximateContributions() throws Exception {
    FeatureMatrix scoring = SyntheticChurn.generate(3_000, 32).matrix();
    TreeEnsemble trees = TreeEnsemble.of(json).orElseThrow();
    assertThat(trees.trees()).isEqualTo(80);
    int rows = scoring.rows();
    int width = model.encoding().width();
    float[] design = model.encoding().trees(scoring);
    double[] expected = XgboostTraining.margins(model.boosterBytes(), design, rows, width, 1);
    double[] walked = trees.margins(design, rows, width);
    DMatrix matrix = XgboostTraining.matrix(design, rows, width);
    float[] approximate;
    try {
      approximate = HoldfastBridge.approximateContributions(model.boosterBytes(), matrix, 1);
    } finally {
      matrix.dispose();
    }
    double[][] walkedContributions = new double[rows][];
    trees.contributions(rowsOf(design, width), width, rows, (position, row) -> walkedContributions[position] = row.clone());
    int missing = 0;
    for (int row = 0; row < rows; row++) {
      assertThat(walked[row]).as("margin of row %d", row).isCloseTo(expected[row], within(1e-4));
      double[] contributions = walkedContributions[row];
      double sum = 0;
      for (int column = 0; column <= width; column++) {
        assertThat(contributions[column]).as("row %d, column %d", row, column)
            .isCloseTo(approximate[row * (width + 1) + column], within(1e-4));
        sum += contributions[column];
      }
      assertThat(sum).as("contributions of row %d", row).isCloseTo(expected[row], within(1e-4));
      missing += Float.isNaN(scoring.value(row, scoring.columnOf("nps"))) ? 1 : 0;
    }
    // a fifth of the NPS values are missing: the default directions of the splits were taken
    assertThat(missing).isBetween(450, 750);
  }

  @Test
  void aSplit_sendsLessLeft_equalAndGreaterRight_andMissingTheDefaultWay() {
    // one tree: feature 0 < 0 → leaf 1.0, else → 2.0, missing → right; feature 1 < 0.5 → 10.0, else 20.0, missing left;
    // base score 0.5 (margin 0)
    String model = """
        {"learner": {"objective": {"name": "binary:logistic"},
          "learner_model_param": {"base_score": "[5E-1]", "num_class": "0", "num_target": "1"},
          "gradient_booster": {"name": "gbtree", "model": {"trees": [
            {"left_children": [1, -1, -1], "right_children": [2, -1, -1], "split_indices": [0, 0, 0],
             "split_conditions": [0.0, 1.0, 2.0], "default_left": [0, 0, 0], "split_type": [0, 0, 0],
             "sum_hessian": [4.0, 1.0, 3.0], "tree_param": {"size_leaf_vector": "1"}},
            {"left_children": [1, -1, -1], "right_children": [2, -1, -1], "split_indices": [1, 0, 0],
             "split_conditions": [0.5, 10.0, 20.0], "default_left": [1, 0, 0], "split_type": [0, 0, 0],
             "sum_hessian": [2.0, 1.0, 1.0], "tree_param": {"size_leaf_vector": "1"}}]}}}}
        """;
    TreeEnsemble trees = TreeEnsemble.of(model.getBytes(java.nio.charset.StandardCharsets.UTF_8)).orElseThrow();
    float[] design = {-1f, 0.4f, -0.0f, 0.5f, 0.0f, Float.NaN, Float.NaN, 0.6f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
    assertThat(trees.margins(design, 5, 2)).containsExactly(1 + 10, 2 + 20, 2 + 10, 2 + 20, 1 + 20);
    // Saabas: tree 1's root is worth (1·1 + 2·3)/4 = 1.75, tree 2's (10 + 20)/2 = 15
    double[][] contributions = new double[5][];
    trees.contributions(rowsOf(design, 2), 2, 5, (position, row) -> contributions[position] = row.clone());
    assertThat(contributions[0]).containsExactly(1 - 1.75, 10 - 15, 1.75 + 15);
    assertThat(contributions[2]).containsExactly(2 - 1.75, 10 - 15, 1.75 + 15);
  }

  /** The rows of a whole row-major design, for the walk's blocks. */
  private static TreeEnsemble.DesignRows rowsOf(float[] design, int width) {
    return (first, count, into) -> System.arraycopy(design, first * width, into, 0, count * width);
  }

  @Test
  void otherBoosters_areLeftToXgboost() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode regression = (ObjectNode) mapper.readTree(json);
    ((ObjectNode) regression.path("learner").path("objective")).put("name", "reg:squarederror");
    assertThat(TreeEnsemble.of(mapper.writeValueAsBytes(regression))).isEmpty();
    ObjectNode categorical = (ObjectNode) mapper.readTree(json);
    ((ArrayNode) categorical.path("learner").path("gradient_booster").path("model").path("trees").get(0).path("split_type"))
        .set(0, 1);
    assertThat(TreeEnsemble.of(mapper.writeValueAsBytes(categorical))).isEmpty();
    assertThat(TreeEnsemble.of(json)).isPresent();
  }
}
