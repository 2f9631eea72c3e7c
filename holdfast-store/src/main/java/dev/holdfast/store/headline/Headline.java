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
 * The headline retention figures of a store: customers per month with churn (DESIGN.md: churn rate =
 * lost ÷ S × 100, CRR = (E − N) ÷ S × 100), MRR on a day, and the repeat-purchase summary.
 */
public final class Headline {
  private static final SqlFile QUERIES = SqlFile.load(Headline.class, "/dev/holdfast/store/headline/headline.sql");

  /** One month of subscription customers. */
  public record Month(LocalDate start, long atStart, long atEnd, long added, long lost) {
    /** lost ÷ S × 100, or NaN when nobody was active at the start. */
    public double churnRate() {
      return atStart == 0 ? Double.NaN : 100.0 * lost / atStart;
    }

    /** (E − N) ÷ S × 100, or NaN when nobody was active at the start. */
    public double retentionRate() {
      return atStart == 0 ? Double.NaN : 100.0 * (atEnd - added) / atStart;
    }
  }

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
  private final int gapDays;

  public Headline(DuckDbStore store, int gapDays) {
    this.store = store;
    this.gapDays = gapDays;
  }

  /** Months whose first days run from {@code first} to {@code last}, both first days of months. */
  public List<Month> months(LocalDate first, LocalDate last) {
    List<Month> months = new ArrayList<>();
    try (PreparedStatement query = store.connection().prepareStatement(QUERIES.get("monthly_customers"))) {
      query.setObject(1, first);
      query.setObject(2, last);
      query.setInt(3, gapDays);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          months.add(new Month(rows.getObject(1, LocalDate.class), rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getLong(5)));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot compute monthly customers: " + e.getMessage(), e);
    }
    return months;
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
