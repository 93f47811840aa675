-- Months whose assessment a run changed: the due months of the cases it wrote, and the months a
-- request it wrote may repeat one from (repeat_requests(): up to $repeat_days days earlier).
SELECT DISTINCT month FROM (
    SELECT strftime(due_at, '%Y-%m') AS month FROM cases WHERE run_id = $run_id AND due_at IS NOT NULL
    UNION ALL
    SELECT strftime(unnest(range(date_trunc('month', reported_at - to_days(CAST($repeat_days AS INTEGER))),
                                 reported_at + INTERVAL 1 MICROSECOND, INTERVAL 1 MONTH)), '%Y-%m')
    FROM cases WHERE run_id = $run_id AND reporter_ref IS NOT NULL
)
ORDER BY month;
