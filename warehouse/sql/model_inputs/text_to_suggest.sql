-- text_to_suggest: the cases the text models suggest a category and department for
-- (models/text.py): every case without a category or a department, and every case reported on
-- or after $since (the review window for possible 错派). Duplicates are left out.
SELECT
    source,
    case_id,
    reported_at,
    description AS text,
    street_code AS street,
    category_code AS category,
    department_code AS department
FROM cases
WHERE duplicate_of IS NULL
  AND description IS NOT NULL
  AND (category_code IS NULL OR department_code IS NULL OR reported_at >= $since)
ORDER BY reported_at, source, case_id;
