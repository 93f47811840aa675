-- Today's work at each stage of the case loop (上报 → 立案 → 派遣 → 处置 → 核查 → 结案): the cases
-- whose stage time falls in [$today, $now], and whether any source records that stage at all (a
-- stage nobody records is "not recorded", never a zero).
SELECT
    count(*) FILTER (WHERE reported_at >= $today AND reported_at <= $now) AS reported,
    count(*) FILTER (WHERE registered_at >= $today AND registered_at <= $now) AS registered,
    count(*) FILTER (WHERE dispatched_at >= $today AND dispatched_at <= $now) AS dispatched,
    count(*) FILTER (WHERE disposed_at >= $today AND disposed_at <= $now) AS disposed,
    count(*) FILTER (WHERE checked_at >= $today AND checked_at <= $now) AS checked,
    count(*) FILTER (WHERE closed_at >= $today AND closed_at <= $now) AS closed,
    true AS reported_recorded,
    count(registered_at) > 0 AS registered_recorded,
    count(dispatched_at) > 0 AS dispatched_recorded,
    count(disposed_at) > 0 AS disposed_recorded,
    count(checked_at) > 0 AS checked_recorded,
    count(closed_at) > 0 AS closed_recorded
FROM cases;
