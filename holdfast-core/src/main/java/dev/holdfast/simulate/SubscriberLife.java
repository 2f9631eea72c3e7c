package dev.holdfast.simulate;

import static dev.holdfast.simulate.Planted.BASIC;
import static dev.holdfast.simulate.Planted.BUSINESS;

import dev.holdfast.model.BillingPeriod;
import dev.holdfast.model.ChurnType;
import dev.holdfast.model.Customer;
import dev.holdfast.model.Subscription;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The life of one subscription customer, simulated month by month: a latent log-engagement that follows
 * an AR(1) around a customer-specific linear trend, usage events at a rate proportional to engagement,
 * a logistic voluntary-churn hazard, payment failures and dunning, plan changes, reactivations, support
 * tickets and surveys. {@code docs/simulator.md} states the process; {@link Planted} holds its numbers.
 *
 * <p>One instance is reused for every customer of a run; it is not thread-safe.
 */
final class SubscriberLife {
  private static final long NONE = Long.MIN_VALUE;
  private static final long DAY = SimulationMonths.SECONDS_PER_DAY;
  private static final double[] CHANNEL_CUMULATIVE = Draws.cumulative(Planted.SUBSCRIPTION_CHANNEL_SHARE);
  private static final double[] COUNTRY_CUMULATIVE = Draws.cumulative(Planted.COUNTRY_SHARE);
  private static final double[] SIZE_CUMULATIVE = Draws.cumulative(Planted.COMPANY_SIZE_SHARE);
  private static final double[][] PLAN_CUMULATIVE = new double[Planted.PLAN_SHARE_BY_SIZE.length][];
  private static final double[] TYPE_CUMULATIVE_BASIC = Draws.cumulative(Planted.EVENT_TYPE_SHARE_BASIC);
  private static final double[] TYPE_CUMULATIVE = Draws.cumulative(Planted.EVENT_TYPE_SHARE);
  private static final double[] CATEGORY_CUMULATIVE = Draws.cumulative(Planted.TICKET_CATEGORY_SHARE);
  private static final double[] CATEGORY_CUMULATIVE_ONBOARDING =
      Draws.cumulative(Planted.TICKET_CATEGORY_SHARE_ONBOARDING);
  private static final double[] PRIORITY_CUMULATIVE = Draws.cumulative(Planted.PRIORITY_SHARE);
  private static final String[] USER_IDS = new String[Planted.MAX_SEATS];
  /** USER_CUMULATIVE[seats - 1]: Zipf weights 1/k over users u1..u{seats}; u1 is the most active. */
  private static final double[][] USER_CUMULATIVE = new double[Planted.MAX_SEATS][];
  private static final BigDecimal[][] MRR = new BigDecimal[Planted.PLANS.length][2];
  private static final String[] REPORT_PROPERTIES = {
    "{\"report\":\"retention\"}", "{\"report\":\"revenue\"}", "{\"report\":\"funnel\"}", "{\"report\":\"cohort\"}"
  };
  private static final String[] EXPORT_PROPERTIES = {"{\"format\":\"csv\"}", "{\"format\":\"xlsx\"}"};
  private static final String[] ATTEMPT_PROPERTIES = {
    "{\"attempt\":1}", "{\"attempt\":2}", "{\"attempt\":3}", "{\"attempt\":4}"
  };
  private static final int LOGIN = 0;
  private static final int REPORT_RUN = 1;
  private static final int EXPORT = 2;

  static {
    for (int size = 0; size < PLAN_CUMULATIVE.length; size++) {
      PLAN_CUMULATIVE[size] = Draws.cumulative(Planted.PLAN_SHARE_BY_SIZE[size]);
    }
    for (int user = 0; user < Planted.MAX_SEATS; user++) {
      USER_IDS[user] = "u" + (user + 1);
      double[] weights = new double[user + 1];
      for (int k = 0; k <= user; k++) {
        weights[k] = 1.0 / (k + 1);
      }
      USER_CUMULATIVE[user] = Draws.cumulative(weights);
    }
    for (int plan = 0; plan < Planted.PLANS.length; plan++) {
      long cents = Planted.PLAN_PRICE[plan] * 100L;
      MRR[plan][0] = BigDecimal.valueOf(cents, 2);
      MRR[plan][1] = BigDecimal.valueOf(Math.round(cents * (1.0 - Planted.ANNUAL_DISCOUNT)), 2);
    }
  }

  private final SimulationMonths months;
  private final CustomerRecords records;

  private SplittableRandom random;
  private String customerId;
  private int channel;
  private int plan;
  private boolean annual;
  private boolean discounted;
  private int seats;
  private double sqrtSeats;
  private double level;
  private double trend;
  private double drift;
  private double deviation;
  private double engagement;
  private double engagementLag1;
  private double engagementLag2;
  private double engagementLag3;
  private String periodId;
  private long periodStartDay;
  private int anchorDay;
  private int annualAnchorMonth;
  private double annualSurvival;
  private int lastBadTicketMonth;
  private boolean npsPanel;
  private boolean firstSpell;
  private int spellStartMonth;
  private long spellStartSecond;
  private long pendingEndDay;
  private ChurnType pendingType;
  private String pendingReason;

  SubscriberLife(SimulationMonths months, CustomerRecords records) {
    this.months = months;
    this.records = records;
  }

  /** Simulates customer {@code number} who signs up in simulated month {@code signupMonth}; returns its channel. */
  int live(SplittableRandom customerRandom, long number, int signupMonth) {
    random = customerRandom;
    customerId = records.begin(number);
    long signupDay = months.startDay(signupMonth) + random.nextInt(months.days(signupMonth));
    long signupSecond = signupDay * DAY + random.nextInt((int) DAY);
    channel = Draws.pick(random, CHANNEL_CUMULATIVE);
    int country = Draws.pick(random, COUNTRY_CUMULATIVE);
    int size = Draws.pick(random, SIZE_CUMULATIVE);
    int industry = random.nextInt(Planted.INDUSTRIES.length);
    int owner = random.nextInt(Planted.OWNERS.length);
    plan = Draws.pick(random, PLAN_CUMULATIVE[size]);
    annual = Draws.chance(random, Planted.ANNUAL_AT_SIGNUP[plan]);
    discounted = annual && Draws.chance(random, Planted.ANNUAL_DISCOUNT_SHARE);
    seats = Math.min(Planted.MAX_SEATS, Planted.SEATS_MIN[plan] + Draws.poisson(random, Planted.SEATS_EXTRA[plan]));
    sqrtSeats = Math.sqrt(seats);
    npsPanel = Draws.chance(random, Planted.NPS_PANEL);
    records.customer(new Customer(customerId, Instant.ofEpochSecond(signupSecond), Planted.PLANS[plan],
        Planted.COUNTRIES[country], Planted.CHANNELS[channel], Planted.OWNERS[owner],
        Map.of("company_size", Planted.COMPANY_SIZES[size], "industry", Planted.INDUSTRIES[industry])));

    level = Draws.normal(random, Planted.LEVEL_MEAN[plan], Planted.LEVEL_SD);
    firstSpell = true;
    startSpell(signupMonth, signupDay, signupSecond, level);
    lastBadTicketMonth = Integer.MIN_VALUE / 2;
    boolean active = true;
    int reactivationMonth = -1;
    for (int month = signupMonth; month < months.count(); month++) {
      if (!active) {
        if (month != reactivationMonth) {
          continue;
        }
        long day = months.startDay(month) + random.nextInt(months.days(month));
        annual = false;
        discounted = false;
        firstSpell = false;
        startSpell(month, day, day * DAY + random.nextInt((int) DAY),
            level + Draws.normal(random, 0, Planted.REACTIVATION_LEVEL_SD));
        active = true;
      } else if (month > spellStartMonth) {
        deviation = Planted.AR * deviation + Planted.SHOCK_SD * Draws.normal(random);
        trend = Math.max(Planted.TREND_MIN, Math.min(Planted.TREND_MAX, trend + drift));
        engagementLag3 = engagementLag2;
        engagementLag2 = engagementLag1;
        engagementLag1 = engagement;
        engagement = trend + deviation;
      }
      int tenure = month - spellStartMonth;
      int monthOfYear = months.monthOfYear(month);
      long billingDay = months.startDay(month) + Math.min(anchorDay, months.days(month)) - 1;
      boolean badRecent = month - lastBadTicketMonth <= 2;
      if (tenure >= 1 && pendingEndDay == NONE) {
        decide(month, tenure, monthOfYear, billingDay, badRecent);
      }
      long monthStart = months.startSecond(month);
      long monthEnd = months.startSecond(month + 1);
      long from = tenure == 0 ? spellStartSecond : monthStart;
      boolean ending = pendingEndDay != NONE && pendingEndDay < months.startDay(month + 1);
      long to = ending ? Math.max(from, pendingEndDay * DAY) : monthEnd;
      double share = (double) (to - from) / (monthEnd - monthStart);
      if (to > from) {
        usage(from, to, share, monthOfYear);
        tickets(month, tenure, from, to, share);
        surveys(tenure, from, to, badRecent);
      }
      if (ending) {
        closePeriod(pendingEndDay, pendingReason, pendingType);
        double comeback = pendingType == ChurnType.VOLUNTARY
            ? Planted.REACTIVATION_VOLUNTARY : Planted.REACTIVATION_INVOLUNTARY;
        if (Draws.chance(random, comeback)) {
          reactivationMonth = month + (pendingType == ChurnType.VOLUNTARY
              ? gap(Planted.REACTIVATION_VOLUNTARY_MIN_GAP, Planted.REACTIVATION_VOLUNTARY_MAX_GAP)
              : gap(Planted.REACTIVATION_INVOLUNTARY_MIN_GAP, Planted.REACTIVATION_INVOLUNTARY_MAX_GAP));
        } else {
          reactivationMonth = -1;
        }
        pendingEndDay = NONE;
        active = false;
      }
    }
    if (active) {
      closePeriod(NONE, null, null);
    }
    random = null;
    return channel;
  }

  private int gap(int min, int max) {
    return min + random.nextInt(max - min + 1);
  }

  private void startSpell(int month, long day, long second, double startLevel) {
    periodId = records.nextSubscriptionId();
    periodStartDay = day;
    anchorDay = (int) (day - months.startDay(month)) + 1;
    spellStartMonth = month;
    spellStartSecond = second;
    annualAnchorMonth = month;
    annualSurvival = 1.0;
    pendingEndDay = NONE;
    trend = startLevel;
    drift = Draws.normal(random, Planted.DRIFT_MEAN, Planted.DRIFT_SD);
    deviation = Draws.normal(random, 0, Planted.SHOCK_SD / Math.sqrt(1 - Planted.AR * Planted.AR));
    engagement = trend + deviation;
    engagementLag1 = engagement;
    engagementLag2 = engagement;
    engagementLag3 = engagement;
  }

  private void decide(int month, int tenure, int monthOfYear, long billingDay, boolean badRecent) {
    double logit = Planted.HAZARD_INTERCEPT
        + Planted.HAZARD_ENGAGEMENT * engagementLag1
        + Planted.HAZARD_TREND * (engagementLag1 - engagementLag3)
        + Planted.HAZARD_PLAN[plan]
        + Planted.HAZARD_CHANNEL[channel]
        + Planted.HAZARD_SEASON[monthOfYear]
        + (badRecent ? Planted.HAZARD_BAD_TICKET : 0)
        + (tenure <= 2 ? Planted.HAZARD_EARLY_TENURE : 0);
    double hazard = Draws.logistic(logit);
    boolean due;
    double churnProbability;
    if (annual) {
      annualSurvival *= 1 - hazard;
      due = (month - annualAnchorMonth) % 12 == 0;
      churnProbability = due ? 1 - annualSurvival : 0;
      if (due) {
        annualSurvival = 1.0;
      }
    } else {
      due = true;
      churnProbability = hazard;
    }
    if (due && Draws.chance(random, churnProbability)) {
      pendingEndDay = billingDay;
      pendingType = ChurnType.VOLUNTARY;
      pendingReason = Planted.CANCEL_REASONS[cancelReason(tenure, badRecent)];
      return;
    }
    if (due && pay(month, billingDay)) {
      return;
    }
    changePlan(month, tenure, billingDay, badRecent, due);
  }

  private int cancelReason(int tenure, boolean badRecent) {
    double[] weights = Planted.CANCEL_REASON_WEIGHT.clone();
    if (tenure <= Planted.REASON_EARLY_TENURE_MONTHS) {
      weights[0] += Planted.REASON_EARLY_ONBOARDING;
    }
    if (badRecent) {
      weights[2] += Planted.REASON_BAD_TICKET_EXPERIENCE;
    }
    if (plan == BASIC) {
      weights[3] += Planted.REASON_BASIC_PRICE;
    }
    if (plan == BUSINESS) {
      weights[4] += Planted.REASON_BUSINESS_COMPETITOR;
    }
    return Draws.pick(random, Draws.cumulative(weights));
  }

  /** Charges the customer; returns true when the payment failed for good and the subscription will end. */
  private boolean pay(int month, long billingDay) {
    if (!Draws.chance(random, Planted.PAYMENT_FAILURE[plan])) {
      return false;
    }
    double amount = MRR[plan][discounted ? 1 : 0].doubleValue() * (annual ? 12 : 1);
    long failedAt = billingDay * DAY + random.nextInt((int) DAY);
    records.event(null, failedAt, "payment_failed", amount, ATTEMPT_PROPERTIES[0]);
    if (Draws.chance(random, Planted.BILLING_TICKET_AFTER_FAILURE)) {
      long opened = failedAt + random.nextInt(2 * (int) DAY);
      if (records.ticket(random, opened, "billing", PRIORITY_CUMULATIVE, Planted.RESOLUTION_HOURS_MEAN,
          Planted.SAT_MEAN + Planted.SAT_ENGAGEMENT * engagement)) {
        lastBadTicketMonth = month;
      }
    }
    for (int retry = 0; retry < Planted.RETRY_DAYS.length; retry++) {
      long attemptAt = (billingDay + Planted.RETRY_DAYS[retry]) * DAY + random.nextInt((int) DAY);
      if (Draws.chance(random, Planted.RETRY_SUCCESS)) {
        records.event(null, attemptAt, "payment_recovered", amount, ATTEMPT_PROPERTIES[retry + 1]);
        return false;
      }
      records.event(null, attemptAt, "payment_failed", amount, ATTEMPT_PROPERTIES[retry + 1]);
    }
    pendingEndDay = billingDay + Planted.INVOLUNTARY_CHURN_DAYS;
    pendingType = ChurnType.INVOLUNTARY;
    pendingReason = "payment_failed";
    return true;
  }

  private void changePlan(int month, int tenure, long billingDay, boolean badRecent, boolean due) {
    double up = plan < BUSINESS
        ? Math.min(Planted.PLAN_CHANGE_CAP, Planted.UPGRADE_BASE * Math.exp(Planted.UPGRADE_SLOPE * engagement))
        : 0;
    double down = plan > BASIC && due
        ? Math.min(Planted.PLAN_CHANGE_CAP, Planted.DOWNGRADE_BASE * Math.exp(Planted.DOWNGRADE_SLOPE * engagement)
            * (badRecent ? Planted.DOWNGRADE_BAD_TICKET_FACTOR : 1))
        : 0;
    double toAnnual = !annual && tenure >= Planted.ANNUAL_SWITCH_MIN_TENURE && engagement > 0
        ? Planted.ANNUAL_SWITCH : 0;
    double u = random.nextDouble();
    if (u < up) {
      switchPeriod(billingDay, plan + 1, annual, discounted);
    } else if (u < up + down) {
      switchPeriod(billingDay, plan - 1, annual, discounted);
    } else if (u < up + down + toAnnual) {
      switchPeriod(billingDay, plan, true, Draws.chance(random, Planted.ANNUAL_DISCOUNT_SHARE));
      annualAnchorMonth = month;
      annualSurvival = 1.0;
    }
  }

  private void switchPeriod(long day, int newPlan, boolean newAnnual, boolean newDiscounted) {
    closePeriod(day, null, null);
    plan = newPlan;
    annual = newAnnual;
    discounted = newDiscounted;
    periodId = records.nextSubscriptionId();
    periodStartDay = day;
  }

  private void closePeriod(long endDay, String reason, ChurnType type) {
    LocalDate ended = endDay == NONE ? null : LocalDate.ofEpochDay(endDay);
    records.subscription(new Subscription(periodId, customerId, Planted.PLANS[plan], MRR[plan][discounted ? 1 : 0],
        records.currency(), annual ? BillingPeriod.YEAR : BillingPeriod.MONTH, LocalDate.ofEpochDay(periodStartDay),
        ended, reason, type));
  }

  private void usage(long from, long to, double share, int monthOfYear) {
    double rate = Planted.EVENTS_BASE * Math.exp(engagement) * sqrtSeats * Planted.USAGE_SEASON[monthOfYear] * share;
    int count = Draws.poisson(random, rate);
    if (count == 0) {
      return;
    }
    long[] seconds = records.sortedSeconds(random, count, from, to);
    double[] types = plan == BASIC ? TYPE_CUMULATIVE_BASIC : TYPE_CUMULATIVE;
    double[] users = USER_CUMULATIVE[seats - 1];
    for (int i = 0; i < count; i++) {
      int type = Draws.pick(random, types);
      String user = USER_IDS[Draws.pick(random, users)];
      double value = 1;
      String properties = null;
      if (type == REPORT_RUN) {
        properties = REPORT_PROPERTIES[random.nextInt(REPORT_PROPERTIES.length)];
      } else if (type == EXPORT) {
        value = 1 + Math.floor(Draws.exponential(random, Planted.EXPORT_ROWS_MEAN));
        properties = EXPORT_PROPERTIES[random.nextInt(EXPORT_PROPERTIES.length)];
      } else if (type != LOGIN) {
        value = 1 + Math.floor(Draws.exponential(random, Planted.API_CALLS_MEAN));
      }
      records.event(user, seconds[i], Planted.EVENT_TYPES[type], value, properties);
    }
  }

  private void tickets(int month, int tenure, long from, long to, double share) {
    double rate = Planted.TICKET_BASE * Math.exp(Planted.TICKET_ENGAGEMENT * engagement) * Planted.TICKET_PLAN[plan]
        * (tenure <= 1 ? Planted.TICKET_ONBOARDING_FACTOR : 1) * share;
    int count = Draws.poisson(random, rate);
    for (int i = 0; i < count; i++) {
      long opened = from + random.nextLong(to - from);
      String category = Planted.TICKET_CATEGORIES[Draws.pick(random,
          tenure <= 1 ? CATEGORY_CUMULATIVE_ONBOARDING : CATEGORY_CUMULATIVE)];
      if (records.ticket(random, opened, category, PRIORITY_CUMULATIVE, Planted.RESOLUTION_HOURS_MEAN,
          Planted.SAT_MEAN + Planted.SAT_ENGAGEMENT * engagement)) {
        lastBadTicketMonth = month;
      }
    }
  }

  private void surveys(int tenure, long from, long to, boolean badRecent) {
    if (npsPanel && tenure >= 3 && tenure % 3 == 0 && Draws.chance(random, Planted.NPS_ANSWER)) {
      double mean = Planted.NPS_MEAN + Planted.NPS_ENGAGEMENT * engagement + (badRecent ? Planted.NPS_BAD_TICKET : 0);
      records.nps(random, mean, Planted.NPS_SD, from + random.nextLong(to - from));
    }
    if (tenure == 1 && firstSpell && Draws.chance(random, Planted.CES_ANSWER)) {
      records.ces(random, Planted.CES_MEAN + Planted.CES_ENGAGEMENT * engagement, Planted.CES_SD,
          from + random.nextLong(to - from));
    }
  }
}
