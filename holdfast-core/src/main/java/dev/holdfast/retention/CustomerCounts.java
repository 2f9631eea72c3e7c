package dev.holdfast.retention;

/**
 * The customers of one period: S active at its start, E active at its end, those new (first ever active)
 * and reactivated (back after a churn) in it, and those lost (of S, not active at the end).
 *
 * <p>Churn rate = lost ÷ S × 100; customer retention rate CRR = (E − N) ÷ S × 100, where N counts every
 * customer who joined during the period, new or reactivated, so CRR measures how much of S is still there
 * and is at most 100. {@code goneSamePeriod} are customers who joined and left within the period; the
 * {@code same_period_signup_cancel} policy decides whether they are in {@code added}/{@code reactivated}
 * ({@code count}) or left out of the period altogether ({@code exclude}).
 */
public record CustomerCounts(
    long atStart,
    long atEnd,
    long added,
    long reactivated,
    long reactivatedAfterWindow,
    long lost,
    long lostVoluntary,
    long lostInvoluntary,
    long goneSamePeriod) {

  public CustomerCounts {
    if (atStart < 0 || atEnd < 0 || added < 0 || reactivated < 0 || lost < 0 || goneSamePeriod < 0) {
      throw new IllegalArgumentException("customer counts cannot be negative: S=" + atStart + ", E=" + atEnd + ", new=" + added
          + ", reactivated=" + reactivated + ", lost=" + lost + ", gone in the period=" + goneSamePeriod);
    }
    if (lost > atStart) {
      throw new IllegalArgumentException("more customers lost than were active at the start: lost=" + lost + ", S=" + atStart);
    }
  }

  /** A period without reactivations, churn types or same-period departures, as in the textbook examples. */
  public static CustomerCounts of(long atStart, long atEnd, long added, long lost) {
    return new CustomerCounts(atStart, atEnd, added, 0, 0, lost, 0, 0, 0);
  }

  /** lost ÷ S × 100; NaN when nobody was active at the start. */
  public double churnRate() {
    return atStart == 0 ? Double.NaN : 100.0 * lost / atStart;
  }

  /** (E − N) ÷ S × 100 with N = new + reactivated; NaN when nobody was active at the start. */
  public double retentionRate() {
    return atStart == 0 ? Double.NaN : 100.0 * (atEnd - added - reactivated) / atStart;
  }

  /** Voluntary share of the lost customers whose churn type is known, × 100. */
  public double voluntaryShare() {
    long known = lostVoluntary + lostInvoluntary;
    return known == 0 ? Double.NaN : 100.0 * lostVoluntary / known;
  }
}
