-- patrols upsert (ready_frame: the winners joined to load/placement; the latest version wins).
DELETE FROM patrols AS t USING winner_keys AS k WHERE t.source = k.source AND t.patrol_id = k._key;
INSERT INTO patrols BY NAME SELECT *, $run_id AS run_id FROM ready_frame;
