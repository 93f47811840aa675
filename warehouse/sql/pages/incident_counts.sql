-- incident_counts: the 一事多报 page's headline numbers in the user's scope, uncapped (its lists
-- are capped): incidents of several reports touching the scope and the reports in them.
SELECT count(*) AS incidents, coalesce(sum(reports), 0) AS reports
FROM (
    SELECT i.incident_id, any_value(i.reports) AS reports
    FROM case_incidents AS i
    JOIN cases AS c USING (source, case_id)
    WHERE ($scope IS NULL OR c.street_code = $scope OR c.community_code = $scope)
    GROUP BY i.incident_id
);
