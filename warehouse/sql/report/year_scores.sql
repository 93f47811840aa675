-- Every stored score row of one period (the report's year). Grain: assessment_scores' own.
SELECT * FROM assessment_scores WHERE period = $period;
