-- population (人): published. Grain: one row per (source, population_id = grid and month).
-- Counts only: a person-level register never reaches the warehouse. Special groups (重点人群,
-- GB/T 31000-2015) are counts per grid and month; who may see them is the permission
-- "special_groups" (dashboard/permissions.py).
CREATE TABLE IF NOT EXISTS population (
    population_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    month DATE NOT NULL,  -- the first day of the month counted
    registered INTEGER,  -- 户籍人口
    resident INTEGER,  -- 常住人口
    floating INTEGER,  -- 流动人口
    households INTEGER,  -- 户数
    sg_correction INTEGER,  -- 社区矫正人员
    sg_released INTEGER,  -- 刑满释放人员
    sg_mental INTEGER,  -- 严重精神障碍患者
    sg_drug INTEGER,  -- 吸毒人员
    sg_youth INTEGER,  -- 重点青少年
    sg_aids INTEGER,  -- 艾滋病危险人员
    grid_code VARCHAR,
    community_code VARCHAR,
    street_code VARCHAR,
    district_code VARCHAR,
    lon DOUBLE,
    lat DOUBLE,
    updated_at TIMESTAMP NOT NULL,
    location_quality VARCHAR NOT NULL,
    quality_flags VARCHAR,
    row_hash UBIGINT NOT NULL,
    run_id BIGINT NOT NULL
);
