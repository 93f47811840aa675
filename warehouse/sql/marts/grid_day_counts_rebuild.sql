-- grid_day_counts rebuilt from all cases (after grids change, every case may have moved).
-- Grain: (grid_code, community_code, street_code, day, category_major, channel).
DELETE FROM grid_day_counts;
INSERT INTO grid_day_counts BY NAME
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
GROUP BY ALL;
