-- Outlines and label points of streets and communities, dissolved from the unit grids, as
-- GeoJSON (WGS84) for the offline base map.
SELECT 'street' AS level, street_code AS code, any_value(street_name) AS name,
       ST_AsGeoJSON(ST_Union_Agg(geometry)) AS geojson,
       ST_X(ST_Centroid(ST_Union_Agg(geometry))) AS lon, ST_Y(ST_Centroid(ST_Union_Agg(geometry))) AS lat
FROM grids GROUP BY street_code
UNION ALL
SELECT 'community', community_code, any_value(community_name), ST_AsGeoJSON(ST_Union_Agg(geometry)),
       ST_X(ST_Centroid(ST_Union_Agg(geometry))), ST_Y(ST_Centroid(ST_Union_Agg(geometry)))
FROM grids GROUP BY community_code;
