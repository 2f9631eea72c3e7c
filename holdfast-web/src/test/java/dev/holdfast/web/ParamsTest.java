package dev.holdfast.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.retention.Period;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParamsTest {
  @Test
  void parseLabel_readsEveryPeriodLengthByItsForm() {
    assertThat(Params.parseLabel("2025-03-14")).isEqualTo(new Params.Labelled(Period.DAY, LocalDate.of(2025, 3, 14), "2025-03-14"));
    assertThat(Params.parseLabel("2025-W11")).isEqualTo(new Params.Labelled(Period.WEEK, LocalDate.of(2025, 3, 10), "2025-W11"));
    assertThat(Params.parseLabel("2025-03")).isEqualTo(new Params.Labelled(Period.MONTH, LocalDate.of(2025, 3, 1), "2025-03"));
    assertThat(Params.parseLabel("2025-Q2")).isEqualTo(new Params.Labelled(Period.QUARTER, LocalDate.of(2025, 4, 1), "2025-Q2"));
    assertThat(Params.parseLabel("2025")).isEqualTo(new Params.Labelled(Period.YEAR, LocalDate.of(2025, 1, 1), "2025"));
    // the first ISO week of 2026 starts in 2025
    assertThat(Params.parseLabel("2026-W01").start()).isEqualTo(LocalDate.of(2025, 12, 29));
  }

  @Test
  void parseLabel_rejectsWhatNamesNoPeriod() {
    for (String label : List.of("2025-13", "2025-W54", "2025-Q5", "2025-02-30", "25-03", "March", "2025-3", "")) {
      assertThat(Params.parseLabel(label)).as(label).isNull();
    }
  }

  /** Every label a period gives is read back as that period: seeded random days of every length. */
  @Test
  void parseLabel_readsBackEveryLabelPeriodWrites() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(6);
    for (int i = 0; i < 2000; i++) {
      LocalDate day = LocalDate.of(1990, 1, 1).plusDays(random.nextInt(20_000));
      Period period = Period.values()[random.nextInt(Period.values().length)];
      String label = period.label(period.start(day));
      assertThat(Params.parseLabel(label)).as(label).isEqualTo(new Params.Labelled(period, period.start(day), label));
    }
  }

  @Test
  void check_reportsEveryBadParameterAtOnce() {
    Params params = Params.read(Map.of("period", List.of("fortnight"), "limit", List.of("ten"), "colour", List.of("red")),
        Set.of("period", "limit"), Locale.ENGLISH);
    params.period();
    params.integer("limit", 10, 1, 100);
    assertThatThrownBy(params::check).isInstanceOfSatisfying(ApiProblem.class, problem -> {
      assertThat(problem.status()).isEqualTo(400);
      assertThat(problem.errors()).extracting(ApiProblem.FieldError::field).containsExactly("colour", "period", "limit");
      assertThat(problem.getMessage()).isEqualTo("colour: \"colour\" is not a parameter here; known: lang, limit, period; "
          + "period: \"fortnight\" is not a period length; use one of day, week, month, quarter, year; limit: \"ten\" is not a whole number");
    });
  }

  @Test
  void integer_tooLargeForAnyRange_isOutOfTheRange_notNoWholeNumber() {
    Params params = Params.read(Map.of("limit", List.of("99999999999999"), "offset", List.of("-99999999999999")), Set.of("limit", "offset"),
        Locale.ENGLISH);
    params.integer("limit", 50, 1, 500);
    params.integer("offset", 0, 0, Integer.MAX_VALUE);
    assertThatThrownBy(params::check).isInstanceOfSatisfying(ApiProblem.class, problem -> assertThat(problem.getMessage()).isEqualTo(
        "limit: 99999999999999 is out of range; give a number from 1 to 500; offset: -99999999999999 is out of range; give a number from 0 to 2,147,483,647"));
  }

  @Test
  void read_speaksTheLanguageAsked() {
    Params params = Params.read(Map.of("lang", List.of("ru"), "from", List.of("вчера")), Set.of("from"), Locale.ENGLISH);
    params.date("from");
    assertThatThrownBy(params::check).hasMessage("from: «вчера» — не дата; пишите ГГГГ-ММ-ДД");
  }

  @Test
  void forScript_cannotCloseTheScriptElement() {
    assertThat(Json.forScript(Map.of("name", "</script><script>alert(1)</script>"))).doesNotContain("<").contains("\\u003c/script>");
  }

  @Test
  void json_writesNumbersThatAreNotFiniteAsNull() {
    assertThat(Json.write(Map.of("rate", Double.NaN))).isEqualTo("{\"rate\":null}");
    assertThat(Json.write(List.of(Double.POSITIVE_INFINITY, 1.5))).isEqualTo("[null,1.5]");
  }
}
