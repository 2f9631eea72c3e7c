-- One customer's records, for the dashboard's customer page, and the values of the customer attributes
-- that segments are chosen by. Every query takes the customer id as its first parameter (except
-- attribute_values).

-- name: profile
SELECT id, created, plan, country, channel, owner, CAST(attributes AS VARCHAR) AS attributes
FROM customers
WHERE id = ?
LIMIT 1;

-- name: subscriptions
-- Every subscription period, oldest first.
SELECT id, plan, mrr, currency, billing_period, started, ended, cancel_reason, churn_type
FROM subscriptions
WHERE customer_id = ?
ORDER BY started, id;

-- name: orders
-- The latest ?2 orders, newest first.
SELECT id, ordered_at, amount, currency, status
FROM orders
WHERE customer_id = ?
ORDER BY ordered_at DESC, id
LIMIT ?;

-- name: order_totals
-- All orders of the customer: how many, how many completed and their amount (per currency, largest first).
SELECT currency, count(*) AS orders, count(*) FILTER (WHERE status = 'completed') AS completed,
       coalesce(sum(amount) FILTER (WHERE status = 'completed'), 0) AS completed_amount
FROM orders
WHERE customer_id = ?
GROUP BY currency
ORDER BY completed_amount DESC, currency;

-- name: weekly_activity
-- Usage events per ISO week (Monday to Sunday in the business time zone) and event type: count and sum of values.
SELECT CAST(date_trunc('week', occurred_at) AS DATE) AS week, type, count(*) AS events, coalesce(sum(value), 0) AS total
FROM events
WHERE customer_id = ?
GROUP BY 1, 2
ORDER BY 1, 2;

-- name: tickets
SELECT id, opened, closed, status, priority, category, satisfaction
FROM tickets
WHERE customer_id = ?
ORDER BY opened DESC, id;

-- name: surveys
SELECT id, kind, score, comment, answered_at
FROM surveys
WHERE customer_id = ?
ORDER BY answered_at DESC, id;

-- name: attribute_values
-- The values of the customer columns and of the keys of the free-form attributes, with how many customers
-- have each; at most ?1 values per attribute, the commonest first.
WITH pairs AS (
    SELECT 'plan' AS attribute, plan AS value FROM customers WHERE plan IS NOT NULL
    UNION ALL SELECT 'country', country FROM customers WHERE country IS NOT NULL
    UNION ALL SELECT 'channel', channel FROM customers WHERE channel IS NOT NULL
    UNION ALL SELECT 'owner', owner FROM customers WHERE owner IS NOT NULL
    UNION ALL SELECT j.key, j.value ->> '$' FROM customers, json_each(customers.attributes) AS j
              WHERE customers.attributes IS NOT NULL AND j.type NOT IN ('OBJECT', 'ARRAY', 'NULL')
)
SELECT attribute, value, count(*) AS customers
FROM pairs
GROUP BY attribute, value
QUALIFY row_number() OVER (PARTITION BY attribute ORDER BY count(*) DESC, value) <= ?
ORDER BY attribute, customers DESC, value;
