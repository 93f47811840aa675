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
INSERT INTO grid_cells
WITH columns AS (SELECT unnest(range(nx)) AS ix FROM grid_lattice),
rows AS (SELECT unnest(range(ny)) AS iy FROM grid_lattice),
boxes AS (
    SELECT
        r.iy * l.nx + c.ix AS cell,
        ST_MakeEnvelope(
            l.x0 + c.ix * l.cell - $margin, l.y0 + r.iy * l.cell - $margin,
            l.x0 + (c.ix + 1) * l.cell + $margin, l.y0 + (r.iy + 1) * l.cell + $margin
        ) AS box
    FROM grid_lattice AS l, columns AS c, rows AS r
)
SELECT b.cell, min(g.grid_code) AS grid_code  -- should grids ever overlap, the smaller code wins
FROM boxes AS b
JOIN grids AS g ON ST_Within(b.box, g.geometry)
GROUP BY b.cell
ORDER BY b.cell;
