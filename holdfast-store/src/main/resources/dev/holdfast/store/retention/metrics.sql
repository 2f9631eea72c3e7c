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
-- {in_segment} keeps the customers of hf_seg; the caller leaves it empty where no filter narrows the segment, as
-- every customer is in it then and an import lets no row name an unknown customer (the semi-join of 1 M ids took
-- 0.4 s of the spells and subscriptions on the 1 M demo store, docs/benchmarks.md).
CREATE OR REPLACE TEMP TABLE hf_spells AS
WITH subs AS NOT MATERIALIZED (
    -- read again by each step below: four scans took 0.1 s less than keeping the rows (1.2 M on the 1 M demo store)
    SELECT customer_id, started,
           CASE WHEN ended > CAST(?1 AS DATE) THEN NULL ELSE ended END AS ended,
           cancel_reason, churn_type
    FROM subscriptions
    WHERE started <= CAST(?1 AS DATE){in_segment}
), several AS (
    -- the customers with more than one subscription: only their periods need ordering into spells
    SELECT customer_id FROM subs GROUP BY customer_id HAVING count(*) > 1
), single_spells AS (
    -- one subscription is one spell (arg_max below leaves out a reason whose end is unknown)
    SELECT customer_id, CAST(1 AS BIGINT) AS spell_no, started AS spell_start, ended AS spell_end,
           CAST(NULL AS DATE) AS previous_end,
           CASE WHEN ended IS NOT NULL THEN cancel_reason END AS cancel_reason,
           CASE WHEN ended IS NOT NULL THEN churn_type END AS churn_type, 'subscription' AS kind
    FROM subs
    WHERE customer_id NOT IN (SELECT customer_id FROM several)
), ordered AS (
    SELECT *, max(coalesce(ended, DATE '9999-12-31')) OVER (
               PARTITION BY customer_id ORDER BY started, ended
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS covered_until
    FROM subs
    WHERE customer_id IN (SELECT customer_id FROM several)
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
      AND customer_id NOT IN (SELECT customer_id FROM subs){in_segment}
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
UNION ALL
SELECT * FROM single_spells;

-- name: known_subscriptions
-- The subscriptions in currency ?2 of the segment's customers as known on ?1, with their monthly billing
-- length. Like activity, a customer's MRR at a boundary t is that of the day before t: a subscription counts
-- at t when started < t AND ended >= t (ended exclusive, NULL while running). A gap of at most ?3 days
-- (gap_days) before the customer's next subscription keeps the ending one's MRR, as the spell keeps the
-- customer active: its end is moved to the next start. {in_segment} as in spells.
CREATE OR REPLACE TEMP TABLE hf_subs AS
WITH known AS (
    SELECT customer_id, mrr, plan, billing_period, currency, started,
           CASE WHEN ended > CAST(?1 AS DATE) THEN NULL ELSE ended END AS ended,
           lead(started) OVER (PARTITION BY customer_id ORDER BY started, ended) AS next_start
    FROM subscriptions
    WHERE started <= CAST(?1 AS DATE){in_segment}
)
SELECT customer_id, mrr, plan, started,
       CASE WHEN next_start > ended AND next_start <= ended + CAST(?3 AS INTEGER) THEN next_start ELSE ended END AS ended,
       CASE billing_period WHEN 'month' THEN 1 WHEN 'quarter' THEN 3 WHEN 'half_year' THEN 6
                           WHEN 'year' THEN 12 WHEN 'two_years' THEN 24 END AS billing_months
FROM known
WHERE currency = ?2;

-- name: boundary_totals
-- Per segment, at boundary ?1 (the first period's first day): customers active (a spell covers the day
-- before it), the MRR running and the customers paying it. Later boundaries follow from hf_moves: only the
-- customers listed there change between a period's two ends.
WITH active AS (
    SELECT g.segment, count(*) AS customers
    FROM hf_spells s
    JOIN hf_seg g ON g.customer_id = s.customer_id
    WHERE s.spell_start < CAST(?1 AS DATE) AND coalesce(s.spell_end, DATE '9999-12-31') >= CAST(?1 AS DATE)
    GROUP BY g.segment
), revenue AS (
    SELECT g.segment, sum(m.mrr) AS mrr, count(DISTINCT m.customer_id) FILTER (WHERE m.mrr > 0) AS paying
    FROM hf_subs m
    JOIN hf_seg g ON g.customer_id = m.customer_id
    WHERE m.started < CAST(?1 AS DATE) AND coalesce(m.ended, DATE '9999-12-31') >= CAST(?1 AS DATE)
    GROUP BY g.segment
)
SELECT coalesce(a.segment, r.segment) AS segment, coalesce(a.customers, 0) AS customers,
       coalesce(r.mrr, 0) AS mrr, coalesce(r.paying, 0) AS paying
FROM active a FULL JOIN revenue r ON r.segment = a.segment;

-- name: moves
-- One row per period and customer whose state can change in it. Only a spell or subscription that starts or
-- ends within a period changes who is active or what they pay between its two ends, so every other customer
-- is the same at both and is counted from boundary_totals alone. The period of a day is found by truncating
-- it to the period length ?2 (day, week, month, quarter, year; as Period does). Spells of one customer never
-- overlap, so the spells with an event in a period are the only ones that can cover its ends; a customer
-- with only a subscription event is inside one spell for the whole period. For each row: active at the
-- start and at the end, whether the first spell or a later one (a return) began in the period, how a lost
-- customer left, MRR at both ends and the movement the change falls in. ?1: reactivation_window_days;
-- ?3, ?4: the first day of the first period and the end of the last (events outside are skipped early).
CREATE OR REPLACE TEMP TABLE hf_moves AS
WITH spell_events AS (
    SELECT p.period_no, p.p_start, p.p_end, s.*
    FROM hf_spells s
    JOIN hf_periods p ON p.p_start = CAST(date_trunc(CAST(?2 AS VARCHAR), s.spell_start) AS DATE) AND s.spell_start < p.p_end
    WHERE s.spell_start >= CAST(?3 AS DATE) AND s.spell_start < CAST(?4 AS DATE)
    UNION ALL
    SELECT p.period_no, p.p_start, p.p_end, s.*
    FROM hf_spells s
    JOIN hf_periods p ON p.p_start = CAST(date_trunc(CAST(?2 AS VARCHAR), s.spell_end) AS DATE) AND s.spell_end < p.p_end
    WHERE s.spell_end >= CAST(?3 AS DATE) AND s.spell_end < CAST(?4 AS DATE)
), spell_states AS (
    SELECT period_no, customer_id,
           bool_or(spell_start < p_start AND coalesce(spell_end, DATE '9999-12-31') >= p_start) AS at_start,
           bool_or(spell_start < p_end AND coalesce(spell_end, DATE '9999-12-31') >= p_end) AS at_end,
           bool_or(spell_no = 1 AND spell_start >= p_start AND spell_start < p_end) AS first_here,
           bool_or(spell_no > 1 AND spell_start >= p_start AND spell_start < p_end) AS back_here,
           bool_or(spell_no > 1 AND spell_start >= p_start AND spell_start < p_end
                   AND spell_start - previous_end > CAST(?1 AS INTEGER)) AS back_late,
           arg_max(churn_type, spell_end) FILTER (WHERE spell_end >= p_start AND spell_end < p_end) AS churn_type,
           arg_max(cancel_reason, spell_end) FILTER (WHERE spell_end >= p_start AND spell_end < p_end) AS cancel_reason,
           max(kind) AS kind
    FROM spell_events
    GROUP BY period_no, customer_id
), subscription_events AS (
    SELECT p.period_no, s.customer_id
    FROM hf_subs s
    JOIN hf_periods p ON p.p_start = CAST(date_trunc(CAST(?2 AS VARCHAR), s.started) AS DATE) AND s.started < p.p_end
    WHERE s.started >= CAST(?3 AS DATE) AND s.started < CAST(?4 AS DATE)
    UNION
    SELECT p.period_no, s.customer_id
    FROM hf_subs s
    JOIN hf_periods p ON p.p_start = CAST(date_trunc(CAST(?2 AS VARCHAR), s.ended) AS DATE) AND s.ended < p.p_end
    WHERE s.ended >= CAST(?3 AS DATE) AND s.ended < CAST(?4 AS DATE)
), states AS (
    SELECT coalesce(a.period_no, b.period_no) AS period_no, coalesce(a.customer_id, b.customer_id) AS customer_id,
           coalesce(a.at_start, TRUE) AS at_start, coalesce(a.at_end, TRUE) AS at_end,
           coalesce(a.first_here, FALSE) AS first_here, coalesce(a.back_here, FALSE) AS back_here,
           coalesce(a.back_late, FALSE) AS back_late, a.churn_type, a.cancel_reason, coalesce(a.kind, 'subscription') AS kind
    FROM spell_states a
    FULL JOIN subscription_events b ON b.period_no = a.period_no AND b.customer_id = a.customer_id
), valued AS (
    SELECT st.period_no, st.customer_id,
           coalesce(sum(s.mrr) FILTER (WHERE s.started < p.p_start AND coalesce(s.ended, DATE '9999-12-31') >= p.p_start), 0) AS mrr_start,
           coalesce(sum(s.mrr) FILTER (WHERE s.started < p.p_end AND coalesce(s.ended, DATE '9999-12-31') >= p.p_end), 0) AS mrr_end,
           max(s.billing_months) FILTER (WHERE s.started < p.p_start AND coalesce(s.ended, DATE '9999-12-31') >= p.p_start) AS billing_start,
           max(s.billing_months) FILTER (WHERE s.started < p.p_end AND coalesce(s.ended, DATE '9999-12-31') >= p.p_end) AS billing_end,
           min(s.plan) FILTER (WHERE s.started < p.p_start AND coalesce(s.ended, DATE '9999-12-31') >= p.p_start) AS plan_start,
           min(s.plan) FILTER (WHERE s.started < p.p_end AND coalesce(s.ended, DATE '9999-12-31') >= p.p_end) AS plan_end
    FROM states st
    JOIN hf_periods p ON p.period_no = st.period_no
    JOIN hf_subs s ON s.customer_id = st.customer_id
    GROUP BY st.period_no, st.customer_id
)
SELECT st.*, g.segment,
       coalesce(v.mrr_start, 0) AS mrr_start, coalesce(v.mrr_end, 0) AS mrr_end,
       v.billing_start, v.billing_end, v.plan_start, v.plan_end,
       CASE
           WHEN st.at_start AND NOT st.at_end THEN 'churned'
           WHEN NOT st.at_start AND st.at_end AND st.first_here THEN 'new'
           WHEN NOT st.at_start AND st.at_end THEN 'reactivation'
           WHEN st.at_start AND coalesce(v.mrr_end, 0) > coalesce(v.mrr_start, 0) THEN 'expansion'
           WHEN st.at_start AND v.mrr_end < v.mrr_start AND v.billing_end > v.billing_start
                AND v.plan_start IS NOT DISTINCT FROM v.plan_end THEN 'billing_change'
           WHEN st.at_start AND coalesce(v.mrr_end, 0) < coalesce(v.mrr_start, 0) THEN 'contraction'
       END AS movement
FROM states st
JOIN hf_seg g ON g.customer_id = st.customer_id
LEFT JOIN valued v ON v.period_no = st.period_no AND v.customer_id = st.customer_id;

-- name: customer_figures
-- Customer and MRR movements per period and segment from hf_moves, with how many more customers are
-- active and paying, and how much more MRR runs, at the period's end than at its start. ?1: TRUE when
-- same-period sign-ups and cancellations are excluded (policy same_period_signup_cancel = exclude).
SELECT period_no, segment,
       count(*) FILTER (WHERE first_here AND NOT at_start AND (at_end OR NOT CAST(?1 AS BOOLEAN))) AS added,
       count(*) FILTER (WHERE back_here AND NOT first_here AND NOT at_start AND (at_end OR NOT CAST(?1 AS BOOLEAN))) AS reactivated,
       count(*) FILTER (WHERE back_here AND back_late AND NOT first_here AND NOT at_start AND (at_end OR NOT CAST(?1 AS BOOLEAN))) AS reactivated_late,
       count(*) FILTER (WHERE at_start AND NOT at_end) AS lost,
       count(*) FILTER (WHERE at_start AND NOT at_end AND churn_type = 'voluntary') AS lost_voluntary,
       count(*) FILTER (WHERE at_start AND NOT at_end AND churn_type = 'involuntary') AS lost_involuntary,
       count(*) FILTER (WHERE NOT at_start AND NOT at_end AND (first_here OR back_here)) AS gone_same_period,
       coalesce(sum(mrr_end) FILTER (WHERE movement = 'new'), 0) AS mrr_new,
       coalesce(sum(mrr_end - mrr_start) FILTER (WHERE movement = 'expansion'), 0) AS mrr_expansion,
       coalesce(sum(mrr_start - mrr_end) FILTER (WHERE movement = 'contraction'), 0) AS mrr_contraction,
       coalesce(sum(mrr_start) FILTER (WHERE movement = 'churned'), 0) AS mrr_churned,
       coalesce(sum(mrr_end) FILTER (WHERE movement = 'reactivation'), 0) AS mrr_reactivation,
       coalesce(sum(mrr_end - mrr_start) FILTER (WHERE movement = 'billing_change'), 0) AS mrr_billing_change,
       count(*) FILTER (WHERE at_end AND NOT at_start) - count(*) FILTER (WHERE at_start AND NOT at_end) AS active_change,
       coalesce(sum(mrr_end - mrr_start), 0) AS mrr_change,
       count(*) FILTER (WHERE mrr_end > 0 AND mrr_start = 0) - count(*) FILTER (WHERE mrr_start > 0 AND mrr_end = 0) AS paying_change
FROM hf_moves
GROUP BY period_no, segment;

-- name: purchase_figures
-- Orders in currency ?1 per period and segment: ordering customers, completed orders, revenue (refunds
-- included when ?2 is TRUE, policy refunds = net, in the period of the refund) and repeat buyers (two or
-- more completed orders in the period). ?3: the period length.
WITH per_customer AS (
    SELECT p.period_no, o.customer_id,
           count(*) FILTER (WHERE o.status = 'completed') AS orders,
           sum(o.amount) FILTER (WHERE o.status = 'completed' OR (o.status = 'refund' AND CAST(?2 AS BOOLEAN))) AS revenue
    FROM orders o
    JOIN hf_periods p ON p.p_start = CAST(date_trunc(CAST(?3 AS VARCHAR), CAST(o.ordered_at AS DATE)) AS DATE)
                     AND CAST(o.ordered_at AS DATE) < p.p_end
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
-- satisfied 4–5), CES (1–7; sum and sum of squares for the mean and its margin). ?1: the period length.
SELECT p.period_no, g.segment,
       count(*) FILTER (WHERE s.kind = 'nps') AS nps_answers,
       count(*) FILTER (WHERE s.kind = 'nps' AND s.score >= 9) AS promoters,
       count(*) FILTER (WHERE s.kind = 'nps' AND s.score <= 6) AS detractors,
       count(*) FILTER (WHERE s.kind = 'csat') AS csat_answers,
       count(*) FILTER (WHERE s.kind = 'csat' AND s.score >= 4) AS satisfied,
       count(*) FILTER (WHERE s.kind = 'ces') AS ces_answers,
       coalesce(sum(s.score) FILTER (WHERE s.kind = 'ces'), 0) AS ces_sum,
       coalesce(sum(s.score * s.score) FILTER (WHERE s.kind = 'ces'), 0) AS ces_squares
FROM surveys s
JOIN hf_periods p ON p.p_start = CAST(date_trunc(CAST(?1 AS VARCHAR), CAST(s.answered_at AS DATE)) AS DATE)
                 AND CAST(s.answered_at AS DATE) < p.p_end
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
-- reactivation, billing_change). ?4: TRUE when same-period sign-ups and cancellations are excluded; ?5: at
-- most this many, the largest MRR changes first.
SELECT m.customer_id, m.kind, m.at_start, m.at_end, m.mrr_start, m.mrr_end, m.mrr_end - m.mrr_start AS mrr_change,
       m.movement, m.churn_type, m.cancel_reason
FROM hf_moves m
WHERE m.period_no = ?1 AND m.segment = ?2
  AND CASE ?3
          WHEN 'lost' THEN m.at_start AND NOT m.at_end
          WHEN 'new' THEN m.first_here AND NOT m.at_start AND (m.at_end OR NOT CAST(?4 AS BOOLEAN))
          WHEN 'reactivated' THEN m.back_here AND NOT m.first_here AND NOT m.at_start AND (m.at_end OR NOT CAST(?4 AS BOOLEAN))
          WHEN 'gone_same_period' THEN NOT m.at_start AND NOT m.at_end AND (m.first_here OR m.back_here)
          ELSE m.movement = ?3
      END
ORDER BY abs(m.mrr_end - m.mrr_start) DESC, m.customer_id
LIMIT ?5;

-- name: active_customers
-- Drill-down of S or E: the segment ?1 customers active at the start (?4 = 'at_start') or the end of the
-- period from ?2 to ?3, with their state and MRR at both ends and, from hf_moves of the period ?6, the movement
-- their MRR made in it (none for a customer whose state did not change); at most ?5, the largest MRR first.
WITH states AS (
    SELECT s.customer_id, s.kind,
           bool_or(s.spell_start < CAST(?2 AS DATE) AND coalesce(s.spell_end, DATE '9999-12-31') >= CAST(?2 AS DATE)) AS at_start,
           bool_or(s.spell_start < CAST(?3 AS DATE) AND coalesce(s.spell_end, DATE '9999-12-31') >= CAST(?3 AS DATE)) AS at_end
    FROM hf_spells s
    JOIN hf_seg g ON g.customer_id = s.customer_id AND g.segment = ?1
    GROUP BY s.customer_id, s.kind
)
SELECT st.customer_id, st.kind, st.at_start, st.at_end,
       coalesce(sum(m.mrr) FILTER (WHERE m.started < CAST(?2 AS DATE) AND coalesce(m.ended, DATE '9999-12-31') >= CAST(?2 AS DATE)), 0) AS mrr_start,
       coalesce(sum(m.mrr) FILTER (WHERE m.started < CAST(?3 AS DATE) AND coalesce(m.ended, DATE '9999-12-31') >= CAST(?3 AS DATE)), 0) AS mrr_end,
       NULL AS mrr_change, mv.movement, mv.churn_type, mv.cancel_reason
FROM states st
LEFT JOIN hf_subs m ON m.customer_id = st.customer_id
LEFT JOIN hf_moves mv ON mv.customer_id = st.customer_id AND mv.period_no = ?6 AND mv.segment = ?1
WHERE CASE WHEN ?4 = 'at_start' THEN st.at_start ELSE st.at_end END
GROUP BY st.customer_id, st.kind, st.at_start, st.at_end, mv.movement, mv.churn_type, mv.cancel_reason
ORDER BY mrr_end DESC, st.customer_id
LIMIT ?5;

-- name: cohort_cells
-- Acquisition cohorts: each customer belongs to the period of the first day of the first spell. A cell is
-- a cohort at an age (periods since the cohort's own): its customers active at the end of that period and
-- their MRR then. Age 0 is the end of the cohort's first period; age -1 carries the cohort's size. ?1, ?2:
-- the first and last cohort period_no.
WITH cohort AS (
    SELECT s.customer_id, p.period_no AS cohort_no, g.segment
    FROM hf_spells s
    JOIN hf_periods p ON s.spell_start >= p.p_start AND s.spell_start < p.p_end
    JOIN hf_seg g ON g.customer_id = s.customer_id
    WHERE s.spell_no = 1 AND p.period_no BETWEEN ?1 AND ?2
), active AS (
    SELECT c.cohort_no, c.segment, p.period_no, count(*) AS customers
    FROM cohort c
    JOIN hf_spells s ON s.customer_id = c.customer_id
    JOIN hf_periods p ON p.period_no >= c.cohort_no AND s.spell_start < p.p_end AND coalesce(s.spell_end, DATE '9999-12-31') >= p.p_end
    GROUP BY c.cohort_no, c.segment, p.period_no
), revenue AS (
    SELECT c.cohort_no, c.segment, p.period_no, sum(m.mrr) AS mrr
    FROM cohort c
    JOIN hf_subs m ON m.customer_id = c.customer_id
    JOIN hf_periods p ON p.period_no >= c.cohort_no AND m.started < p.p_end AND coalesce(m.ended, DATE '9999-12-31') >= p.p_end
    GROUP BY c.cohort_no, c.segment, p.period_no
)
SELECT cohort_no, segment, -1 AS age, count(*) AS customers, 0 AS mrr
FROM cohort
GROUP BY cohort_no, segment
UNION ALL
SELECT a.cohort_no, a.segment, a.period_no - a.cohort_no AS age, a.customers, coalesce(r.mrr, 0) AS mrr
FROM active a
LEFT JOIN revenue r ON r.cohort_no = a.cohort_no AND r.segment = a.segment AND r.period_no = a.period_no
ORDER BY 1, 2, 3;

-- name: cohort_customers
-- Drill-down: the customers of cohort ?1 (period_no) and segment ?2 active at the end of age ?3, with MRR then.
SELECT f.customer_id, f.spell_start AS first_start, coalesce(sum(m.mrr), 0) AS mrr
FROM hf_spells f
JOIN hf_periods p ON f.spell_start >= p.p_start AND f.spell_start < p.p_end AND p.period_no = ?1
JOIN hf_seg g ON g.customer_id = f.customer_id AND g.segment = ?2
JOIN hf_periods a ON a.period_no = ?1 + ?3
JOIN hf_spells s ON s.customer_id = f.customer_id AND s.spell_start < a.p_end AND coalesce(s.spell_end, DATE '9999-12-31') >= a.p_end
LEFT JOIN hf_subs m ON m.customer_id = f.customer_id AND m.started < a.p_end AND coalesce(m.ended, DATE '9999-12-31') >= a.p_end
WHERE f.spell_no = 1
GROUP BY f.customer_id, f.spell_start
ORDER BY mrr DESC, f.customer_id;

-- name: lifetimes
-- Customer lifetimes for survival curves: from the first day of the first spell to its end (the churn),
-- or to the day after the as-of date ?1 for a spell still running (right-censored), for customers whose
-- first spell began from ?2 to ?3; counted per segment, length in days and outcome (the caller expands
-- the counts: a million customers have only a few thousand distinct lifetimes).
SELECT g.segment,
       coalesce(s.spell_end, CAST(?1 AS DATE) + 1) - s.spell_start AS days,
       s.spell_end IS NOT NULL AS churned,
       count(*) AS customers
FROM hf_spells s
JOIN hf_seg g USING (customer_id)
WHERE s.spell_no = 1 AND s.spell_start BETWEEN CAST(?2 AS DATE) AND CAST(?3 AS DATE)
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;

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

-- name: exit_answers
-- Exit-survey answers per period and segment: the survey answers of the customers lost in the period given
-- from 30 days before the end of their spell (the churn date) to 14 days after it, by kind and comment,
-- with how many customers gave them and their mean score.
SELECT m.period_no, m.segment, a.kind, coalesce(a.comment, '') AS comment,
       count(DISTINCT m.customer_id) AS customers, avg(a.score) AS score
FROM hf_moves m
JOIN hf_periods p ON p.period_no = m.period_no
JOIN hf_spells s ON s.customer_id = m.customer_id AND s.spell_end >= p.p_start AND s.spell_end < p.p_end
JOIN surveys a ON a.customer_id = m.customer_id
              AND CAST(a.answered_at AS DATE) BETWEEN s.spell_end - 30 AND s.spell_end + 14
WHERE m.at_start AND NOT m.at_end
GROUP BY m.period_no, m.segment, a.kind, 4
ORDER BY m.period_no, m.segment, customers DESC, a.kind, comment;
