-- buildings upsert (ready_frame: the winners joined to load/placement; the latest version wins).
DELETE FROM buildings AS t USING winner_keys AS k WHERE t.source = k.source AND t.building_id = k._key;
INSERT INTO buildings BY NAME SELECT *, $run_id AS run_id FROM ready_frame;
