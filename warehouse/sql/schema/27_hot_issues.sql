-- hot_issues (热点诉求): published by `python -m models hot`. Grain: one row per hot issue of the
-- last run's window [window_start, window_end): reports in one grid, within days of each other,
-- saying similar things (models/hot_issues.py: the grouping rule and the heat formula).
-- hot_issue_cases: its member cases, each with its text similarity to the group's medoid.
CREATE TABLE IF NOT EXISTS hot_issues (
    issue_id VARCHAR NOT NULL,
    grid_code VARCHAR NOT NULL,
    reports BIGINT NOT NULL,
    reporters BIGINT NOT NULL,
    channels BIGINT NOT NULL,
    growth DOUBLE NOT NULL,
    heat DOUBLE NOT NULL,
    first_at TIMESTAMP NOT NULL,
    last_at TIMESTAMP NOT NULL,
    text VARCHAR NOT NULL,
    category_code VARCHAR,
    window_start TIMESTAMP NOT NULL,
    window_end TIMESTAMP NOT NULL,
    snapshot_id BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS hot_issue_cases (
    issue_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    case_id VARCHAR NOT NULL,
    similarity DOUBLE NOT NULL,
    snapshot_id BIGINT NOT NULL
);
