package dev.holdfast.trend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpikeDetectorTest {
  @Test
  void medianWithout_equalsTheMedianOfTheOtherValues_onRandomSamples() {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 500; trial++) {
      double[] values = new double[2 + random.nextInt(12)];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextInt(6);
      }
      Arrays.sort(values);
      int left = random.nextInt(values.length);
      double[] others = new double[values.length - 1];
      System.arraycopy(values, 0, others, 0, left);
      System.arraycopy(values, left + 1, others, left, values.length - left - 1);

      assertThat(SpikeDetector.medianWithout(values, values[left]))
          .as("%s without %s", Arrays.toString(values), values[left])
          .isEqualTo(RobustStatistics.median(others));
    }
  }
}
