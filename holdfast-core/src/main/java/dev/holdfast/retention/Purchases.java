package dev.holdfast.retention;

/**
 * Orders in a period: ordering customers, completed orders, revenue (net of refunds under the default
 * {@code refunds = net} policy) and customers with two or more orders.
 *
 * <p>Repeat customer rate = repeat buyers ÷ buyers × 100 (200 of 800 → 25 %); purchase frequency =
 * orders ÷ buyers (1,000 ÷ 250 → 4); average order value = revenue ÷ orders; revenue per customer =
 * revenue ÷ buyers.
 */
public record Purchases(long buyers, long orders, double revenue, long repeatBuyers) {
  public Purchases {
    if (buyers < 0 || orders < buyers || repeatBuyers > buyers || repeatBuyers < 0) {
      throw new IllegalArgumentException("inconsistent purchase counts: buyers=" + buyers + ", orders=" + orders
          + ", repeat buyers=" + repeatBuyers + " (need orders ≥ buyers ≥ repeat buyers ≥ 0)");
    }
  }

  public double repeatRate() {
    return buyers == 0 ? Double.NaN : 100.0 * repeatBuyers / buyers;
  }

  public double purchaseFrequency() {
    return buyers == 0 ? Double.NaN : (double) orders / buyers;
  }

  public double averageOrderValue() {
    return orders == 0 ? Double.NaN : revenue / orders;
  }

  public double revenuePerCustomer() {
    return buyers == 0 ? Double.NaN : revenue / buyers;
  }
}
