-- Contractual retention by cohort for the shifted-beta-geometric projection (`holdfast retention-forecast`).
-- Runs on hf_seg, hf_spells and hf_subs built by the metrics steps (metrics.sql). {part} is the period
-- (day, week, month, quarter, year), filled in by the caller from a fixed list.

-- name: cohort_lifetimes
-- The first subscription spell of each customer that began from ?2 to ?3, counted per segment, cohort (the
-- period the spell began in), renewals and observed. A customer is still a customer after k periods when the
-- spell covers the day k periods after its start (spell_end is exclusive): renewals is the largest such k, so
-- a monthly subscriber from 5 January whose last active day is 4 March renewed once, one whose last day is
-- 5 March renewed twice; NULL while the spell runs on the as-of date ?1. Observed is the largest k whose day
-- is on or before the as-of date: after that nobody's state is known yet.
SELECT g.segment,
       CAST(date_trunc('{part}', s.spell_start) AS DATE) AS cohort,
       CASE WHEN s.spell_end IS NULL THEN NULL ELSE date_sub('{part}', s.spell_start, s.spell_end - 1) END AS renewals,
       date_sub('{part}', s.spell_start, CAST(?1 AS DATE)) AS observed,
       count(*) AS customers
FROM hf_spells s
JOIN hf_seg g USING (customer_id)
WHERE s.spell_no = 1 AND s.kind = 'subscription' AND s.spell_start BETWEEN CAST(?2 AS DATE) AND CAST(?3 AS DATE)
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2;

-- name: active_subscribers
-- The subscription customers active on the as-of date ?1 with the segment, the start of their running spell,
-- their renewals so far (the whole periods from its start to the as-of date) and their MRR on that day.
SELECT s.customer_id, g.segment, s.spell_start,
       date_sub('{part}', s.spell_start, CAST(?1 AS DATE)) AS renewals,
       coalesce(sum(m.mrr), 0) AS mrr
FROM hf_spells s
JOIN hf_seg g USING (customer_id)
LEFT JOIN hf_subs m ON m.customer_id = s.customer_id AND m.started <= CAST(?1 AS DATE)
                   AND coalesce(m.ended, DATE '9999-12-31') > CAST(?1 AS DATE)
WHERE s.spell_end IS NULL AND s.kind = 'subscription'
GROUP BY 1, 2, 3, 4
ORDER BY s.customer_id;
