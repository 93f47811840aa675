-- panel_grids: the grids a forecast ranks. Grain: one row per grid_code. Units: m², WGS84 degrees.
SELECT grid_code, street_code, community_code, area_m2, centroid_lon, centroid_lat
FROM grids
WHERE area_m2 > 0
ORDER BY grid_code;
