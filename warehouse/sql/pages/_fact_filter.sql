-- The analyst filter on case_facts (alias f), included by the explorer's aggregate queries: the
-- report period [$start, $end) and the restrictions of _fact_dims.
f.reported_at >= $start AND f.reported_at < $end
AND
-- @include pages/_fact_dims
