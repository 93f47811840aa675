-- One table's row count and an order-free checksum of its rows ($table: catalog.table): the XOR of
-- every row's hash, equal on both sides of a copy exactly when the same rows are there (up to a
-- hash collision), whatever order either side stores them in.
SELECT count(*) AS n, coalesce(bit_xor(hash(t)), 0) AS checksum FROM query_table($table) AS t;
