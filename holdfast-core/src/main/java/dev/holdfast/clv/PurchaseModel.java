package dev.holdfast.clv;

/**
 * A non-contractual repeat-purchase model conditioned on a customer's history {@code (x, t_x, T)}: the BG/NBD and
 * the Pareto/NBD answer the same two questions, so customer value can be computed from either.
 */
public interface PurchaseModel {
  /** P(the customer is still alive at T) given {@code x} repeat purchases, the last at {@code t_x}, observed for {@code T}. */
  double probabilityAlive(double frequency, double recency, double age);

  /** Expected purchases in the next {@code duration} time units given the history. */
  double conditionalExpectedPurchases(double duration, double frequency, double recency, double age);

  /**
   * Expected purchases in the next {@code duration} time units of a customer who is alive at {@code T}, with
   * {@code x} repeat purchases: the conditional expectation is this times P(alive | x, t_x, T), and this part does
   * not depend on {@code t_x}, so a valuation can compute it once per {@code (x, T)}.
   */
  double expectedPurchasesIfAlive(double duration, double frequency, double age);
}
