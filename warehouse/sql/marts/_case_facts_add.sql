-- Shared by case_facts_rebuild/_delta: ids for new codes, then the fact rows of the cases in
-- scope ($run_id, or every case when it is NULL). New ids continue after the largest per dim.
INSERT INTO fact_codes
SELECT n.dim, n.code,
       (coalesce(m.top, 0) + row_number() OVER (PARTITION BY n.dim ORDER BY n.code))::INTEGER AS id
FROM (
    SELECT DISTINCT 'grid' AS dim, grid_code AS code FROM cases WHERE $run_id IS NULL OR run_id = $run_id
    UNION ALL SELECT DISTINCT 'community', community_code FROM cases WHERE $run_id IS NULL OR run_id = $run_id
    UNION ALL SELECT DISTINCT 'street', street_code FROM cases WHERE $run_id IS NULL OR run_id = $run_id
    UNION ALL SELECT DISTINCT 'major', category_major FROM cases WHERE $run_id IS NULL OR run_id = $run_id
    UNION ALL SELECT DISTINCT 'category', category_code FROM cases WHERE $run_id IS NULL OR run_id = $run_id
    UNION ALL SELECT DISTINCT 'channel', channel FROM cases WHERE $run_id IS NULL OR run_id = $run_id
    UNION ALL SELECT DISTINCT 'department', department_code FROM cases WHERE $run_id IS NULL OR run_id = $run_id
    UNION ALL SELECT DISTINCT 'status', status FROM cases WHERE $run_id IS NULL OR run_id = $run_id
) AS n
LEFT JOIN (SELECT dim, max(id) AS top FROM fact_codes GROUP BY dim) AS m USING (dim)
WHERE n.code IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM fact_codes AS f WHERE f.dim = n.dim AND f.code = n.code);
INSERT INTO case_facts BY NAME
SELECT
    c.source,
    c.case_id,
    c.reported_at,
    c.reported_at::DATE AS day,
    ((isodow(c.reported_at) - 1) * 24 + hour(c.reported_at))::SMALLINT AS week_hour,
    g.id AS grid_id,
    cm.id AS community_id,
    s.id AS street_id,
    mj.id AS major_id,
    ct.id AS category_id,
    ch.id AS channel_id,
    d.id AS department_id,
    st.id AS status_id,
    c.status = 'closed' AS is_closed,
    c.status = 'cancelled' AS is_cancelled,
    CASE WHEN c.status NOT IN ('closed', 'cancelled', 'suspended') THEN c.due_at END AS open_due_at,
    c.status = 'closed' AND c.due_at IS NOT NULL AS closed_with_due,
    coalesce(c.status = 'closed' AND c.closed_at <= c.due_at, false) AS closed_on_time,
    round(c.close_work_hours * 10)::INTEGER AS close_tenths,
    CASE WHEN c.registered_at IS NOT NULL AND c.status NOT IN ('cancelled', 'suspended') THEN c.due_at END AS assessed_due_at,
    c.closed_at,
    c.disposed_at,
    coalesce(c.rework_count > 0, false) AS reworked,
    coalesce(c.extension_count > 0, false) AS extended,
    c.dispose_work_hours AS dispose_hours
FROM cases AS c
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = 'grid') AS g ON g.code = c.grid_code
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = 'community') AS cm ON cm.code = c.community_code
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = 'street') AS s ON s.code = c.street_code
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = 'major') AS mj ON mj.code = c.category_major
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = 'category') AS ct ON ct.code = c.category_code
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = 'channel') AS ch ON ch.code = c.channel
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = 'department') AS d ON d.code = c.department_code
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = 'status') AS st ON st.code = c.status
WHERE $run_id IS NULL OR c.run_id = $run_id
ORDER BY c.reported_at;
