-- A day's health scorecard is kept once, not on every score: new rows of churn_scores hold their health parts as
-- [value, points, value, points, …] in the scorecard's order, and churn_score_days keeps that day's signals with their
-- maximum points. Saving a day's scores is priced per byte of text, and the names and maximum points repeated on
-- each of 640,000 rows were half of it (docs/benchmarks.md). Rows written before keep their own form, which the
-- readers (dev.holdfast.store.churn.ScoreText) still read; their day has no row here.
CREATE TABLE churn_score_days (
    as_of          DATE    NOT NULL,  -- one row per scoring day, replaced together with the day's scores
    health_signals VARCHAR NOT NULL   -- [["signal", max_points], …] in the scorecard's order
);

-- Every health part of every score by name, for SQL: one row per score and signal, the positional form of version 8
-- and the named form of versions 5 to 7 alike (rows of the earliest form, before version 5, are left out).
CREATE VIEW churn_health_parts AS
SELECT customer_id, as_of, names[i] AS signal, TRY_CAST(parts[2 * i - 1] AS DOUBLE) AS value,
       TRY_CAST(parts[2 * i] AS DOUBLE) AS points, TRY_CAST(maxes[i] AS DOUBLE) AS max_points
FROM (SELECT *, unnest(range(1, len(names) + 1)) AS i
      FROM (SELECT s.customer_id, s.as_of, json_extract_string(s.health_components, '$[*]') AS parts, d.names, d.maxes
            FROM churn_scores s
            JOIN (SELECT as_of, json_extract_string(health_signals, '$[*][0]') AS names,
                         json_extract_string(health_signals, '$[*][1]') AS maxes
                  FROM churn_score_days) d ON d.as_of = s.as_of
            WHERE starts_with(s.health_components, '[')))
UNION ALL
SELECT s.customer_id, s.as_of, k.signal,
       TRY_CAST(json_extract_string(s.health_components, '$."' || k.signal || '"[0]') AS DOUBLE) AS value,
       TRY_CAST(json_extract_string(s.health_components, '$."' || k.signal || '"[1]') AS DOUBLE) AS points,
       TRY_CAST(json_extract_string(s.health_components, '$."' || k.signal || '"[2]') AS DOUBLE) AS max_points
FROM churn_scores s
CROSS JOIN LATERAL (SELECT unnest(json_keys(s.health_components)) AS signal) k
WHERE starts_with(s.health_components, '{');
