-- The snapshot number this writer's transaction took (lake/next_snapshot).
SELECT last_snapshot FROM lake_writes;
