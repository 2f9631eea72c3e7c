-- Period retention metrics (docs/metrics.md). The steps build temporary tables in one connection:
-- hf_seg (the customers of the segment), hf_spells (active spells), hf_periods (filled by the caller),
-- hf_moves (one row per period and customer touching it) and the aggregates read from them.

-- name: spells
-- Active spells of every customer as known on the as-of date ?1. A subscription customer is active while a
-- subscription period covers the date; periods separated by at most ?2 days (gap_days) are one spell. A
-- customer without subscriptions is transactional: active from each completed order until ?3 days
-- (inactivity_days) after it, so orders at most ?3 days apart are one spell. spell_end is the first day
-- not active (exclusive), NULL while the spell runs on the as-of date; anything after ?1 is unknown.
-- A customer is active at a period boundary t (the first day of a period) when a spell covers the day
-- before it: spell_start < t AND (spell_end IS NULL OR spell_end >= t). So S is the state at the end of the
-- previous period, a customer who starts on the first day of a period is new in it, and one whose last
-- active day is the last day of a period is lost in the next one.
CREATE OR REPLACE TEMP TABLE hf_spells AS
WITH subs AS (
    SELECT customer_id, started,
           CASE WHEN ended > CAST(?1 AS DATE) THEN NULL ELSE ended END AS ended,
           cancel_reason, churn_type
    FROM subscriptions
    WHERE started <= CAST(?1 AS DATE)
), ordered AS (
    SELECT *, max(coalesce(ended, DATE '9999-12-31')) OVER (
               PARTITION BY customer_id ORDER BY started, ended
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS covered_until
    FROM subs
), numbered AS (
    SELECT *, sum(CASE WHEN covered_until IS NOT NULL AND started > covered_until + CAST(?2 AS INTEGER) THEN 1 ELSE 0 END)
               OVER (PARTITION BY customer_id ORDER BY started, ended ROWS UNBOUNDED PRECEDING) AS spell
    FROM ordered
), subscription_spells AS (
    SELECT customer_id, min(started) AS spell_start,
           CASE WHEN bool_or(ended IS NULL) THEN NULL ELSE max(ended) END AS spell_end,
           arg_max(cancel_reason, ended) AS cancel_reason,
           arg_max(churn_type, ended) AS churn_type,
           'subscription' AS kind
    FROM numbered
    GROUP BY customer_id, spell
), order_days AS (
    SELECT DISTINCT customer_id, CAST(ordered_at AS DATE) AS day
    FROM orders
    WHERE status = 'completed' AND CAST(ordered_at AS DATE) <= CAST(?1 AS DATE)
      AND customer_id NOT IN (SELECT customer_id FROM subs)
), order_breaks AS (
    SELECT customer_id, day,
           CASE WHEN day > lag(day) OVER (PARTITION BY customer_id ORDER BY day) + CAST(?3 AS INTEGER) THEN 1 ELSE 0 END AS breaks
    FROM order_days
), order_numbered AS (
    SELECT customer_id, day, sum(breaks) OVER (PARTITION BY customer_id ORDER BY day ROWS UNBOUNDED PRECEDING) AS spell
    FROM order_breaks
), order_spells AS (
    SELECT customer_id, min(day) AS spell_start,
           CASE WHEN max(day) + CAST(?3 AS INTEGER) + 1 > CAST(?1 AS DATE) THEN NULL
                ELSE max(day) + CAST(?3 AS INTEGER) + 1 END AS spell_end,
           CAST(NULL AS VARCHAR) AS cancel_reason, CAST(NULL AS VARCHAR) AS churn_type, 'transactional' AS kind
    FROM order_numbered
    GROUP BY customer_id, spell
), spells AS (
    SELECT * FROM subscription_spells UNION ALL SELECT * FROM order_spells
)
SELECT customer_id,
       row_number() OVER (PARTITION BY customer_id ORDER BY spell_start) AS spell_no,
       spell_start, spell_end,
       lag(spell_end) OVER (PARTITION BY customer_id ORDER BY spell_start) AS previous_end,
       cancel_reason, churn_type, kind
FROM spells
WHERE customer_id IN (SELECT customer_id FROM hf_seg);

-- name: boundary_mrr
-- MRR in currency ?2 of each segment customer at each period boundary in hf_periods, as known on ?1, with
-- the longest billing period and the plan running then (to tell an annual discount from a contraction).
-- Like activity, MRR at boundary t is that of the day before t. A gap of at most ?3 days (gap_days) before
-- the customer's next subscription keeps the ending one's MRR, as the spell keeps the customer active.
CREATE OR REPLACE TEMP TABLE hf_mrr AS
WITH bounds AS (
    SELECT p_start AS t FROM hf_periods UNION SELECT p_end FROM hf_periods
), known AS (
    SELECT customer_id, mrr, plan, billing_period, currency, started,
           CASE WHEN ended > CAST(?1 AS DATE) THEN NULL ELSE ended END AS ended,
           lead(started) OVER (PARTITION BY customer_id ORDER BY started, ended) AS next_start
    FROM subscriptions
    WHERE started <= CAST(?1 AS DATE)
), bridged AS (
    SELECT customer_id, mrr, plan, billing_period, currency, started,
           CASE WHEN next_start > ended AND next_start <= ended + CAST(?3 AS INTEGER) THEN next_start ELSE ended END AS ended
    FROM known
)
SELECT b.t, s.customer_id, sum(s.mrr) AS mrr,
       max(CASE s.billing_period WHEN 'month' THEN 1 WHEN 'quarter' THEN 3 WHEN 'half_year' THEN 6
                                 WHEN 'year' THEN 12 WHEN 'two_years' THEN 24 END) AS billing_months,
       min(s.plan) AS plan
FROM bounds b
JOIN bridged s ON s.started < b.t AND coalesce(s.ended, DATE '9999-12-31') >= b.t
WHERE s.currency = ?2
  AND s.customer_id IN (SELECT customer_id FROM hf_seg)
GROUP BY b.t, s.customer_id;

-- name: moves
-- One row per period and customer whose spells touch it: active at the start and at the end, whether the
-- customer's first spell or a later one (a return) began in it, how a lost customer left, MRR at both
-- ends and the MRR movement the customer's change falls in. ?1: reactivation_window_days; ?2: the
-- period_no and ?3, ?4 its first day and end (one period at a time keeps memory small: the caller creates
-- hf_moves from the first period's rows and appends the others).
WITH touching AS (
    SELECT p.period_no, s.customer_id,
           bool_or(s.spell_start < p.p_start AND (s.spell_end IS NULL OR s.spell_end >= p.p_start)) AS at_start,
           bool_or(s.spell_start < p.p_end AND (s.spell_end IS NULL OR s.spell_end >= p.p_end)) AS at_end,
           bool_or(s.spell_no = 1 AND s.spell_start >= p.p_start) AS first_here,
           bool_or(s.spell_no > 1 AND s.spell_start >= p.p_start) AS back_here,
           bool_or(s.spell_no > 1 AND s.spell_start >= p.p_start
                   AND s.spell_start - s.previous_end > CAST(?1 AS INTEGER)) AS back_late,
           arg_max(s.churn_type, s.spell_end) FILTER (WHERE s.spell_end < p.p_end) AS churn_type,
           arg_max(s.cancel_reason, s.spell_end) FILTER (WHERE s.spell_end < p.p_end) AS cancel_reason,
           max(s.kind) AS kind
    FROM hf_periods p
    JOIN hf_spells s ON s.spell_start < p.p_end AND coalesce(s.spell_end, DATE '9999-12-31') >= p.p_start
    WHERE p.period_no = ?2
    GROUP BY p.period_no, s.customer_id
), valued AS (
    SELECT t.*, g.segment,
           coalesce(ms.mrr, 0) AS mrr_start, coalesce(me.mrr, 0) AS mrr_end,
           ms.billing_months AS billing_start, me.billing_months AS billing_end,
           ms.plan AS plan_start, me.plan AS plan_end
    FROM touching t
    JOIN hf_periods p USING (period_no)
    JOIN hf_seg g USING (customer_id)
    LEFT JOIN (SELECT * FROM hf_mrr WHERE t = CAST(?3 AS DATE)) ms ON ms.customer_id = t.customer_id
    LEFT JOIN (SELECT * FROM hf_mrr WHERE t = CAST(?4 AS DATE)) me ON me.customer_id = t.customer_id
)
SELECT *,
       CASE
           WHEN at_start AND NOT at_end THEN 'churned'
           WHEN NOT at_start AND at_end AND first_here THEN 'new'
           WHEN NOT at_start AND at_end THEN 'reactivation'
           WHEN at_start AND mrr_end > mrr_start THEN 'expansion'
           WHEN at_start AND mrr_end < mrr_start AND billing_end > billing_start
                AND plan_start IS NOT DISTINCT FROM plan_end THEN 'billing_change'
           WHEN at_start AND mrr_end < mrr_start THEN 'contraction'
       END AS movement
FROM valued;

-- name: customer_figures
-- Customers and MRR per period and segment from hf_moves. ?1: TRUE when same-period sign-ups and
-- cancellations are excluded (policy same_period_signup_cancel = exclude).
SELECT period_no, segment,
       count(*) FILTER (WHERE at_start) AS at_start,
       count(*) FILTER (WHERE at_end) AS at_end,
       count(*) FILTER (WHERE first_here AND NOT at_start AND (at_end OR NOT CAST(?1 AS BOOLEAN))) AS added,
       count(*) FILTER (WHERE back_here AND NOT first_here AND NOT at_start AND (at_end OR NOT CAST(?1 AS BOOLEAN))) AS reactivated,
       count(*) FILTER (WHERE back_here AND back_late AND NOT first_here AND NOT at_start AND (at_end OR NOT CAST(?1 AS BOOLEAN))) AS reactivated_late,
       count(*) FILTER (WHERE at_start AND NOT at_end) AS lost,
       count(*) FILTER (WHERE at_start AND NOT at_end AND churn_type = 'voluntary') AS lost_voluntary,
       count(*) FILTER (WHERE at_start AND NOT at_end AND churn_type = 'involuntary') AS lost_involuntary,
       count(*) FILTER (WHERE NOT at_start AND NOT at_end AND (first_here OR back_here)) AS gone_same_period,
       coalesce(sum(mrr_start), 0) AS mrr_start,
       coalesce(sum(mrr_end), 0) AS mrr_end,
       coalesce(sum(mrr_end) FILTER (WHERE movement = 'new'), 0) AS mrr_new,
       coalesce(sum(mrr_end - mrr_start) FILTER (WHERE movement = 'expansion'), 0) AS mrr_expansion,
       coalesce(sum(mrr_start - mrr_end) FILTER (WHERE movement = 'contraction'), 0) AS mrr_contraction,
       coalesce(sum(mrr_start) FILTER (WHERE movement = 'churned'), 0) AS mrr_churned,
       coalesce(sum(mrr_end) FILTER (WHERE movement = 'reactivation'), 0) AS mrr_reactivation,
       coalesce(sum(mrr_end - mrr_start) FILTER (WHERE movement = 'billing_change'), 0) AS mrr_billing_change,
       count(*) FILTER (WHERE mrr_end > 0) AS paying_at_end
FROM hf_moves
GROUP BY period_no, segment;

-- name: purchase_figures
-- Orders in currency ?1 per period and segment: ordering customers, completed orders, revenue (refunds
-- included when ?2 is TRUE, policy refunds = net, in the period of the refund) and repeat buyers (two or
-- more completed orders in the period).
WITH per_customer AS (
    SELECT p.period_no, o.customer_id,
           count(*) FILTER (WHERE o.status = 'completed') AS orders,
           sum(o.amount) FILTER (WHERE o.status = 'completed' OR (o.status = 'refund' AND CAST(?2 AS BOOLEAN))) AS revenue
    FROM hf_periods p
    JOIN orders o ON CAST(o.ordered_at AS DATE) >= p.p_start AND CAST(o.ordered_at AS DATE) < p.p_end
    WHERE o.currency = ?1
    GROUP BY p.period_no, o.customer_id
)
SELECT period_no, g.segment,
       count(*) FILTER (WHERE orders > 0) AS buyers,
       coalesce(sum(orders), 0) AS orders,
       coalesce(sum(revenue), 0) AS revenue,
       count(*) FILTER (WHERE orders >= 2) AS repeat_buyers
FROM per_customer JOIN hf_seg g USING (customer_id)
GROUP BY period_no, g.segment;

-- name: feedback_figures
-- Survey answers per period and segment: NPS (0–10; promoters 9–10, detractors 0–6), CSAT (1–5;
-- satisfied 4–5), CES (1–7; sum and sum of squares for the mean and its margin).
SELECT p.period_no, g.segment,
       count(*) FILTER (WHERE s.kind = 'nps') AS nps_answers,
       count(*) FILTER (WHERE s.kind = 'nps' AND s.score >= 9) AS promoters,
       count(*) FILTER (WHERE s.kind = 'nps' AND s.score <= 6) AS detractors,
       count(*) FILTER (WHERE s.kind = 'csat') AS csat_answers,
       count(*) FILTER (WHERE s.kind = 'csat' AND s.score >= 4) AS satisfied,
       count(*) FILTER (WHERE s.kind = 'ces') AS ces_answers,
       coalesce(sum(s.score) FILTER (WHERE s.kind = 'ces'), 0) AS ces_sum,
       coalesce(sum(s.score * s.score) FILTER (WHERE s.kind = 'ces'), 0) AS ces_squares
FROM hf_periods p
JOIN surveys s ON CAST(s.answered_at AS DATE) >= p.p_start AND CAST(s.answered_at AS DATE) < p.p_end
JOIN hf_seg g ON g.customer_id = s.customer_id
GROUP BY p.period_no, g.segment;

-- name: spend_by_channel
-- Acquisition spend in currency ?1 per period and channel; a spend row spread over several periods is
-- shared out by the days it overlaps each one.
SELECT p.period_no, s.channel,
       sum(s.amount * (least(s.period_end, p.p_end) - greatest(s.period_start, p.p_start))
           / (s.period_end - s.period_start)) AS spend
FROM hf_periods p
JOIN spend s ON s.period_start < p.p_end AND s.period_end > p.p_start
WHERE s.currency = ?1
GROUP BY p.period_no, s.channel;

-- name: movement_customers
-- Drill-down: the customers behind one figure of period ?1 and segment ?2: ?3 names the figure
-- (lost, new, reactivated, gone_same_period, or an MRR movement: churned, expansion, contraction,
-- reactivation, billing_change). ?4: TRUE when same-period sign-ups and cancellations are excluded.
SELECT m.customer_id, m.kind, m.at_start, m.at_end, m.mrr_start, m.mrr_end, m.mrr_end - m.mrr_start AS mrr_change,
       m.movement, m.churn_type, m.cancel_reason
FROM hf_moves m
WHERE m.period_no = ?1 AND m.segment = ?2
  AND CASE ?3
          WHEN 'lost' THEN m.at_start AND NOT m.at_end
          WHEN 'new' THEN m.first_here AND NOT m.at_start AND (m.at_end OR NOT CAST(?4 AS BOOLEAN))
          WHEN 'reactivated' THEN m.back_here AND NOT m.first_here AND NOT m.at_start AND (m.at_end OR NOT CAST(?4 AS BOOLEAN))
          WHEN 'gone_same_period' THEN NOT m.at_start AND NOT m.at_end AND (m.first_here OR m.back_here)
          WHEN 'at_start' THEN m.at_start
          WHEN 'at_end' THEN m.at_end
          ELSE m.movement = ?3
      END
ORDER BY abs(m.mrr_end - m.mrr_start) DESC, m.customer_id;

-- name: cohort_cells
-- Acquisition cohorts: each customer belongs to the period of the first day of the first spell. A cell is
-- a cohort at an age (periods since the cohort's own): its customers active at the end of that period and
-- their MRR then. Age 0 is the end of the cohort's first period. ?1, ?2: the first and last cohort period_no.
WITH firsts AS (
    SELECT customer_id, min(spell_start) AS first_start FROM hf_spells GROUP BY customer_id
), cohort AS (
    SELECT f.customer_id, p.period_no AS cohort_no, g.segment
    FROM firsts f
    JOIN hf_periods p ON f.first_start >= p.p_start AND f.first_start < p.p_end
    JOIN hf_seg g ON g.customer_id = f.customer_id
    WHERE p.period_no BETWEEN ?1 AND ?2
), active AS (
    SELECT p.period_no, p.p_end, s.customer_id
    FROM hf_periods p
    JOIN hf_spells s ON s.spell_start < p.p_end AND (s.spell_end IS NULL OR s.spell_end >= p.p_end)
)
SELECT c.cohort_no, c.segment, -1 AS age, count(*) AS customers, 0 AS mrr
FROM cohort c
GROUP BY c.cohort_no, c.segment
UNION ALL
SELECT c.cohort_no, c.segment, a.period_no - c.cohort_no AS age, count(*) AS customers, coalesce(sum(m.mrr), 0) AS mrr
FROM cohort c
JOIN active a ON a.customer_id = c.customer_id AND a.period_no >= c.cohort_no
LEFT JOIN hf_mrr m ON m.customer_id = c.customer_id AND m.t = a.p_end
GROUP BY c.cohort_no, c.segment, a.period_no
ORDER BY 1, 2, 3;

-- name: cohort_customers
-- Drill-down: the customers of cohort ?1 (period_no) and segment ?2 active at the end of age ?3, with MRR then.
WITH firsts AS (
    SELECT customer_id, min(spell_start) AS first_start FROM hf_spells GROUP BY customer_id
)
SELECT f.customer_id, f.first_start, coalesce(m.mrr, 0) AS mrr
FROM firsts f
JOIN hf_periods p ON f.first_start >= p.p_start AND f.first_start < p.p_end AND p.period_no = ?1
JOIN hf_seg g ON g.customer_id = f.customer_id AND g.segment = ?2
JOIN hf_periods a ON a.period_no = ?1 + ?3
JOIN hf_spells s ON s.customer_id = f.customer_id AND s.spell_start < a.p_end AND (s.spell_end IS NULL OR s.spell_end >= a.p_end)
LEFT JOIN hf_mrr m ON m.customer_id = f.customer_id AND m.t = a.p_end
ORDER BY mrr DESC, f.customer_id;

-- name: lifetimes
-- Customer lifetimes for survival curves: from the first day of the first spell to its end (the churn),
-- or to the day after the as-of date ?1 for a spell still running (right-censored), for customers whose
-- first spell began from ?2 to ?3. Days.
SELECT g.segment, s.customer_id,
       coalesce(s.spell_end, CAST(?1 AS DATE) + 1) - s.spell_start AS days,
       s.spell_end IS NOT NULL AS churned
FROM hf_spells s
JOIN hf_seg g USING (customer_id)
WHERE s.spell_no = 1 AND s.spell_start BETWEEN CAST(?2 AS DATE) AND CAST(?3 AS DATE)
ORDER BY g.segment, s.customer_id;

-- name: reasons
-- Churn reasons per period and segment: the customers lost in the period (of S, not active at its end)
-- by churn type and cancellation reason of the subscription that ended their spell, with their MRR at the
-- start. Transactional customers have neither and are counted as "inactive".
SELECT period_no, segment,
       coalesce(churn_type, CASE WHEN kind = 'transactional' THEN 'inactive' ELSE 'unknown' END) AS churn_type,
       coalesce(cancel_reason, '') AS reason,
       count(*) AS customers,
       coalesce(sum(mrr_start), 0) AS mrr
FROM hf_moves
WHERE at_start AND NOT at_end
GROUP BY period_no, segment, 3, 4
ORDER BY period_no, segment, customers DESC, reason;
