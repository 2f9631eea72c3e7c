package dev.holdfast.store.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an import did: lines read, rows written per table, lines skipped by the mapping's rules and
 * lines rejected, with the first problems found.
 */
public record ImportResult(
    long linesRead,
    Map<String, TableCounts> tables,
    Map<String, Long> skippedByRule,
    long customersCreated,
    long rejectedLines,
    List<Problem> firstProblems,
    long totalProblems,
    Duration elapsed) {

  /** Rows of one canonical table: new, updated, already present and equal, and present but different (kept). */
  public record TableCounts(long inserted, long updated, long unchanged, long conflicting) {
    TableCounts plus(TableCounts other) {
      return new TableCounts(
          inserted + other.inserted, updated + other.updated, unchanged + other.unchanged, conflicting + other.conflicting);
    }
  }

  public long written() {
    return tables.values().stream().mapToLong(counts -> counts.inserted() + counts.updated()).sum();
  }

  public double linesPerSecond() {
    double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
    return linesRead / seconds;
  }
}
