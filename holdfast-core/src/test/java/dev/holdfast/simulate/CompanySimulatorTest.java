package dev.holdfast.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.model.AcquisitionSpend;
import dev.holdfast.model.BillingPeriod;
import dev.holdfast.model.CanonicalSink;
import dev.holdfast.model.ChurnType;
import dev.holdfast.model.Customer;
import dev.holdfast.model.Order;
import dev.holdfast.model.OrderStatus;
import dev.holdfast.model.Subscription;
import dev.holdfast.model.SurveyKind;
import dev.holdfast.model.SurveyResponse;
import dev.holdfast.model.Ticket;
import dev.holdfast.model.TicketStatus;
import dev.holdfast.model.UsageEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CompanySimulatorTest {
  private static final LocalDate START = LocalDate.of(2023, 1, 1);
  private static final Set<String> USAGE_TYPES = Set.of("login", "report_run", "export", "api_call");

  private static Recording subscription;
  private static Recording transactional;

  @BeforeAll
  static void simulate() {
    subscription = Recording.of(settings(2_000, 24, 11L, CompanySimulator.Business.SUBSCRIPTION));
    transactional = Recording.of(settings(2_000, 24, 12L, CompanySimulator.Business.TRANSACTIONAL));
  }

  private static CompanySimulator.Settings settings(int customers, int months, long seed,
      CompanySimulator.Business business) {
    return new CompanySimulator.Settings(customers, months, seed, business, START, "EUR");
  }

  @Test
  void run_isDeterministicForTheSameSettingsAndDiffersForAnotherSeed() {
    CompanySimulator.Settings settings = settings(300, 18, 5L, CompanySimulator.Business.MIXED);

    String first = digest(settings);
    String second = digest(settings);
    String otherSeed = digest(settings(300, 18, 6L, CompanySimulator.Business.MIXED));

    assertThat(second).isEqualTo(first);
    assertThat(otherSeed).isNotEqualTo(first);
  }

  @Test
  void summary_countsWhatTheSinkReceived() {
    CompanySimulator.Summary summary = subscription.summary;

    assertThat(summary.customers()).isEqualTo(2_000).isEqualTo(subscription.customers.size());
    assertThat(summary.subscriptions()).isEqualTo(subscription.subscriptions.size());
    assertThat(summary.events()).isEqualTo(subscription.events.size());
    assertThat(summary.tickets()).isEqualTo(subscription.tickets.size());
    assertThat(summary.surveys()).isEqualTo(subscription.surveys.size());
    assertThat(summary.spendRows()).isEqualTo(subscription.spend.size()).isEqualTo(24 * 4);
    assertThat(summary.orders()).isZero();
    assertThat(summary.end()).isEqualTo(LocalDate.of(2025, 1, 1));
  }

  @Test
  void records_followTheIdConventionsAndEachCustomerComesFirst() {
    assertThat(subscription.customers.get(0).id()).isEqualTo("C0000001");
    assertThat(subscription.customers.get(1999).id()).isEqualTo("C0002000");
    assertThat(subscription.orphans).isZero();
    assertThat(transactional.orphans).isZero();
    for (int i = 0; i < subscription.events.size(); i++) {
      assertThat(subscription.events.get(i).id()).isEqualTo(i + 1L);
    }
    assertThat(subscription.subscriptions).allSatisfy(period -> assertThat(period.id()).matches("S\\d{7}-\\d+"));
    assertThat(subscription.tickets).allSatisfy(ticket -> assertThat(ticket.id()).matches("T\\d{7}-\\d+"));
    assertThat(subscription.surveys).allSatisfy(survey -> assertThat(survey.id()).matches("R\\d{7}-\\d+"));
    assertThat(transactional.orders).allSatisfy(order -> assertThat(order.id()).matches("O\\d{7}-\\d+"));
    assertThat(subscription.customers).allSatisfy(customer -> {
      assertThat(customer.plan()).isIn("basic", "pro", "business");
      assertThat(customer.attributes()).containsKeys("company_size", "industry");
    });
    Set<String> seen = new HashSet<>();
    assertThat(subscription.subscriptions).allSatisfy(period -> assertThat(seen.add(period.id())).isTrue());
  }

  @Test
  void nothingHappensAtOrAfterTheEndOfTheWindow() {
    for (Recording recording : List.of(subscription, transactional)) {
      LocalDate end = recording.summary.end();
      Instant endInstant = end.atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant startInstant = START.atStartOfDay(ZoneOffset.UTC).toInstant();
      assertThat(recording.customers).allSatisfy(customer ->
          assertThat(customer.created()).isBetween(startInstant, endInstant.minusSeconds(1)));
      assertThat(recording.events).allSatisfy(event -> assertThat(event.occurredAt()).isBefore(endInstant));
      assertThat(recording.orders).allSatisfy(order -> assertThat(order.orderedAt()).isBefore(endInstant));
      assertThat(recording.surveys).allSatisfy(survey -> assertThat(survey.answeredAt()).isBefore(endInstant));
      assertThat(recording.spend).allSatisfy(row -> assertThat(row.periodEnd()).isBeforeOrEqualTo(end));
      assertThat(recording.tickets).allSatisfy(ticket -> {
        assertThat(ticket.opened()).isBefore(endInstant);
        if (ticket.closed() == null) {
          assertThat(ticket.status()).isEqualTo(TicketStatus.OPEN);
          assertThat(ticket.satisfaction()).isNull();
        } else {
          assertThat(ticket.closed()).isBefore(endInstant).isAfter(ticket.opened());
          assertThat(ticket.status()).isEqualTo(TicketStatus.CLOSED);
        }
      });
      assertThat(recording.subscriptions).allSatisfy(period -> {
        assertThat(period.started()).isBefore(end);
        if (period.ended() != null) {
          assertThat(period.ended()).isBefore(end).isAfter(period.started());
        } else {
          assertThat(period.churnType()).isNull();
          assertThat(period.cancelReason()).isNull();
        }
      });
    }
    assertThat(subscription.tickets).anySatisfy(ticket -> assertThat(ticket.closed()).isNull());
    assertThat(subscription.subscriptions).anySatisfy(period -> assertThat(period.ended()).isNull());
  }

  @Test
  void engagementDeclinePrecedesVoluntaryChurn() {
    Map<String, LocalDate> signedUp = subscription.customers.stream().collect(Collectors.toMap(Customer::id,
        customer -> LocalDate.ofInstant(customer.created(), ZoneOffset.UTC)));
    Map<String, Subscription> firstChurn = new HashMap<>();
    for (Subscription period : subscription.subscriptions) {
      if (period.churnType() != null) {
        firstChurn.merge(period.customerId(), period,
            (left, right) -> left.ended().isBefore(right.ended()) ? left : right);
      }
    }
    Map<String, Map<Long, Integer>> usagePerMonth = new HashMap<>();
    for (UsageEvent event : subscription.events) {
      if (USAGE_TYPES.contains(event.type())) {
        long month = monthIndex(LocalDate.ofInstant(event.occurredAt(), ZoneOffset.UTC));
        usagePerMonth.computeIfAbsent(event.customerId(), id -> new HashMap<>()).merge(month, 1, Integer::sum);
      }
    }
    double logRatioSum = 0;
    int lowerBeforeChurn = 0;
    int churners = 0;
    for (Subscription churn : firstChurn.values()) {
      long signupMonth = monthIndex(signedUp.get(churn.customerId()));
      long churnMonth = monthIndex(churn.ended());
      if (churn.churnType() != ChurnType.VOLUNTARY || churnMonth < signupMonth + 5) {
        continue;
      }
      Map<Long, Integer> usage = usagePerMonth.getOrDefault(churn.customerId(), Map.of());
      double early = (usage.getOrDefault(signupMonth + 1, 0) + usage.getOrDefault(signupMonth + 2, 0)) / 2.0;
      double beforeChurn = (usage.getOrDefault(churnMonth - 2, 0) + usage.getOrDefault(churnMonth - 1, 0)) / 2.0;
      logRatioSum += Math.log1p(beforeChurn) - Math.log1p(early);
      if (beforeChurn < early) {
        lowerBeforeChurn++;
      }
      churners++;
    }
    double geometricRatio = Math.exp(logRatioSum / churners);

    assertThat(churners).isGreaterThan(100);
    assertThat(geometricRatio).as("geometric mean of (1 + usage before churn) / (1 + early usage)").isLessThan(0.8);
    assertThat((double) lowerBeforeChurn / churners).as("share of churners using less before churn").isGreaterThan(0.6);
  }

  @Test
  void involuntaryChurnIsPrecededByAFailedPayment() {
    Map<String, List<Instant>> failures = subscription.events.stream()
        .filter(event -> event.type().equals("payment_failed"))
        .collect(Collectors.groupingBy(UsageEvent::customerId,
            Collectors.mapping(UsageEvent::occurredAt, Collectors.toList())));
    List<Subscription> involuntary = subscription.subscriptions.stream()
        .filter(period -> period.churnType() == ChurnType.INVOLUNTARY).toList();

    assertThat(involuntary).hasSizeGreaterThan(20).allSatisfy(period -> {
      assertThat(period.cancelReason()).isEqualTo("payment_failed");
      Instant ended = period.ended().atStartOfDay(ZoneOffset.UTC).toInstant();
      assertThat(failures.getOrDefault(period.customerId(), List.of()))
          .anySatisfy(failure -> assertThat(failure).isBetween(ended.minus(14, ChronoUnit.DAYS), ended));
    });
    assertThat(subscription.subscriptions).filteredOn(period -> period.churnType() == ChurnType.VOLUNTARY)
        .extracting(Subscription::cancelReason)
        .contains("onboarding", "product", "experience", "price", "competitor");
  }

  @Test
  void planChangesProduceContiguousPeriodsAndChurnedCustomersCanComeBack() {
    Map<String, List<Subscription>> periods = subscription.subscriptions.stream()
        .collect(Collectors.groupingBy(Subscription::customerId));
    int planChanges = 0;
    int toAnnual = 0;
    int reactivations = 0;
    for (List<Subscription> history : periods.values()) {
      history.sort(Comparator.comparing(Subscription::started));
      assertThat(history.stream().filter(period -> period.ended() == null).count()).isLessThanOrEqualTo(1);
      for (int i = 1; i < history.size(); i++) {
        Subscription before = history.get(i - 1);
        Subscription after = history.get(i);
        assertThat(before.ended()).isNotNull();
        assertThat(sequence(after)).isEqualTo(sequence(before) + 1);
        if (before.churnType() == null) {
          assertThat(after.started()).isEqualTo(before.ended());
          planChanges++;
          if (before.billingPeriod() == BillingPeriod.MONTH && after.billingPeriod() == BillingPeriod.YEAR) {
            toAnnual++;
          }
        } else {
          assertThat(after.started()).isAfter(before.ended());
          reactivations++;
        }
      }
    }

    assertThat(planChanges).isGreaterThan(50);
    assertThat(toAnnual).isGreaterThan(5);
    assertThat(reactivations).isGreaterThan(20);
  }

  @Test
  void surveysAndTicketsCoverEveryKind() {
    assertThat(subscription.surveys).extracting(SurveyResponse::kind)
        .contains(SurveyKind.NPS, SurveyKind.CSAT, SurveyKind.CES);
    assertThat(subscription.tickets).extracting(Ticket::priority).contains("low", "normal", "high", "urgent");
    assertThat(subscription.tickets).anySatisfy(ticket -> assertThat(ticket.satisfaction()).isNotNull());
    assertThat(subscription.surveys).anySatisfy(survey -> assertThat(survey.comment()).isNotNull());
  }

  @Test
  void transactionalCustomersBuyRepeatedlyWithoutSubscriptions() {
    Map<String, Long> completedPerCustomer = transactional.orders.stream()
        .filter(order -> order.status() == OrderStatus.COMPLETED)
        .collect(Collectors.groupingBy(Order::customerId, Collectors.counting()));
    long buyers = completedPerCustomer.size();
    long repeatBuyers = completedPerCustomer.values().stream().filter(count -> count >= 2).count();

    assertThat(transactional.subscriptions).isEmpty();
    assertThat(buyers).isEqualTo(2_000);
    assertThat((double) repeatBuyers / buyers).isBetween(0.3, 0.7);
    assertThat(transactional.orders).filteredOn(order -> order.status() == OrderStatus.REFUND)
        .isNotEmpty()
        .allSatisfy(refund -> assertThat(refund.amount().signum()).isNegative());
    assertThat(transactional.events).isNotEmpty().allSatisfy(event -> assertThat(event.type()).isEqualTo("visit"));
  }

  @Test
  void settings_rejectValuesOutOfRangeNamingTheBadValue() {
    assertThatThrownBy(() -> settings(0, 24, 1L, CompanySimulator.Business.SUBSCRIPTION))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("customers must be between 1 and 10000000: 0");
    assertThatThrownBy(() -> settings(10, 241, 1L, CompanySimulator.Business.SUBSCRIPTION))
        .hasMessage("months must be between 1 and 240: 241");
    assertThatThrownBy(() -> new CompanySimulator.Settings(10, 12, 1L, CompanySimulator.Business.MIXED,
        LocalDate.of(2024, 1, 15), "EUR"))
        .hasMessage("start must be the first day of a month: 2024-01-15");
    assertThatThrownBy(() -> new CompanySimulator.Settings(10, 12, 1L, CompanySimulator.Business.MIXED,
        START, "eur"))
        .hasMessage("currency must be an ISO 4217 code: eur");
  }

  private static long monthIndex(LocalDate date) {
    return date.getYear() * 12L + date.getMonthValue() - 1;
  }

  private static int sequence(Subscription period) {
    return Integer.parseInt(period.id().substring(period.id().indexOf('-') + 1));
  }

  private static String digest(CompanySimulator.Settings settings) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    MessageDigest sha = digest;
    new CompanySimulator(settings).run(new CanonicalSink() {
      private void add(Object record) {
        sha.update(record.toString().getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public void customer(Customer customer) {
        add(customer);
      }

      @Override
      public void subscription(Subscription period) {
        add(period);
      }

      @Override
      public void order(Order order) {
        add(order);
      }

      @Override
      public void event(UsageEvent event) {
        add(event);
      }

      @Override
      public void ticket(Ticket ticket) {
        add(ticket);
      }

      @Override
      public void survey(SurveyResponse response) {
        add(response);
      }

      @Override
      public void spend(AcquisitionSpend spend) {
        add(spend);
      }
    });
    return HexFormat.of().formatHex(sha.digest());
  }

  /** A sink that keeps everything, and counts records that arrive before their customer. */
  private static final class Recording implements CanonicalSink {
    final List<Customer> customers = new ArrayList<>();
    final List<Subscription> subscriptions = new ArrayList<>();
    final List<Order> orders = new ArrayList<>();
    final List<UsageEvent> events = new ArrayList<>();
    final List<Ticket> tickets = new ArrayList<>();
    final List<SurveyResponse> surveys = new ArrayList<>();
    final List<AcquisitionSpend> spend = new ArrayList<>();
    final Set<String> seen = new HashSet<>();
    int orphans;
    CompanySimulator.Summary summary;

    static Recording of(CompanySimulator.Settings settings) {
      Recording recording = new Recording();
      recording.summary = new CompanySimulator(settings).run(recording);
      return recording;
    }

    private void check(String customerId) {
      if (!seen.contains(customerId)) {
        orphans++;
      }
    }

    @Override
    public void customer(Customer customer) {
      seen.add(customer.id());
      customers.add(customer);
    }

    @Override
    public void subscription(Subscription period) {
      check(period.customerId());
      subscriptions.add(period);
    }

    @Override
    public void order(Order order) {
      check(order.customerId());
      orders.add(order);
    }

    @Override
    public void event(UsageEvent event) {
      check(event.customerId());
      events.add(event);
    }

    @Override
    public void ticket(Ticket ticket) {
      check(ticket.customerId());
      tickets.add(ticket);
    }

    @Override
    public void survey(SurveyResponse response) {
      check(response.customerId());
      surveys.add(response);
    }

    @Override
    public void spend(AcquisitionSpend row) {
      spend.add(row);
    }
  }
}
