-- Filtered cases by reporting channel (case_facts; ids bound per _fact_filter).
SELECT k.code AS channel, p.cases
FROM (
    SELECT f.channel_id, count(*) AS cases
    FROM case_facts AS f
    WHERE
-- @include pages/_fact_filter
    GROUP BY f.channel_id
) AS p
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = 'channel') AS k ON k.id = p.channel_id
ORDER BY p.cases DESC, channel;
