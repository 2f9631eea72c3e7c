package dev.holdfast.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BG/NBD and Pareto/NBD fitted to the Online Retail calibration summary at 2011-06-30
 * ({@code online_retail_summary_2011-06-30.csv}, see SOURCE.md), whose 2,960 customers show no drop-out: both
 * likelihoods rise towards the NBD limit, which the fits must reach, report as a boundary and predict from. Before
 * boundaries were detected the BG/NBD fit wandered to {@code a = 2.8e-8, b = 2.4e6} and reported no convergence;
 * this is its regression test.
 */
class OnlineRetailBoundaryTest {
  private static final Summary RETAIL = Summary.load();
  private static final BgNbdFit BG_NBD = BgNbdModel.fit(RETAIL.frequency(), RETAIL.recency(), RETAIL.age());
  private static final ParetoNbdFit PARETO_NBD = ParetoNbdModel.fit(RETAIL.frequency(), RETAIL.recency(),
      RETAIL.age());
  /**
   * From {@code online_retail_nbd_reference.out}: the NBD's maximum (SciPy, its log-likelihood at 50 digits in
   * mpmath), the supremum of both models here.
   */
  private static final double NBD_R = 0.7444260743264126;
  private static final double NBD_ALPHA = 9.048051417033973;
  private static final double NBD_LOG_LIKELIHOOD = -15328.306477997826;
  /**
   * The exact log-likelihood (mpmath) where the BG/NBD fit used to stop; it reported {@code -15328.306472683}, above
   * the supremum, because {@code ln Γ} differences at {@code b = 2.4e6} had lost their last digits.
   */
  private static final double PREVIOUS_BG_NBD_LOG_LIKELIHOOD = -15328.306477997877;
  /** The rounding of a log-likelihood summed in double precision over these customers. */
  private static final double ROUNDING = 1e-8;
  /** From the first day after calibration, 2011-07-01, to the last day of the data, 2011-12-09: 162 days. */
  private static final double HOLDOUT_WEEKS = 162 / 7.0;

  @Test
  void bgNbdFit_stopsAtTheNoDropoutLimit_andSaysSo() {
    Convergence convergence = BG_NBD.convergence();
    assertThat(convergence.verdict()).isEqualTo(Convergence.Verdict.BOUNDARY);
    assertThat(convergence.limits()).containsExactly("a/(a+b) → 0");
    assertThat(convergence.boundaryParameters()).containsExactly("a", "b");
    assertThat(convergence.explanation()).startsWith("No evidence of drop-out: a/(a+b) → 0, so the BG/NBD reduces to"
        + " the NBD, in which customers never drop out.").contains("a, b have no standard errors");
    assertThat(BG_NBD.converged()).isFalse();
    double a = BG_NBD.a().value();
    assertThat(a / (a + BG_NBD.b().value())).isLessThan(1e-12);
    for (Estimate held : new Estimate[] {BG_NBD.a(), BG_NBD.b()}) {
      assertThat(held.standardError()).isNaN();
      assertThat(held.lower()).isNaN();
      assertThat(held.upper()).isNaN();
    }
    // promptly: the fit used to run to its iteration limits
    assertThat(BG_NBD.iterations()).isLessThan(100);
  }

  @Test
  void bgNbdFit_reachesTheNbdMaximum_atLeastAsHighAsWhereItUsedToStop() {
    assertThat(BG_NBD.logLikelihood()).isCloseTo(NBD_LOG_LIKELIHOOD, within(ROUNDING));
    assertThat(BG_NBD.logLikelihood()).isGreaterThanOrEqualTo(PREVIOUS_BG_NBD_LOG_LIKELIHOOD - ROUNDING);
    // r and alpha are the NBD's estimates, with the NBD's standard errors
    assertThat(BG_NBD.r().value()).isCloseTo(NBD_R, within(1e-6 * NBD_R));
    assertThat(BG_NBD.alpha().value()).isCloseTo(NBD_ALPHA, within(1e-6 * NBD_ALPHA));
    MaximumLikelihood.Result nbd = new NbdLikelihood(RETAIL.frequency(), RETAIL.age()).fit();
    assertThat(nbd.converged()).isTrue();
    assertThat(BG_NBD.r().standardError())
        .isCloseTo(nbd.estimates()[0].standardError(), within(1e-4 * nbd.estimates()[0].standardError()));
    assertThat(BG_NBD.alpha().standardError())
        .isCloseTo(nbd.estimates()[1].standardError(), within(1e-4 * nbd.estimates()[1].standardError()));
  }

  @Test
  void paretoNbdFit_stopsAtTheSameLimit() {
    Convergence convergence = PARETO_NBD.convergence();
    assertThat(convergence.verdict()).isEqualTo(Convergence.Verdict.BOUNDARY);
    assertThat(convergence.limits()).containsExactly("s/β → 0");
    assertThat(convergence.boundaryParameters()).containsExactly("s", "beta");
    assertThat(convergence.explanation()).startsWith("No evidence of drop-out: s/β → 0");
    assertThat(PARETO_NBD.s().value() / PARETO_NBD.beta().value()).isLessThan(1e-12);
    assertThat(PARETO_NBD.s().standardError()).isNaN();
    assertThat(PARETO_NBD.beta().standardError()).isNaN();
    assertThat(PARETO_NBD.logLikelihood()).isCloseTo(NBD_LOG_LIKELIHOOD, within(ROUNDING));
    assertThat(PARETO_NBD.r().value()).isCloseTo(NBD_R, within(1e-6 * NBD_R));
    assertThat(PARETO_NBD.alpha().value()).isCloseTo(NBD_ALPHA, within(1e-6 * NBD_ALPHA));
    assertThat(PARETO_NBD.iterations()).isLessThan(100);
  }

  @Test
  void predictionsAtTheLimit_areTheNbds_everyoneAliveAndBuyingAtTheirPosteriorRate() {
    BgNbdModel bgNbd = BG_NBD.model();
    ParetoNbdModel paretoNbd = PARETO_NBD.model();
    double r = BG_NBD.r().value();
    double alpha = BG_NBD.alpha().value();
    for (int i = 0; i < RETAIL.size(); i++) {
      double x = RETAIL.frequency()[i];
      double recency = RETAIL.recency()[i];
      double age = RETAIL.age()[i];
      String customer = String.format("x=%s t_x=%s T=%s", x, recency, age);
      // the NBD: λ | x, T ~ Gamma(r + x, α + T), whatever t_x
      double nbd = (r + x) * HOLDOUT_WEEKS / (alpha + age);
      assertThat(bgNbd.probabilityAlive(x, recency, age)).as(customer).isBetween(1 - 1e-6, 1.0);
      assertThat(paretoNbd.probabilityAlive(x, recency, age)).as(customer).isBetween(1 - 1e-6, 1.0);
      assertThat(bgNbd.conditionalExpectedPurchases(HOLDOUT_WEEKS, x, recency, age)).as(customer)
          .isCloseTo(nbd, within(1e-6 * nbd));
      assertThat(paretoNbd.conditionalExpectedPurchases(HOLDOUT_WEEKS, x, recency, age)).as(customer)
          .isCloseTo(nbd, within(1e-6 * nbd));
    }
    assertThat(bgNbd.expectedPurchases(52)).isCloseTo(52 * r / alpha, within(1e-6 * 52 * r / alpha));
  }

  @Test
  void predictionsAtTheLimit_fallShortOfTheChristmasHoldoutByLessThanAFifth() {
    // 6,427 purchases from July to 9 December; a model without seasons cannot see the autumn peak and expects 5,636
    double predicted = 0;
    double actual = 0;
    BgNbdModel model = BG_NBD.model();
    for (int i = 0; i < RETAIL.size(); i++) {
      predicted += model.conditionalExpectedPurchases(HOLDOUT_WEEKS, RETAIL.frequency()[i], RETAIL.recency()[i],
          RETAIL.age()[i]);
      actual += RETAIL.holdout()[i];
    }
    assertThat(actual).isEqualTo(6427);
    assertThat(predicted).isBetween(0.8 * actual, actual);
  }

  /** The summary's columns: repeat purchases, recency and age in weeks, and the purchases in the holdout. */
  private record Summary(double[] frequency, double[] recency, double[] age, double[] holdout) {
    private static final String RESOURCE = "/clv/online_retail_summary_2011-06-30.csv";

    static Summary load() {
      try (InputStream in = Summary.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("test resource " + RESOURCE + " is missing");
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String header = reader.readLine();
        if (!"customer_id,frequency,recency,T,monetary_value,holdout".equals(header)) {
          throw new IllegalStateException("unexpected header in " + RESOURCE + ": " + header);
        }
        List<double[]> rows = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          if (!line.isBlank()) {
            String[] fields = line.split(",", -1);
            rows.add(new double[] {Double.parseDouble(fields[1]), Double.parseDouble(fields[2]),
                Double.parseDouble(fields[3]), Double.parseDouble(fields[5])});
          }
        }
        return new Summary(column(rows, 0), column(rows, 1), column(rows, 2), column(rows, 3));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read test resource " + RESOURCE, e);
      }
    }

    int size() {
      return frequency.length;
    }

    private static double[] column(List<double[]> rows, int index) {
      return rows.stream().mapToDouble(row -> row[index]).toArray();
    }
  }
}
