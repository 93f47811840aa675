-- Replace the scores of the periods this run computed (temp table new_scores from the change).
DELETE FROM assessment_scores WHERE period IN (SELECT DISTINCT period FROM new_scores);
INSERT INTO assessment_scores BY NAME SELECT * FROM new_scores;
