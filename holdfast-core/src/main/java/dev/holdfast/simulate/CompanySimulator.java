package dev.holdfast.simulate;

import dev.holdfast.model.AcquisitionSpend;
import dev.holdfast.model.CanonicalSink;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A simulated company whose customers sign up, use the product, pay, open tickets, answer surveys and
 * leave, generated from a documented latent process ({@code docs/simulator.md}) so that metrics and churn
 * models can be checked against known truth.
 *
 * <p>The output is a deterministic function of {@link Settings}: customer i draws everything from its own
 * {@link SplittableRandom} seeded from (seed, i). Customers are streamed one at a time, in id order, each
 * customer before its own records; acquisition spend rows come last. Memory does not grow with the number
 * of customers beyond a few counters per month and channel.
 */
public final class CompanySimulator {
  /** The most customers and months a simulation takes. */
  public static final int MAX_CUSTOMERS = 10_000_000;
  public static final int MAX_MONTHS = 240;
  private static final int SUBSCRIPTION = 0;
  private static final int TRANSACTIONAL = 1;

  private final Settings settings;

  /** The kind of business simulated. */
  public enum Business {
    /** Contractual: every customer holds subscription periods. */
    SUBSCRIPTION,
    /** Non-contractual: customers only place orders. */
    TRANSACTIONAL,
    /** About half of the customers of each kind. */
    MIXED
  }

  /**
   * What to simulate: {@code customers} sign-ups spread over the window [start, start + months) of a
   * business of the given kind, amounts in {@code currency}, all draws from {@code seed}.
   */
  public record Settings(int customers, int months, long seed, Business business, LocalDate start, String currency) {
    public Settings {
      if (customers < 1 || customers > MAX_CUSTOMERS) {
        throw new IllegalArgumentException(
            "customers must be between 1 and " + MAX_CUSTOMERS + ": " + customers);
      }
      if (months < 1 || months > MAX_MONTHS) {
        throw new IllegalArgumentException("months must be between 1 and " + MAX_MONTHS + ": " + months);
      }
      Objects.requireNonNull(business, "business");
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(currency, "currency");
      if (start.getDayOfMonth() != 1) {
        throw new IllegalArgumentException("start must be the first day of a month: " + start);
      }
      if (!dev.holdfast.config.ConfigLoader.isCurrency(currency)) {
        throw new IllegalArgumentException("currency must be an ISO 4217 code: " + currency);
      }
    }
  }

  /** How many records of each kind a run produced, and the exclusive end of the simulated window. */
  public record Summary(
      long customers, long subscriptions, long orders, long events, long tickets, long surveys, long spendRows,
      LocalDate end) {}

  public CompanySimulator(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Streams the whole simulated company into {@code sink} and returns what was produced. */
  public Summary run(CanonicalSink sink) {
    Objects.requireNonNull(sink, "sink");
    SimulationMonths months = new SimulationMonths(settings.start(), settings.months());
    CustomerRecords records = new CustomerRecords(sink, settings.currency(), months.endSecond());
    SubscriberLife subscriber = new SubscriberLife(months, records);
    BuyerLife buyer = new BuyerLife(months, records);
    double[] signupCumulative = signupCumulative(months);
    long[][][] acquired = new long[months.count()][Planted.CHANNELS.length][2];
    int customers = settings.customers();
    int signupMonth = 0;
    for (int index = 0; index < customers; index++) {
      double quantile = (index + 0.5) / customers;
      while (signupMonth < months.count() - 1 && signupCumulative[signupMonth] < quantile) {
        signupMonth++;
      }
      SplittableRandom random = new SplittableRandom(Draws.customerSeed(settings.seed(), index));
      boolean transactional = switch (settings.business()) {
        case SUBSCRIPTION -> false;
        case TRANSACTIONAL -> true;
        case MIXED -> Draws.chance(random, Planted.MIXED_TRANSACTIONAL_SHARE);
      };
      int channel = transactional
          ? buyer.live(random, index + 1L, signupMonth)
          : subscriber.live(random, index + 1L, signupMonth);
      acquired[signupMonth][channel][transactional ? TRANSACTIONAL : SUBSCRIPTION]++;
    }
    spend(months, acquired, records);
    return records.summary(months.end());
  }

  /**
   * Sign-up month shares: weight(m) = growth^m * season(month of year of m). Customer i signs up in the
   * month holding the quantile (i + 0.5) / customers, so ids follow sign-up order.
   */
  private static double[] signupCumulative(SimulationMonths months) {
    double[] weights = new double[months.count()];
    for (int month = 0; month < months.count(); month++) {
      weights[month] = Math.pow(Planted.SIGNUP_GROWTH, month) * Planted.SIGNUP_SEASON[months.monthOfYear(month)];
    }
    return Draws.cumulative(weights);
  }

  private void spend(SimulationMonths months, long[][][] acquired, CustomerRecords records) {
    SplittableRandom random = new SplittableRandom(Draws.customerSeed(settings.seed(), -1));
    double sigma = Planted.SPEND_NOISE_SIGMA;
    for (int month = 0; month < months.count(); month++) {
      for (int channel = 1; channel < Planted.CHANNELS.length; channel++) {
        double base = acquired[month][channel][SUBSCRIPTION] * Planted.SUBSCRIPTION_CAC[channel]
            + acquired[month][channel][TRANSACTIONAL] * Planted.TRANSACTIONAL_CAC[channel];
        double amount = base * Math.exp(sigma * Draws.normal(random) - sigma * sigma / 2);
        records.spend(new AcquisitionSpend(months.startDate(month), months.startDate(month + 1),
            Planted.CHANNELS[channel], BigDecimal.valueOf(Math.round(amount * 100), 2), settings.currency()));
      }
    }
  }
}
