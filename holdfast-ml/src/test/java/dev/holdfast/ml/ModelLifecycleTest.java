package dev.holdfast.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.BitSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Determinism, saving and loading, and the mixed exact/approximate contributions of both kinds of model. */
class ModelLifecycleTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);
  private static final XgboostParameters SMALL = XgboostParameters.defaults().withFixedRounds(60);
  private static FeatureMatrix training;
  private static FeatureMatrix scoring;
  private static XgboostModel xgboost;
  private static LogisticModel logistic;

  @BeforeAll
  static void train() {
    training = SyntheticChurn.generate(3_000, 21).matrix();
    scoring = SyntheticChurn.generate(1_000, 22).matrix();
    xgboost = (XgboostModel) new ChurnTrainer(SMALL, CalibrationMethod.ISOTONIC, 8, CLOCK).train(training);
    logistic = (LogisticModel) new ChurnTrainer(LogisticParameters.defaults(), CalibrationMethod.PLATT, 8, CLOCK)
        .train(training);
  }

  @Test
  void xgboost_sameSeedGivesTheSameModelAndScores_anotherSeedDoesNot() {
    ChurnModel again = new ChurnTrainer(SMALL, CalibrationMethod.ISOTONIC, 8, CLOCK).train(training);
    assertThat(again.predict(scoring)).containsExactly(xgboost.predict(scoring));
    assertThat(again.save()).isEqualTo(xgboost.save());
    ChurnModel other = new ChurnTrainer(SMALL, CalibrationMethod.ISOTONIC, 9, CLOCK).train(training);
    assertThat(other.margins(scoring)).isNotEqualTo(xgboost.margins(scoring));
    ChurnModel negative = new ChurnTrainer(SMALL, CalibrationMethod.NONE, -9, CLOCK).train(training);
    assertThat(negative.margins(scoring)).isNotEqualTo(xgboost.margins(scoring));
  }

  @Test
  void xgboost_earlyStoppingIsDeterministicToo() {
    var trainer = new ChurnTrainer(XgboostParameters.defaults(), CalibrationMethod.NONE, 3, CLOCK);
    XgboostModel first = (XgboostModel) trainer.train(training);
    XgboostModel second = (XgboostModel) trainer.train(training);
    assertThat(first.rounds()).isEqualTo(second.rounds()).isBetween(1, 500);
    assertThat(first.provenance().parameters()).containsEntry("rounds", Integer.toString(first.rounds()));
    assertThat(first.predict(scoring)).containsExactly(second.predict(scoring));
  }

  @Test
  void logistic_sameSeedGivesTheSameBytes() {
    ChurnModel again = new ChurnTrainer(LogisticParameters.defaults(), CalibrationMethod.PLATT, 8, CLOCK)
        .train(training);
    assertThat(again.save()).isEqualTo(logistic.save());
  }

  @Test
  void saveAndLoad_giveIdenticalPredictionsContributionsAndProvenance() {
    for (ChurnModel model : new ChurnModel[] {xgboost, logistic}) {
      byte[] artifact = model.save();
      ChurnModel loaded = ChurnModel.load(artifact);
      assertThat(loaded.kind()).isEqualTo(model.kind());
      assertThat(loaded.getClass()).isEqualTo(model.getClass());
      assertThat(loaded.predict(scoring)).containsExactly(model.predict(scoring));
      BitSet some = new BitSet();
      some.set(0, 40);
      Contributions before = model.contributions(scoring, some);
      Contributions after = loaded.contributions(scoring, some);
      for (int row = 0; row < 80; row++) {
        assertThat(after.row(row)).containsExactly(before.row(row));
        assertThat(after.bias(row)).isEqualTo(before.bias(row));
      }
      assertThat(loaded.provenance()).isEqualTo(model.provenance());
      assertThat(loaded.parameters()).isEqualTo(model.parameters());
      assertThat(loaded.calibrator()).isEqualTo(model.calibrator());
      assertThat(loaded.features()).isEqualTo(model.features());
      assertThat(loaded.save()).isEqualTo(artifact);
    }
  }

  @Test
  void provenance_recordsTheTrainingRunAndItsSettings() {
    Provenance provenance = xgboost.provenance();
    assertThat(provenance.kind()).isEqualTo(ModelKind.XGBOOST);
    assertThat(provenance.trainedAt()).isEqualTo(CLOCK.instant());
    assertThat(provenance.seed()).isEqualTo(8);
    assertThat(provenance.rows()).isEqualTo(3_000);
    assertThat(provenance.positives()).isEqualTo(training.positives());
    assertThat(provenance.firstGroup()).hasValue((int) java.time.LocalDate.of(2026, 1, 1).toEpochDay());
    assertThat(provenance.features()).hasSize(10).startsWith("tenure_months");
    assertThat(provenance.parameters()).containsEntry("max_depth", "4").containsEntry("rounds", "60")
        .containsEntry("calibration", "isotonic").containsEntry("calibration_folds", "3");
    assertThat(provenance.versions()).containsEntry("xgboost4j", "3.0.4").containsKey("java");
    assertThat(provenance.toJson()).contains("\"kind\" : \"xgboost\"", "\"seed\" : 8");
  }

  @Test
  void mixedContributions_areExactWhereAskedAndApproximateElsewhere() {
    BitSet exactRows = new BitSet();
    exactRows.set(3);
    exactRows.set(10, 20);
    Contributions mixed = xgboost.contributions(scoring, exactRows);
    Contributions exact = xgboost.contributions(scoring);
    Contributions approximate = xgboost.contributions(scoring, new BitSet());
    for (int row = 0; row < scoring.rows(); row++) {
      Contributions expected = exactRows.get(row) ? exact : approximate;
      assertThat(mixed.isExact(row)).isEqualTo(exactRows.get(row));
      for (int feature = 0; feature < mixed.features().size(); feature++) {
        assertThat(mixed.value(row, feature)).isCloseTo(expected.value(row, feature), within(1e-6));
      }
    }
  }

  @Test
  void explain_isPredictAndContributionsInOnePass() {
    Contributions exact = xgboost.contributions(scoring);
    Contributions approximate = xgboost.contributions(scoring, new BitSet());
    for (ChurnModel model : new ChurnModel[] {xgboost, logistic}) {
      double[][] seen = new double[1][];
      ChurnModel.Explained explained = model.explain(scoring, p -> {
        seen[0] = p;
        BitSet riskiest = new BitSet();
        for (int row = 0; row < p.length; row++) {
          if (p[row] >= 0.4) {
            riskiest.set(row);
          }
        }
        return riskiest;
      });
      assertThat(seen[0]).isSameAs(explained.probabilities());
      double[] expected = model.predict(scoring);
      int exactRows = 0;
      for (int row = 0; row < scoring.rows(); row++) {
        assertThat(explained.probabilities()[row]).isCloseTo(expected[row], within(1e-9));
        boolean risky = expected[row] >= 0.4;
        assertThat(explained.contributions().isExact(row)).isEqualTo(risky || model == logistic);
        exactRows += risky ? 1 : 0;
        if (model == xgboost) {
          Contributions reference = risky ? exact : approximate;
          for (int feature = 0; feature < reference.features().size(); feature++) {
            assertThat(explained.contributions().value(row, feature)).isCloseTo(reference.value(row, feature), within(1e-9));
          }
          assertThat(explained.contributions().bias(row)).isCloseTo(reference.bias(row), within(1e-9));
        }
      }
      assertThat(exactRows).isBetween(1, scoring.rows() - 1);
    }
  }

  @Test
  void contributionsExactAbove_isExactForTheRiskiestRows() {
    double[] probabilities = xgboost.predict(scoring);
    Contributions contributions = xgboost.contributionsExactAbove(scoring, 0.4);
    int exactRows = 0;
    for (int row = 0; row < scoring.rows(); row++) {
      assertThat(contributions.isExact(row)).isEqualTo(probabilities[row] >= 0.4);
      exactRows += contributions.isExact(row) ? 1 : 0;
    }
    assertThat(exactRows).isBetween(1, scoring.rows() - 1);
  }

  @Test
  void logisticContributions_sumOneHotLevelsIntoTheirFeature() {
    Contributions contributions = logistic.contributions(scoring);
    int plan = contributions.features().indexOf("plan");
    double[] design = logistic.encoding().standardised(scoring);
    double[] coefficients = logistic.rawCoefficients();
    double[] means = logistic.designMeans();
    int width = logistic.encoding().width();
    for (int row = 0; row < 20; row++) {
      double expected = 0;
      for (int column = 0; column < width; column++) {
        if (logistic.encoding().designName(column).startsWith("plan=")) {
          expected += coefficients[column] * (design[row * width + column] - means[column]);
        }
      }
      assertThat(contributions.value(row, plan)).isCloseTo(expected, within(1e-12));
    }
  }

  @Test
  void load_refusesWhatIsNotAModel() {
    assertThatThrownBy(() -> ChurnModel.load("hello".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ModelException.class)
        .hasMessage("this is not a Holdfast churn model: it is empty or not a ZIP (5 bytes)");
  }

  @Test
  void training_needsEnoughChurners() {
    FeatureMatrix few = FeatureMatrix.builder()
        .numeric("x", new double[30])
        .labels(java.util.stream.IntStream.range(0, 30).map(row -> row < 4 ? 1 : 0).toArray())
        .build();
    assertThatThrownBy(() -> ChurnTrainer.of(LogisticParameters.defaults(), 1).train(few))
        .isInstanceOf(ModelException.class)
        .hasMessage("training needs at least 10 churners and 10 customers who stayed; the data has 4 churners among"
            + " 30 rows. Use a longer history or more observation dates");
  }

  @Test
  void parameters_nameTheBadValue() {
    assertThatThrownBy(() -> XgboostParameters.defaults().withMaxDepth(0))
        .hasMessage("maxDepth must be between 1 and 16: 0");
    assertThatThrownBy(() -> LogisticParameters.defaults().withL2(0))
        .hasMessage("l2 must be positive and finite: 0.0");
    assertThatThrownBy(() -> new ChurnTrainer(LogisticParameters.defaults().withClassWeighting(
        ClassWeighting.BALANCED), CalibrationMethod.NONE, 1, CLOCK))
        .hasMessage("balanced class weighting inflates probabilities; calibrate (platt or isotonic) when using it");
  }
}
