-- The snapshot id this database file holds (0 for a new file).
SELECT coalesce(max(snapshot_id), 0) AS snapshot_id FROM snapshot_info;
