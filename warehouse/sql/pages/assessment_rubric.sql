-- The rubric the scores of one period were computed with (assessment_rubrics). Zero rows for
-- scores written before rubrics were recorded.
SELECT rubric_version, rubric_name, rubric_toml FROM assessment_rubrics WHERE period = $period;
