package dev.holdfast.store.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.retention.CustomerCounts;
import dev.holdfast.retention.Period;
import dev.holdfast.retention.PeriodMetrics;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.TestStores;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invariants of docs/metrics.md on seeded random companies, for every period length and both same-period policies. */
class RetentionInvariantsTest {
  @TempDir Path folder;

  @Test
  void invariants_holdOnRandomCompanies() throws SQLException {
    for (long seed = 1; seed <= 3; seed++) {
      Path file = folder.resolve("r" + seed + ".duckdb");
      try (DuckDbStore store = DuckDbStore.open(TestStores.config(file))) {
        fill(store, new SplittableRandom(seed));
        for (String policy : List.of("count", "exclude")) {
          HoldfastConfig config = TestStores.config(file, Map.of("policy.same_period_signup_cancel", policy));
          RetentionMetrics metrics = new RetentionMetrics(store, config, Messages.of(Locale.ENGLISH), Clock.systemUTC());
          for (Period period : List.of(Period.WEEK, Period.MONTH, Period.QUARTER)) {
            RetentionMetrics.Query query = new RetentionMetrics.Query(period, LocalDate.of(2024, 1, 1), LocalDate.of(2025, 6, 30),
                LocalDate.of(2025, 6, 30), List.of(), null, "USD");
            List<PeriodMetrics> periods = metrics.compute(query);
            check(periods, policy.equals("count"), "seed " + seed + ", " + policy + ", " + period);
            if (period == Period.QUARTER) {
              // each period's S and MRR at its start, carried from period to period, equal a direct count at that boundary
              for (PeriodMetrics each : periods) {
                PeriodMetrics direct = metrics.compute(new RetentionMetrics.Query(period, each.start(), each.start(), query.asOf(), List.of(), null,
                    "USD")).get(0);
                assertThat(direct.customers().atStart()).as("S of %s, seed %d", each.label(), seed).isEqualTo(each.customers().atStart());
                assertThat(direct.mrr().start()).as("MRR of %s, seed %d", each.label(), seed).isCloseTo(each.mrr().start(), within(1e-6));
                assertThat(direct.customers().atEnd()).isEqualTo(each.customers().atEnd());
                assertThat(direct.mrr().payingAtEnd()).isEqualTo(each.mrr().payingAtEnd());
              }
            }
            for (Cohorts.Cohort cohort : new Cohorts(metrics, Messages.of(Locale.ENGLISH)).compute(query)) {
              assertThat(cohort.cells()).as("cohort %s, seed %d", cohort.label(), seed)
                  .allSatisfy(cell -> assertThat(cell.customers()).isLessThanOrEqualTo(cohort.size()));
            }
          }
        }
      }
    }
  }

  private static void check(List<PeriodMetrics> periods, boolean counted, String what) {
    for (int i = 0; i < periods.size(); i++) {
      PeriodMetrics period = periods.get(i);
      CustomerCounts customers = period.customers();
      String where = what + " " + period.label();
      if (customers.atStart() > 0) {
        assertThat(customers.churnRate()).as(where).isBetween(0.0, 100.0);
        assertThat(customers.retentionRate()).as(where).isBetween(0.0, 100.0);
      }
      // E = S − lost + the new and reactivated customers still active at the end
      long joinedAndStayed = customers.added() + customers.reactivated() - (counted ? customers.goneSamePeriod() : 0);
      assertThat(customers.atEnd()).as(where).isEqualTo(customers.atStart() - customers.lost() + joinedAndStayed);
      assertThat(period.mrr().net()).as(where).isCloseTo(period.mrr().end() - period.mrr().start(), within(1e-6));
      if (i > 0) {
        assertThat(customers.atStart()).as(where + ": S equals the previous E").isEqualTo(periods.get(i - 1).customers().atEnd());
        assertThat(period.mrr().start()).as(where).isCloseTo(periods.get(i - 1).mrr().end(), within(1e-6));
      }
    }
  }

  /** 300 customers with one to four subscription periods each (random gaps, plans, billing periods), and 100 buyers. */
  private static void fill(DuckDbStore store, SplittableRandom random) throws SQLException {
    String[] billing = {"month", "month", "quarter", "year"};
    String[] plans = {"basic", "pro"};
    try (PreparedStatement customer = store.connection().prepareStatement("INSERT INTO customers (id, created, plan) VALUES (?, ?, ?)");
        PreparedStatement subscription = store.connection().prepareStatement(
            "INSERT INTO subscriptions (id, customer_id, plan, mrr, currency, billing_period, started, ended, churn_type) VALUES (?, ?, ?, ?, 'USD', ?, ?, ?, ?)");
        PreparedStatement order = store.connection().prepareStatement(
            "INSERT INTO orders (id, customer_id, ordered_at, amount, currency, status) VALUES (?, ?, ?, ?, 'USD', 'completed')")) {
      for (int c = 0; c < 400; c++) {
        String id = "c" + c;
        LocalDate day = LocalDate.of(2023, 6, 1).plusDays(random.nextInt(700));
        customer.setString(1, id);
        customer.setObject(2, day.atStartOfDay(java.time.ZoneOffset.UTC).toOffsetDateTime());
        customer.setString(3, plans[random.nextInt(2)]);
        customer.execute();
        if (c >= 300) {
          int orders = 1 + random.nextInt(6);
          for (int o = 0; o < orders; o++) {
            day = day.plusDays(random.nextInt(150));
            order.setString(1, id + "o" + o);
            order.setString(2, id);
            order.setObject(3, day.atTime(12, 0).atOffset(java.time.ZoneOffset.UTC));
            order.setBigDecimal(4, java.math.BigDecimal.valueOf(5 + random.nextInt(200)));
            order.execute();
          }
          continue;
        }
        int spells = 1 + random.nextInt(4);
        for (int s = 0; s < spells; s++) {
          LocalDate end = random.nextInt(4) == 0 ? null : day.plusDays(random.nextInt(300));
          subscription.setString(1, id + "s" + s);
          subscription.setString(2, id);
          subscription.setString(3, plans[random.nextInt(2)]);
          subscription.setBigDecimal(4, java.math.BigDecimal.valueOf(10 + random.nextInt(300)));
          subscription.setString(5, billing[random.nextInt(billing.length)]);
          subscription.setObject(6, day);
          subscription.setObject(7, end);
          subscription.setString(8, random.nextBoolean() ? "voluntary" : "involuntary");
          subscription.execute();
          if (end == null) {
            break;
          }
          day = end.plusDays(random.nextInt(3) == 0 ? 0 : random.nextInt(60));
        }
      }
    }
  }
}
