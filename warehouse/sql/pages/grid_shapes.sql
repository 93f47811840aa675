-- Unit grid polygons as GeoJSON (WGS84), with names, area, centroid and bounding box, for maps
-- (a map fits the boxes of the grids it shows, so no grid at its edge is cut in half).
SELECT grid_code, coalesce(grid_name, grid_code) AS grid_name, community_code, community_name, street_code, street_name,
       area_m2 / 10000 AS area_ha, ST_AsGeoJSON(geometry) AS geojson, centroid_lon AS lon, centroid_lat AS lat,
       ST_XMin(geometry) AS x_min, ST_XMax(geometry) AS x_max, ST_YMin(geometry) AS y_min, ST_YMax(geometry) AS y_max
FROM grids
ORDER BY grid_code;
