package dev.holdfast.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded simulations with known answers: exponential lifetimes with rate λ (true median ln 2 / λ) under
 * independent exponential censoring, and uncensored samples where Kaplan–Meier reduces to the empirical
 * survival function.
 */
class SimulatedLifetimesTest {
  private static final KaplanMeier LOG = KaplanMeier.standard();

  /** Lifetimes Exp(rate) observed until an independent Exp(censoringRate) dropout. */
  private record Cohort(double[] times, boolean[] events) {

    static Cohort exponential(SplittableRandom random, int subjects, double rate, double censoringRate) {
      double[] times = new double[subjects];
      boolean[] events = new boolean[subjects];
      for (int subject = 0; subject < subjects; subject++) {
        double lifetime = draw(random, rate);
        double dropout = draw(random, censoringRate);
        times[subject] = Math.min(lifetime, dropout);
        events[subject] = lifetime <= dropout;
      }
      return new Cohort(times, events);
    }

    private static double draw(SplittableRandom random, double rate) {
      return -Math.log(1 - random.nextDouble()) / rate;
    }

    Cohort plus(Cohort other) {
      double[] times = Arrays.copyOf(this.times, this.times.length + other.times.length);
      System.arraycopy(other.times, 0, times, this.times.length, other.times.length);
      boolean[] events = Arrays.copyOf(this.events, this.events.length + other.events.length);
      System.arraycopy(other.events, 0, events, this.events.length, other.events.length);
      return new Cohort(times, events);
    }

    int[] groupsOf(int firstSize) {
      int[] groups = new int[times.length];
      Arrays.fill(groups, firstSize, groups.length, 1);
      return groups;
    }
  }

  @Test
  void median_ofExponentialLifetimes_coversTheTrueMedianWithinItsInterval() {
    double rate = 0.1; // true median ln 2 / 0.1 = 6.93 months
    Cohort cohort = Cohort.exponential(new SplittableRandom(20_240_501L), 1_000, rate, 0.05);
    MedianSurvival median = LOG.fit(cohort.times(), cohort.events()).median();
    double truth = Math.log(2) / rate;
    assertThat(median.lower().getAsDouble()).isLessThanOrEqualTo(truth);
    assertThat(median.upper().getAsDouble()).isGreaterThanOrEqualTo(truth);
    assertThat(median.estimate().getAsDouble()).isCloseTo(truth, within(0.1 * truth));
  }

  @Test
  void survivalAt_ofExponentialLifetimes_coversTheTrueSurvival() {
    double rate = 0.1;
    Cohort cohort = Cohort.exponential(new SplittableRandom(7L), 1_000, rate, 0.05);
    SurvivalCurve curve = LOG.fit(cohort.times(), cohort.events());
    for (double month : new double[] {3, 6, 12}) {
      SurvivalEstimate estimate = curve.estimateAt(month);
      double truth = Math.exp(-rate * month);
      assertThat(estimate.lower()).as("lower at %s", month).isLessThanOrEqualTo(truth);
      assertThat(estimate.upper()).as("upper at %s", month).isGreaterThanOrEqualTo(truth);
    }
  }

  @Test
  void logRank_twoGroupsFromOneDistribution_isNotSignificant() {
    SplittableRandom random = new SplittableRandom(11L);
    Cohort first = Cohort.exponential(random, 500, 0.1, 0.05);
    Cohort second = Cohort.exponential(random, 500, 0.1, 0.05);
    Cohort both = first.plus(second);
    LogRankResult result = LogRank.test(both.times(), both.events(), both.groupsOf(500));
    assertThat(result.degreesOfFreedom()).isEqualTo(1);
    assertThat(result.pValue()).isGreaterThan(0.01);
  }

  @Test
  void logRank_underTheNullHypothesis_rejectsAboutFivePercentAtFivePercent() {
    SplittableRandom random = new SplittableRandom(13L);
    int replicates = 400;
    int rejected = 0;
    for (int replicate = 0; replicate < replicates; replicate++) {
      Cohort both = Cohort.exponential(random, 100, 0.1, 0.05).plus(Cohort.exponential(random, 100, 0.1, 0.05));
      if (LogRank.test(both.times(), both.events(), both.groupsOf(100)).pValue() < 0.05) {
        rejected++;
      }
    }
    // Binomial(400, 0.05): mean 20, standard deviation 4.4; the bounds are about 3 standard deviations
    assertThat(rejected).isBetween(7, 33);
  }

  @Test
  void logRank_groupsWithVeryDifferentRates_isHighlySignificant() {
    SplittableRandom random = new SplittableRandom(12L);
    Cohort slow = Cohort.exponential(random, 500, 0.1, 0.05);
    Cohort fast = Cohort.exponential(random, 500, 0.3, 0.05);
    Cohort both = slow.plus(fast);
    LogRankResult result = LogRank.test(both.times(), both.events(), both.groupsOf(500));
    assertThat(result.pValue()).isLessThan(1e-6);
    assertThat(result.group(1).observed()).isGreaterThan((int) Math.round(result.group(1).expected()));
  }

  @Test
  void fit_withoutCensoring_isTheEmpiricalSurvivalFunctionAndTheMeanIsTheSampleMean() {
    SplittableRandom random = new SplittableRandom(3L);
    double[] times = new double[300];
    for (int subject = 0; subject < times.length; subject++) {
      times[subject] = Math.floor(-Math.log(1 - random.nextDouble()) / 0.2); // whole months: many ties
    }
    boolean[] events = new boolean[times.length];
    Arrays.fill(events, true);
    SurvivalCurve curve = LOG.fit(times, events);
    for (SurvivalStep step : curve.steps()) {
      long survivors = Arrays.stream(times).filter(time -> time > step.time()).count();
      assertThat(step.survival()).isCloseTo((double) survivors / times.length, within(1e-12));
    }
    double sampleMean = Arrays.stream(times).average().orElseThrow();
    assertThat(curve.restrictedMean().estimate()).isCloseTo(sampleMean, within(1e-9));
  }
}
