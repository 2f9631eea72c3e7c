-- Purchase histories for the CLV models (docs/clv.md).

-- name: summary
-- Per customer with a completed order in currency ?3 up to the calibration end ?1 (inclusive): the
-- (frequency, recency, T) summary of BG/NBD and Pareto/NBD and the mean repeat spend of Gamma-Gamma.
-- Purchases on the same day are one purchase (their amounts add up): frequency = purchase days − 1
-- (repeat purchases), recency = last − first purchase day, T = calibration end − first purchase day, in
-- units of ?2 days (7: weeks, as in the papers). mean_repeat_spend averages the repeat purchase days'
-- amounts (0 without repeats). holdout counts the purchase days after ?1 up to ?4 (inclusive).
WITH days AS (
    SELECT customer_id, CAST(ordered_at AS DATE) AS day, sum(amount) AS spend
    FROM orders
    WHERE status = 'completed' AND currency = ?3 AND CAST(ordered_at AS DATE) <= CAST(?4 AS DATE)
    GROUP BY customer_id, CAST(ordered_at AS DATE)
), firsts AS (
    SELECT customer_id, min(day) AS first_day FROM days GROUP BY customer_id
)
SELECT d.customer_id,
       count(*) FILTER (WHERE d.day <= CAST(?1 AS DATE)) - 1 AS frequency,
       (max(d.day) FILTER (WHERE d.day <= CAST(?1 AS DATE)) - f.first_day) / CAST(?2 AS DOUBLE) AS recency,
       (CAST(?1 AS DATE) - f.first_day) / CAST(?2 AS DOUBLE) AS age,
       coalesce(avg(d.spend) FILTER (WHERE d.day > f.first_day AND d.day <= CAST(?1 AS DATE)), 0) AS mean_repeat_spend,
       count(*) FILTER (WHERE d.day > CAST(?1 AS DATE)) AS holdout
FROM days d
JOIN firsts f ON f.customer_id = d.customer_id
WHERE f.first_day <= CAST(?1 AS DATE)
GROUP BY d.customer_id, f.first_day
ORDER BY d.customer_id;
