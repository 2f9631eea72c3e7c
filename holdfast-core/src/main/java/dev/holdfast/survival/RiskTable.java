package dev.holdfast.survival;

import java.util.Arrays;
import java.util.Objects;

/**
 * Validated right-censored observations tallied per distinct time and group: how many were at risk, had the
 * event, or were censored.
 *
 * <p>A subject observed at {@code t} is at risk at {@code t}, so a censoring tied with an event counts in the
 * risk set of that event (the convention of Kaplan and Meier 1958 and of R's survival package). Equal
 * doubles are ties; unlike R's {@code aeqSurv} this does not merge times that differ in the last bits.
 */
final class RiskTable {
  private final double[] times;
  private final int[][] atRisk;
  private final int[][] events;
  private final int[][] censored;
  private final int[] labels;
  private final int[] subjects;

  private RiskTable(double[] times, int[][] atRisk, int[][] events, int[][] censored, int[] labels,
      int[] subjects) {
    this.times = times;
    this.atRisk = atRisk;
    this.events = events;
    this.censored = censored;
    this.labels = labels;
    this.subjects = subjects;
  }

  /** One group holding every subject. */
  static RiskTable of(double[] times, boolean[] events) {
    checkObservations(times, events);
    return tally(times, events, new int[times.length], new int[] {0});
  }

  /** One group per distinct label, in ascending label order. */
  static RiskTable of(double[] times, boolean[] events, int[] groups) {
    checkObservations(times, events);
    Objects.requireNonNull(groups, "groups");
    if (groups.length != times.length) {
      throw new IllegalArgumentException("times and groups must have the same length: times has "
          + times.length + ", groups has " + groups.length);
    }
    int[] labels = Arrays.stream(groups).sorted().distinct().toArray();
    int[] index = new int[groups.length];
    for (int subject = 0; subject < groups.length; subject++) {
      index[subject] = Arrays.binarySearch(labels, groups[subject]);
    }
    return tally(times, events, index, labels);
  }

  /** Reads 0 as censored and 1 as an event. */
  static boolean[] events(int[] status) {
    Objects.requireNonNull(status, "events");
    boolean[] events = new boolean[status.length];
    for (int subject = 0; subject < status.length; subject++) {
      if (status[subject] != 0 && status[subject] != 1) {
        throw new IllegalArgumentException("events[" + subject + "] must be 0 (censored) or 1 (event): "
            + status[subject]);
      }
      events[subject] = status[subject] == 1;
    }
    return events;
  }

  private static void checkObservations(double[] times, boolean[] events) {
    Objects.requireNonNull(times, "times");
    Objects.requireNonNull(events, "events");
    if (times.length == 0) {
      throw new IllegalArgumentException("times must not be empty: survival needs at least one subject");
    }
    if (events.length != times.length) {
      throw new IllegalArgumentException("times and events must have the same length: times has "
          + times.length + ", events has " + events.length);
    }
    for (int subject = 0; subject < times.length; subject++) {
      double time = times[subject];
      if (!(time >= 0) || Double.isInfinite(time)) {
        throw new IllegalArgumentException("times[" + subject + "] must be a finite number >= 0: " + time);
      }
    }
  }

  private static RiskTable tally(double[] times, boolean[] events, int[] groupIndex, int[] labels) {
    int groups = labels.length;
    int[] eventCount = new int[groups];
    int[] censorCount = new int[groups];
    for (int subject = 0; subject < times.length; subject++) {
      if (events[subject]) {
        eventCount[groupIndex[subject]]++;
      } else {
        censorCount[groupIndex[subject]]++;
      }
    }
    double[][] eventTimes = new double[groups][];
    double[][] censorTimes = new double[groups][];
    for (int group = 0; group < groups; group++) {
      eventTimes[group] = new double[eventCount[group]];
      censorTimes[group] = new double[censorCount[group]];
    }
    int[] eventFill = new int[groups];
    int[] censorFill = new int[groups];
    for (int subject = 0; subject < times.length; subject++) {
      int group = groupIndex[subject];
      double time = times[subject] + 0.0; // -0.0 becomes 0.0
      if (events[subject]) {
        eventTimes[group][eventFill[group]++] = time;
      } else {
        censorTimes[group][censorFill[group]++] = time;
      }
    }
    double[] distinct = distinctSorted(times);
    int[][] atRisk = new int[groups][distinct.length];
    int[][] eventsAt = new int[groups][distinct.length];
    int[][] censoredAt = new int[groups][distinct.length];
    int[] subjects = new int[groups];
    for (int group = 0; group < groups; group++) {
      double[] groupEvents = eventTimes[group];
      double[] groupCensored = censorTimes[group];
      Arrays.sort(groupEvents);
      Arrays.sort(groupCensored);
      subjects[group] = groupEvents.length + groupCensored.length;
      int remaining = subjects[group];
      int nextEvent = 0;
      int nextCensored = 0;
      for (int row = 0; row < distinct.length; row++) {
        int died = 0;
        while (nextEvent < groupEvents.length && groupEvents[nextEvent] == distinct[row]) {
          died++;
          nextEvent++;
        }
        int lost = 0;
        while (nextCensored < groupCensored.length && groupCensored[nextCensored] == distinct[row]) {
          lost++;
          nextCensored++;
        }
        atRisk[group][row] = remaining;
        eventsAt[group][row] = died;
        censoredAt[group][row] = lost;
        remaining -= died + lost;
      }
    }
    return new RiskTable(distinct, atRisk, eventsAt, censoredAt, labels, subjects);
  }

  private static double[] distinctSorted(double[] times) {
    double[] sorted = new double[times.length];
    for (int subject = 0; subject < times.length; subject++) {
      sorted[subject] = times[subject] + 0.0;
    }
    Arrays.sort(sorted);
    int distinct = 0;
    for (int index = 0; index < sorted.length; index++) {
      if (index == 0 || sorted[index] != sorted[distinct - 1]) {
        sorted[distinct++] = sorted[index];
      }
    }
    return Arrays.copyOf(sorted, distinct);
  }

  int rows() {
    return times.length;
  }

  int groups() {
    return labels.length;
  }

  double time(int row) {
    return times[row];
  }

  int label(int group) {
    return labels[group];
  }

  int subjects(int group) {
    return subjects[group];
  }

  int atRisk(int group, int row) {
    return atRisk[group][row];
  }

  int events(int group, int row) {
    return events[group][row];
  }

  int censored(int group, int row) {
    return censored[group][row];
  }

  /** One group alone: the times at which a subject of that group had the event or was censored. */
  RiskTable group(int group) {
    int rows = 0;
    for (int row = 0; row < times.length; row++) {
      if (events[group][row] + censored[group][row] > 0) {
        rows++;
      }
    }
    double[] groupTimes = new double[rows];
    int[][] groupAtRisk = new int[1][rows];
    int[][] groupEvents = new int[1][rows];
    int[][] groupCensored = new int[1][rows];
    int kept = 0;
    for (int row = 0; row < times.length; row++) {
      if (events[group][row] + censored[group][row] > 0) {
        groupTimes[kept] = times[row];
        groupAtRisk[0][kept] = atRisk[group][row];
        groupEvents[0][kept] = events[group][row];
        groupCensored[0][kept] = censored[group][row];
        kept++;
      }
    }
    return new RiskTable(groupTimes, groupAtRisk, groupEvents, groupCensored, new int[] {labels[group]},
        new int[] {subjects[group]});
  }
}
