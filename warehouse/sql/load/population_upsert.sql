-- population upsert (ready_frame: the winners joined to load/placement; the latest version wins).
DELETE FROM population AS t USING winner_keys AS k WHERE t.source = k.source AND t.population_id = k._key;
INSERT INTO population BY NAME SELECT *, $run_id AS run_id FROM ready_frame;
