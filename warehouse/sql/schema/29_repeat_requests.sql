-- repeat_requests(p_start, p_end, p_days): THE repeat-request rule (重复诉求), the one definition
-- the assessment indicator (assessment/indicators.sql) and its drill-down
-- (pages/assessment_cases.sql) read. Grain: one row per case reported in [p_start, p_end).
--   known     the case names its reporter (reporter_ref, a salted hash) and its category
--   followed  known, and the follow-up window of p_days days after the period's end has passed by
--             the newest report in the warehouse: only then is "not repeated" a fact for every
--             request of the period (judging the early ones alone would score a month on a sliver)
--   repeated  the same reporter reported the same category again within p_days days after it
--             (a later request, whatever its channel or state: the first handling did not settle it)
--   repeat_case_id  that next request
-- repeat-request rate = repeated ÷ followed, credited to the earlier request's department and
-- regions (its handling is what the repeat judges). A period whose window has not passed has no
-- followed request: its rate is not published (follow_up_open), never computed from the requests
-- that happen to be old enough, so the newest month is not flattered.
CREATE OR REPLACE MACRO repeat_requests(p_start, p_end, p_days) AS TABLE
WITH newest AS (SELECT max(reported_at) AS t FROM cases),
known AS (
    SELECT source, case_id, reporter_ref, category_code, reported_at
    FROM cases
    WHERE reporter_ref IS NOT NULL AND category_code IS NOT NULL
      AND reported_at >= p_start AND reported_at < p_end + to_days(CAST(p_days AS INTEGER))
),
chained AS (
    SELECT source, case_id, reported_at,
           lead(reported_at) OVER w AS next_at, lead(case_id) OVER w AS next_case_id
    FROM known
    WINDOW w AS (PARTITION BY reporter_ref, category_code ORDER BY reported_at, source, case_id)
)
SELECT c.source, c.case_id, c.reported_at, c.department_code, c.street_code, c.community_code, c.grid_code,
       k.case_id IS NOT NULL AS known,
       k.case_id IS NOT NULL AND coalesce(p_end + to_days(CAST(p_days AS INTEGER)) <= n.t, false) AS followed,
       coalesce(k.next_at <= k.reported_at + to_days(CAST(p_days AS INTEGER)), false) AS repeated,
       CASE WHEN k.next_at <= k.reported_at + to_days(CAST(p_days AS INTEGER)) THEN k.next_case_id END AS repeat_case_id
FROM cases AS c
CROSS JOIN newest AS n
LEFT JOIN chained AS k ON k.source = c.source AND k.case_id = c.case_id
WHERE c.reported_at >= p_start AND c.reported_at < p_end;
