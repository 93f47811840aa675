-- The analyst filter's restrictions on case_facts or due_in_period() rows (alias f), without the
-- period: the same restrictions as _case_filter, with every code already turned into its
-- fact_codes id by the data layer (Filters.fact_params; a code the warehouse has never seen
-- becomes -1 and matches nothing). The ids have their own names, so one query can hold both
-- filters. Every value is a bound parameter; NULL or an empty list means "no restriction".
($street_id IS NULL OR f.street_id = $street_id)
AND ($community_id IS NULL OR f.community_id = $community_id)
AND ($grid_id IS NULL OR f.grid_id = $grid_id)
AND ($major_id IS NULL OR f.major_id = $major_id)
AND ($category_id IS NULL OR f.category_id = $category_id)
AND (len($channel_ids::INTEGER[]) = 0 OR list_contains($channel_ids::INTEGER[], f.channel_id))
AND (len($department_ids::INTEGER[]) = 0 OR list_contains($department_ids::INTEGER[], f.department_id))
AND (len($status_ids::INTEGER[]) = 0 OR list_contains($status_ids::INTEGER[], f.status_id))
