-- Predicted customer lifetime values written by `holdfast clv` (table clv_predictions, schema version 3).

-- name: summary
-- The predictions in currency ?1: how many, as of when, by which model, and their total, mean, median and
-- 90th percentile. The filters placeholder is replaced by zero or more copies of attribute_filter (three parameters each) in
-- this query, histogram and top.
SELECT count(*) AS customers, max(p.as_of) AS as_of, min(p.model) AS model, max(p.horizon_months) AS horizon_months,
       coalesce(sum(p.clv), 0) AS total, avg(p.clv) AS mean, median(p.clv) AS median, quantile_cont(p.clv, 0.9) AS p90,
       quantile_cont(p.clv, 0.99) AS p99
FROM clv_predictions p
LEFT JOIN customers c ON c.id = p.customer_id
WHERE p.currency = ? /*filters*/;

-- name: histogram
-- Customers in currency ?3 per bin of width ?1 from 0; there are ?2 bins and larger values share the last one.
SELECT least(CAST(floor(greatest(p.clv, 0) / CAST(? AS DOUBLE)) AS INTEGER), CAST(? AS INTEGER) - 1) AS bin, count(*) AS customers
FROM clv_predictions p
LEFT JOIN customers c ON c.id = p.customer_id
WHERE p.currency = ? /*filters*/
GROUP BY 1
ORDER BY 1;

-- name: top
-- The ?2 customers with the largest predicted value in currency ?1.
SELECT p.customer_id, p.as_of, p.model, p.p_alive, p.expected_purchases, p.expected_value, p.clv, p.currency,
       p.horizon_months, p.discount_rate, c.plan, c.owner
FROM clv_predictions p
LEFT JOIN customers c ON c.id = p.customer_id
WHERE p.currency = ? /*filters*/
ORDER BY p.clv DESC, p.customer_id
LIMIT ?;

-- name: attribute_filter
-- One segment filter: the customer attribute named by the first parameter (a column, or else a key of the free-form
-- attributes given as a JSON path in the second) equals the third.
AND CASE CAST(? AS VARCHAR) WHEN 'plan' THEN c.plan WHEN 'country' THEN c.country WHEN 'channel' THEN c.channel
                            WHEN 'owner' THEN c.owner ELSE json_extract_string(c.attributes, CAST(? AS VARCHAR)) END = CAST(? AS VARCHAR)

-- name: one
SELECT p.customer_id, p.as_of, p.model, p.p_alive, p.expected_purchases, p.expected_value, p.clv, p.currency,
       p.horizon_months, p.discount_rate, c.plan, c.owner
FROM clv_predictions p
LEFT JOIN customers c ON c.id = p.customer_id
WHERE p.customer_id = ?;

-- name: has_buyers
-- Whether any customer has a completed order in the currency (?1).
SELECT EXISTS (SELECT 1 FROM orders WHERE status = 'completed' AND currency = ?);
