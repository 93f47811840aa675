-- grid_lattice and grid_cells: a lattice over the grids' extent that answers "which grid?" for
-- most points without a polygon test (load/placement.sql). Rebuilt whenever grids change
-- (marts/grid_cells_rebuild.sql).
-- grid_lattice grain: one row while there are grids: origin (x0, y0), extent and cell size in WGS84
-- degrees, nx × ny cells. grid_cells grain: one row per lattice cell lying wholly inside a grid
-- (cell = iy * nx + ix, counted from the south-west corner).
-- Why: a point-in-polygon join of every case is the costliest step of placement; looking up the
-- cell, and testing exactly only the points in cells a grid boundary crosses, does far less
-- work and gives the same grid for every point (tests/test_grid_cells.py).
CREATE TABLE IF NOT EXISTS grid_lattice (
    x0 DOUBLE NOT NULL,
    y0 DOUBLE NOT NULL,
    x1 DOUBLE NOT NULL,  -- the grids' extent (x0, y0)-(x1, y1): the city box for loads
    y1 DOUBLE NOT NULL,
    cell DOUBLE NOT NULL,
    nx BIGINT NOT NULL,
    ny BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS grid_cells (
    cell BIGINT NOT NULL,
    grid_code VARCHAR NOT NULL
);
