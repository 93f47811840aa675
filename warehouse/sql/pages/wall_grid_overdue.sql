-- Open, not suspended cases past their deadline at $now, per grid (the wall's second map view).
-- Counted on case_facts (open_due_at is due_at of open, not suspended cases): a flag scan instead
-- of a status string comparison on every case.
SELECT g.grid_code, g.grid_name, coalesce(o.cases, 0)::INTEGER AS cases
FROM grids AS g
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = 'grid') AS k ON k.code = g.grid_code
LEFT JOIN (
    SELECT grid_id, count(*) AS cases FROM case_facts WHERE open_due_at < $now GROUP BY grid_id
) AS o ON o.grid_id = k.id
ORDER BY g.grid_code;
