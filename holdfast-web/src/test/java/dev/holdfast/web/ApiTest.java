package dev.holdfast.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.i18n.Messages;
import dev.holdfast.retention.Period;
import dev.holdfast.retention.PeriodMetrics;
import dev.holdfast.store.TestStores;
import dev.holdfast.store.retention.Cohorts;
import dev.holdfast.store.retention.Lifetimes;
import dev.holdfast.store.retention.RetentionMetrics;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON API of a real server on a random port over a real store, cross-checked against the store's own classes. */
class ApiTest {
  private static WebServer server;
  private static WebServer unscoredServer;
  private static Http http;
  private static Http unscored;
  private static Companies.Company company;
  /** The default range of the pages: the last 24 months up to the last day with data. */
  private static RetentionMetrics.Query query;

  @BeforeAll
  static void start() throws InterruptedException {
    company = Companies.scored();
    server = new WebServer(company.store(), company.config(), Companies.CLOCK, Duration.ZERO);
    http = new Http(server.start("127.0.0.1", 0));
    Companies.Company empty = Companies.unscored();
    unscoredServer = new WebServer(empty.store(), empty.config(), Companies.CLOCK, Duration.ZERO);
    unscored = new Http(unscoredServer.start("127.0.0.1", 0));
    // the tests check answers against the store's own classes, which share the store's connection with the server's warm-up
    assertThat(server.awaitWarm(Duration.ofSeconds(60)) && unscoredServer.awaitWarm(Duration.ofSeconds(60))).isTrue();
    query = new RetentionMetrics.Query(Period.MONTH, LocalDate.of(2024, 1, 1), Companies.LAST_DAY, Companies.LAST_DAY, List.of(), null, "USD");
  }

  @AfterAll
  static void stop() {
    server.close();
    unscoredServer.close();
  }

  private static RetentionMetrics metrics() {
    return new RetentionMetrics(company.store(), company.config(), Messages.of(Locale.ENGLISH), Companies.CLOCK);
  }

  private static List<JsonNode> list(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }

  @Test
  void metrics_matchTheStoreAndCarryKpisOfTheLatestCompletePeriod() {
    JsonNode body = http.ok("/api/v1/metrics");
    assertThat(body.path("query").path("as_of").asText()).isEqualTo("2025-12-31");
    assertThat(body.path("query").path("from").asText()).isEqualTo("2024-01-01");
    List<PeriodMetrics> expected = metrics().compute(query);
    List<JsonNode> periods = list(body.path("periods"));
    assertThat(periods).hasSize(expected.size()).hasSize(24);
    for (int i = 0; i < periods.size(); i++) {
      Map<String, Object> fields = expected.get(i).fields();
      assertThat(periods.get(i).path("period").asText()).isEqualTo(fields.get("period"));
      assertThat(periods.get(i).path("customers_at_end").asLong()).isEqualTo(((Number) fields.get("customers_at_end")).longValue());
      assertThat(periods.get(i).path("lost").asLong()).isEqualTo(((Number) fields.get("lost")).longValue());
      assertThat(periods.get(i).path("mrr_end").asDouble()).isEqualTo(((Number) fields.get("mrr_end")).doubleValue());
    }
    assertThat(body.path("current_period").asText()).isEqualTo("2025-12");
    JsonNode churn = list(body.path("kpis")).stream().filter(kpi -> kpi.path("field").asText().equals("churn_rate")).findFirst().orElseThrow();
    double december = ((Number) expected.get(23).fields().get("churn_rate")).doubleValue();
    double november = ((Number) expected.get(22).fields().get("churn_rate")).doubleValue();
    assertThat(churn.path("value").asDouble()).isEqualTo(december);
    assertThat(churn.path("previous").asDouble()).isEqualTo(november);
    assertThat(churn.path("change").asDouble()).isCloseTo(december - november, within(1e-3));
    assertThat(churn.path("series")).hasSize(24);
    // counts stay whole numbers: 968, not 968.0
    JsonNode customers = list(body.path("kpis")).stream().filter(kpi -> kpi.path("field").asText().equals("customers_at_end")).findFirst().orElseThrow();
    assertThat(customers.path("value").isIntegralNumber()).as(customers.toString()).isTrue();
    assertThat(customers.path("value").asLong()).isEqualTo(((Number) expected.get(23).fields().get("customers_at_end")).longValue());
    assertThat(customers.path("change").isIntegralNumber()).isTrue();
    assertThat(customers.path("series").get(0).isIntegralNumber()).isTrue();
    assertThat(list(body.path("kpis"))).extracting(kpi -> kpi.path("field").asText())
        .contains("customers_at_end", "mrr_end", "net_revenue_retention", "revenue", "nps");
  }

  @Test
  void metrics_splitBySegmentAndFilteredBySegment() {
    JsonNode split = http.ok("/api/v1/metrics?by=plan&from=2025-01-01");
    Set<String> segments = new HashSet<>();
    split.path("periods").forEach(row -> segments.add(row.path("segment").asText()));
    assertThat(segments).contains("basic", "pro");
    assertThat(split.path("kpis")).isEmpty();

    JsonNode pro = http.ok("/api/v1/metrics?segment=plan%3Dpro&period=quarter");
    assertThat(pro.path("query").path("segments").get(0).asText()).isEqualTo("plan=pro");
    RetentionMetrics.Query proQuery = new RetentionMetrics.Query(Period.QUARTER, LocalDate.parse(pro.path("query").path("from").asText()),
        Companies.LAST_DAY, Companies.LAST_DAY, List.of(new RetentionMetrics.Segment("plan", "pro")), null, "USD");
    List<PeriodMetrics> expected = metrics().compute(proQuery);
    assertThat(pro.path("periods").get(expected.size() - 1).path("customers_at_end").asLong())
        .isEqualTo(expected.get(expected.size() - 1).customers().atEnd());
    // the filtered customers are named by their filter, not "all", on every route that names a segment
    pro.path("periods").forEach(row -> assertThat(row.path("segment").asText()).isEqualTo("plan=pro"));
    JsonNode all = http.ok("/api/v1/metrics?period=quarter");
    all.path("periods").forEach(row -> assertThat(row.path("segment").asText()).isEqualTo("all"));
    http.ok("/api/v1/cohorts?segment=plan%3Dpro").path("cohorts").forEach(row -> assertThat(row.path("segment").asText()).isEqualTo("plan=pro"));
    JsonNode survival = http.ok("/api/v1/survival?segment=plan%3Dpro&segment=channel%3Dorganic");
    assertThat(survival.path("segments")).hasSize(1);
    assertThat(survival.path("segments").get(0).path("segment").asText()).isEqualTo("plan=pro, channel=organic");
  }

  @Test
  void drillDown_listsTheCustomersBehindAFigure() {
    List<PeriodMetrics> expected = metrics().compute(query);
    PeriodMetrics march = expected.stream().filter(period -> period.label().equals("2025-03")).findFirst().orElseThrow();
    JsonNode lost = http.ok("/api/v1/metrics/customers?figure=lost&period=2025-03&limit=1000");
    assertThat(lost.path("customers")).hasSize((int) march.customers().lost());
    assertThat(lost.path("more").asBoolean()).isFalse();
    JsonNode churned = http.ok("/api/v1/metrics/customers?figure=churned&period=2025-03&limit=5");
    assertThat(churned.path("customers").size()).isLessThanOrEqualTo(5);
    assertThat(churned.path("customers")).as("the loop below checks something").isNotEmpty();
    double previous = Double.MAX_VALUE;
    for (JsonNode customer : churned.path("customers")) {
      assertThat(customer.path("movement").asText()).isEqualTo("churned");
      assertThat(Math.abs(customer.path("mrr_change").asDouble())).isLessThanOrEqualTo(previous);
      previous = Math.abs(customer.path("mrr_change").asDouble());
    }
    // every customer of a figure, page by page: the pages join up to the whole list, without repeats
    long atEnd = march.customers().atEnd();
    assertThat(atEnd).isGreaterThan(200);
    List<String> whole = list(http.ok("/api/v1/metrics/customers?figure=at_end&period=2025-03&limit=1000").path("customers")).stream()
        .map(customer -> customer.path("customer_id").asText()).toList();
    List<String> paged = new ArrayList<>();
    JsonNode page;
    int offset = 0;
    do {
      page = http.ok("/api/v1/metrics/customers?figure=at_end&period=2025-03&limit=100&offset=" + offset);
      assertThat(page.path("offset").asInt()).isEqualTo(offset);
      list(page.path("customers")).forEach(customer -> paged.add(customer.path("customer_id").asText()));
      offset += 100;
    } while (page.path("more").asBoolean());
    assertThat(paged).hasSize((int) atEnd).doesNotHaveDuplicates();
    assertThat(paged.subList(0, Math.min(whole.size(), paged.size()))).isEqualTo(whole.subList(0, Math.min(whole.size(), paged.size())));
    assertThat(http.ok("/api/v1/metrics/customers?figure=at_end&period=2025-03&offset=" + atEnd).path("customers")).isEmpty();
    assertProblem("/api/v1/metrics/customers?figure=at_end&period=2025-03&offset=-1", "offset", null);
    // a period before the default range widens it
    JsonNode early = http.ok("/api/v1/metrics/customers?figure=new&period=2024-01");
    assertThat(early.path("customers").size()).isPositive();
  }

  @Test
  void trends_giveSeriesAnalysisAndSentencesInTheLanguageAsked() {
    JsonNode body = http.ok("/api/v1/trends");
    List<JsonNode> series = list(body.path("metrics"));
    assertThat(series).extracting(metric -> metric.path("field").asText()).containsExactlyElementsOf(TrendsView.DEFAULT_FIELDS);
    JsonNode churn = series.get(0);
    assertThat(churn.path("labels")).hasSize(24);
    assertThat(churn.path("analysis").asText()).isEqualTo("done");
    assertThat(churn.path("trend").path("kind").asText()).isEqualTo("tested");
    assertThat(churn.path("trend").path("line")).hasSize(TrendsView.TREND_PERIODS);
    assertThat(churn.path("seasonality").path("kind").asText()).isIn("tested", "not_enough_history");
    assertThat(churn.path("sentences").get(0).asText()).isNotBlank();

    JsonNode russian = http.ok("/api/v1/trends?lang=ru&metric=churn_rate,nps");
    assertThat(russian.path("metrics")).hasSize(2);
    assertThat(russian.path("metrics").get(0).path("sentences").get(0).asText()).containsPattern("[а-яА-Я]");
    // each series says how its values read: a rate in percent, money, a count, or a score on its own scale
    assertThat(russian.path("metrics").get(0).path("unit").asText()).isEqualTo("percent");
    assertThat(russian.path("metrics").get(1).path("unit").asText()).isEqualTo("score");
    assertThat(russian.path("metrics").get(1).path("decimals").asInt()).isEqualTo(1);
    JsonNode money = http.ok("/api/v1/trends?metric=mrr_churned,lost_voluntary");
    assertThat(list(money.path("metrics"))).extracting(metric -> metric.path("unit").asText()).containsExactly("amount", "count");
  }

  @Test
  void aCachedAnswer_echoesTheLanguageOfEachRequest() {
    for (String path : List.of("/api/v1/metrics", "/api/v1/cohorts", "/api/v1/reasons", "/api/v1/survival", "/api/v1/clv")) {
      assertThat(http.ok(path + "?lang=en").path("query").path("lang").asText()).as(path).isEqualTo("en");
      assertThat(http.ok(path + "?lang=ru").path("query").path("lang").asText()).as(path).isEqualTo("ru");
    }
  }

  @Test
  void cohorts_andTheirMembers_matchTheStore() {
    JsonNode body = http.ok("/api/v1/cohorts?from=2025-01-01");
    RetentionMetrics.Query fromJanuary = new RetentionMetrics.Query(Period.MONTH, LocalDate.of(2025, 1, 1), Companies.LAST_DAY, Companies.LAST_DAY,
        List.of(), null, "USD");
    List<Cohorts.Cohort> expected = new Cohorts(metrics(), Messages.of(Locale.ENGLISH)).compute(fromJanuary);
    assertThat(body.path("cohorts")).hasSize(expected.size());
    JsonNode first = body.path("cohorts").get(0);
    assertThat(first.path("cohort").asText()).isEqualTo("2025-01");
    assertThat(first.path("size").asLong()).isEqualTo(expected.get(0).size());
    assertThat(first.path("cells").get(3).path("customers").asLong()).isEqualTo(expected.get(0).cells().get(3).customers());
    assertThat(first.path("cells").get(0).path("logo_retention").asDouble()).isBetween(0.0, 100.0);

    JsonNode members = http.ok("/api/v1/cohorts/customers?cohort=2025-01&age=3&from=2025-01-01&limit=1000");
    assertThat(members.path("customers")).hasSize((int) expected.get(0).cells().get(3).customers());
    JsonNode second = http.ok("/api/v1/cohorts/customers?cohort=2025-01&age=3&from=2025-01-01&limit=2&offset=2");
    assertThat(second.path("total").asLong()).isEqualTo(members.path("total").asLong());
    assertThat(list(second.path("customers")).stream().map(customer -> customer.path("customer_id").asText()).toList())
        .isEqualTo(list(members.path("customers")).subList(2, 4).stream().map(customer -> customer.path("customer_id").asText()).toList());
  }

  @Test
  void survival_curvesPerSegmentWithTheLogRankTest() {
    JsonNode body = http.ok("/api/v1/survival?by=plan&at=1,6,12");
    RetentionMetrics.Query all = new RetentionMetrics.Query(Period.MONTH, LocalDate.of(1900, 1, 1), Companies.LAST_DAY, Companies.LAST_DAY,
        List.of(), "plan", "USD");
    Map<String, Lifetimes.Sample> samples = new Lifetimes(metrics()).read(all);
    assertThat(body.path("segments")).hasSize(samples.size());
    long customers = 0;
    for (JsonNode segment : body.path("segments")) {
      customers += segment.path("customers").asLong();
      assertThat(segment.path("at")).hasSize(3);
      assertThat(segment.path("curve").get(0).path("retained_pct").asDouble()).isEqualTo(100.0);
      assertThat(segment.path("curve").size()).isLessThanOrEqualTo(SurvivalView.POINTS + 2);
    }
    assertThat(customers).isEqualTo(samples.values().stream().mapToLong(sample -> sample.days().length).sum());
    assertThat(body.path("log_rank").path("p_value").isNumber()).isTrue();
  }

  @Test
  void reasons_countEveryLostCustomerOnce() {
    JsonNode body = http.ok("/api/v1/reasons");
    long lost = metrics().compute(query).stream().mapToLong(period -> period.customers().lost()).sum();
    long counted = 0;
    for (JsonNode type : body.path("churn_types")) {
      counted += type.path("customers").asLong();
    }
    assertThat(counted).isEqualTo(lost);
    assertThat(body.path("cancellations").size()).isPositive();
  }

  @Test
  void clv_summarisesThePredictionsAndListsTheMostValuable() {
    JsonNode body = http.ok("/api/v1/clv");
    long predicted = TestStores.count(company.store(), "SELECT count(*) FROM clv_predictions");
    assertThat(body.path("predictions").path("customers").asLong()).isEqualTo(predicted);
    long binned = 0;
    for (JsonNode bin : body.path("histogram")) {
      binned += bin.path("customers").asLong();
    }
    assertThat(binned).isEqualTo(predicted);
    assertThat(body.path("top")).hasSize(ClvView.TOP);
    assertThat(body.path("top").get(0).path("clv").asDouble()).isGreaterThanOrEqualTo(body.path("top").get(1).path("clv").asDouble());
    assertThat(body.path("simple").path("period").asText()).isEqualTo("2025-12");
  }

  @Test
  void clv_ofASegment_summarisesBinsAndListsOnlyItsCustomers() {
    String joined = "FROM clv_predictions p JOIN customers c ON c.id = p.customer_id";
    String country = (String) TestStores.value(company.store(), "SELECT c.country " + joined + " GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1");
    long inSegment = TestStores.count(company.store(), "SELECT count(*) " + joined + " WHERE c.country = '" + country + "'");
    assertThat(inSegment).isPositive().isLessThan(TestStores.count(company.store(), "SELECT count(*) FROM clv_predictions"));
    JsonNode body = http.ok("/api/v1/clv?segment=country=" + country);
    assertThat(body.path("predictions").path("customers").asLong()).isEqualTo(inSegment);
    assertThat(body.path("predictions").path("total").asDouble()).isCloseTo(((Number) TestStores.value(company.store(),
        "SELECT sum(p.clv) " + joined + " WHERE c.country = '" + country + "'")).doubleValue(), within(0.01));
    long binned = 0;
    for (JsonNode bin : body.path("histogram")) {
      binned += bin.path("customers").asLong();
    }
    assertThat(binned).isEqualTo(inSegment);
    assertThat(body.path("top")).isNotEmpty();
    for (JsonNode customer : body.path("top")) {
      assertThat(TestStores.value(company.store(), "SELECT country FROM customers WHERE id = '" + customer.path("customer_id").asText() + "'"))
          .isEqualTo(country);
    }
  }

  @Test
  void clv_ofASegmentWithoutPredictions_saysThereAreSomeElsewhere() {
    // subscribers are valued by their MRR, so a plan holds no purchase predictions
    Object plan = TestStores.value(company.store(), "SELECT c.plan FROM customers c LEFT JOIN clv_predictions p ON p.customer_id = c.id"
        + " WHERE c.plan IS NOT NULL GROUP BY 1 HAVING count(p.customer_id) = 0 ORDER BY 1 LIMIT 1");
    assertThat(plan).as("a plan whose customers have no predicted value").isNotNull();
    JsonNode body = http.ok("/api/v1/clv?segment=plan=" + plan);
    assertThat(body.path("predictions").isNull()).isTrue();
    assertThat(body.path("predicted_in_store").asBoolean()).isTrue();
    assertThat(http.ok("/api/v1/clv").path("predicted_in_store").asBoolean()).isTrue();
    assertThat(unscored.ok("/api/v1/clv").path("predicted_in_store").asBoolean()).isFalse();
  }

  @Test
  void atRisk_ordersFiltersAndExplains() {
    JsonNode body = http.ok("/api/v1/at-risk?limit=10");
    long scored = TestStores.count(company.store(), "SELECT count(*) FROM churn_scores WHERE as_of = DATE '2025-12-31'");
    assertThat(body.path("scored").asBoolean()).isTrue();
    assertThat(body.path("as_of").asText()).isEqualTo("2025-12-31");
    assertThat(body.path("total").asLong()).isEqualTo(scored);
    assertThat(body.path("revenue_at_risk").asDouble()).isCloseTo(
        ((Number) TestStores.value(company.store(), "SELECT sum(revenue_at_risk) FROM churn_scores WHERE as_of = DATE '2025-12-31'")).doubleValue(),
        within(0.01));
    List<JsonNode> customers = list(body.path("customers"));
    assertThat(customers).hasSize(10);
    for (int i = 1; i < customers.size(); i++) {
      assertThat(customers.get(i).path("revenue_at_risk").asDouble()).isLessThanOrEqualTo(customers.get(i - 1).path("revenue_at_risk").asDouble());
    }
    JsonNode reasons = customers.get(0).path("reasons");
    // the phrases of the core's bundle, as `holdfast score` writes them (reason.event_down, reason.open_tickets)
    assertThat(reasons.get(0).path("text").asText()).isEqualTo("login events down 62 % on the previous 4 weeks");
    assertThat(reasons.get(1).path("text").asText()).isEqualTo("3 open tickets, the oldest 5 days old");

    JsonNode russian = http.ok("/api/v1/at-risk?limit=1&lang=ru");
    assertThat(russian.path("customers").get(0).path("reasons").get(0).path("text").asText()).isEqualTo("событий login на 62 % меньше, чем за предыдущие 4 нед.");
    assertThat(russian.path("customers").get(0).path("reasons").get(1).path("text").asText()).isEqualTo("открытых обращений: 3, самому старому 5 дн.");

    JsonNode healthiestLast = http.ok("/api/v1/at-risk?sort=health&limit=5");
    assertThat(healthiestLast.path("order").asText()).isEqualTo("asc");
    assertThat(healthiestLast.path("customers").get(0).path("health").asDouble())
        .isLessThanOrEqualTo(healthiestLast.path("customers").get(4).path("health").asDouble());

    String owner = (String) TestStores.value(company.store(), "SELECT min(owner) FROM customers");
    JsonNode ownerList = http.ok("/api/v1/at-risk?limit=500&owner=" + java.net.URLEncoder.encode(owner, java.nio.charset.StandardCharsets.UTF_8)
        + "&segment=plan%3Dpro");
    assertThat(ownerList.path("customers").size()).isPositive();
    ownerList.path("customers").forEach(row -> {
      assertThat(row.path("owner").asText()).isEqualTo(owner);
      assertThat(row.path("plan").asText()).isEqualTo("pro");
    });
    assertThat(ownerList.path("total").asLong()).isLessThan(scored);

    // the plan is the one stored with the score (the subscription running on the scoring day), as on the command line;
    // the simulated upgrades and downgrades make it differ from the sign-up plan for some customers
    String day = "s.as_of = DATE '2025-12-31'";
    assertThat(TestStores.count(company.store(), "SELECT count(*) FROM churn_scores s JOIN customers c ON c.id = s.customer_id WHERE "
        + day + " AND s.plan <> c.plan")).isPositive();
    long onPro = TestStores.count(company.store(), "SELECT count(*) FROM churn_scores s JOIN customers c ON c.id = s.customer_id WHERE "
        + day + " AND coalesce(s.plan, c.plan) = 'pro'");
    assertThat(http.ok("/api/v1/at-risk?limit=1&segment=plan%3Dpro").path("total").asLong()).isEqualTo(onPro);
  }

  @Test
  void customer_showsThePlanOfTheRunningSubscription_notTheOneAtSignUp() {
    Object id = TestStores.value(company.store(), "SELECT c.id FROM customers c JOIN subscriptions s ON s.customer_id = c.id"
        + " WHERE s.started <= DATE '2025-12-31' AND (s.ended IS NULL OR s.ended > DATE '2025-12-31') AND s.plan <> c.plan ORDER BY 1 LIMIT 1");
    assertThat(id).as("a customer who changed plan").isNotNull();
    Object plan = TestStores.value(company.store(), "SELECT s.plan FROM subscriptions s WHERE s.customer_id = '" + id + "'"
        + " AND s.started <= DATE '2025-12-31' AND (s.ended IS NULL OR s.ended > DATE '2025-12-31') ORDER BY s.mrr DESC LIMIT 1");
    JsonNode body = http.ok("/api/v1/customers/" + id);
    assertThat(body.path("state").path("as_of").asText()).isEqualTo("2025-12-31");
    assertThat(body.path("state").path("plan").asText()).isEqualTo(plan).isNotEqualTo(body.path("customer").path("plan").asText());
  }

  @Test
  void model_givesTheChosenModelsEvaluation() {
    JsonNode model = http.ok("/api/v1/model").path("model");
    assertThat(model.path("id").asText()).isEqualTo("xgb-2025-12-31");
    assertThat(model.path("evaluation").path("auc").asDouble()).isEqualTo(0.84);
    assertThat(model.path("evaluation").path("calibration")).hasSize(5);
    assertThat(model.path("evaluation").path("health_backtest").path("lift").asDouble()).isEqualTo(2.1);
  }

  @Test
  void customer_givesEveryRecordAndTheRiskHistory() {
    String id = http.ok("/api/v1/at-risk?limit=1").path("customers").get(0).path("customer_id").asText();
    JsonNode body = http.ok("/api/v1/customers/" + id);
    assertThat(body.path("customer").path("id").asText()).isEqualTo(id);
    assertThat(body.path("scores")).hasSize(2);
    assertThat(body.path("scores").get(1).path("as_of").asText()).isEqualTo("2025-12-31");
    assertThat(body.path("scores").get(1).path("reasons").get(0).path("text").asText()).isEqualTo("login events down 62 % on the previous 4 weeks");
    // the health score's parts keep their feature as "signal" and are named in words of the language; an unknown one by itself
    assertThat(body.path("scores").get(1).path("health_components")).extracting(part -> part.path("signal").asText() + "=" + part.path("name").asText())
        .containsExactlyInAnyOrder("logins=logins", "nps=last NPS");
    // a part without a value (no NPS answer by the day) has no points either: it is not counted, not worth 0
    JsonNode nps = body.path("scores").get(1).path("health_components").get(1);
    assertThat(nps.path("value").isNull()).isTrue();
    assertThat(nps.path("points").isNull()).as(nps.toString()).isTrue();
    assertThat(nps.path("max_points").asDouble()).isEqualTo(15);
    assertThat(body.path("scores").get(0).path("health_components").get(1).path("points").asDouble()).isEqualTo(10);
    assertThat(http.ok("/api/v1/customers/" + id + "?lang=ru").path("scores").get(1).path("health_components"))
        .extracting(part -> part.path("name").asText()).contains("последний NPS");
    long events = TestStores.count(company.store(), "SELECT count(*) FROM events WHERE customer_id = '" + id + "'");
    long counted = 0;
    for (Map.Entry<String, JsonNode> type : body.path("activity").path("types").properties()) {
      for (JsonNode week : type.getValue()) {
        counted += week.asLong();
      }
    }
    assertThat(counted).isEqualTo(events);
    // every week from the sign-up's to the as-of date's, the quiet ones at the end too
    List<String> weeks = new java.util.ArrayList<>();
    body.path("activity").path("weeks").forEach(week -> weeks.add(week.asText()));
    LocalDate asOf = LocalDate.parse(body.path("state").path("as_of").asText());
    LocalDate created = LocalDate.parse(body.path("customer").path("created").asText().substring(0, 10));
    assertThat(weeks.get(weeks.size() - 1)).isEqualTo(asOf.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY)).toString());
    assertThat(LocalDate.parse(weeks.get(0))).isBeforeOrEqualTo(created).isAfter(created.minusDays(7));
    for (int i = 1; i < weeks.size(); i++) {
      assertThat(LocalDate.parse(weeks.get(i))).isEqualTo(LocalDate.parse(weeks.get(i - 1)).plusWeeks(1));
    }
    assertThat(body.has("subscriptions") && body.has("orders") && body.has("tickets") && body.has("surveys") && body.has("clv")).isTrue();

    // the page of a customer the store does not hold is the customer page (it says so) with the status 404
    Http.Answer page = http.get("/customers/nobody-here");
    assertThat(page.status()).isEqualTo(404);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.text()).contains("<body data-page=\"customer\">", "nobody-here");
    assertThat(http.get("/customers/" + id).status()).isEqualTo(200);

    Http.Answer missing = http.get("/api/v1/customers/nobody-here");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.contentType()).startsWith("application/problem+json");
    assertThat(missing.json().path("detail").asText()).isEqualTo("There is no customer \"nobody-here\" in this store.");
  }

  @Test
  void segments_listTheAttributesAndTheirValues() {
    JsonNode body = http.ok("/api/v1/segments");
    List<String> names = list(body.path("attributes")).stream().map(attribute -> attribute.path("name").asText()).toList();
    assertThat(names).contains("plan", "country", "channel", "owner", "industry");
  }

  @Test
  void badParameters_areProblemsNamingTheField() {
    assertProblem("/api/v1/metrics?period=fortnight", "period", "\"fortnight\" is not a period length; use one of day, week, month, quarter, year");
    assertProblem("/api/v1/metrics?from=2025-13-01", "from", "\"2025-13-01\" is not a date; write YYYY-MM-DD");
    assertProblem("/api/v1/metrics?peroid=month", "peroid", "\"peroid\" is not a parameter here; known: as_of, by, currency, from, lang, period, segment, to");
    assertProblem("/api/v1/metrics?segment=plan", "segment", "\"plan\" is not attribute=value; write e.g. segment=plan=pro");
    assertProblem("/api/v1/metrics?segment=colour%3Dred", "segment",
        "no customer has an attribute \"colour\"; known attributes: age_band, channel, company_size, country, industry, newsletter, owner, plan");
    assertProblem("/api/v1/metrics?from=2025-06-01&to=2025-01-01", "from", "from 2025-06-01 is after to 2025-01-01; give the earlier date first");
    assertProblem("/api/v1/metrics?period=day&from=2020-01-01", "period",
        "2,192 periods of a day are too many to show; choose a longer period or a shorter range (at most 1,000)");
    assertProblem("/api/v1/metrics/customers?figure=bogus&period=2025-03", "figure", null);
    assertProblem("/api/v1/metrics/customers?figure=lost", "period", "period is required");
    assertProblem("/api/v1/metrics/customers?figure=lost&period=2025-13", "period", null);
    assertProblem("/api/v1/metrics/customers?figure=lost&period=2026-05", "period", null);
    assertProblem("/api/v1/metrics/customers?figure=lost&period=1999-01", "period", "1999-01 ends before the data begin (2024-01-01): it has no customers");
    // with a range that holds the period, as /metrics lists it: an empty list, not a problem
    assertThat(http.ok("/api/v1/metrics/customers?figure=lost&period=2023-12&from=2023-01-01").path("customers")).isEmpty();
    assertProblem("/api/v1/cohorts/customers?cohort=2025-11&age=5", "age", "age 5 is not followed for cohort 2025-11; use an age from 0 to 1");
    assertProblem("/api/v1/cohorts?from=0001-01-01&to=0001-12-31", "from", "cohorts from 0001-01-01 are followed up to the as-of date 2025-12-31:"
        + " 24,300 periods of a month, too many to show; choose a later from, a longer period or an earlier as_of (at most 1,000 periods)");
    // days to come are not known: the figures would carry the last day on (a day after the data but not after today is fine)
    java.time.LocalDate today = java.time.LocalDate.now(Companies.CLOCK);
    assertProblem("/api/v1/metrics?as_of=2099-01-01", "as_of", "2099-01-01 is after today (" + today + "): nothing is known of days to come;"
        + " give today or an earlier day");
    assertProblem("/api/v1/at-risk?limit=0", "limit", "0 is out of range; give a number from 1 to 500");
    assertProblem("/api/v1/at-risk?sort=name", "sort", "\"name\" is not one of revenue_at_risk, probability, health");
    assertProblem("/api/v1/survival?at=soon", "at", "\"soon\" is not a number");
    // every customer is retained at 0 months, as the CLI's --at says
    assertProblem("/api/v1/survival?at=6,0", "at", "0 is out of range; give a number above 0, up to 1,200");
    assertProblem("/api/v1/trends?metric=happiness", "metric", null);
    assertProblem("/api/v1/model?lang=de", "lang", "\"de\" is not a language of Holdfast; use one of en, ru");

    Http.Answer russian = http.get("/api/v1/metrics?period=fortnight&lang=ru");
    assertThat(russian.json().path("title").asText()).isEqualTo("Неверные параметры запроса");

    // an as-of date before 1900 is no problem of the from the request never gave: the curves are empty
    JsonNode early = http.ok("/api/v1/survival?as_of=0001-01-01");
    assertThat(early.path("query").path("as_of").asText()).isEqualTo("0001-01-01");
    assertThat(http.ok("/api/v1/survival?as_of=1850-01-01&to=2000-01-01").path("query").path("from").asText()).isEqualTo("0001-01-01");
    assertThat(http.ok("/api/v1/survival?to=1899-12-31").path("query").path("from").asText()).isEqualTo("0001-01-01");
    // the cohorts of a range that was not given name the period, not a from the request never sent
    assertProblem("/api/v1/cohorts?period=day&to=2023-01-31", "period", null);

    Http.Answer nowhere = http.get("/api/v1/nothing");
    assertThat(nowhere.status()).isEqualTo(404);
    assertThat(nowhere.json().path("title").asText()).isEqualTo("Not found");
  }

  @Test
  void otherMethods_are405WithTheAllowedOnes_andHeadAnswersAsGetDoes() {
    for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
      Http.Answer answer = http.send(method, "/api/v1/metrics");
      assertThat(answer.status()).as(method).isEqualTo(405);
      assertThat(answer.allow()).as(method).isEqualTo("GET, HEAD");
      assertThat(answer.contentType()).as(method).startsWith("application/problem+json");
      assertThat(answer.json().path("detail").asText()).isEqualTo(method + " is not allowed on /api/v1/metrics: it is read with GET (or HEAD).");
    }
    Http.Answer russian = http.send("POST", "/api/openapi.json?lang=ru");
    assertThat(russian.status()).isEqualTo(405);
    assertThat(russian.json().path("title").asText()).isEqualTo("Метод не разрешён");
    Http.Answer page = http.send("DELETE", "/at-risk");
    assertThat(page.status()).isEqualTo(405);
    assertThat(page.allow()).isEqualTo("GET, HEAD");
    // a path that does not exist stays 404, whatever the method
    assertThat(http.send("POST", "/api/v1/nothing").status()).isEqualTo(404);

    Http.Answer head = http.send("HEAD", "/api/v1/metrics");
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.contentType()).startsWith("application/json");
    assertThat(head.text()).isEmpty();
    assertThat(http.send("HEAD", "/api/v1/metrics?period=fortnight").status()).isEqualTo(400);
    assertThat(http.send("HEAD", "/api/v1/customers/nobody-here").status()).isEqualTo(404);
    assertThat(http.send("HEAD", "/at-risk").contentType()).startsWith("text/html");
  }

  private static void assertProblem(String path, String field, String message) {
    Http.Answer answer = http.get(path);
    assertThat(answer.status()).as(path).isEqualTo(400);
    assertThat(answer.contentType()).as(path).startsWith("application/problem+json");
    JsonNode problem = answer.json();
    assertThat(problem.path("title").asText()).isEqualTo("Bad request parameters");
    assertThat(problem.path("status").asInt()).isEqualTo(400);
    assertThat(problem.path("instance").asText()).isEqualTo(path.substring(0, path.indexOf('?') < 0 ? path.length() : path.indexOf('?')));
    JsonNode error = list(problem.path("errors")).stream().filter(item -> item.path("field").asText().equals(field)).findFirst()
        .orElseThrow(() -> new AssertionError(path + " has no error for " + field + ": " + problem));
    if (message != null) {
      assertThat(error.path("message").asText()).as(path).isEqualTo(message);
    }
    assertThat(problem.path("detail").asText()).contains(field + ": ");
  }

  @Test
  void openApi_describesEveryRouteAndEachAnswers() {
    JsonNode document = http.ok(OpenApi.PATH);
    assertThat(document.path("openapi").asText()).startsWith("3.");
    List<String> paths = new ArrayList<>();
    document.path("paths").fieldNames().forEachRemaining(paths::add);
    assertThat(paths).containsExactlyInAnyOrder("/metrics", "/metrics/customers", "/trends", "/reasons", "/cohorts", "/cohorts/customers",
        "/survival", "/clv", "/at-risk", "/model", "/customers/{id}", "/segments");
    Map<String, String> examples = Map.of("/metrics/customers", "?figure=new&period=2025-06", "/cohorts/customers", "?cohort=2025-06&age=1",
        "/customers/{id}", "");
    String customer = http.ok("/api/v1/at-risk?limit=1").path("customers").get(0).path("customer_id").asText();
    for (String path : paths) {
      JsonNode get = document.path("paths").path(path).path("get");
      assertThat(get.path("operationId").asText()).isNotBlank();
      assertThat(get.path("responses").has("200") && get.path("responses").has("400")).isTrue();
      http.ok("/api/v1" + path.replace("{id}", customer) + examples.getOrDefault(path, ""));
    }
    assertThat(document.path("components").path("schemas").path("Problem").path("properties").has("errors")).isTrue();
    // the months of the survival curves are several numbers, as the server reads them
    JsonNode at = list(document.path("paths").path("/survival").path("get").path("parameters")).stream()
        .filter(parameter -> parameter.path("name").asText().equals("at")).findFirst().orElseThrow();
    assertThat(at.path("schema").path("type").asText()).isEqualTo("array");
    assertThat(at.path("schema").path("items").path("type").asText()).isEqualTo("number");
    assertThat(list(http.ok("/api/v1/survival?at=6&at=12").path("segments").get(0).path("at"))).hasSize(2);
  }

  @Test
  void answers_areKeptPerDataVersion() {
    JsonNode before = http.ok("/api/v1/at-risk?limit=1");
    assertThat(http.ok("/api/v1/at-risk?limit=1")).isEqualTo(before);
    TestStores.execute(company.store(), "INSERT INTO churn_scores SELECT 'C-new', DATE '2025-12-31', 'xgb-2025-12-31', 0.99, 1, 'poor', 1000000, 'mrr',"
        + " 990000, '[]', '{}', now(), FALSE, NULL");
    try {
      JsonNode after = http.ok("/api/v1/at-risk?limit=1");
      assertThat(after.path("customers").get(0).path("customer_id").asText()).isEqualTo("C-new");
      assertThat(after.path("total").asLong()).isEqualTo(before.path("total").asLong() + 1);
    } finally {
      TestStores.execute(company.store(), "DELETE FROM churn_scores WHERE customer_id = 'C-new'");
    }
  }

  @Test
  void anUnscoredStore_saysSoInsteadOfFailing() {
    JsonNode risk = unscored.ok("/api/v1/at-risk");
    assertThat(risk.path("scored").asBoolean()).isFalse();
    assertThat(risk.path("customers")).isEmpty();
    assertThat(unscored.ok("/api/v1/model").path("model").isNull()).isTrue();
    JsonNode clv = unscored.ok("/api/v1/clv");
    assertThat(clv.path("predictions").isNull()).isTrue();
    assertThat(clv.path("top")).isEmpty();
    String id = (String) TestStores.value(Companies.unscored().store(), "SELECT min(id) FROM customers");
    JsonNode customer = unscored.ok("/api/v1/customers/" + id);
    assertThat(customer.path("scores")).isEmpty();
    assertThat(customer.path("clv").isNull()).isTrue();
  }

  @Test
  void pages_areServedWithTheirScriptsAndNoOutsideSources() {
    for (Pages.Page page : Pages.NAVIGATION) {
      Http.Answer answer = http.get(page.path());
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.contentType()).startsWith("text/html").containsIgnoringCase("charset=utf-8");
      assertThat(answer.text()).contains("/assets/holdfast.js", Assets.echartsPath(), "id=\"hf-boot\"").doesNotContain("http://", "https://");
    }
    assertThat(http.get("/?lang=ru").text()).contains("<html lang=\"ru\">", "Обзор");
    assertThat(http.get(Assets.echartsPath()).status()).isEqualTo(200);
    assertThat(http.get("/assets/holdfast.css").status()).isEqualTo(200);
    assertThat(http.get("/no/such/page").status()).isEqualTo(404);
  }
}
