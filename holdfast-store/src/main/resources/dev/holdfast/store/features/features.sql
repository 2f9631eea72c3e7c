-- Churn features and labels at observation dates (docs/features.md). Runs on hf_spells and hf_subs built by
-- the metrics steps and hf_obs (obs_no, obs_date) filled by the caller: obs_no 0 is the latest date and each
-- earlier one is one window (?2 days) before the next. Every feature of a row reads only data dated strictly
-- before its observation date; the label reads the spell's end after it. Time-stamped data are cut by the
-- business day (the session's time zone).

-- name: rows
-- The customers active at each observation date t (a spell covers the day before t), with the label: 1 when the
-- spell ends from t + lead (?2) to t + lead + horizon (?3) days, 0 when it is still running then. A customer whose
-- spell ends within the lead gap is gone before anyone could act and gets no row; when ?4 is false (training) a
-- date whose label window has not passed by the as-of date ?1 is left out, since it cannot be labelled yet.
-- {order} is row_order where the rows are not sampled afterwards (scoring), else empty.
CREATE OR REPLACE TEMP TABLE hf_rows AS
SELECT o.obs_no, o.obs_date, s.customer_id, s.spell_start, s.kind,
       CASE WHEN s.spell_end IS NOT NULL AND s.spell_end < o.obs_date + CAST(?2 AS INTEGER) + CAST(?3 AS INTEGER)
            THEN 1 ELSE 0 END AS label
FROM hf_obs o
JOIN hf_spells s ON s.spell_start < o.obs_date AND coalesce(s.spell_end, DATE '9999-12-31') >= o.obs_date
WHERE (s.spell_end IS NULL OR s.spell_end >= o.obs_date + CAST(?2 AS INTEGER))
  AND (CAST(?4 AS BOOLEAN) OR o.obs_date + CAST(?2 AS INTEGER) + CAST(?3 AS INTEGER) <= CAST(?1 AS DATE) + 1){order};

-- name: row_order
-- The order of the feature table: by observation number descending (the earliest date first), then by customer. hf_rows
-- is made in it (with insertion order kept), so a row's place there (its rowid) is its place in the table, and the
-- caller reads the features in whatever order DuckDB hands them over and puts each row at its place, where sorting the
-- wide rows took 0.5–0.6 s of scoring on the 1 M demo store (docs/benchmarks.md).
ORDER BY obs_no DESC, customer_id

-- name: ordered
-- Training's rows put in that order once sampled; {order} is row_order.
CREATE OR REPLACE TEMP TABLE hf_rows AS SELECT * FROM hf_rows {order};

-- name: windows
-- The trailing windows: window k holds the ?2 days before observation date k (?1 is date 0, the latest; there
-- are ?3 dates and one window more, before the earliest), as instants at the business day's start.
CREATE OR REPLACE TEMP TABLE hf_windows AS
SELECT CAST(k AS INTEGER) AS bucket,
       CAST(CAST(?1 AS DATE) - CAST((k + 1) * ?2 AS INTEGER) AS TIMESTAMPTZ) AS w_start,
       CAST(CAST(?1 AS DATE) - CAST(k * ?2 AS INTEGER) AS TIMESTAMPTZ) AS w_end
FROM range(0, CAST(?3 AS BIGINT) + 1) t(k);

-- name: event_types
-- The event types in the windows, most frequent first, and whether their events carry values other than 1 (then
-- the sum of values is a feature too).
SELECT type, count(*) AS events, count(value) > 0 AND (min(value) <> max(value) OR min(value) <> 1) AS has_value
FROM events
WHERE occurred_at >= (SELECT min(w_start) FROM hf_windows) AND occurred_at < (SELECT max(w_end) FROM hf_windows)
GROUP BY 1
ORDER BY 2 DESC, 1;

-- name: usage
-- One pass over the events of the windows: per customer and window, the count and value sum of each event type,
-- the active days (days with any event) and the last event. The caller fills in {bucket} (a CASE over the windows'
-- start instants, exact at any time zone), {type_code} (the position of the event's type in the list of the schema's
-- types, so each type's aggregate compares integers), {day_bit} (the bit of the event's business day: one bit per day
-- number modulo the window length, which tells the days of one window apart, so no group per customer and day is
-- needed), {type_aggregates} (per event type: count and value sum), {span_start} and {span_end}. Every customer's
-- events are aggregated: filtering them by the customers with rows costs more than the groups it saves, and the
-- features join by customer anyway. Used for training rows (many windows); usage_packed is faster for one date.
CREATE OR REPLACE TEMP TABLE hf_usage AS
SELECT e.customer_id, {bucket} AS bucket{type_aggregates}, bit_count(bit_or({day_bit})) AS active_days, max(e.occurred_at) AS last_at
FROM (SELECT customer_id, occurred_at, value, {type_code} AS type_code FROM events
      WHERE occurred_at >= {span_start} AND occurred_at < {span_end}) e
GROUP BY 1, 2;

-- name: usage_packed
-- The usage of the two windows of a single observation date (scoring), one row per customer from one group per
-- customer: each event adds 1 << (bits × slot) to one of a few whole numbers, its window and type choosing the number
-- and the slot ({pair_words}), so that a handful of sums counts every type in both windows; {pair_counts} takes the
-- counts out of them again (e{i}_n and e{i}_v of the last window, e{i}_nb and active_days_before of the one before,
-- which saves the features query two joins: see usage_joins_wide.*), and {value_sums} sums the values of the types
-- that have them. {day_sets} are the active days of the two windows as sets of bits (see usage), which {active_days}
-- counts as active_days and active_days_before: up to 32-day windows both windows' days are one set of 64 bits (the
-- window's number times its length plus the day's bit), one aggregate instead of two. A count can spill into the next
-- slot only when a customer has 2^bits events or more in the two windows: `total` tells, and the caller then makes the
-- table again with one slot per number. On the 1 M demo store's 16.3 M events of the two windows this took 5.2–5.6 s in
-- a fresh process (2.7–4.1 s now, with the sets of bits), where grouping by customer, window and type (3.6 M groups)
-- and pivoting the groups took 6.8–7.3 s; for the 13 windows of training usage stays faster.
CREATE OR REPLACE TEMP TABLE hf_usage AS
SELECT customer_id{pair_counts}, {active_days}, last_at, total
FROM (SELECT e.customer_id, count(*) AS total{pair_words}{value_sums},
             {day_sets},
             max(e.occurred_at) AS last_at
      FROM (SELECT e.customer_id, e.occurred_at, e.value, {type_code} AS type_code, {bucket} AS bucket FROM events e
            WHERE e.occurred_at >= {span_start} AND e.occurred_at < {span_end}) e
      GROUP BY 1);

-- name: time_ordered
-- Whether the first row group's events (DuckDB's 122,880 rows) span under a quarter of the time of all events (taken
-- from the table's statistics); false for an empty table.
SELECT coalesce((SELECT epoch_us(max(occurred_at)) - epoch_us(min(occurred_at)) FROM (SELECT occurred_at FROM events LIMIT 122880))
                < (epoch_us(max(occurred_at)) - epoch_us(min(occurred_at))) / 4, FALSE)
FROM events;

-- name: last_before
-- Each customer's last event before the windows ({span_start}), for the days since the last activity.
CREATE OR REPLACE TEMP TABLE hf_last_before AS
SELECT customer_id, max(occurred_at) AS last_at
FROM events
WHERE occurred_at < {span_start}
GROUP BY 1;

-- name: last_before_silent
-- The same for a single date (scoring), where only the customers with a row and no event in the windows need it (the
-- others' last event is in hf_usage): on events stored in time order, where a customer's earlier events lie all over
-- the table, the query took 5.2 s instead of 6.6–7.1 s on the 1 M demo store's 100 M events (docs/benchmarks.md).
CREATE OR REPLACE TEMP TABLE hf_last_before AS
SELECT customer_id, max(occurred_at) AS last_at
FROM events
WHERE occurred_at < {span_start}
  AND customer_id IN (SELECT r.customer_id FROM hf_rows r WHERE r.customer_id NOT IN (SELECT customer_id FROM hf_usage))
GROUP BY 1;

-- name: attribute_keys
-- The keys of the free-form attributes of the customers with rows, with how many distinct values each has and
-- whether every value is a number (then the feature is numeric).
SELECT k.key, count(DISTINCT json_extract_string(c.attributes, '$."' || k.key || '"')) AS levels,
       bool_and(json_extract_string(c.attributes, '$."' || k.key || '"') IS NULL
                OR TRY_CAST(json_extract_string(c.attributes, '$."' || k.key || '"') AS DOUBLE) IS NOT NULL) AS numeric
FROM customers c, unnest(json_keys(c.attributes)) AS k(key)
WHERE c.id IN (SELECT DISTINCT customer_id FROM hf_rows) AND position('"' IN k.key) = 0
GROUP BY 1
ORDER BY 1;

-- name: usage_joins.last_active
-- How the features query joins usage by customer and window (the table the usage section makes): the last event is
-- that of the latest window up to the row's date, found by an ASOF join of the narrow rows (in the join of the wide
-- ones it would sort them), else the last one before the windows; the window of each row's date (u0) and the one
-- before (u1) give the counts.
last_active AS (
    SELECT r.obs_no, r.customer_id, coalesce(a.last_at, b.last_at) AS last_at
    FROM hf_rows r
    ASOF LEFT JOIN hf_usage a ON a.customer_id = r.customer_id AND a.bucket >= r.obs_no
    LEFT JOIN hf_last_before b ON b.customer_id = r.customer_id
),
-- name: usage_joins.windows
LEFT JOIN hf_usage u0 ON u0.customer_id = r.customer_id AND u0.bucket = r.obs_no
LEFT JOIN hf_usage u1 ON u1.customer_id = r.customer_id AND u1.bucket = r.obs_no + 1
LEFT JOIN last_active la ON la.obs_no = r.obs_no AND la.customer_id = r.customer_id
-- name: usage_joins.last_at
la.last_at
-- name: usage_joins.active_days_before
u1.active_days

-- name: usage_joins_wide.last_active
-- The same for the one row per customer of usage_packed (a single date): its row holds the last event in the
-- windows, so the last event comes from the row the counts come from (a join of its own with the table took 0.3–0.5 s
-- of the query on the 1 M demo store, docs/benchmarks.md).
-- name: usage_joins_wide.windows
LEFT JOIN hf_usage u0 ON u0.customer_id = r.customer_id
LEFT JOIN hf_last_before lb ON lb.customer_id = r.customer_id
-- name: usage_joins_wide.last_at
coalesce(u0.last_at, lb.last_at)
-- name: usage_joins_wide.active_days_before
u0.active_days_before

-- name: levels
-- The values each categorical feature of the features query can take, so that it hands each over as its position in
-- the list of them: the plans of the subscriptions in the reporting currency, the billing periods, and the plan,
-- country, channel and free-form attributes ({attribute_select}: those read as text, as a0, a1 …, named again in
-- {attribute_names}) of the customers with rows. More values than the rows hold do no harm. The attributes are read
-- from each distinct combination once: the 1 M demo customers have 35, and reading them from every customer took
-- 0.2–0.4 s instead of 0.1 s.
SELECT DISTINCT 'plan' AS feature, plan AS level FROM hf_subs WHERE plan IS NOT NULL
UNION ALL
SELECT DISTINCT 'billing_period', billing_period FROM subscriptions
UNION ALL
SELECT DISTINCT feature, level
FROM (SELECT customer_plan, country, channel{attribute_select}
      FROM (SELECT DISTINCT c.plan AS customer_plan, c.country, c.channel, c.attributes
            FROM customers c
            WHERE c.id IN (SELECT customer_id FROM hf_rows)) c)
UNPIVOT (level FOR feature IN (customer_plan, country, channel{attribute_names}))
ORDER BY 1, 2;

-- name: features
-- One row per customer and observation date, with windows of ?1 days and money in currency ?2. The caller fills
-- in {event_select}, each event type's count and value in the last window and count in the one before, and the
-- parts of usage_joins.* or usage_joins_wide.* ({last_active}, {usage_joins}, {last_at}, {active_days_before}); MRR is that
-- of the day before the date; the MRR change compares it with the MRR three windows
-- earlier; orders and tickets look back three windows. Every row of hf_rows gives one row, with its place (row_no; an
-- import lets no row name an unknown customer, and the left join keeps the row if one did). The caller reads the rows
-- in any order, each categorical feature as its position in its levels (see levels): one string per value instead of
-- one per row (the database driver makes a Java string of every text value it hands over). Scoring reads them
-- straight from the query, where writing them into a temporary table first took 0.3–0.6 s more on the 1 M demo store;
-- training through such a table, which kept its run's memory lower (docs/benchmarks.md). The customers' attributes
-- ({attribute_columns}) are taken out of their JSON before the join and {attribute_select} picks them: the JSON text
-- carried through the join made the query take 0.6 s more on that store, in 70,000 more page faults.
WITH {last_active}money AS (
    SELECT r.obs_no, r.customer_id,
           CAST(sum(m.mrr) FILTER (WHERE m.started < r.obs_date AND coalesce(m.ended, DATE '9999-12-31') >= r.obs_date) AS DOUBLE) AS mrr,
           CAST(sum(m.mrr) FILTER (WHERE m.started < r.obs_date - 3 * CAST(?1 AS INTEGER)
                              AND coalesce(m.ended, DATE '9999-12-31') >= r.obs_date - 3 * CAST(?1 AS INTEGER)) AS DOUBLE) AS mrr_before,
           arg_max(m.plan, m.mrr) FILTER (WHERE m.started < r.obs_date AND coalesce(m.ended, DATE '9999-12-31') >= r.obs_date) AS plan
    FROM hf_rows r
    JOIN hf_subs m ON m.customer_id = r.customer_id AND m.started < r.obs_date
    GROUP BY 1, 2
), billing AS (
    SELECT r.obs_no, r.customer_id, arg_max(s.billing_period, s.mrr) AS billing_period
    FROM hf_rows r
    JOIN subscriptions s ON s.customer_id = r.customer_id AND s.started < r.obs_date
                        AND coalesce(s.ended, DATE '9999-12-31') >= r.obs_date
    GROUP BY 1, 2
), buying AS (
    SELECT r.obs_no, r.customer_id,
           count(*) FILTER (WHERE o.day >= r.obs_date - 3 * CAST(?1 AS INTEGER)) AS orders,
           sum(o.amount) FILTER (WHERE o.day >= r.obs_date - 3 * CAST(?1 AS INTEGER)) AS order_value,
           avg(o.amount) FILTER (WHERE o.day >= r.obs_date - 3 * CAST(?1 AS INTEGER)) AS order_average,
           avg(o.amount) FILTER (WHERE o.day < r.obs_date - 3 * CAST(?1 AS INTEGER)
                                 AND o.day >= r.obs_date - 6 * CAST(?1 AS INTEGER)) AS order_average_before,
           r.obs_date - max(o.day) AS days_since_order
    FROM hf_rows r
    JOIN (SELECT customer_id, CAST(ordered_at AS DATE) AS day, CAST(amount AS DOUBLE) AS amount FROM orders
          WHERE status = 'completed' AND currency = ?2) o
      ON o.customer_id = r.customer_id AND o.day < r.obs_date
    GROUP BY 1, 2, r.obs_date
), support AS (
    SELECT r.obs_no, r.customer_id,
           count(*) FILTER (WHERE t.opened_day >= r.obs_date - 3 * CAST(?1 AS INTEGER)) AS tickets,
           count(*) FILTER (WHERE t.closed_day IS NULL OR t.closed_day >= r.obs_date) AS open_tickets,
           max(r.obs_date - t.opened_day) FILTER (WHERE t.closed_day IS NULL OR t.closed_day >= r.obs_date) AS oldest_open_ticket_days,
           avg(t.satisfaction) FILTER (WHERE t.closed_day < r.obs_date AND t.opened_day >= r.obs_date - 3 * CAST(?1 AS INTEGER))
               AS ticket_satisfaction,
           count(*) FILTER (WHERE t.closed_day < r.obs_date AND t.satisfaction <= 2
                            AND t.opened_day >= r.obs_date - 3 * CAST(?1 AS INTEGER)) AS poor_tickets
    FROM hf_rows r
    JOIN (SELECT customer_id, CAST(opened AS DATE) AS opened_day, CAST(closed AS DATE) AS closed_day, satisfaction FROM tickets) t
      ON t.customer_id = r.customer_id AND t.opened_day < r.obs_date
    GROUP BY 1, 2
), answers AS (
    SELECT r.obs_no, r.customer_id,
           arg_max(a.score, a.answered) FILTER (WHERE a.kind = 'nps') AS nps,
           r.obs_date - max(a.day) FILTER (WHERE a.kind = 'nps') AS nps_days,
           arg_max(a.score, a.answered) FILTER (WHERE a.kind = 'csat') AS csat,
           r.obs_date - max(a.day) FILTER (WHERE a.kind = 'csat') AS csat_days,
           arg_max(a.score, a.answered) FILTER (WHERE a.kind = 'ces') AS ces,
           r.obs_date - max(a.day) FILTER (WHERE a.kind = 'ces') AS ces_days
    FROM hf_rows r
    JOIN (SELECT customer_id, kind, score, answered_at AS answered, CAST(answered_at AS DATE) AS day FROM surveys) a
      ON a.customer_id = r.customer_id AND a.day < r.obs_date
    GROUP BY 1, 2, r.obs_date
)
SELECT CAST(r.rowid AS INTEGER) AS row_no, r.obs_no, r.obs_date, r.customer_id, r.label,
       r.obs_date - r.spell_start AS tenure_days,
       r.obs_date - CAST(c.created AS DATE) AS customer_days,
       m.mrr, m.mrr - m.mrr_before AS mrr_change, m.plan, b.billing_period,
       c.plan AS customer_plan, c.country, c.channel{attribute_select}{event_select},
       coalesce(u0.active_days, 0) AS active_days, coalesce({active_days_before}, 0) AS active_days_before,
       r.obs_date - CAST({last_at} AS DATE) AS days_since_active,
       coalesce(bu.orders, 0) AS orders, coalesce(bu.order_value, 0) AS order_value, bu.order_average, bu.order_average_before,
       bu.days_since_order,
       coalesce(su.tickets, 0) AS tickets, coalesce(su.open_tickets, 0) AS open_tickets, su.oldest_open_ticket_days,
       su.ticket_satisfaction, coalesce(su.poor_tickets, 0) AS poor_tickets,
       an.nps, an.nps_days, an.csat, an.csat_days, an.ces, an.ces_days
FROM hf_rows r
LEFT JOIN (SELECT id, created, plan, country, channel{attribute_columns} FROM customers c) c ON c.id = r.customer_id
{usage_joins}
LEFT JOIN money m ON m.obs_no = r.obs_no AND m.customer_id = r.customer_id
LEFT JOIN billing b ON b.obs_no = r.obs_no AND b.customer_id = r.customer_id
LEFT JOIN buying bu ON bu.obs_no = r.obs_no AND bu.customer_id = r.customer_id
LEFT JOIN support su ON su.obs_no = r.obs_no AND su.customer_id = r.customer_id
LEFT JOIN answers an ON an.obs_no = r.obs_no AND an.customer_id = r.customer_id;
