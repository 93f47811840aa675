-- cell_step_counts: model input on a square grid made on the fly (for data without unit grids).
-- Grain: one row per (ix, iy, step, category_major). Cells are $cell_m metres on a local
-- equirectangular projection anchored at ($lon0, $lat0) ($m_lon, $m_lat metres per degree);
-- steps as in grid_step_counts. Only located, not cancelled cases count.
SELECT
    CAST(floor((lon - $lon0) * $m_lon / $cell_m) AS INTEGER) AS ix,
    CAST(floor((lat - $lat0) * $m_lat / $cell_m) AS INTEGER) AS iy,
    CAST(floor(datediff('day', CAST($first_day AS DATE), CAST(reported_at AS DATE)) / $step_days) AS INTEGER) AS step,
    coalesce(category_major, '其他') AS category_major,
    CAST(count(*) AS INTEGER) AS cases
FROM cases
WHERE lon IS NOT NULL AND lat IS NOT NULL
  AND status <> 'cancelled'
  AND reported_at >= CAST($first_day AS DATE)
  AND reported_at < CAST($end_day AS DATE)
GROUP BY ALL;
