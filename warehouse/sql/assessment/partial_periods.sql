-- Of the periods $periods, those scored on part of their days (assessment_coverage.complete false).
SELECT period FROM assessment_coverage WHERE list_contains($periods::VARCHAR[], period) AND NOT complete ORDER BY period;
