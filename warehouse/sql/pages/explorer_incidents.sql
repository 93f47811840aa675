-- Reports of one incident among the filtered cases (一事多报: case_incidents, published by
-- `python -m models incidents` over its window): how many filtered reports belong to a linked
-- incident and how many distinct incidents they make. The explorer shows
-- incidents = cases − linked_reports + linked_incidents (each linked incident counted once);
-- linked_anywhere = 0 means no linking has published an incident yet (nothing to show).
SELECT count(*) AS linked_reports, count(DISTINCT i.incident_id) AS linked_incidents,
       (SELECT count(*) FROM case_incidents) AS linked_anywhere
FROM case_incidents AS i
JOIN case_facts AS f ON f.source = i.source AND f.case_id = i.case_id
WHERE
-- @include pages/_fact_filter
;
