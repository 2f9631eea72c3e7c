package dev.holdfast.simulate;

import dev.holdfast.model.AcquisitionSpend;
import dev.holdfast.model.CanonicalSink;
import dev.holdfast.model.Customer;
import dev.holdfast.model.Order;
import dev.holdfast.model.OrderStatus;
import dev.holdfast.model.Subscription;
import dev.holdfast.model.SurveyKind;
import dev.holdfast.model.SurveyResponse;
import dev.holdfast.model.Ticket;
import dev.holdfast.model.TicketStatus;
import dev.holdfast.model.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The output side of one simulation run: builds ids, drops anything at or after the end of the window,
 * numbers usage events from 1, counts what it sends to the sink, and draws the support tickets and
 * surveys that both kinds of customer share.
 *
 * <p>Ids of subscriptions, orders, tickets and surveys embed the customer number and a per-customer
 * sequence ("T0000042-3"), so they depend on nothing but the customer's own generator.
 */
final class CustomerRecords {
  private static final String[] CSAT_LOW = {"Issue not resolved", "Took far too long", "Had to explain it twice"};
  private static final String[] CSAT_HIGH = {"Quick and helpful", "Solved on the first reply", "Friendly support"};
  private static final String[] NPS_DETRACTOR = {
    "Too expensive for what we use", "Reports are slow", "Support took too long", "Missing integrations we need"
  };
  private static final String[] NPS_PASSIVE = {"Does the job", "Good, but the UI could be simpler", "Fine for now"};
  private static final String[] NPS_PROMOTER = {
    "Love the dashboards", "Saves our team hours every week", "Great support team"
  };
  private static final String[] CES_HARD = {"Setup was confusing", "Importing our data was painful"};
  private static final String[] CES_EASY = {"Easy to get started", "Onboarding call helped a lot"};

  private final CanonicalSink sink;
  private final String currency;
  private final long endSecond;
  private long[] secondsBuffer = new long[256];

  private long nextEventId = 1;
  private long customers;
  private long subscriptions;
  private long orders;
  private long events;
  private long tickets;
  private long surveys;
  private long spendRows;

  private String number;
  private String customerId;
  private int subscriptionSequence;
  private int orderSequence;
  private int ticketSequence;
  private int surveySequence;

  CustomerRecords(CanonicalSink sink, String currency, long endSecond) {
    this.sink = sink;
    this.currency = currency;
    this.endSecond = endSecond;
  }

  /** Starts the records of customer number {@code customerNumber} (1-based) and returns its id. */
  String begin(long customerNumber) {
    number = padded(customerNumber);
    customerId = "C" + number;
    subscriptionSequence = 0;
    orderSequence = 0;
    ticketSequence = 0;
    surveySequence = 0;
    return customerId;
  }

  String currency() {
    return currency;
  }

  long endSecond() {
    return endSecond;
  }

  void customer(Customer customer) {
    customers++;
    sink.customer(customer);
  }

  String nextSubscriptionId() {
    return "S" + number + "-" + (++subscriptionSequence);
  }

  void subscription(Subscription subscription) {
    subscriptions++;
    sink.subscription(subscription);
  }

  void order(long second, BigDecimal amount, OrderStatus status) {
    if (second >= endSecond) {
      return;
    }
    orders++;
    sink.order(new Order("O" + number + "-" + (++orderSequence), customerId, Instant.ofEpochSecond(second),
        amount, currency, status));
  }

  void event(String userId, long second, String type, double value, String properties) {
    if (second >= endSecond) {
      return;
    }
    events++;
    sink.event(new UsageEvent(nextEventId++, customerId, userId, Instant.ofEpochSecond(second), type, value,
        properties));
  }

  void spend(AcquisitionSpend spend) {
    spendRows++;
    sink.spend(spend);
  }

  /**
   * {@code count} uniform seconds in [from, to), sorted; valid in the returned buffer up to {@code count}
   * until the next call.
   */
  long[] sortedSeconds(SplittableRandom random, int count, long from, long to) {
    if (secondsBuffer.length < count) {
      secondsBuffer = new long[Math.max(count, secondsBuffer.length * 2)];
    }
    long span = Math.max(1, to - from);
    for (int i = 0; i < count; i++) {
      secondsBuffer[i] = from + random.nextLong(span);
    }
    Arrays.sort(secondsBuffer, 0, count);
    return secondsBuffer;
  }

  /**
   * Draws one support ticket opened at {@code openedSecond} with its satisfaction and perhaps a CSAT
   * answer; returns whether it was a bad experience (satisfaction at most 2, or open longer than 7 days).
   */
  boolean ticket(SplittableRandom random, long openedSecond, String category, double[] priorityCumulative,
      double[] resolutionHoursMean, double satisfactionMean) {
    if (openedSecond >= endSecond) {
      return false;
    }
    int priority = Draws.pick(random, priorityCumulative);
    double hours = Draws.exponential(random, resolutionHoursMean[priority]);
    double days = hours / 24.0;
    long closedSecond = openedSecond + Math.max(60, (long) (hours * 3600));
    boolean closed = closedSecond < endSecond;
    boolean giveSatisfaction = Draws.chance(random, Planted.SATISFACTION_GIVEN);
    double experience = satisfactionMean + Planted.SAT_DAYS * Math.log1p(days);
    Integer satisfaction = null;
    if (closed && giveSatisfaction) {
      satisfaction = Draws.clamp(Math.round(Draws.normal(random, experience, Planted.SAT_SD)), 1, 5);
    }
    tickets++;
    sink.ticket(new Ticket("T" + number + "-" + (++ticketSequence), customerId, Instant.ofEpochSecond(openedSecond),
        closed ? Instant.ofEpochSecond(closedSecond) : null, closed ? TicketStatus.CLOSED : TicketStatus.OPEN,
        Planted.PRIORITIES[priority], category, satisfaction));
    if (closed && Draws.chance(random, Planted.CSAT_AFTER_TICKET)) {
      int score = Draws.clamp(Math.round(Draws.normal(random, experience, Planted.SAT_SD)), 1, 5);
      long answered = closedSecond + 3600 + random.nextLong(47 * 3600);
      String comment =
          Draws.chance(random, Planted.COMMENT) ? pickOne(random, score >= 4 ? CSAT_HIGH : CSAT_LOW) : null;
      survey(SurveyKind.CSAT, score, comment, answered);
    }
    return (satisfaction != null && satisfaction <= Planted.BAD_TICKET_MAX_SATISFACTION)
        || days > Planted.BAD_TICKET_DAYS;
  }

  void nps(SplittableRandom random, double mean, double sd, long second) {
    int score = Draws.clamp(Math.round(Draws.normal(random, mean, sd)), 0, 10);
    String comment = null;
    if (Draws.chance(random, Planted.COMMENT)) {
      comment = pickOne(random, score >= 9 ? NPS_PROMOTER : score >= 7 ? NPS_PASSIVE : NPS_DETRACTOR);
    }
    survey(SurveyKind.NPS, score, comment, second);
  }

  void ces(SplittableRandom random, double mean, double sd, long second) {
    int score = Draws.clamp(Math.round(Draws.normal(random, mean, sd)), 1, 7);
    String comment = Draws.chance(random, Planted.COMMENT) ? pickOne(random, score >= 5 ? CES_EASY : CES_HARD) : null;
    survey(SurveyKind.CES, score, comment, second);
  }

  private void survey(SurveyKind kind, int score, String comment, long second) {
    if (second >= endSecond) {
      return;
    }
    surveys++;
    sink.survey(new SurveyResponse("R" + number + "-" + (++surveySequence), customerId, kind, score, comment,
        Instant.ofEpochSecond(second)));
  }

  CompanySimulator.Summary summary(LocalDate end) {
    return new CompanySimulator.Summary(customers, subscriptions, orders, events, tickets, surveys, spendRows, end);
  }

  private static String pickOne(SplittableRandom random, String[] options) {
    return options[random.nextInt(options.length)];
  }

  /** The customer number with at least seven digits, zero-padded. */
  static String padded(long customerNumber) {
    String digits = Long.toString(customerNumber);
    if (digits.length() >= 7) {
      return digits;
    }
    return "0000000".substring(digits.length()) + digits;
  }
}
