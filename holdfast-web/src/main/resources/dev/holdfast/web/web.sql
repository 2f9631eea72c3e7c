-- Queries of the dashboard itself.

-- name: data_version
-- What changes when the data do: rows of every table the dashboard reads, the last import, and when scores,
-- predictions and models were last written. Computed results are kept per version, so that a page asked for
-- again on the same data is answered from memory.
SELECT (SELECT count(*) FROM customers) || '/' || (SELECT count(*) FROM subscriptions) || '/' || (SELECT count(*) FROM orders)
       || '/' || (SELECT count(*) FROM events) || '/' || (SELECT count(*) FROM tickets) || '/' || (SELECT count(*) FROM surveys)
       || '/' || (SELECT count(*) FROM spend) || '/' || (SELECT coalesce(max(id), 0) FROM imports)
       || '/' || (SELECT count(*) FROM churn_scores) || '/' || coalesce(CAST((SELECT max(scored_at) FROM churn_scores) AS VARCHAR), '-')
       || '/' || (SELECT count(*) FROM clv_predictions) || '/' || coalesce(CAST((SELECT max(computed_at) FROM clv_predictions) AS VARCHAR), '-')
       || '/' || (SELECT count(*) FROM churn_models) || '/' || coalesce(CAST((SELECT max(created_at) FROM churn_models) AS VARCHAR), '-')
       AS version;
