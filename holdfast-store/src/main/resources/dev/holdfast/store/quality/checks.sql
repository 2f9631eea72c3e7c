-- Data-quality checks run by `holdfast status`, in the spirit of fight-churn's metric QA.
-- Each query is named by a "-- name:" line; it returns (count, examples) where examples is a list of
-- up to five values a user can look up. The one parameter is the current time (TIMESTAMPTZ) where a query has it.

-- name: date_ranges
-- Per table its first and last timestamp (first_at, last_at) or, for tables of dates, its first and last day (spend's
-- period_end is exclusive, so its last day is the day before).
SELECT 'customers' AS tbl, min(created) AS first_at, max(created) AS last_at, CAST(NULL AS DATE) AS first_day, CAST(NULL AS DATE) AS last_day FROM customers
UNION ALL SELECT 'subscriptions', NULL, NULL, min(started), max(coalesce(ended, started)) FROM subscriptions
UNION ALL SELECT 'orders', min(ordered_at), max(ordered_at), NULL, NULL FROM orders
UNION ALL SELECT 'events', min(occurred_at), max(occurred_at), NULL, NULL FROM events
UNION ALL SELECT 'tickets', min(opened), max(opened), NULL, NULL FROM tickets
UNION ALL SELECT 'surveys', min(answered_at), max(answered_at), NULL, NULL FROM surveys
UNION ALL SELECT 'spend', NULL, NULL, min(period_start), max(period_end) - 1 FROM spend;

-- name: event_minutes
-- The events counted by minute (an integer from the epoch, shifted to count from the year 1 so that it is never
-- negative), for event_gaps and event_drops: one pass over the events for both (on 100 M events each check made its own
-- in 2.5–4.5 s).
CREATE OR REPLACE TEMP TABLE hf_event_minutes AS
SELECT (epoch_us(occurred_at) + 62135596800000000) // 60000000 AS m, count(*) AS n
FROM events
GROUP BY 1;

-- name: event_gaps
-- Days without a single event between the first and the last day that has events. Events are counted by minute first
-- (event_minutes), and the minutes by day in the business time zone: turning each of 100 M events into a local day
-- took 5 s, the minutes 2 s. A zone's offset is
-- a whole number of minutes everywhere since the 1920s; before that, an event within the seconds of a local-mean-time
-- offset (Moscow's +02:30:17) before midnight counts on the next day. Days after the current time (the parameter) are
-- left out: future_dates reports their events, and an event dated 2099 by mistake would make decades of gaps. So are
-- days before 1900, which ancient_dates reports (an event dated 0001 instead of 2001).
WITH days AS (
    SELECT CAST(to_timestamp(0) + to_microseconds(m * 60000000 - 62135596800000000) AS DATE) AS day
    FROM hf_event_minutes
    GROUP BY 1
    HAVING day <= CAST(CAST(? AS TIMESTAMPTZ) AS DATE) AND day >= DATE '1900-01-01'
), span AS (
    SELECT CAST(generate_series AS DATE) AS day
    FROM generate_series((SELECT CAST(min(day) AS TIMESTAMP) FROM days), (SELECT CAST(max(day) AS TIMESTAMP) FROM days), INTERVAL 1 DAY)
)
SELECT count(*), list(CAST(span.day AS VARCHAR) ORDER BY span.day)[1:5]
FROM span LEFT JOIN days USING (day)
WHERE days.day IS NULL;

-- name: event_drops
-- Days whose event count falls below half the median of the 28 days with events before it (with at least 14 such
-- days): a day after a gap (which event_gaps reports) is judged against the level before the gap. Days after the current
-- time are left out, as in event_gaps.
WITH daily AS (
    -- by minute, then by day, as in event_gaps
    SELECT CAST(to_timestamp(0) + to_microseconds(m * 60000000 - 62135596800000000) AS DATE) AS day, sum(n) AS n
    FROM hf_event_minutes
    GROUP BY 1
    HAVING day <= CAST(CAST(? AS TIMESTAMPTZ) AS DATE)
), judged AS (
    SELECT day, n,
           median(n) OVER (ORDER BY day ROWS BETWEEN 28 PRECEDING AND 1 PRECEDING) AS usual,
           count(*) OVER (ORDER BY day ROWS BETWEEN 28 PRECEDING AND 1 PRECEDING) AS history
    FROM daily
)
SELECT count(*), list(CAST(day AS VARCHAR) || ' (' || n || ' vs ' || CAST(usual AS BIGINT) || ')' ORDER BY day)[1:5]
FROM judged
WHERE history >= 14 AND n < usual / 2;

-- name: inactive_customers
-- Customers with no subscription, no order and no event at all.
SELECT count(*), list(id ORDER BY id)[1:5]
FROM customers c
WHERE NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.customer_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM events e WHERE e.customer_id = c.id);

-- name: orphans
-- Rows that refer to a customer the store does not have.
SELECT count(*), list(DISTINCT tbl || ':' || customer_id)[1:5] FROM (
    SELECT 'subscriptions' AS tbl, customer_id FROM subscriptions
    UNION ALL SELECT 'orders', customer_id FROM orders
    UNION ALL SELECT 'events', customer_id FROM events
    UNION ALL SELECT 'tickets', customer_id FROM tickets
    UNION ALL SELECT 'surveys', customer_id FROM surveys
) r
WHERE customer_id NOT IN (SELECT id FROM customers);

-- name: padded_ids
-- Ids that begin or end with white space. Imports keep ids as given, so " A1" and "A1" are two customers (or orders);
-- the customer ids of events are left out (100 M rows to read), since one that is padded where its customer's id is not
-- is an orphan already.
-- Each table and id counts once, however many rows repeat it; the no-break space that spreadsheets leave counts too.
SELECT count(*), list(tbl || ':"' || id || '"' ORDER BY tbl, id)[1:5] FROM (SELECT DISTINCT tbl, id FROM (
    SELECT 'customers' AS tbl, id FROM customers
    UNION ALL SELECT 'subscriptions', id FROM subscriptions UNION ALL SELECT 'subscriptions', customer_id FROM subscriptions
    UNION ALL SELECT 'orders', id FROM orders UNION ALL SELECT 'orders', customer_id FROM orders
    UNION ALL SELECT 'tickets', id FROM tickets UNION ALL SELECT 'tickets', customer_id FROM tickets
    UNION ALL SELECT 'surveys', id FROM surveys UNION ALL SELECT 'surveys', customer_id FROM surveys
) r
WHERE regexp_matches(id, '^[\s\x{00A0}]|[\s\x{00A0}]$'));

-- name: non_positive_amounts
-- Completed orders with a zero or negative amount (refunds are expected to be negative).
SELECT count(*), list(id || ' (' || CAST(amount AS VARCHAR) || ')' ORDER BY ordered_at)[1:5]
FROM orders
WHERE status = 'completed' AND amount <= 0;

-- name: zero_mrr
-- Subscription periods with no recurring revenue.
SELECT count(*), list(id ORDER BY started)[1:5]
FROM subscriptions
WHERE mrr = 0;

-- name: duplicate_keys
-- Keys held by more than one row: the rows beyond the first of each key, and the smallest such key of each table.
-- Grouped by key, not numbered by a window over every row, which ran out of memory on 100 M events. {events} is
-- duplicate_keys.events, or nothing where repeated_event_ids finds no repeated event id.
SELECT sum(n), list(example)[1:5] FROM (
    SELECT 'customers' AS tbl, sum(c - 1) AS n, min('customers:' || k) AS example
      FROM (SELECT id AS k, count(*) AS c FROM customers GROUP BY id HAVING count(*) > 1)
    UNION ALL SELECT 'subscriptions', sum(c - 1), min('subscriptions:' || k)
      FROM (SELECT id AS k, count(*) AS c FROM subscriptions GROUP BY id HAVING count(*) > 1)
    UNION ALL SELECT 'orders', sum(c - 1), min('orders:' || k)
      FROM (SELECT id AS k, count(*) AS c FROM orders GROUP BY id HAVING count(*) > 1)
    {events}
    UNION ALL SELECT 'tickets', sum(c - 1), min('tickets:' || k)
      FROM (SELECT id AS k, count(*) AS c FROM tickets GROUP BY id HAVING count(*) > 1)
    UNION ALL SELECT 'surveys', sum(c - 1), min('surveys:' || k)
      FROM (SELECT id AS k, count(*) AS c FROM surveys GROUP BY id HAVING count(*) > 1)
    UNION ALL SELECT 'spend', sum(c - 1), min('spend:' || CAST(period_start AS VARCHAR) || '/' || channel)
      FROM (SELECT period_start, channel, count(*) AS c FROM spend GROUP BY period_start, channel HAVING count(*) > 1)
) d
WHERE n > 0;

-- name: duplicate_keys.events
-- The events' part of duplicate_keys, in place of {events} where repeated_event_ids finds an id held twice.
    UNION ALL SELECT 'events', sum(c - 1), min('events:' || CAST(k AS VARCHAR))
      FROM (SELECT id AS k, count(*) AS c FROM events WHERE id IS NOT NULL GROUP BY id HAVING count(*) > 1)

-- name: repeated_event_ids
-- Whether an event id is held by more than one event. Counting the distinct ids of 100 M events took 6.2–6.6 s where
-- grouping them by id with their counts took 8.1–11.2 s, so duplicate_keys groups the events only when this is true.
SELECT count(id) > count(DISTINCT id) FROM events;

-- name: ancient_dates
-- Rows dated before 1900: a year typed wrong (0001 for 2001) rather than a customer of the 19th century; they would
-- stretch every range and cohort back to their day.
SELECT count(*), list(tbl || ':' || id || ' (' || CAST(at_time AS VARCHAR) || ')' ORDER BY at_time)[1:5] FROM (
    SELECT 'customers' AS tbl, id, created AS at_time FROM customers
    UNION ALL SELECT 'subscriptions', id, CAST(started AS TIMESTAMPTZ) FROM subscriptions
    UNION ALL SELECT 'orders', id, ordered_at FROM orders
    UNION ALL SELECT 'events', coalesce(CAST(id AS VARCHAR), customer_id || '/' || type), occurred_at FROM events
    UNION ALL SELECT 'tickets', id, opened FROM tickets
    UNION ALL SELECT 'surveys', id, answered_at FROM surveys
) r
WHERE at_time < TIMESTAMPTZ '1900-01-01 00:00:00+00';

-- name: before_created
-- Subscriptions that start, and completed orders placed, before the day their customer was created (in the business
-- time zone): the customer's created date or the activity's date is wrong, and the first active day is the earlier.
SELECT count(*), list(tbl || ':' || id || ' (' || customer_id || ' created ' || created_day || ')' ORDER BY tbl, id)[1:5] FROM (
    SELECT 'subscriptions' AS tbl, s.id, s.customer_id, CAST(CAST(c.created AS DATE) AS VARCHAR) AS created_day
    FROM subscriptions s JOIN customers c ON c.id = s.customer_id
    WHERE s.started < CAST(c.created AS DATE)
    UNION ALL SELECT 'orders', o.id, o.customer_id, CAST(CAST(c.created AS DATE) AS VARCHAR)
    FROM orders o JOIN customers c ON c.id = o.customer_id
    WHERE o.status = 'completed' AND CAST(o.ordered_at AS DATE) < CAST(c.created AS DATE)
) r;

-- name: overlapping_subscriptions
-- Pairs of subscription periods of one customer and plan that overlap in time: both count in MRR on the days they
-- share, as one period exported twice under two ids would. A period that starts on the day another ends does not
-- overlap (ended is the day after the last day); periods of different plans at once (add-ons) are not flagged.
SELECT count(*), list(a.id || ' & ' || b.id || ' (' || a.customer_id || ', ' || a.plan || ')' ORDER BY a.customer_id, a.id, b.id)[1:5]
FROM subscriptions a
JOIN subscriptions b ON b.customer_id = a.customer_id AND b.plan = a.plan AND a.id < b.id
 AND b.started < coalesce(a.ended, DATE '9999-12-31') AND a.started < coalesce(b.ended, DATE '9999-12-31');

-- name: future_dates
SELECT count(*), list(tbl || ':' || id || ' (' || CAST(at_time AS VARCHAR) || ')' ORDER BY at_time)[1:5] FROM (
    SELECT 'customers' AS tbl, id, created AS at_time FROM customers
    UNION ALL SELECT 'subscriptions', id, CAST(started AS TIMESTAMPTZ) FROM subscriptions
    UNION ALL SELECT 'orders', id, ordered_at FROM orders
    UNION ALL SELECT 'events', coalesce(CAST(id AS VARCHAR), customer_id || '/' || type), occurred_at FROM events
    -- a ticket opened or closed in the future, at the later of the two
    UNION ALL SELECT 'tickets', id, greatest(opened, coalesce(closed, opened)) FROM tickets
    UNION ALL SELECT 'surveys', id, answered_at FROM surveys
) r
WHERE at_time > ?;
