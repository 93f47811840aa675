-- disputes upsert (ready_frame: the winners joined to load/placement), then
-- prior_disputes_same_party recomputed: the number of earlier disputes sharing a party reference.
-- The INSERT reads the frame with no join, for the reason cases_upsert.sql gives.
DELETE FROM disputes AS t USING winner_keys AS k WHERE t.source = k.source AND t.dispute_id = k._key;
INSERT INTO disputes BY NAME SELECT *, $run_id AS run_id FROM ready_frame;
UPDATE disputes AS t SET prior_disputes_same_party = p.prior
FROM (
    WITH parties AS (
        SELECT source, dispute_id, reported_at, unnest(party_refs) AS party FROM disputes
    )
    SELECT a.source, a.dispute_id, count(DISTINCT b.dispute_id) AS prior
    FROM parties AS a
    LEFT JOIN parties AS b ON a.party = b.party AND b.reported_at < a.reported_at
    GROUP BY a.source, a.dispute_id
) AS p
WHERE t.source = p.source AND t.dispute_id = p.dispute_id;
