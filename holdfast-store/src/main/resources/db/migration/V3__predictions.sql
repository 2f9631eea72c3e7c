-- Schema version 3: what the models say about customers: predicted value, churn models and their scores.

-- The latest predicted lifetime value of each customer: each command replaces its model family's rows in one
-- transaction, so a customer has one row. No key index: DuckDB's index makes replacing a million rows slow, and
-- the writers keep the rows unique.
CREATE TABLE clv_predictions (
    customer_id        VARCHAR     NOT NULL,
    as_of              DATE        NOT NULL,  -- the last day of history the prediction used
    model              VARCHAR     NOT NULL,  -- bg-nbd+gamma-gamma, pareto-nbd+gamma-gamma, sbg+mrr
    p_alive            DOUBLE      NOT NULL,
    expected_purchases DOUBLE      NOT NULL,  -- over the horizon
    expected_value     DOUBLE      NOT NULL,  -- expected value of one purchase (a subscriber: one period's payment)
    clv                DOUBLE      NOT NULL,  -- discounted revenue over the horizon (before the gross margin)
    currency           VARCHAR     NOT NULL,
    horizon_months     INTEGER     NOT NULL,
    discount_rate      DOUBLE      NOT NULL,  -- annual
    computed_at        TIMESTAMPTZ NOT NULL
);

-- Trained churn models with where they came from and how well they did.
CREATE TABLE churn_models (
    id         VARCHAR     NOT NULL PRIMARY KEY,
    kind       VARCHAR     NOT NULL,  -- xgboost, logistic
    created_at TIMESTAMPTZ NOT NULL,
    chosen     BOOLEAN     NOT NULL,  -- the one `holdfast score` uses
    provenance JSON        NOT NULL,  -- data window, observation dates, features, parameters, seed, library versions
    evaluation JSON        NOT NULL,  -- AUC, PR-AUC, Brier, lift, calibration table, health-score backtest
    artifact   BLOB        NOT NULL   -- the model with the transforms saved at training time
);

-- Risk and health of each customer on each scoring day: the latest day is the at-risk list, earlier ones its history.
CREATE TABLE churn_scores (
    customer_id       VARCHAR     NOT NULL,
    as_of             DATE        NOT NULL,
    model_id          VARCHAR     NOT NULL,
    probability       DOUBLE      NOT NULL,  -- calibrated probability of churning within the horizon
    health            DOUBLE      NOT NULL,  -- 0..100
    health_band       VARCHAR     NOT NULL,  -- good, fair, poor
    value             DOUBLE,                -- what the risk is weighed by: MRR, or predicted CLV for transactional customers
    value_basis       VARCHAR,               -- mrr, clv
    revenue_at_risk   DOUBLE,                -- probability × value
    reasons           JSON        NOT NULL,  -- [{"signal", "contribution", "exact", "message", "args"}], strongest first
    health_components JSON        NOT NULL,  -- [{"signal", "value", "points", "max_points"}]
    scored_at         TIMESTAMPTZ NOT NULL
    -- one row per customer and day: holdfast score replaces a day's rows at once (no key index, for the same reason)
);
