package dev.holdfast.config;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * The validated, frozen configuration of one Holdfast run; {@link ConfigLoader} builds it from the
 * reference file, the user's file, environment variables and flags.
 */
public record HoldfastConfig(
    Path storePath,
    String memoryLimit,
    ZoneId timeZone,
    String currency,
    Locale locale,
    Policies policies,
    ImportDefaults importDefaults,
    List<IndustryBand> industryBands,
    Churn churn,
    int lockWaitSeconds) {

  public HoldfastConfig {
    industryBands = List.copyOf(industryBands);
  }

  /**
   * An industry reference range for a metric (by its field name in docs/metrics.md), with where it comes
   * from: shown beside the data by {@code holdfast trends}, never mixed into it.
   */
  public record IndustryBand(String field, double low, double high, String source) {
    public IndustryBand {
      if (!(low <= high)) {
        throw new IllegalArgumentException("an industry band's low end is above its high end: " + low + " > " + high);
      }
    }
  }

  /** The metric policies of DESIGN.md with their settings. */
  public record Policies(
      int gapDays,
      int inactivityDays,
      int reactivationWindowDays,
      SamePeriodSignupCancel samePeriodSignupCancel,
      Refunds refunds,
      double grossMargin) {
    public Policies {
      if (!(grossMargin > 0 && grossMargin <= 1)) {
        throw new IllegalArgumentException("gross margin must be in (0, 1]: " + grossMargin);
      }
    }
  }

  /** What to do with a sign-up and a cancellation in one period. */
  public enum SamePeriodSignupCancel {
    COUNT,
    EXCLUDE
  }

  /** How refunds enter revenue. */
  public enum Refunds {
    NET,
    IGNORE
  }

  /** What an import does with a row for a customer the store does not know. */
  public enum UnknownCustomers {
    REJECT,
    CREATE
  }

  /** Defaults an import uses where its mapping does not say otherwise. */
  public record ImportDefaults(
      UnknownCustomers unknownCustomers, char decimalSeparator, List<String> timestampPatterns) {
    public ImportDefaults {
      timestampPatterns = List.copyOf(timestampPatterns);
    }
  }

  /**
   * How churn training sets are drawn and customers scored: observation dates {@code windowDays} apart, features over
   * trailing windows of that length, the label "churned within {@code horizonDays} after a gap of {@code leadDays}";
   * the health scorecard's components and its band limits (below {@code poorBelow} poor, from {@code goodFrom} good).
   */
  public record Churn(int windowDays, int horizonDays, int leadDays, int observations, long maxTrainingRows, long seed, String model,
      List<HealthComponent> health, double poorBelow, double goodFrom) {
    public Churn {
      health = List.copyOf(health);
      if (!(poorBelow <= goodFrom)) {
        throw new IllegalArgumentException("the poor band ends above where the good one starts: " + poorBelow + " > " + goodFrom);
      }
    }
  }

  /**
   * One health-score component: a feature worth up to {@code points}, nothing at the {@code bad} value or beyond,
   * everything at the {@code good} value or beyond, linear between.
   */
  public record HealthComponent(String feature, double points, double bad, double good) {
    public HealthComponent {
      if (!(points > 0) || bad == good) {
        throw new IllegalArgumentException("a health component is worth points > 0 between two different values: " + feature);
      }
    }
  }

  /** The same with another wait for a store that another process has open (0: none, as a server's request wants). */
  public HoldfastConfig withLockWaitSeconds(int seconds) {
    return new HoldfastConfig(storePath, memoryLimit, timeZone, currency, locale, policies, importDefaults, industryBands, churn, seconds);
  }

  public HoldfastConfig withStorePath(Path path) {
    return new HoldfastConfig(path, memoryLimit, timeZone, currency, locale, policies, importDefaults, industryBands, churn, lockWaitSeconds);
  }
}
