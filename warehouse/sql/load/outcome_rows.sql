-- Each classified row's outcome (a person register's grid-month rows: weighted by their persons).
SELECT _seq, outcome FROM classified;
