package dev.holdfast.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.holdfast.config.HoldfastConfig.HealthComponent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthScoreTest {
  // active days: 0 points at 0 days, all 60 at 12 days; open tickets: 0 points at 3, all 40 at 0
  private final HealthScore health = new HealthScore(
      List.of(new HealthComponent("active_days", 60, 0, 12), new HealthComponent("open_tickets", 40, 3, 0)), 40, 70);

  @Test
  void score_isThePointsWonOutOfThoseOfThePresentComponents() {
    // 6 active days: half of 60 = 30; 1 open ticket: 2/3 of 40 = 26.67; (30 + 26.67) / 100
    HealthScore.Result result = health.score(Map.of("active_days", 6.0, "open_tickets", 1.0));
    assertThat(result.score()).isCloseTo(56.667, within(0.001));
    assertThat(result.band()).isEqualTo("fair");
    assertThat(result.parts().get(0).points()).isCloseTo(30, within(1e-9));
    assertThat(result.parts().get(1).points()).isCloseTo(26.667, within(0.001));
    // beyond the thresholds points stop at 0 and at the maximum
    assertThat(health.score(Map.of("active_days", 20.0, "open_tickets", 7.0)).score()).isCloseTo(60, within(1e-9));
    // a missing component leaves the others: 6 active days alone = 30 of 60 = 50
    Map<String, Double> partial = new HashMap<>();
    partial.put("active_days", 6.0);
    partial.put("open_tickets", Double.NaN);
    assertThat(health.score(partial).score()).isCloseTo(50, within(1e-9));
    assertThat(health.score(Map.of()).band()).isEqualTo("unknown");
    assertThat(health.score(Map.of("active_days", 1.0, "open_tickets", 3.0)).band()).isEqualTo("poor");
    assertThat(health.score(Map.of("active_days", 12.0, "open_tickets", 1.0)).band()).isEqualTo("good");
  }

  @Test
  void scores_ofColumns_matchOneByOne() {
    double[] active = {6, 20, Double.NaN, 0};
    double[] open = {1, 7, 0, 3};
    double[] scores = health.scores(Map.of("active_days", active, "open_tickets", open), 4);
    for (int i = 0; i < 4; i++) {
      Map<String, Double> values = new HashMap<>();
      values.put("active_days", active[i]);
      values.put("open_tickets", open[i]);
      assertThat(scores[i]).isCloseTo(health.score(values).score(), within(1e-9));
      HealthScore.Result row = health.score(Map.of("active_days", active, "open_tickets", open), i);
      assertThat(row).isEqualTo(health.score(values));
      // bound columns give the same score, values and points
      double[] boundValues = new double[2];
      double[] boundPoints = new double[2];
      double bound = health.rows(Map.of("active_days", active, "open_tickets", open)).score(i, boundValues, boundPoints);
      assertThat(bound).isEqualTo(row.score());
      assertThat(boundValues).containsExactly(row.parts().get(0).value(), row.parts().get(1).value());
      assertThat(boundPoints).containsExactly(row.parts().get(0).points(), row.parts().get(1).points());
    }
    // a column the map lacks is missing on every row: the open tickets alone, 1 of 3 → 26.67 of 40
    assertThat(health.score(Map.of("open_tickets", open), 0).score()).isCloseTo(66.667, within(0.001));
    assertThat(health.rows(Map.of("open_tickets", open)).score(0, new double[2], new double[2])).isCloseTo(66.667, within(0.001));
  }

  @Test
  void backtest_countsThePoorBandAgainstOutcomes() {
    // scores 10, 20 (poor), 50 (fair), 80, 90 (good); churned: 10, 50; 20 stayed
    double[] scores = {10, 20, 50, 80, 90};
    double[] labels = {1, 0, 1, 0, 0};
    HealthScore.Backtest backtest = health.backtest(scores, labels);
    assertThat(backtest.rows()).isEqualTo(5);
    assertThat(backtest.poor()).isEqualTo(2);
    assertThat(backtest.poorChurners()).isEqualTo(1);
    assertThat(backtest.precision()).isEqualTo(0.5);
    assertThat(backtest.recall()).isEqualTo(0.5);
    assertThat(backtest.lift()).isCloseTo(0.5 / 0.4, within(1e-12));
    // churners ranked 1st and 3rd by risk among 5: pairs won 3 + 2 of 6 = 5/6
    assertThat(backtest.auc()).isCloseTo(5.0 / 6, within(1e-12));
    assertThat(backtest.bands()).extracting(HealthScore.BandRate::band).containsExactly("poor", "fair", "good");
    assertThat(backtest.bands().get(1).churnRate()).isEqualTo(1.0);
  }
}
