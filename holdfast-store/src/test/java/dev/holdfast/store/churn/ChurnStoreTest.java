package dev.holdfast.store.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.TestStores;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChurnStoreTest {
  private static final LocalDate DAY = LocalDate.of(2025, 6, 30);
  private static final Instant AT = Instant.parse("2025-07-01T08:00:00Z");
  @TempDir Path folder;

  private static final ScoreText.HealthWriter HEALTH = new ScoreText.HealthWriter(List.of("nps"), new double[] {15});

  private static ChurnStore.Score score(String customer, LocalDate day, double probability) {
    return new ChurnStore.Score(customer, day, "m1", probability, 50, "fair", 100, "mrr", probability * 100, false, "[]",
        HEALTH.write(new double[] {Double.NaN}, new double[] {Double.NaN}), null);
  }

  @Test
  void replaceScores_replacesOnlyThatDay() {
    try (DuckDbStore store = DuckDbStore.open(folder.resolve("s.duckdb"), ZoneId.of("UTC"))) {
      ChurnStore churn = new ChurnStore(store);
      churn.replaceScores(DAY.minusDays(1), HEALTH.signals(), List.of(score("A", DAY.minusDays(1), 0.1)), AT);
      churn.replaceScores(DAY, HEALTH.signals(), List.of(score("A", DAY, 0.2), score("B", DAY, 0.3)), AT);
      churn.replaceScores(DAY, HEALTH.signals(), List.of(score("A", DAY, 0.4)), AT);
      assertThat(TestStores.rows(store, "SELECT customer_id, as_of, probability, health_components FROM churn_scores ORDER BY as_of, customer_id"))
          .containsExactly("A|2025-06-29|0.1|[null,null]", "A|2025-06-30|0.4|[null,null]");
      // each day's scorecard once, replaced with the day's scores
      assertThat(TestStores.rows(store, "SELECT as_of, health_signals FROM churn_score_days ORDER BY as_of"))
          .containsExactly("2025-06-29|[[\"nps\",15]]", "2025-06-30|[[\"nps\",15]]");
      // the day, the model and the time of scoring, given once, are on every row
      assertThat(TestStores.rows(store, "SELECT DISTINCT as_of, model_id, epoch_us(scored_at) FROM churn_scores ORDER BY 1"))
          .containsExactly("2025-06-29|m1|" + AT.toEpochMilli() * 1000, "2025-06-30|m1|" + AT.toEpochMilli() * 1000);
    }
  }

  @Test
  void replaceScores_keepsTheBandBasisAndPlanOfEveryRow() {
    try (DuckDbStore store = DuckDbStore.open(folder.resolve("s.duckdb"), ZoneId.of("UTC"))) {
      ChurnStore churn = new ChurnStore(store);
      String health = HEALTH.write(new double[] {Double.NaN}, new double[] {Double.NaN});
      // each column's texts reach the database in one call: a plan may read like a band, hold quotes or backslashes or
      // be missing, and a value may have no basis
      churn.replaceScores(DAY, HEALTH.signals(), List.of(
          new ChurnStore.Score("A", DAY, "m1", 0.9, 10, "poor", 100, "mrr", 90, true, "[]", health, "pro"),
          new ChurnStore.Score("B", DAY, "m1", 0.5, 50, "fair", 40, "clv", 20, false, "[]", health, "poor"),
          new ChurnStore.Score("C", DAY, "m1", 0.1, 90, "good", Double.NaN, null, Double.NaN, false, "[]", health, null),
          new ChurnStore.Score("D", DAY, "m1", 0.2, 80, "good", 100, "mrr", 20, false, "[]", health, "it's \\ \"basic\""),
          new ChurnStore.Score("E", DAY, "m1", 0.3, 70, "fair", 100, "mrr", 30, false, "[]", health, "pro")), AT);
      assertThat(TestStores.rows(store, "SELECT customer_id, health_band, value, value_basis, revenue_at_risk, plan FROM churn_scores ORDER BY 1"))
          .containsExactly("A|poor|100.0|mrr|90.0|pro", "B|fair|40.0|clv|20.0|poor", "C|good|null|null|null|null",
              "D|good|100.0|mrr|20.0|it's \\ \"basic\"", "E|fair|100.0|mrr|30.0|pro");
      churn.replaceScores(DAY, HEALTH.signals(), List.of(), AT);
      assertThat(TestStores.count(store, "SELECT count(*) FROM churn_scores")).isZero();
    }
  }

  @Test
  void replaceScores_ofManyChunks_writesEveryScoreOnce() {
    try (DuckDbStore store = DuckDbStore.open(folder.resolve("s.duckdb"), ZoneId.of("UTC"))) {
      ChurnStore churn = new ChurnStore(store);
      // 20,001 scores: nine chunks of the database's 2,048 rows and part of a tenth, made on its threads in any order
      java.util.concurrent.atomic.AtomicIntegerArray made = new java.util.concurrent.atomic.AtomicIntegerArray(20_001);
      churn.replaceScores(DAY, "m1", HEALTH.signals(), 20_001, i -> {
        made.incrementAndGet(i);
        return score(String.format("C%05d", i), DAY, i / 100_000.0);
      }, AT);
      for (int i = 0; i < made.length(); i++) {
        assertThat(made.get(i)).as("calls for row %d", i).isEqualTo(1);
      }
      assertThat(TestStores.rows(store, "SELECT count(*), count(DISTINCT customer_id), min(customer_id), max(customer_id),"
          + " sum(CAST(substr(customer_id, 2) AS INTEGER)), round(sum(probability), 5), bool_and(round(probability * 100000) = CAST(substr(customer_id, 2) AS INTEGER))"
          + " FROM churn_scores")).containsExactly("20001|20001|C00000|C20000|200010000|2000.1|true");
    }
  }

  @Test
  void history_readsTheCompactFormAsTheEarlierOne() {
    try (DuckDbStore store = DuckDbStore.open(folder.resolve("s.duckdb"), ZoneId.of("UTC"))) {
      ChurnStore churn = new ChurnStore(store);
      StringBuilder reasons = new StringBuilder("[");
      ScoreText.reason(reasons, ScoreText.quoted("activity"), 0.41234, "reason.inactive", 12.0);
      ScoreText.reason(reasons.append(','), ScoreText.quoted("plan"), 0.05, "reason.plan", "pro \"EU\"", "month");
      ScoreText.HealthWriter writer = new ScoreText.HealthWriter(List.of("active_days", "nps"), new double[] {25, 15});
      String health = writer.write(new double[] {3, Double.NaN}, new double[] {2.678, Double.NaN});
      churn.replaceScores(DAY, writer.signals(), List.of(new ChurnStore.Score("A", DAY, "m1", 0.7, 20, "poor", 99, "mrr", 69.3, true,
          reasons.append(']').toString(), health, "pro")), AT);
      assertThat(TestStores.rows(store, "SELECT plan FROM churn_scores")).containsExactly("pro");
      assertThat(TestStores.rows(store, "SELECT reasons, health_components, reasons_exact FROM churn_scores")).containsExactly(
          "[[\"activity\",0.4123,\"reason.inactive\",[12]],[\"plan\",0.05,\"reason.plan\",[\"pro \\\"EU\\\"\",\"month\"]]]"
              + "|[3,2.68,null,null]|true");
      // named again by the writer's SQL (the Parquet export), as versions 5 to 7 stored them
      assertThat(TestStores.rows(store, "SELECT " + writer.namedSql("p") + " FROM (SELECT json_extract_string(health_components, '$[*]') AS p"
          + " FROM churn_scores)")).containsExactly("{\"active_days\":[3,2.68,25],\"nps\":[null,null,15]}");
      ScoreText.HealthWriter odd = new ScoreText.HealthWriter(List.of("it's", "n\"ps"), new double[] {12.5, 0});
      assertThat(TestStores.rows(store, "SELECT " + odd.namedSql("p") + " FROM (SELECT json_extract_string('"
          + odd.write(new double[] {-0.25, Double.NaN}, new double[] {1, Double.NaN}) + "', '$[*]') AS p)"))
          .containsExactly("{\"it's\":[-0.25,1,12.5],\"n\\\"ps\":[null,null,0]}");
      assertThat(TestStores.rows(store, "SELECT " + new ScoreText.HealthWriter(List.of(), new double[0]).namedSql("p")
          + " FROM (SELECT json_extract_string('[]', '$[*]') AS p)")).containsExactly("{}");
      // and by name for SQL
      assertThat(TestStores.rows(store, "SELECT customer_id, signal, value, points, max_points FROM churn_health_parts ORDER BY signal"))
          .containsExactly("A|active_days|3.0|2.68|25.0", "A|nps|null|null|15.0");
      ChurnStore.Score read = churn.history("A").get(0);
      assertThat(read.exact()).isTrue();
      assertThat(read.reasons()).isEqualTo("[{\"signal\":\"activity\",\"contribution\":0.4123,\"exact\":true,\"message\":\"reason.inactive\","
          + "\"args\":[12.0]},{\"signal\":\"plan\",\"contribution\":0.05,\"exact\":true,\"message\":\"reason.plan\","
          + "\"args\":[\"pro \\\"EU\\\"\",\"month\"]}]");
      assertThat(read.healthParts()).isEqualTo("[{\"signal\":\"active_days\",\"value\":3.0,\"points\":2.68,\"max_points\":25.0},"
          + "{\"signal\":\"nps\",\"value\":null,\"points\":null,\"max_points\":15.0}]");
      TestStores.value(store, "INSERT INTO customers (id, created, plan) VALUES ('A', TIMESTAMPTZ '2024-01-05 10:00:00+00', 'pro') RETURNING id");
      assertThat(churn.atRisk(10, List.of(), "revenue").get(0).score()).isEqualTo(read);
    }
  }

  @Test
  void replaceScores_thatFails_leavesTheDaysScoresAsTheyWere() {
    try (DuckDbStore store = DuckDbStore.open(folder.resolve("s.duckdb"), ZoneId.of("UTC"))) {
      ChurnStore churn = new ChurnStore(store);
      churn.replaceScores(DAY, HEALTH.signals(), List.of(score("A", DAY, 0.2), score("B", DAY, 0.3)), AT);
      // the second row is of another day: refused after the day's rows were deleted and the first one appended
      assertThatThrownBy(() -> churn.replaceScores(DAY, "[]", List.of(score("C", DAY, 0.5), score("D", DAY.plusDays(1), 0.6)), AT))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(TestStores.rows(store, "SELECT customer_id, probability FROM churn_scores ORDER BY 1")).containsExactly("A|0.2", "B|0.3");
      assertThat(TestStores.rows(store, "SELECT health_signals FROM churn_score_days")).containsExactly("[[\"nps\",15]]");
      // scores of two models for one day are refused too
      ChurnStore.Score otherModel = new ChurnStore.Score("F", DAY, "m2", 0.5, 50, "fair", 100, "mrr", 50, false, "[]", "[null,null]", null);
      assertThatThrownBy(() -> churn.replaceScores(DAY, HEALTH.signals(), List.of(score("C", DAY, 0.5), otherModel), AT))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("a score of model m2 among the scores of model m1");
      assertThat(TestStores.rows(store, "SELECT customer_id, probability FROM churn_scores ORDER BY 1")).containsExactly("A|0.2", "B|0.3");
      // a row the table itself refuses (no health band) fails in the INSERT: the same
      ChurnStore.Score noBand = new ChurnStore.Score("E", DAY, "m1", 0.5, 50, null, 100, "mrr", 50, false, "[]", "{}", null);
      assertThatThrownBy(() -> churn.replaceScores(DAY, "[]", List.of(score("C", DAY, 0.5), noBand), AT))
          .hasMessageContaining("health_band");
      assertThat(TestStores.rows(store, "SELECT customer_id, probability FROM churn_scores ORDER BY 1")).containsExactly("A|0.2", "B|0.3");
      // as does a failure of the function that makes the scores, thrown as it was
      IllegalStateException broken = new IllegalStateException("no reasons for row 3");
      assertThatThrownBy(() -> churn.replaceScores(DAY, "m1", HEALTH.signals(), 5000, i -> {
        if (i == 3) {
          throw broken;
        }
        return score("X" + i, DAY, 0.5);
      }, AT)).isSameAs(broken);
      assertThat(TestStores.rows(store, "SELECT customer_id, probability FROM churn_scores ORDER BY 1")).containsExactly("A|0.2", "B|0.3");
      // and the connection goes on working, keeping the order of rows again for what it runs next
      churn.replaceScores(DAY, HEALTH.signals(), List.of(score("C", DAY, 0.5)), AT);
      assertThat(TestStores.rows(store, "SELECT customer_id FROM churn_scores")).containsExactly("C");
      assertThat(TestStores.rows(store, "SELECT current_setting('preserve_insertion_order')")).containsExactly("true");
    }
  }
}
