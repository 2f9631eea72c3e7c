package dev.holdfast.app;

import static dev.holdfast.app.CliTest.holdfast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.TestStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.hipparchus.random.RandomDataGenerator;
import org.hipparchus.random.Well19937c;
import org.hipparchus.special.Beta;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * holdfast retention-forecast on subscribers drawn from a shifted-beta-geometric model with known parameters,
 * imported as a user would: the cohort counts equal the drawn lifetimes, the fit recovers the parameters within
 * its intervals, the projection is the closed form and the saved subscriber values follow the documented formula.
 */
class RetentionForecastCliTest {
  private static final double ALPHA = 0.7;
  private static final double BETA = 2.5;
  private static final int BIG = 20_000;
  private static final LocalDate AS_OF = LocalDate.parse("2024-12-31");

  @TempDir Path folder;
  private String store;
  private final List<Integer> lifetimes = new ArrayList<>();

  @BeforeEach
  void importDrawnSubscribers() throws IOException {
    RandomDataGenerator random = RandomDataGenerator.of(new Well19937c(20071));
    StringBuilder customers = new StringBuilder("id,created\n");
    StringBuilder subscriptions = new StringBuilder("id,customer_id,plan,mrr,currency,billing_period,started,ended,cancel_reason,churn_type\n");
    // a large cohort starting on 1 January 2023 and a small one on 1 June 2023 (too small to fit)
    for (int i = 0; i < BIG + 20; i++) {
      LocalDate start = i < BIG ? LocalDate.parse("2023-01-01") : LocalDate.parse("2023-06-01");
      double theta = random.nextBeta(ALPHA, BETA);
      int periods = 1;
      while (random.nextDouble() >= theta) {
        periods++;
      }
      if (i < BIG) {
        lifetimes.add(periods);
      }
      LocalDate end = start.plusMonths(periods);
      String id = "C" + i;
      customers.append(id).append(',').append(start).append('\n');
      subscriptions.append(id).append(":1,").append(id).append(",pro,50,USD,month,").append(start).append(',')
          .append(end.isAfter(AS_OF) ? "" : end.toString()).append(",,\n");
    }
    Path customerFile = Files.writeString(folder.resolve("customers.csv"), customers);
    Path subscriptionFile = Files.writeString(folder.resolve("subscriptions.csv"), subscriptions);
    store = folder.resolve("sbg.duckdb").toString();
    CliTest.Run customerImport = holdfast("import", "--store", store, "--kind", "customers", customerFile.toString());
    assertThat(customerImport.exit()).as(customerImport.err()).isZero();
    CliTest.Run subscriptionImport = holdfast("import", "--store", store, "--kind", "subscriptions", subscriptionFile.toString());
    assertThat(subscriptionImport.exit()).as(subscriptionImport.err()).isZero();
  }

  @Test
  void drawnCohort_countsAreTheLifetimes_andTheFitRecoversTheParameters() throws IOException {
    CliTest.Run run = holdfast("retention-forecast", "--store", store, "--as-of", AS_OF.toString(), "--from", "2023-01-01", "--to", "2023-12-31",
        "--horizon", "36", "--format", "json");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode cohorts = new ObjectMapper().readTree(run.out()).get("cohorts");
    assertThat(cohorts).hasSize(2);
    JsonNode big = cohorts.get(0);
    assertThat(big.get("cohort").asText()).isEqualTo("2023-01");
    assertThat(big.get("customers").asLong()).isEqualTo(BIG);
    // 1 January 2023 to 31 December 2024: a state known after 23 whole months; still a customer after k months =
    // a lifetime of more than k (a lifetime of t months churns in month t, ending on the start plus t months)
    assertThat(big.get("observed").asInt()).isEqualTo(23);
    for (int k = 0; k <= 23; k++) {
      final int age = k;
      assertThat(big.get("alive").get(k).asLong()).as("alive after %d months", k).isEqualTo(lifetimes.stream().filter(t -> t > age).count());
    }
    double alpha = big.get("alpha").asDouble();
    double beta = big.get("beta").asDouble();
    assertThat(ALPHA).isBetween(alpha - 1.96 * big.get("alpha_se").asDouble(), alpha + 1.96 * big.get("alpha_se").asDouble());
    assertThat(BETA).isBetween(beta - 1.96 * big.get("beta_se").asDouble(), beta + 1.96 * big.get("beta_se").asDouble());
    assertThat(big.get("converged").asBoolean()).isTrue();
    // the projection is S(t) = B(α, β+t) / B(α, β) with the fitted parameters (printed to 4 decimals)
    JsonNode projected = big.get("projected_pct");
    assertThat(projected).hasSize(37);
    for (int t = 0; t <= 36; t++) {
      double closedForm = 100 * Math.exp(Beta.logBeta(alpha, beta + t) - Beta.logBeta(alpha, beta));
      assertThat(projected.get(t).asDouble()).as("S(%d)", t).isCloseTo(closedForm, within(0.01));
    }
    JsonNode small = cohorts.get(1);
    assertThat(small.get("cohort").asText()).isEqualTo("2023-06");
    assertThat(small.get("customers").asLong()).isEqualTo(20);
    assertThat(small.get("alpha").isNull()).isTrue();
    assertThat(small.get("note").asText()).isEqualTo("only 20 customers (fewer than --min-customers 30)");
  }

  @Test
  void fitOnTheFirstSixMonths_projectsTheNextEighteen() throws IOException {
    CliTest.Run run = holdfast("retention-forecast", "--store", store, "--as-of", AS_OF.toString(), "--from", "2023-01-01", "--to", "2023-01-31",
        "--fit-periods", "6", "--format", "json");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode big = new ObjectMapper().readTree(run.out()).get("cohorts").get(0);
    assertThat(big.get("fitted").asInt()).isEqualTo(6);
    // the model is the truth, so six months already pin the curve: the next 17 are off by under 2 points on average
    assertThat(big.get("holdout_error_pp").asDouble()).isLessThan(2.0);

    CliTest.Run curve = holdfast("retention-forecast", "--store", store, "--as-of", AS_OF.toString(), "--from", "2023-01-01", "--to", "2023-01-31",
        "--fit-periods", "6", "--horizon", "30", "--curve", "--format", "csv");
    assertThat(curve.exit()).as(curve.err()).isZero();
    List<String> lines = curve.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("cohort,segment,age,alive,retained_pct,projected_pct,part");
    assertThat(lines).hasSize(1 + 31);
    assertThat(lines.get(1)).startsWith("2023-01,all,0," + BIG + ",100.0,100.0,fit");
    assertThat(lines.get(8)).startsWith("2023-01,all,7,").endsWith(",holdout");
    assertThat(lines.get(26)).startsWith("2023-01,all,25,,,").endsWith(",projection");
  }

  @Test
  void save_storesEachActiveSubscribersDiscountedValue() throws IOException {
    CliTest.Run run = holdfast("retention-forecast", "--store", store, "--as-of", AS_OF.toString(), "--save", "--months", "12", "--discount", "0.1",
        "--format", "json");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode big = new ObjectMapper().readTree(run.out()).get("cohorts").get(0);
    double alpha = big.get("alpha").asDouble();
    double beta = big.get("beta").asDouble();
    long bigRunning = lifetimes.stream().filter(t -> t >= 24).count(); // ending on 1 January 2025 or later
    try (DuckDbStore opened = DuckDbStore.open(Path.of(store), ZoneId.of("UTC"))) {
      long smallRunning = TestStores.count(opened, "SELECT count(*) FROM subscriptions WHERE started = DATE '2023-06-01' AND ended IS NULL");
      // every active subscriber is valued; the small cohort's take the big cohort's fit
      assertThat(TestStores.count(opened, "SELECT count(*) FROM clv_predictions WHERE model = 'sbg+mrr'")).isEqualTo(bigRunning + smallRunning);
      // a subscriber of the big cohort has renewed 23 times: value = 50 × Σ_{t=1..12} S(23+t)/S(23) / 1.1^(t/12)
      double expected = 0;
      for (int t = 1; t <= 12; t++) {
        expected += Math.exp(Beta.logBeta(alpha, beta + 23 + t) - Beta.logBeta(alpha, beta + 23)) / Math.pow(1.1, t / 12.0);
      }
      Object saved = TestStores.value(opened, "SELECT CAST(clv AS VARCHAR) FROM clv_predictions WHERE customer_id = (SELECT min(customer_id)"
          + " FROM subscriptions WHERE started = DATE '2023-01-01' AND ended IS NULL)");
      assertThat(Double.parseDouble(saved.toString())).isCloseTo(50 * expected, org.assertj.core.api.Assertions.withinPercentage(0.05));
    }
  }
}
