package dev.holdfast.web;

import dev.holdfast.store.retention.Lifetimes;
import dev.holdfast.survival.KaplanMeier;
import dev.holdfast.survival.LogRankResult;
import dev.holdfast.survival.MedianSurvival;
import dev.holdfast.survival.RestrictedMean;
import dev.holdfast.survival.SurvivalCurve;
import dev.holdfast.survival.SurvivalEstimate;
import dev.holdfast.survival.SurvivalStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kaplan–Meier retention curves of customer lifetime per segment (as {@code holdfast survival}), with each curve
 * thinned to at most {@value #POINTS} points for drawing and the log-rank test between segments.
 */
final class SurvivalView {
  static final int POINTS = 160;
  static final double[] DEFAULT_AT = {1, 3, 6, 12, 24};

  private SurvivalView() {}

  static Map<String, Object> of(Request request, Map<String, Lifetimes.Sample> samples, double[] at) {
    KaplanMeier estimator = KaplanMeier.standard();
    List<Map<String, Object>> segments = new ArrayList<>();
    for (Lifetimes.Sample sample : samples.values()) {
      SurvivalCurve curve = estimator.fit(sample.months(), sample.churned());
      MedianSurvival median = curve.median();
      RestrictedMean mean = curve.restrictedMean();
      Map<String, Object> segment = new LinkedHashMap<>();
      segment.put("segment", request.segmentName(sample.segment()));
      segment.put("customers", curve.subjects());
      segment.put("churned", curve.events());
      segment.put("median_months", median.estimate().isPresent() ? round(median.estimate().getAsDouble()) : null);
      segment.put("median_lower", median.lower().isPresent() ? round(median.lower().getAsDouble()) : null);
      segment.put("median_upper", median.upper().isPresent() ? round(median.upper().getAsDouble()) : null);
      segment.put("restricted_mean_months", round(mean.estimate()));
      segment.put("restricted_mean_tau", round(mean.tau()));
      List<Map<String, Object>> points = new ArrayList<>();
      for (double time : at) {
        SurvivalEstimate estimate = curve.estimateAt(time);
        // past the end of follow-up of a curve that ends censored nothing is known: no value, not the last one carried
        boolean known = curve.known(time);
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("months", time);
        point.put("retained_pct", known ? round(estimate.survival() * 100) : null);
        point.put("lower_pct", known ? round(estimate.lower() * 100) : null);
        point.put("upper_pct", known ? round(estimate.upper() * 100) : null);
        point.put("at_risk", estimate.atRisk());
        points.add(point);
      }
      segment.put("at", points);
      segment.put("curve", curve(curve));
      segments.add(segment);
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("query", request.describe());
    view.put("by", request.by());
    view.put("segments", segments);
    view.put("log_rank", logRank(samples));
    return view;
  }

  /** The curve's steps where it drops, or an even grid of {@value #POINTS} times when it drops more often. */
  private static List<Map<String, Object>> curve(SurvivalCurve curve) {
    List<Map<String, Object>> points = new ArrayList<>();
    points.add(point(0, 1, 1, 1));
    List<SurvivalStep> drops = curve.steps().stream().filter(step -> step.events() > 0).toList();
    if (drops.size() <= POINTS) {
      drops.forEach(step -> points.add(point(step.time(), step.survival(), step.lower(), step.upper())));
    } else {
      double last = curve.lastObservedTime();
      for (int i = 1; i <= POINTS; i++) {
        SurvivalEstimate estimate = curve.estimateAt(last * i / POINTS);
        points.add(point(estimate.time(), estimate.survival(), estimate.lower(), estimate.upper()));
      }
    }
    SurvivalEstimate end = curve.estimateAt(curve.lastObservedTime());
    points.add(point(end.time(), end.survival(), end.lower(), end.upper()));
    return points;
  }

  private static Map<String, Object> point(double months, double survival, double lower, double upper) {
    Map<String, Object> point = new LinkedHashMap<>();
    point.put("months", round(months));
    point.put("retained_pct", round(survival * 100));
    point.put("lower_pct", round(lower * 100));
    point.put("upper_pct", round(upper * 100));
    return point;
  }

  private static Map<String, Object> logRank(Map<String, Lifetimes.Sample> samples) {
    LogRankResult result = Lifetimes.logRank(samples);
    if (result == null) {
      return null;
    }
    Map<String, Object> test = new LinkedHashMap<>();
    test.put("chi_square", result.chiSquare());
    test.put("degrees_of_freedom", result.degreesOfFreedom());
    test.put("p_value", result.pValue());
    test.put("differ", result.pValue() < 0.05);
    return test;
  }

  private static Double round(double value) {
    return Double.isNaN(value) ? null : Math.round(value * 100) / 100.0;
  }
}
