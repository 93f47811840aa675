-- text_disagreements: the published possible mis-dispatches of one target (text_suggestions with
-- disagrees), most confident first: the case, when it was reported, what it said, the recorded
-- and the suggested label with their names, and how sure the suggestion is. A scoped user sees
-- only their street's or community's cases ($scope NULL: the whole district).
WITH names AS (  -- the target's labels by name: categories as their cases name them, departments from the register
    SELECT category_code AS label, min(category_name) AS name FROM cases WHERE $target = 'category' GROUP BY ALL
    UNION ALL
    SELECT department_code, department_name FROM departments WHERE $target = 'department'
)
SELECT
    s.case_id,
    c.reported_at,
    c.description,
    s.recorded,
    coalesce(rn.name, s.recorded) AS recorded_name,
    s.suggested,
    coalesce(sn.name, s.suggested) AS suggested_name,
    s.probability,
    s.threshold
FROM text_suggestions AS s
JOIN cases AS c USING (source, case_id)
LEFT JOIN names AS rn ON rn.label = s.recorded
LEFT JOIN names AS sn ON sn.label = s.suggested
WHERE s.target = $target
  AND s.disagrees
  AND ($scope IS NULL OR c.street_code = $scope OR c.community_code = $scope)
ORDER BY s.probability DESC, c.reported_at DESC, s.case_id
LIMIT $limit;
