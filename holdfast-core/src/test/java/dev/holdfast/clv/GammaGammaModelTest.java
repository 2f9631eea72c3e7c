package dev.holdfast.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.holdfast.HoldfastException.InputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Gamma-Gamma spend model: the CDNOW fit against Fader and Hardie (2013) and an independent SciPy fit
 * ({@code bgnbd_gammagamma_reference.out}), its predictions, gradient and input checks.
 */
class GammaGammaModelTest {
  private static final CdnowSummary CDNOW = CdnowSummary.load();

  @Test
  void fit_reproducesThePublishedEstimatesOnTheCdnowRepeatBuyers() {
    GammaGammaFit fit = GammaGammaModel.fit(CDNOW.frequency(), CDNOW.meanSpend());
    assertThat(fit.converged()).isTrue();
    assertThat(fit.customers()).isEqualTo(946);
    // Published to 2 decimals from Excel's Solver: p = 6.25, q = 3.74, gamma = 15.44. The exact maximum (SciPy
    // agrees) has gamma = 15.4477, which rounds to 15.45; hence within 0.01 rather than rounding.
    assertThat(fit.p().value()).isCloseTo(6.25, within(0.01));
    assertThat(fit.q().value()).isCloseTo(3.74, within(0.01));
    assertThat(fit.gamma().value()).isCloseTo(15.44, within(0.01));
  }

  @Test
  void fit_agreesWithAnIndependentScipyFitIncludingStandardErrorsAndIntervals() {
    GammaGammaFit fit = GammaGammaModel.fit(CDNOW.frequency(), CDNOW.meanSpend());
    // bgnbd_gammagamma_reference.out: "gammagamma <name> value=... se=... lower=... upper=..."
    assertEstimate(fit.p(), 6.248803135891452, 1.1896797390984206, 4.302695897896292, 9.07513372028413);
    assertEstimate(fit.q(), 3.7445883948322645, 0.29016436665504314, 3.2169576269389366, 4.358758763028816);
    assertEstimate(fit.gamma(), 15.447746302646058, 4.159966607434348, 9.112608140242418, 26.18710934985587);
    assertThat(fit.logLikelihood()).isCloseTo(-4055.923243502858, within(1e-6));
    assertThat(fit.frequencySpendCorrelation()).isCloseTo(0.11388391048600437, within(1e-12));
  }

  private static void assertEstimate(Estimate estimate, double value, double standardError, double lower,
      double upper) {
    assertThat(estimate.value()).isCloseTo(value, within(1e-5 * value));
    assertThat(estimate.standardError()).isCloseTo(standardError, within(1e-4 * standardError));
    assertThat(estimate.lower()).isCloseTo(lower, within(1e-4 * lower));
    assertThat(estimate.upper()).isCloseTo(upper, within(1e-4 * upper));
  }

  @Test
  void conditionalExpectedTransactionValue_weighsTheCustomersMeanAgainstThePopulationMean() {
    GammaGammaModel model = new GammaGammaModel(6.25, 3.74, 15.44);
    double population = 6.25 * 15.44 / 2.74;
    assertThat(model.expectedTransactionValue()).isCloseTo(population, within(1e-12));
    // weight on m_x is p x / (p x + q - 1)
    double weight = 6.25 * 4 / (6.25 * 4 + 2.74);
    assertThat(model.conditionalExpectedTransactionValue(4, 50))
        .isCloseTo(weight * 50 + (1 - weight) * population, within(1e-12));
    assertThat(model.conditionalExpectedTransactionValue(0, 0)).isEqualTo(model.expectedTransactionValue());
  }

  @Test
  void expectedTransactionValue_isInfiniteWhenTheMeanDoesNotExist() {
    GammaGammaModel heavyTailed = new GammaGammaModel(0.2, 0.9, 10);
    assertThat(heavyTailed.expectedTransactionValue()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(heavyTailed.conditionalExpectedTransactionValue(0, 0)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(heavyTailed.conditionalExpectedTransactionValue(1, 20)).isFinite();
  }

  @Test
  void gradient_matchesCentralDifferencesOfTheLogLikelihood() {
    GammaGammaLikelihood likelihood = GammaGammaLikelihood.of(CDNOW.frequency(), CDNOW.meanSpend(), null);
    double[] point = {4.0, 2.5, 20.0};
    double[] gradient = new double[3];
    likelihood.evaluate(point, gradient);
    for (int i = 0; i < 3; i++) {
      double step = 1e-6 * point[i];
      double[] up = point.clone();
      double[] down = point.clone();
      up[i] += step;
      down[i] -= step;
      double numeric = (likelihood.evaluate(up, null) - likelihood.evaluate(down, null)) / (2 * step);
      assertThat(gradient[i]).as("parameter %d", i).isCloseTo(numeric, within(1e-5 * Math.abs(numeric) + 1e-4));
    }
  }

  @Test
  void fit_withWeightsEqualsTheFitOnTheRowsTheyCount() {
    // each distinct (x, m_x) once, weighted by how many CDNOW customers share it
    Map<List<Double>, Integer> counts = new LinkedHashMap<>();
    for (int i = 0; i < CDNOW.size(); i++) {
      counts.merge(List.of(CDNOW.frequency()[i], CDNOW.meanSpend()[i]), 1, Integer::sum);
    }
    double[] frequency = counts.keySet().stream().mapToDouble(row -> row.get(0)).toArray();
    double[] spend = counts.keySet().stream().mapToDouble(row -> row.get(1)).toArray();
    double[] weights = counts.values().stream().mapToDouble(Integer::doubleValue).toArray();
    assertThat(weights.length).isLessThan(CDNOW.size());

    GammaGammaFit weighted = GammaGammaModel.fit(frequency, spend, weights);
    GammaGammaFit rows = GammaGammaModel.fit(CDNOW.frequency(), CDNOW.meanSpend());
    assertThat(weighted.customers()).isEqualTo(946);
    assertThat(weighted.logLikelihood()).isCloseTo(rows.logLikelihood(), within(1e-8));
    assertThat(weighted.frequencySpendCorrelation()).isCloseTo(rows.frequencySpendCorrelation(), within(1e-12));
    Estimate[] fromWeights = {weighted.p(), weighted.q(), weighted.gamma()};
    Estimate[] fromRows = {rows.p(), rows.q(), rows.gamma()};
    for (int i = 0; i < 3; i++) {
      assertThat(fromWeights[i].value()).isCloseTo(fromRows[i].value(), within(1e-7 * fromRows[i].value()));
      assertThat(fromWeights[i].standardError())
          .isCloseTo(fromRows[i].standardError(), within(1e-5 * fromRows[i].standardError()));
    }
  }

  @Test
  void fit_skipsCustomersWithoutRepeatPurchasesWhateverTheirSpend() {
    GammaGammaFit withNaN = GammaGammaModel.fit(new double[] {1, 2, 0, 3, 1}, new double[] {10, 25, Double.NaN, 14, 30});
    GammaGammaFit without = GammaGammaModel.fit(new double[] {1, 2, 3, 1}, new double[] {10, 25, 14, 30});
    assertThat(withNaN).isEqualTo(without);
  }

  @Test
  void fit_rejectsDataThatCannotIdentifyTheSpendDistribution() {
    assertThatThrownBy(() -> GammaGammaModel.fit(new double[] {0, 0, 1}, new double[] {0, 0, 12}))
        .isInstanceOf(InputException.class)
        .hasMessage("Gamma-Gamma cannot be fitted: 1 of the 3 customers made a repeat purchase (x > 0); the spend"
            + " model is estimated on repeat buyers' mean spend, so it needs at least two of them");
    assertThatThrownBy(() -> GammaGammaModel.fit(new double[] {1, 2, 0}, new double[] {12.5, 12.5, 0}))
        .isInstanceOf(InputException.class)
        .hasMessage("Gamma-Gamma cannot be fitted: all 2 repeat buyers have the same mean spend m_x = 12.5, so the"
            + " spread of spend across customers is unknown; pass customers whose mean spends differ");
    assertThatThrownBy(() -> GammaGammaModel.fit(new double[0], new double[0]))
        .isInstanceOf(InputException.class).hasMessageStartingWith("Gamma-Gamma got no customers");
    assertThatThrownBy(() -> GammaGammaModel.fit(new double[3], new double[2]))
        .isInstanceOf(InputException.class)
        .hasMessage("Gamma-Gamma input arrays differ in length: frequency 3, mean spend 2; pass one entry per"
            + " customer in each");
  }

  @Test
  void fit_rejectsANonPositiveMeanSpendOfARepeatBuyer() {
    assertThatThrownBy(() -> GammaGammaModel.fit(new double[] {1, 2, 1}, new double[] {10, -4, 8}))
        .isInstanceOf(InputException.class)
        .hasMessage("customer at index 1: mean spend m_x = -4.0 must be a finite number > 0 for a repeat buyer; the"
            + " Gamma-Gamma model describes positive transaction values, so leave out refunds and customers whose"
            + " repeat purchases net to zero or less");
    assertThatThrownBy(() -> new GammaGammaModel(6, 3, 15).conditionalExpectedTransactionValue(2.5, 10))
        .isInstanceOf(InputException.class).hasMessageStartingWith("customer: frequency x = 2.5 must be a whole");
  }
}
