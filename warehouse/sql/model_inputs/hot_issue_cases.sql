-- hot_issue_cases: the reports of [$start, $end) the hot-issue grouping reads (models/hot_issues.py),
-- repeats and duplicates included (a repeat is heat). The address is taken out of the text: two
-- different problems on one road must not look alike for sharing it.
SELECT
    source,
    case_id,
    reported_at,
    grid_code,
    channel,
    reporter_ref,
    category_code,
    trim(replace(description, coalesce(address, ''), '')) AS text
FROM cases
WHERE description IS NOT NULL
  AND reported_at >= $start
  AND reported_at < $end
ORDER BY grid_code, reported_at, source, case_id;
