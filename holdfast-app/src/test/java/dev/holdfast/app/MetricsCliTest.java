package dev.holdfast.app;

import static dev.holdfast.app.CliTest.holdfast;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** holdfast metrics, cohorts and survival as a user types them, on the hand-built company of docs/metrics.md. */
class MetricsCliTest {
  private static final Path COMPANY = Path.of("../holdfast-store/src/test/resources/retention/handbuilt");

  @TempDir Path folder;
  private String store;

  @BeforeEach
  void importTheCompany() {
    store = folder.resolve("m.duckdb").toString();
    for (String kind : new String[] {"customers", "subscriptions", "orders", "surveys", "spend"}) {
      CliTest.Run run = holdfast("import", "--store", store, "--kind", kind, COMPANY.resolve(kind + ".csv").toString());
      assertThat(run.exit()).as(run.err()).isZero();
    }
  }

  @Test
  void metricsJson_onePerPeriodWithTheDocumentedFieldNames() throws IOException {
    CliTest.Run run = holdfast("metrics", "--store", store, "--from", "2025-01-01", "--to", "2025-04-30", "--as-of", "2025-04-30", "--format", "json");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode months = new ObjectMapper().readTree(run.out());
    assertThat(months).hasSize(4);
    JsonNode january = months.get(0);
    assertThat(january.get("period").asText()).isEqualTo("2025-01");
    assertThat(january.get("customers_at_start").asLong()).isEqualTo(7);
    assertThat(january.get("customers_at_end").asLong()).isEqualTo(7);
    assertThat(january.get("new").asLong()).isEqualTo(1);
    assertThat(january.get("lost").asLong()).isEqualTo(1);
    assertThat(january.get("reactivated").asLong()).isZero();
    assertThat(january.get("churn_rate").asDouble()).isEqualTo(14.2857);
    assertThat(january.get("retention_rate").asDouble()).isEqualTo(85.7143);
    assertThat(january.get("mrr_end").asDouble()).isEqualTo(610.0);
    assertThat(january.get("repeat_customer_rate").asDouble()).isEqualTo(50.0);
    assertThat(months.get(1).get("mrr_billing_change").asDouble()).isEqualTo(-10.0);
  }

  @Test
  void metricsTable_andTheCustomersBehindAFigure() {
    CliTest.Run table = holdfast("metrics", "--store", store, "--from", "2025-01-01", "--to", "2025-04-30");
    assertThat(table.exit()).as(table.err()).isZero();
    assertThat(table.out()).contains("as of 2025-04-15", "churn %", "2025-01", "14.3", "2025-04*");
    CliTest.Run some = holdfast("metrics", "--store", store, "--as-of", "2025-04-30", "--customers", "new", "--in", "2024-12", "--limit", "1");
    assertThat(some.exit()).as(some.err()).isZero();
    // four joined in December 2024; one is listed
    assertThat(some.out()).contains("Customers behind new in 2024-12: 4 (as of 2025-04-30); the first 1 shown (--limit)");
    assertThat(some.out().lines().filter(line -> line.matches("[A-Z] .*")).count()).isEqualTo(1);
    CliTest.Run none = holdfast("metrics", "--store", store, "--as-of", "2025-04-30", "--customers", "new", "--in", "2025-01", "--limit", "0");
    assertThat(none.err()).isEqualTo("error: --limit is at least 1, not 0\n");
    CliTest.Run churned = holdfast("metrics", "--store", store, "--as-of", "2025-04-30", "--customers", "churned", "--in", "2025-02", "--format", "csv");
    assertThat(churned.exit()).as(churned.err()).isZero();
    assertThat(churned.out()).isEqualTo("customer_id,kind,mrr_start,mrr_end,mrr_change,movement,churn_type,cancel_reason\n"
        + "B,subscription,100.0,0.0,-100.0,churned,voluntary,price\n");
  }

  @Test
  void cohortsAndSurvival_asJson() throws IOException {
    CliTest.Run cohorts = holdfast("cohorts", "--store", store, "--from", "2024-12-01", "--to", "2025-02-28", "--as-of", "2025-04-30",
        "--format", "json");
    assertThat(cohorts.exit()).as(cohorts.err()).isZero();
    JsonNode december = new ObjectMapper().readTree(cohorts.out()).get(0);
    assertThat(december.get("cohort").asText()).isEqualTo("2024-12");
    assertThat(december.get("size").asLong()).isEqualTo(4);
    assertThat(december.get("cells").get(4).get("revenue_retention").asDouble()).isEqualTo(87.0);

    CliTest.Run survival = holdfast("survival", "--store", store, "--as-of", "2025-04-30", "--format", "json");
    assertThat(survival.exit()).as(survival.err()).isZero();
    JsonNode all = new ObjectMapper().readTree(survival.out()).get("segments").get(0);
    // everyone with a first spell (K has none); B, D, F, I and L's first spells ended
    assertThat(all.get("customers").asInt()).isEqualTo(11);
    assertThat(all.get("churned").asInt()).isEqualTo(5);
  }

  @Test
  void badOptions_areExplained() {
    assertThat(holdfast("metrics", "--store", store, "--period", "fortnight").err())
        .isEqualTo("error: --period \"fortnight\" is not one of day, week, month, quarter, year\n");
    assertThat(holdfast("metrics", "--store", store, "--segment", "plan").err())
        .isEqualTo("error: --segment \"plan\" is not attribute=value; write e.g. --segment plan=pro or --segment country=RU\n");
    assertThat(holdfast("metrics", "--store", store, "--customers", "lost").err())
        .isEqualTo("error: --customers lost needs --in PERIOD, e.g. --in 2025-03\n");
    assertThat(holdfast("metrics", "--help").out()).contains("Examples:", "holdfast metrics --customers churned --in 2025-03", "docs/metrics.md");
  }

  @Test
  void survival_takesNoPeriod_becauseLifetimesAreInMonths() {
    CliTest.Run run = holdfast("survival", "--store", store, "--period", "week");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("error: unknown options: '--period', 'week'\nholdfast survival --help lists the options, with examples\n");
    assertThat(holdfast("survival", "--help").out()).doesNotContain("--period");
    assertThat(holdfast("metrics", "--help").out()).contains("--period=day|week|month|quarter|year");
    assertThat(holdfast("metrics", "--store", store, "--period", "fortnight").err())
        .isEqualTo("error: --period \"fortnight\" is not one of day, week, month, quarter, year\n");
  }

  @Test
  void clv_totalInRussian_isWrittenTheRussianWay() {
    CliTest.Run run = holdfast("clv", "--store", store, "--no-save", "--lang", "ru");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("3 клиента стоят вместе 141,27\n").doesNotContain("141.27");
    assertThat(holdfast("clv", "--store", store, "--no-save").out()).contains("3 customers worth 141.27 together\n");
  }

  @Test
  void tablesInRussian_haveRussianHeadings_whileCsvKeepsTheNames() {
    CliTest.Run churned = holdfast("metrics", "--store", store, "--as-of", "2025-04-30", "--customers", "churned", "--in", "2025-02", "--lang", "ru");
    assertThat(churned.exit()).as(churned.err()).isZero();
    assertThat(headings(churned.out(), "клиент")).containsExactly("клиент", "вид", "MRR в начале", "MRR в конце", "изменение MRR", "движение",
        "тип оттока", "причина отмены");
    // the cancellation reasons Holdfast knows read in the reader's words in a table (CSV keeps the codes, as above)
    assertThat(churned.out()).contains("цена").doesNotContain("price");
    CliTest.Run survival = holdfast("survival", "--store", store, "--as-of", "2025-04-30", "--at", "3,12", "--lang", "ru");
    assertThat(survival.exit()).as(survival.err()).isZero();
    assertThat(headings(survival.out(), "сегмент")).containsExactly("сегмент", "клиентов", "ушли", "медиана, мес.", "медиана: нижняя",
        "медиана: верхняя", "огранич. среднее, мес.", "до, мес.", "удержано 3 мес. %", "удержано 12 мес. %");
    // a half month written the Russian way reads as 0 and 5 months: refused, with the point to use
    CliTest.Run comma = holdfast("survival", "--store", store, "--as-of", "2025-04-30", "--at", "0,5", "--lang", "ru");
    assertThat(comma.exit()).isEqualTo(1);
    assertThat(comma.err()).startsWith("ошибка: --at 0: на отметке 0 месяцев удержаны все клиенты").contains("(--at 0.5,1,3)");
    CliTest.Run reasons = holdfast("reasons", "--store", store, "--as-of", "2025-04-30", "--lang", "ru");
    assertThat(reasons.exit()).as(reasons.err()).isZero();
    assertThat(headings(reasons.out(), "период")).containsExactly("период", "сегмент", "тип оттока", "причина", "клиентов", "потерянный MRR");
    CliTest.Run clv = holdfast("clv", "--store", store, "--no-save", "--lang", "ru");
    assertThat(clv.exit()).as(clv.err()).isZero();
    assertThat(headings(clv.out(), "клиент")).containsExactly("клиент", "повторных покупок", "последняя покупка, нед. от первой", "возраст, нед.",
        "P(активен)", "ожид. покупок", "ожид. сумма покупки", "CLV", "сегмент RFM");

    CliTest.Run csv = holdfast("metrics", "--store", store, "--as-of", "2025-04-30", "--customers", "churned", "--in", "2025-02", "--lang", "ru",
        "--format", "csv");
    assertThat(csv.out()).startsWith("customer_id,kind,mrr_start,mrr_end,mrr_change,movement,churn_type,cancel_reason\n");
    CliTest.Run cohorts = holdfast("cohorts", "--store", store, "--as-of", "2025-04-30", "--by", "plan", "--lang", "ru", "--format", "csv");
    assertThat(cohorts.exit()).as(cohorts.err()).isZero();
    assertThat(cohorts.out()).startsWith("cohort,segment,size,0,");
  }

  @Test
  void tables_writeDecimalsInTheReadersLanguage_andNameTheSegment() {
    // the restricted mean lifetime is a decimal: a comma in Russian, a point in English and in CSV
    CliTest.Run russian = holdfast("survival", "--store", store, "--as-of", "2025-04-30", "--lang", "ru");
    assertThat(russian.exit()).as(russian.err()).isZero();
    String row = russian.out().lines().filter(line -> line.startsWith("все клиенты ")).findFirst().orElseThrow(() -> new AssertionError(russian.out()));
    assertThat(row).containsPattern(" \\d+,\\d+").doesNotContainPattern("\\d\\.\\d");
    String english = holdfast("survival", "--store", store, "--as-of", "2025-04-30").out();
    // a table's headings are words in English too; CSV keeps the field names
    assertThat(headings(english, "segment")).startsWith("segment", "customers", "churned", "median, months", "median: lower");
    assertThat(english.lines().filter(line -> line.startsWith("all customers ")).findFirst().orElseThrow()).containsPattern(" \\d+\\.\\d+");

    // CSV: the table alone on standard output, the sentences (the log-rank test too) on standard error
    CliTest.Run byPlan = holdfast("survival", "--store", store, "--as-of", "2025-04-30", "--by", "plan", "--format", "csv");
    assertThat(byPlan.out()).startsWith("segment,customers,").doesNotContain("Log-rank");
    assertThat(byPlan.err()).contains("Log-rank test:", "by plan");

    // a file made with --segment says whom it describes instead of "all"
    CliTest.Run csv = holdfast("metrics", "--store", store, "--as-of", "2025-04-30", "--from", "2025-01-01", "--segment", "plan=pro", "--format", "csv");
    assertThat(csv.exit()).as(csv.err()).isZero();
    assertThat(csv.out().lines().skip(1)).isNotEmpty().allSatisfy(line -> assertThat(line).contains(",plan=pro,"));
    CliTest.Run json = holdfast("survival", "--store", store, "--as-of", "2025-04-30", "--segment", "country=RU", "--format", "json");
    assertThat(json.out()).contains("\"segment\" : \"country=RU\"");
    CliTest.Run unfiltered = holdfast("metrics", "--store", store, "--as-of", "2025-04-30", "--from", "2025-01-01", "--format", "csv");
    assertThat(unfiltered.out().lines().skip(1)).isNotEmpty().allSatisfy(line -> assertThat(line).contains(",all,"));
    // a partial period keeps its label in CSV, where its partial column says so; the table marks it for its footnote
    CliTest.Run partial = holdfast("metrics", "--store", store, "--as-of", "2025-04-15", "--from", "2025-04-01", "--format", "csv");
    assertThat(partial.out().lines().skip(1)).hasSize(1).allSatisfy(line -> assertThat(line).startsWith("2025-04,").contains(",true,"));
    assertThat(holdfast("metrics", "--store", store, "--as-of", "2025-04-15", "--from", "2025-04-01").out()).contains("2025-04*");
    CliTest.Run trends = holdfast("trends", "--store", store, "--as-of", "2025-04-30", "--from", "2025-01-01", "--segment", "plan=pro",
        "--metric", "churn_rate", "--format", "csv");
    assertThat(trends.out().lines().skip(1)).isNotEmpty().allSatisfy(line -> assertThat(line).contains("plan=pro").doesNotContain(",all,"));
  }

  /** The headings of the first table in {@code out} whose first heading is {@code first}. */
  private static java.util.List<String> headings(String out, String first) {
    return out.lines().filter(line -> line.startsWith(first + "  ")).findFirst().map(line -> java.util.List.of(line.split(" {2,}")))
        .orElseThrow(() -> new AssertionError("no table starting with " + first + " in:\n" + out));
  }

  @Test
  void trends_speakInSentences() throws IOException {
    CliTest.Run run = holdfast("trends", "--store", store, "--from", "2025-01-01", "--as-of", "2025-04-30", "--metric", "mrr_end");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("Trends per month, as of 2025-04-30; all customers", "MRR", "Not enough history");
    assertThat(holdfast("trends", "--store", store, "--last", "3").err()).isEqualTo(
        "error: --last 3 is too short: a trend needs at least 5 periods\n");
    CliTest.Run russian = holdfast("trends", "--store", store, "--from", "2025-01-01", "--as-of", "2025-04-30", "--metric", "mrr_end", "--lang", "ru");
    assertThat(russian.out()).contains("Тренды по периодам (месяц), на 2025-04-30; все клиенты", "MRR:");
    // each metric reads in its own unit: money and NPS are no percentages
    CliTest.Run units = holdfast("trends", "--store", store, "--from", "2025-01-01", "--as-of", "2025-04-30", "--metric", "mrr_end,nps,churn_rate",
        "--band", "mrr_end:1:2:S", "--band", "nps:-10:10:S", "--band", "churn_rate:1:2:S");
    assertThat(units.exit()).as(units.err()).isZero();
    assertThat(units.out()).contains("industry range for MRR (1–2; source: S)", "industry range for NPS (\u221210.0 to 10.0; source: S)",
        "industry range for Churn per period (1.0–2.0 %; source: S)");
    // a band for no metric, or upside down, is refused rather than left out of every sentence
    CliTest.Run unknown = holdfast("trends", "--store", store, "--as-of", "2025-04-30", "--metric", "nps", "--band", "foo:0:30:X");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).startsWith("error: --band \"foo:0:30:X\": foo is not a metric; use one of customers_at_start,");
    CliTest.Run reversed = holdfast("trends", "--store", store, "--as-of", "2025-04-30", "--metric", "nps", "--band", "nps:30:0:X", "--lang", "ru");
    assertThat(reversed.err()).isEqualTo("ошибка: --band \"nps:30:0:X\": нижняя граница 30 больше верхней 0; сначала укажите меньшее число\n");
    Path config = folder.resolve("bands.properties");
    java.nio.file.Files.writeString(config, "trends.industry_bands=foo:0:30:X\n");
    CliTest.Run configured = holdfast("trends", "--store", store, "--as-of", "2025-04-30", "--metric", "nps", "--config", config.toString());
    assertThat(configured.exit()).isEqualTo(1);
    assertThat(configured.err()).startsWith("error: trends.industry_bands names foo, which is not a metric; use one of customers_at_start,");
  }

  @Test
  void trends_ofAMetricTheDataCannotGive_sayWhyInsteadOfFailing() {
    // customers and orders only: no subscription gives MRR, no answer gives NPS
    String orders = folder.resolve("orders-only.duckdb").toString();
    for (String kind : new String[] {"customers", "orders"}) {
      CliTest.Run run = holdfast("import", "--store", orders, "--kind", kind, COMPANY.resolve(kind + ".csv").toString());
      assertThat(run.exit()).as(run.err()).isZero();
    }
    CliTest.Run run = holdfast("trends", "--store", orders, "--as-of", "2025-04-30", "--from", "2025-01-01", "--metric", "nps,churn_rate,mrr_end,mrr_churned");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("NPS: no value in any of the 4 periods; the data do not give it").doesNotContain("Churn per period: no value");
    // no subscription: MRR is no flat line of zeros to test for a trend
    assertThat(run.out()).contains("MRR: no value in any of the 4 periods", "Churned MRR: no value in any of the 4 periods").doesNotContain("p = 1");
    CliTest.Run period = holdfast("trends", "--store", orders, "--as-of", "2025-04-30", "--metric", "period");
    assertThat(period.exit()).isEqualTo(1);
    assertThat(period.err()).startsWith("error: --metric period is not a metric; use one of customers_at_start,").doesNotContain(" segment,");
    CliTest.Run russian = holdfast("trends", "--store", orders, "--as-of", "2025-04-30", "--from", "2025-01-01", "--metric", "nps", "--lang", "ru");
    assertThat(russian.out()).contains("NPS: нет значения ни в одном из 4 периодов");
  }

  /** A store of three subscribers from 2025-01-01, the first of whom left on {@code firstEnded} (empty: nobody left). */
  private String threeSubscribers(String name, String firstEnded) throws IOException {
    String path = folder.resolve(name + ".duckdb").toString();
    Path customers = folder.resolve(name + "-customers.csv");
    Path subscriptions = folder.resolve(name + "-subscriptions.csv");
    java.nio.file.Files.writeString(customers, "id,created\nK1,2025-01-01\nK2,2025-01-01\nK3,2025-01-01\n");
    java.nio.file.Files.writeString(subscriptions, "id,customer_id,plan,mrr,currency,billing_period,started,ended\n"
        + "S1,K1,pro,10,USD,month,2025-01-01," + firstEnded + "\nS2,K2,pro,10,USD,month,2025-01-01,\nS3,K3,pro,10,USD,month,2025-01-01,\n");
    assertThat(holdfast("import", "--store", path, "--kind", "customers", customers.toString()).exit()).isZero();
    assertThat(holdfast("import", "--store", path, "--kind", "subscriptions", subscriptions.toString()).exit()).isZero();
    return path;
  }

  @Test
  void retentionForecast_saysInTheReadersLanguageWhyACohortIsNotFitted() throws IOException {
    String kept = threeSubscribers("kept", "");
    CliTest.Run russian = holdfast("retention-forecast", "--store", kept, "--as-of", "2025-05-31", "--min-customers", "1", "--lang", "ru");
    assertThat(russian.out() + russian.err()).contains("никто из 3 клиентов не ушёл за").doesNotContain("cannot be fitted", "customers churned");
    // no cohort fitted: each is listed with its reason, as the help says
    assertThat(russian.exit()).isEqualTo(1);
    assertThat(russian.err()).startsWith("ошибка: ни для одной из 1 когорты модель не подобрана:\n  2025-01: никто из 3 клиентов не ушёл за");
    CliTest.Run english = holdfast("retention-forecast", "--store", kept, "--as-of", "2025-05-31", "--min-customers", "1");
    assertThat(english.out() + english.err()).contains("none of the 3 customers churned in the");
  }

  @Test
  void survival_pastTheEndOfFollowUp_showsNoValue_notTheLastOneCarried() throws IOException {
    String short_ = threeSubscribers("short", "2025-02-15");
    // followed for three months: 1 and 2 months are known, 24 is not
    CliTest.Run csv = holdfast("survival", "--store", short_, "--as-of", "2025-03-31", "--at", "1,2,24", "--format", "csv");
    assertThat(csv.exit()).as(csv.err()).isZero();
    List<String> lines = csv.out().lines().toList();
    List<String> header = List.of(lines.get(0).split(","));
    List<String> values = List.of(lines.get(1).split(",", -1));
    assertThat(values.get(header.indexOf("retained_1m"))).isEqualTo("100.0");
    assertThat(values.get(header.indexOf("retained_2m"))).startsWith("66.6");
    assertThat(values.get(header.indexOf("retained_24m"))).isEmpty();
    JsonNode json = new ObjectMapper().readTree(holdfast("survival", "--store", short_, "--as-of", "2025-03-31", "--at", "24", "--format", "json").out());
    JsonNode point = json.path("segments").get(0).path("points").get(0);
    assertThat(point.path("retained_pct").isNull()).isTrue();
    assertThat(point.path("at_risk").asInt()).isZero();
    // a table says what its empty cell means; where every cell is known it says nothing of it
    assertThat(holdfast("survival", "--store", short_, "--as-of", "2025-03-31", "--at", "1,24").out())
        .contains("An empty cell lies past the last observed time (\"up to, months\")");
    assertThat(holdfast("survival", "--store", short_, "--as-of", "2025-03-31", "--at", "1,2").out()).doesNotContain("An empty cell");
  }

  @Test
  void aDrillDownOptionWithoutItsPartner_isRefused_notIgnored() {
    CliTest.Run in = holdfast("metrics", "--store", store, "--as-of", "2025-04-30", "--in", "2025-02");
    assertThat(in.exit()).isEqualTo(1);
    assertThat(in.err()).isEqualTo("error: --in 2025-02 picks the period of --customers FIGURE, which is missing; e.g. --customers lost --in 2025-02\n");
    CliTest.Run age = holdfast("cohorts", "--store", store, "--as-of", "2025-04-30", "--age", "2", "--lang", "ru");
    assertThat(age.exit()).isEqualTo(1);
    assertThat(age.err()).isEqualTo("ошибка: --age 2 выбирает возраст для --customers COHORT, а его нет; например --customers 2025-01 --age 2\n");
    // with their partners they work
    assertThat(holdfast("cohorts", "--store", store, "--as-of", "2025-04-30", "--customers", "2025-01", "--age", "1").exit()).isZero();
  }

  @Test
  void everyRangeCommand_refusesARangeThatEndsBeforeItStarts_alike() {
    for (String command : List.of("metrics", "cohorts", "survival", "reasons", "trends", "retention-forecast")) {
      CliTest.Run run = holdfast(command, "--store", store, "--from", "2025-03-01", "--to", "2025-01-01");
      assertThat(run.exit()).as(command).isEqualTo(1);
      assertThat(run.err()).as(command).isEqualTo("error: --from 2025-03-01 is after --to 2025-01-01; give the earlier date first\n");
      assertThat(run.out()).as(command).isEmpty();
    }
  }

  @Test
  void defaultRange_startsNoEarlierThanTheData() throws IOException {
    // twelve years back from the as-of date, but the first subscription (L) starts in 2023
    CliTest.Run run = holdfast("metrics", "--store", store, "--period", "year", "--as-of", "2025-04-30", "--format", "json");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(new ObjectMapper().readTree(run.out()).findValuesAsText("period")).containsExactly("2023", "2024", "2025");
  }
}
