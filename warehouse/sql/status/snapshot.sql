-- snapshot: the snapshot this file is (the newest row of its history).
SELECT snapshot_id, published_at FROM snapshot_info ORDER BY snapshot_id DESC LIMIT 1;
