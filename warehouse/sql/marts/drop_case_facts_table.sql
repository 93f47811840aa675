-- Drop a case_facts table of an older column layout; the schema recreates it and marts.ensure
-- rebuilds it from cases (it is derived data: nothing is lost).
DROP TABLE case_facts;
