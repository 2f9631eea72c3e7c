package dev.holdfast.web;

import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.simulate.CompanySimulator;
import dev.holdfast.store.AppenderSink;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.TestStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Stores of simulated companies for the tests, built once per test run: a mixed subscription and transactional
 * company with churn scores, a churn model and predicted values written as {@code holdfast score}, {@code train}
 * and {@code clv} would, and a small one where nothing has been scored or predicted.
 */
final class Companies {
  /** The simulated window is 2024-01 to 2025-12; the tests run "on" 15 January 2026. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);
  static final LocalDate LAST_DAY = LocalDate.of(2025, 12, 31);
  static final LocalDate EARLIER_SCORING = LocalDate.of(2025, 12, 1);

  /** A store and the configuration it was opened with. */
  record Company(DuckDbStore store, HoldfastConfig config) {}

  private static Company scored;
  private static Company unscored;

  private Companies() {}

  /** 1,500 customers over two years, about half subscribers, with scores on two days, a model and CLV predictions. */
  static synchronized Company scored() {
    if (scored == null) {
      scored = simulate("scored", 1500, 11);
      DuckDbStore store = scored.store();
      TestStores.execute(store, """
          INSERT INTO churn_models VALUES ('xgb-2025-12-31', 'xgboost', TIMESTAMPTZ '2026-01-02 09:00:00+00', TRUE,
            '{"data_window":["2024-01-01","2025-12-31"],"seed":42,"features":["logins_trend","tickets_open"]}',
            '{"auc":0.84,"pr_auc":0.65,"brier":0.13,"top_decile_lift":2.9,"top_decile_capture":0.29,
              "calibration":[{"bin":1,"predicted":0.03,"observed":0.02,"count":704},{"bin":2,"predicted":0.08,"observed":0.09,"count":512},
                             {"bin":3,"predicted":0.17,"observed":0.15,"count":300},{"bin":4,"predicted":0.35,"observed":0.38,"count":120},
                             {"bin":5,"predicted":0.62,"observed":0.58,"count":48}],
              "health_backtest":{"precision":0.5,"recall":0.6,"lift":2.1}}',
            '\\x00'::BLOB),
            ('logistic-2025-12-31', 'logistic', TIMESTAMPTZ '2026-01-02 08:00:00+00', FALSE, '{}', '{"auc":0.79}', '\\x00'::BLOB)""");
      // every customer with a running subscription or an order in the last 90 days, scored on two days; the probability is
      // a fixed function of the id so that the tests know the order
      for (LocalDate day : new LocalDate[] {EARLIER_SCORING, LAST_DAY}) {
        double shift = day.equals(LAST_DAY) ? 0.05 : 0;
        TestStores.execute(store, """
            INSERT INTO churn_scores
            WITH active AS (
                SELECT customer_id, sum(mrr) AS mrr, arg_max(plan, mrr) AS plan FROM subscriptions
                WHERE started <= DATE '%1$s' AND (ended IS NULL OR ended > DATE '%1$s') GROUP BY customer_id
                UNION ALL
                SELECT customer_id, 0, NULL FROM orders WHERE status = 'completed' AND CAST(ordered_at AS DATE) > DATE '%1$s' - 90
                  AND customer_id NOT IN (SELECT customer_id FROM subscriptions) GROUP BY customer_id
            ), scored AS (
                SELECT customer_id, max(mrr) AS mrr, max(plan) AS plan, least(0.97, (hash(customer_id) %% 1000) / 1000.0 + %2$s) AS p
                FROM active GROUP BY customer_id
            )
            SELECT customer_id, DATE '%1$s', 'xgb-2025-12-31', p, round(100 - 90 * p), CASE WHEN p > 0.6 THEN 'poor' WHEN p > 0.3 THEN 'fair' ELSE 'good' END,
                   CASE WHEN mrr > 0 THEN mrr ELSE 120 END, CASE WHEN mrr > 0 THEN 'mrr' ELSE 'clv' END, p * CASE WHEN mrr > 0 THEN mrr ELSE 120 END,
                   '[["event:login",0.31,"reason.event_down",["login",62,4]],["open_tickets",0.12,"reason.open_tickets",[3,5]]]',
                   '%3$s',
                   TIMESTAMPTZ '2026-01-02 10:00:00+00', FALSE, plan
            FROM scored""".formatted(day, shift, day.equals(LAST_DAY) ? "[3,5,null,null]" : "{\"logins\":[3,5,20],\"nps\":[6,10,15]}"));
      }
      // the last day's health parts in the positional form of schema version 8, with the day's scorecard; the earlier day's
      // in the named form of versions 5 to 7, as a store scored before keeps them
      TestStores.execute(store, "INSERT INTO churn_score_days VALUES (DATE '" + LAST_DAY + "', '[[\"logins\",20],[\"nps\",15]]')");
      TestStores.execute(store, """
          INSERT INTO clv_predictions
          SELECT customer_id, DATE '2025-12-31', 'bg-nbd+gamma-gamma', 0.5 + (hash(customer_id) % 50) / 100.0, 1 + (hash(customer_id) % 40) / 10.0,
                 40 + (hash(customer_id) % 60), (hash(customer_id) % 5000) / 10.0, 'USD', 12, 0.1, TIMESTAMPTZ '2026-01-02 11:00:00+00'
          FROM (SELECT DISTINCT customer_id FROM orders WHERE status = 'completed')""");
    }
    return scored;
  }

  /** 300 subscribers over two years and nothing scored, trained or predicted. */
  static synchronized Company unscored() {
    if (unscored == null) {
      unscored = simulate("unscored", 300, 5);
    }
    return unscored;
  }

  private static Company simulate(String name, int customers, long seed) {
    Path folder = Path.of("target", "test-stores");
    Path file = folder.resolve(name + ".duckdb");
    try {
      Files.createDirectories(folder);
      Files.deleteIfExists(file);
      Files.deleteIfExists(folder.resolve(name + ".duckdb.wal"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HoldfastConfig config = TestStores.config(file, Map.of());
    DuckDbStore store = DuckDbStore.open(config);
    CompanySimulator.Business business = name.equals("scored") ? CompanySimulator.Business.MIXED : CompanySimulator.Business.SUBSCRIPTION;
    try (AppenderSink sink = new AppenderSink(store)) {
      new CompanySimulator(new CompanySimulator.Settings(customers, 24, seed, business, LocalDate.of(2024, 1, 1), "USD")).run(sink);
    }
    return new Company(store, config);
  }
}
