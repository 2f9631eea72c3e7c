package dev.holdfast.store.clv;

import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.HoldfastException.StoreException;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.store.SqlFile;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The purchase histories the CLV models fit on, read from a store's orders as compact arrays: per customer
 * the repeat purchases (frequency), the time of the last one (recency) and the customer's age (T) at the
 * calibration end, the mean repeat spend, and the purchases in a holdout period after it.
 */
public final class PurchaseHistory {
  private static final SqlFile SQL = SqlFile.load(PurchaseHistory.class, "/dev/holdfast/store/clv/history.sql");

  /** One array element per customer, in customer id order. Times are in the unit asked for (weeks: 7 days). */
  public record Summary(
      String[] customerIds, double[] frequency, double[] recency, double[] age, double[] meanRepeatSpend, double[] holdout) {
    public int size() {
      return customerIds.length;
    }
  }

  private final DuckDbStore store;

  public PurchaseHistory(DuckDbStore store) {
    this.store = store;
  }

  /**
   * The summary at {@code calibrationEnd} (inclusive), counting holdout purchases up to {@code holdoutEnd}
   * (inclusive; the same day for none), in units of {@code unitDays} days, over completed orders in {@code currency}.
   */
  public Summary summarize(LocalDate calibrationEnd, LocalDate holdoutEnd, int unitDays, String currency) {
    if (holdoutEnd.isBefore(calibrationEnd)) {
      throw new InputException("the holdout ends (" + holdoutEnd + ") before the calibration period does (" + calibrationEnd
          + "); give a holdout end on or after the calibration end");
    }
    if (unitDays < 1) {
      throw new IllegalArgumentException("a time unit is at least one day: " + unitDays);
    }
    List<String> ids = new ArrayList<>();
    double[][] columns = new double[5][1024];
    try (PreparedStatement query = store.connection().prepareStatement(SQL.get("summary"))) {
      query.setObject(1, calibrationEnd);
      query.setInt(2, unitDays);
      query.setString(3, currency);
      query.setObject(4, holdoutEnd);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          int i = ids.size();
          ids.add(rows.getString(1));
          if (i == columns[0].length) {
            for (int c = 0; c < columns.length; c++) {
              columns[c] = Arrays.copyOf(columns[c], i * 2);
            }
          }
          for (int c = 0; c < columns.length; c++) {
            columns[c][i] = rows.getDouble(c + 2);
          }
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot summarise purchase histories: " + e.getMessage(), e);
    }
    int n = ids.size();
    return new Summary(ids.toArray(String[]::new), Arrays.copyOf(columns[0], n), Arrays.copyOf(columns[1], n), Arrays.copyOf(columns[2], n),
        Arrays.copyOf(columns[3], n), Arrays.copyOf(columns[4], n));
  }

  /** A customer's RFM scores (1..5, 5 best) and the segment their recency and frequency scores name. */
  public record Rfm(String customerId, long recencyDays, long purchaseDays, double monetary, int recency, int frequency, int monetaryScore,
      String segment) {}

  /** RFM scores on {@code day} over completed orders in {@code currency} up to that day, by customer id. */
  public List<Rfm> rfm(LocalDate day, String currency) {
    List<Rfm> scores = new ArrayList<>();
    try (PreparedStatement query = store.connection().prepareStatement(SQL.get("rfm"))) {
      query.setObject(1, day);
      query.setString(2, currency);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          scores.add(new Rfm(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getDouble(4), rows.getInt(5), rows.getInt(6), rows.getInt(7),
              rows.getString(8)));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot score RFM: " + e.getMessage(), e);
    }
    return scores;
  }
}
