-- The district's due, closed and closed-on-time totals of a period, stored with its coverage,
-- so the report's overview counts every due case (unlocated ones too) as the wall does.
ALTER TABLE assessment_coverage ADD COLUMN IF NOT EXISTS closed_cases BIGINT;
ALTER TABLE assessment_coverage ADD COLUMN IF NOT EXISTS closed_on_time BIGINT;
