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
    String health = new ScoreText.HealthWriter(List.of("tenure_days"), new double[] {10}).write(new double[] {710}, new double[] {10});
    assertThat(health).isEqualTo("{\"tenure_days\":[710,10,10]}");
    assertThat(ScoreText.healthParts(health)).isEqualTo("[{\"signal\":\"tenure_days\",\"value\":710.0,\"points\":10.0,\"max_points\":10.0}]");
    assertThat(new ScoreText.HealthWriter(List.of(), new double[0]).write(new double[0], new double[0])).isEqualTo("{}");
  }

  @Test
  void theEarlierFormAndEmptyTextPassThrough() {
    String old = "[{\"signal\":\"nps\",\"contribution\":0.4,\"exact\":true,\"message\":\"reason.nps\",\"args\":[4]}]";
    assertThat(ScoreText.reasons(old, false)).isEqualTo(old);
    assertThat(ScoreText.reasons("[]", true)).isEqualTo("[]");
    assertThat(ScoreText.reasons(null, true)).isEqualTo("[]");
    String parts = "[{\"signal\":\"nps\",\"value\":4.0,\"points\":0.0,\"max_points\":15.0}]";
    assertThat(ScoreText.healthParts(parts)).isEqualTo(parts);
  }

  @Test
  void textThatIsNotJsonIsAStoreError() {
    assertThatThrownBy(() -> ScoreText.healthParts("{nps"))
        .isInstanceOf(StoreException.class).hasMessageContaining("churn_scores.health_components is not JSON: {nps");
  }
}
