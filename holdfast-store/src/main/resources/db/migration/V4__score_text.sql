-- Scores keep their reasons and health components as JSON text in VARCHAR columns instead of the JSON type. The
-- writer builds valid JSON itself; the JSON type made DuckDB parse both documents of every row on insert, which was
-- most of the time of saving a day's scores (10 of 12 s for 640,000 customers). The JSON functions read VARCHAR
-- as they read JSON, so the readers are unchanged.
ALTER TABLE churn_scores ALTER reasons TYPE VARCHAR;
ALTER TABLE churn_scores ALTER health_components TYPE VARCHAR;
