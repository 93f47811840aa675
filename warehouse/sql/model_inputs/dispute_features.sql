-- dispute_features: model input for escalation risk. Grain: one row per dispute reported up to
-- $as_of, with what the register says about it and its grid's context before it was reported.
-- Units: days, counts. No names or party identifiers: only how many earlier disputes a party had.
-- grid_disputes_90d / grid_unresolved_90d: the same grid's disputes in the 90 days before this
-- one, and how many of them were not resolved when this one was reported; grid_cases_90d: cases
-- in the grid in those 90 days (case_facts: running totals per grid and day, read with two ASOF
-- joins instead of a range join of every dispute with every day of its grid, which grows with
-- the case count).
WITH d AS (
    SELECT * FROM disputes WHERE reported_at <= CAST($as_of AS TIMESTAMP)
),
context AS (
    SELECT
        d.source,
        d.dispute_id,
        count(o.dispute_id) AS grid_disputes_90d,
        count(o.dispute_id) FILTER (WHERE o.resolved_at IS NULL OR o.resolved_at > d.reported_at) AS grid_unresolved_90d
    FROM d
    LEFT JOIN d AS o
      ON o.grid_code = d.grid_code
     AND o.reported_at < d.reported_at
     AND o.reported_at >= d.reported_at - INTERVAL 90 DAY
    GROUP BY d.source, d.dispute_id
),
daily AS (  -- cases per grid and day, and the running total through each day
    SELECT grid_id, day, sum(count(*)) OVER (PARTITION BY grid_id ORDER BY day) AS through
    FROM case_facts
    WHERE grid_id IS NOT NULL
    GROUP BY grid_id, day
),
dd AS (
    SELECT d.source, d.dispute_id, k.id AS grid_id, CAST(d.reported_at AS DATE) AS rday
    FROM d
    LEFT JOIN fact_codes AS k ON k.dim = 'grid' AND k.code = d.grid_code
),
grid_cases AS (  -- cases in the 90 days before: the total through the day before minus the total before the window
    SELECT dd.source, dd.dispute_id, coalesce(hi.through, 0) - coalesce(lo.through, 0) AS grid_cases_90d
    FROM dd
    ASOF LEFT JOIN daily AS hi ON hi.grid_id = dd.grid_id AND hi.day < dd.rday
    ASOF LEFT JOIN daily AS lo ON lo.grid_id = dd.grid_id AND lo.day < dd.rday - 90
),
final AS (
    SELECT
        d.source,
        d.dispute_id,
        d.reported_at,
        d.grid_code,
        d.community_code,
        d.street_code,
        d.status,
        d.escalated AND d.escalated_at <= CAST($as_of AS TIMESTAMP) AS escalated,
        d.escalated_at,
        d.escalation_kind,
        coalesce(d.dispute_type, '其他') AS dispute_type,
        coalesce(d.scale, '一般') AS scale,
        coalesce(d.people_involved, 2) AS people_involved,
        coalesce(d.prior_disputes_same_party, 0) AS prior_disputes,
        coalesce(d.mediation_attempts, 0) AS mediation_attempts,
        datediff('hour', d.reported_at, coalesce(d.mediated_at, CAST($as_of AS TIMESTAMP))) / 24.0 AS days_to_mediation,
        d.mediated_at IS NOT NULL AS mediated,
        datediff('hour', d.reported_at, CAST($as_of AS TIMESTAMP)) / 24.0 AS days_open,
        c.grid_disputes_90d,
        c.grid_unresolved_90d,
        coalesce(g.grid_cases_90d, 0) AS grid_cases_90d
    FROM d
    JOIN context AS c USING (source, dispute_id)
    LEFT JOIN grid_cases AS g USING (source, dispute_id)
)
SELECT * FROM final
ORDER BY reported_at, source, dispute_id;
