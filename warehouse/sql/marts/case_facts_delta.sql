-- case_facts after a cases load: the replaced versions (temp table replaced) leave, the rows
-- this run wrote ($run_id) arrive. Work is proportional to the changed rows.
DELETE FROM case_facts AS f USING replaced AS r WHERE f.source = r.source AND f.case_id = r.case_id;
-- @include marts/_case_facts_add
