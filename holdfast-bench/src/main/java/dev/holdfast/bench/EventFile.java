package dev.holdfast.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a deterministic usage-events CSV in the canonical columns, and the matching customers CSV,
 * for the import benchmark ({@code holdfast-bench/scripts/import-bench.sh}).
 *
 * <p>Usage: {@code java -cp holdfast-bench/target/classes dev.holdfast.bench.EventFile ROWS CUSTOMERS OUT_DIR}
 */
public final class EventFile {
  private static final String[] TYPES = {"login", "report_run", "export", "api_call"};

  private EventFile() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: EventFile ROWS CUSTOMERS OUT_DIR");
      System.exit(2);
    }
    long rows = Long.parseLong(args[0]);
    int customers = Integer.parseInt(args[1]);
    Path folder = Path.of(args[2]);
    Files.createDirectories(folder);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(folder.resolve("customers.csv")), 1 << 20)) {
      out.write("id,created,plan,country\n".getBytes(StandardCharsets.US_ASCII));
      for (int customer = 0; customer < customers; customer++) {
        out.write(("B" + customer + ",2023-01-01,pro,DE\n").getBytes(StandardCharsets.US_ASCII));
      }
    }
    SplittableRandom random = new SplittableRandom(20261123L);
    long start = 1_672_531_200L;
    StringBuilder line = new StringBuilder(96);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(folder.resolve("events.csv")), 1 << 20)) {
      out.write("customer_id,user_id,occurred_at,type,value\n".getBytes(StandardCharsets.US_ASCII));
      for (long row = 0; row < rows; row++) {
        long second = start + random.nextLong(365L * 86_400L);
        line.setLength(0);
        line.append('B').append(random.nextInt(customers)).append(",u").append(random.nextInt(5)).append(',')
            .append(java.time.Instant.ofEpochSecond(second)).append(',')
            .append(TYPES[random.nextInt(TYPES.length)]).append(',').append(random.nextInt(100)).append('\n');
        out.write(line.toString().getBytes(StandardCharsets.US_ASCII));
      }
    }
  }
}
