-- Months whose assessment a run changed: the due months of the cases it wrote.
SELECT DISTINCT strftime(due_at, '%Y-%m') AS month FROM cases WHERE run_id = $run_id AND due_at IS NOT NULL ORDER BY month;
