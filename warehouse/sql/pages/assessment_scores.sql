-- All indicator rows of one period and object type.
SELECT * FROM assessment_scores WHERE period = $period AND object_type = $object_type ORDER BY rank, object_code, indicator;
