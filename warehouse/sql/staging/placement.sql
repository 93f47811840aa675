-- placement: where each winner sits, and which department it belongs to (narrow; the wide
-- rows never pass through DuckDB before the insert, see pipelines/load.py).
-- Grain: one row per winner (_seq). Point in polygon first (DuckDB spatial join); else the
-- grid code the source gave, if it is a known grid; else a known community code; else none.
-- Departments given by name resolve to their code through the departments table (unknown
-- names are kept as the code); disputes carry no department, so theirs is null.
WITH points AS (
    SELECT _seq, ST_Point(lon, lat) AS pt FROM winners WHERE lon IS NOT NULL AND lat IS NOT NULL
),
hits AS (  -- grids tile without overlap; should two ever overlap, the smaller code wins
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
