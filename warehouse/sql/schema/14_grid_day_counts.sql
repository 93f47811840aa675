-- grid_day_counts: view over case_facts. Grain: one row per (grid_code, community_code,
-- street_code, day, category_major, channel) with the cases reported that local day, how many
-- of them are closed and how many cancelled. Keys may be null (unlocated cases).
-- Why a view: as a table it held nearly as many rows as cases and made every load pay to keep
-- it in step; case_facts already has every column it
-- needs as small integer ids. Counting on the ids first and naming the codes after keeps it
-- fast, and a filter on day reaches the case_facts scan (zone maps skip other periods). The pages
-- and the model inputs count from case_facts directly; the view serves ad-hoc queries
-- (`python -m warehouse query`) with the grain older versions published.
CREATE OR REPLACE VIEW grid_day_counts AS
SELECT
    g.code AS grid_code,
    cm.code AS community_code,
    s.code AS street_code,
    a.day,
    mj.code AS category_major,
    ch.code AS channel,
    a.cases,
    a.closed,
    a.cancelled
FROM (
    SELECT
        grid_id, community_id, street_id, day, major_id, channel_id,
        count(*)::INTEGER AS cases,
        count(*) FILTER (WHERE is_closed)::INTEGER AS closed,
        count(*) FILTER (WHERE is_cancelled)::INTEGER AS cancelled
    FROM case_facts
    GROUP BY ALL
) AS a
LEFT JOIN fact_codes AS g ON g.dim = 'grid' AND g.id = a.grid_id
LEFT JOIN fact_codes AS cm ON cm.dim = 'community' AND cm.id = a.community_id
LEFT JOIN fact_codes AS s ON s.dim = 'street' AND s.id = a.street_id
LEFT JOIN fact_codes AS mj ON mj.dim = 'major' AND mj.id = a.major_id
LEFT JOIN fact_codes AS ch ON ch.dim = 'channel' AND ch.id = a.channel_id;
