package dev.holdfast.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict record's checks: a converged fit names no limits, a fit at a boundary names them. */
class ConvergenceTest {

  @Test
  void convergedFit_namesNoLimits() {
    assertThatThrownBy(() -> new Convergence(Convergence.Verdict.CONVERGED, List.of("a/(a+b) → 0"), List.of("a"),
        "converged")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a converged fit has no limits or boundary parameters: limits=[a/(a+b) → 0],"
            + " boundaryParameters=[a]");
    assertThat(new Convergence(Convergence.Verdict.CONVERGED, List.of(), List.of(), "converged").converged()).isTrue();
  }

  @Test
  void fitAtABoundary_namesItsLimitsAndTheParametersWithoutStandardErrors() {
    assertThatThrownBy(() -> new Convergence(Convergence.Verdict.BOUNDARY, List.of(), List.of("a"), "boundary"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a fit at a boundary names its limits and boundary parameters: limits=[], boundaryParameters=[a]");
    Convergence boundary = new Convergence(Convergence.Verdict.BOUNDARY, List.of("s/β → 0"), List.of("s", "beta"),
        "no drop-out");
    assertThat(boundary.converged()).isFalse();
  }

  @Test
  void componentsArePresentAndCopied() {
    assertThatThrownBy(() -> new Convergence(null, List.of(), List.of(), "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("verdict, limits, boundaryParameters and"
            + " explanation must be present: verdict=null");
    List<String> limits = new ArrayList<>(List.of("q, γ → ∞ with q/γ = 0.5"));
    Convergence notConverged = new Convergence(Convergence.Verdict.NOT_CONVERGED, limits, List.of(), "stopped");
    limits.clear();
    assertThat(notConverged.limits()).containsExactly("q, γ → ∞ with q/γ = 0.5");
  }
}
