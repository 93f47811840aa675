-- Months that have cases due in them (assessment periods are months, their quarters and years).
SELECT DISTINCT strftime(due_at, '%Y-%m') AS month FROM cases WHERE due_at IS NOT NULL AND registered_at IS NOT NULL ORDER BY month;
