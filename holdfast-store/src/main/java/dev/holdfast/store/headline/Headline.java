package dev.holdfast.store.headline;

import dev.holdfast.HoldfastException.StoreException;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.SqlFile;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The headline figures `holdfast demo` prints beside the monthly metrics: MRR on a day per currency and the
 * all-time repeat-purchase summary. Period metrics are {@code dev.holdfast.store.retention.RetentionMetrics}.
 */
public final class Headline {
  private static final SqlFile QUERIES = SqlFile.load(Headline.class, "/dev/holdfast/store/headline/headline.sql");

  /** MRR in one currency on one day. */
  public record Mrr(String currency, BigDecimal amount, long customers) {}

  /** Completed orders: buyers, orders, revenue and buyers with two or more orders. */
  public record Orders(long buyers, long orders, BigDecimal revenue, long repeatBuyers) {
    public double repeatRate() {
      return buyers == 0 ? Double.NaN : 100.0 * repeatBuyers / buyers;
    }

    public double purchaseFrequency() {
      return buyers == 0 ? Double.NaN : (double) orders / buyers;
    }
  }

  private final DuckDbStore store;

  public Headline(DuckDbStore store) {
    this.store = store;
  }

  public List<Mrr> mrrOn(LocalDate day) {
    List<Mrr> mrr = new ArrayList<>();
    try (PreparedStatement query = store.connection().prepareStatement(QUERIES.get("mrr_at"))) {
      query.setObject(1, day);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          mrr.add(new Mrr(rows.getString(1), rows.getBigDecimal(2), rows.getLong(3)));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot compute MRR: " + e.getMessage(), e);
    }
    return mrr;
  }

  public Orders orders() {
    try (PreparedStatement query = store.connection().prepareStatement(QUERIES.get("orders_summary"));
        ResultSet rows = query.executeQuery()) {
      rows.next();
      return new Orders(rows.getLong(1), rows.getLong(2), rows.getBigDecimal(3), rows.getLong(4));
    } catch (SQLException e) {
      throw new StoreException("cannot summarise orders: " + e.getMessage(), e);
    }
  }
}
