package dev.holdfast.retention;

/**
 * Monthly recurring revenue at the start and end of a period and the movements between them.
 *
 * <p>end − start = new + expansion + reactivation − contraction − churned + billingChange, exactly: every
 * customer's change falls in one movement. {@code billingChange} is a drop that comes only from moving to
 * a longer billing period on the same plan (an annual discount), which is not a contraction.
 * Gross revenue churn = (contraction + churned) ÷ start × 100; net revenue retention =
 * (start + expansion + reactivation − contraction − churned) ÷ start × 100; ARPA = end ÷ paying customers.
 */
public record MrrMovements(
    double start,
    double end,
    double added,
    double expansion,
    double contraction,
    double churned,
    double reactivation,
    double billingChange,
    long payingAtEnd) {

  public MrrMovements {
    if (start < 0 || end < 0 || added < 0 || expansion < 0 || contraction < 0 || churned < 0 || reactivation < 0) {
      throw new IllegalArgumentException("MRR amounts and movements are not negative (contraction and churn are given as positive"
          + " amounts): start=" + start + ", end=" + end + ", new=" + added + ", expansion=" + expansion + ", contraction="
          + contraction + ", churned=" + churned + ", reactivation=" + reactivation);
    }
  }

  /** (contraction + churned) ÷ start × 100; NaN without starting MRR. */
  public double grossRevenueChurn() {
    return start == 0 ? Double.NaN : 100.0 * (contraction + churned) / start;
  }

  /** (start + expansion + reactivation − contraction − churned) ÷ start × 100; NaN without starting MRR. */
  public double netRevenueRetention() {
    return start == 0 ? Double.NaN : 100.0 * (start + expansion + reactivation - contraction - churned) / start;
  }

  /** Average revenue per account: end ÷ customers paying at the end; NaN when none pay. */
  public double arpa() {
    return payingAtEnd == 0 ? Double.NaN : end / payingAtEnd;
  }

  /** The sum of the movements, which equals end − start. */
  public double net() {
    return added + expansion + reactivation - contraction - churned + billingChange;
  }
}
