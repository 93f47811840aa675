-- The analyst filter on cases (alias c), included by the dashboard queries. Every value is a
-- bound parameter; a NULL or empty list means "no restriction". Period is [$start, $end).
c.reported_at >= $start AND c.reported_at < $end
AND ($street IS NULL OR c.street_code = $street)
AND ($community IS NULL OR c.community_code = $community)
AND ($grid IS NULL OR c.grid_code = $grid)
AND ($major IS NULL OR c.category_major = $major)
AND ($category IS NULL OR c.category_code = $category)
AND (len($channels::VARCHAR[]) = 0 OR list_contains($channels::VARCHAR[], c.channel))
AND (len($departments::VARCHAR[]) = 0 OR list_contains($departments::VARCHAR[], c.department_code))
AND (len($statuses::VARCHAR[]) = 0 OR list_contains($statuses::VARCHAR[], c.status))
