package dev.holdfast.app;

import static dev.holdfast.app.CliTest.holdfast;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.TestStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The churn commands end to end on a simulated company, as a user runs them: train (time-ordered validation beside
 * the health score's backtest), score, at-risk, explain, models, health; the same seed gives the same scores; the
 * simulator's planted drivers come back as the reasons.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChurnCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path folder;
  private String store;

  @BeforeAll
  void simulate(@TempDir Path directory) {
    folder = directory;
    store = folder.resolve("demo.duckdb").toString();
    CliTest.Run demo = holdfast("demo", "--customers", "1500", "--months", "24", "--store", store);
    assertThat(demo.exit()).as(demo.err()).isZero();
  }

  @Test
  @Order(1)
  void train_validatesOnTheNewestDates_andStoresTheChosenModel() throws IOException {
    CliTest.Run run = holdfast("train", "--store", store, "--format", "json");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).contains("Building churn rows at 12 observation dates", "Validating xgboost", "Training xgboost");
    JsonNode result = JSON.readTree(run.out());
    assertThat(result.get("observation_dates").asInt()).isEqualTo(12);
    JsonNode xgboost = result.get("models").get("xgboost");
    assertThat(xgboost.get("design").asText()).startsWith("time-ordered, 1 newest groups");
    // the simulator's churn follows engagement and its trend: the model must rank far better than chance
    assertThat(xgboost.get("auc").asDouble()).isGreaterThan(0.7);
    assertThat(xgboost.get("top_decile_lift").asDouble()).isGreaterThan(2);
    JsonNode health = xgboost.get("health_backtest");
    assertThat(health.get("rows").asLong()).isEqualTo(result.get("rows").asLong());
    assertThat(health.get("auc").asDouble()).isGreaterThan(0.55);
    assertThat(xgboost.get("calibration")).hasSize(10);

    CliTest.Run models = holdfast("models", "--store", store, "--format", "csv");
    assertThat(models.exit()).as(models.err()).isZero();
    assertThat(models.out().lines().toList()).hasSize(2).element(1).asString()
        .startsWith(result.get("model_id").asText() + ",xgboost,").contains(",*,2025-12-31,");
  }

  @Test
  @Order(2)
  void score_atRisk_explain_useTheChosenModel() throws IOException {
    CliTest.Run score = holdfast("score", "--store", store, "--out", folder.resolve("scores.csv").toString());
    assertThat(score.exit()).as(score.err()).isZero();
    assertThat(score.out()).startsWith("Scored ").contains("as of 2025-12-31");
    // its long steps say what they are doing, on the error stream
    assertThat(score.err()).containsPattern("Scoring with model \\S+ as of 2025-12-31 …")
        .containsPattern("Predicting and explaining the churn risk of [\\d,]+ customers …")
        .containsPattern("Writing the scores and reasons of [\\d,]+ customers …");
    try (DuckDbStore opened = DuckDbStore.open(Path.of(store), ZoneId.of("UTC"))) {
      long scored = TestStores.count(opened, "SELECT count(*) FROM churn_scores WHERE as_of = DATE '2025-12-31'");
      // every subscriber active on the last day, and nobody else
      assertThat(scored).isEqualTo(TestStores.count(opened,
          "SELECT count(DISTINCT customer_id) FROM subscriptions WHERE started <= DATE '2025-12-31' AND (ended IS NULL OR ended > DATE '2025-12-31')"));
      assertThat(TestStores.count(opened, "SELECT count(*) FROM churn_scores WHERE probability < 0 OR probability > 1 OR health < 0 OR health > 100"
          + " OR abs(revenue_at_risk - probability * value) > 1e-9 OR value_basis <> 'mrr'")).isZero();
      assertThat(Files.readAllLines(folder.resolve("scores.csv"))).hasSize((int) scored + 1);
      // the CSV's numbers are the stored ones, digit for digit (no rounding to six significant digits, no exponent)
      assertThat(TestStores.count(opened, "SELECT count(*) FROM read_csv('" + folder.resolve("scores.csv") + "', all_varchar = true) f"
          + " JOIN churn_scores s ON s.customer_id = f.customer_id AND s.as_of = DATE '2025-12-31'"
          + " WHERE CAST(f.probability AS DOUBLE) <> s.probability OR CAST(f.health AS DOUBLE) <> s.health"
          + " OR CAST(f.revenue_at_risk AS DOUBLE) <> s.revenue_at_risk OR f.revenue_at_risk LIKE '%e%'")).isZero();
      // each subscriber's score keeps the plan of its largest subscription running on the day (the demo has upgrades
      // and downgrades, so for some it is not the sign-up plan)
      String running = "(SELECT customer_id, arg_max(plan, mrr) AS plan FROM subscriptions WHERE started <= DATE '2025-12-31'"
          + " AND (ended IS NULL OR ended > DATE '2025-12-31') GROUP BY customer_id) r";
      assertThat(TestStores.count(opened, "SELECT count(*) FROM churn_scores s WHERE as_of = DATE '2025-12-31' AND plan IS NULL")).isZero();
      assertThat(TestStores.count(opened, "SELECT count(*) FROM churn_scores s JOIN " + running + " USING (customer_id)"
          + " WHERE s.as_of = DATE '2025-12-31' AND s.plan IS DISTINCT FROM r.plan")).isZero();
      assertThat(TestStores.count(opened, "SELECT count(*) FROM churn_scores s JOIN customers c ON c.id = s.customer_id"
          + " WHERE s.as_of = DATE '2025-12-31' AND s.plan <> c.plan")).isPositive();
    }
    assertThat(score.out()).containsPattern("revenue at risk \\d{1,3}(,\\d{3})*\\.\\d\\d USD\\.$");
    CliTest.Run parquet = holdfast("score", "--store", store, "--out", folder.resolve("scores.parquet").toString(), "--lang", "ru");
    assertThat(parquet.exit()).as(parquet.err()).isZero();
    // money in the reader's format: groups of digits apart, a decimal comma
    assertThat(parquet.out()).containsPattern("выручка под угрозой \\d{1,3}([\\s\\u00a0\\u202f]\\d{3})*,\\d\\d USD\\.$");
    assertThat(parquet.err()).contains("Предсказываю и объясняю риск ухода, клиентов: ", "Записываю оценки и причины, клиентов: ");
    try (DuckDbStore opened = DuckDbStore.open(Path.of(store), ZoneId.of("UTC"))) {
      assertThat(TestStores.rows(opened, "SELECT count(*), sum(probability)::DECIMAL(18,6), count(*) FILTER (WHERE reasons_exact),"
          + " count(*) FILTER (WHERE json_type(health_components) = 'OBJECT') FROM read_parquet('" + folder.resolve("scores.parquet") + "')"))
          .isEqualTo(TestStores.rows(opened, "SELECT count(*), sum(probability)::DECIMAL(18,6), count(*) FILTER (WHERE reasons_exact), count(*)"
              + " FROM churn_scores WHERE as_of = DATE '2025-12-31'"));
      // the reasons and the health parts count days alike (to the as-of date): "no activity for N days" beside N
      String inactive = "FROM churn_scores s, json_each(s.reasons) r WHERE s.as_of = DATE '2025-12-31' AND r.value ->> 2 = 'reason.inactive'";
      assertThat(TestStores.count(opened, "SELECT count(*) " + inactive)).isPositive();
      assertThat(TestStores.count(opened, "SELECT count(*) " + inactive
          + " AND CAST(r.value -> 3 ->> 0 AS DOUBLE) IS DISTINCT FROM (SELECT h.value FROM churn_health_parts h WHERE h.customer_id = s.customer_id"
          + " AND h.as_of = s.as_of AND h.signal = 'days_since_active')")).isZero();
      // every score has each signal of the day's scorecard once, by name, through the view
      assertThat(TestStores.count(opened, "SELECT count(*) FROM churn_health_parts WHERE as_of = DATE '2025-12-31'"))
          .isEqualTo(TestStores.count(opened, "SELECT count(*) * (SELECT json_array_length(health_signals) FROM churn_score_days"
              + " WHERE as_of = DATE '2025-12-31') FROM churn_scores WHERE as_of = DATE '2025-12-31'"));
    }
    CliTest.Run atRisk = holdfast("at-risk", "--store", store, "--top", "5", "--format", "json");
    assertThat(atRisk.exit()).as(atRisk.err()).isZero();
    JsonNode list = JSON.readTree(atRisk.out());
    assertThat(list).hasSize(5);
    for (int i = 1; i < 5; i++) {
      assertThat(list.get(i).get("revenue_at_risk").asDouble()).isLessThanOrEqualTo(list.get(i - 1).get("revenue_at_risk").asDouble());
    }
    String first = list.get(0).get("customer_id").asText();
    assertThat(list.get(0).get("reasons")).isNotEmpty();

    CliTest.Run explain = holdfast("explain", first, "--store", store, "--format", "json");
    assertThat(explain.exit()).as(explain.err()).isZero();
    JsonNode why = JSON.readTree(explain.out());
    assertThat(why.get("probability").asDouble()).isEqualTo(list.get(0).get("probability").asDouble());
    assertThat(why.get("reasons").get(0).get("text").asText()).isEqualTo(list.get(0).get("reasons").get(0).asText());
    assertThat(why.get("health_components")).hasSizeGreaterThanOrEqualTo(5);
    assertThat(why.get("health_components").get(0).get("max_points").asDouble()).isPositive();
    assertThat(why.get("reasons").get(0).get("exact").isBoolean()).isTrue();

    // CSV: only the tables on standard output, each valid CSV, an empty line between them; the headings on standard error
    CliTest.Run csv = holdfast("explain", first, "--store", store, "--format", "csv");
    assertThat(csv.exit()).as(csv.err()).isZero();
    List<String> blocks = List.of(csv.out().strip().split("\n\n"));
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(2);
    assertThat(blocks.get(0)).startsWith("reason,signal,contribution\n");
    assertThat(blocks.get(1)).startsWith("component,value,points,max_points\n");
    assertThat(csv.err()).contains("Customer " + first, "Why:");

    CliTest.Run russian = holdfast("explain", first, "--store", store, "--lang", "ru");
    assertThat(russian.exit()).as(russian.err()).isZero();
    assertThat(russian.out()).contains("вероятность ухода", "Почему:");

    CliTest.Run summary = holdfast("score", "--store", store, "--format", "json");
    assertThat(summary.exit()).as(summary.err()).isZero();
    JsonNode scored = JSON.readTree(summary.out());
    assertThat(scored.get("as_of").asText()).isEqualTo("2025-12-31");
    assertThat(scored.get("customers").asLong()).isPositive();
    assertThat(scored.get("currency").asText()).isEqualTo("USD");
    assertThat(scored.get("revenue_at_risk").asDouble()).isPositive();

    CliTest.Run byOwner = holdfast("at-risk", "--store", store, "--owner", "Anna Petrova", "--format", "csv");
    assertThat(byOwner.exit()).as(byOwner.err()).isZero();
    assertThat(byOwner.out().lines().skip(1)).isNotEmpty().allSatisfy(line -> assertThat(line.split(",")[1]).isEqualTo("Anna Petrova"));
  }

  @Test
  @Order(3)
  void plantedDrivers_comeBackAsTheReasons() {
    // the simulator's voluntary churn hazard reads engagement (usage) and its trend; the reasons of the customers the
    // model puts at highest risk must mostly be usage and activity signals
    try (DuckDbStore opened = DuckDbStore.open(Path.of(store), ZoneId.of("UTC"))) {
      List<String> signals = TestStores.rows(opened, """
          SELECT json_extract_string(reasons, '$[0][0]') FROM churn_scores
          WHERE as_of = DATE '2025-12-31' ORDER BY probability DESC LIMIT 50""");
      Map<String, Integer> counts = new HashMap<>();
      signals.forEach(s -> counts.merge(s.startsWith("event:") ? "usage" : s, 1, Integer::sum));
      int usage = counts.getOrDefault("usage", 0) + counts.getOrDefault("activity", 0);
      assertThat(usage).as("top reasons of the 50 riskiest: %s", counts).isGreaterThanOrEqualTo(25);
    }
  }

  @Test
  @Order(4)
  void sameSeed_sameModelAndScores() throws IOException {
    CliTest.Run again = holdfast("train", "--store", store, "--format", "json");
    assertThat(again.exit()).as(again.err()).isZero();
    try (DuckDbStore opened = DuckDbStore.open(Path.of(store), ZoneId.of("UTC"))) {
      assertThat(TestStores.count(opened, "SELECT count(DISTINCT CAST(evaluation AS VARCHAR)) FROM churn_models")).isEqualTo(1);
      assertThat(TestStores.count(opened, "SELECT count(*) FROM churn_models")).isEqualTo(2);
    }
    List<String> before = scores();
    CliTest.Run score = holdfast("score", "--store", store);
    assertThat(score.exit()).as(score.err()).isZero();
    assertThat(scores()).isEqualTo(before);

    CliTest.Run health = holdfast("health", "--store", store);
    assertThat(health.exit()).as(health.err()).isZero();
    assertThat(health.out()).contains("Health score backtest", "The churn model", "Customers on the latest scoring day");

    CliTest.Run csv = holdfast("health", "--store", store, "--format", "csv");
    assertThat(csv.exit()).as(csv.err()).isZero();
    assertThat(List.of(csv.out().strip().split("\n\n"))).extracting(block -> block.lines().findFirst().orElseThrow())
        .containsExactly("component,points,bad,good", "band,rows,churners,churn_pct", "band,customers,mean_churn_pct,revenue_at_risk");
    assertThat(csv.err()).contains("Health score backtest", "The churn model");
    // JSON carries what the tables show, the latest scoring day's bands too
    CliTest.Run json = holdfast("health", "--store", store, "--format", "json");
    assertThat(json.exit()).as(json.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode latest = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out()).path("latest");
    long scored;
    try (DuckDbStore opened = DuckDbStore.open(Path.of(store), ZoneId.of("UTC"))) {
      scored = TestStores.count(opened, "SELECT count(*) FROM churn_scores WHERE as_of = (SELECT max(as_of) FROM churn_scores)");
    }
    long banded = 0;
    for (com.fasterxml.jackson.databind.JsonNode band : latest) {
      banded += band.path("customers").asLong();
      assertThat(band.path("band").asText()).isIn("poor", "fair", "good");
    }
    assertThat(banded).isEqualTo(scored).isPositive();
  }

  private List<String> scores() {
    try (DuckDbStore opened = DuckDbStore.open(Path.of(store), ZoneId.of("UTC"))) {
      return TestStores.rows(opened, "SELECT customer_id, probability, health, CAST(reasons AS VARCHAR) FROM churn_scores ORDER BY customer_id");
    }
  }

  @Test
  @Order(5)
  void report_showsTheAtRiskCustomers() throws IOException {
    Path file = folder.resolve("report.html");
    CliTest.Run run = holdfast("report", "--store", store, "--out", file.toString(), "--lang", "ru");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Записан " + file);
    String html = Files.readString(file);
    String riskiest;
    try (DuckDbStore opened = DuckDbStore.open(Path.of(store), ZoneId.of("UTC"))) {
      riskiest = TestStores.rows(opened, "SELECT customer_id FROM churn_scores ORDER BY revenue_at_risk DESC NULLS LAST, probability DESC LIMIT 1").get(0);
    }
    assertThat(html).startsWith("<!DOCTYPE html>").contains("lang=\"ru\"", riskiest).doesNotContain("src=\"http");
  }

  @Test
  @Order(7)
  void atRisk_headerFollowsTheSort_andTablesAreInTheReadersLanguage() {
    CliTest.Run byHealth = holdfast("at-risk", "--store", store, "--top", "3", "--sort", "health");
    assertThat(byHealth.exit()).as(byHealth.err()).isZero();
    assertThat(byHealth.out()).startsWith("Customers at risk as of 2025-12-31: the first 3 by health score, lowest first\n");
    assertThat(byHealth.out().lines().skip(1).findFirst().orElseThrow().split(" {2,}"))
        .containsExactly("customer", "owner", "plan", "churn %", "health", "band", "value", "basis", "revenue at risk", "reasons");
    CliTest.Run byProbability = holdfast("at-risk", "--store", store, "--top", "3", "--sort", "probability");
    assertThat(byProbability.out()).startsWith("Customers at risk as of 2025-12-31: the first 3 by churn probability\n");
    assertThat(holdfast("at-risk", "--store", store, "--top", "3").out()).startsWith("Customers at risk as of 2025-12-31: the first 3 by revenue at risk (");

    CliTest.Run russian = holdfast("at-risk", "--store", store, "--top", "3", "--sort", "health", "--lang", "ru");
    assertThat(russian.exit()).as(russian.err()).isZero();
    List<String> lines = russian.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("Клиенты под угрозой на 2025-12-31: первые 3 по индексу здоровья, от худшего");
    assertThat(lines.get(1).split(" {2,}"))
        .containsExactly("клиент", "ответственный", "тариф", "уход %", "здоровье", "группа", "ценность", "основа", "под угрозой", "причины");
    // the lowest health first: the poor band, and MRR as the value of a subscriber
    assertThat(lines.get(3)).contains("  плохое  ", "  MRR  ").doesNotContain("poor", "mrr", "month");

    String customer = lines.get(3).split(" ")[0];
    CliTest.Run explain = holdfast("explain", customer, "--store", store, "--lang", "ru");
    assertThat(explain.out()).containsPattern("здоровье \\d+ \\(плохое\\); модель").contains("(MRR); выручка под угрозой");
    assertThat(explain.out().lines().filter(line -> line.startsWith("причина ") || line.startsWith("составляющая ")).map(line -> List.of(line.split(" {2,}"))))
        .containsExactly(List.of("причина", "сигнал", "вклад"), List.of("составляющая", "значение", "баллы", "максимум"));
    // the health score's parts in words; CSV keeps the feature names
    assertThat(explain.out()).contains("активные дни ", "дней с последней активности ").doesNotContain("days_since_active");

    CliTest.Run models = holdfast("models", "--store", store, "--lang", "ru");
    assertThat(models.out()).contains("по времени: последняя дата, разрыв 28 дн.").doesNotContain("newest groups");
    assertThat(models.out().lines().findFirst().map(line -> List.of(line.split(" {2,}")))).hasValue(List.of("модель", "вид", "создана",
        "выбрана", "дата", "строк", "ушли", "AUC", "подъём в верхнем дециле", "Брайер", "проверка"));
    CliTest.Run health = holdfast("health", "--store", store, "--lang", "ru");
    assertThat(health.exit()).as(health.err()).isZero();
    assertThat(health.out().lines().map(line -> List.of(line.split(" {2,}"))))
        .contains(List.of("составляющая", "баллы", "плохо при", "хорошо от"), List.of("группа", "строк", "ушли", "уход %"));
    assertThat(health.out()).contains("изменение активных дней ").doesNotContain("active_days");
    assertThat(holdfast("health", "--store", store, "--format", "csv").out()).contains("\nactive_days_trend,");
    // CSV keeps the codes scripts read
    assertThat(holdfast("models", "--store", store, "--format", "csv", "--lang", "ru").out()).startsWith("id,kind,created_at,chosen,as_of,");
    assertThat(holdfast("models", "--store", store).out()).contains("time-ordered: the newest date, gap 28 days");
  }

  @Test
  @Order(8)
  void atRisk_combinesTheOwnerAndEverySegment() {
    CliTest.Run all = holdfast("at-risk", "--store", store, "--top", "1000", "--format", "csv");
    List<String[]> everyone = all.out().lines().skip(1).map(line -> line.split(",")).toList();
    // columns: customer_id, owner, plan, …
    long annasPro = everyone.stream().filter(row -> row[1].equals("Anna Petrova") && row[2].equals("pro")).count();
    assertThat(annasPro).isPositive().isLessThan(everyone.size());

    CliTest.Run both = holdfast("at-risk", "--store", store, "--top", "1000", "--owner", "Anna Petrova", "--segment", "plan=pro", "--format", "csv");
    assertThat(both.exit()).as(both.err()).isZero();
    assertThat(both.out().lines().skip(1).map(line -> line.split(",")))
        .hasSize((int) annasPro).allSatisfy(row -> assertThat(List.of(row[1], row[2])).containsExactly("Anna Petrova", "pro"));

    CliTest.Run twoSegments = holdfast("at-risk", "--store", store, "--top", "1000", "--segment", "plan=pro", "--segment", "owner=Anna Petrova", "--format", "csv");
    assertThat(twoSegments.out()).isEqualTo(both.out());
    CliTest.Run plan = holdfast("at-risk", "--store", store, "--segment", "plan=business", "--format", "csv");
    assertThat(plan.exit()).as(plan.err()).isZero();
    assertThat(plan.out().lines().skip(1)).isNotEmpty().allSatisfy(line -> assertThat(line.split(",")[2]).isEqualTo("business"));
    // nobody matches: said, not an empty table under "the first 0"
    CliTest.Run nobody = holdfast("at-risk", "--store", store, "--segment", "plan=nosuch", "--owner", "Anna Petrova");
    assertThat(nobody.exit()).as(nobody.err()).isZero();
    assertThat(nobody.out()).isEqualTo("No customer scored on 2025-12-31 matches owner=Anna Petrova, plan=nosuch;"
        + " holdfast metrics --by ATTRIBUTE lists the values an attribute has\n");
  }

  @Test
  @Order(9)
  void reasons_leaveGoodNewsOut() {
    try (DuckDbStore opened = DuckDbStore.open(Path.of(store), ZoneId.of("UTC"))) {
      assertThat(TestStores.count(opened, "SELECT count(*) FROM churn_scores WHERE CAST(reasons AS VARCHAR) SIMILAR TO '.*reason\\.(nps_promoter|mrr_up)\".*'"))
          .isZero();
    }
  }

  @Test
  @Order(6)
  void withoutAModel_scoringIsExplained() {
    Path empty = folder.resolve("empty.duckdb");
    CliTest.Run missing = holdfast("score", "--store", empty.toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).isEqualTo("error: store " + empty + " does not exist; check --store (or store.path in the configuration),"
        + " or create the store with holdfast import or holdfast demo\n");
    assertThat(empty).doesNotExist();
    DuckDbStore.open(empty, ZoneId.of("UTC")).close();
    CliTest.Run run = holdfast("score", "--store", empty.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("error: no churn model yet: train one with holdfast train\n");
  }

  @Test
  @Order(10)
  void observationsBelowOne_isAnErrorWithoutAStackTrace() {
    for (String command : List.of("train", "evaluate", "health")) {
      CliTest.Run run = holdfast(command, "--store", store, "--observations", "0");
      assertThat(run.exit()).as(command).isEqualTo(1);
      assertThat(run.err()).as(command).isEqualTo("error: --observations must be at least 1, not 0 (one observation date is a snapshot;"
          + " the default is churn.observations)\n");
    }
    CliTest.Run russian = holdfast("health", "--store", store, "--observations", "-1", "--lang", "ru");
    assertThat(russian.err()).startsWith("ошибка: --observations не меньше 1, а не -1");
  }

  @Test
  @Order(11)
  void asOfAfterTheData_isRefused() {
    for (String command : List.of("train", "evaluate", "health", "score")) {
      CliTest.Run run = holdfast(command, "--store", store, "--as-of", "2026-01-28");
      assertThat(run.exit()).as(command).isEqualTo(1);
      assertThat(run.err()).as(command).endsWith("error: --as-of 2026-01-28 is after the last day with data, 2025-12-31: what happened after"
          + " that day is not in the store, so outcomes would count as \"stayed\" and activity as none. Give 2025-12-31 or an earlier"
          + " day, or import the newer data first\n");
    }
  }

  @Test
  @Order(12)
  void validationThatCannotBeMeasured_isExplained() throws IOException {
    CliTest.Run folds = holdfast("evaluate", "--store", store, "--folds", "100000", "--model", "logistic");
    assertThat(folds.exit()).isEqualTo(1);
    assertThat(folds.err()).containsPattern("error: --folds 100000 is more than the \\d+ churners among the [\\d,]+ rows: every fold needs"
        + " churners and customers who stayed to be measured; use at most \\d+ folds\n$").doesNotContain("at dev.");
    // no rows a label window (90 days) before the newest of 3 dates 28 days apart: nothing to learn from before it
    Path config = folder.resolve("horizon-90.properties");
    Files.writeString(config, "churn.horizon_days=90\n");
    CliTest.Run split = holdfast("evaluate", "--store", store, "--observations", "3", "--model", "logistic", "--config", config.toString());
    assertThat(split.exit()).isEqualTo(1);
    assertThat(split.err()).contains("error: the rows at least 90 days before 2025-09-05 (the label window) hold 0 churners among 0;",
        "use --observations 1, which validates by stratified K-fold");
    CliTest.Run russian = holdfast("evaluate", "--store", store, "--observations", "3", "--model", "logistic", "--config", config.toString(),
        "--lang", "ru");
    assertThat(russian.err()).contains("ошибка: в строках, которые старше 2025-09-05 не меньше чем на 90 дн.");
  }

  @Test
  @Order(13)
  void healthComponentOfNoSignal_isAConfigurationError() throws IOException {
    Path config = folder.resolve("health-typo.properties");
    Files.writeString(config, "health.components=actve_days:10:0:20\n");
    CliTest.Run run = holdfast("health", "--store", store, "--config", config.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("error: health.components names actve_days, which is not a signal of this data; give one of: active_days,"
        + " active_days_trend,");
  }

  @Test
  @Order(13)
  void healthBacktestWithNoPoorRow_saysNotAvailable_notNull() throws IOException {
    // a poor band below 0 holds nobody: precision and lift of the band cannot be measured
    Path config = folder.resolve("health-no-poor.properties");
    Files.writeString(config, "health.bands=0,70\n");
    CliTest.Run run = holdfast("health", "--store", store, "--config", config.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("Health score backtest: 0 rows in the poor band; precision n/a,").doesNotContain("null");
    CliTest.Run russian = holdfast("health", "--store", store, "--config", config.toString(), "--lang", "ru");
    assertThat(russian.out()).contains("н/д").doesNotContain("null");
  }

  @Test
  @Order(14)
  void scoreOptions_areCheckedBeforeScoring() throws IOException {
    Path folderAsFile = folder.resolve("out-folder.csv");
    Files.createDirectories(folderAsFile);
    Map<List<String>, String> cases = Map.of(
        List.of("--out", folder.resolve("missing").resolve("scores.csv").toString()),
        "error: cannot write " + folder.resolve("missing").resolve("scores.csv") + ": the folder " + folder.resolve("missing")
            + " does not exist; create it or give another path\n",
        List.of("--out", folder.resolve("scores.csv.gz").toString()),
        "error: --out " + folder.resolve("scores.csv.gz") + ": the file name must end in .csv (text) or .parquet\n",
        List.of("--out", folderAsFile.toString()),
        "error: cannot write " + folderAsFile + ": it is a folder; give a file name ending in .csv or .parquet\n",
        List.of("--out", store), "error: --out " + store + " is the store " + store + ": writing there would destroy it; give another file\n",
        List.of("--exact-top", "-1"), "error: --exact-top is 0 or more, not -1\n",
        List.of("--exact-above", "2"), "error: --exact-above is a probability from 0 to 1, not 2\n");
    cases.forEach((options, message) -> {
      List<String> args = new java.util.ArrayList<>(List.of("score", "--store", store));
      args.addAll(options);
      CliTest.Run run = holdfast(args.toArray(String[]::new));
      assertThat(run.exit()).as(options.toString()).isEqualTo(1);
      // refused before any scoring
      assertThat(run.err()).as(options.toString()).isEqualTo(message);
    });
  }

  @Test
  @Order(15)
  void customersWithoutAValue_areCountedInTheSummary() throws IOException {
    Path copy = folder.resolve("other-currency.duckdb");
    Files.copy(Path.of(store), copy);
    try (DuckDbStore opened = DuckDbStore.open(copy, ZoneId.of("UTC"))) {
      // every subscription of one running customer in another currency than the reporting one (USD)
      TestStores.execute(opened, "UPDATE subscriptions SET currency = 'EUR' WHERE customer_id = (SELECT min(customer_id) FROM subscriptions"
          + " WHERE ended IS NULL)");
    }
    String customer;
    try (DuckDbStore opened = DuckDbStore.open(copy, ZoneId.of("UTC"))) {
      customer = (String) TestStores.value(opened, "SELECT min(customer_id) FROM subscriptions WHERE currency = 'EUR'");
      // a CLV in another currency, and one of the subscription model, do not value a transactional customer's risk in USD
      TestStores.execute(opened, "INSERT INTO clv_predictions VALUES ('" + customer + "', DATE '2025-12-31', 'bg-nbd+gamma-gamma', 0.9, 3, 40,"
          + " 120, 'EUR', 12, 0.1, TIMESTAMPTZ '2026-01-01 00:00:00+00'), ('" + customer + "', DATE '2025-12-31', 'sbg+mrr', 0.9, 12, 30,"
          + " 340, 'USD', 12, 0.1, TIMESTAMPTZ '2026-01-01 00:00:00+00')");
    }
    CliTest.Run run = holdfast("score", "--store", copy.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).containsPattern("note: 1 of the [\\d,]+ customers has no value to weigh their risk by \\(no subscription running"
        + " in USD and no predicted CLV in USD\\)");
    try (DuckDbStore opened = DuckDbStore.open(copy, ZoneId.of("UTC"))) {
      TestStores.execute(opened, "INSERT INTO clv_predictions VALUES ('" + customer + "', DATE '2025-12-31', 'pareto-nbd+gamma-gamma', 0.8, 2,"
          + " 50, 95.5, 'USD', 12, 0.1, TIMESTAMPTZ '2026-01-01 00:00:00+00')");
    }
    CliTest.Run again = holdfast("score", "--store", copy.toString());
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.err()).doesNotContain("no value to weigh");
    try (DuckDbStore opened = DuckDbStore.open(copy, ZoneId.of("UTC"))) {
      assertThat(TestStores.rows(opened, "SELECT value, value_basis, round(revenue_at_risk - probability * 95.5, 9) FROM churn_scores"
          + " WHERE customer_id = '" + customer + "' AND as_of = (SELECT max(as_of) FROM churn_scores)"))
          .containsExactly("95.5|clv|0.0");
    }
  }

  @Test
  @Order(16)
  void explain_ofACustomerGoneByTheLatestDay_saysTheScoreIsOld() throws IOException {
    CliTest.Run earlier = holdfast("score", "--store", store, "--as-of", "2025-11-30");
    assertThat(earlier.exit()).as(earlier.err()).isZero();
    String gone;
    String active;
    try (DuckDbStore opened = DuckDbStore.open(Path.of(store), ZoneId.of("UTC"));
        var statement = opened.connection().createStatement();
        var rows = statement.executeQuery("SELECT (SELECT min(customer_id) FROM churn_scores WHERE as_of = DATE '2025-11-30'"
            + " AND customer_id NOT IN (SELECT customer_id FROM churn_scores WHERE as_of = DATE '2025-12-31')),"
            + " (SELECT min(customer_id) FROM churn_scores WHERE as_of = DATE '2025-12-31')")) {
      rows.next();
      gone = rows.getString(1);
      active = rows.getString(2);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    assertThat(gone).as("a customer scored on 2025-11-30 and not on 2025-12-31").isNotNull();
    CliTest.Run run = holdfast("explain", gone, "--store", store);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("Note: " + gone + " is not among the scores of 2025-12-31, the latest scoring day (not an active customer"
        + " then); what follows is the last score, of 2025-11-30.");
    assertThat(JSON.readTree(holdfast("explain", gone, "--store", store, "--format", "json").out()).get("current").asBoolean()).isFalse();
    CliTest.Run today = holdfast("explain", active, "--store", store);
    assertThat(today.out()).doesNotContain("Note:");
    assertThat(JSON.readTree(holdfast("explain", active, "--store", store, "--format", "json").out()).get("current").asBoolean()).isTrue();
  }

  @Test
  @Order(17)
  void explain_withoutAScore_saysWhy() {
    String never;
    try (DuckDbStore opened = DuckDbStore.open(Path.of(store), ZoneId.of("UTC"))) {
      never = (String) TestStores.value(opened, "SELECT min(id) FROM customers WHERE id NOT IN (SELECT customer_id FROM churn_scores)");
    }
    assertThat(never).as("a customer active on no scoring day").isNotNull();
    CliTest.Run inactive = holdfast("explain", never, "--store", store);
    assertThat(inactive.exit()).isEqualTo(1);
    assertThat(inactive.err()).isEqualTo("error: customer " + never + " has no churn score: scores are made for the customers active on a"
        + " scoring day, and " + never + " was not active on any (the latest: 2025-12-31); holdfast score --as-of DAY scores another day\n");
    CliTest.Run unknown = holdfast("explain", "NOBODY", "--store", store, "--lang", "ru");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("ошибка: клиента NOBODY нет в хранилище; проверьте идентификатор (holdfast at-risk покажет оценённых)\n");
  }

  @Test
  @Order(17)
  void atRisk_segmentOfAnAttributeNobodyHas_isATypo() {
    CliTest.Run run = holdfast("at-risk", "--store", store, "--segment", "industri=media");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: no customer has an attribute \"industri\"; known attributes: channel, company_size, country,");
  }

  @Test
  @Order(17)
  void train_keepCurrent_storesTheNewModelBesideTheOneInUse_andAFallInAucIsSaid() throws IOException {
    Path copy = folder.resolve("keep-current.duckdb");
    Files.copy(Path.of(store), copy);
    CliTest.Run before = holdfast("models", "--store", copy.toString(), "--format", "json");
    JsonNode inUse = null;
    for (JsonNode model : JSON.readTree(before.out())) {
      if (model.path("chosen").asBoolean()) {
        inUse = model;
      }
    }
    assertThat(inUse).as(before.out()).isNotNull();
    String previous = inUse.path("id").asText();
    double previousAuc = inUse.path("evaluation").path("auc").asDouble();

    CliTest.Run kept = holdfast("train", "--store", copy.toString(), "--model", "logistic", "--keep-current", "--format", "json");
    assertThat(kept.exit()).as(kept.err()).isZero();
    JsonNode keptResult = JSON.readTree(kept.out());
    assertThat(keptResult.path("chosen").asBoolean()).isFalse();
    assertThat(keptResult.path("previous_model_id").asText()).isEqualTo(previous);
    // a table says so in words
    CliTest.Run keptAgain = holdfast("train", "--store", copy.toString(), "--model", "logistic", "--keep-current");
    assertThat(keptAgain.exit()).as(keptAgain.err()).isZero();
    assertThat(keptAgain.out()).containsPattern("Saved model logistic-\\S+ beside " + previous + ", which holdfast score keeps using \\(--keep-current\\);"
        + " holdfast models --choose logistic-\\S+ makes the new one the model in use\\.");
    CliTest.Run models = holdfast("models", "--store", copy.toString(), "--format", "csv");
    assertThat(models.out().lines().filter(line -> line.contains(",*,")).toList()).singleElement().asString().startsWith(previous + ",");

    // without --keep-current the new model is the one in use; a lower validation AUC than the old one's is said, with the way back
    CliTest.Run chosen = holdfast("train", "--store", copy.toString(), "--model", "logistic", "--lang", "en");
    assertThat(chosen.exit()).as(chosen.err()).isZero();
    double logisticAuc = keptResult.path("models").path("logistic").path("auc").asDouble();
    // on this store the logistic baseline validates below XGBoost (same dates, same seed)
    assertThat(logisticAuc).isLessThan(previousAuc - ChurnModelCommand.WORSE_AUC);
    assertThat(chosen.err()).containsPattern("warning: the new model logistic-\\S+ validated at AUC " + String.format(java.util.Locale.ROOT, "%.3f", logisticAuc)
        + ", below the " + String.format(java.util.Locale.ROOT, "%.3f", previousAuc) + " of " + previous + ", the model used until now; holdfast models"
        + " --choose " + previous + " goes back to it");
    assertThat(kept.err()).contains("note: the new model", "below the " + String.format(java.util.Locale.ROOT, "%.3f", previousAuc) + " of " + previous
        + ", the model in use");
    assertThat(holdfast("models", "--store", copy.toString(), "--format", "csv").out().lines().filter(line -> line.contains(",*,")).toList())
        .singleElement().asString().startsWith("logistic-");
    // evaluate stores nothing and has no such option
    assertThat(holdfast("evaluate", "--store", copy.toString(), "--keep-current").exit()).isEqualTo(2);
  }

  @Test
  @Order(18)
  void validationDateWithoutChurners_isAWarning() throws IOException {
    Path copy = folder.resolve("no-late-churn.duckdb");
    Files.copy(Path.of(store), copy);
    try (DuckDbStore opened = DuckDbStore.open(copy, ZoneId.of("UTC"))) {
      // nobody leaves in the newest date's label window (2025-12-04 + 28 days): that date has no churner to rank
      TestStores.execute(opened, "UPDATE subscriptions SET ended = NULL, cancel_reason = NULL WHERE ended >= DATE '2025-12-04'");
    }
    CliTest.Run run = holdfast("train", "--store", copy.toString(), "--model", "logistic");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).contains("Building churn rows at 12 observation dates from 2025-01-30 to 2025-12-04",
        "warning: a validation date or fold of logistic holds only churners or only customers who stayed, so its AUC and lift cannot be"
            + " measured;");
    assertThat(holdfast("train", "--store", store, "--model", "logistic").err()).doesNotContain("warning: a validation date");
  }

  @Test
  @Order(19)
  void kFoldThatLeavesTooFewToLearnFrom_namesTheFoldsThatWould() {
    // a small company at one date: 11 churners, so 5 folds leave each model 8 to learn from
    String small = folder.resolve("few-churners.duckdb").toString();
    assertThat(holdfast("demo", "--customers", "300", "--store", small).exit()).isZero();
    CliTest.Run run = holdfast("evaluate", "--store", small, "--observations", "1", "--model", "logistic");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("Built 193 rows (11 churned)").endsWith("error: with 5 folds each model learns from only 8 churners (the rest"
        + " are held out to measure it), fewer than the 10 it needs; use --folds 11 or more, or import a longer history\n");
    CliTest.Run enough = holdfast("evaluate", "--store", small, "--observations", "1", "--model", "logistic", "--folds", "11");
    assertThat(enough.exit()).as(enough.err()).isZero();
  }

  @Test
  @Order(30)
  void explain_ofACustomerNoSignalRaised_saysSo_insteadOfAnEmptyTable() throws IOException {
    Path copy = folder.resolve("no-reasons.duckdb");
    Files.copy(Path.of(store), copy);
    String customer;
    try (DuckDbStore opened = DuckDbStore.open(copy, ZoneId.of("UTC"))) {
      customer = TestStores.rows(opened, "SELECT customer_id FROM churn_scores ORDER BY as_of DESC, probability LIMIT 1").get(0);
      TestStores.execute(opened, "UPDATE churn_scores SET reasons = '[]' WHERE customer_id = '" + customer + "'");
    }
    CliTest.Run run = holdfast("explain", customer, "--store", copy.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("Why:\nno signal raised this customer's risk above the average customer's\n");
    CliTest.Run csv = holdfast("explain", customer, "--store", copy.toString(), "--format", "csv");
    assertThat(csv.out()).startsWith("reason,signal,contribution\n");
  }

  @Test
  @Order(31)
  void validationOfAFewChurners_isSaidToBeRough_andOneFoldHasNoSpread() throws IOException {
    String small = folder.resolve("rough-validation.duckdb").toString();
    CliTest.Run demo = holdfast("demo", "--customers", "400", "--store", small);
    assertThat(demo.exit()).as(demo.err()).isZero();
    CliTest.Run run = holdfast("train", "--store", small, "--format", "json");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode xgboost = JSON.readTree(run.out()).path("models").path("xgboost");
    int churners = xgboost.path("validated_churners").asInt();
    assertThat(churners).isPositive().isLessThan(TrainCommand.FEW_VALIDATED_CHURNERS);
    assertThat(xgboost.path("validated_rows").asInt()).isGreaterThan(churners);
    // the newest date alone: one fold, no spread measured
    assertThat(xgboost.path("auc_sd").isNull()).isTrue();
    CliTest.Run table = holdfast("train", "--store", small);
    assertThat(table.exit()).as(table.err()).isZero();
    assertThat(table.out()).contains("note: the validated rows hold only " + churners + " churners (of ");
    // two models of one kind trained within the same second both keep their own id (the second used to fail on the key)
    java.time.Clock second = java.time.Clock.fixed(java.time.Instant.parse("2026-01-05T10:00:00Z"), java.time.ZoneOffset.UTC);
    for (int i = 0; i < 2; i++) {
      int exit = new picocli.CommandLine(new TrainCommand(java.util.Map.of(), second)).setOut(new java.io.PrintWriter(new java.io.StringWriter()))
          .setErr(new java.io.PrintWriter(new java.io.StringWriter())).execute("--store", small, "--observations", "3");
      assertThat(exit).isZero();
    }
    assertThat(JSON.readTree(holdfast("models", "--store", small, "--format", "json").out()).findValuesAsText("id"))
        .contains("xgboost-20260105-100000", "xgboost-20260105-100000-2");
    // the main store's validation holds enough churners to say nothing
    assertThat(holdfast("evaluate", "--store", store).out()).doesNotContain("the validated rows hold only");
  }

  @Test
  @Order(32)
  void aHistoryWithoutChurn_isNamedAsSuch_notSentToMoreObservationDates() throws IOException {
    String quiet = folder.resolve("no-churn.duckdb").toString();
    StringBuilder customers = new StringBuilder("id,created\n");
    StringBuilder subscriptions = new StringBuilder("id,customer_id,plan,mrr,currency,billing_period,started,ended\n");
    StringBuilder events = new StringBuilder("customer_id,occurred_at,type\n");
    for (int i = 0; i < 15; i++) {
      customers.append("Q").append(i).append(",2024-01-01\n");
      subscriptions.append("S").append(i).append(",Q").append(i).append(",pro,10,USD,month,2024-01-01,\n");
      events.append("Q").append(i).append(",2025-12-01T10:00:00Z,login\n");
    }
    for (String[] kind : new String[][] {{"customers", customers.toString()}, {"subscriptions", subscriptions.toString()}, {"events", events.toString()}}) {
      Path file = folder.resolve("no-churn-" + kind[0] + ".csv");
      Files.writeString(file, kind[1]);
      CliTest.Run run = holdfast("import", "--store", quiet, "--kind", kind[0], file.toString());
      assertThat(run.exit()).as(run.err()).isZero();
    }
    CliTest.Run run = holdfast("train", "--store", quiet);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).containsPattern("error: none of the [\\d,]+ rows at the observation dates churned within the horizon, so there is"
        + " nothing to learn churn from").doesNotContain("--observations");
  }
}
