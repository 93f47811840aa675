-- Outcome counts of this run's classified rows, for the accounting identity.
SELECT outcome, count(*) AS n FROM classified GROUP BY outcome;
