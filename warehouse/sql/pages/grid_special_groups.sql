-- One grid's special-group counts (重点人群, GB/T 31000-2015) in its newest month not after $now:
-- counts only, for roles with the special_groups permission (dashboard/permissions.py).
SELECT month, sg_correction, sg_released, sg_mental, sg_drug, sg_youth, sg_aids
FROM population
WHERE grid_code = $grid_code AND month <= $now
ORDER BY month DESC
LIMIT 1;
