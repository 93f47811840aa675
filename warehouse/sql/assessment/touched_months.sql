-- Months whose assessment a run changed: the due months of the cases it wrote, and for the repeat
-- requests (repeat_requests()) the months a request it wrote may repeat one from (up to
-- $repeat_days days earlier) and the months its report time may newly judge (a month is judged
-- once $repeat_days days have passed after its end: up to $repeat_days + 31 days earlier).
SELECT DISTINCT month FROM (
    SELECT strftime(due_at, '%Y-%m') AS month FROM cases WHERE run_id = $run_id AND due_at IS NOT NULL
    UNION ALL
    SELECT strftime(unnest(range(date_trunc('month', reported_at - to_days(CAST($repeat_days AS INTEGER) + 31)),
                                 reported_at + INTERVAL 1 MICROSECOND, INTERVAL 1 MONTH)), '%Y-%m')
    FROM cases WHERE run_id = $run_id AND reporter_ref IS NOT NULL
)
ORDER BY month;
