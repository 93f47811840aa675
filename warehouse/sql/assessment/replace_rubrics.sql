-- Record the rubric of the periods this run scored ($periods), replacing the rubric they had.
DELETE FROM assessment_rubrics WHERE list_contains($periods::VARCHAR[], period);
INSERT INTO assessment_rubrics
SELECT unnest($periods::VARCHAR[]), $version, $rubric_name, $toml, $snapshot_id;
