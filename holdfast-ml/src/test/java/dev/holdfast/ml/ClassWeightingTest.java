package dev.holdfast.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Weighting churners up distorts the raw probabilities; the cross-fitted calibration must undo it. */
class ClassWeightingTest {

  @Test
  void balancedWeighting_inflatesRawProbabilities_andCalibrationBringsThemBack() {
    FeatureMatrix training = SyntheticChurn.generate(6_000, 31).matrix();
    FeatureMatrix test = SyntheticChurn.generate(6_000, 32).matrix();
    double churnRate = test.positives() / (double) test.rows();
    ModelParameters[] weighted = {
        XgboostParameters.defaults().withFixedRounds(80).withClassWeighting(ClassWeighting.BALANCED),
        LogisticParameters.defaults().withClassWeighting(ClassWeighting.BALANCED)};
    for (ModelParameters parameters : weighted) {
      ChurnModel model = new ChurnTrainer(parameters, CalibrationMethod.PLATT, 4, Clock.systemUTC()).train(training);
      double raw = Arrays.stream(model.margins(test)).map(LogOdds::sigmoid).average().orElseThrow();
      double calibrated = Arrays.stream(model.predict(test)).average().orElseThrow();
      System.out.printf("%s balanced: churn rate %.3f, raw mean probability %.3f, calibrated %.3f%n",
          parameters.kind(), churnRate, raw, calibrated);
      assertThat(raw).as("%s raw", parameters.kind()).isGreaterThan(churnRate + 0.15);
      assertThat(calibrated).as("%s calibrated", parameters.kind()).isCloseTo(churnRate, within(0.015));
    }
  }
}
