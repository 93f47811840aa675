-- grid_neighbours: queen contiguity (grids sharing an edge or a corner). Grain: one row per
-- unordered pair (a < b). A tolerance of about a centimetre ($tolerance_deg) absorbs the
-- rounding of exported coordinates so that neighbours with a hair-line gap still touch.
SELECT a.grid_code AS a, b.grid_code AS b
FROM grids AS a
JOIN grids AS b
  ON a.grid_code < b.grid_code
 AND ST_DWithin(a.geometry, b.geometry, $tolerance_deg)
ORDER BY a, b;
