-- One grid's components (the grid profile's component lookup): condition now, class name, and
-- how many cases name the component (cases.component_id; wherever their point placed them), the
-- most troubled first.
SELECT c.component_id, c.class_code, coalesce(regexp_replace(k.category_name, '异常$', ''), c.class_code) AS class_name,
       c.condition, c.address, d.department_name, coalesce(n.cases, 0) AS cases
FROM components AS c
LEFT JOIN (SELECT category_code, any_value(category_name) AS category_name FROM categories WHERE category_scheme = 'GB/T 47678.5' GROUP BY 1) AS k
       ON k.category_code = c.class_code
LEFT JOIN departments AS d ON d.department_code = c.department_code
LEFT JOIN (SELECT component_id, count(*) AS cases FROM cases
           WHERE component_id IN (SELECT component_id FROM components WHERE grid_code = $grid_code) GROUP BY ALL) AS n USING (component_id)
WHERE c.grid_code = $grid_code
ORDER BY cases DESC, c.condition <> 'intact' DESC, c.component_id;
