-- batch: this run's validated rows (the registered arrow frame batch_frame), one per input
-- row that passed validation; for cases and disputes only the key and placement columns
-- (pipelines/load.py KEY_COLUMNS, PLACE_COLUMNS). A table: classify, winners and placement
-- each read it, and scanning the arrow frame that often cost more than copying it once.
CREATE OR REPLACE TEMP TABLE batch AS SELECT * FROM batch_frame;
