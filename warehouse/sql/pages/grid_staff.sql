-- Staff on duty in one grid at $now by role (the grid profile): people counted by their salted
-- reference; no name or phone number exists to show.
SELECT role, count(DISTINCT staff_ref) AS staff, min(valid_from) AS since
FROM staff
WHERE grid_code = $grid_code AND valid_from <= CAST($now AS DATE) AND (valid_to IS NULL OR valid_to >= CAST($now AS DATE))
GROUP BY role
ORDER BY staff DESC, role;
