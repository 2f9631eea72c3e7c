package dev.holdfast.survival;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of a log-rank test: observed and expected events per group, the chi-square statistic, its
 * degrees of freedom and p-value, as R's {@code survdiff} reports them.
 *
 * @param groups one entry per group label, in ascending label order
 * @param chiSquare the test statistic
 * @param degreesOfFreedom the groups with expected events above zero, minus one
 * @param pValue the upper tail probability of {@code chiSquare}; 1 when {@code degreesOfFreedom} is 0
 */
public record LogRankResult(List<Group> groups, double chiSquare, int degreesOfFreedom, double pValue) {

  public LogRankResult {
    groups = List.copyOf(Objects.requireNonNull(groups, "groups"));
    if (groups.size() < 2) {
      throw new IllegalArgumentException("a log-rank test compares at least 2 groups: " + groups.size());
    }
    if (!(chiSquare >= 0) || Double.isInfinite(chiSquare)) {
      throw new IllegalArgumentException("chiSquare must be a finite number >= 0: " + chiSquare);
    }
    if (degreesOfFreedom < 0 || degreesOfFreedom >= groups.size()) {
      throw new IllegalArgumentException("degreesOfFreedom must lie in [0, " + (groups.size() - 1) + "]: "
          + degreesOfFreedom);
    }
    if (!(pValue >= 0 && pValue <= 1)) {
      throw new IllegalArgumentException("pValue must lie in [0, 1]: " + pValue);
    }
  }

  /** The group with this label. */
  public Group group(int label) {
    return groups.stream()
        .filter(group -> group.label() == label)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no group labelled " + label + " among "
            + groups.stream().map(Group::label).toList()));
  }

  /**
   * One group's share of a log-rank test.
   *
   * @param label the group's label as given
   * @param subjects the subjects in the group
   * @param observed the events observed in the group
   * @param expected the events expected in the group if all groups shared one hazard
   * @param variance the diagonal entry of the variance matrix of {@code observed − expected}
   */
  public record Group(int label, int subjects, int observed, double expected, double variance) {

    public Group {
      if (subjects < 1 || observed < 0 || observed > subjects) {
        throw new IllegalArgumentException("a group needs subjects >= 1 and 0 <= observed <= subjects: "
            + "label=" + label + ", subjects=" + subjects + ", observed=" + observed);
      }
      if (!(expected >= 0) || !(variance >= 0)) {
        throw new IllegalArgumentException("expected and variance must be numbers >= 0: label=" + label
            + ", expected=" + expected + ", variance=" + variance);
      }
    }
  }
}
