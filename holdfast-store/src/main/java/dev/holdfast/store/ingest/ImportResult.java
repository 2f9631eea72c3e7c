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

  /**
   * Rows of one canonical table: new, updated, already present and equal, and present but different (kept), with the
   * keys of the first {@link #EXAMPLES} conflicting rows, so that they can be found.
   */
  public record TableCounts(long inserted, long updated, long unchanged, long conflicting, List<String> conflictingKeys) {
    /** How many conflicting keys are told. */
    public static final int EXAMPLES = 5;

    public TableCounts {
      conflictingKeys = List.copyOf(conflictingKeys);
    }

    public TableCounts(long inserted, long updated, long unchanged, long conflicting) {
      this(inserted, updated, unchanged, conflicting, List.of());
    }

    TableCounts plus(TableCounts other) {
      List<String> keys = new java.util.ArrayList<>(conflictingKeys);
      keys.addAll(other.conflictingKeys);
      return new TableCounts(inserted + other.inserted, updated + other.updated, unchanged + other.unchanged,
          conflicting + other.conflicting, keys.subList(0, Math.min(EXAMPLES, keys.size())));
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
