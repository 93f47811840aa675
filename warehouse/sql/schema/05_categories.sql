-- categories: published. Grain: one row per (category_scheme, category_code).
-- The GB/T 47678.5 catalogue plus local categories seen in loaded sources; time limits are
-- in working hours or working days (time_limit_unit).
CREATE TABLE IF NOT EXISTS categories (
    category_scheme VARCHAR NOT NULL,
    category_code VARCHAR NOT NULL,
    kind VARCHAR,
    category_major VARCHAR,
    major_name VARCHAR,
    category_name VARCHAR,
    default_department VARCHAR,
    time_limit DOUBLE,
    time_limit_unit VARCHAR,
    high_frequency BOOLEAN,
    PRIMARY KEY (category_scheme, category_code)
);
