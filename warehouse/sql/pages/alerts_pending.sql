-- Risk alerts awaiting review (the table exists once the risk models have run).
SELECT count(*) FROM risk_alerts WHERE status = 'open';
