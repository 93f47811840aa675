-- One grid's components by class and condition (the grid profile), with the class's name from
-- the catalogue (the matter "<部件>异常" shares its code; its name without the suffix).
SELECT c.class_code, coalesce(regexp_replace(any_value(k.category_name), '异常$', ''), c.class_code) AS class_name,
       count(*) FILTER (WHERE c.condition = 'intact') AS intact,
       count(*) FILTER (WHERE c.condition = 'damaged') AS damaged,
       count(*) FILTER (WHERE c.condition = 'lost') AS lost,
       count(*) FILTER (WHERE c.condition = 'abandoned') AS abandoned,
       count(*) FILTER (WHERE c.condition <> 'removed') AS in_service
FROM components AS c
LEFT JOIN categories AS k ON k.category_code = c.class_code AND k.category_scheme = 'GB/T 47678.5'
WHERE c.grid_code = $grid_code
GROUP BY c.class_code
ORDER BY in_service DESC, c.class_code;
