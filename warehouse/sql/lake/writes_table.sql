-- The one-row table writers take snapshot numbers from, started at the newest snapshot the
-- migrated warehouse recorded (snapshot_info), so numbers go on where the snapshot files stopped.
CREATE TABLE IF NOT EXISTS lake_writes (last_snapshot BIGINT);
INSERT INTO lake_writes SELECT coalesce((SELECT max(snapshot_id) FROM snapshot_info), 0)
WHERE NOT EXISTS (SELECT 1 FROM lake_writes);
