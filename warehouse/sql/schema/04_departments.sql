-- departments (责任单位): published. Grain: one row per department_code.
CREATE TABLE IF NOT EXISTS departments (
    department_code VARCHAR PRIMARY KEY,
    department_name VARCHAR NOT NULL,
    level VARCHAR,
    kind VARCHAR,
    street_code VARCHAR,
    source VARCHAR,
    row_hash UBIGINT,
    run_id BIGINT
);
