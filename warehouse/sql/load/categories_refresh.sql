-- categories: the shipped catalogue (temp table catalogue_frame) plus every local category
-- seen in cases. Grain: (category_scheme, category_code).
INSERT INTO categories
SELECT 'GB/T 47678.5', category_code, kind, category_major, major_name, category_name, default_department,
       time_limit, time_limit_unit, high_frequency
FROM catalogue_frame
WHERE NOT EXISTS (SELECT 1 FROM categories AS c WHERE c.category_scheme = 'GB/T 47678.5' AND c.category_code = catalogue_frame.category_code);
INSERT INTO categories
SELECT 'local', category_code, any_value(object_kind), any_value(category_major), NULL, any_value(category_name), NULL, NULL, NULL, false
FROM cases
WHERE run_id = $run_id AND category_scheme = 'local' AND category_code IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM categories AS c WHERE c.category_scheme = 'local' AND c.category_code = cases.category_code)
GROUP BY category_code;
