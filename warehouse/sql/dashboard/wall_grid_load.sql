-- Cases per grid over the 7 days ending at $day (inclusive), from the grid × day mart.
SELECT g.grid_code, g.grid_name, coalesce(sum(m.cases), 0)::INTEGER AS cases
FROM grids AS g
LEFT JOIN grid_day_counts AS m ON m.grid_code = g.grid_code AND m.day > $day::DATE - 7 AND m.day <= $day::DATE
GROUP BY g.grid_code, g.grid_name
ORDER BY g.grid_code;
