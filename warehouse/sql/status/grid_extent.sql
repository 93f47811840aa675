-- The grids' extent in WGS84 degrees, as recorded with the grid lattice. Grain: one row while
-- there are grids (none in a warehouse written before the lattice existed).
SELECT x0, y0, x1, y1 FROM grid_lattice;
