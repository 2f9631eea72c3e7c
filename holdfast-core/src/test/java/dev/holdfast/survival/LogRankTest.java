package dev.holdfast.survival;

import static dev.holdfast.survival.RReference.assertGroup;
import static dev.holdfast.survival.RReference.assertTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.hipparchus.distribution.continuous.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;

/**
 * Log-rank edge cases against R 4.2.2 with survival 3.5-3; every literal comes from
 * {@code src/test/resources/survival/reference.R} (section "edge cases"), where {@code logrank(label, t, e, g)}
 * prints {@code survdiff(Surv(t, e) ~ g)}: N, observed, expected and var[i, i] per group, then chisq, df, p.
 */
class LogRankTest {

  @Test
  void test_groupWithNoEvents_matchesSurvdiff() {
    // R: logrank("no events in group 2", lr_t, lr_e, lr_g)
    double[] times = {1, 2, 3, 4, 5, 6, 7, 8, 2, 4, 6, 8, 9, 10};
    int[] events = {1, 1, 1, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0};
    int[] groups = {1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2};
    LogRankResult result = LogRank.test(times, events, groups);
    assertGroup(result.group(1), 8, 6, 2.8339160839160842, 1.4237505127240395);
    assertGroup(result.group(2), 6, 0, 3.1660839160839158, 1.4237505127240393);
    assertTest(result, 7.0406207225915853, 1, 0.0079681411240755812);
  }

  @Test
  void test_threeGroups_hasTwoDegreesOfFreedomLikeSurvdiff() {
    // R: logrank("three groups", lr3_t, lr3_e, lr3_g)
    double[] times = {1, 3, 3, 5, 8, 2, 4, 4, 6, 9, 12, 5, 7, 10, 10, 11, 14};
    int[] events = {1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1};
    int[] groups = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2};
    LogRankResult result = LogRank.test(times, events, groups);
    assertThat(result.groups()).extracting(LogRankResult.Group::label).containsExactly(0, 1, 2);
    assertGroup(result.group(0), 5, 4, 1.6249701279113045, 1.2195443640564352);
    assertGroup(result.group(1), 6, 4, 3.3950074435368554, 2.142224622217745);
    assertGroup(result.group(2), 6, 4, 6.9800224285518402, 2.3117711773387266);
    assertTest(result, 6.0074430613256062, 2, 0.049602128609261095);
  }

  @Test
  void test_tiesAcrossGroups_countCensoredSubjectsAtRiskAtTheirTime() {
    // R: logrank("ties across groups", ties_t, ties_e, c(1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1))
    double[] times = {1, 1, 2, 2, 2, 3, 4, 4, 4, 5, 6, 6, 7};
    int[] events = {1, 0, 1, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0};
    int[] groups = {1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1};
    LogRankResult result = LogRank.test(times, events, groups);
    assertGroup(result.group(1), 7, 4, 3.8674658674658673, 1.6619218832006046);
    assertGroup(result.group(2), 6, 3, 3.1325341325341327, 1.6619218832006049);
    assertTest(result, 0.010569267102222042, 1, 0.91811619639690834);
  }

  @Test
  void test_groupGoneBeforeTheFirstEvent_isDroppedLikeSurvdiff() {
    // R: logrank("expected zero", c(1, 2, 3, 4, 5, 6), c(0, 0, 1, 1, 0, 1), c(1, 1, 2, 2, 2, 2))
    // survdiff prints "Chisq= 0 on 0 degrees of freedom, p= 1"
    LogRankResult result = LogRank.test(new double[] {1, 2, 3, 4, 5, 6}, new int[] {0, 0, 1, 1, 0, 1},
        new int[] {1, 1, 2, 2, 2, 2});
    assertGroup(result.group(1), 2, 0, 0, 0);
    assertGroup(result.group(2), 4, 3, 3, 0);
    assertThat(result.chiSquare()).isZero();
    assertThat(result.degreesOfFreedom()).isZero();
    assertThat(result.pValue()).isEqualTo(1);
  }

  @Test
  void test_pValueIsTheUpperTailOfHipparchusChiSquaredDistribution() {
    LogRankResult result = LogRank.test(new double[] {1, 3, 3, 5, 8, 2, 4, 4, 6, 9, 12, 5, 7, 10, 10, 11, 14},
        new int[] {1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1},
        new int[] {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2});
    double complement = 1 - new ChiSquaredDistribution(result.degreesOfFreedom())
        .cumulativeProbability(result.chiSquare());
    assertThat(result.pValue()).isCloseTo(complement, within(1e-14));
  }

  @Test
  void test_booleanAndIntegerEvents_giveTheSameResult() {
    double[] times = {1, 2, 3, 4, 5, 6};
    int[] groups = {0, 1, 0, 1, 0, 1};
    assertThat(LogRank.test(times, new boolean[] {true, true, false, true, true, false}, groups))
        .isEqualTo(LogRank.test(times, new int[] {1, 1, 0, 1, 1, 0}, groups));
  }

  @Test
  void test_rejectsASingleGroupNamingItsLabel() {
    assertThatThrownBy(() -> LogRank.test(new double[] {1, 2, 3}, new int[] {1, 1, 0}, new int[] {4, 4, 4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("groups must hold at least 2 distinct labels to compare: all 3 subjects are labelled 4");
  }

  @Test
  void test_rejectsDataWithoutEvents() {
    // R: survdiff gives "Chisq= 0 on -1 degrees of freedom, p= NA"
    assertThatThrownBy(() -> LogRank.test(new double[] {3, 4, 5, 6}, new int[] {0, 0, 0, 0},
        new int[] {1, 1, 2, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the log-rank test needs at least one event: all 4 subjects are censored");
  }

  @Test
  void test_rejectsASingularVarianceLikeSurvdiffsSolve() {
    // R: survdiff(Surv(c(3, 3, 3, 3), c(1, 1, 1, 1)) ~ c(1, 1, 2, 2)) fails in solve(): "Lapack routine
    // dgesv: system is exactly singular", since everyone at risk dies at the one event time
    assertThatThrownBy(() -> LogRank.test(new double[] {3, 3, 3, 3}, new int[] {1, 1, 1, 1},
        new int[] {1, 1, 2, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the log-rank variance matrix of groups [1, 2] is singular, so they cannot be compared: "
            + "a group is never at risk together with another at an event time that leaves survivors");
  }

  @Test
  void test_rejectsMismatchedGroupLabels() {
    assertThatThrownBy(() -> LogRank.test(new double[] {1, 2, 3}, new int[] {1, 1, 0}, new int[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("times and groups must have the same length: times has 3, groups has 2");
  }
}
