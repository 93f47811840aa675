-- assessment_coverage: what the data covers of each scored period, stored with its scores. Grain:
-- one row per period (replaced with that period's scores). A period is complete when the data
-- reaches from before its first day to its last (the newest report at or after its end); otherwise
-- it is partial and every page, the report and the JSON say so. days_with_data counts days with
-- at least one report; the shares are over the cases due in the period (due_in_period).
CREATE TABLE IF NOT EXISTS assessment_coverage (
    period VARCHAR NOT NULL,
    complete BOOLEAN NOT NULL,
    days_in_period INTEGER NOT NULL,
    days_with_data INTEGER NOT NULL,
    first_report TIMESTAMP,
    last_report TIMESTAMP,
    due_cases BIGINT NOT NULL,
    closed_cases BIGINT,      -- of due_cases, by the rule of due_in_period: the district's own totals
    closed_on_time BIGINT,
    share_closed DOUBLE,
    share_disposal_recorded DOUBLE,
    snapshot_id BIGINT NOT NULL
);
