package dev.holdfast.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.holdfast.HoldfastException;
import dev.holdfast.HoldfastException.InputException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * BG/NBD formulas against mpmath at 40 digits in the paper's own form (lines "expected_x", "expected_y" and
 * "p_alive" of {@code bgnbd_gammagamma_reference.out}), the grouped likelihood against the per-customer one, and the
 * input checks.
 */
class BgNbdModelTest {
  private static final BgNbdModel PUBLISHED = new BgNbdModel(0.243, 4.414, 0.793, 2.426);

  private static void assertRelative(double actual, double expected, double tolerance, String description) {
    assertThat(actual).as(description).isCloseTo(expected, within(Math.abs(expected) * tolerance));
  }

  @Test
  void probabilityAlive_isOneForACustomerWithoutRepeatPurchases() {
    assertThat(PUBLISHED.probabilityAlive(0, 0, 38.86)).isEqualTo(1);
    assertThat(PUBLISHED.probabilityAlive(0, 0, 0)).isEqualTo(1);
  }

  @Test
  void probabilityAlive_matchesThePapersFormula() {
    assertRelative(PUBLISHED.probabilityAlive(2, 30.43, 38.86), 0.72657857008067291, 1e-14, "published");
    BgNbdModel mle = new BgNbdModel(0.24259289362790748, 4.413531515004253, 0.7928860827156742, 2.425753555288405);
    assertRelative(mle.probabilityAlive(2, 30.43, 38.86), 0.72660917528942302, 1e-14, "mle");
  }

  @Test
  void conditionalExpectedPurchases_matchesEquation10() {
    assertRelative(PUBLISHED.conditionalExpectedPurchases(39, 2, 30.43, 38.86), 1.2260281747671445, 1e-13,
        "published, x=2");
    assertRelative(PUBLISHED.conditionalExpectedPurchases(26, 60, 37, 38), 28.864879782682296, 1e-12,
        "published, x=60");
    assertRelative(new BgNbdModel(0.3, 2.0, 0.6, 1.4).conditionalExpectedPurchases(5000, 1, 2, 4),
        31.925535290328494, 1e-12, "t = 5000 against alpha + T = 6");
  }

  @Test
  void conditionalExpectedPurchases_equalsThePapersFormWithTheHypergeometricFunction() {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 200; trial++) {
      BgNbdModel model = new BgNbdModel(Math.exp(random.nextDouble(-3, 2)), Math.exp(random.nextDouble(-2, 4)),
          Math.exp(random.nextDouble(-2, 2)), Math.exp(random.nextDouble(-2, 2)));
      if (Math.abs(model.a() - 1) < 0.05) {
        continue;
      }
      double age = random.nextDouble(0, 100);
      double x = random.nextInt(0, 30);
      double recency = x == 0 ? 0 : random.nextDouble(0, age);
      double t = random.nextDouble(0, 200);
      double z = t / (model.alpha() + age + t);
      double bracket = (model.a() + model.b() + x - 1) / (model.a() - 1) * (1 - Math.pow(1 - z, model.r() + x)
          * Hypergeometric.hyp2f1(model.r() + x, model.b() + x, model.a() + model.b() + x - 1, z));
      double paper = bracket * model.probabilityAlive(x, recency, age);
      assertThat(model.conditionalExpectedPurchases(t, x, recency, age))
          .as("%s x=%s t_x=%s T=%s t=%s", model, x, recency, age, t)
          .isCloseTo(paper, within(1e-9 * Math.max(1, Math.abs(paper))));
    }
  }

  @Test
  void conditionalExpectedPurchases_isContinuousWhereTheDropoutShapeAIsOne() {
    // eq. 10 is 0/0 at a = 1; mpmath at a = 1 + 1e-25 stands in for the limit
    assertRelative(new BgNbdModel(0.5, 3.0, 1, 2.0).conditionalExpectedPurchases(20, 3, 10, 15),
        1.5948423553128035, 1e-13, "a = 1");
    assertRelative(new BgNbdModel(0.5, 3.0, 1 + 1e-9, 2.0).conditionalExpectedPurchases(20, 3, 10, 15),
        1.5948423542076024, 1e-13, "a = 1 + 1e-9");
    assertRelative(new BgNbdModel(0.5, 3.0, 1 - 1e-9, 2.0).conditionalExpectedPurchases(20, 3, 10, 15),
        1.5948423564180043, 1e-13, "a = 1 - 1e-9");
    assertRelative(new BgNbdModel(0.5, 3.0, 1, 2.0).expectedPurchases(20), 1.5958418418295158, 1e-13,
        "E[X(t)] at a = 1");
  }

  @Test
  void conditionalExpectedPurchases_staysFiniteWhereEveryCustomerHasTheSameDropoutProbability() {
    // a fit of 135 demo customers ran to a, b → ∞ with a/(a+b) = 0.1669; mpmath (40 digits) on eq. 10 gives the
    // references, and at these a, b its bracket equals the limit (1/p)[1 − ((α+T)/(α+T+pt))^(r+x)] to 15 digits
    BgNbdModel limit = new BgNbdModel(0.9191, 48.7186, 2.8199867248636574E13, 1.4078096076046703E14);
    assertRelative(limit.conditionalExpectedPurchases(52.18, 3, 40, 90), 0.59032843090786034586, 1e-12, "x = 3, a = 2.8e13");
    assertRelative(limit.conditionalExpectedPurchases(52.18, 0, 0, 102.14), 0.30123268545538668012, 1e-12, "x = 0, a = 2.8e13");
    assertRelative(limit.expectedPurchasesIfAlive(52.18, 3, 90), 1.2719959461794108, 1e-12, "the limit's bracket");
    // and at a = 5 and a = 50, where Euler's form still holds (a guard against changing values where it works)
    assertRelative(new BgNbdModel(0.9191, 48.7186, 5, 12).conditionalExpectedPurchases(52.18, 3, 40, 90), 0.39006049643278304507,
        1e-12, "a = 5");
    assertRelative(new BgNbdModel(0.9191, 48.7186, 50, 250).conditionalExpectedPurchases(52.18, 3, 40, 90), 0.59443331838156742808,
        1e-12, "a = 50");
  }

  @Test
  void expectedPurchases_matchesEquation7() {
    double[] times = {0.1429, 1.0, 3.0, 31.8571, 32.0, 78.0};
    double[] expected = {0.0078283475160721634, 0.053267891171658282, 0.15086523089304669, 1.0419960608522109,
        1.0452433283744438, 1.8605190579427686};
    for (int i = 0; i < times.length; i++) {
      assertRelative(PUBLISHED.expectedPurchases(times[i]), expected[i], 1e-13, "t = " + times[i]);
    }
    assertRelative(new BgNbdModel(0.8, 1.5, 0.3, 0.4).expectedPurchases(10), 2.5258454447347343, 1e-13,
        "a + b - 1 < 0");
  }

  @Test
  void expectedPurchases_isTheConditionalExpectationOfACustomerJustAcquired() {
    for (double t : new double[] {0, 0.5, 10, 100}) {
      assertThat(PUBLISHED.expectedPurchases(t)).isEqualTo(PUBLISHED.conditionalExpectedPurchases(t, 0, 0, 0));
    }
    assertThat(PUBLISHED.expectedPurchases(0)).isZero();
  }

  @Test
  void predictions_rejectImpossibleHistoriesAndDurations() {
    assertThatThrownBy(() -> PUBLISHED.probabilityAlive(2, 40, 38.86)).isInstanceOf(InputException.class)
        .hasMessage("customer: recency t_x = 40.0 exceeds age T = 38.86; the last purchase must fall within the"
            + " calibration period, so t_x <= T");
    assertThatThrownBy(() -> PUBLISHED.conditionalExpectedPurchases(-1, 2, 30, 38))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("duration must be a finite number >= 0: -1.0");
    assertThatThrownBy(() -> new BgNbdModel(0.2, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alpha must be a finite number > 0: 0.0");
  }

  @Test
  void groupedLogLikelihood_equalsTheSumOverCustomers() {
    CdnowSummary cdnow = CdnowSummary.load();
    BgNbdPatterns patterns = BgNbdPatterns.of(cdnow.frequency(), cdnow.recency(), cdnow.age(), null);
    assertThat(patterns.size()).isLessThan(cdnow.size());
    double sum = 0;
    for (int i = 0; i < cdnow.size(); i++) {
      sum += PUBLISHED.logLikelihood(cdnow.frequency()[i], cdnow.recency()[i], cdnow.age()[i]);
    }
    double grouped = new BgNbdLikelihood(patterns).evaluate(
        new double[] {PUBLISHED.r(), PUBLISHED.alpha(), PUBLISHED.a(), PUBLISHED.b()}, null);
    assertThat(grouped).isCloseTo(sum, within(1e-9));
  }

  @Test
  void gradient_matchesCentralDifferencesOfTheLogLikelihood() {
    CdnowSummary cdnow = CdnowSummary.load();
    BgNbdLikelihood likelihood = new BgNbdLikelihood(
        BgNbdPatterns.of(cdnow.frequency(), cdnow.recency(), cdnow.age(), null));
    double[] point = {0.3, 5.0, 1.2, 3.1};
    double[] gradient = new double[4];
    likelihood.evaluate(point, gradient);
    for (int i = 0; i < 4; i++) {
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
    CdnowSummary cdnow = CdnowSummary.load();
    Map<List<Double>, Integer> counts = new LinkedHashMap<>();
    for (int i = 0; i < cdnow.size(); i++) {
      counts.merge(List.of(cdnow.frequency()[i], cdnow.recency()[i], cdnow.age()[i]), 1, Integer::sum);
    }
    double[] frequency = counts.keySet().stream().mapToDouble(row -> row.get(0)).toArray();
    double[] recency = counts.keySet().stream().mapToDouble(row -> row.get(1)).toArray();
    double[] age = counts.keySet().stream().mapToDouble(row -> row.get(2)).toArray();
    double[] weights = counts.values().stream().mapToDouble(Integer::doubleValue).toArray();
    assertThat(weights.length).isLessThan(cdnow.size());

    BgNbdFit weighted = BgNbdModel.fit(frequency, recency, age, weights);
    BgNbdFit rows = BgNbdModel.fit(cdnow.frequency(), cdnow.recency(), cdnow.age());
    assertThat(weighted.customers()).isEqualTo(2357);
    assertThat(weighted.logLikelihood()).isCloseTo(rows.logLikelihood(), within(1e-8));
    Estimate[] fromWeights = {weighted.r(), weighted.alpha(), weighted.a(), weighted.b()};
    Estimate[] fromRows = {rows.r(), rows.alpha(), rows.a(), rows.b()};
    for (int i = 0; i < 4; i++) {
      assertThat(fromWeights[i].value()).isCloseTo(fromRows[i].value(), within(1e-7 * fromRows[i].value()));
      assertThat(fromWeights[i].standardError())
          .isCloseTo(fromRows[i].standardError(), within(1e-5 * fromRows[i].standardError()));
    }
  }

  @Test
  void fit_isEquivariantToTheTimeUnit() {
    CdnowSummary cdnow = CdnowSummary.load();
    double[] recencyDays = Arrays.stream(cdnow.recency()).map(weeks -> weeks * 7).toArray();
    double[] ageDays = Arrays.stream(cdnow.age()).map(weeks -> weeks * 7).toArray();
    BgNbdFit weeks = BgNbdModel.fit(cdnow.frequency(), cdnow.recency(), cdnow.age());
    BgNbdFit days = BgNbdModel.fit(cdnow.frequency(), recencyDays, ageDays);
    assertThat(days.alpha().value()).isCloseTo(7 * weeks.alpha().value(), within(1e-6 * days.alpha().value()));
    assertThat(days.r().value()).isCloseTo(weeks.r().value(), within(1e-6 * weeks.r().value()));
    assertThat(days.a().value()).isCloseTo(weeks.a().value(), within(1e-5 * weeks.a().value()));
    assertThat(days.b().value()).isCloseTo(weeks.b().value(), within(1e-5 * weeks.b().value()));
    // the likelihood is a density in the purchase times: each repeat purchase adds -ln 7
    double purchases = Arrays.stream(cdnow.frequency()).sum();
    assertThat(days.logLikelihood()).isCloseTo(weeks.logLikelihood() - purchases * Math.log(7), within(1e-6));
  }

  @Test
  void fit_rejectsEmptyOrMismatchedInput() {
    assertThatThrownBy(() -> BgNbdModel.fit(new double[0], new double[0], new double[0]))
        .isInstanceOf(InputException.class)
        .hasMessage("BG/NBD got no customers: pass the frequency, recency and age of every customer in the cohort,"
            + " including those who never bought again");
    assertThatThrownBy(() -> BgNbdModel.fit(new double[2], new double[2], new double[3]))
        .isInstanceOf(InputException.class)
        .hasMessage("BG/NBD input arrays differ in length: frequency 2, recency 2, age 3; pass one entry per"
            + " customer in each");
    assertThatThrownBy(() -> BgNbdModel.fit(new double[2], new double[2], new double[2], null))
        .isInstanceOf(InputException.class)
        .hasMessage("BG/NBD weights are null: pass one weight per row, or call fit without weights");
  }

  @Test
  void fit_rejectsCohortsWithoutRepeatBuyers() {
    assertThatThrownBy(() -> BgNbdModel.fit(new double[] {0, 0, 0}, new double[3], new double[] {10, 20, 30}))
        .isInstanceOf(InputException.class).isInstanceOf(HoldfastException.class)
        .hasMessage("BG/NBD cannot be fitted: none of the 3 customers made a repeat purchase (every frequency x is"
            + " 0), so the purchase rate and the dropout probability cannot be told apart; use a longer"
            + " calibration period or a larger cohort");
    assertThatThrownBy(() -> BgNbdModel.fit(new double[] {1, 0}, new double[] {1, 0}, new double[] {2, 2},
        new double[] {0, 0}))
        .isInstanceOf(InputException.class)
        .hasMessage("BG/NBD got 2 customers, all with weight 0: give each customer a weight of at least 1, or pass"
            + " no weights");
  }

  @Test
  void fit_namesTheCustomerAndTheValueThatIsImpossible() {
    double[] age = {30, 30, 30};
    assertThatThrownBy(() -> BgNbdModel.fit(new double[] {1, -1, 0}, new double[] {3, 0, 0}, age))
        .isInstanceOf(InputException.class)
        .hasMessage("customer at index 1: frequency x = -1.0 must be a whole number >= 0; x counts the repeat"
            + " purchases, those after the first");
    assertThatThrownBy(() -> BgNbdModel.fit(new double[] {1, 1.5, 0}, new double[] {3, 4, 0}, age))
        .isInstanceOf(InputException.class).hasMessageStartingWith("customer at index 1: frequency x = 1.5 must");
    assertThatThrownBy(() -> BgNbdModel.fit(new double[] {1, 2, 0}, new double[] {3, 31, 0}, age))
        .isInstanceOf(InputException.class)
        .hasMessage("customer at index 1: recency t_x = 31.0 exceeds age T = 30.0; the last purchase must fall"
            + " within the calibration period, so t_x <= T");
    assertThatThrownBy(() -> BgNbdModel.fit(new double[] {1, 0, 0}, new double[] {3, 0, 2}, age))
        .isInstanceOf(InputException.class)
        .hasMessage("customer at index 2: recency t_x = 2.0 with frequency x = 0; a customer with no repeat"
            + " purchase has t_x = 0");
    assertThatThrownBy(() -> BgNbdModel.fit(new double[] {1, 0, 0}, new double[] {Double.NaN, 0, 0}, age))
        .isInstanceOf(InputException.class)
        .hasMessage("customer at index 0: recency t_x = NaN must be a finite number >= 0; t_x is the time from the"
            + " first purchase to the last one");
    assertThatThrownBy(() -> BgNbdModel.fit(new double[] {1, 0, 0}, new double[] {3, 0, 0},
        new double[] {30, -1, 30}))
        .isInstanceOf(InputException.class).hasMessageStartingWith("customer at index 1: age T = -1.0 must");
    assertThatThrownBy(() -> BgNbdModel.fit(new double[] {1, 0, 0}, new double[] {3, 0, 0}, age,
        new double[] {1, 0.5, 1}))
        .isInstanceOf(InputException.class)
        .hasMessage("customer at index 1: weight 0.5 must be a whole number >= 0; a weight counts the customers"
            + " that share the row's values");
  }
}
