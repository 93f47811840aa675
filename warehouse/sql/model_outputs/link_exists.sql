-- link_exists: whether a link id is published in incident_links (a review must name a real link).
SELECT count(*) > 0 FROM incident_links WHERE link_id = $link_id;
