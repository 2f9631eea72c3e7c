-- Headline figures for `holdfast demo`: MRR on a day and the repeat-purchase summary (docs/metrics.md).

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
