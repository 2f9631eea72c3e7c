package dev.holdfast.model;

/**
 * Receives canonical records, e.g. from the simulator; the store's bulk writer implements it.
 *
 * <p>Records of one customer may arrive in any order across tables, but a customer always arrives
 * before anything that refers to it.
 */
public interface CanonicalSink {
  void customer(Customer customer);

  void subscription(Subscription subscription);

  void order(Order order);

  void event(UsageEvent event);

  void ticket(Ticket ticket);

  void survey(SurveyResponse response);

  void spend(AcquisitionSpend spend);
}
