-- The published hotspot forecast. Grain: one grid.
SELECT grid_code, expected, density_rank, in_top_5pct, recent_cases, previous_cases, gi_z,
       gi_label, space_time_class, method, model_version, valid_from, valid_to
FROM hotspot_forecast;
