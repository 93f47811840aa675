-- The disputes of one grid in the 365 days before $until. Grain: one dispute, newest first.
SELECT dispute_id, reported_at, dispute_type, scale, status, escalated
FROM disputes
WHERE grid_code = $grid_code
  AND reported_at < CAST($until AS TIMESTAMP)
  AND reported_at >= CAST($until AS TIMESTAMP) - INTERVAL 365 DAY
ORDER BY reported_at DESC
LIMIT 50;
