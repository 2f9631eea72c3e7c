-- Each score keeps the plan its features saw: the plan of the largest subscription in the reporting currency running
-- on the scoring day, as the features read subscriptions (NULL for a customer without one). The at-risk lists of the command line and the dashboard show and filter by it, else by
-- the customer's own plan, so both agree and neither looks subscriptions up again. Rows written before have NULL here
-- and show the customer's plan until their day is scored again.
ALTER TABLE churn_scores ADD COLUMN plan VARCHAR;
