package dev.holdfast.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast {@code ln(1 + x)} and {@code e^x − 1} against the JDK's, over arguments of every magnitude. */
class LogExpTest {

  @Test
  void log1pAndExpm1_agreeWithTheJdkToAFewUnitsInTheLastPlace() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 100_000; i++) {
      double magnitude = Math.pow(10, random.nextDouble(-20, 3));
      double x = random.nextBoolean() ? magnitude : -Math.min(magnitude, random.nextDouble());
      double log = Math.log1p(x);
      assertThat(LogExp.log1p(x)).as("log1p(%s)", x).isCloseTo(log, within(4 * Math.ulp(log)));
      double y = random.nextBoolean() ? magnitude : -magnitude;
      double exp = Math.expm1(Math.min(y, 700));
      assertThat(LogExp.expm1(Math.min(y, 700))).as("expm1(%s)", y).isCloseTo(exp, within(4 * Math.ulp(exp)));
    }
    assertThat(LogExp.log1p(0)).isZero();
    assertThat(LogExp.expm1(0)).isZero();
    assertThat(LogExp.expm1(-800)).isEqualTo(-1);
  }
}
