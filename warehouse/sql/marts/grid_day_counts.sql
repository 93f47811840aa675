-- grid_day_counts refresh for the days this run touched (temp table touched_days(day)).
-- Grain: (grid_code, day, category_major, channel); counts by reported_at's local day.
DELETE FROM grid_day_counts WHERE day IN (SELECT day FROM touched_days);
INSERT INTO grid_day_counts
SELECT
    grid_code,
    community_code,
    street_code,
    reported_at::DATE AS day,
    category_major,
    channel,
    count(*)::INTEGER AS cases,
    count(*) FILTER (WHERE status = 'closed')::INTEGER AS closed,
    count(*) FILTER (WHERE status = 'cancelled')::INTEGER AS cancelled
FROM cases
WHERE reported_at::DATE IN (SELECT day FROM touched_days)
GROUP BY grid_code, community_code, street_code, reported_at::DATE, category_major, channel;
