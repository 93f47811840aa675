-- Drop the grid_day_counts table of an older warehouse; schema/14 recreates it as a view.
DROP TABLE grid_day_counts;
