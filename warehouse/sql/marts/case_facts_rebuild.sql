-- case_facts rebuilt from every case (after grids change every case may have moved, and after
-- an upgrade that added the mart). Codes keep their ids. Grain: one row per case.
DELETE FROM case_facts;
-- @include marts/_case_facts_add
