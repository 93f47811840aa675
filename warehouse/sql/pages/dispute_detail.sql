-- One dispute as a reviewer sees it: the register fields, without party references. Grain: one row.
SELECT dispute_id, reported_at, dispute_type, scale, people_involved, status, mediated_at,
       mediation_attempts, deadline_at, resolved_at, escalated, escalation_kind,
       prior_disputes_same_party, grid_code, address, description
FROM disputes
WHERE dispute_id = $dispute_id;
