package dev.holdfast.store.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.HoldfastException.StoreException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScoreTextTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String fixed(double value, int decimals) {
    return ScoreText.number(new StringBuilder(), value, decimals).toString();
  }

  @Test
  void number_roundsHalfUpAndDropsTrailingZeros() {
    assertThat(fixed(23.0, 3)).isEqualTo("23");
    assertThat(fixed(0.045, 3)).isEqualTo("0.045");
    assertThat(fixed(-0.4, 3)).isEqualTo("-0.4");
    assertThat(fixed(0.0005, 3)).isEqualTo("0.001");
    assertThat(fixed(-0.0004, 3)).isEqualTo("0");
    assertThat(fixed(2.675, 2)).isEqualTo("2.68");
    assertThat(fixed(1.01, 2)).isEqualTo("1.01");
    assertThat(fixed(710.0001, 3)).isEqualTo("710");
    assertThat(fixed(Double.NaN, 3)).isEqualTo("null");
    assertThat(fixed(Double.POSITIVE_INFINITY, 2)).isEqualTo("null");
    assertThat(fixed(3e15, 2)).isEqualTo("3.0E15");
  }

  @Test
  void number_isTheValueThatMathRoundGives() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      double value = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-3, 9));
      int decimals = random.nextInt(0, 5);
      double scale = Math.pow(10, decimals);
      assertThat(Double.parseDouble(fixed(value, decimals))).as("%s to %d places", value, decimals)
          .isEqualTo(Math.round(value * scale) / scale);
    }
  }

  @Test
  void wholeNumbersLoseTheirFractionAndOthersKeepEveryDigit() {
    assertThat(ScoreText.number(new StringBuilder(), 12.0).toString()).isEqualTo("12");
    assertThat(ScoreText.number(new StringBuilder(), -3.0).toString()).isEqualTo("-3");
    assertThat(ScoreText.number(new StringBuilder(), 49.99).toString()).isEqualTo("49.99");
    assertThat(ScoreText.number(new StringBuilder(), Double.NaN).toString()).isEqualTo("null");
  }

  @Test
  void string_escapesWhatJsonRequires() throws Exception {
    String nasty = "a\"b\\c\nd\te\u0001 — Привет";
    String quoted = ScoreText.quoted(nasty);
    assertThat(quoted).isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001 — Привет\"");
    assertThat(JSON.readTree(quoted).asText()).isEqualTo(nasty);
  }

  @Test
  void theCompactFormIsJsonAndReadsBackAsTheEarlierForm() throws Exception {
    StringBuilder reasons = new StringBuilder("[");
    ScoreText.reason(reasons, ScoreText.quoted("event:login"), 0.31, "reason.event_down", "login", 62L, 4.0);
    reasons.append(']');
    assertThat(reasons.toString()).isEqualTo("[[\"event:login\",0.31,\"reason.event_down\",[\"login\",62,4]]]");
    assertThat(JSON.readTree(ScoreText.reasons(reasons.toString(), false))).isEqualTo(JSON.readTree(
        "[{\"signal\":\"event:login\",\"contribution\":0.31,\"exact\":false,\"message\":\"reason.event_down\",\"args\":[\"login\",62.0,4.0]}]"));
    ScoreText.HealthWriter writer = new ScoreText.HealthWriter(List.of("tenure_days", "n\"ps"), new double[] {10, 12.5});
    assertThat(writer.signals()).isEqualTo("[[\"tenure_days\",10],[\"n\\\"ps\",12.5]]");
    String health = writer.write(new double[] {710.12345, Double.NaN}, new double[] {9.876, Double.NaN});
    assertThat(health).isEqualTo("[710.123,9.88,null,null]");
    assertThat(ScoreText.healthParts(health, writer.signals())).isEqualTo("[{\"signal\":\"tenure_days\",\"value\":710.123,\"points\":9.88,"
        + "\"max_points\":10.0},{\"signal\":\"n\\\"ps\",\"value\":null,\"points\":null,\"max_points\":12.5}]");
    ScoreText.HealthWriter none = new ScoreText.HealthWriter(List.of(), new double[0]);
    assertThat(none.write(new double[0], new double[0])).isEqualTo("[]");
    assertThat(ScoreText.healthParts("[]", none.signals())).isEqualTo("[]");
  }

  @Test
  void theEarlierFormAndEmptyTextPassThrough() {
    String old = "[{\"signal\":\"nps\",\"contribution\":0.4,\"exact\":true,\"message\":\"reason.nps\",\"args\":[4]}]";
    assertThat(ScoreText.reasons(old, false)).isEqualTo(old);
    assertThat(ScoreText.reasons("[]", true)).isEqualTo("[]");
    assertThat(ScoreText.reasons(null, true)).isEqualTo("[]");
    String parts = "[{\"signal\":\"nps\",\"value\":4.0,\"points\":0.0,\"max_points\":15.0}]";
    assertThat(ScoreText.healthParts(parts, null)).isEqualTo(parts);
    // the named form of versions 5 to 7
    assertThat(ScoreText.healthParts("{\"nps\":[4,0,15]}", null)).isEqualTo(parts);
  }

  @Test
  void textThatIsNotJsonIsAStoreError() {
    assertThatThrownBy(() -> ScoreText.healthParts("{nps", null))
        .isInstanceOf(StoreException.class).hasMessageContaining("churn_scores.health_components is not JSON: {nps");
  }

  @Test
  void positionalHealthParts_withoutTheirDaysSignals_orNotMatchingThem_areAStoreError() {
    assertThatThrownBy(() -> ScoreText.healthParts("[4,0]", null))
        .isInstanceOf(StoreException.class).hasMessageContaining("without the signals of their day (churn_score_days): [4,0]");
    assertThatThrownBy(() -> ScoreText.healthParts("[4,0]", "[[\"nps\",15],[\"csat\",10]]"))
        .isInstanceOf(StoreException.class).hasMessageContaining("holds 2 numbers for the 2 signals of its day");
    assertThatThrownBy(() -> ScoreText.healthParts("[4,0]", "[[\"nps\""))
        .isInstanceOf(StoreException.class).hasMessageContaining("churn_score_days.health_signals is not JSON");
  }
}
