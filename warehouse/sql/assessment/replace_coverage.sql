-- Record the coverage of the periods this run scored (the registered frame coverage_frame).
DELETE FROM assessment_coverage WHERE period IN (SELECT period FROM coverage_frame);
INSERT INTO assessment_coverage BY NAME SELECT * FROM coverage_frame;
