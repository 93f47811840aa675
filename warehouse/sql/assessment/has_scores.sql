-- Whether any assessment has been computed yet (loads refresh scores only once there are some).
SELECT count(*) > 0 FROM (SELECT 1 FROM assessment_scores LIMIT 1);
