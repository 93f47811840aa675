-- incident_uncertain_ids: every uncertain link in the user's scope (by its earlier report, as
-- incident_queue.sql), uncapped: the page counts those no reviewer has decided yet.
SELECT l.link_id
FROM incident_links AS l
JOIN cases AS a ON a.source = l.source_a AND a.case_id = l.case_a
WHERE l.status = 'uncertain'
  AND ($scope IS NULL OR a.street_code = $scope OR a.community_code = $scope);
