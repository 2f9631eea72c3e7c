package dev.holdfast.clv;

import java.util.List;
import org.hipparchus.special.Gamma;

/**
 * The NBD log-likelihood of customers who never drop out, in closed form and written independently of the BG/NBD and
 * Pareto/NBD code: {@code ln L = Σ ln Γ(r+x) − ln Γ(r) + r ln α − (r+x) ln(α+T)} (the recency does not enter). It is
 * the limit of both models without drop-out, so its maximum is their supremum on data that show none.
 */
record NbdLikelihood(double[] frequency, double[] age) implements MaximumLikelihood.LogLikelihood {

  /** Fits the NBD from {@code r = 1} and {@code α} matching the mean purchase rate. */
  MaximumLikelihood.Result fit() {
    double purchases = 0;
    double time = 0;
    for (int i = 0; i < frequency.length; i++) {
      purchases += frequency[i];
      time += age[i];
    }
    return MaximumLikelihood.maximize(this, new double[] {1, time / purchases});
  }

  @Override
  public double evaluate(double[] parameters, double[] gradient) {
    double r = parameters[0];
    double alpha = parameters[1];
    double logLikelihood = 0;
    double gradientR = 0;
    double gradientAlpha = 0;
    for (int i = 0; i < frequency.length; i++) {
      double x = frequency[i];
      logLikelihood += Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha)
          - (r + x) * Math.log(alpha + age[i]);
      gradientR += Digamma.of(r + x) - Digamma.of(r) + Math.log(alpha) - Math.log(alpha + age[i]);
      gradientAlpha += r / alpha - (r + x) / (alpha + age[i]);
    }
    if (gradient != null) {
      gradient[0] = gradientR;
      gradient[1] = gradientAlpha;
    }
    return logLikelihood;
  }

  @Override
  public List<String> names() {
    return List.of("r", "alpha");
  }

  @Override
  public double customers() {
    return frequency.length;
  }

  @Override
  public int patterns() {
    return frequency.length;
  }

  @Override
  public NbdLikelihood everyNth(int stride) {
    int count = (frequency.length + stride - 1) / stride;
    double[] sampledFrequency = new double[count];
    double[] sampledAge = new double[count];
    for (int i = 0; i < count; i++) {
      sampledFrequency[i] = frequency[i * stride];
      sampledAge[i] = age[i * stride];
    }
    return new NbdLikelihood(sampledFrequency, sampledAge);
  }
}
