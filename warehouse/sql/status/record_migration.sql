-- Record one applied migration (its file name) with the time it ran.
INSERT INTO schema_migrations VALUES ($migration, now()::TIMESTAMP);
