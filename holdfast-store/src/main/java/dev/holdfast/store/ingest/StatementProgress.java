package dev.holdfast.store.ingest;

import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.QueryProgress;

/**
 * Runs one long statement of the direct import (which reads a whole file) and passes on, as bytes of that file, the
 * share of the work DuckDB reports while it runs: the progress bar moves during the statement instead of jumping at
 * its end. DuckDB tracks a query's progress only with {@code enable_progress_bar} on; {@link #track} turns it on
 * without its own printing.
 */
final class StatementProgress {
  private static final long POLL_MILLIS = 200;

  private final DuckDBConnection connection;
  private final LongConsumer progress;
  private final long bytes;
  private final long otherRows;
  private long reported;

  /**
   * Reports up to {@code bytes} (the size of the file the statement reads) to {@code progress}. DuckDB weighs each
   * scan of a query by its rows, and a CSV file read without DuckDB's sniffing weighs almost nothing: {@code otherRows}
   * are the rows of the tables the statement reads whole besides the file (the customers, for the check of references),
   * left out of the count so that the file's own share shows.
   */
  StatementProgress(DuckDBConnection connection, LongConsumer progress, long bytes, long otherRows) {
    this.connection = connection;
    this.progress = progress;
    this.bytes = Math.max(bytes, 0);
    this.otherRows = Math.max(otherRows, 0);
  }

  /** Turns DuckDB's tracking of query progress on (or back off) for the connection, without DuckDB printing it. */
  static void track(DuckDBConnection connection, boolean on) throws SQLException {
    try (var statement = connection.createStatement()) {
      if (on) {
        statement.execute("SET enable_progress_bar = true");
        statement.execute("SET enable_progress_bar_print = false");
        statement.execute("SET progress_bar_time = 0");
      } else {
        statement.execute("RESET enable_progress_bar");
        statement.execute("RESET enable_progress_bar_print");
        statement.execute("RESET progress_bar_time");
      }
    }
  }

  /** Runs {@code sql} and returns its update count; what it reported so far stays reported when it fails. */
  long executeUpdate(String sql) throws SQLException {
    try (DuckDBPreparedStatement statement = connection.prepareStatement(sql).unwrap(DuckDBPreparedStatement.class)) {
      ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "holdfast-import-progress");
        thread.setDaemon(true);
        return thread;
      });
      poller.scheduleWithFixedDelay(() -> poll(statement), POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
      try {
        return statement.executeLargeUpdate();
      } finally {
        poller.shutdownNow();
        try {
          poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** Reports the rest of the file: the statement has read all of it. */
  void finish() {
    report(bytes);
  }

  /** The bytes reported so far. */
  synchronized long reported() {
    return reported;
  }

  private void poll(DuckDBPreparedStatement statement) {
    QueryProgress now;
    try {
      now = statement.getQueryProgress();
    } catch (SQLException | RuntimeException e) {
      return; // only the bar is lost
    }
    long processed = now.getRowsProcessed() - otherRows;
    long total = now.getTotalRowsToProcess() - otherRows;
    if (now.getPercentage() >= 0 && processed > 0 && total > 0) {
      // never the whole file before the statement has ended
      report((long) (bytes * Math.min((double) processed / total, 0.99)));
    }
  }

  private void report(long done) {
    long step;
    synchronized (this) {
      step = done - reported;
      if (step <= 0) {
        return;
      }
      reported = done;
    }
    progress.accept(step);
  }
}
