-- grid_day_counts after a cases load, maintained by difference: the old versions this run
-- replaced (temp table replaced) count -1, the rows it wrote (run_id) +1. Work is proportional to
-- the changed rows, not to the warehouse. Grain: (grid_code, community_code, street_code, day,
-- category_major, channel); counts by reported_at's local day. Keys may be null (unlocated).
CREATE OR REPLACE TEMP TABLE gdc_delta AS
SELECT grid_code, community_code, street_code, day, category_major, channel,
       sum(n) AS cases, sum(n * is_closed) AS closed, sum(n * is_cancelled) AS cancelled
FROM (
    SELECT grid_code, community_code, street_code, reported_at::DATE AS day, category_major, channel, -1 AS n,
           (status = 'closed')::INTEGER AS is_closed, (status = 'cancelled')::INTEGER AS is_cancelled
    FROM replaced
    UNION ALL
    SELECT grid_code, community_code, street_code, reported_at::DATE AS day, category_major, channel, 1 AS n,
           (status = 'closed')::INTEGER AS is_closed, (status = 'cancelled')::INTEGER AS is_cancelled
    FROM cases WHERE run_id = $run_id
)
GROUP BY ALL;
CREATE OR REPLACE TEMP TABLE gdc_merged AS
SELECT grid_code, community_code, street_code, day, category_major, channel,
       sum(cases)::INTEGER AS cases, sum(closed)::INTEGER AS closed, sum(cancelled)::INTEGER AS cancelled
FROM (
    SELECT g.* FROM grid_day_counts AS g
    SEMI JOIN gdc_delta AS d
        ON g.day = d.day AND g.grid_code IS NOT DISTINCT FROM d.grid_code AND g.community_code IS NOT DISTINCT FROM d.community_code
       AND g.street_code IS NOT DISTINCT FROM d.street_code AND g.category_major IS NOT DISTINCT FROM d.category_major
       AND g.channel IS NOT DISTINCT FROM d.channel
    UNION ALL
    SELECT * FROM gdc_delta
)
GROUP BY ALL;
DELETE FROM grid_day_counts AS g USING gdc_delta AS d
WHERE g.day = d.day AND g.grid_code IS NOT DISTINCT FROM d.grid_code AND g.community_code IS NOT DISTINCT FROM d.community_code
  AND g.street_code IS NOT DISTINCT FROM d.street_code AND g.category_major IS NOT DISTINCT FROM d.category_major
  AND g.channel IS NOT DISTINCT FROM d.channel;
INSERT INTO grid_day_counts BY NAME SELECT * FROM gdc_merged WHERE cases <> 0;
