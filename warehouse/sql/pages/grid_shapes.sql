-- Unit grid polygons as GeoJSON (WGS84), with names and area, for maps.
SELECT grid_code, coalesce(grid_name, grid_code) AS grid_name, community_code, community_name, street_code, street_name,
       area_m2 / 10000 AS area_ha, ST_AsGeoJSON(geometry) AS geojson, centroid_lon AS lon, centroid_lat AS lat
FROM grids
ORDER BY grid_code;
