-- Churn scores and models written by `holdfast train` and `holdfast score` (schema versions 3 to 8; the text of reasons and health parts: ScoreText): the at-risk
-- list of the latest scoring day, one customer's score history and the model in use.

-- name: latest_day
SELECT max(as_of) FROM churn_scores;

-- name: at_risk
-- The customers scored on the day given first, with the attributes the list is filtered and shown by;
-- /*filters*/ is replaced by zero or more copies of attribute_filter (three parameters each). Then: what to
-- order by (revenue_at_risk, probability or health), 1 for descending or -1 for ascending, how many rows
-- and how many to skip. Ties go by customer id.
SELECT s.customer_id, s.as_of, s.model_id, s.probability, s.health, s.health_band, s.value, s.value_basis,
       s.revenue_at_risk, CAST(s.reasons AS VARCHAR) AS reasons, CAST(s.health_components AS VARCHAR) AS components,
       coalesce(s.plan, c.plan) AS plan, c.country, c.owner, coalesce(s.reasons_exact, FALSE) AS reasons_exact,
       d.health_signals
FROM churn_scores s
LEFT JOIN customers c ON c.id = s.customer_id
LEFT JOIN churn_score_days d ON d.as_of = s.as_of
WHERE s.as_of = CAST(? AS DATE) /*filters*/
ORDER BY CASE CAST(? AS VARCHAR) WHEN 'probability' THEN s.probability WHEN 'health' THEN s.health
                                 ELSE coalesce(s.revenue_at_risk, 0) END * CAST(? AS INTEGER) DESC,
         s.customer_id
LIMIT ? OFFSET ?;

-- name: at_risk_totals
-- The same customers as at_risk (the day, then the filters): how many, their revenue at risk and how many in each health band.
SELECT count(*) AS customers, coalesce(sum(s.revenue_at_risk), 0) AS revenue_at_risk,
       count(*) FILTER (WHERE s.health_band = 'poor') AS poor,
       count(*) FILTER (WHERE s.health_band = 'fair') AS fair,
       count(*) FILTER (WHERE s.health_band = 'good') AS good,
       min(s.model_id) AS model_id
FROM churn_scores s
LEFT JOIN customers c ON c.id = s.customer_id
WHERE s.as_of = CAST(? AS DATE) /*filters*/;

-- name: attribute_filter
-- One filter of the at-risk list: the customer attribute named by the first parameter (a column, or else a
-- key of the free-form attributes given as a JSON path in the second) equals the third. The plan is the one the
-- score's features saw (the subscription running on the scoring day), else the customer's, as on the command line.
AND CASE CAST(? AS VARCHAR) WHEN 'plan' THEN coalesce(s.plan, c.plan) WHEN 'country' THEN c.country WHEN 'channel' THEN c.channel
                            WHEN 'owner' THEN c.owner ELSE json_extract_string(c.attributes, CAST(? AS VARCHAR)) END = CAST(? AS VARCHAR)

-- name: history
-- Every score of one customer, oldest first.
SELECT s.customer_id, s.as_of, s.model_id, s.probability, s.health, s.health_band, s.value, s.value_basis, s.revenue_at_risk,
       CAST(s.reasons AS VARCHAR) AS reasons, CAST(s.health_components AS VARCHAR) AS components,
       coalesce(s.reasons_exact, FALSE) AS reasons_exact, d.health_signals
FROM churn_scores s
LEFT JOIN churn_score_days d ON d.as_of = s.as_of
WHERE s.customer_id = ?
ORDER BY s.as_of;

-- name: current_model
-- The model `holdfast score` uses (chosen), or else the newest.
SELECT id, kind, created_at, chosen, CAST(provenance AS VARCHAR) AS provenance, CAST(evaluation AS VARCHAR) AS evaluation
FROM churn_models
ORDER BY chosen DESC, created_at DESC, id
LIMIT 1;
