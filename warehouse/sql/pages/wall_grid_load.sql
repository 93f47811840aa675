-- Cases per grid over the 7 days ending at $day (inclusive), from case_facts (grid ids named
-- through fact_codes). Every grid gets a row, 0 when it had no case.
SELECT g.grid_code, g.grid_name, coalesce(m.cases, 0)::INTEGER AS cases
FROM grids AS g
LEFT JOIN fact_codes AS c ON c.dim = 'grid' AND c.code = g.grid_code
LEFT JOIN (
    SELECT grid_id, count(*) AS cases
    FROM case_facts
    WHERE day > $day::DATE - 7 AND day <= $day::DATE
    GROUP BY grid_id
) AS m ON m.grid_id = c.id
ORDER BY g.grid_code;
