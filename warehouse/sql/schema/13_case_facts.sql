-- case_facts: mart for the analyst explorer. Grain: one row per case (source, case_id), only
-- the columns the explorer's filters and aggregates read, every dimension as an integer id from
-- fact_codes and the status logic precomputed as flags. Why: grouping and filtering on small
-- integers is several times faster than on 15-character codes, and quantiles from counts of
-- tenth-hour buckets beat t-digest (bench/dashboard.py measures both).
-- Kept in step with cases on every load (marts/case_facts_delta) and rebuilt when grids change
-- (marts/case_facts_rebuild); rows are added in report-time order so zone maps skip periods.
-- Times are local wall-clock time; close_tenths is close_work_hours in tenths of a working hour.
CREATE TABLE IF NOT EXISTS fact_codes (
    dim VARCHAR NOT NULL,   -- grid, community, street, major, category, channel, department, status
    code VARCHAR NOT NULL,
    id INTEGER NOT NULL     -- never reused or renumbered, so stored facts stay valid
);
CREATE TABLE IF NOT EXISTS case_facts (
    source VARCHAR NOT NULL,
    case_id VARCHAR NOT NULL,
    reported_at TIMESTAMP NOT NULL,
    day DATE NOT NULL,
    week_hour SMALLINT NOT NULL,     -- (ISO day of week - 1) * 24 + hour of reported_at
    grid_id INTEGER,
    community_id INTEGER,
    street_id INTEGER,
    major_id INTEGER,
    category_id INTEGER,
    channel_id INTEGER,
    department_id INTEGER,
    status_id INTEGER,
    is_closed BOOLEAN NOT NULL,
    is_cancelled BOOLEAN NOT NULL,
    open_due_at TIMESTAMP,           -- due_at of a case open and not suspended: overdue once past
    closed_with_due BOOLEAN NOT NULL,
    closed_on_time BOOLEAN NOT NULL, -- closed, with a deadline, closed_at <= due_at
    close_tenths INTEGER,            -- round(close_work_hours * 10)
    -- The case's place in on-time accounting (DOMAIN.md §3-4), read through due_in_period():
    assessed_due_at TIMESTAMP,       -- due_at of a registered, not cancelled, not suspended case
    closed_at TIMESTAMP,
    disposed_at TIMESTAMP,
    reworked BOOLEAN NOT NULL,       -- rework_count > 0
    extended BOOLEAN NOT NULL,       -- extension_count > 0
    dispose_hours DOUBLE             -- dispose_work_hours, exact (assessment means and medians)
);
