package dev.holdfast.clv;

import java.util.SplittableRandom;

/**
 * Customers drawn from the Pareto/NBD and shifted-beta-geometric generative processes with known parameters,
 * reproducible from a seed.
 *
 * <p>Pareto/NBD: each customer draws a purchase rate {@code λ ~ Gamma(r, rate α)} and a dropout rate
 * {@code μ ~ Gamma(s, rate β)}, makes the first purchase at time 0, lives for an {@code Exponential(μ)} time and
 * buys at Poisson rate {@code λ} while alive; observation ends at an age {@code T} drawn uniformly from
 * {@code [minAge, maxAge]}. NBD: the same without the dropout, every customer alive to the end. sBG: each customer
 * draws a churn probability {@code θ ~ Beta(α, β)} and churns at the end of each period with that probability.
 */
final class ParetoNbdSimulation {
  private ParetoNbdSimulation() {
  }

  /** Simulated summaries, one entry per customer. */
  record Customers(double[] frequency, double[] recency, double[] age) {
    int size() {
      return frequency.length;
    }
  }

  static Customers draw(ParetoNbdModel model, int customers, double minAge, double maxAge, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] frequency = new double[customers];
    double[] recency = new double[customers];
    double[] age = new double[customers];
    for (int customer = 0; customer < customers; customer++) {
      double purchaseRate = gamma(random, model.r()) / model.alpha();
      double dropoutRate = gamma(random, model.s()) / model.beta();
      double lifetime = exponential(random, dropoutRate);
      double end = minAge + (maxAge - minAge) * random.nextDouble();
      double observed = Math.min(lifetime, end);
      double time = 0;
      int repeats = 0;
      double last = 0;
      while (true) {
        time += exponential(random, purchaseRate);
        if (time > observed) {
          break;
        }
        repeats++;
        last = time;
      }
      frequency[customer] = repeats;
      recency[customer] = last;
      age[customer] = end;
    }
    return new Customers(frequency, recency, age);
  }

  /**
   * Customers who never drop out: Poisson purchases at a rate {@code λ ~ Gamma(r, rate α)} throughout an age drawn
   * uniformly from {@code [minAge, maxAge]}, the NBD.
   */
  static Customers drawWithoutDropout(double r, double alpha, int customers, double minAge, double maxAge, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] frequency = new double[customers];
    double[] recency = new double[customers];
    double[] age = new double[customers];
    for (int customer = 0; customer < customers; customer++) {
      double purchaseRate = gamma(random, r) / alpha;
      double end = minAge + (maxAge - minAge) * random.nextDouble();
      double time = 0;
      int repeats = 0;
      double last = 0;
      while (true) {
        time += exponential(random, purchaseRate);
        if (time > end) {
          break;
        }
        repeats++;
        last = time;
      }
      frequency[customer] = repeats;
      recency[customer] = last;
      age[customer] = end;
    }
    return new Customers(frequency, recency, age);
  }

  /** The survivors after {@code 0, 1, …, periods} periods of a cohort of {@code customers} sBG customers. */
  static long[] survivors(ShiftedBetaGeometricModel model, int customers, int periods, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] alive = new long[periods + 1];
    for (int customer = 0; customer < customers; customer++) {
      double x = gamma(random, model.alpha());
      double churn = x / (x + gamma(random, model.beta()));
      // the first period t with U_t < θ, drawn at once: T = ceil(ln U / ln(1 − θ)) is geometric on 1, 2, …
      double lifetime = churn >= 1 ? 1
          : Math.max(1, Math.ceil(Math.log(1 - random.nextDouble()) / Math.log1p(-churn)));
      for (int t = 0; t <= periods && t < lifetime; t++) {
        alive[t]++;
      }
    }
    return alive;
  }

  private static double exponential(SplittableRandom random, double rate) {
    return -Math.log1p(-random.nextDouble()) / rate;
  }

  /** A {@code Gamma(shape, 1)} draw (Marsaglia and Tsang 2000; shapes below 1 boosted by {@code U^{1/shape}}). */
  static double gamma(SplittableRandom random, double shape) {
    if (shape < 1) {
      return gamma(random, shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double normal = random.nextGaussian();
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
}
