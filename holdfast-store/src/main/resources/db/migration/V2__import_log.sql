-- Schema version 2: a log of imports, so that a user (and `holdfast status`) can see what came from where.

CREATE TABLE imports (
    id          BIGINT      NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL,
    source      VARCHAR     NOT NULL,
    bytes       BIGINT      NOT NULL,
    kind        VARCHAR     NOT NULL,
    rows_read   BIGINT      NOT NULL,
    inserted    BIGINT      NOT NULL,
    updated     BIGINT      NOT NULL,
    unchanged   BIGINT      NOT NULL,
    rejected    BIGINT      NOT NULL
);
