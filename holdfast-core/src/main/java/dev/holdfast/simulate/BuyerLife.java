package dev.holdfast.simulate;

import dev.holdfast.model.Customer;
import dev.holdfast.model.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The life of one transactional (non-contractual) customer: purchases from a BG/NBD process (Fader, Hardie
 * and Lee 2005) and order values from the Gamma-Gamma spend model (Fader, Hardie and Lee 2005b), plus a
 * few refunds, site visits while the customer is alive, order tickets and NPS answers.
 *
 * <p>The first purchase happens at sign-up; after each <em>repeat</em> purchase the customer drops out
 * with probability p, exactly as the BG/NBD likelihood assumes. Time is measured in days.
 */
final class BuyerLife {
  private static final long DAY = SimulationMonths.SECONDS_PER_DAY;
  private static final double[] CHANNEL_CUMULATIVE = Draws.cumulative(Planted.TRANSACTIONAL_CHANNEL_SHARE);
  private static final double[] COUNTRY_CUMULATIVE = Draws.cumulative(Planted.COUNTRY_SHARE);
  private static final double[] AGE_CUMULATIVE = Draws.cumulative(Planted.AGE_BAND_SHARE);
  private static final double[] CATEGORY_CUMULATIVE = Draws.cumulative(Planted.ORDER_TICKET_CATEGORY_SHARE);
  private static final double[] PRIORITY_CUMULATIVE = Draws.cumulative(Planted.ORDER_TICKET_PRIORITY_SHARE);
  private static final double[] RESOLUTION_HOURS = {
    Planted.ORDER_TICKET_HOURS_MEAN, Planted.ORDER_TICKET_HOURS_MEAN,
    Planted.ORDER_TICKET_HOURS_MEAN, Planted.ORDER_TICKET_HOURS_MEAN
  };
  /** A gap longer than this many days certainly ends past any simulated window. */
  private static final double MAX_GAP_DAYS = 366.0 * 30;

  private final SimulationMonths months;
  private final CustomerRecords records;

  BuyerLife(SimulationMonths months, CustomerRecords records) {
    this.months = months;
    this.records = records;
  }

  /** Simulates customer {@code number} who signs up in simulated month {@code signupMonth}; returns its channel. */
  int live(SplittableRandom random, long number, int signupMonth) {
    String customerId = records.begin(number);
    long signupDay = months.startDay(signupMonth) + random.nextInt(months.days(signupMonth));
    long signupSecond = signupDay * DAY + random.nextInt((int) DAY);
    int channel = Draws.pick(random, CHANNEL_CUMULATIVE);
    int country = Draws.pick(random, COUNTRY_CUMULATIVE);
    int age = Draws.pick(random, AGE_CUMULATIVE);
    boolean newsletter = Draws.chance(random, Planted.NEWSLETTER_SHARE);
    records.customer(new Customer(customerId, Instant.ofEpochSecond(signupSecond), null,
        Planted.COUNTRIES[country], Planted.CHANNELS[channel], null,
        Map.of("age_band", Planted.AGE_BANDS[age], "newsletter", newsletter ? "yes" : "no")));

    double lambda = Draws.gamma(random, Planted.BG_R, Planted.BG_ALPHA);
    double dropout = Draws.beta(random, Planted.BG_A, Planted.BG_B);
    double spendRate = Draws.gamma(random, Planted.GG_Q, Planted.GG_GAMMA);
    long endSecond = records.endSecond();
    long aliveUntil = endSecond;
    long purchase = signupSecond;
    boolean first = true;
    while (true) {
      buy(random, purchase, spendRate, dropout);
      if (!first && Draws.chance(random, dropout)) {
        aliveUntil = purchase;
        break;
      }
      first = false;
      double gapDays = Draws.exponential(random, 1.0 / lambda);
      if (gapDays > MAX_GAP_DAYS) {
        break;
      }
      purchase += Math.max(1, (long) (gapDays * DAY));
      if (purchase >= endSecond) {
        break;
      }
    }
    visits(random, signupMonth, signupSecond, aliveUntil, lambda);
    return channel;
  }

  private void buy(SplittableRandom random, long second, double spendRate, double dropout) {
    double value = Draws.gamma(random, Planted.GG_P, spendRate);
    long cents = Math.max(1, Math.round(value * 100));
    records.order(second, BigDecimal.valueOf(cents, 2), OrderStatus.COMPLETED);
    if (Draws.chance(random, Planted.REFUND)) {
      long refundAt = second + (1 + random.nextInt(Planted.REFUND_MAX_DAYS)) * DAY + random.nextInt((int) DAY);
      records.order(refundAt, BigDecimal.valueOf(-cents, 2), OrderStatus.REFUND);
    }
    if (Draws.chance(random, Planted.TICKET_PER_ORDER)) {
      long opened = second + DAY / 2 + random.nextLong(10 * DAY);
      String category = Planted.ORDER_TICKET_CATEGORIES[Draws.pick(random, CATEGORY_CUMULATIVE)];
      records.ticket(random, opened, category, PRIORITY_CUMULATIVE, RESOLUTION_HOURS, Planted.ORDER_SAT_MEAN);
    }
    if (Draws.chance(random, Planted.NPS_PER_ORDER)) {
      double mean = Planted.ORDER_NPS_MEAN + Planted.ORDER_NPS_DROPOUT * (dropout - Planted.BG_P_MEAN);
      records.nps(random, mean, Planted.ORDER_NPS_SD, second + DAY + random.nextLong(6 * DAY));
    }
  }

  private void visits(SplittableRandom random, int signupMonth, long signupSecond, long aliveUntil, double lambda) {
    double perMonth = Planted.VISIT_BASE + Planted.VISIT_PER_LAMBDA * lambda;
    for (int month = signupMonth; month < months.count(); month++) {
      long monthStart = months.startSecond(month);
      long monthEnd = months.startSecond(month + 1);
      long from = Math.max(monthStart, signupSecond);
      long to = Math.min(monthEnd, aliveUntil);
      if (to <= from) {
        break;
      }
      int count = Draws.poisson(random, perMonth * (to - from) / (monthEnd - monthStart));
      long[] seconds = records.sortedSeconds(random, count, from, to);
      for (int i = 0; i < count; i++) {
        records.event("u1", seconds[i], "visit", 1, null);
      }
    }
  }
}
