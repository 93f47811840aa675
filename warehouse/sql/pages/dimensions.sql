-- Filter choices: every region, category and department with its name (one list, by kind).
-- A kind with nothing loaded (no grids, no register) has no rows; dashboard/data.py adds it empty.
SELECT 'street' AS kind, street_code AS code, any_value(street_name) AS name, NULL AS parent FROM grids GROUP BY street_code
UNION ALL
SELECT 'community', community_code, any_value(community_name), any_value(street_code) FROM grids GROUP BY community_code
UNION ALL
SELECT 'grid', grid_code, any_value(coalesce(grid_name, grid_code)), any_value(community_code) FROM grids GROUP BY grid_code
UNION ALL
SELECT 'major', category_major, any_value(major_name), NULL FROM categories WHERE category_major IS NOT NULL AND major_name IS NOT NULL GROUP BY category_major
UNION ALL
SELECT 'category', category_code, any_value(category_name), any_value(category_major) FROM categories GROUP BY category_code
UNION ALL
-- departments: the register's, and those the cases name inline (a source without a register:
-- the code is then the name it gave; fact_codes lists every department code the cases carry)
SELECT 'department', c.code, coalesce(any_value(d.department_name), c.code), NULL
FROM (SELECT code FROM fact_codes WHERE dim = 'department' UNION SELECT department_code FROM departments) AS c
LEFT JOIN departments AS d ON d.department_code = c.code
GROUP BY c.code
ORDER BY kind, code;
