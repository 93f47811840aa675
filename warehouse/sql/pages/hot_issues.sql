-- hot_issues: the published hot issues (`python -m models hot`) inside the explorer's region
-- filter, its period (an issue whose span, first to last report, overlaps [$start, $end)) and the user's scope ($scope: a
-- street or community code, NULL for the district), hottest first, with the grid's and the
-- category's names (from categories, as the explorer's lists: not a scan of every case).
SELECT
    h.issue_id,
    h.heat,
    h.reports AS hot_reports,
    h.reporters AS hot_reporters,
    h.channels AS hot_channels,
    h.growth,
    coalesce(g.grid_name, h.grid_code) AS grid_name,
    h.first_at,
    h.last_at,
    h.text AS hot_text,
    coalesce(k.name, h.category_code) AS category_name,
    h.window_start,
    h.window_end
FROM hot_issues AS h
LEFT JOIN grids AS g USING (grid_code)
LEFT JOIN (SELECT category_code, any_value(category_name) AS name FROM categories GROUP BY category_code) AS k USING (category_code)
WHERE ($street IS NULL OR g.street_code = $street)
  AND ($community IS NULL OR g.community_code = $community)
  AND ($grid IS NULL OR h.grid_code = $grid)
  AND ($scope IS NULL OR g.street_code = $scope OR g.community_code = $scope)
  AND h.last_at >= $start
  AND h.first_at < $end
ORDER BY h.heat DESC, h.reports DESC, h.issue_id
LIMIT $limit;
