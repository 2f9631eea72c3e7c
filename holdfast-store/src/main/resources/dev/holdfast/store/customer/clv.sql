-- Predicted customer lifetime values written by `holdfast clv` (table clv_predictions, schema version 3).

-- name: summary
-- The predictions in currency ?1: how many, as of when, by which model, and their total, mean, median and
-- 90th percentile.
SELECT count(*) AS customers, max(as_of) AS as_of, min(model) AS model, max(horizon_months) AS horizon_months,
       coalesce(sum(clv), 0) AS total, avg(clv) AS mean, median(clv) AS median, quantile_cont(clv, 0.9) AS p90,
       quantile_cont(clv, 0.99) AS p99
FROM clv_predictions
WHERE currency = ?;

-- name: histogram
-- Customers in currency ?3 per bin of width ?1 from 0; there are ?2 bins and larger values share the last one.
SELECT least(CAST(floor(greatest(clv, 0) / CAST(? AS DOUBLE)) AS INTEGER), CAST(? AS INTEGER) - 1) AS bin, count(*) AS customers
FROM clv_predictions
WHERE currency = ?
GROUP BY 1
ORDER BY 1;

-- name: top
-- The ?2 customers with the largest predicted value in currency ?1.
SELECT p.customer_id, p.as_of, p.model, p.p_alive, p.expected_purchases, p.expected_value, p.clv, p.currency,
       p.horizon_months, p.discount_rate, c.plan, c.owner
FROM clv_predictions p
LEFT JOIN customers c ON c.id = p.customer_id
WHERE p.currency = ?
ORDER BY p.clv DESC, p.customer_id
LIMIT ?;

-- name: one
SELECT p.customer_id, p.as_of, p.model, p.p_alive, p.expected_purchases, p.expected_value, p.clv, p.currency,
       p.horizon_months, p.discount_rate, c.plan, c.owner
FROM clv_predictions p
LEFT JOIN customers c ON c.id = p.customer_id
WHERE p.customer_id = ?;
