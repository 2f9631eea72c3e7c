package dev.holdfast.clv;

import java.util.SplittableRandom;

/**
 * Customers drawn from the BG/NBD and Gamma-Gamma generative processes with known parameters, reproducible from a
 * seed.
 *
 * <p>Each customer draws {@code λ ~ Gamma(r, rate α)} and {@code p ~ Beta(a, b)}, makes the first purchase at
 * time 0 and then buys at Poisson rate {@code λ}; after each repeat purchase the customer drops out with
 * probability {@code p}. Observation ends at an age {@code T} drawn uniformly from {@code [minAge, maxAge]}. A repeat
 * buyer's mean spend is {@code Gamma(p x, rate ν) / x} with {@code ν ~ Gamma(q, rate γ)}, the mean of {@code x}
 * independent {@code Gamma(p, rate ν)} transaction values.
 */
final class BgNbdSimulation {
  private BgNbdSimulation() {
  }

  /** Simulated summaries, one entry per customer. */
  record Customers(double[] frequency, double[] recency, double[] age, double[] meanSpend) {
    int size() {
      return frequency.length;
    }
  }

  static Customers draw(BgNbdModel purchases, GammaGammaModel spend, int customers, double minAge, double maxAge,
      long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] frequency = new double[customers];
    double[] recency = new double[customers];
    double[] age = new double[customers];
    double[] meanSpend = new double[customers];
    for (int customer = 0; customer < customers; customer++) {
      double rate = gamma(random, purchases.r()) / purchases.alpha();
      double dropout = beta(random, purchases.a(), purchases.b());
      double end = minAge + (maxAge - minAge) * random.nextDouble();
      double time = 0;
      int repeats = 0;
      double last = 0;
      while (true) {
        time += -Math.log1p(-random.nextDouble()) / rate;
        if (time > end) {
          break;
        }
        repeats++;
        last = time;
        if (random.nextDouble() < dropout) {
          break;
        }
      }
      frequency[customer] = repeats;
      recency[customer] = last;
      age[customer] = end;
      if (repeats > 0 && spend != null) {
        double nu = gamma(random, spend.q()) / spend.gamma();
        meanSpend[customer] = gamma(random, spend.p() * repeats) / nu / repeats;
      }
    }
    return new Customers(frequency, recency, age, meanSpend);
  }

  /** A {@code Gamma(shape, 1)} draw (Marsaglia and Tsang 2000; shapes below 1 boosted by {@code U^{1/shape}}). */
  static double gamma(SplittableRandom random, double shape) {
    if (shape < 1) {
      return gamma(random, shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double normal = normal(random);
      double v = 1 + c * normal;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = random.nextDouble();
      if (Math.log(u) < normal * normal / 2 + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }

  static double beta(SplittableRandom random, double a, double b) {
    double x = gamma(random, a);
    return x / (x + gamma(random, b));
  }

  private static double normal(SplittableRandom random) {
    // Box–Muller, one of the pair
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
