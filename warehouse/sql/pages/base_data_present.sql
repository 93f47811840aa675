-- Which grid base data the warehouse holds (the maps offer per-1,000-resident and patrol metrics
-- only where it does): cheap existence checks, no scan.
SELECT EXISTS (SELECT 1 FROM population WHERE resident IS NOT NULL) AS population,
       EXISTS (SELECT 1 FROM staff WHERE role = 'full_time_gridworker') AS staff;
