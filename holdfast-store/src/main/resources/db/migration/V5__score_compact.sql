-- Scores keep their reasons and health parts in a compact form, a third of the size of the earlier one (writing a
-- day's scores is priced per byte of text): reasons as [["signal", contribution, "message key", [args]], …] and
-- health parts as {"signal": [value, points, max_points], …}, with whether the reasons are exact SHAP values in
-- their own column instead of in every reason. Rows written before keep the earlier form, which the readers
-- (dev.holdfast.store.churn.ScoreText) still read; their reasons_exact is NULL and their reasons say it themselves.
ALTER TABLE churn_scores ADD COLUMN reasons_exact BOOLEAN;
