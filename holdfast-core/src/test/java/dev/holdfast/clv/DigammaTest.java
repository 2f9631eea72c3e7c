package dev.holdfast.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Digamma against mpmath at 40 digits (lines "digamma" of {@code bgnbd_gammagamma_reference.out}), across the
 * recurrence and the asymptotic series.
 */
class DigammaTest {

  @Test
  void of_matchesMpmathToDoublePrecision() {
    double[][] cases = {
        {1e-8, -100000000.57721565},
        {0.001, -1000.5755719318103},
        {0.2426, -4.3583618532225144},
        {1, -0.57721566490153286},
        {2.4257, 0.66605536199785013},
        {5.5, 1.6110931485817511},
        {9.999, 2.2516474172057353},
        {10, 2.2517525890667211},
        {10.3, 2.2828154464391226},
        {48.9, 3.879517599202862},
        {49.1, 3.8836411703161883},
        {100.5, 4.6051743525818452},
        {1e6, 13.815510057964191},
    };
    for (double[] c : cases) {
      assertThat(Digamma.of(c[0])).as("psi(%s)", c[0]).isCloseTo(c[1], within(1e-15 * Math.max(1, Math.abs(c[1]))));
    }
  }

  @Test
  void of_isZeroAtItsPositiveRoot() {
    assertThat(Digamma.of(1.4616321449683622)).isCloseTo(0, within(1e-15));
  }

  @Test
  void of_satisfiesTheRecurrence() {
    for (double x = 0.05; x < 60; x *= 1.37) {
      assertThat(Digamma.of(x + 1) - Digamma.of(x)).as("x = %s", x).isCloseTo(1 / x, within(1e-14 * (1 + 1 / x)));
    }
  }

  @Test
  void of_rejectsArgumentsAtOrBelowZero() {
    assertThatThrownBy(() -> Digamma.of(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("digamma needs a finite x > 0: 0.0");
  }
}
