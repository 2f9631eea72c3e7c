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

-- name: rfm
-- RFM scores on day ?1 over completed orders in currency ?2 up to that day: recency = days since the last
-- purchase day, frequency = purchase days, monetary = total spend. Each is scored 1..5 by the share of the
-- customers with a worse value (longer ago, fewer days, less spend): 1 + floor(5 * worse / customers), so 5 =
-- most recent, most frequent, highest spend, and equal values get equal scores (rank() counts the worse ones), and
-- the recency and frequency scores name the segment (the common RF grid).
WITH days AS (
    SELECT customer_id, CAST(ordered_at AS DATE) AS day, sum(amount) AS spend
    FROM orders
    WHERE status = 'completed' AND currency = ?2 AND CAST(ordered_at AS DATE) <= CAST(?1 AS DATE)
    GROUP BY customer_id, CAST(ordered_at AS DATE)
), per_customer AS (
    SELECT customer_id, CAST(?1 AS DATE) - max(day) AS recency_days, count(*) AS purchase_days, sum(spend) AS monetary
    FROM days
    GROUP BY customer_id
), scored AS (
    SELECT *,
           1 + CAST((5 * (rank() OVER (ORDER BY recency_days DESC) - 1)) // count(*) OVER () AS INTEGER) AS r,
           1 + CAST((5 * (rank() OVER (ORDER BY purchase_days) - 1)) // count(*) OVER () AS INTEGER) AS f,
           1 + CAST((5 * (rank() OVER (ORDER BY monetary) - 1)) // count(*) OVER () AS INTEGER) AS m
    FROM per_customer
)
SELECT customer_id, recency_days, purchase_days, monetary, r, f, m,
       CASE
           WHEN r >= 4 AND f >= 4 THEN 'champions'
           WHEN r >= 3 AND f >= 3 THEN 'loyal'
           WHEN r = 5 AND f = 1 THEN 'new'
           WHEN r = 4 AND f = 1 THEN 'promising'
           WHEN r >= 4 AND f <= 3 THEN 'potential_loyalists'
           WHEN r = 3 AND f = 2 THEN 'need_attention'
           WHEN r = 3 AND f = 1 THEN 'about_to_sleep'
           WHEN r <= 2 AND f = 5 THEN 'cannot_lose'
           WHEN r <= 2 AND f >= 3 THEN 'at_risk'
           WHEN r <= 2 AND f = 2 THEN 'hibernating'
           ELSE 'lost'
       END AS segment
FROM scored
ORDER BY customer_id;
