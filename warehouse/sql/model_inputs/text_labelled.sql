-- text_labelled: every case with its text and the labels a dispatcher chose, for the text models
-- (models/text.py). Duplicates are left out: cancelled against an earlier report, their
-- category was never a dispatcher's choice. Text is the description (title, where a source has
-- one, is mapped into it by the profile); labels may be NULL where a source records none.
SELECT
    reported_at,
    description AS text,
    category_code AS category,
    category_major AS major,
    department_code AS department,
    street_code AS street,
    return_count > 0 AS returned
FROM cases
WHERE duplicate_of IS NULL
  AND description IS NOT NULL
ORDER BY reported_at, source, case_id;
