-- incident_queue: the uncertain incident links (一事多报) waiting for a reviewer, surest first,
-- with both reports side by side; a scoped user sees links whose earlier report is in scope.
SELECT
    l.link_id,
    l.confidence,
    l.similarity,
    l.distance_m,
    l.hours,
    coalesce(g.grid_name, a.grid_code) AS grid_name,
    a.case_id AS case_a,
    a.reported_at AS reported_a,
    a.channel AS channel_a,
    a.description AS text_a,
    b.case_id AS case_b,
    b.reported_at AS reported_b,
    b.channel AS channel_b,
    b.description AS text_b
FROM incident_links AS l
JOIN cases AS a ON a.source = l.source_a AND a.case_id = l.case_a
JOIN cases AS b ON b.source = l.source_b AND b.case_id = l.case_b
LEFT JOIN grids AS g ON g.grid_code = a.grid_code
WHERE l.status = 'uncertain'
  AND ($scope IS NULL OR a.street_code = $scope OR a.community_code = $scope)
ORDER BY l.confidence DESC, l.link_id
LIMIT $limit;
