-- Cases and case_facts rows: equal when the mart is in step (one fact row per case).
SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_facts) AS facts;
