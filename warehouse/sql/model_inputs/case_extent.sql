-- case_extent: where and when the located cases are. Grain: one row. Units: WGS84 degrees, dates.
SELECT min(lon) AS min_lon, min(lat) AS min_lat, max(lon) AS max_lon, max(lat) AS max_lat,
       CAST(min(reported_at) AS DATE) AS first_day, CAST(max(reported_at) AS DATE) AS last_day
FROM cases
WHERE lon IS NOT NULL AND lat IS NOT NULL AND status <> 'cancelled';
