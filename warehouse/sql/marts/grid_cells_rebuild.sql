-- The grid lattice rebuilt from the grids (schema/15_grid_cells.sql says what it is for).
-- Cell size: the median grid's side / $per_side, but never so small that the extent holds more
-- than $max_cells cells. A cell counts as inside a grid only if the cell grown by $margin
-- degrees on every side is within it, so a point whose cell number rounding put one cell over
-- still lies in that grid.
DELETE FROM grid_lattice;
INSERT INTO grid_lattice
WITH extent AS (
    SELECT
        min(ST_XMin(geometry)) AS x0, min(ST_YMin(geometry)) AS y0,
        max(ST_XMax(geometry)) AS x1, max(ST_YMax(geometry)) AS y1,
        median(ST_Area(geometry)) AS median_area
    FROM grids
),
sized AS (
    SELECT *, greatest(sqrt(median_area) / $per_side, sqrt((x1 - x0) * (y1 - y0) / $max_cells)) AS cell
    FROM extent
    WHERE x0 IS NOT NULL AND median_area > 0
)
SELECT x0, y0, x1, y1, cell, floor((x1 - x0) / cell)::BIGINT + 1 AS nx, floor((y1 - y0) / cell)::BIGINT + 1 AS ny
FROM sized;
DELETE FROM grid_cells;
-- Each grid is tested only against the cells of its own bounding box (arithmetic, not an R-tree
-- over millions of boxes), and a grid that is its own bounding box (square cells) needs no
-- geometry test at all: a cell is within it exactly when its corners are within its bounds.
INSERT INTO grid_cells
WITH shapes AS (
    SELECT
        grid_code, geometry, ST_Equals(geometry, ST_Envelope(geometry)) AS is_box,
        ST_XMin(geometry) AS xmin, ST_YMin(geometry) AS ymin, ST_XMax(geometry) AS xmax, ST_YMax(geometry) AS ymax
    FROM grids
),
spans AS (  -- the cell numbers a grid's bounding box can hold, one more on each side for rounding
    SELECT
        s.*, l.x0, l.y0, l.cell, l.nx,
        greatest(ceil((s.xmin - l.x0) / l.cell)::BIGINT - 1, 0) AS ix0,
        least(floor((s.xmax - l.x0) / l.cell)::BIGINT, l.nx - 1) AS ix1,
        greatest(ceil((s.ymin - l.y0) / l.cell)::BIGINT - 1, 0) AS iy0,
        least(floor((s.ymax - l.y0) / l.cell)::BIGINT, l.ny - 1) AS iy1
    FROM shapes AS s, grid_lattice AS l
),
candidates AS (
    SELECT
        grid_code, geometry, is_box, xmin, ymin, xmax, ymax, iy * nx + ix AS cell,
        x0 + ix * cell - $margin AS bx0, y0 + iy * cell - $margin AS by0,
        x0 + (ix + 1) * cell + $margin AS bx1, y0 + (iy + 1) * cell + $margin AS by1
    FROM (SELECT *, unnest(range(ix0, ix1 + 1)) AS ix FROM spans), LATERAL (SELECT unnest(range(iy0, iy1 + 1)) AS iy)
)
SELECT cell, min(grid_code) AS grid_code  -- should grids ever overlap, the smaller code wins
FROM candidates
WHERE bx0 >= xmin AND bx1 <= xmax AND by0 >= ymin AND by1 <= ymax
  AND (is_box OR ST_Within(ST_MakeEnvelope(bx0, by0, bx1, by1), geometry))
GROUP BY cell
ORDER BY cell;
