-- incident_cases: the located reports of [$start, $end) the incident linking reads
-- (models/incidents.py), the address taken out of the text (two reports on one road must not
-- look alike for sharing it), with what else a dispatcher weighs (category, reporter) and the
-- source's own repeat marks (duplicate_of), which the link weights are learned from.
SELECT
    source,
    case_id,
    reported_at,
    lon,
    lat,
    channel,
    category_code,
    reporter_ref,
    duplicate_of,
    trim(replace(coalesce(description, ''), coalesce(address, ''), '')) AS text
FROM cases
WHERE lon IS NOT NULL
  AND lat IS NOT NULL
  AND reported_at >= $start
  AND reported_at < $end
ORDER BY reported_at, source, case_id;
