package dev.holdfast.store;

import dev.holdfast.HoldfastException.StoreException;
import dev.holdfast.model.AcquisitionSpend;
import dev.holdfast.model.CanonicalSink;
import dev.holdfast.model.Customer;
import dev.holdfast.model.Order;
import dev.holdfast.model.Subscription;
import dev.holdfast.model.SurveyResponse;
import dev.holdfast.model.Ticket;
import dev.holdfast.model.UsageEvent;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes canonical records straight into a store's tables: the bulk path for generated data, which is
 * valid by construction and needs none of the importer's checks.
 *
 * <p>Most tables go through DuckDB appenders. Usage events, a hundred times more numerous, are written
 * as CSV chunks that DuckDB loads with its parallel reader on a second connection while the next chunk
 * is written: 145 s instead of about 6 minutes for 100 million events on two cores (docs/benchmarks.md).
 */
public final class AppenderSink implements CanonicalSink, AutoCloseable {
  private static final int EVENTS_PER_CHUNK = 2_000_000;

  private final DuckDBAppender customers;
  private final DuckDBAppender subscriptions;
  private final DuckDBAppender orders;
  private final EventChunks events;
  private final DuckDBAppender tickets;
  private final DuckDBAppender surveys;
  private final DuckDBAppender spend;

  public AppenderSink(DuckDbStore store) {
    DuckDBConnection connection = store.connection();
    try {
      customers = connection.createAppender("customers");
      subscriptions = connection.createAppender("subscriptions");
      orders = connection.createAppender("orders");
      events = new EventChunks(store);
      tickets = connection.createAppender("tickets");
      surveys = connection.createAppender("surveys");
      spend = connection.createAppender("spend");
    } catch (SQLException e) {
      throw new StoreException("cannot open appenders on " + store.file() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void customer(Customer customer) {
    try {
      customers.beginRow();
      customers.append(customer.id());
      timestamp(customers, customer.created());
      text(customers, customer.plan());
      text(customers, customer.country());
      text(customers, customer.channel());
      text(customers, customer.owner());
      text(customers, json(customer.attributes()));
      customers.endRow();
    } catch (SQLException e) {
      throw failure("customer " + customer.id(), e);
    }
  }

  @Override
  public void subscription(Subscription subscription) {
    try {
      subscriptions.beginRow();
      subscriptions.append(subscription.id());
      subscriptions.append(subscription.customerId());
      text(subscriptions, subscription.plan());
      subscriptions.append(subscription.mrr().setScale(4, java.math.RoundingMode.HALF_UP));
      subscriptions.append(subscription.currency());
      subscriptions.append(subscription.billingPeriod().code());
      subscriptions.append(subscription.started());
      date(subscriptions, subscription.ended());
      text(subscriptions, subscription.cancelReason());
      text(subscriptions, subscription.churnType() == null ? null : subscription.churnType().code());
      subscriptions.endRow();
    } catch (SQLException e) {
      throw failure("subscription " + subscription.id(), e);
    }
  }

  @Override
  public void order(Order order) {
    try {
      orders.beginRow();
      orders.append(order.id());
      orders.append(order.customerId());
      timestamp(orders, order.orderedAt());
      orders.append(order.amount().setScale(4, java.math.RoundingMode.HALF_UP));
      orders.append(order.currency());
      orders.append(order.status().code());
      orders.endRow();
    } catch (SQLException e) {
      throw failure("order " + order.id(), e);
    }
  }

  @Override
  public void event(UsageEvent event) {
    events.add(event);
  }

  @Override
  public void ticket(Ticket ticket) {
    try {
      tickets.beginRow();
      tickets.append(ticket.id());
      tickets.append(ticket.customerId());
      timestamp(tickets, ticket.opened());
      timestamp(tickets, ticket.closed());
      tickets.append(ticket.status().code());
      text(tickets, ticket.priority());
      text(tickets, ticket.category());
      if (ticket.satisfaction() == null) {
        tickets.appendNull();
      } else {
        tickets.append(ticket.satisfaction().intValue());
      }
      tickets.endRow();
    } catch (SQLException e) {
      throw failure("ticket " + ticket.id(), e);
    }
  }

  @Override
  public void survey(SurveyResponse response) {
    try {
      surveys.beginRow();
      surveys.append(response.id());
      surveys.append(response.customerId());
      surveys.append(response.kind().code());
      surveys.append(response.score());
      text(surveys, response.comment());
      timestamp(surveys, response.answeredAt());
      surveys.endRow();
    } catch (SQLException e) {
      throw failure("survey " + response.id(), e);
    }
  }

  @Override
  public void spend(AcquisitionSpend row) {
    try {
      spend.beginRow();
      spend.append(row.periodStart());
      spend.append(row.periodEnd());
      spend.append(row.channel());
      spend.append(row.amount().setScale(4, java.math.RoundingMode.HALF_UP));
      spend.append(row.currency());
      spend.endRow();
    } catch (SQLException e) {
      throw failure("spend " + row.channel() + " " + row.periodStart(), e);
    }
  }

  @Override
  public void close() {
    StoreException first = null;
    try {
      events.close();
    } catch (StoreException e) {
      first = e;
    }
    for (DuckDBAppender appender : new DuckDBAppender[] {customers, subscriptions, orders, tickets, surveys, spend}) {
      try {
        // DuckDB's close() drops a final chunk that fails a constraint without a word; flush() reports it.
        appender.flush();
        appender.close();
      } catch (SQLException e) {
        if (first == null) {
          first = new StoreException("cannot finish writing: " + e.getMessage(), e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static void text(DuckDBAppender appender, String value) throws SQLException {
    if (value == null) {
      appender.appendNull();
    } else {
      appender.append(value);
    }
  }

  private static void timestamp(DuckDBAppender appender, Instant value) throws SQLException {
    if (value == null) {
      appender.appendNull();
    } else {
      appender.appendEpochMicros(value.getEpochSecond() * 1_000_000L + value.getNano() / 1_000);
    }
  }

  private static void date(DuckDBAppender appender, LocalDate value) throws SQLException {
    if (value == null) {
      appender.appendNull();
    } else {
      appender.append(value);
    }
  }

  static String json(Map<String, String> attributes) {
    if (attributes.isEmpty()) {
      return null;
    }
    StringBuilder json = new StringBuilder("{");
    attributes.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
      if (json.length() > 1) {
        json.append(',');
      }
      quote(json, entry.getKey());
      json.append(':');
      quote(json, entry.getValue());
    });
    return json.append('}').toString();
  }

  private static void quote(StringBuilder json, String text) {
    json.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> {
          if (c < 0x20) {
            json.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }

  /**
   * Usage events buffered as CSV in temporary files next to the store; each full chunk is loaded by a
   * second connection in the background while the next one is written (at most one load in flight).
   */
  private static final class EventChunks {
    private static final byte[] DIGIT_TENS = new byte[100];
    private static final byte[] DIGIT_ONES = new byte[100];

    static {
      for (int i = 0; i < 100; i++) {
        DIGIT_TENS[i] = (byte) ('0' + i / 10);
        DIGIT_ONES[i] = (byte) ('0' + i % 10);
      }
    }

    private final DuckDbStore store;
    private final java.util.concurrent.ExecutorService loader =
        java.util.concurrent.Executors.newSingleThreadExecutor(task -> {
          Thread thread = new Thread(task, "holdfast-event-loader");
          thread.setDaemon(true);
          return thread;
        });
    private java.util.concurrent.Future<?> loading;
    private java.nio.file.Path file;
    private int chunk;
    private java.io.OutputStream out;
    private final byte[] buffer = new byte[1 << 20];
    private int used;
    private int rows;

    EventChunks(DuckDbStore store) {
      this.store = store;
    }

    void add(UsageEvent event) {
      try {
        if (out == null) {
          file = store.file().resolveSibling(store.file().getFileName() + ".events-" + (chunk++ % 2) + ".csv");
          out = java.nio.file.Files.newOutputStream(file);
        }
        if (used > buffer.length - 4096) {
          drain();
        }
        number(event.id());
        comma();
        text(event.customerId());
        comma();
        text(event.userId());
        comma();
        Instant at = event.occurredAt();
        number(at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000);
        comma();
        text(event.type());
        comma();
        double value = event.value();
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
          number((long) value);
        } else {
          text(Double.toString(value));
        }
        comma();
        text(event.properties());
        buffer[used++] = '\n';
        if (++rows == EVENTS_PER_CHUNK) {
          finishChunk();
        }
      } catch (java.io.IOException e) {
        throw new StoreException("cannot buffer events in " + file + ": " + e.getMessage(), e);
      }
    }

    private void comma() {
      buffer[used++] = ',';
    }

    private void number(long value) {
      if (value < 0) {
        if (value == Long.MIN_VALUE) {
          text(Long.toString(value));
          return;
        }
        buffer[used++] = '-';
        value = -value;
      }
      int digits = 1;
      for (long bound = 10; digits < 19 && value >= bound; bound *= 10) {
        digits++;
      }
      int position = used + digits;
      used = position;
      while (value >= 100) {
        int pair = (int) (value % 100);
        value /= 100;
        buffer[--position] = DIGIT_ONES[pair];
        buffer[--position] = DIGIT_TENS[pair];
      }
      if (value >= 10) {
        buffer[--position] = DIGIT_ONES[(int) value];
        buffer[--position] = DIGIT_TENS[(int) value];
      } else {
        buffer[--position] = (byte) ('0' + value);
      }
    }

    private void text(String value) {
      if (value == null) {
        return;
      }
      boolean plain = value.length() < 1024;
      for (int i = 0; plain && i < value.length(); i++) {
        char c = value.charAt(i);
        plain = c < 128 && c != ',' && c != '"' && c != '\n' && c != '\r';
      }
      if (plain) {
        if (used + value.length() + 64 > buffer.length) {
          drain();
        }
        for (int i = 0; i < value.length(); i++) {
          buffer[used++] = (byte) value.charAt(i);
        }
        return;
      }
      byte[] quoted = ('"' + value.replace("\"", "\"\"") + '"').getBytes(java.nio.charset.StandardCharsets.UTF_8);
      if (used + quoted.length + 64 > buffer.length) {
        drain();
      }
      if (quoted.length + 64 > buffer.length) {
        try {
          out.write(quoted);
        } catch (java.io.IOException e) {
          throw new StoreException("cannot buffer events in " + file + ": " + e.getMessage(), e);
        }
        return;
      }
      System.arraycopy(quoted, 0, buffer, used, quoted.length);
      used += quoted.length;
    }

    private void drain() {
      try {
        out.write(buffer, 0, used);
      } catch (java.io.IOException e) {
        throw new StoreException("cannot buffer events in " + file + ": " + e.getMessage(), e);
      }
      used = 0;
    }

    private void finishChunk() throws java.io.IOException {
      if (out == null) {
        return;
      }
      drain();
      out.close();
      out = null;
      waitForLoad();
      java.nio.file.Path chunkFile = file;
      int chunkRows = rows;
      rows = 0;
      loading = loader.submit(() -> load(chunkFile, chunkRows));
    }

    private void waitForLoad() {
      if (loading == null) {
        return;
      }
      try {
        loading.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted while loading generated events", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof StoreException storeException
            ? storeException
            : new StoreException("cannot load generated events: " + e.getCause().getMessage(), e.getCause());
      } finally {
        loading = null;
      }
    }

    private void load(java.nio.file.Path chunkFile, int chunkRows) {
      long began = System.nanoTime();
      try (java.sql.Connection connection = store.connection().duplicate();
          java.sql.Statement statement = connection.createStatement()) {
        // in any order: then DuckDB's threads fill whole row groups, where keeping the order left a part-filled one
        // at every boundary of the reader's batches (564 of 1,267 in a 1 M-customer store), and every later
        // checkpoint of the store took 2.5–6 s instead of a few milliseconds
        statement.execute("SET SESSION preserve_insertion_order = false");
        statement.execute("INSERT INTO events SELECT id, customer_id, user_id, to_timestamp(0) + to_microseconds(at_us), type, value,"
            + " CAST(properties AS JSON) FROM read_csv('" + chunkFile.toString().replace("'", "''") + "', header = false, auto_detect = false,"
            + " delim = ',', quote = '\"', escape = '\"', columns = {'id': 'BIGINT', 'customer_id': 'VARCHAR', 'user_id': 'VARCHAR',"
            + " 'at_us': 'BIGINT', 'type': 'VARCHAR', 'value': 'DOUBLE', 'properties': 'VARCHAR'})");
        java.nio.file.Files.deleteIfExists(chunkFile);
      } catch (SQLException | java.io.IOException e) {
        throw new StoreException("cannot load generated events from " + chunkFile + ": " + e.getMessage(), e);
      }
      if (System.getenv("HOLDFAST_TRACE") != null) {
        System.err.printf(java.util.Locale.ROOT, "trace: loaded %,d events in %.3f s%n", chunkRows, (System.nanoTime() - began) / 1e9);
      }
    }

    void close() {
      try {
        finishChunk();
        waitForLoad();
      } catch (java.io.IOException e) {
        throw new StoreException("cannot load generated events from " + file + ": " + e.getMessage(), e);
      } finally {
        loader.shutdownNow();
      }
    }
  }

  private static StoreException failure(String what, SQLException e) {
    return new StoreException("cannot write " + what + ": " + e.getMessage(), e);
  }
}
