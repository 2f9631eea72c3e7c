package dev.holdfast.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EstimateTest {

  @Test
  void fromLogScale_carriesTheErrorByTheDeltaMethodAndExponentiatesTheInterval() {
    Estimate estimate = Estimate.fromLogScale(2.0, 0.1);
    assertThat(estimate.standardError()).isCloseTo(0.2, within(1e-15));
    assertThat(estimate.lower()).isCloseTo(2 * Math.exp(-1.959963984540054 * 0.1), within(1e-15));
    assertThat(estimate.upper()).isCloseTo(2 * Math.exp(1.959963984540054 * 0.1), within(1e-15));
    assertThat(estimate.covers(1.7)).isTrue();
    assertThat(estimate.covers(2.5)).isFalse();
  }

  @Test
  void fromLogScale_withoutAFiniteErrorHasNoInterval() {
    Estimate estimate = Estimate.fromLogScale(2.0, Double.NaN);
    assertThat(estimate.standardError()).isNaN();
    assertThat(estimate.covers(2.0)).isFalse();
    assertThat(Estimate.fromLogScale(1e300, 1e10).standardError()).isNaN();
  }

  @Test
  void constructor_rejectsAnIntervalThatMissesTheValue() {
    assertThatThrownBy(() -> new Estimate(2, 0.1, 2.1, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the interval [2.1, 3.0] must contain the value 2.0");
    assertThatThrownBy(() -> new Estimate(0, 0.1, 0, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value must be a finite number > 0: 0.0");
  }
}
