-- batch: this run's validated rows (the registered arrow frame batch_frame), one per input
-- row that passed validation. A table: scanning the arrow frame directly (a view) made the
-- upsert 1.7x slower than copying it once.
CREATE OR REPLACE TEMP TABLE batch AS SELECT * FROM batch_frame;
