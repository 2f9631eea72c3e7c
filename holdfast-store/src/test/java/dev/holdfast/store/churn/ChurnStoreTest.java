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

  private static ChurnStore.Score score(String customer, LocalDate day, double probability) {
    return new ChurnStore.Score(customer, day, "m1", probability, 50, "fair", 100, "mrr", probability * 100, "[]",
        "[{\"signal\":\"nps\",\"value\":null,\"points\":null,\"max_points\":15.0}]");
  }

  @Test
  void replaceScores_replacesOnlyThatDay() {
    try (DuckDbStore store = DuckDbStore.open(folder.resolve("s.duckdb"), ZoneId.of("UTC"))) {
      ChurnStore churn = new ChurnStore(store);
      churn.replaceScores(DAY.minusDays(1), List.of(score("A", DAY.minusDays(1), 0.1)), AT);
      churn.replaceScores(DAY, List.of(score("A", DAY, 0.2), score("B", DAY, 0.3)), AT);
      churn.replaceScores(DAY, List.of(score("A", DAY, 0.4)), AT);
      assertThat(TestStores.rows(store, "SELECT customer_id, as_of, probability, health_components FROM churn_scores ORDER BY as_of, customer_id"))
          .containsExactly("A|2025-06-29|0.1|[{\"signal\":\"nps\",\"value\":null,\"points\":null,\"max_points\":15.0}]",
              "A|2025-06-30|0.4|[{\"signal\":\"nps\",\"value\":null,\"points\":null,\"max_points\":15.0}]");
    }
  }

  @Test
  void replaceScores_thatFails_leavesTheDaysScoresAsTheyWere() {
    try (DuckDbStore store = DuckDbStore.open(folder.resolve("s.duckdb"), ZoneId.of("UTC"))) {
      ChurnStore churn = new ChurnStore(store);
      churn.replaceScores(DAY, List.of(score("A", DAY, 0.2), score("B", DAY, 0.3)), AT);
      // the second row is of another day: refused after the day's rows were deleted and the first one appended
      assertThatThrownBy(() -> churn.replaceScores(DAY, List.of(score("C", DAY, 0.5), score("D", DAY.plusDays(1), 0.6)), AT))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(TestStores.rows(store, "SELECT customer_id, probability FROM churn_scores ORDER BY 1")).containsExactly("A|0.2", "B|0.3");
      // and the connection goes on working
      churn.replaceScores(DAY, List.of(score("C", DAY, 0.5)), AT);
      assertThat(TestStores.rows(store, "SELECT customer_id FROM churn_scores")).containsExactly("C");
    }
  }
}
