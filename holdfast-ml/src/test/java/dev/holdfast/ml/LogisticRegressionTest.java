package dev.holdfast.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The logistic model against an independent fit of scikit-learn's objective on 30 fixed rows.
 *
 * <p>The reference (scikit-learn is not installed here, so its objective was minimised directly) is a Python
 * script with numpy: the design is tenure and charge standardised with the population sd (like {@code
 * StandardScaler}) and plan one-hot with every level (columns plan=A, plan=B, plan=C); the objective is
 * {@code Σ [log(1 + e^η) − y η] + ‖β‖² / (2C)}, intercept unpenalised, no class weights, i.e. {@code
 * LogisticRegression(C=C)}; it is minimised by plain Newton iterations until a step is below 1e-15 (gradient
 * 2e-16), and scipy's BFGS on the same objective agrees to 3e-8.
 */
class LogisticRegressionTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);

  // Drawn once with Python's random.Random(7); the labels from a logistic truth. 13 churners, 17 who stayed.
  private static final double[] TENURE = {21, 10, 26, 42, 4, 5, 35, 7, 24, 38, 4, 33, 14, 3, 6, 28, 27, 5, 16, 6, 36,
      28, 4, 37, 8, 15, 41, 41, 38, 4};
  private static final double[] CHARGE = {93.5, 94.5, 70.5, 26.0, 48.0, 25.5, 91.0, 37.0, 57.0, 73.5, 38.0, 89.0,
      35.0, 93.0, 59.0, 91.5, 43.0, 33.0, 94.0, 93.0, 44.0, 67.5, 32.0, 90.0, 28.0, 92.0, 27.5, 99.0, 46.0, 83.5};
  private static final String[] PLAN = {"C", "C", "B", "B", "B", "C", "B", "B", "B", "A", "A", "C", "A", "A", "C", "B",
      "C", "B", "B", "C", "B", "B", "C", "A", "A", "C", "B", "A", "B", "A"};
  private static final int[] CHURNED = {0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 1, 0, 1,
      0, 0, 0, 1};

  private static LogisticModel fit(LogisticParameters parameters) {
    FeatureMatrix training = FeatureMatrix.builder().numeric("tenure", TENURE).numeric("charge", CHARGE)
        .categorical("plan", PLAN).labels(CHURNED).build();
    return (LogisticModel) new ChurnTrainer(parameters, CalibrationMethod.NONE, 1, CLOCK).train(training);
  }

  @Test
  void defaultPenalty_matchesScikitLearnsCEqualsOne_onAFixedDataset() {
    LogisticModel model = fit(LogisticParameters.defaults());
    Map<String, Double> standardised = model.standardisedCoefficients();
    assertThat(standardised.keySet()).containsExactly("tenure", "charge", "plan=A", "plan=B", "plan=C");
    assertThat(model.rawIntercept()).isCloseTo(-0.347804468938943, within(1e-6));
    assertThat(standardised.get("tenure")).isCloseTo(-0.593723396694739, within(1e-6));
    assertThat(standardised.get("charge")).isCloseTo(0.556081045810226, within(1e-6));
    assertThat(standardised.get("plan=A")).isCloseTo(0.135145573242955, within(1e-6));
    assertThat(standardised.get("plan=B")).isCloseTo(0.384913753640134, within(1e-6));
    assertThat(standardised.get("plan=C")).isCloseTo(-0.520059326883089, within(1e-6));
    // per unit: β / sd (tenure: mean 20.2, sd 13.936522760956791; charge: mean 63.15, sd 26.433296553148015)
    assertThat(model.coefficients().get("tenure")).isCloseTo(-0.042601975175476, within(1e-7));
    assertThat(model.coefficients().get("charge")).isCloseTo(0.021037143236832, within(1e-7));
    assertThat(model.intercept()).isCloseTo(-0.815740165800251, within(1e-6));
    // row 0 (tenure 21, charge 93.5, plan C)
    assertThat(model.predict(FeatureMatrix.builder().numeric("tenure", new double[] {21})
        .numeric("charge", new double[] {93.5}).categorical("plan", new String[] {"C"}).build())[0])
        .isCloseTo(0.434511369547008, within(1e-6));
  }

  @Test
  void doubledPenalty_matchesScikitLearnsCEqualsOneHalf() {
    // l2 = 1/C: the same script with C = 0.5 (every coefficient moves by 0.02 to 0.16 from the C = 1 fit)
    LogisticModel model = fit(LogisticParameters.defaults().withL2(2));
    Map<String, Double> standardised = model.standardisedCoefficients();
    assertThat(model.rawIntercept()).isCloseTo(-0.32157923987738, within(1e-6));
    assertThat(standardised.get("tenure")).isCloseTo(-0.475825560820515, within(1e-6));
    assertThat(standardised.get("charge")).isCloseTo(0.452394333808723, within(1e-6));
    assertThat(standardised.get("plan=A")).isCloseTo(0.098758197101283, within(1e-6));
    assertThat(standardised.get("plan=B")).isCloseTo(0.26109827554928, within(1e-6));
    assertThat(standardised.get("plan=C")).isCloseTo(-0.359856472650563, within(1e-6));
  }
}
