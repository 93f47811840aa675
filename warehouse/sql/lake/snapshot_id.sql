-- The newest snapshot of an attached DuckLake ($lake: its catalog name): what a reader pins.
SELECT max(snapshot_id) FROM ducklake_snapshots($lake);
