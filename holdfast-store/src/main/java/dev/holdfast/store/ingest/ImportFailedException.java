package dev.holdfast.store.ingest;

import dev.holdfast.HoldfastException;
import java.util.List;

/** An import found bad rows and, as asked, wrote nothing; it carries the first problems and their total. */
public final class ImportFailedException extends HoldfastException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> firstProblems;
  private final long totalProblems;
  private final long badLines;

  ImportFailedException(String message, List<Problem> firstProblems, long totalProblems, long badLines) {
    super(message);
    this.firstProblems = List.copyOf(firstProblems);
    this.totalProblems = totalProblems;
    this.badLines = badLines;
  }

  public List<Problem> firstProblems() {
    return firstProblems;
  }

  public long totalProblems() {
    return totalProblems;
  }

  public long badLines() {
    return badLines;
  }
}
