package dev.holdfast.app;

import static dev.holdfast.app.CliTest.holdfast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.TestStores;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** holdfast clv on the CDNOW sample, imported as a user would, against the papers' published estimates. */
class ClvCliTest {
  @TempDir Path folder;

  @Test
  void fitReport_onTheCdnowSample_givesThePublishedParametersAndTheHoldout() throws IOException {
    Path sample = dev.holdfast.store.ingest.ExampleMappingsTest.dataFile("cdnow/CDNOW_sample.txt");
    String store = folder.resolve("cdnow.duckdb").toString();
    Path mapping = dev.holdfast.store.ingest.ExampleMappingsTest.repositoryRoot().resolve("examples/mappings/cdnow/sample.yaml");
    CliTest.Run imported = holdfast("import", "--store", store, "--mapping", mapping.toString(), sample.toString());
    assertThat(imported.exit()).as(imported.err()).isZero();

    CliTest.Run run = holdfast("clv", "--store", store, "--fit-report", "--calibration-end", "1997-09-30", "--format", "json");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(run.out());
    JsonNode bgnbd = report.get("bg_nbd");
    // Fader, Hardie & Lee (2005): r 0.243, alpha 4.414, a 0.793, b 2.426, log-likelihood -9,582.4
    assertThat(bgnbd.get("r").get("estimate").asDouble()).isCloseTo(0.243, within(0.0005));
    assertThat(bgnbd.get("alpha").get("estimate").asDouble()).isCloseTo(4.414, within(0.0005));
    assertThat(bgnbd.get("a").get("estimate").asDouble()).isCloseTo(0.793, within(0.0005));
    assertThat(bgnbd.get("b").get("estimate").asDouble()).isCloseTo(2.426, within(0.0005));
    assertThat(bgnbd.get("log_likelihood").asDouble()).isCloseTo(-9582.4, within(0.05));
    // Fader & Hardie (2013) on the 946 repeat buyers: p 6.25, q 3.74, gamma 15.44
    JsonNode gg = report.get("gamma_gamma");
    assertThat(report.get("repeat_buyers").asLong()).isEqualTo(946);
    assertThat(gg.get("p").get("estimate").asDouble()).isCloseTo(6.25, within(0.005));
    assertThat(gg.get("q").get("estimate").asDouble()).isCloseTo(3.74, within(0.005));
    assertThat(gg.get("gamma").get("estimate").asDouble()).isCloseTo(15.44, within(0.005));
    JsonNode total = report.get("holdout").get(8);
    assertThat(total.get("frequency").asText()).isEqualTo("total");
    assertThat(total.get("customers").asLong()).isEqualTo(2357);
    assertThat(total.get("actual").asLong()).isEqualTo(1882);
    // as CSV, standard output holds the two tables only (a blank line between them), the sentences go to standard error
    CliTest.Run csv = holdfast("clv", "--store", store, "--fit-report", "--calibration-end", "1997-09-30", "--format", "csv");
    assertThat(csv.exit()).as(csv.err()).isZero();
    String[] tables = csv.out().split("\n\n");
    assertThat(tables).hasSize(2);
    assertThat(tables[0]).startsWith("model,parameter,estimate,std_error,lower_95,upper_95\nBG/NBD,r,0.2426,");
    assertThat(tables[1]).startsWith("frequency,customers,actual,predicted,actual_mean,predicted_mean\n");
    assertThat(csv.err()).contains("BG/NBD and Gamma-Gamma fitted on the purchases up to 1997-09-30", "BG/NBD log-likelihood -9,582.4");
    // iterations counted in the reader's language: «за 21 итерацию», «за 22 итерации», «за 25 итераций»
    int iterations = bgnbd.path("iterations").asInt();
    CliTest.Run russian = holdfast("clv", "--store", store, "--fit-report", "--calibration-end", "1997-09-30", "--lang", "ru");
    String word = iterations % 10 == 1 && iterations % 100 != 11 ? "итерацию"
        : iterations % 10 >= 2 && iterations % 10 <= 4 && (iterations % 100 < 12 || iterations % 100 > 14) ? "итерации" : "итераций";
    assertThat(iterations).isPositive();
    assertThat(russian.out() + russian.err()).contains("за " + iterations + " " + word + ":");

    CliTest.Run customers = holdfast("clv", "--store", store, "--calibration-end", "1997-09-30", "--format", "csv", "--limit", "3");
    assertThat(customers.exit()).as(customers.err()).isZero();
    assertThat(customers.out().lines().toList()).hasSize(4).first()
        .isEqualTo("customer_id,frequency,recency_weeks,age_weeks,p_alive,expected_purchases,expected_value,clv,rfm_segment");
    String top = customers.out().lines().skip(1).findFirst().orElseThrow();
    try (DuckDbStore opened = DuckDbStore.open(Path.of(store), ZoneId.of("UTC"))) {
      // every customer's prediction is kept for the at-risk list, the table's first row among them
      assertThat(TestStores.count(opened, "SELECT count(*) FROM clv_predictions WHERE model = 'bg-nbd+gamma-gamma'"
          + " AND as_of = DATE '1997-09-30' AND currency = 'USD' AND horizon_months = 12 AND discount_rate = 0.1")).isEqualTo(2357);
      assertThat(TestStores.count(opened, "SELECT count(*) FROM clv_predictions WHERE p_alive < 0 OR p_alive > 1 OR clv < 0")).isZero();
      String[] cells = top.split(",");
      assertThat(TestStores.rows(opened, "SELECT customer_id, round(clv, 2) FROM clv_predictions ORDER BY clv DESC LIMIT 1"))
          .containsExactly(cells[0] + "|" + cells[7]);
    }
    CliTest.Run again = holdfast("clv", "--store", store, "--no-save", "--horizon", "24", "--format", "csv", "--limit", "1");
    assertThat(again.exit()).as(again.err()).isZero();
    try (DuckDbStore opened = DuckDbStore.open(Path.of(store), ZoneId.of("UTC"))) {
      assertThat(TestStores.count(opened, "SELECT count(*) FROM clv_predictions WHERE horizon_months = 12")).isEqualTo(2357);
    }
  }

  @Test
  void aRepeatBuyerWhoSpentNothing_isLeftOutOfTheSpendFit_andValuedAtTheAverage() throws IOException {
    // the full CDNOW file has one such customer (a $0 repeat purchase); here one of the sample's is made so
    Path sample = dev.holdfast.store.ingest.ExampleMappingsTest.dataFile("cdnow/CDNOW_sample.txt");
    String store = folder.resolve("free.duckdb").toString();
    Path mapping = dev.holdfast.store.ingest.ExampleMappingsTest.repositoryRoot().resolve("examples/mappings/cdnow/sample.yaml");
    assertThat(holdfast("import", "--store", store, "--mapping", mapping.toString(), sample.toString()).exit()).isZero();
    String free;
    try (DuckDbStore opened = DuckDbStore.open(Path.of(store), ZoneId.of("UTC"))) {
      // a customer with exactly two orders before the calibration end: the second, their only repeat, becomes free
      free = (String) TestStores.value(opened, "SELECT min(customer_id) FROM (SELECT customer_id FROM orders WHERE ordered_at < TIMESTAMPTZ"
          + " '1997-10-01 00:00:00+00' GROUP BY 1 HAVING count(DISTINCT CAST(ordered_at AS DATE)) = 2 AND count(*) = 2)");
      TestStores.execute(opened, "UPDATE orders SET amount = 0 WHERE customer_id = '" + free + "' AND ordered_at = (SELECT max(ordered_at)"
          + " FROM orders WHERE customer_id = '" + free + "' AND ordered_at < TIMESTAMPTZ '1997-10-01 00:00:00+00')");
    }
    CliTest.Run report = holdfast("clv", "--store", store, "--fit-report", "--calibration-end", "1997-09-30", "--format", "json");
    assertThat(report.exit()).as(report.err()).isZero();
    assertThat(report.err()).contains("note: 1 repeat buyer spent nothing net on their repeat purchases (for example " + free + ")");
    JsonNode gg = new ObjectMapper().readTree(report.out()).get("gamma_gamma");
    double average = gg.get("p").get("estimate").asDouble() * gg.get("gamma").get("estimate").asDouble() / (gg.get("q").get("estimate").asDouble() - 1);
    CliTest.Run values = holdfast("clv", "--store", store, "--calibration-end", "1997-09-30", "--format", "json", "--limit", "3000");
    assertThat(values.exit()).as(values.err()).isZero();
    JsonNode customer = null;
    for (JsonNode row : new ObjectMapper().readTree(values.out())) {
      if (row.get("customer_id").asText().equals(free)) {
        customer = row;
      }
    }
    assertThat(customer).as("customer %s among the predictions", free).isNotNull();
    assertThat(customer.get("frequency").asInt()).isEqualTo(1);
    assertThat(customer.get("expected_value").asDouble()).isCloseTo(average, within(0.02));
    // and a calibration end after the data is named as such, not as a holdout end the user never gave
    assertThat(holdfast("clv", "--store", store, "--calibration-end", "1999-01-01").err())
        .isEqualTo("error: --calibration-end 1999-01-01 is after the last day with data (1998-06-30); give that day or an earlier one\n");
  }

  @Test
  void storeWithoutOrders_isExplained() {
    DuckDbStore.open(folder.resolve("empty.duckdb"), ZoneId.of("UTC")).close();
    CliTest.Run run = holdfast("clv", "--store", folder.resolve("empty.duckdb").toString(), "--calibration-end", "2025-01-31");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("error: no customer has a completed order in USD up to 2025-01-31; import orders first"
        + " (holdfast import --kind orders) or check --currency\n");
  }

  @Test
  void limitsInSymbols_takeTheReadersWordAndDecimalSeparator() {
    String limit = "α, β → ∞ with α/(α+β) = 0.06490";
    assertThat(ClvCommand.limit(limit, dev.holdfast.i18n.Messages.of(java.util.Locale.forLanguageTag("ru")))).isEqualTo("α, β → ∞ при α/(α+β) = 0,06490");
    assertThat(ClvCommand.limit(limit, dev.holdfast.i18n.Messages.of(java.util.Locale.ENGLISH))).isEqualTo(limit);
  }

  @Test
  void horizonOrDiscountOutOfRange_isRefusedBeforeTheFit_notWithAStackTrace() {
    String store = folder.resolve("empty.duckdb").toString();
    DuckDbStore.open(Path.of(store), ZoneId.of("UTC")).close();
    CliTest.Run horizon = holdfast("clv", "--store", store, "--horizon", "0");
    assertThat(horizon.exit()).isEqualTo(1);
    assertThat(horizon.err()).isEqualTo("error: --horizon is 1 to 1200 months, not 0\n");
    CliTest.Run discount = holdfast("clv", "--store", store, "--discount", "-1");
    assertThat(discount.exit()).isEqualTo(1);
    assertThat(discount.err()).isEqualTo("error: --discount is a yearly rate as a fraction from 0 (such as 0.1 for 10 %), not -1\n");
    CliTest.Run russian = holdfast("clv", "--store", store, "--horizon", "1500", "--lang", "ru");
    assertThat(russian.err()).isEqualTo("ошибка: --horizon — от 1 до 1200 месяцев, а не 1500\n");
    for (String limit : new String[] {"0", "-1"}) {
      CliTest.Run none = holdfast("clv", "--store", store, "--limit", limit);
      assertThat(none.exit()).isEqualTo(1);
      assertThat(none.err()).isEqualTo("error: --limit is at least 1, not " + limit + "\n");
    }
  }
}
