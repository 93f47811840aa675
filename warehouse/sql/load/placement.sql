-- placement: where each winner sits, and which department it belongs to (narrow; the wide
-- rows never pass through DuckDB before the insert, see pipelines/load.py).
-- Grain: one row per winner (_seq). Point in polygon first (the grid lattice, else DuckDB's
-- spatial join); else the grid code the source gave, if it is a known grid; else a known
-- community code; else none.
-- Departments given by name resolve to their code through the departments table (unknown
-- names are kept as the code); disputes carry no department, so theirs is null.
-- The points are looked up for every batch row, not only the winners: the few extra rows cost
-- less than picking the winners out twice more, and only the winners' hits are used.
WITH lattice_hits AS (  -- most points: the grid_cells lattice (schema/15_grid_cells.sql)
    SELECT w._seq, c.grid_code
    FROM (
        SELECT w._seq, floor((w.lon - l.x0) / l.cell)::BIGINT AS ix, floor((w.lat - l.y0) / l.cell)::BIGINT AS iy, l.nx, l.ny
        FROM batch AS w, grid_lattice AS l
        WHERE w.lon IS NOT NULL AND w.lat IS NOT NULL
    ) AS w
    JOIN grid_cells AS c ON c.cell = w.iy * w.nx + w.ix
    WHERE w.ix >= 0 AND w.ix < w.nx AND w.iy >= 0 AND w.iy < w.ny
),
points AS (  -- the rest: points in cells a grid boundary crosses, or outside every grid
    SELECT _seq, ST_Point(lon, lat) AS pt
    FROM batch AS w
    WHERE lon IS NOT NULL AND lat IS NOT NULL AND NOT EXISTS (SELECT 1 FROM lattice_hits AS q WHERE q._seq = w._seq)
),
hits AS (  -- grids tile without overlap; should two ever overlap, the smaller code wins
    SELECT _seq, grid_code FROM lattice_hits
    UNION ALL
    SELECT p._seq, min(g.grid_code) AS grid_code
    FROM points AS p
    JOIN grids AS g ON ST_Contains(g.geometry, p.pt)
    GROUP BY p._seq
),
communities AS (
    SELECT DISTINCT community_code, street_code, district_code FROM grids
),
placed AS (
    SELECT
        w._seq,
        coalesce(h.grid_code, gc.grid_code) AS final_grid,
        CASE
            WHEN h.grid_code IS NOT NULL THEN 'point'
            WHEN gc.grid_code IS NOT NULL THEN 'grid_code'
            WHEN cc.community_code IS NOT NULL THEN 'community_code'
            WHEN w.lon IS NOT NULL AND (SELECT count(*) FROM grids) = 0 THEN 'point_ungridded'
            ELSE 'none'
        END AS location_quality,
        cc.community_code AS known_community,
        coalesce(w.department_code, d.department_code, w.department_name) AS department_code
    FROM winners AS w
    LEFT JOIN hits AS h USING (_seq)
    LEFT JOIN grids AS gc ON gc.grid_code = w.grid_code
    LEFT JOIN communities AS cc ON cc.community_code = w.community_code
    LEFT JOIN departments AS d ON d.department_name = w.department_name
)
SELECT
    p._seq,
    p.final_grid AS grid_code,
    coalesce(g.community_code, p.known_community) AS community_code,
    coalesce(g.street_code, c.street_code) AS street_code,
    coalesce(g.district_code, c.district_code) AS district_code,
    p.location_quality,
    p.department_code
FROM placed AS p
LEFT JOIN grids AS g ON g.grid_code = p.final_grid
LEFT JOIN communities AS c ON c.community_code = p.known_community
