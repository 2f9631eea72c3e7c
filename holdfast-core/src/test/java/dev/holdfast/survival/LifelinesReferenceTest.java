package dev.holdfast.survival;

import static dev.holdfast.survival.RReference.NA;
import static dev.holdfast.survival.RReference.assertEstimates;
import static dev.holdfast.survival.RReference.assertGroup;
import static dev.holdfast.survival.RReference.assertStep;
import static dev.holdfast.survival.RReference.assertSummary;
import static dev.holdfast.survival.RReference.assertTest;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/**
 * Kaplan–Meier summaries and log-rank tests on the lifelines datasets (see
 * {@code src/test/resources/survival/SOURCE.md}) against R 4.2.2 with survival 3.5-3. Every literal comes
 * from {@code src/test/resources/survival/reference.R}: {@code km(t, e, type)} is
 * {@code survfit(Surv(t, e) ~ 1, conf.type = type)}, summaries are {@code summary(fit, rmean = tau)$table},
 * estimates are {@code summary(fit, times = ..., extend = TRUE)} and tests are {@code survdiff}.
 */
class LifelinesReferenceTest {
  private static final KaplanMeier LOG = KaplanMeier.standard();
  private static final KaplanMeier LOG_LOG = KaplanMeier.with(ConfidenceType.LOG_LOG, 0.95);
  private static final KaplanMeier PLAIN = KaplanMeier.with(ConfidenceType.PLAIN, 0.95);

  private static final SurvivalCsv LUNG = SurvivalCsv.load("lung.csv");
  private static final SurvivalCsv WALTONS = SurvivalCsv.load("waltons_dataset.csv");
  private static final SurvivalCsv ROSSI = SurvivalCsv.load("rossi.csv");

  private static SurvivalCurve lung(KaplanMeier estimator) {
    return estimator.fit(LUNG.doubles("time"), LUNG.ints("status"));
  }

  private static SurvivalCurve rossi(KaplanMeier estimator) {
    return estimator.fit(ROSSI.doubles("week"), ROSSI.ints("arrest"));
  }

  /** R orders the string labels as factor levels: control, miR-137. */
  private static int[] waltonsGroups() {
    return Arrays.stream(WALTONS.strings("group")).mapToInt(group -> switch (group) {
      case "control" -> 0;
      case "miR-137" -> 1;
      default -> throw new IllegalStateException("unknown waltons group " + group);
    }).toArray();
  }

  @Test
  void lung_hasOneRowPerDistinctTimeWithRsValues() {
    // R: length(km(lung$time, lung$status)$time) is 186; rows 1-3, 90-93 and 184-186 of
    // table_rows("lung log", km(lung$time, lung$status))
    SurvivalCurve curve = lung(LOG);
    assertThat(curve.steps()).hasSize(186);
    assertThat(curve.lastObservedTime()).isEqualTo(1022);
    double[][] rows = {
        {5, 228, 1, 0, 0.99561403508771928, 0.0043763359985531519, 0.98707341674051452, 1},
        {11, 227, 3, 0, 0.98245614035087714, 0.008694642592690387, 0.96556189707536333, 0.99964597881994266},
        {12, 224, 1, 0, 0.97807017543859642, 0.0096991832166763402, 0.95924367691009127, 0.99726617032696863},
        {268, 111, 1, 0, 0.58601437346235974, 0.03352823111588734, 0.52385080581974119, 0.65555467718923677},
        {269, 110, 1, 1, 0.58068697006724745, 0.033644010630185114, 0.51835216692693209, 0.65051788864888127},
        {270, 108, 1, 0, 0.5753102388629211, 0.033759392531893681, 0.51280626102684157, 0.64543258554947103},
        {272, 107, 0, 1, 0.5753102388629211, 0.033759392531893681, 0.51280626102684157, 0.64543258554947103},
        {965, 3, 0, 1, 0.050345568070810462, 0.022848048916083805, 0.020685460198979953, 0.12253419551659767},
        {1010, 2, 0, 1, 0.050345568070810462, 0.022848048916083805, 0.020685460198979953, 0.12253419551659767},
        {1022, 1, 0, 1, 0.050345568070810462, 0.022848048916083805, 0.020685460198979953, 0.12253419551659767},
    };
    int[] indexes = {0, 1, 2, 89, 90, 91, 92, 183, 184, 185};
    for (int row = 0; row < indexes.length; row++) {
      assertStep(curve.steps().get(indexes[row]), rows[row], "row " + (indexes[row] + 1));
    }
  }

  @Test
  void lung_summaryMatchesSurvfitTableForEachConfidenceType() {
    // R: table_summary("lung log", ...): n=228 events=165 rmean=376.27474614784973 se=19.707791421339873
    // median=310 lcl=285 ucl=363; log-log and plain: lcl=284 ucl=361
    assertSummary(lung(LOG), 1022, 228, 165, 376.27474614784973, 19.707791421339873, 310, 285, 363);
    assertSummary(lung(LOG_LOG), 1022, 228, 165, 376.27474614784973, 19.707791421339873, 310, 284, 361);
    assertSummary(lung(PLAIN), 1022, 228, 165, 376.27474614784973, 19.707791421339873, 310, 284, 361);
    assertThat(lung(LOG).restrictedMean()).isEqualTo(lung(LOG).restrictedMean(1022));
  }

  @Test
  void lung_restrictedMeanMatchesPrintRmeanForAnyTau() {
    // R: table_summary("lung", km(lung$time, lung$status), 365), (..., 3) and (..., 1500)
    SurvivalCurve curve = lung(LOG);
    assertSummary(curve, 365, 228, 165, 263.22186648200665, 7.7988590863144562, 310, 285, 363);
    assertSummary(curve, 3, 228, 165, 3, 0, 310, 285, 363);
    assertSummary(curve, 1500, 228, 165, 400.33992768569715, 27.237899203446194, 310, 285, 363);
  }

  @Test
  void lung_estimatesAtChosenTimesMatchSummaryTimes() {
    // R: at_times("lung log", km(lung$time, lung$status), c(0, 5, 30, 180, 310, 365, 730, 1022, 2000))
    assertEstimates(lung(LOG), new double[][] {
        {0, 228, 1, 0, 1, 1},
        {5, 228, 0.99561403508771928, 0.0043763359985531519, 0.98707341674051452, 1},
        {30, 219, 0.95614035087719285, 0.013562069833364276, 0.92992526688929678, 0.98309445191620237},
        {180, 160, 0.721670653409762, 0.029812419468637337, 0.66554230713059637, 0.78253256992523079},
        {310, 85, 0.49502429318091334, 0.03523274624669917, 0.43056952472997162, 0.56912771751076308},
        {365, 65, 0.4092416244600644, 0.035823638172037771, 0.34472158179582657, 0.48583760354728095},
        {730, 13, 0.1156930983445392, 0.028298197317694247, 0.071631824961796334, 0.18685679181980688},
        {1022, 1, 0.050345568070810462, 0.022848048916083805, 0.020685460198979953, 0.12253419551659767},
        {2000, 0, 0.050345568070810462, 0.022848048916083805, 0.020685460198979953, 0.12253419551659767},
    });
    // R: at_times("lung log-log", km(lung$time, lung$status, "log-log"), same times)
    assertEstimates(lung(LOG_LOG), new double[][] {
        {0, 228, 1, 0, 1, 1},
        {5, 228, 0.99561403508771928, 0.0043763359985531519, 0.96927703621888861, 0.9993810114387387},
        {30, 219, 0.95614035087719285, 0.013562069833364276, 0.92001875948647327, 0.97615801529671775},
        {180, 160, 0.721670653409762, 0.029812419468637337, 0.65830452844566134, 0.77531469071697934},
        {310, 85, 0.49502429318091334, 0.03523274624669917, 0.42424407278475712, 0.56179597914073442},
        {365, 65, 0.4092416244600644, 0.035823638172037771, 0.33871426908832331, 0.4783807676469144},
        {730, 13, 0.1156930983445392, 0.028298197317694247, 0.06763215148882909, 0.17782519970028776},
        {1022, 1, 0.050345568070810462, 0.022848048916083805, 0.017866171092852667, 0.10866217603091873},
        {2000, 0, 0.050345568070810462, 0.022848048916083805, 0.017866171092852667, 0.10866217603091873},
    });
    // R: at_times("lung plain", km(lung$time, lung$status, "plain"), same times)
    assertEstimates(lung(PLAIN), new double[][] {
        {0, 228, 1, 0, 1, 1},
        {5, 228, 0.99561403508771928, 0.0043763359985531519, 0.98703657414630896, 1},
        {30, 219, 0.95614035087719285, 0.013562069833364276, 0.92955918244798175, 0.98272151930640395},
        {180, 160, 0.721670653409762, 0.029812419468637337, 0.66323938495923207, 0.78010192186029192},
        {310, 85, 0.49502429318091334, 0.03523274624669917, 0.42596937946094421, 0.56407920690088242},
        {365, 65, 0.4092416244600644, 0.035823638172037771, 0.33902858384767609, 0.47945466507245271},
        {730, 13, 0.1156930983445392, 0.028298197317694247, 0.060229650774450527, 0.17115654591462787},
        {1022, 1, 0.050345568070810462, 0.022848048916083805, 0.0055642150782767921, 0.095126921063344139},
        {2000, 0, 0.050345568070810462, 0.022848048916083805, 0.0055642150782767921, 0.095126921063344139},
    });
  }

  @Test
  void lung_bySex_matchesSurvfitWithCommonTauAndSurvdiff() {
    double[] time = LUNG.doubles("time");
    int[] status = LUNG.ints("status");
    int[] sex = LUNG.ints("sex");
    SortedMap<Integer, SurvivalCurve> curves = LOG.fitByGroup(time, status, sex);
    // R: table_summary("lung by sex", km(lung$time, lung$status, group = lung$sex)), rmean = "common" (1022)
    assertSummary(curves.get(1), 1022, 138, 112, 326.0841096688747, 22.911563468489504, 270, 212, 310);
    assertSummary(curves.get(2), 1022, 90, 53, 460.64731079193484, 34.689846026494365, 426, 348, 550);
    // R: at_times("lung sex=1", km(lung$time[lung$sex == 1], lung$status[lung$sex == 1]), c(180, 365))
    assertEstimates(curves.get(1), new double[][] {
        {180, 89, 0.64446500154178266, 0.040786425085295029, 0.56928418987093776, 0.72957434195811843},
        {365, 35, 0.33608783463937864, 0.043423588841798151, 0.2609005037897249, 0.43294294549781109},
    });
    // R: logrank("lung by sex", lung$time, lung$status, lung$sex)
    LogRankResult result = LogRank.test(time, status, sex);
    assertGroup(result.group(1), 138, 112, 91.581739029572802, 40.37143397964261);
    assertGroup(result.group(2), 90, 53, 73.418260970427212, 40.371433979642653);
    assertTest(result, 10.326741954885632, 1, 0.0013111645203554882);
  }

  @Test
  void waltons_matchesSurvfitAndSurvdiffIncludingATinyPValue() {
    double[] time = WALTONS.doubles("T");
    int[] event = WALTONS.ints("E");
    int[] group = waltonsGroups();
    // R: table_summary("waltons", km(waltons$T, waltons$E))
    assertSummary(LOG.fit(time, event), 75, 163, 156, 50.133969323185624, 1.3305422103557478, 56, 53, 58);
    // R: table_summary("waltons by group", km(waltons$T, waltons$E, group = waltons$group)), rmean = "common"
    SortedMap<Integer, SurvivalCurve> curves = LOG.fitByGroup(time, event, group);
    double common = Math.max(curves.get(0).lastObservedTime(), curves.get(1).lastObservedTime());
    assertSummary(curves.get(0), common, 129, 122, 56.628058230192067, 0.95413876306904399, 58, 56, 60);
    assertSummary(curves.get(1), common, 34, 34, 25.705882352941174, 2.2570648069662314, 26, 22, 29);
    // R: logrank("waltons by group", waltons$T, waltons$E, waltons$group)
    LogRankResult result = LogRank.test(time, event, group);
    assertGroup(result.group(0), 129, 122, 148.9244897286892, 5.9299250097078691);
    assertGroup(result.group(1), 34, 34, 7.0755102713108515, 5.9299250097078708);
    assertTest(result, 122.2491255730062, 1, 2.0359832222854995e-28);
  }

  @Test
  void rossi_neverReachesHalfSoTheMedianIsNotReached() {
    // R: table_summary("rossi log", ...): n=432 events=114 rmean=45.854166666666657 se=0.60850935226536174
    // median=NA lcl=NA ucl=NA (the same for log-log and plain)
    for (KaplanMeier estimator : new KaplanMeier[] {LOG, LOG_LOG, PLAIN}) {
      SurvivalCurve curve = rossi(estimator);
      assertSummary(curve, 52, 432, 114, 45.854166666666657, 0.60850935226536174, NA, NA, NA);
      assertThat(curve.median().reached()).isFalse();
    }
  }

  @Test
  void rossi_retainedAfterChosenWeeksMatchesSummaryTimes() {
    // R: at_times("rossi log", km(rossi$week, rossi$arrest), c(10, 26, 52))
    assertEstimates(rossi(LOG), new double[][] {
        {10, 418, 0.96527777777777768, 0.0088082176364435733, 0.9481674518081894, 0.98269687120634941},
        {26, 381, 0.875, 0.015911721163041112, 0.84436282181305966, 0.90674882908275167},
        {52, 322, 0.73611111111111083, 0.02120510198095878, 0.69570138676606919, 0.77886802902613073},
    });
    // R: at_times("rossi log-log", km(rossi$week, rossi$arrest, "log-log"), c(10, 26, 52))
    assertEstimates(rossi(LOG_LOG), new double[][] {
        {10, 418, 0.96527777777777768, 0.0088082176364435733, 0.94306459795999031, 0.97892099706660096},
        {26, 381, 0.875, 0.015911721163041112, 0.83997540584281216, 0.90280379566100877},
        {52, 322, 0.73611111111111083, 0.02120510198095878, 0.6918597157964872, 0.77506318337467417},
    });
    // R: at_times("rossi plain", km(rossi$week, rossi$arrest, "plain"), c(10, 26, 52))
    assertEstimates(rossi(PLAIN), new double[][] {
        {10, 418, 0.96527777777777768, 0.0088082176364435733, 0.94801398844235774, 0.98254156711319762},
        {26, 381, 0.875, 0.015911721163041112, 0.84381359958839564, 0.90618640041160436},
        {52, 322, 0.73611111111111083, 0.02120510198095878, 0.6945498749399327, 0.77767234728228896},
    });
  }

  @Test
  void rossi_byFinancialAid_matchesSurvfitAndSurvdiff() {
    double[] week = ROSSI.doubles("week");
    int[] arrest = ROSSI.ints("arrest");
    int[] fin = ROSSI.ints("fin");
    // R: table_summary("rossi by fin", km(rossi$week, rossi$arrest, group = rossi$fin)), rmean = "common"
    SortedMap<Integer, SurvivalCurve> curves = LOG.fitByGroup(week, arrest, fin);
    assertSummary(curves.get(0), 52, 216, 66, 44.833333333333336, 0.91767154049879229, NA, NA, NA);
    assertSummary(curves.get(1), 52, 216, 48, 46.874999999999993, 0.7933248958857263, NA, NA, NA);
    // R: logrank("rossi by fin", rossi$week, rossi$arrest, rossi$fin)
    LogRankResult result = LogRank.test(week, arrest, fin);
    assertGroup(result.group(0), 216, 66, 55.574442768409554, 28.323198165154732);
    assertGroup(result.group(1), 216, 48, 58.425557231590446, 28.323198165154739);
    assertTest(result, 3.837569576549055, 1, 0.050116117409005671);
  }
}
