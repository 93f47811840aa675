-- existing: departments already known; dimension rows carry no version time, so the content hash
-- alone decides between unchanged and updated.
CREATE OR REPLACE TEMP VIEW existing AS
SELECT department_code AS _key, source, TIMESTAMP '2000-01-01' AS updated_at, row_hash FROM departments;
