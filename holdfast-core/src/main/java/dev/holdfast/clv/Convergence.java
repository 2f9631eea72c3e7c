package dev.holdfast.clv;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * How a maximum-likelihood fit ended: at a maximum inside the parameter space, at a boundary of it, or neither.
 *
 * <p>At a boundary the log-likelihood keeps rising as some parameters run off to 0 or infinity, towards a simpler
 * model that the fitted one contains as a limit: the BG/NBD with {@code a/(a+b) → 0} is the NBD, whose customers
 * never drop out. The fit then stops where the rest of the rise is below {@code 1e-15} of the log-likelihood and holds
 * those parameters there; the log-likelihood is the limit's to that precision, the other parameters are the limit
 * model's maximum-likelihood estimates, and predictions from {@code model()} are the limit model's. The parameters
 * in {@link #boundaryParameters()} have no standard errors or intervals (NaN in their {@link Estimate}): their values
 * only say where the search stopped, and some of them may not be identified at all in the limit. The standard
 * errors of the others hold with the limit model taken as given.
 *
 * @param verdict how the search ended
 * @param limits for {@link Verdict#BOUNDARY}, the limits reached, such as {@code "a/(a+b) → 0"}; empty otherwise
 * @param boundaryParameters the parameters whose standard errors are NaN because of those limits, in the model's
 *     order; empty for {@link Verdict#CONVERGED}
 * @param explanation one or two sentences that say what the verdict means for these data
 */
public record Convergence(Verdict verdict, List<String> limits, List<String> boundaryParameters,
    String explanation) {

  /** The three ways a maximum-likelihood search can end. */
  public enum Verdict {
    /**
     * At a maximum inside the parameter space: the Hessian of the log-likelihood is negative definite and the next
     * Newton step would move the estimates by less than {@code 1e-6} standard errors.
     */
    CONVERGED,
    /**
     * At a boundary: the likelihood's supremum is a limit in which some parameters go to 0 or infinity (see
     * {@link Convergence#limits()}), and the remaining parameters converged as for {@link #CONVERGED}.
     */
    BOUNDARY,
    /** Neither: the estimates are the best point the search found, and their standard errors may be NaN. */
    NOT_CONVERGED
  }

  public Convergence {
    if (verdict == null || limits == null || boundaryParameters == null || explanation == null) {
      throw new IllegalArgumentException("verdict, limits, boundaryParameters and explanation must be present:"
          + " verdict=" + verdict + ", limits=" + limits + ", boundaryParameters=" + boundaryParameters
          + ", explanation=" + explanation);
    }
    limits = List.copyOf(limits);
    boundaryParameters = List.copyOf(boundaryParameters);
    if (verdict == Verdict.CONVERGED && !(limits.isEmpty() && boundaryParameters.isEmpty())) {
      throw new IllegalArgumentException("a converged fit has no limits or boundary parameters: limits=" + limits
          + ", boundaryParameters=" + boundaryParameters);
    }
    if (verdict == Verdict.BOUNDARY && (limits.isEmpty() || boundaryParameters.isEmpty())) {
      throw new IllegalArgumentException("a fit at a boundary names its limits and boundary parameters: limits="
          + limits + ", boundaryParameters=" + boundaryParameters);
    }
  }

  /** Whether the verdict is {@link Verdict#CONVERGED}. */
  public boolean converged() {
    return verdict == Verdict.CONVERGED;
  }

  /**
   * The verdict on {@code result} in words, {@code meaning} giving a model's own phrase for a limit at the estimates
   * (or null for the limit in symbols, such as {@code "q, γ → ∞ with q/γ = 0.01"}).
   */
  static Convergence of(MaximumLikelihood.Result result, List<String> symbols,
      BiFunction<MaximumLikelihood.Limit, double[], String> meaning) {
    List<String> limits = result.describeLimits(symbols);
    double[] values = result.values();
    List<String> phrases = new ArrayList<>();
    for (MaximumLikelihood.Limit limit : result.limits()) {
      if (!limit.unidentified()) {
        String phrase = meaning.apply(limit, values);
        phrases.add(phrase != null ? phrase : limit.describe(symbols, values));
      }
    }
    List<String> unidentified = result.limits().stream().filter(MaximumLikelihood.Limit::unidentified)
        .map(limit -> limit.quantity(symbols)).distinct().toList();
    String held = String.join(", ", result.boundaryParameters()) + (result.boundaryParameters().size() == 1
        ? " has no standard error" : " have no standard errors");
    return switch (result.verdict()) {
      case CONVERGED -> new Convergence(Verdict.CONVERGED, List.of(), List.of(), "Converged to a maximum inside the"
          + " parameter space: the Hessian is negative definite and the next Newton step would move the estimates by"
          + " less than 1e-6 standard errors.");
      case BOUNDARY -> new Convergence(Verdict.BOUNDARY, limits, result.boundaryParameters(),
          capitalised(String.join("; ", phrases)) + ". The log-likelihood is the limit's, and the other estimates"
          + " are the limit model's; " + held + ": their values only show where the search stopped"
          + (unidentified.isEmpty() ? "" : ", and the limit does not identify " + String.join(" or ", unidentified))
          + ".");
      case NOT_CONVERGED -> new Convergence(Verdict.NOT_CONVERGED, limits, result.boundaryParameters(),
          String.format(Locale.ROOT, "Not converged: after %d iterations the search stopped at the best point it"
              + " found, where the Hessian is not negative definite or the Newton steps did not settle%s; the standard"
              + " errors may be NaN, so treat the estimates with caution.", result.iterations(),
              limits.isEmpty() ? "" : ", heading for " + String.join(" and ", limits)));
    };
  }

  private static String capitalised(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
