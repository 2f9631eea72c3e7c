package dev.holdfast.survival;

import static dev.holdfast.survival.RReference.NA;
import static dev.holdfast.survival.RReference.assertEstimates;
import static dev.holdfast.survival.RReference.assertSummary;
import static dev.holdfast.survival.RReference.assertTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/**
 * Kaplan–Meier edge cases against R 4.2.2 with survival 3.5-3; every literal comes from
 * {@code src/test/resources/survival/reference.R} (section "edge cases"), where {@code km(t, e, type)} is
 * {@code survfit(Surv(t, e) ~ 1, conf.type = type)}, rows are the survfit object and summaries are
 * {@code summary(fit, rmean = tau)$table}.
 */
class KaplanMeierTest {
  // events and censorings tied at 2, 4 and 6
  private static final double[] TIES_T = {1, 1, 2, 2, 2, 3, 4, 4, 4, 5, 6, 6, 7};
  private static final int[] TIES_E = {1, 0, 1, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0};
  // S = 0.5 on [3, 5) with a censoring at 4
  private static final double[] MIDPOINT_T = {1, 2, 3, 4, 5, 6};
  private static final int[] MIDPOINT_E = {1, 1, 1, 0, 1, 1};

  private static final KaplanMeier LOG = KaplanMeier.standard();
  private static final KaplanMeier LOG_LOG = KaplanMeier.with(ConfidenceType.LOG_LOG, 0.95);
  private static final KaplanMeier PLAIN = KaplanMeier.with(ConfidenceType.PLAIN, 0.95);

  @Test
  void standard_isLogScaleAt95PercentLikeSurvfit() {
    assertThat(KaplanMeier.standard().confidenceType()).isEqualTo(ConfidenceType.LOG);
    assertThat(KaplanMeier.standard().confidenceLevel()).isEqualTo(0.95);
  }

  @Test
  void fit_tiedEventsAndCensorings_matchSurvfitLog() {
    // R: table_rows("ties log", km(ties_t, ties_e, "log"))
    assertTable(LOG.fit(TIES_T, TIES_E), new double[][] {
        {1, 13, 1, 1, 0.92307692307692313, 0.073905301756194058, 0.78901857586524304, 1},
        {2, 11, 2, 1, 0.75524475524475532, 0.1232051133130489, 0.54856603603655896, 1},
        {3, 8, 1, 0, 0.66083916083916094, 0.13935626598655004, 0.43711561086010492, 0.99906840581443146},
        {4, 7, 1, 2, 0.56643356643356646, 0.14801044930175059, 0.33941261272750256, 0.94530071409055605},
        {5, 4, 1, 0, 0.42482517482517484, 0.16541596748982962, 0.19804975753707629, 0.91126811468806734},
        {6, 3, 1, 1, 0.28321678321678323, 0.15978019229410795, 0.093735323842927348, 0.8557259206793113},
        {7, 1, 0, 1, 0.28321678321678323, 0.15978019229410795, 0.093735323842927348, 0.8557259206793113},
    });
  }

  @Test
  void fit_tiedEventsAndCensorings_matchSurvfitLogLog() {
    // R: table_rows("ties log-log", km(ties_t, ties_e, "log-log"))
    assertTable(LOG_LOG.fit(TIES_T, TIES_E), new double[][] {
        {1, 13, 1, 1, 0.92307692307692313, 0.073905301756194058, 0.56635946613052179, 0.98879406230368938},
        {2, 11, 2, 1, 0.75524475524475532, 0.1232051133130489, 0.41609002546974527, 0.91405294519535774},
        {3, 8, 1, 0, 0.66083916083916094, 0.13935626598655004, 0.32513869526803013, 0.85835680948604398},
        {4, 7, 1, 2, 0.56643356643356646, 0.14801044930175059, 0.24672702811983255, 0.79385561836621865},
        {5, 4, 1, 0, 0.42482517482517484, 0.16541596748982962, 0.12397108022792377, 0.70395555614923244},
        {6, 3, 1, 1, 0.28321678321678323, 0.15978019229410795, 0.04827626548373188, 0.59149449586759451},
        {7, 1, 0, 1, 0.28321678321678323, 0.15978019229410795, 0.04827626548373188, 0.59149449586759451},
    });
  }

  @Test
  void fit_tiedEventsAndCensorings_matchSurvfitPlainClippedAtZero() {
    // R: table_rows("ties plain", km(ties_t, ties_e, "plain"))
    assertTable(PLAIN.fit(TIES_T, TIES_E), new double[][] {
        {1, 13, 1, 1, 0.92307692307692313, 0.073905301756194058, 0.77822519336821805, 1},
        {2, 11, 2, 1, 0.75524475524475532, 0.1232051133130489, 0.5137671704400032, 0.99672234004950744},
        {3, 8, 1, 0, 0.66083916083916094, 0.13935626598655004, 0.38770589848553877, 0.93397242319278306},
        {4, 7, 1, 2, 0.56643356643356646, 0.14801044930175059, 0.27633841646654378, 0.85652871640058914},
        {5, 4, 1, 0, 0.42482517482517484, 0.16541596748982962, 0.10061583607726043, 0.74903451357308926},
        {6, 3, 1, 1, 0.28321678321678323, 0.15978019229410795, 0, 0.59638020555611904},
        {7, 1, 0, 1, 0.28321678321678323, 0.15978019229410795, 0, 0.59638020555611904},
    });
  }

  @Test
  void fit_atNinetyPercent_narrowsTheIntervalLikeSurvfitConfInt() {
    // R: table_rows("ties log conf.int=0.90", survfit(Surv(ties_t, ties_e) ~ 1, conf.int = 0.90))
    assertTable(KaplanMeier.with(ConfidenceType.LOG, 0.90).fit(TIES_T, TIES_E), new double[][] {
        {1, 13, 1, 1, 0.92307692307692313, 0.073905301756194058, 0.80917797285082349, 1},
        {2, 11, 2, 1, 0.75524475524475532, 0.1232051133130489, 0.57750232514431021, 0.98769237021197498},
        {3, 8, 1, 0, 0.66083916083916094, 0.13935626598655004, 0.46714863095222531, 0.93483822398971783},
        {4, 7, 1, 2, 0.56643356643356646, 0.14801044930175059, 0.36854234103240874, 0.87058378227004052},
        {5, 4, 1, 0, 0.42482517482517484, 0.16541596748982962, 0.22390327416860542, 0.80604640479413692},
        {6, 3, 1, 1, 0.28321678321678323, 0.15978019229410795, 0.11197195599464121, 0.71635567659013821},
        {7, 1, 0, 1, 0.28321678321678323, 0.15978019229410795, 0.11197195599464121, 0.71635567659013821},
    });
  }

  @Test
  void estimateAt_isTheRightContinuousStepWithTheRiskSetAtThatTime() {
    // R: at_times("ties log", km(ties_t, ties_e), c(0, 0.5, 1, 2.5, 4, 7, 12)), i.e.
    // summary(fit, times = ..., extend = TRUE): {time, n.risk, surv, std.err, lower, upper}
    assertEstimates(LOG.fit(TIES_T, TIES_E), new double[][] {
        {0, 13, 1, 0, 1, 1},
        {0.5, 13, 1, 0, 1, 1},
        {1, 13, 0.92307692307692313, 0.073905301756194058, 0.78901857586524304, 1},
        {2.5, 8, 0.75524475524475532, 0.1232051133130489, 0.54856603603655896, 1},
        {4, 7, 0.56643356643356646, 0.14801044930175059, 0.33941261272750256, 0.94530071409055605},
        {7, 1, 0.28321678321678323, 0.15978019229410795, 0.093735323842927348, 0.8557259206793113},
        {12, 0, 0.28321678321678323, 0.15978019229410795, 0.093735323842927348, 0.8557259206793113},
    });
    // R: at_times("ties log-log", km(ties_t, ties_e, "log-log"), c(0, 2.5, 7)): limits 1 before the first time
    assertEstimates(LOG_LOG.fit(TIES_T, TIES_E), new double[][] {
        {0, 13, 1, 0, 1, 1},
        {2.5, 8, 0.75524475524475532, 0.1232051133130489, 0.41609002546974527, 0.91405294519535774},
        {7, 1, 0.28321678321678323, 0.15978019229410795, 0.04827626548373188, 0.59149449586759451},
    });
  }

  @Test
  void summary_tiedEventsAndCensorings_matchSurvmeanForEachTau() {
    // R: table_summary("ties log", km(ties_t, ties_e)) with rmean = "common" (tau 7), 3.5 and 10
    SurvivalCurve curve = LOG.fit(TIES_T, TIES_E);
    assertSummary(curve, 7, 13, 7, 4.6136363636363642, 0.62502331144092549, 5, 3, NA);
    assertSummary(curve, 3.5, 13, 7, 3.0087412587412588, 0.22721508948938696, 5, 3, NA);
    assertSummary(curve, 10, 13, 7, 5.4632867132867133, 1.0212332357470655, 5, 3, NA);
    assertThat(curve.restrictedMean()).isEqualTo(curve.restrictedMean(7));
    // R: table_summary("ties log-log", ...) and ("ties plain", ...): only the median limits differ
    assertSummary(LOG_LOG.fit(TIES_T, TIES_E), 7, 13, 7, 4.6136363636363642, 0.62502331144092549, 5, 2, NA);
    assertSummary(PLAIN.fit(TIES_T, TIES_E), 7, 13, 7, 4.6136363636363642, 0.62502331144092549, 5, 3, NA);
  }

  @Test
  void restrictedMean_beforeTheFirstTime_isTauWithNoError() {
    // as R's survmean(): before the first time the curve is 1, so the area is tau (print() refuses such a tau)
    RestrictedMean mean = LOG.fit(TIES_T, TIES_E).restrictedMean(0.5);
    assertThat(mean.estimate()).isEqualTo(0.5);
    assertThat(mean.standardError()).isZero();
    assertThat(LOG.fit(TIES_T, TIES_E).restrictedMean(0).estimate()).isZero();
  }

  @Test
  void fit_allCensored_staysAtOneWithMedianNotReached() {
    double[] times = {2, 3, 5};
    int[] events = {0, 0, 0};
    // R: table_rows("all censored log", km(c(2, 3, 5), c(0, 0, 0), "log")), same for "plain"
    double[][] ones = {
        {2, 3, 0, 1, 1, 0, 1, 1},
        {3, 2, 0, 1, 1, 0, 1, 1},
        {5, 1, 0, 1, 1, 0, 1, 1},
    };
    assertTable(LOG.fit(times, events), ones);
    assertTable(PLAIN.fit(times, events), ones);
    // R: table_rows("all censored log-log", ...): log(-log(1)) is undefined
    assertTable(LOG_LOG.fit(times, events), new double[][] {
        {2, 3, 0, 1, 1, 0, NA, NA},
        {3, 2, 0, 1, 1, 0, NA, NA},
        {5, 1, 0, 1, 1, 0, NA, NA},
    });
    // R: table_summary("all censored log", ...): n=3 events=0 rmean=5 se=0 median=NA lcl=NA ucl=NA
    SurvivalCurve curve = LOG.fit(times, events);
    assertSummary(curve, 5, 3, 0, 5, 0, NA, NA, NA);
    assertThat(curve.median().reached()).isFalse();
  }

  @Test
  void fit_singleSubjectWithEvent_dropsToZeroWithUndefinedLimits() {
    // R: table_rows("single event", km(5, 1)); table_summary: rmean=5 se=0 median=5 lcl=NA ucl=NA
    SurvivalCurve curve = LOG.fit(new double[] {5}, new int[] {1});
    assertTable(curve, new double[][] {{5, 1, 1, 0, 0, NA, NA, NA}});
    assertSummary(curve, 5, 1, 1, 5, 0, 5, NA, NA);
    assertThat(curve.survivalAt(4.999)).isEqualTo(1);
    assertThat(curve.survivalAt(5)).isZero();
    assertThat(curve.estimateAt(6).atRisk()).isZero();
    // a curve that falls to 0 stays there: known at any later time
    assertThat(curve.known(1000)).isTrue();
  }

  @Test
  void known_endsWithFollowUpWhereTheCurveEndsCensored() {
    // R's summary(fit, times = 6) gives no row past the last time 5 of a curve that ends censored (without extend = TRUE)
    SurvivalCurve curve = LOG.fit(new double[] {2, 5}, new int[] {1, 0});
    assertThat(curve.known(0)).isTrue();
    assertThat(curve.known(5)).isTrue();
    assertThat(curve.known(5.001)).isFalse();
    assertThat(curve.known(24)).isFalse();
    assertThat(curve.survivalAt(24)).isEqualTo(0.5);
  }

  @Test
  void fit_singleCensoredSubject_staysAtOne() {
    // R: table_rows("single censored", km(5, 0)); table_summary: rmean=5 se=0 median=NA lcl=NA ucl=NA
    SurvivalCurve curve = LOG.fit(new double[] {5}, new boolean[] {false});
    assertTable(curve, new double[][] {{5, 1, 0, 1, 1, 0, 1, 1}});
    assertSummary(curve, 5, 1, 0, 5, 0, NA, NA, NA);
  }

  @Test
  void fit_allEventsAtOneTime_dropsToZeroInOneStep() {
    // R: table_rows("all events at one time", km(c(3, 3, 3, 3), c(1, 1, 1, 1)))
    // table_summary: n=4 events=4 rmean=3 se=0 median=3 lcl=NA ucl=NA
    SurvivalCurve curve = LOG.fit(new double[] {3, 3, 3, 3}, new int[] {1, 1, 1, 1});
    assertTable(curve, new double[][] {{3, 4, 4, 0, 0, NA, NA, NA}});
    assertSummary(curve, 3, 4, 4, 3, 0, 3, NA, NA);
  }

  @Test
  void fit_allEventsAtOneTimeThenCensored_keepsTheStepAfterwards() {
    // R: table_rows("one event time, then censored", km(c(3, 3, 3, 5, 8), c(1, 1, 1, 0, 0)))
    // table_summary: n=5 events=3 rmean=5 se=1.0954451150103321 median=3 lcl=3 ucl=NA
    SurvivalCurve curve = LOG.fit(new double[] {3, 3, 3, 5, 8}, new int[] {1, 1, 1, 0, 0});
    assertTable(curve, new double[][] {
        {3, 5, 3, 0, 0.40000000000000002, 0.21908902300206645, 0.13672178038905075, 1},
        {5, 2, 0, 1, 0.40000000000000002, 0.21908902300206645, 0.13672178038905075, 1},
        {8, 1, 0, 1, 0.40000000000000002, 0.21908902300206645, 0.13672178038905075, 1},
    });
    assertSummary(curve, 8, 5, 3, 5, 1.0954451150103321, 3, 3, NA);
  }

  @Test
  void median_curveExactlyAtHalfOverAnInterval_isTheMidpointToTheNextDrop() {
    // R: table_rows("midpoint log", km(mid_t, mid_e, "log")); S = 0.5 from 3 until the drop at 5
    SurvivalCurve curve = LOG.fit(MIDPOINT_T, MIDPOINT_E);
    assertTable(curve, new double[][] {
        {1, 6, 1, 0, 0.83333333333333337, 0.15214515486254615, 0.58265479547713961, 1},
        {2, 5, 1, 0, 0.66666666666666674, 0.19245008972987529, 0.3786064608870951, 1},
        {3, 4, 1, 0, 0.5, 0.20412414523193151, 0.22463034776926674, 1},
        {4, 3, 0, 1, 0.5, 0.20412414523193151, 0.22463034776926674, 1},
        {5, 2, 1, 0, 0.25, 0.20412414523193151, 0.050458793138941714, 1},
        {6, 1, 1, 0, 0, NA, NA, NA},
    });
    // R: table_summary("midpoint log", ...): rmean=3.75 se=0.77280154129130862 median=4 lcl=2 ucl=NA
    assertSummary(curve, 6, 6, 5, 3.75, 0.77280154129130862, 4, 2, NA);
  }

  @Test
  void median_midpointRule_holdsForEachConfidenceType() {
    // R: table_rows / table_summary("midpoint log-log", ...): median=4 lcl=1 ucl=NA
    SurvivalCurve logLog = LOG_LOG.fit(MIDPOINT_T, MIDPOINT_E);
    assertTable(logLog, new double[][] {
        {1, 6, 1, 0, 0.83333333333333337, 0.15214515486254615, 0.273122849928356, 0.97471242669089353},
        {2, 5, 1, 0, 0.66666666666666674, 0.19245008972987529, 0.19461663680623487, 0.90443416432251644},
        {3, 4, 1, 0, 0.5, 0.20412414523193151, 0.11094826035143802, 0.80370923685005669},
        {4, 3, 0, 1, 0.5, 0.20412414523193151, 0.11094826035143802, 0.80370923685005669},
        {5, 2, 1, 0, 0.25, 0.20412414523193151, 0.012309516475010473, 0.64594853739810054},
        {6, 1, 1, 0, 0, NA, NA, NA},
    });
    assertSummary(logLog, 6, 6, 5, 3.75, 0.77280154129130862, 4, 1, NA);
    // R: table_rows / table_summary("midpoint plain", ...): median=4 lcl=2 ucl=NA
    SurvivalCurve plain = PLAIN.fit(MIDPOINT_T, MIDPOINT_E);
    assertTable(plain, new double[][] {
        {1, 6, 1, 0, 0.83333333333333337, 0.15214515486254615, 0.5351343093804739, 1},
        {2, 5, 1, 0, 0.66666666666666674, 0.19245008972987529, 0.28947142197460951, 1},
        {3, 4, 1, 0, 0.5, 0.20412414523193151, 0.099924026970390933, 0.90007597302960907},
        {4, 3, 0, 1, 0.5, 0.20412414523193151, 0.099924026970390933, 0.90007597302960907},
        {5, 2, 1, 0, 0.25, 0.20412414523193151, 0, 0.65007597302960907},
        {6, 1, 1, 0, 0, NA, NA, NA},
    });
    assertSummary(plain, 6, 6, 5, 3.75, 0.77280154129130862, 4, 2, NA);
  }

  @Test
  void median_curveEndingExactlyAtHalf_isTheFirstTimeAtHalf() {
    // R: table_rows("ends at half", km(c(1, 2, 3, 4), c(1, 1, 0, 0)))
    // table_summary: n=4 events=2 rmean=2.75 se=0.649519052838329 median=2 lcl=1 ucl=NA
    SurvivalCurve curve = LOG.fit(new double[] {1, 2, 3, 4}, new int[] {1, 1, 0, 0});
    assertTable(curve, new double[][] {
        {1, 4, 1, 0, 0.75, 0.21650635094610965, 0.42593226849798205, 1},
        {2, 3, 1, 0, 0.5, 0.25, 0.18765892870658832, 1},
        {3, 2, 0, 1, 0.5, 0.25, 0.18765892870658832, 1},
        {4, 1, 0, 1, 0.5, 0.25, 0.18765892870658832, 1},
    });
    assertSummary(curve, 4, 4, 2, 2.75, 0.649519052838329, 2, 1, NA);
  }

  @Test
  void fit_booleanAndIntegerEvents_giveTheSameCurve() {
    boolean[] events = new boolean[TIES_E.length];
    for (int subject = 0; subject < events.length; subject++) {
      events[subject] = TIES_E[subject] == 1;
    }
    assertThat(LOG.fit(TIES_T, events).steps()).isEqualTo(LOG.fit(TIES_T, TIES_E).steps());
  }

  @Test
  void fit_ignoresTheOrderOfSubjects() {
    double[] times = {7, 6, 6, 5, 4, 4, 4, 3, 2, 2, 2, 1, 1};
    int[] events = {0, 0, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0, 1};
    assertThat(LOG.fit(times, events).steps()).isEqualTo(LOG.fit(TIES_T, TIES_E).steps());
  }

  @Test
  void fit_leavesTheCallersArraysUntouched() {
    double[] times = {3, 1, 2};
    int[] events = {1, 0, 1};
    LOG.fit(times, events);
    assertThat(times).containsExactly(3, 1, 2);
    assertThat(events).containsExactly(1, 0, 1);
  }

  @Test
  void fitByGroup_fitsOneCurvePerLabelInAscendingOrder() {
    double[] times = {1, 2, 3, 4, 5, 6};
    int[] events = {1, 0, 1, 1, 1, 0};
    int[] groups = {7, 3, 7, 3, 7, 3};
    SortedMap<Integer, SurvivalCurve> curves = LOG.fitByGroup(times, events, groups);
    assertThat(curves.keySet()).containsExactly(3, 7);
    assertThat(curves.get(3).steps())
        .isEqualTo(LOG.fit(new double[] {2, 4, 6}, new int[] {0, 1, 0}).steps());
    assertThat(curves.get(7).steps())
        .isEqualTo(LOG.fit(new double[] {1, 3, 5}, new int[] {1, 1, 1}).steps());
  }

  @Test
  void fit_rejectsANegativeTimeNamingIt() {
    assertThatThrownBy(() -> LOG.fit(new double[] {1, -2, 3}, new int[] {1, 1, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("times[1] must be a finite number >= 0: -2.0");
  }

  @Test
  void fit_rejectsNaNAndInfiniteTimes() {
    assertThatThrownBy(() -> LOG.fit(new double[] {Double.NaN}, new int[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("times[0] must be a finite number >= 0: NaN");
    assertThatThrownBy(() -> LOG.fit(new double[] {1, Double.POSITIVE_INFINITY}, new int[] {1, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("times[1] must be a finite number >= 0: Infinity");
  }

  @Test
  void fit_rejectsMismatchedLengthsGivingBoth() {
    assertThatThrownBy(() -> LOG.fit(new double[] {1, 2, 3}, new boolean[] {true, false}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("times and events must have the same length: times has 3, events has 2");
    assertThatThrownBy(() -> LOG.fitByGroup(new double[] {1, 2}, new int[] {1, 0}, new int[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("times and groups must have the same length: times has 2, groups has 1");
  }

  @Test
  void fit_rejectsEmptyInput() {
    assertThatThrownBy(() -> LOG.fit(new double[0], new int[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("times must not be empty: survival needs at least one subject");
  }

  @Test
  void fit_rejectsAnEventCodeOtherThanZeroOrOne() {
    assertThatThrownBy(() -> LOG.fit(new double[] {1, 2, 3}, new int[] {1, 0, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("events[2] must be 0 (censored) or 1 (event): 2");
  }

  @Test
  void with_rejectsAConfidenceLevelOutsideZeroToOne() {
    assertThatThrownBy(() -> KaplanMeier.with(ConfidenceType.LOG, 95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("confidenceLevel must lie strictly between 0 and 1: 95.0");
    assertThatThrownBy(() -> KaplanMeier.with(ConfidenceType.LOG, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("confidenceLevel must lie strictly between 0 and 1: 1.0");
    assertThatThrownBy(() -> KaplanMeier.with(null, 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("confidenceType must not be null: use one of LOG, LOG_LOG, PLAIN");
  }

  @Test
  void queries_rejectANegativeOrNaNTime() {
    SurvivalCurve curve = LOG.fit(TIES_T, TIES_E);
    assertThatThrownBy(() -> curve.survivalAt(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("time must be a finite number >= 0: -1.0");
    assertThatThrownBy(() -> curve.restrictedMean(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tau must be a finite number >= 0: NaN");
  }
}
