-- text_label_names: a name for each label the text models predict (models/text.py), so their
-- evaluation reads 占道经营 rather than 09006. A department without a register entry keeps
-- only its code; a category takes the name its cases carry.
SELECT 'category' AS target, category_code AS label, min(category_name) AS name
FROM cases
WHERE category_code IS NOT NULL
GROUP BY ALL
UNION ALL
SELECT 'major', c.category_major, min(k.major_name)
FROM cases AS c
LEFT JOIN categories AS k ON k.category_major = c.category_major
WHERE c.category_major IS NOT NULL
GROUP BY ALL
UNION ALL
SELECT 'department', c.department_code, min(d.department_name)
FROM cases AS c
LEFT JOIN departments AS d USING (department_code)
WHERE c.department_code IS NOT NULL
GROUP BY ALL;
