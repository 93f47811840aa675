-- rejected: this run's quarantined rows (the registered arrow frame rejected_frame).
CREATE OR REPLACE TEMP TABLE rejected AS SELECT * FROM rejected_frame;
