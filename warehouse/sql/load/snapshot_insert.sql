-- snapshot_info: the snapshot this file now is, with the time its change was made.
INSERT INTO snapshot_info VALUES ($snapshot_id, $published_at::TIMESTAMP, $snapshot_id);
