-- After grids change: place every case and dispute that has a point on the current grids.
UPDATE cases AS t SET grid_code = g.grid_code, community_code = g.community_code, street_code = g.street_code,
    district_code = g.district_code, location_quality = 'point'
FROM grids AS g
WHERE t.lon IS NOT NULL AND ST_Contains(g.geometry, ST_Point(t.lon, t.lat))
  AND t.grid_code IS DISTINCT FROM g.grid_code;
UPDATE disputes AS t SET grid_code = g.grid_code, community_code = g.community_code, street_code = g.street_code,
    district_code = g.district_code, location_quality = 'point'
FROM grids AS g
WHERE t.lon IS NOT NULL AND ST_Contains(g.geometry, ST_Point(t.lon, t.lat))
  AND t.grid_code IS DISTINCT FROM g.grid_code;
