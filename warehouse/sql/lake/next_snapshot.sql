-- A writer takes the lake's next snapshot number inside its transaction: an update of the one
-- row of lake_writes, so two writers committing at once conflict and the second starts again
-- (DuckLake would merge two plain appends, and both would have taken the same number).
UPDATE lake_writes SET last_snapshot = last_snapshot + 1;
