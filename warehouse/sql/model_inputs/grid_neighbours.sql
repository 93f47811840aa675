-- grid_neighbours: queen contiguity (grids sharing an edge or a corner). Grain: one row per
-- unordered pair (a < b). ST_Intersects, not ST_DWithin with a tolerance: with duckdb-spatial
-- 1.5.5, ST_Distance (and so ST_DWithin) returned 0 for disjoint clockwise squares (the cells
-- `pipelines grids --square` makes), which made every cell everyone's neighbour.
SELECT a.grid_code AS a, b.grid_code AS b
FROM grids AS a
JOIN grids AS b
  ON a.grid_code < b.grid_code
 AND ST_Intersects(a.geometry, b.geometry)
ORDER BY a, b;
