-- The district's name and code, from the grids.
SELECT any_value(district_name) AS district_name, any_value(district_code) AS district_code FROM grids;
