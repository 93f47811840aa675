-- The stored coverage of the report's period (assessment_coverage), one row or none.
SELECT * FROM assessment_coverage WHERE period = $period;
