package dev.holdfast.ml;

import java.util.HashSet;
import java.util.List;

/**
 * One input column of a churn model: a number, or a category coded as the index of one of its levels.
 *
 * <p>Models match features by name, and categorical levels by their names, never by position: a scoring
 * matrix may order its columns and levels differently from the training matrix.
 */
public sealed interface Feature {

  /** The feature's name, unique within a matrix. */
  String name();

  /** A numeric feature; missing values are {@code NaN}. */
  record Numeric(String name) implements Feature {
    public Numeric {
      checkName(name);
    }
  }

  /**
   * A categorical feature whose values are indices into {@code levels}; missing values are {@code NaN}.
   *
   * @param levels the distinct level names, in code order
   */
  record Categorical(String name, List<String> levels) implements Feature {
    public Categorical {
      checkName(name);
      levels = List.copyOf(levels);
      var seen = new HashSet<String>();
      for (String level : levels) {
        if (!seen.add(level)) {
          throw new IllegalArgumentException("feature \"" + name + "\" lists level \"" + level + "\" twice");
        }
      }
    }
  }

  private static void checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a feature name cannot be blank: \"" + name + "\"");
    }
  }
}
