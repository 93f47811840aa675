-- One component's conditions across loads (component_history), oldest first: the source's time
-- of the change where it gave one, else when the load that saw it finished.
SELECT coalesce(h.changed_at, r.finished_at) AS changed_at, h.previous_condition, h.condition
FROM component_history AS h
JOIN pipeline_runs AS r USING (run_id)
WHERE h.component_id = $component_id
ORDER BY 1;
