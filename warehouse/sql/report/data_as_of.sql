-- The newest report time before the end of the document's period: what "数据截至" states.
SELECT max(reported_at) FROM cases WHERE reported_at < $before;
