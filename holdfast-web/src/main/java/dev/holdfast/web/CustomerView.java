package dev.holdfast.web;

import dev.holdfast.store.customer.ChurnScores;
import dev.holdfast.store.customer.ClvPredictions;
import dev.holdfast.store.customer.Customers;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One customer as the customer page shows it: attributes, state on the as-of date, subscription history,
 * orders, weekly activity by event type, tickets, survey answers, risk and health history with reasons, and
 * predicted value.
 */
final class CustomerView {
  static final int ORDERS = 100;

  private CustomerView() {}

  static Map<String, Object> of(Customers.History history, List<ChurnScores.Score> scores, Optional<ClvPredictions.Prediction> clv,
      LocalDate asOf, int inactivityDays, java.time.ZoneId zone, Locale language) {
    Customers.Profile profile = history.profile();
    Map<String, Object> customer = new LinkedHashMap<>();
    customer.put("id", profile.id());
    customer.put("created", profile.created() == null ? null : profile.created().toString());
    customer.put("plan", profile.plan());
    customer.put("country", profile.country());
    customer.put("channel", profile.channel());
    customer.put("owner", profile.owner());
    customer.put("attributes", profile.attributes());

    double mrr = 0;
    boolean subscribed = false;
    // the plan now, as the at-risk list shows it: the largest running subscription's, else the latest one's
    Customers.SubscriptionPeriod largest = null;
    Customers.SubscriptionPeriod latest = null;
    for (Customers.SubscriptionPeriod period : history.subscriptions()) {
      if (period.started().isAfter(asOf)) {
        continue;
      }
      if (latest == null || period.started().isAfter(latest.started())) {
        latest = period;
      }
      if (period.ended() == null || period.ended().isAfter(asOf)) {
        mrr += period.mrr();
        subscribed = true;
        if (largest == null || period.mrr() > largest.mrr()) {
          largest = period;
        }
      }
    }
    Customers.SubscriptionPeriod current = largest != null ? largest : latest;
    LocalDate lastOrder = history.orders().stream().filter(order -> order.status().equals("completed"))
        .map(order -> order.orderedAt().atZone(zone).toLocalDate()).max(LocalDate::compareTo).orElse(null);
    boolean buying = lastOrder != null && !lastOrder.plusDays(inactivityDays).isBefore(asOf);
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("as_of", asOf.toString());
    state.put("active", subscribed || buying);
    state.put("mrr", Math.round(mrr * 100) / 100.0);
    state.put("last_order", lastOrder == null ? null : lastOrder.toString());
    state.put("plan", current == null ? null : current.plan());

    Map<String, Object> view = new LinkedHashMap<>();
    view.put("customer", customer);
    view.put("state", state);
    view.put("subscriptions", history.subscriptions().stream().map(period -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", period.id());
      row.put("plan", period.plan());
      row.put("mrr", period.mrr());
      row.put("currency", period.currency());
      row.put("billing_period", period.billingPeriod());
      row.put("started", period.started().toString());
      row.put("ended", period.ended() == null ? null : period.ended().toString());
      row.put("cancel_reason", period.cancelReason());
      row.put("churn_type", period.churnType());
      return row;
    }).toList());
    view.put("orders", history.orders().stream().map(order -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", order.id());
      row.put("ordered_at", order.orderedAt().toString());
      row.put("amount", order.amount());
      row.put("currency", order.currency());
      row.put("status", order.status());
      return row;
    }).toList());
    view.put("order_totals", history.orderTotals().stream().map(total -> Map.of("currency", total.currency(), "orders", total.orders(),
        "completed", total.completed(), "completed_amount", total.completedAmount())).toList());
    view.put("activity", activity(history.activity(), profile.created() == null ? null : profile.created().atZone(zone).toLocalDate(), asOf));
    view.put("tickets", history.tickets().stream().map(ticket -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", ticket.id());
      row.put("opened", ticket.opened().toString());
      row.put("closed", ticket.closed() == null ? null : ticket.closed().toString());
      row.put("status", ticket.status());
      row.put("priority", ticket.priority());
      row.put("category", ticket.category());
      row.put("satisfaction", ticket.satisfaction());
      return row;
    }).toList());
    view.put("surveys", history.surveys().stream().map(answer -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", answer.id());
      row.put("kind", answer.kind());
      row.put("score", answer.score());
      row.put("comment", answer.comment());
      row.put("answered_at", answer.answeredAt().toString());
      return row;
    }).toList());
    view.put("scores", scores.stream().map(score -> RiskView.score(score, language)).toList());
    view.put("clv", clv.map(ClvView::prediction).orElse(null));
    return view;
  }

  /**
   * Weekly activity as a table: every week from the customer's sign-up (or first event, if earlier) to the as-of date
   * (or the last event, if later), so that recent silence shows as empty weeks, and per event type its counts.
   */
  private static Map<String, Object> activity(List<Customers.ActivityWeek> weeks, LocalDate created, LocalDate asOf) {
    Map<String, Object> view = new LinkedHashMap<>();
    if (weeks.isEmpty()) {
      view.put("weeks", List.of());
      view.put("types", Map.of());
      return view;
    }
    LocalDate first = weeks.get(0).week();
    LocalDate last = weeks.get(weeks.size() - 1).week();
    // the weeks start on Mondays, as the store groups them
    if (created != null && created.isBefore(first)) {
      first = created.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
    }
    LocalDate asOfWeek = asOf.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
    if (asOfWeek.isAfter(last)) {
      last = asOfWeek;
    }
    List<String> labels = new ArrayList<>();
    for (LocalDate week = first; !week.isAfter(last); week = week.plusWeeks(1)) {
      labels.add(week.toString());
    }
    Map<String, long[]> types = new TreeMap<>();
    for (String type : new TreeSet<>(weeks.stream().map(Customers.ActivityWeek::type).toList())) {
      types.put(type, new long[labels.size()]);
    }
    for (Customers.ActivityWeek week : weeks) {
      int index = (int) java.time.temporal.ChronoUnit.WEEKS.between(first, week.week());
      types.get(week.type())[index] += week.events();
    }
    view.put("weeks", labels);
    view.put("types", types);
    return view;
  }
}
