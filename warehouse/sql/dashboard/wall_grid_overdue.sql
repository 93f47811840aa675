-- Open, not suspended cases past their deadline at $now, per grid (the wall's second map view).
SELECT g.grid_code, g.grid_name, count(c.case_id)::INTEGER AS cases
FROM grids AS g
LEFT JOIN cases AS c ON c.grid_code = g.grid_code AND c.status NOT IN ('closed', 'cancelled', 'suspended') AND c.due_at < $now
GROUP BY g.grid_code, g.grid_name
ORDER BY g.grid_code;
