-- as_of: the newest record time in cases and disputes ("now" for exports and the demo).
SELECT greatest(
    (SELECT max(reported_at) FROM cases),
    (SELECT max(reported_at) FROM disputes)
) AS as_of;
