-- Holdfast canonical model, schema version 1.
-- Keys are enforced by the importer (and checked by `holdfast status`), not by indexes: DuckDB's
-- index on a 100-million-row events table would cost more memory than the data.
-- Codes (billing_period, churn_type, status, kind) are checked by the importer, not by CHECK
-- constraints: DuckDB 2.0's appender evaluates string comparisons in CHECKs wrongly after its first
-- 2,048-row chunk and rejects valid rows (see AppenderSinkTest).

CREATE TABLE customers (
    id          VARCHAR     NOT NULL,
    created     TIMESTAMPTZ NOT NULL,
    plan        VARCHAR,
    country     VARCHAR,
    channel     VARCHAR,
    owner       VARCHAR,
    attributes  JSON
);

CREATE TABLE subscriptions (
    id             VARCHAR       NOT NULL,
    customer_id    VARCHAR       NOT NULL,
    plan           VARCHAR,
    mrr            DECIMAL(18,4) NOT NULL CHECK (mrr >= 0),
    currency       VARCHAR       NOT NULL,
    billing_period VARCHAR       NOT NULL,
    started        DATE          NOT NULL,
    ended          DATE          CHECK (ended >= started),
    cancel_reason  VARCHAR,
    churn_type     VARCHAR
);

CREATE TABLE orders (
    id          VARCHAR       NOT NULL,
    customer_id VARCHAR       NOT NULL,
    ordered_at  TIMESTAMPTZ   NOT NULL,
    amount      DECIMAL(18,4) NOT NULL,
    currency    VARCHAR       NOT NULL,
    status      VARCHAR       NOT NULL
);

CREATE TABLE events (
    id          BIGINT      NOT NULL,
    customer_id VARCHAR     NOT NULL,
    user_id     VARCHAR,
    occurred_at TIMESTAMPTZ NOT NULL,
    type        VARCHAR     NOT NULL,
    value       DOUBLE,
    properties  JSON
);

CREATE TABLE tickets (
    id           VARCHAR     NOT NULL,
    customer_id  VARCHAR     NOT NULL,
    opened       TIMESTAMPTZ NOT NULL,
    closed       TIMESTAMPTZ CHECK (closed >= opened),
    status       VARCHAR     NOT NULL,
    priority     VARCHAR,
    category     VARCHAR,
    satisfaction INTEGER     CHECK (satisfaction BETWEEN 1 AND 5)
);

CREATE TABLE surveys (
    id          VARCHAR     NOT NULL,
    customer_id VARCHAR     NOT NULL,
    kind        VARCHAR     NOT NULL,
    score       INTEGER     NOT NULL,
    comment     VARCHAR,
    answered_at TIMESTAMPTZ NOT NULL,
    CHECK (score BETWEEN 0 AND 10)
);

CREATE TABLE spend (
    period_start DATE          NOT NULL,
    period_end   DATE          NOT NULL CHECK (period_end > period_start),
    channel      VARCHAR       NOT NULL,
    amount       DECIMAL(18,4) NOT NULL CHECK (amount >= 0),
    currency     VARCHAR       NOT NULL
);
