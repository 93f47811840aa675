-- Every dimension code's case_facts id. Grain: (dim, code).
SELECT dim, code, id FROM fact_codes ORDER BY dim, id;
