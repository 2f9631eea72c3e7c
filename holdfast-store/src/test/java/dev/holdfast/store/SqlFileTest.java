package dev.holdfast.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlFileTest {
  @Test
  void load_splitsNamedQueriesAndDropsCommentsAndTheFinalSemicolon() {
    SqlFile checks = SqlFile.load(SqlFileTest.class, "/dev/holdfast/store/quality/checks.sql");
    assertThat(checks.all()).containsKeys("date_ranges", "orphans", "future_dates");
    assertThat(checks.get("zero_mrr")).startsWith("SELECT count(*)").doesNotEndWith(";").doesNotContain("--");
    assertThatThrownBy(() -> checks.get("nope")).hasMessageContaining("no query named nope");
  }
}
