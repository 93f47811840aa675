-- organisations upsert (ready_frame: the winners joined to load/placement; the latest version wins).
DELETE FROM organisations AS t USING winner_keys AS k WHERE t.source = k.source AND t.org_id = k._key;
INSERT INTO organisations BY NAME SELECT *, $run_id AS run_id FROM ready_frame;
