package dev.holdfast.simulate;

/**
 * The planted parameters of the simulated company: every number that {@code docs/simulator.md} quotes
 * lives here, so the documentation and the generator cannot drift apart silently.
 *
 * <p>Arrays indexed by month of year run January to December; arrays indexed by plan run basic, pro,
 * business; arrays indexed by channel follow {@link #CHANNELS}.
 */
final class Planted {
  private Planted() {}

  // ---- Acquisition -------------------------------------------------------------------------------
  /** Sign-ups grow by this factor per simulated month. */
  static final double SIGNUP_GROWTH = 1.03;
  static final double[] SIGNUP_SEASON = {1.30, 1.05, 1.05, 1.00, 0.95, 0.85, 0.75, 0.80, 1.25, 1.10, 1.00, 0.70};
  static final String[] CHANNELS = {"organic", "paid_search", "social", "referral", "partner"};
  static final double[] SUBSCRIPTION_CHANNEL_SHARE = {0.35, 0.25, 0.15, 0.15, 0.10};
  static final double[] TRANSACTIONAL_CHANNEL_SHARE = {0.40, 0.25, 0.20, 0.10, 0.05};
  /** Acquisition cost per customer and channel; organic costs nothing and gets no spend rows. */
  static final double[] SUBSCRIPTION_CAC = {0, 420, 310, 120, 650};
  static final double[] TRANSACTIONAL_CAC = {0, 35, 25, 10, 50};
  /** Spend rows are multiplied by exp(sigma * N(0,1) - sigma^2 / 2). */
  static final double SPEND_NOISE_SIGMA = 0.15;
  /** In a MIXED business, the share of customers that are transactional. */
  static final double MIXED_TRANSACTIONAL_SHARE = 0.5;

  // ---- Firmographics -----------------------------------------------------------------------------
  static final String[] COUNTRIES = {
    "US", "GB", "DE", "FR", "RU", "NL", "ES", "IT", "CA", "AU", "BR", "IN", "PL", "SE", "JP"
  };
  static final double[] COUNTRY_SHARE = {
    0.28, 0.10, 0.10, 0.07, 0.08, 0.04, 0.04, 0.04, 0.05, 0.04, 0.04, 0.05, 0.03, 0.02, 0.02
  };
  static final String[] OWNERS = {"Anna Petrova", "Ben Carter", "Chloe Martin", "Dmitri Volkov", "Eva Schmidt"};
  static final String[] COMPANY_SIZES = {"1-10", "11-50", "51-200", "201-1000", "1000+"};
  static final double[] COMPANY_SIZE_SHARE = {0.35, 0.30, 0.20, 0.10, 0.05};
  static final String[] INDUSTRIES = {
    "software", "ecommerce", "finance", "healthcare", "education", "media", "manufacturing"
  };
  static final String[] AGE_BANDS = {"18-24", "25-34", "35-44", "45-54", "55+"};
  static final double[] AGE_BAND_SHARE = {0.15, 0.30, 0.25, 0.17, 0.13};
  static final double NEWSLETTER_SHARE = 0.4;

  // ---- Plans and billing -------------------------------------------------------------------------
  static final int BASIC = 0;
  static final int BUSINESS = 2;
  static final String[] PLANS = {"basic", "pro", "business"};
  static final int[] PLAN_PRICE = {29, 99, 299};
  /** Initial plan shares (basic, pro, business) per company size. */
  static final double[][] PLAN_SHARE_BY_SIZE = {
    {0.70, 0.25, 0.05}, {0.50, 0.40, 0.10}, {0.30, 0.45, 0.25}, {0.15, 0.45, 0.40}, {0.10, 0.35, 0.55}
  };
  static final double[] ANNUAL_AT_SIGNUP = {0.15, 0.25, 0.40};
  /** Share of annual subscriptions that get the annual discount. */
  static final double ANNUAL_DISCOUNT_SHARE = 0.5;
  static final double ANNUAL_DISCOUNT = 0.15;
  /** Seats = minimum + Poisson(extra), capped at {@link #MAX_SEATS}. */
  static final int[] SEATS_MIN = {1, 2, 4};
  static final double[] SEATS_EXTRA = {0.8, 2.0, 6.0};
  static final int MAX_SEATS = 40;

  // ---- Latent engagement: x_t = trend_t + z_t ----------------------------------------------------
  static final double[] LEVEL_MEAN = {-0.10, 0.0, 0.15};
  static final double LEVEL_SD = 0.6;
  static final double DRIFT_MEAN = -0.015;
  static final double DRIFT_SD = 0.08;
  /** The trend stays within [TREND_MIN, TREND_MAX], so long simulations cannot explode or vanish. */
  static final double TREND_MIN = -5.0;
  static final double TREND_MAX = 2.5;
  static final double AR = 0.85;
  static final double SHOCK_SD = 0.30;
  /** On reactivation the trend restarts at the original level plus N(0, this). */
  static final double REACTIVATION_LEVEL_SD = 0.3;

  // ---- Usage events ------------------------------------------------------------------------------
  /** Events per month = EVENTS_BASE * exp(x_t) * sqrt(seats) * USAGE_SEASON[moy] * active share. */
  static final double EVENTS_BASE = 3.65;
  static final double[] USAGE_SEASON = {1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.95, 0.85, 1.0, 1.0, 1.0, 0.85};
  static final String[] EVENT_TYPES = {"login", "report_run", "export", "api_call"};
  static final double[] EVENT_TYPE_SHARE_BASIC = {0.50, 0.30, 0.15, 0.05};
  static final double[] EVENT_TYPE_SHARE = {0.40, 0.25, 0.10, 0.25};
  /** api_call value = 1 + floor(Exp(mean)) calls; export value = 1 + floor(Exp(mean)) rows. */
  static final double API_CALLS_MEAN = 40;
  static final double EXPORT_ROWS_MEAN = 500;

  // ---- Voluntary churn hazard: logit h_t = sum of the terms below -------------------------------
  static final double HAZARD_INTERCEPT = -4.2;
  static final double HAZARD_ENGAGEMENT = -1.6;
  /** Coefficient on x_{t-1} - x_{t-3}; the hazard of month t reads the engagement of the month before. */
  static final double HAZARD_TREND = -2.0;
  static final double[] HAZARD_PLAN = {0.25, 0.0, -0.45};
  static final double[] HAZARD_CHANNEL = {0.0, 0.20, 0.35, -0.35, -0.15};
  static final double[] HAZARD_SEASON = {0.20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.45};
  /** Added when a bad ticket was opened in one of the two previous months. */
  static final double HAZARD_BAD_TICKET = 0.7;
  /** Added in tenure months 1 and 2 of a spell. */
  static final double HAZARD_EARLY_TENURE = 0.3;

  // ---- Cancellation reasons: base weight + context bonuses, then normalised ----------------------
  static final String[] CANCEL_REASONS = {"onboarding", "product", "experience", "price", "competitor"};
  static final double[] CANCEL_REASON_WEIGHT = {0.05, 0.30, 0.15, 0.30, 0.20};
  static final double REASON_EARLY_ONBOARDING = 0.45;
  static final int REASON_EARLY_TENURE_MONTHS = 3;
  static final double REASON_BAD_TICKET_EXPERIENCE = 0.40;
  static final double REASON_BASIC_PRICE = 0.15;
  static final double REASON_BUSINESS_COMPETITOR = 0.15;

  // ---- Payments ----------------------------------------------------------------------------------
  static final double[] PAYMENT_FAILURE = {0.08, 0.06, 0.04};
  static final int[] RETRY_DAYS = {3, 6, 9};
  static final double RETRY_SUCCESS = 0.4;
  /** An unrecovered failure ends the subscription this many days after the billing date. */
  static final int INVOLUNTARY_CHURN_DAYS = 12;
  static final double BILLING_TICKET_AFTER_FAILURE = 0.3;

  // ---- Reactivation ------------------------------------------------------------------------------
  static final double REACTIVATION_VOLUNTARY = 0.12;
  static final int REACTIVATION_VOLUNTARY_MIN_GAP = 2;
  static final int REACTIVATION_VOLUNTARY_MAX_GAP = 9;
  static final double REACTIVATION_INVOLUNTARY = 0.40;
  static final int REACTIVATION_INVOLUNTARY_MIN_GAP = 1;
  static final int REACTIVATION_INVOLUNTARY_MAX_GAP = 3;

  // ---- Plan changes (monthly probabilities, at the billing date) ---------------------------------
  static final double UPGRADE_BASE = 0.012;
  static final double UPGRADE_SLOPE = 0.9;
  static final double DOWNGRADE_BASE = 0.008;
  static final double DOWNGRADE_SLOPE = -0.9;
  static final double DOWNGRADE_BAD_TICKET_FACTOR = 2.0;
  static final double PLAN_CHANGE_CAP = 0.2;
  static final double ANNUAL_SWITCH = 0.012;
  static final int ANNUAL_SWITCH_MIN_TENURE = 3;

  // ---- Support tickets ---------------------------------------------------------------------------
  /** Tickets per month = TICKET_BASE * exp(TICKET_ENGAGEMENT * x_t) * TICKET_PLAN * onboarding * share. */
  static final double TICKET_BASE = 0.10;
  static final double TICKET_ENGAGEMENT = -0.7;
  static final double[] TICKET_PLAN = {0.8, 1.0, 1.4};
  static final double TICKET_ONBOARDING_FACTOR = 1.8;
  static final String[] TICKET_CATEGORIES = {
    "onboarding", "bug", "how_to", "billing", "feature_request", "integration"
  };
  static final double[] TICKET_CATEGORY_SHARE = {0.0, 0.30, 0.30, 0.10, 0.15, 0.15};
  static final double[] TICKET_CATEGORY_SHARE_ONBOARDING = {0.40, 0.18, 0.18, 0.06, 0.09, 0.09};
  static final String[] PRIORITIES = {"low", "normal", "high", "urgent"};
  static final double[] PRIORITY_SHARE = {0.30, 0.45, 0.18, 0.07};
  static final double[] RESOLUTION_HOURS_MEAN = {120, 60, 24, 6};
  static final double SATISFACTION_GIVEN = 0.55;
  /** satisfaction = round(SAT_MEAN + SAT_ENGAGEMENT x + SAT_DAYS ln(1 + days) + N(0, SAT_SD)). */
  static final double SAT_MEAN = 3.9;
  static final double SAT_ENGAGEMENT = 0.5;
  static final double SAT_DAYS = -0.4;
  static final double SAT_SD = 0.9;
  static final int BAD_TICKET_MAX_SATISFACTION = 2;
  static final double BAD_TICKET_DAYS = 7;

  // ---- Surveys -----------------------------------------------------------------------------------
  static final double CSAT_AFTER_TICKET = 0.35;
  static final double NPS_PANEL = 0.4;
  static final double NPS_ANSWER = 0.7;
  static final double NPS_MEAN = 7.0;
  static final double NPS_ENGAGEMENT = 1.6;
  static final double NPS_BAD_TICKET = -1.2;
  static final double NPS_SD = 1.5;
  static final double CES_ANSWER = 0.5;
  static final double CES_MEAN = 5.0;
  static final double CES_ENGAGEMENT = 1.0;
  static final double CES_SD = 1.1;
  static final double COMMENT = 0.15;

  // ---- Transactional customers (BG/NBD + Gamma-Gamma, time unit one day) --------------------------
  static final double BG_R = 0.5;
  static final double BG_ALPHA = 120.0;
  static final double BG_A = 1.2;
  static final double BG_B = 4.0;
  static final double GG_P = 6.0;
  static final double GG_Q = 4.0;
  static final double GG_GAMMA = 30.0;
  static final double REFUND = 0.04;
  static final int REFUND_MAX_DAYS = 21;
  /** Visits per month while alive = VISIT_BASE + VISIT_PER_LAMBDA * lambda. */
  static final double VISIT_BASE = 1.0;
  static final double VISIT_PER_LAMBDA = 200;
  static final double TICKET_PER_ORDER = 0.05;
  static final String[] ORDER_TICKET_CATEGORIES = {"delivery", "refund", "product_question"};
  static final double[] ORDER_TICKET_CATEGORY_SHARE = {0.5, 0.2, 0.3};
  static final double[] ORDER_TICKET_PRIORITY_SHARE = {0.30, 0.55, 0.12, 0.03};
  static final double ORDER_TICKET_HOURS_MEAN = 36;
  static final double ORDER_SAT_MEAN = 4.0;
  static final double NPS_PER_ORDER = 0.06;
  static final double ORDER_NPS_MEAN = 8.0;
  static final double ORDER_NPS_DROPOUT = -6.0;
  static final double ORDER_NPS_SD = 1.8;
  /** Mean of Beta(BG_A, BG_B): the dropout probability around which NPS is centred. */
  static final double BG_P_MEAN = BG_A / (BG_A + BG_B);
}
