-- Filtered cases by reporting channel.
SELECT c.channel, count(*) AS cases
FROM cases AS c
WHERE
-- @include dashboard/_case_filter
GROUP BY ALL
ORDER BY cases DESC;
