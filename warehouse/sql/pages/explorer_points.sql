-- Individual filtered case points (only for a community or smaller: never the whole city).
SELECT c.lon, c.lat, c.case_id, c.category_name, c.status, c.reported_at
FROM cases AS c
WHERE c.lon IS NOT NULL AND
-- @include pages/_case_filter
LIMIT $limit;
