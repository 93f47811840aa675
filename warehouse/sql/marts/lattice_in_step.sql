-- Whether the grid lattice is in step with the grids: present exactly when there are grids
-- (every grids change rebuilds it; an older warehouse has grids but no lattice).
SELECT (EXISTS (SELECT 1 FROM grids)) = (EXISTS (SELECT 1 FROM grid_lattice)) AS in_step;
