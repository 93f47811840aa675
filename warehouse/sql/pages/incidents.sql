-- incidents: the published incidents of several reports (case_incidents), most reports first,
-- each with its span, its first report's words and grid; in the user's scope.
SELECT
    i.incident_id,
    any_value(i.reports) AS incident_reports,
    any_value(i.channels) AS incident_channels,
    min(c.reported_at) AS first_at,
    max(c.reported_at) AS last_at,
    arg_min(coalesce(g.grid_name, c.grid_code), c.reported_at) AS grid_name,
    arg_min(c.description, c.reported_at) AS first_text
FROM case_incidents AS i
JOIN cases AS c USING (source, case_id)
LEFT JOIN grids AS g ON g.grid_code = c.grid_code
WHERE ($scope IS NULL OR c.street_code = $scope OR c.community_code = $scope)
GROUP BY i.incident_id
ORDER BY incident_reports DESC, first_at DESC, i.incident_id
LIMIT $limit;
