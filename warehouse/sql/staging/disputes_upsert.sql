-- disputes upsert, then prior_disputes_same_party recomputed for the parties this run touched:
-- the number of earlier disputes sharing any party reference.
DELETE FROM disputes AS t USING winner_keys AS k WHERE t.source = k.source AND t.dispute_id = k._key;
INSERT INTO disputes BY NAME
SELECT l.* EXCLUDE (_key, _seq, _row, raw_hash), $run_id AS run_id FROM located AS l;
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
