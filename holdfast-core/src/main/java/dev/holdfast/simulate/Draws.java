package dev.holdfast.simulate;

import java.util.SplittableRandom;

/**
 * Random draws from the distributions the simulator needs, each from an explicit generator.
 *
 * <p>Gamma uses Marsaglia and Tsang (2000), with the shape-below-one boost {@code G(k+1) U^(1/k)};
 * Poisson uses Knuth's product of uniforms below a mean of 30 and a rounded normal approximation above.
 */
final class Draws {
  private static final double POISSON_EXACT_LIMIT = 30;

  private Draws() {}

  static long customerSeed(long seed, long index) {
    return mix(mix(seed) + 0x9E3779B97F4A7C15L * (index + 1));
  }

  /** The SplitMix64 finaliser. */
  static long mix(long value) {
    long z = value;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static boolean chance(SplittableRandom random, double probability) {
    return random.nextDouble() < probability;
  }

  static double normal(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }

  static double normal(SplittableRandom random, double mean, double sd) {
    return mean + sd * normal(random);
  }

  static double exponential(SplittableRandom random, double mean) {
    return -mean * Math.log(1.0 - random.nextDouble());
  }

  /** Gamma with the given shape and rate (mean shape / rate). */
  static double gamma(SplittableRandom random, double shape, double rate) {
    if (shape < 1.0) {
      double boost = Math.pow(1.0 - random.nextDouble(), 1.0 / shape);
      return gamma(random, shape + 1.0, rate) * boost;
    }
    double d = shape - 1.0 / 3.0;
    double c = 1.0 / Math.sqrt(9.0 * d);
    while (true) {
      double x;
      double v;
      do {
        x = normal(random);
        v = 1.0 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = 1.0 - random.nextDouble();
      if (u < 1.0 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1.0 - v + Math.log(v))) {
        return d * v / rate;
      }
    }
  }

  static double beta(SplittableRandom random, double a, double b) {
    double x = gamma(random, a, 1.0);
    double y = gamma(random, b, 1.0);
    return x / (x + y);
  }

  static int poisson(SplittableRandom random, double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean < POISSON_EXACT_LIMIT) {
      double limit = Math.exp(-mean);
      double product = random.nextDouble();
      int count = 0;
      while (product > limit) {
        product *= random.nextDouble();
        count++;
      }
      return count;
    }
    return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(random)));
  }

  static double logistic(double logit) {
    return 1.0 / (1.0 + Math.exp(-logit));
  }

  /** Cumulative, normalised weights for {@link #pick}. */
  static double[] cumulative(double[] weights) {
    double[] cumulative = new double[weights.length];
    double total = 0;
    for (double weight : weights) {
      total += weight;
    }
    double running = 0;
    for (int i = 0; i < weights.length; i++) {
      running += weights[i];
      cumulative[i] = running / total;
    }
    cumulative[weights.length - 1] = 1.0;
    return cumulative;
  }

  /** An index drawn with the probabilities encoded by a {@link #cumulative} array. */
  static int pick(SplittableRandom random, double[] cumulative) {
    double u = random.nextDouble();
    int last = cumulative.length - 1;
    for (int i = 0; i < last; i++) {
      if (u < cumulative[i]) {
        return i;
      }
    }
    return last;
  }

  static int clamp(long value, int min, int max) {
    return (int) Math.max(min, Math.min(max, value));
  }
}
