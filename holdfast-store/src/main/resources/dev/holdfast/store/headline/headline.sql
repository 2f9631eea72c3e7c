-- Headline retention figures for `holdfast demo` and `holdfast status`; metric definitions in DESIGN.md.

-- name: monthly_customers
-- Per calendar month from ?1 to ?2 (first days of months): S (active at the start), E (active at the
-- end), N (first-ever active in the month), lost (of S, not active at the end) and the churn rate
-- lost / S * 100. Subscription periods separated by at most ?3 days (gap_days) form one active spell.
-- "Active at a boundary" (the 1st of a month) means a spell covers the day before it, as in
-- docs/metrics.md: a customer who starts on the 1st is new in that month (in N, not in S), and one whose
-- spell ends (exclusive) on the 1st was still active on the last day of the previous month and is lost
-- in this one.
WITH ordered AS (
    SELECT customer_id, started, ended,
           max(coalesce(ended, DATE '9999-12-31')) OVER (
               PARTITION BY customer_id ORDER BY started, ended
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS covered_until
    FROM subscriptions
), numbered AS (
    SELECT customer_id, started, ended,
           sum(CASE WHEN covered_until IS NOT NULL AND started > covered_until + CAST(?3 AS INTEGER) THEN 1 ELSE 0 END)
               OVER (PARTITION BY customer_id ORDER BY started, ended ROWS UNBOUNDED PRECEDING) AS spell
    FROM ordered
), spells AS (
    SELECT customer_id, spell, min(started) AS spell_start,
           CASE WHEN bool_or(ended IS NULL) THEN NULL ELSE max(ended) END AS spell_end
    FROM numbered
    GROUP BY customer_id, spell
), firsts AS (
    SELECT customer_id, min(spell_start) AS first_start FROM spells GROUP BY customer_id
), months AS (
    SELECT CAST(m AS DATE) AS month_start, CAST(m + INTERVAL 1 MONTH AS DATE) AS month_end
    FROM generate_series(CAST(CAST(?1 AS DATE) AS TIMESTAMP), CAST(CAST(?2 AS DATE) AS TIMESTAMP), INTERVAL 1 MONTH) AS g(m)
), at_start AS (
    SELECT DISTINCT m.month_start, s.customer_id
    FROM months m JOIN spells s ON s.spell_start < m.month_start AND (s.spell_end IS NULL OR s.spell_end >= m.month_start)
), at_end AS (
    SELECT DISTINCT m.month_start, s.customer_id
    FROM months m JOIN spells s ON s.spell_start < m.month_end AND (s.spell_end IS NULL OR s.spell_end >= m.month_end)
)
SELECT m.month_start,
       (SELECT count(*) FROM at_start a WHERE a.month_start = m.month_start) AS s,
       (SELECT count(*) FROM at_end e WHERE e.month_start = m.month_start) AS e,
       (SELECT count(*) FROM firsts f WHERE f.first_start >= m.month_start AND f.first_start < m.month_end) AS n,
       (SELECT count(*) FROM at_start a WHERE a.month_start = m.month_start
            AND NOT EXISTS (SELECT 1 FROM at_end e WHERE e.month_start = a.month_start AND e.customer_id = a.customer_id)) AS lost
FROM months m
ORDER BY m.month_start;

-- name: mrr_at
-- Monthly recurring revenue of the periods running on day ?1, per currency.
SELECT currency, sum(mrr) AS mrr, count(DISTINCT customer_id) AS customers
FROM subscriptions
WHERE started <= CAST(?1 AS DATE) AND (ended IS NULL OR ended > CAST(?1 AS DATE))
GROUP BY currency
ORDER BY mrr DESC;

-- name: orders_summary
-- Ordering customers, orders, repeat customer rate (customers with 2+ completed orders / customers with 1+)
-- and purchase frequency (orders / ordering customers), over completed orders.
SELECT count(DISTINCT customer_id) AS buyers,
       count(*) AS orders,
       coalesce(sum(amount), 0) AS revenue,
       (SELECT count(*) FROM (SELECT customer_id FROM orders WHERE status = 'completed' GROUP BY customer_id HAVING count(*) >= 2)) AS repeat_buyers
FROM orders
WHERE status = 'completed';
